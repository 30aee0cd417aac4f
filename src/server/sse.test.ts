import { describe, expect, it } from "vitest";
import { asDocId, createEngine, StreamEvent } from "../index.js";
import { askEventStream, sseMessage } from "./sse.js";
import { handbookText, parseSse } from "../testing/server-fixtures.js";

describe("server-sent events", () => {
  it("writes one event line and one data line of JSON, newlines escaped", async () => {
    expect(sseMessage("answer-delta", { text: "two\nlines" })).toBe('event: answer-delta\ndata: {"text":"two\\nlines"}\n\n');
  });

  async function streamOf(question: string) {
    const engine = createEngine({ dbPath: ":memory:" });
    await engine.ingestDocuments([{ docId: asDocId("handbook"), title: "Handbook", text: handbookText(), source: "test" }]);
    const abort = new AbortController();
    const events = engine.askStream(question, { docIds: [asDocId("handbook")], signal: abort.signal })[Symbol.asyncIterator]();
    const first = await events.next();
    let ended = 0;
    const stream = askEventStream(events, first, abort, () => (ended += 1));
    return { engine, abort, stream, ended: () => ended };
  }

  it("streams every event of a question, ends once, and numbers the steps", async () => {
    const { engine, stream, ended } = await streamOf("Who is the principal keeper?");
    const text = await new Response(stream).text();
    // Every event fits the contract exactly: parsing drops no field.
    const events = parseSse(text).map((e) => {
      const parsed = StreamEvent.parse(e);
      expect(parsed).toEqual(e);
      return parsed;
    });
    expect(events.at(-1)!.event).toBe("done");
    const ns = events.flatMap((e) => (e.event === "walk-step" ? [e.data.n] : []));
    expect(ns).toEqual(ns.map((_, i) => i + 1));
    expect(ended()).toBe(1);
    await engine.close();
  });

  it("aborts the walk when the reader cancels, and ends once", async () => {
    const { engine, abort, stream, ended } = await streamOf("Who is the principal keeper?");
    const reader = stream.getReader();
    const { value } = await reader.read();
    expect(new TextDecoder().decode(value)).toMatch(/^event: walk-step\n/);
    await reader.cancel();
    expect(abort.signal.aborted).toBe(true);
    expect(ended()).toBe(1);
    await engine.close();
  });
});
