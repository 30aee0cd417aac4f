import { describe, expect, it } from "vitest";
import { createEngine, isPecanError, type LoadedDocument } from "../index.js";

const text = Array.from({ length: 200 }, (_, i) => `Entry ${i + 1} of the harbour log notes the tide at ${i * 3} minutes past.`).join(" ");
const log: LoadedDocument = { docId: "log" as LoadedDocument["docId"], title: "Log", text, source: "test" };

async function codeOf(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
  } catch (error) {
    return isPecanError(error) ? error.code : `raw ${String(error)}`;
  }
  return "no error";
}

describe("cancelling a question", () => {
  it("is E_ABORTED, a PecanError, not a raw AbortError: before the walk and in the middle of a stream", async () => {
    const engine = createEngine({ dbPath: ":memory:" });
    await engine.ingestDocuments([log]);
    const early = new AbortController();
    early.abort();
    expect(await codeOf(() => engine.ask("When was the tide at 30 minutes past?", { docIds: ["log"], signal: early.signal }))).toBe("E_ABORTED");

    const late = new AbortController();
    const run = async (): Promise<number> => {
      let steps = 0;
      for await (const event of engine.askStream("When was the tide?", { docIds: ["log"], fill: true, budget: 5000, signal: late.signal })) {
        if (event.type === "walk-step" && ++steps === 2) late.abort(new DOMException("stop", "AbortError"));
      }
      return steps;
    };
    expect(await codeOf(run)).toBe("E_ABORTED");
    await engine.close();
  });
});
