import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { asDocId, createEngine, type AskEvent, type LoadedDocument } from "../index.js";
import { ScriptedChatModel } from "../testing/scripted-chat-model.js";

const sentences = (topic: string, n: number): string =>
  Array.from({ length: n }, (_, i) => `Paragraph ${i + 1} about ${topic} records routine observations number ${i * 7 + 3}.`).join(" ");

function doc(id: string, text: string): LoadedDocument {
  return { docId: asDocId(id), title: id.toUpperCase(), text, source: "test" };
}

const harbour = doc(
  "harbour",
  `${sentences("the harbour", 40)}\n\nThe harbour master Ada Morrow approved a budget of 412 crowns for dredging the north channel.\n\n${sentences("the harbour", 40)}`,
);
const orchard = doc("orchard", `${sentences("apple orchards", 60)}\n\nThe orchard yielded 9,300 kilograms of pears in the dry season.\n\n${sentences("apple orchards", 30)}`);
const railway = doc("railway", `${sentences("the railway", 50)}\n\nThe railway bridge over the gorge was finished in 1887 by the Halvorsen company.\n\n${sentences("the railway", 50)}`);

async function engineWith(docs: LoadedDocument[], options: Parameters<typeof createEngine>[0] = {}) {
  const engine = createEngine({ dbPath: ":memory:", ...options });
  await engine.ingestDocuments(docs);
  return engine;
}

describe("engine", () => {
  it("answers with verbatim citations from what was read, within the budget", async () => {
    const engine = await engineWith([harbour, orchard, railway]);
    const result = await engine.ask("How much did the harbour master approve for dredging?", { docIds: [harbour.docId], budget: 300 });
    expect(result.answer).toContain("412 crowns");
    expect(result.cost.tokensRead).toBeLessThanOrEqual(300);
    expect(result.citations.length).toBeGreaterThan(0);
    const read = new Set(result.context.flatMap((c) => c.spans.map((s) => `${s.start}:${s.end}`)));
    for (const c of result.citations) {
      expect(harbour.text.slice(c.start, c.end)).toBe(c.text);
      expect(read.has(`${c.start}:${c.end}`)).toBe(true);
    }
    for (const item of result.context) for (const s of item.spans) expect(harbour.text.slice(s.start, s.end).length).toBe(s.end - s.start);
    expect(["sufficient", "budget", "max-steps", "exhausted"]).toContain(result.trace.stop);
    expect(result.trace.steps.reduce((n, s) => n + s.tokens, 0)).toBe(result.cost.tokensRead);
    await engine.close();
  });

  it("picks the right document of a collection without --doc", async () => {
    const engine = await engineWith([harbour, orchard, railway]);
    const result = await engine.ask("When was the railway bridge over the gorge finished?", { budget: 400 });
    expect(result.trace.documents[0]).toBe("railway");
    expect(result.answer).toContain("1887");
    expect(result.citations.every((c) => c.docId === "railway")).toBe(true);
    await engine.close();
  });

  it("never exceeds the budget; citations always lie inside the document and come from what was read", async () => {
    const engine = await engineWith([harbour, orchard, railway]);
    const texts = new Map([harbour, orchard, railway].map((d) => [d.docId as string, d.text]));
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 2500 }),
        fc.constantFrom("dredging budget", "pears dry season", "bridge gorge 1887", "routine observations", "nothing matches xyzzy"),
        fc.boolean(),
        fc.option(fc.constantFrom("harbour", "orchard", "railway"), { nil: undefined }),
        async (budget, question, fill, only) => {
          const r = await engine.ask(question, { budget, fill, ...(only ? { docIds: [asDocId(only)] } : {}) });
          expect(r.cost.tokensRead).toBeLessThanOrEqual(budget);
          const read = new Set(r.context.flatMap((c) => c.spans.map((s) => `${c.docId}@${s.start}:${s.end}`)));
          for (const c of r.citations) {
            const text = texts.get(c.docId)!;
            expect(c.start).toBeGreaterThanOrEqual(0);
            expect(c.end).toBeLessThanOrEqual(text.length);
            expect(text.slice(c.start, c.end)).toBe(c.text);
            expect(read.has(`${c.docId}@${c.start}:${c.end}`)).toBe(true);
          }
          const again = await engine.ask(question, { budget, fill, ...(only ? { docIds: [asDocId(only)] } : {}) });
          expect(again.trace.steps).toEqual(r.trace.steps);
        },
      ),
      { numRuns: 40 },
    );
    await engine.close();
  });

  it("streams walk steps, then the answer, then the same result", async () => {
    const engine = await engineWith([harbour]);
    const events: AskEvent[] = [];
    for await (const e of engine.askStream("dredging budget of the harbour master", { budget: 300 })) events.push(e);
    const kinds = events.map((e) => e.type);
    expect(kinds[0]).toBe("walk-step");
    expect(kinds.at(-1)).toBe("done");
    expect(kinds.indexOf("answer-delta")).toBeGreaterThan(kinds.lastIndexOf("walk-step"));
    const done = events.at(-1) as Extract<AskEvent, { type: "done" }>;
    expect(events.filter((e) => e.type === "walk-step")).toHaveLength(done.result.trace.steps.length);
    const streamed = events.flatMap((e) => (e.type === "answer-delta" ? [e.text] : [])).join("");
    expect(streamed).toBe(done.result.answer);
    await engine.close();
  });

  it("re-ingesting identical content is a no-op unless forced; remove deletes", async () => {
    const engine = await engineWith([harbour]);
    expect((await engine.ingestDocuments([harbour])).documents[0]!.skipped).toBe("unchanged");
    expect((await engine.ingestDocuments([harbour], { force: true })).documents[0]!.skipped).toBeUndefined();
    await engine.remove(harbour.docId);
    expect(await (await engine.list())).toEqual([]);
    await expect(engine.remove(harbour.docId)).rejects.toMatchObject({ code: "E_NOT_FOUND" });
    await expect(engine.ask("x", { docIds: [harbour.docId] })).rejects.toMatchObject({ code: "E_NOT_FOUND" });
    await engine.close();
  });

  it("refuses a document id that breaks the id rule from any caller, storing nothing", async () => {
    const engine = await engineWith([harbour]);
    for (const id of ["../../etc/passwd", "a\u0000b", "<img src=x>", ""]) {
      const doc: LoadedDocument = { ...harbour, docId: asDocId(id), text: `${harbour.text} ${id}` };
      await expect(engine.ingestDocuments([doc])).rejects.toMatchObject({ code: "E_INPUT_MALFORMED" });
    }
    expect((await engine.list()).map((d) => d.docId)).toEqual([harbour.docId]);
    await engine.close();
  });

  it("rejects an empty question and bad caps with usage errors", async () => {
    const engine = await engineWith([harbour]);
    await expect(engine.ask("   ")).rejects.toMatchObject({ code: "E_BAD_FLAG" });
    await expect(engine.ask("q", { budget: 0 })).rejects.toMatchObject({ code: "E_BAD_FLAG" });
    await engine.close();
  });
});

