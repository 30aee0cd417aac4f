import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseSse, type SseEvent } from "./sse.js";

async function parseChunks(chunks: readonly string[]): Promise<SseEvent[]> {
  const encoder = new TextEncoder();
  async function* source() {
    for (const c of chunks) yield encoder.encode(c);
  }
  const out: SseEvent[] = [];
  for await (const e of parseSse(source())) out.push(e);
  return out;
}

describe("parseSse", () => {
  it("reads data lines, joins multi-line data, skips comments and names events", async () => {
    const events = await parseChunks([": comment\n", "data: one\n\n", "event: error\ndata: a\ndata: b\n\n", "data:no-space\n\n"]);
    expect(events).toEqual([
      { event: "message", data: "one" },
      { event: "error", data: "a\nb" },
      { event: "message", data: "no-space" },
    ]);
  });

  it("accepts CRLF and CR line ends, also split across chunks", async () => {
    expect(await parseChunks(["data: x\r", "\n\r", "\ndata: y\r\r"])).toEqual([
      { event: "message", data: "x" },
      { event: "message", data: "y" },
    ]);
  });

  it("drops an event still open at the end of the stream", async () => {
    expect(await parseChunks(["data: done\n\ndata: cut"])).toEqual([{ event: "message", data: "done" }]);
  });

  it("decodes UTF-8 split inside a character", async () => {
    const bytes = new TextEncoder().encode("data: café ☕\n\n");
    async function* source() {
      for (const b of bytes) yield new Uint8Array([b]);
    }
    const out: SseEvent[] = [];
    for await (const e of parseSse(source())) out.push(e);
    expect(out).toEqual([{ event: "message", data: "café ☕" }]);
  });

  it("gives the same events however the stream is chunked", async () => {
    const text = "data: {\"a\":1}\r\n\r\n: ping\n\nevent: x\ndata: 2\ndata: 3\r\rdata: [DONE]\n\n";
    const whole = await parseChunks([text]);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 1, max: text.length - 1 }), { maxLength: 8 }), async (cuts) => {
        const points = [...new Set(cuts)].sort((a, b) => a - b);
        const chunks: string[] = [];
        let last = 0;
        for (const p of points) {
          chunks.push(text.slice(last, p));
          last = p;
        }
        chunks.push(text.slice(last));
        expect(await parseChunks(chunks)).toEqual(whole);
      }),
    );
    expect(whole.map((e) => e.data)).toEqual(['{"a":1}', "2\n3", "[DONE]"]);
  });
});
