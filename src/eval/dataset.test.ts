import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { asDocId } from "../index.js";
import { listDatasets, loadDataset, spreadQuestions } from "./dataset.js";

let dir: string;

function writeSet(name: string, docs: readonly unknown[], questions: readonly unknown[]): void {
  mkdirSync(join(dir, name), { recursive: true });
  writeFileSync(join(dir, name, "documents.jsonl"), docs.map((d) => JSON.stringify(d)).join("\n") + "\n");
  writeFileSync(join(dir, name, "questions.jsonl"), questions.map((q) => (typeof q === "string" ? q : JSON.stringify(q))).join("\n") + "\n");
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "pecan-dataset-"));
  writeSet(
    "paged",
    [
      { doc_id: "d1", title: "One", text: "Cafe\u0301 page one.\r\nStill one.\fPage two here.", page_offsets: [0, 28] },
      { doc_id: "d2", title: "Two", text: "Other text." },
    ],
    [
      { id: "q1", doc_id: "d1", question: "What is on page two?", answers: ["Page two"], evidence: ["Page two here."] },
      { id: "q2", doc_id: "d1", question: "What else?", answers: [], evidence: [], options: ["a", "b", "c", "d"], gold_option: 2 },
    ],
  );
  writeSet("broken", [{ doc_id: "d1", title: "", text: "x" }], ['{"id": "q1", "doc_id": "d1"}']);
  writeSet("orphan", [{ doc_id: "d1", title: "", text: "x" }], [{ id: "q1", doc_id: "zz", question: "?", answers: [], evidence: [] }]);
  writeSet("garbage", [{ doc_id: "d1", title: "", text: "x" }], ["{not json"]);
  mkdirSync(join(dir, "empty-folder"));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("loadDataset", () => {
  it("reads rows, normalises texts and keeps page offsets true", async () => {
    const set = await loadDataset(dir, "paged");
    expect(set.questions.map((q) => q.id)).toEqual(["q1", "q2"]);
    expect(set.documents.map((d) => d.docId)).toEqual(["d1"]);
    expect(set.totalDocuments).toBe(2);
    const doc = set.documents[0]!;
    expect(doc.text).toBe("Café page one.\nStill one.\nPage two here.");
    expect(doc.pageStarts).toEqual([0, 26]);
    expect(doc.text.slice(doc.pageStarts![1]!)).toBe("Page two here.");
    expect(set.questions[1]!.goldOption).toBe(2);
    const all = await loadDataset(dir, "paged", { allDocuments: true });
    expect(all.documents).toHaveLength(2);
  });

  it("fails with stable codes on bad rows, missing documents and missing files", async () => {
    await expect(loadDataset(dir, "broken")).rejects.toMatchObject({ code: "E_INPUT_MALFORMED" });
    await expect(loadDataset(dir, "garbage")).rejects.toMatchObject({ code: "E_INPUT_MALFORMED" });
    await expect(loadDataset(dir, "orphan")).rejects.toMatchObject({ code: "E_INPUT_MALFORMED" });
    await expect(loadDataset(dir, "empty-folder")).rejects.toMatchObject({ code: "E_FILE_UNREADABLE" });
  });

  it("lists the folders that hold a set", () => {
    expect(listDatasets(dir)).toEqual(["broken", "garbage", "orphan", "paged"]);
    expect(() => listDatasets(join(dir, "nope"))).toThrow(expect.objectContaining({ code: "E_FILE_UNREADABLE" }));
  });
});

describe("spreadQuestions", () => {
  it("takes one question per document in turn, in file order", () => {
    const qs = ["a1", "a2", "a3", "b1", "c1", "c2"].map((id) => ({ id, docId: asDocId(id[0]!) }));
    expect(spreadQuestions(qs, 4).map((q) => q.id)).toEqual(["a1", "a2", "b1", "c1"]);
    expect(spreadQuestions(qs, undefined)).toHaveLength(6);
    expect(spreadQuestions(qs, 10)).toHaveLength(6);
  });
});