describe("engine, LLM tier", () => {
  const script = (request: { messages: readonly { content: string }[] }) => {
    const prompt = request.messages.map((m) => m.content).join("\n");
    if (prompt.includes("Answer Yes or No")) return prompt.includes("412 crowns") ? "Yes" : "No";
    const line = prompt.split("\n").find((l) => l.includes("412 crowns"));
    const n = line?.match(/^\[(\d+)\]/)?.[1];
    return n ? `Ada Morrow approved 412 crowns [${n}] [77].` : "The passages do not say.";
  };

  it("judges and answers with the model, counting every call", async () => {
    const engine = await engineWith([harbour]);
    const chat = new ScriptedChatModel(script);
    const llm = createEngine({ store: engine.store, chat });
    const result = await llm.ask("How much did the harbour master approve?", { docIds: [harbour.docId], budget: 600 });
    expect(result.trace.stop).toBe("sufficient");
    expect(result.trace.judge).toBe("llm:scripted");
    expect(result.answer).toMatch(/412 crowns \[\d+\]\.$/);
    expect(result.citations).toHaveLength(1);
    expect(harbour.text.slice(result.citations[0]!.start, result.citations[0]!.end)).toContain("412 crowns");
    expect(result.cost.llmCalls).toBe(chat.calls.length);
    // Every call but the reader's was the judge's.
    expect(result.trace.judgeCalls).toBe(chat.calls.length - 1);
    expect(result.cost.llmTokensIn).toBeGreaterThan(0);
    await engine.close();
  });

  it("asks the LLM judge on the schedule it is given", async () => {
    const engine = await engineWith([harbour]);
    const chat = new ScriptedChatModel(() => "No");
    const everyStep = createEngine({ store: engine.store, chat, llmJudge: { first: 0, growth: 1 } });
    const result = await everyStep.ask("How much did the harbour master approve?", { docIds: [harbour.docId], budget: 600 });
    expect(result.trace.judgeCalls).toBe(result.cost.steps);
    const scheduled = createEngine({ store: engine.store, chat });
    const fewer = await scheduled.ask("How much did the harbour master approve?", { docIds: [harbour.docId], budget: 600 });
    expect(fewer.cost.steps).toBe(result.cost.steps);
    expect(fewer.trace.judgeCalls).toBeLessThan(result.trace.judgeCalls);
    await engine.close();
  });

  it("never lets the model's calls pass the per-question token cap, and answers extractively once it is spent", async () => {
    const engine = await engineWith([harbour]);
    const chat = new ScriptedChatModel(() => "No");
    const llm = createEngine({ store: engine.store, chat, limits: { maxTokensPerQuestion: 400 } });
    const result = await llm.ask("How much did the harbour master approve?", { docIds: [harbour.docId], budget: 2000 });
    expect(result.trace.stop).toBe("budget");
    expect(result.trace.judge).toBe("llm:scripted");
    expect(result.trace.reader).toMatch(/^extractive.*token budget spent/);
    expect(result.answer).toContain("412 crowns");
    expect(result.citations.length).toBeGreaterThan(0);
    expect(result.cost.llmCalls).toBe(chat.calls.length);
    expect(result.cost.tokensRead).toBeLessThan(2000);
    const spent = chat.calls.reduce((n, c) => n + c.messages.reduce((m, x) => m + chat.countTokens(x.content), 0), 0);
    expect(spent).toBeLessThanOrEqual(400);
    await engine.close();
  });
});
