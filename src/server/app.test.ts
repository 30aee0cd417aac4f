import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PDFDocument, StandardFonts } from "pdf-lib";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createEngine, ProviderError, AskResultJson, DocumentJson, DocumentListJson, ErrorJson, IngestJson, InspectJson, StreamEvent, type ChatModel, type Engine } from "../index.js";
import { createApp } from "./app.js";
import { handbookText, parseSse } from "../testing/server-fixtures.js";
import type { Hono } from "hono";
import { maxOf } from "../core/arrays.js";

const post = (body: unknown): RequestInit => ({
  method: "POST",
  headers: { "Content-Type": "application/json" },
  body: JSON.stringify(body),
});

function upload(files: { name: string; content: string | Uint8Array }[], fields: Record<string, string> = {}): RequestInit {
  const form = new FormData();
  for (const f of files) form.append("file", new Blob([f.content]), f.name);
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  return { method: "POST", body: form };
}

async function expectError(response: Response, status: number, code: string): Promise<void> {
  expect(response.status).toBe(status);
  const body = ErrorJson.parse(await response.json());
  expect(body.error.code).toBe(code);
  expect(typeof body.error.message).toBe("string");
}

describe("the HTTP API", () => {
  let engine: Engine;
  let app: Hono;

  beforeEach(() => {
    engine = createEngine({ dbPath: ":memory:" });
    app = createApp(engine, { maxUploadBytes: 64 * 1024, maxJsonBytes: 4096, log: () => undefined });
  });
  afterEach(() => engine.close());

  async function addHandbook(): Promise<string> {
    const res = await app.request("/documents", post({ text: handbookText(), title: "Lighthouse handbook", docId: "handbook" }));
    expect(res.status).toBe(201);
    return "handbook";
  }

  it("ingests pasted text, and answers 200 with `skipped` when it is unchanged", async () => {
    const res = await app.request("/documents", post({ text: handbookText(), title: "Lighthouse handbook" }));
    expect(res.status).toBe(201);
    const body = IngestJson.parse(await res.json());
    expect(body.documents).toHaveLength(1);
    const doc = body.documents[0]!;
    expect(doc.docId).toBe("lighthouse-handbook");
    expect(doc.title).toBe("Lighthouse handbook");
    expect(doc.nodes).toBeGreaterThan(3);
    expect(doc.edges).toBeGreaterThan(0);
    expect(body.cost.llmCalls).toBe(0);

    const again = await app.request("/documents", post({ text: handbookText(), title: "Lighthouse handbook" }));
    expect(again.status).toBe(200);
    expect(IngestJson.parse(await again.json()).documents[0]!.skipped).toBe("unchanged");
  });

  it("names pasted text without a title after its content, titled by its first line", async () => {
    const res = await app.request("/documents", post({ text: "Tide tables\n\nHigh water at Gannet Rock is at 06:40 on Monday." }));
    expect(res.status).toBe(201);
    const doc = IngestJson.parse(await res.json()).documents[0]!;
    expect(doc.docId).toMatch(/^pasted-[0-9a-f]{10}$/);
    expect(doc.title).toBe("Tide tables");
  });

  it("ingests multipart uploads of .txt, .md and .html, with a docId and title for a single file", async () => {
    const many = await app.request(
      "/documents",
      upload([
        { name: "Handbook.md", content: handbookText(5) },
        { name: "notes.txt", content: "The keepers' cat is called Biscuit. She sleeps by the stove." },
      ]),
    );
    expect(many.status).toBe(201);
    expect(IngestJson.parse(await many.json()).documents.map((d) => d.docId)).toEqual(["handbook", "notes"]);

    const html = "<html><head><title>Rota</title></head><body><h1>Rota</h1><p>Margaret Quill keeps the first watch on Sundays.</p></body></html>";
    const one = await app.request("/documents", upload([{ name: "rota.html", content: html }], { docId: "rota-2024", title: "Watch rota" }));
    expect(one.status).toBe(201);
    const doc = IngestJson.parse(await one.json()).documents[0]!;
    expect(doc).toMatchObject({ docId: "rota-2024", title: "Watch rota" });

    const list = DocumentListJson.parse(await (await app.request("/documents")).json());
    expect(list.map((d) => d.docId).sort()).toEqual(["handbook", "notes", "rota-2024"]);
    expect(list.every((d) => d.nodes >= 1 && d.levels >= 1)).toBe(true);
  });

  it("ingests a PDF upload, and cites it with page numbers", async () => {
    const pdf = await PDFDocument.create();
    pdf.setTitle("Keeper's log");
    const font = await pdf.embedFont(StandardFonts.Helvetica);
    const pages = [
      ["Monday: calm seas, light wind from the west.", "The supply boat Heron came at noon."],
      ["Tuesday: fog from dawn until ten.", "The fog horn sounded for four hours."],
    ];
    for (const lines of pages) {
      const page = pdf.addPage([400, 300]);
      lines.forEach((line, i) => page.drawText(line, { x: 30, y: 250 - i * 16, size: 12, font }));
    }
    const res = await app.request("/documents", upload([{ name: "log.pdf", content: await pdf.save() }]));
    expect(res.status).toBe(201);
    expect(IngestJson.parse(await res.json()).documents[0]).toMatchObject({ docId: "log", title: "Keeper's log" });
    const doc = DocumentJson.parse(await (await app.request("/documents/log")).json());
    expect(doc.pageStarts).toHaveLength(2);
    const answer = AskResultJson.parse(await (await app.request("/ask", post({ question: "How long did the fog horn sound?", docIds: ["log"] }))).json());
    const cited = answer.citations.find((c) => c.text.includes("four hours"));
    expect(cited).toBeDefined();
    expect((cited as { page?: number }).page).toBe(2);
  });

  it("returns a document with its normalised text, and its graph in the inspect shape", async () => {
    const id = await addHandbook();
    const res = await app.request(`/documents/${id}`);
    expect(res.status).toBe(200);
    const doc = DocumentJson.parse(await res.json());
    expect(doc.docId).toBe(id);
    expect(doc.levels).toBeGreaterThanOrEqual(2);
    expect(doc.title).toBe("Lighthouse handbook");
    expect(doc.text).toContain("every fourteen days");
    expect(doc.chars).toBe(doc.text.length);

    const graphRes = await app.request(`/documents/${id}/graph`);
    expect(graphRes.status).toBe(200);
    const graph = InspectJson.parse(await graphRes.json());
    expect(graph.document).toEqual({ docId: id, title: "Lighthouse handbook", tokens: doc.tokens, chars: doc.chars });
    expect(maxOf(graph.nodes.map((n) => n.level))).toBe(doc.levels! - 1);
    expect(graph.nodes).toHaveLength(doc.nodes!);
    for (const n of graph.nodes.filter((node) => node.level === 0)) {
      expect(n.spans).toHaveLength(1);
      expect(doc.text.slice(n.spans[0]!.start, n.spans[0]!.end)).toBe(n.text);
    }
    const sums = new Map<string, number>();
    for (const e of graph.edges) sums.set(e.parent, (sums.get(e.parent) ?? 0) + e.weight);
    expect(sums.size).toBeGreaterThan(0);
    for (const sum of sums.values()) expect(sum).toBeCloseTo(1, 4);
  });

  it("answers POST /ask in the ask --json shape, with citations that quote the document exactly", async () => {
    const id = await addHandbook();
    const res = await app.request("/ask", post({ question: "How often must the lens be cleaned?", docIds: [id] }));
    expect(res.status).toBe(200);
    const body = AskResultJson.parse(await res.json());
    expect(Object.keys(body).sort()).toEqual(["answer", "citations", "confidence", "context", "cost", "found", "trace"]);
    expect(body.answer).toContain("fourteen days");
    expect(body.citations.length).toBeGreaterThan(0);
    const text = DocumentJson.parse(await (await app.request(`/documents/${id}`)).json()).text;
    for (const c of body.citations) {
      expect(c.docId).toBe(id);
      expect(text.slice(c.start, c.end)).toBe(c.text);
    }
    expect(["sufficient", "budget", "max-steps", "exhausted"]).toContain(body.trace.stop);
    expect(body.cost.steps).toBe(body.trace.steps.length);
    expect(body.context.length).toBe(body.trace.steps.length);
  });

  it("asks the whole collection when no docIds are given, and honours budget and fill", async () => {
    await addHandbook();
    await app.request("/documents", post({ text: "The keepers' cat is called Biscuit. She sleeps by the stove.", docId: "cat" }));
    const res = await app.request("/ask", post({ question: "What is the name of the keepers' cat?", budget: 300, fill: true }));
    expect(res.status).toBe(200);
    const body = AskResultJson.parse(await res.json());
    expect(body.answer).toContain("Biscuit");
    expect(body.cost.tokensRead).toBeLessThanOrEqual(300);
  });

  it("streams POST /ask/stream as walk-step, answer-delta and done events", async () => {
    const id = await addHandbook();
    const res = await app.request("/ask/stream", post({ question: "When was the lighthouse first lit?", docIds: [id] }));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const events = parseSse(await res.text());
    const kinds = events.map((e) => e.event);
    expect(kinds[0]).toBe("walk-step");
    expect(kinds.at(-1)).toBe("done");
    expect(kinds).toContain("answer-delta");
    expect(kinds).not.toContain("error");
    const parsed = events.map((e) => StreamEvent.parse(e));
    const steps = parsed.flatMap((e) => (e.event === "walk-step" ? [e.data] : []));
    expect(steps.map((s) => s.n)).toEqual(steps.map((_, i) => i + 1));
    const done = AskResultJson.parse(events.at(-1)!.data);
    expect(done.trace.steps.map((s) => s.nodeId)).toEqual(steps.map((s) => s.nodeId));
    const deltas = parsed.flatMap((e) => (e.event === "answer-delta" ? [e.data.text] : [])).join("");
    expect(deltas).toBe(done.answer);
    expect(done.answer).toContain("1871");
  });

  it("removes a document; after that it is not found", async () => {
    const id = await addHandbook();
    const res = await app.request(`/documents/${id}`, { method: "DELETE" });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ docId: id, removed: true });
    await expectError(await app.request(`/documents/${id}`), 404, "E_NOT_FOUND");
    await expectError(await app.request(`/documents/${id}/graph`), 404, "E_NOT_FOUND");
    await expectError(await app.request(`/documents/${id}`, { method: "DELETE" }), 404, "E_NOT_FOUND");
    expect(await (await app.request("/documents")).json()).toEqual([]);
  });

  describe("errors", () => {
    it("refuses bodies that are not JSON, or that break the schema", async () => {
      await addHandbook();
      await expectError(await app.request("/ask", { method: "POST", headers: { "Content-Type": "application/json" }, body: "{nope" }), 400, "E_INPUT_MALFORMED");
      await expectError(await app.request("/ask", post({})), 400, "E_BAD_FLAG");
      await expectError(await app.request("/ask", post({ question: "   " })), 400, "E_BAD_FLAG");
      await expectError(await app.request("/ask", post({ question: "lens?", budget: -1 })), 400, "E_BAD_FLAG");
      await expectError(await app.request("/ask", post({ question: "lens?", budget: 2.5 })), 400, "E_BAD_FLAG");
      await expectError(await app.request("/ask", post({ question: "lens?", fill: "yes" })), 400, "E_BAD_FLAG");
      await expectError(await app.request("/ask", post({ question: "lens?", colour: "red" })), 400, "E_BAD_FLAG");
      await expectError(await app.request("/ask", post({ question: "lens?", docIds: ["../etc"] })), 400, "E_BAD_FLAG");
      await expectError(await app.request("/ask/stream", post({ question: "lens?", maxSteps: 0 })), 400, "E_BAD_FLAG");
      await expectError(await app.request("/documents", post({ text: "" })), 400, "E_BAD_FLAG");
      await expectError(await app.request("/documents", post({ text: "hello", docId: "no spaces" })), 400, "E_BAD_FLAG");
    });

    it("answers 404 for unknown documents, also before a stream starts", async () => {
      await addHandbook();
      await expectError(await app.request("/ask", post({ question: "lens?", docIds: ["missing"] })), 404, "E_NOT_FOUND");
      const stream = await app.request("/ask/stream", post({ question: "lens?", docIds: ["missing"] }));
      await expectError(stream, 404, "E_NOT_FOUND");
      await expectError(await app.request("/documents/missing"), 404, "E_NOT_FOUND");
    });

    it("refuses a question while the store is empty", async () => {
      await expectError(await app.request("/ask", post({ question: "lens?" })), 400, "E_BAD_FLAG");
      await expectError(await app.request("/ask/stream", post({ question: "lens?" })), 400, "E_BAD_FLAG");
    });

    it("refuses unsupported uploads and bad content", async () => {
      await expectError(await app.request("/documents", { method: "POST", headers: { "Content-Type": "text/plain" }, body: "hi" }), 415, "E_INPUT_UNSUPPORTED");
      await expectError(await app.request("/documents", upload([{ name: "report.docx", content: "PK..." }])), 415, "E_INPUT_UNSUPPORTED");
      await expectError(await app.request("/documents", upload([{ name: "blank.txt", content: "  \n\n  " }])), 400, "E_INPUT_EMPTY");
      await expectError(await app.request("/documents", upload([{ name: "bin.txt", content: new Uint8Array([0, 1, 2, 0, 255, 254, 0, 0]) }])), 400, "E_INPUT_BINARY");
      await expectError(await app.request("/documents", upload([{ name: "broken.pdf", content: "%PDF-1.7 not really" }])), 400, "E_PDF_UNREADABLE");
      await expectError(await app.request("/documents", upload([], { title: "nothing" })), 400, "E_BAD_FLAG");
      await expectError(
        await app.request("/documents", upload([{ name: "a.txt", content: "a" }, { name: "b.txt", content: "b" }], { docId: "both" })),
        400,
        "E_BAD_FLAG",
      );
      await expectError(
        await app.request("/documents", { method: "POST", headers: { "Content-Type": "multipart/form-data; boundary=x" }, body: "garbage" }),
        400,
        "E_INPUT_MALFORMED",
      );
    });

    it("refuses bodies over the size limit with 413, with or without a Content-Length", async () => {
      const big = "lighthouse ".repeat(7000); // about 77 kB, over the 64 kB limit
      await expectError(await app.request("/documents", upload([{ name: "big.txt", content: big }])), 413, "E_INPUT_TOO_LARGE");
      const chunked = new ReadableStream<Uint8Array>({
        start(controller) {
          for (let i = 0; i < 20; i += 1) controller.enqueue(new TextEncoder().encode("x".repeat(4096)));
          controller.close();
        },
      });
      const res = await app.request("/documents", {
        method: "POST",
        headers: { "Content-Type": "application/json", "Transfer-Encoding": "chunked" },
        body: chunked,
        duplex: "half",
      } as RequestInit);
      await expectError(res, 413, "E_INPUT_TOO_LARGE");
      await expectError(await app.request("/ask", post({ question: "x".repeat(5000) })), 413, "E_INPUT_TOO_LARGE");
      expect(await (await app.request("/documents")).json()).toEqual([]);
    });

    it("answers 404 in the error shape for unknown routes and files", async () => {
      await expectError(await app.request("/nowhere"), 404, "E_NOT_FOUND");
      await expectError(await app.request("/documents", { method: "PUT" }), 404, "E_NOT_FOUND");
      await expectError(await app.request("/../package.json"), 404, "E_NOT_FOUND");
      await expectError(await app.request("/%2e%2e/package.json"), 404, "E_NOT_FOUND");
    });

    it("ends a stream that has begun with an error event when the provider fails later", async () => {
      let calls = 0;
      const flaky: ChatModel = {
        specVersion: 1,
        id: "flaky",
        countTokens: (text) => Math.ceil(text.length / 4),
        chat: () =>
          ++calls <= 2
            ? Promise.resolve({ text: "No", finishReason: "stop" as const, usage: { inputTokens: 10, outputTokens: 1 } })
            : Promise.reject(new ProviderError("the provider answered 500", { status: 500, isRetryable: false })),
        stream: () => ({ [Symbol.asyncIterator]: () => ({ next: () => Promise.reject(new Error("unused")) }) }),
      };
      const llmEngine = createEngine({ dbPath: ":memory:", chat: flaky, summarizer: "lexrank", weigher: "alignment" });
      const llmApp = createApp(llmEngine, { log: () => undefined });
      expect((await llmApp.request("/documents", post({ text: handbookText(), docId: "handbook" }))).status).toBe(201);
      const stream = await llmApp.request("/ask/stream", post({ question: "How often is the lens cleaned?" }));
      expect(stream.status).toBe(200);
      const events = parseSse(await stream.text());
      expect(events[0]!.event).toBe("walk-step");
      expect(events.at(-1)).toEqual({ event: "error", data: { error: { code: "E_PROVIDER", message: expect.any(String) as string } } });
      await llmEngine.close();
    });

    it("answers 502 E_PROVIDER when the chat model fails, as JSON and on the stream route", async () => {
      const failing: ChatModel = {
        specVersion: 1,
        id: "failing",
        countTokens: (text) => Math.ceil(text.length / 4),
        chat: () => Promise.reject(new ProviderError("the provider answered 500", { status: 500, isRetryable: false })),
        stream: () => ({
          [Symbol.asyncIterator]: () => ({ next: () => Promise.reject(new ProviderError("the provider answered 500", { status: 500, isRetryable: false })) }),
        }),
      };
      const llmEngine = createEngine({ dbPath: ":memory:", chat: failing, summarizer: "lexrank", weigher: "alignment" });
      const llmApp = createApp(llmEngine, { log: () => undefined });
      expect((await llmApp.request("/documents", post({ text: handbookText(), docId: "handbook" }))).status).toBe(201);
      await expectError(await llmApp.request("/ask", post({ question: "How often is the lens cleaned?" })), 502, "E_PROVIDER");
      // The judge is first asked after a few steps have streamed: the stream ends with the error.
      const stream = await llmApp.request("/ask/stream", post({ question: "How often is the lens cleaned?" }));
      expect(stream.status).toBe(200);
      expect(parseSse(await stream.text()).at(-1)).toEqual({ event: "error", data: { error: { code: "E_PROVIDER", message: expect.any(String) as string } } });
      await llmEngine.close();
    });

    it("answers 500 when the store fails, and logs it", async () => {
      const dir = mkdtempSync(join(tmpdir(), "pecan-server-"));
      const logged: string[] = [];
      const closed = createEngine({ dbPath: join(dir, "closed.db") });
      const closedApp = createApp(closed, { log: (m) => logged.push(m) });
      await closed.close();
      const res = await closedApp.request("/documents");
      expect(res.status).toBe(500);
      expect(["E_INTERNAL", "E_STORE"]).toContain(ErrorJson.parse(await res.json()).error.code);
      expect(logged).toHaveLength(1);
      rmSync(dir, { recursive: true, force: true });
    });
  });

  describe("the page", () => {
    it("serves the page with a strict content security policy, and its files", async () => {
      const page = await app.request("/");
      expect(page.status).toBe(200);
      expect(page.headers.get("content-type")).toMatch(/^text\/html/);
      expect(page.headers.get("content-security-policy")).toContain("default-src 'none'");
      expect(page.headers.get("x-content-type-options")).toBe("nosniff");
      const html = await page.text();
      expect(html).toContain('<script type="module" src="app.js">');
      expect(html).not.toMatch(/https?:\/\//);
      for (const [path, type] of [
        ["/app.js", /^text\/javascript/],
        ["/api.js", /^text\/javascript/],
        ["/graph.js", /^text\/javascript/],
        ["/doc-view.js", /^text\/javascript/],
        ["/style.css", /^text\/css/],
        ["/favicon.svg", /^image\/svg\+xml/],
      ] as const) {
        const res = await app.request(path);
        expect(res.status, path).toBe(200);
        expect(res.headers.get("content-type")).toMatch(type);
        expect(await res.text()).not.toMatch(/(src|href|url)\(?=?["']?https?:/);
      }
    });

    it("reports health", async () => {
      await addHandbook();
      expect(await (await app.request("/health")).json()).toEqual({ ok: true, documents: 1, ingesting: 0, asking: 0 });
    });
  });
});
