import { describe, expect, it } from "vitest";
import { ScriptedChatModel } from "../testing/scripted-chat-model.js";
import { toyDocument } from "../testing/toy-graph.js";
import { buildDocUnits } from "../retrieval/units.js";
import { cleanMarkers, createLlmReader, createMarkerFilter, saysNotFound } from "./llm-reader.js";
import { createExtractiveReader } from "./extractive-reader.js";

const doc = toyDocument({ planted: "The keeper was paid 412 crowns.", at: 2, paragraphs: 4 });
const units = buildDocUnits(doc, doc.nodes, doc.edges);
const items = units.units.filter((u) => u.level === 0).slice(0, 10).map((unit, i) => ({ unit, relevance: unit.text.includes("412") ? 1 : 0.1 * i, title: doc.title }));

describe("citation markers", () => {
  it("keeps markers that point to passages and drops the rest", () => {
    expect(cleanMarkers("Paid 412 crowns [2]. Also [9] and [1, 7].", 3)).toEqual({ text: "Paid 412 crowns [2]. Also and [1].", cited: [2, 1] });
    expect(cleanMarkers("Range [1-3]", 5).cited).toEqual([1, 2, 3]);
    expect(cleanMarkers("none [0] [x]", 2)).toEqual({ text: "none [x]", cited: [] });
  });

  it("cleans streamed text even when a marker is split across deltas", () => {
    const out: string[] = [];
    const filter = createMarkerFilter(2, (t) => out.push(t));
    for (const piece of ["Paid [", "1", "] and [", "9", "]. Done [2"]) filter.push(piece);
    filter.end();
    expect(out.join("")).toBe("Paid [1] and . Done [2");
  });
});

describe("LLM reader", () => {
  it("answers with citations only from what was read", async () => {
    const model = new ScriptedChatModel((request) => {
      const content = request.messages[1]!.content;
      const n = content.split("\n").find((l) => l.includes("412 crowns"))!.match(/^\[(\d+)\]/)![1];
      return `The keeper was paid 412 crowns [${n}] [42].`;
    });
    const out = await createLlmReader(model).read({ question: "How much was the keeper paid?", items });
    expect(out.answer).toMatch(/^The keeper was paid 412 crowns \[\d+\]\.$/);
    expect(out.citations).toHaveLength(1);
    const c = out.citations[0]!;
    expect(doc.text.slice(c.start, c.end)).toBe(c.text);
    expect(c.text).toContain("412 crowns");
  });

  it("streams deltas and returns the same cleaned answer", async () => {
    const model = new ScriptedChatModel(["It was 412 crowns [1] [99]."]);
    const deltas: string[] = [];
    const out = await createLlmReader(model).read({ question: "q", items, onDelta: (t) => deltas.push(t) });
    expect(deltas.join("").replace(/\s+/g, " ")).toContain("[1]");
    expect(deltas.join("")).not.toContain("[99]");
    expect(out.citations.map((c) => c.text)).toEqual([expect.any(String)]);
  });

  it("survives garbage output with no citations", async () => {
    const model = new ScriptedChatModel(["]]]][[[ \u0007 [-1] [abc"]);
    const out = await createLlmReader(model).read({ question: "q", items });
    expect(out.citations).toEqual([]);
  });
});

describe("extractive reader", () => {
  it("quotes the most relevant read sentence verbatim and cites it", async () => {
    const out = await createExtractiveReader().read({ question: "keeper paid", items });
    expect(out.answer).toBe("The keeper was paid 412 crowns.");
    const c = out.citations[0]!;
    expect(doc.text.slice(c.start, c.end)).toBe(out.answer);
  });

  it("answers nothing when nothing was read", async () => {
    const out = await createExtractiveReader().read({ question: "q", items: [] });
    expect(out).toMatchObject({ answer: "", citations: [], found: false });
  });
});

describe("LLM reader saying the answer is not there", () => {
  it("maps 'the passages do not contain' to found: false, and a plain answer to no verdict", async () => {
    const none = await createLlmReader(new ScriptedChatModel(["The passages do not contain the answer to this question."])).read({ question: "Who won?", items });
    expect(none.found).toBe(false);
    const some = await createLlmReader(new ScriptedChatModel(["The keeper was paid 412 crowns [1]."])).read({ question: "How much?", items });
    expect(some.found).toBeUndefined();
  });

  it("recognises the usual phrasings and not answers that merely contain 'not'", () => {
    expect(saysNotFound("The provided passages don't mention who won.")).toBe(true);
    expect(saysNotFound("There is no information in the documents about it.")).toBe(true);
    expect(saysNotFound("The keeper did not contain his anger [1].")).toBe(false);
    expect(saysNotFound("Paris is the capital.")).toBe(false);
  });
});
