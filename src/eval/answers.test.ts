import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { writeToyDataset } from "../testing/toy-data.js";
import { bestBm25Sentence, runAnswers } from "./answers.js";
import { answerTable, auroc, summarizeAnswers } from "./answer-summary.js";

const dir = mkdtempSync(join(tmpdir(), "pecan-answers-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("answer metrics", () => {
  it("AUROC: 1 when positives all score above negatives, 0.5 on ties, 0 reversed", () => {
    expect(auroc([0.9, 0.8], [0.1, 0.2])).toBe(1);
    expect(auroc([0.5], [0.5])).toBe(0.5);
    expect(auroc([0.1], [0.9, 0.8])).toBe(0);
    expect(auroc([], [1])).toBeNaN();
  });

  it("the baseline is the document's best BM25 sentence", () => {
    expect(bestBm25Sentence("Cats purr. The Karvik lighthouse was built in 1867. Dogs bark.", "When was the Karvik lighthouse built?")).toBe("The Karvik lighthouse was built in 1867.");
  });

  it("asks short-answer questions of their own and of another document, and summarises hit, baseline and abstention", async () => {
    const { dataDir, name } = writeToyDataset(join(dir, "data"));
    const records = await runAnswers({ dataDir, datasets: [name] });
    const own = records.filter((r) => r.asked === "own");
    // q5 is yes/no (not a short answer); the other four are asked of both documents.
    expect(own.map((r) => r.id).sort()).toEqual(["q1", "q2", "q3", "q4"]);
    expect(records.filter((r) => r.asked === "other-document")).toHaveLength(4);
    const q1 = own.find((r) => r.id === "q1")!;
    expect(q1.answer).toBe("Selma Brandt");
    expect(q1.hit).toBe(true);
    expect(q1.read).toBe(true);
    const [toy, all] = summarizeAnswers(records);
    expect(toy!.set).toBe("toy");
    expect(all!.set).toBe("all");
    expect(toy!.hit).toBeGreaterThanOrEqual(0.5);
    expect(toy!.wrongAbstain).toBeGreaterThanOrEqual(0.5);
    expect(answerTable([toy!])).toContain("| toy | 4 |");
  });
});
