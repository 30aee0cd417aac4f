import { describe, expect, it } from "vitest";
import { createMemoryStore } from "../store/memory/index.js";
import { toyDocument } from "../testing/toy-graph.js";
import { scoreDocuments, selectDocuments } from "./coarse.js";

async function storeOf(docs: { id: string; title: string; planted?: string }[]) {
  const store = createMemoryStore();
  for (const d of docs) {
    const doc = toyDocument({ id: d.id, ...(d.planted ? { planted: d.planted } : {}) });
    await store.putDocument(
      { docId: doc.docId, title: d.title, text: doc.text, source: "test", hash: d.id, tokens: 100, chars: doc.text.length, createdAt: "2026-01-01T00:00:00Z" },
      { nodes: doc.nodes, edges: doc.edges },
    );
  }
  return store;
}

describe("coarse stage", () => {
  it("opens the document whose passages match the question", async () => {
    const store = await storeOf([
      { id: "a", title: "Minutes A" },
      { id: "b", title: "Minutes B", planted: "The quarry at Lindholm shipped granite to the cathedral builders." },
      { id: "c", title: "Minutes C" },
    ]);
    const picked = await selectDocuments(store, "Where did the Lindholm quarry ship granite?");
    expect(picked[0]?.docId).toBe("b");
  });

  it("breaks a tie between look-alike documents with the title the question names", async () => {
    const store = await storeOf([
      { id: "adobe-2017", title: "ADOBE_2017_10K" },
      { id: "nike-2018", title: "NIKE_2018_10K" },
    ]);
    const scores = await scoreDocuments(store, "What were the harbour committee's plans at Nike in 2018?");
    expect(scores[0]?.docId).toBe("nike-2018");
    expect((await scoreDocuments(store, "What were the harbour committee's plans at Nike in 2018?", { title: 0 }))[0]?.score).toBeCloseTo(scores[1]!.score);
  });

  it("returns nothing for an empty store", async () => {
    expect(await selectDocuments(createMemoryStore(), "anything")).toEqual([]);
  });

  it("with a view budget, opens documents best first while their tokens fit, the best one always", async () => {
    const docs = ["a", "b", "c", "d"].map((id) => ({ id, title: `Minutes ${id}`, planted: "The quarry at Lindholm shipped granite." }));
    const store = await storeOf(docs); // 100 tokens each, all alike
    const all = await selectDocuments(store, "Where did the Lindholm quarry ship granite?");
    expect(all).toHaveLength(4);
    const within = await selectDocuments(store, "Where did the Lindholm quarry ship granite?", { viewTokens: 250 });
    expect(within.map((d) => d.docId)).toEqual(all.slice(0, 2).map((d) => d.docId));
    const tiny = await selectDocuments(store, "Where did the Lindholm quarry ship granite?", { viewTokens: 1 });
    expect(tiny.map((d) => d.docId)).toEqual([all[0]?.docId]);
  });
});
