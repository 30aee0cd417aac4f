import { afterEach, describe, expect, it } from "vitest";
import { createEngine, type ChatModel, type ChatRequest, type Engine } from "../index.js";
import { startServer, type RunningServer } from "./start.js";
import { handbookText, parseSse } from "../testing/server-fixtures.js";

/** A model of the outside world that takes `ms` per call, honours aborts, and always says "No". */
function slowModel(ms: number): ChatModel & { calls: ChatRequest[]; aborted: number } {
  const model = {
    specVersion: 1 as const,
    id: "slow",
    calls: [] as ChatRequest[],
    aborted: 0,
    countTokens: (text: string) => Math.ceil(text.length / 4),
    chat(request: ChatRequest) {
      model.calls.push(request);
      return new Promise<{ text: string; finishReason: "stop"; usage: { inputTokens: number; outputTokens: number } }>((resolve, reject) => {
        const timer = setTimeout(() => resolve({ text: "No", finishReason: "stop", usage: { inputTokens: 10, outputTokens: 1 } }), ms);
        request.signal?.addEventListener("abort", () => {
          clearTimeout(timer);
          model.aborted += 1;
          reject(request.signal!.reason as Error);
        });
      });
    },
    async *stream(request: ChatRequest) {
      const response = await model.chat(request);
      yield { type: "text-delta" as const, text: response.text };
      yield { type: "finish" as const, finishReason: "stop" as const, usage: response.usage };
    },
  };
  return model;
}

async function waitFor(check: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe("the server on a real socket", () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function serve(engine: Engine, token?: string): Promise<RunningServer> {
    const server = await startServer({ engine, port: 0, ...(token ? { token } : {}), log: () => undefined });
    cleanups.push(() => server.close(), () => engine.close());
    return server;
  }

  it("binds 127.0.0.1 by default, uploads, lists and streams an answer", async () => {
    const server = await serve(createEngine({ dbPath: ":memory:" }));
    expect(server.host).toBe("127.0.0.1");
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/`);
    const form = new FormData();
    form.append("file", new Blob([handbookText()]), "handbook.md");
    const up = await fetch(new URL("documents", server.url), { method: "POST", body: form });
    expect(up.status).toBe(201);
    const list = (await (await fetch(new URL("documents", server.url))).json()) as { docId: string }[];
    expect(list.map((d) => d.docId)).toEqual(["handbook"]);

    const res = await fetch(new URL("ask/stream", server.url), {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ question: "Who is the principal keeper?" }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const events = parseSse(await res.text());
    expect(events[0]!.event).toBe("walk-step");
    expect(events.at(-1)!.event).toBe("done");
    expect((events.at(-1)!.data as { answer: string }).answer).toContain("Margaret Quill");
    const page = await fetch(server.url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("<title>Pecan</title>");
  });

  it("refuses a wrong token over the socket too", async () => {
    const server = await serve(createEngine({ dbPath: ":memory:" }), "s3cret");
    expect((await fetch(server.url)).status).toBe(401);
    expect((await fetch(new URL("documents", server.url), { headers: { Authorization: "Bearer nope" } })).status).toBe(401);
    expect((await fetch(new URL("documents", server.url), { headers: { Authorization: "Bearer s3cret" } })).status).toBe(200);
  });

  it("aborts the walk when the client disconnects mid-stream", async () => {
    const model = slowModel(40);
    const engine = createEngine({ dbPath: ":memory:", chat: model, summarizer: "lexrank", weigher: "alignment" });
    const signals: AbortSignal[] = [];
    const recording: Engine = {
      ...engine,
      askStream(question, options) {
        if (options?.signal) signals.push(options.signal);
        return engine.askStream(question, options);
      },
    };
    const server = await serve(recording);
    const put = await fetch(new URL("documents", server.url), {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ text: handbookText(), docId: "handbook" }),
    });
    expect(put.status).toBe(201);

    const client = new AbortController();
    const res = await fetch(new URL("ask/stream", server.url), {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ question: "What colour is the band on the tower?", budget: 5000, maxSteps: 200 }),
      signal: client.signal,
    });
    expect(res.status).toBe(200);
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let seen = "";
    while (!seen.includes("event: walk-step")) {
      const { value, done } = await reader.read();
      if (done) throw new Error("the stream ended before the first step");
      seen += value;
    }
    await waitFor(() => model.calls.length > 0);
    expect(signals).toHaveLength(1);
    expect(signals[0]!.aborted).toBe(false);
    client.abort();
    await waitFor(() => signals[0]!.aborted);
    await waitFor(() => model.aborted > 0);
    const calls = model.calls.length;
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(model.calls.length).toBe(calls);
    expect(seen).not.toContain("event: done");
    // The server keeps answering.
    expect((await fetch(new URL("health", server.url))).status).toBe(200);
  });

  it("closes cleanly while a stream is open", async () => {
    const model = slowModel(1000);
    const engine = createEngine({ dbPath: ":memory:", chat: model, summarizer: "lexrank", weigher: "alignment" });
    const server = await startServer({ engine, port: 0, log: () => undefined });
    await fetch(new URL("documents", server.url), {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ text: handbookText(), docId: "handbook" }),
    });
    const res = await fetch(new URL("ask/stream", server.url), {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ question: "How often is the lens cleaned?" }),
    });
    expect(res.status).toBe(200);
    const started = Date.now();
    await server.close();
    expect(Date.now() - started).toBeLessThan(900);
    await expect(res.text()).rejects.toThrow();
    await waitFor(() => model.aborted > 0);
    await engine.close();
  });

  it("refuses a port that is taken with E_BAD_FLAG", async () => {
    const first = await serve(createEngine({ dbPath: ":memory:" }));
    const engine = createEngine({ dbPath: ":memory:" });
    cleanups.push(() => engine.close());
    await expect(startServer({ engine, port: first.port })).rejects.toMatchObject({ code: "E_BAD_FLAG" });
  });
});
