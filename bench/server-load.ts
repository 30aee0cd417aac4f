/**
 * Load run of `pecan serve` on loopback: many concurrent questions (JSON and streamed) while
 * documents are uploaded, bounded in count and time. Checks that no request fails and nothing
 * is lost: every question gets a whole answer identical to the one it gets alone, and every
 * upload is stored with its whole graph. Prints the figures. Not a test (a small run of it is).
 *
 *   npm run build && node dist/bench/server-load.js [--questions N] [--concurrency C]
 *       [--uploads U] [--chapters K] [--seconds S] [--host child|in-process] [--json]
 */
import { fork } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Agent, request as httpRequest } from "node:http";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { benchArgs } from "./args.js";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createEngine } from "../src/index.js";
import { startServer } from "../src/server/index.js";
import { handbookText, longText, parseSse } from "../src/testing/server-fixtures.js";

/** Knobs of a load run. */
export interface LoadOptions {
  /** Questions to ask in all. */
  readonly questions: number;
  /** Questions in flight at once. */
  readonly concurrency: number;
  /** Documents uploaded (one request each, all at once) while the questions run. */
  readonly uploads: number;
  /** Size of each uploaded document, in chapters of about 80 tokens. */
  readonly chapters: number;
  /** Stop starting new questions after this many seconds. */
  readonly seconds: number;
  /**
   * Where the server runs: `child` (its own process, from the built bench/server-load-host.js,
   * so figures are the server's alone) or `in-process` (sharing the event loop with the load).
   */
  readonly host: "child" | "in-process";
}

export const DEFAULT_LOAD: LoadOptions = { questions: 400, concurrency: 32, uploads: 4, chapters: 150, seconds: 60, host: "child" };

/** A running server under load, wherever it runs. */
interface Host {
  readonly url: string;
  /** Starts measuring the server's event-loop delay. */
  measure(): void;
  /** Stops the server; returns its event-loop delay since `measure()`, in ms. */
  stop(): Promise<{ p99: number; max: number }>;
}

async function inProcessHost(dbPath: string, token: string): Promise<Host> {
  const engine = createEngine({ dbPath });
  const server = await startServer({ engine, port: 0, token });
  const delay = monitorEventLoopDelay({ resolution: 5 });
  return {
    url: server.url,
    measure: () => delay.enable(),
    async stop() {
      delay.disable();
      await server.close();
      await engine.close();
      return { p99: delay.percentile(99) / 1e6, max: delay.max / 1e6 };
    },
  };
}

async function childHost(dbPath: string, token: string): Promise<Host> {
  const file = fileURLToPath(new URL("./server-load-host.js", import.meta.url));
  if (!existsSync(file)) throw new Error(`${file} is missing: build first (npm run build), or use --host in-process`);
  const child = fork(file, [dbPath, token], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const next = <T>(): Promise<T> =>
    new Promise((resolve, reject) => {
      child.once("message", (m) => resolve(m as T));
      child.once("exit", (code) => reject(new Error(`the server process exited with ${code}`)));
    });
  const { url } = await next<{ url: string }>();
  return {
    url,
    measure: () => child.send("measure"),
    async stop() {
      const reply = next<{ eventLoopDelayMs: { p99: number; max: number } }>();
      child.send("stop");
      return (await reply).eventLoopDelayMs;
    },
  };
}

/** What a load run measured. */
export interface LoadReport {
  readonly options: LoadOptions;
  readonly questions: { readonly asked: number; readonly ok: number; readonly failed: number; readonly mismatched: number; readonly streamed: number };
  readonly latencyMs: { readonly p50: number; readonly p95: number; readonly max: number; readonly duringIngestP95: number; readonly duringIngestMax: number; readonly askedDuringIngest: number };
  readonly throughputPerSecond: number;
  readonly uploads: { readonly sent: number; readonly stored: number; readonly failed: number; readonly msEach: readonly number[] };
  readonly eventLoopDelayMs: { readonly p99: number; readonly max: number };
  readonly wallMs: number;
  readonly errors: readonly string[];
}

const QUESTIONS = [
  "How often must the lens be cleaned?",
  "Who is the principal keeper?",
  "When was the lighthouse first lit?",
  "What is the name of the supply boat?",
  "How many steps does the tower have?",
  "Which radio channel is used in an emergency?",
  "How long does the lamp burn on a winter night?",
  "How often is the tower painted?",
];

interface Answer {
  readonly answer: string;
  readonly citations: readonly { readonly start: number; readonly end: number }[];
  readonly trace: { readonly steps: readonly { readonly nodeId: string }[]; readonly stop: string };
}

/** The parts of an answer that must not depend on what else the server is doing. */
function fingerprint(a: Answer): string {
  return JSON.stringify([a.answer, a.citations.map((c) => [c.start, c.end]), a.trace.steps.map((s) => s.nodeId), a.trace.stop]);
}

/**
 * POSTs JSON over node:http with a keep-alive agent that has one socket per worker, so each
 * worker keeps its own connection (fetch's pool may queue new requests behind one another).
 */
function postJson(agent: Agent, url: URL, headers: Record<string, string>, body: unknown): Promise<{ status: number; text: string }> {
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      url,
      { method: "POST", agent, headers: { ...headers, "Content-Type": "application/json", "Content-Length": Buffer.byteLength(payload) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") }));
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(payload);
  });
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Runs the load against a fresh server on 127.0.0.1 with a temporary SQLite store. */
export async function runLoad(partial: Partial<LoadOptions> = {}): Promise<LoadReport> {
  const options = { ...DEFAULT_LOAD, ...partial };
  const dir = mkdtempSync(join(tmpdir(), "pecan-load-"));
  const token = "load-token";
  const dbPath = join(dir, "load.db");
  const host = options.host === "child" ? await childHost(dbPath, token) : await inProcessHost(dbPath, token);
  const auth = { Authorization: `Bearer ${token}` };
  const url = (path: string): URL => new URL(path, host.url);
  const errors: string[] = [];
  let stopped: { p99: number; max: number } | undefined;
  try {
    const seed = await fetch(url("documents"), {
      method: "POST",
      headers: { ...auth, "Content-Type": "application/json" },
      body: JSON.stringify({ text: handbookText(), docId: "handbook", title: "Lighthouse handbook" }),
    });
    if (seed.status !== 201) throw new Error(`seeding failed: ${seed.status} ${await seed.text()}`);

    // Each question's answer alone, before any load: the reference for "nothing lost".
    const expected = new Map<string, string>();
    for (const question of QUESTIONS) {
      const res = await fetch(url("ask"), {
        method: "POST",
        headers: { ...auth, "Content-Type": "application/json" },
        body: JSON.stringify({ question, docIds: ["handbook"] }),
      });
      expected.set(question, fingerprint((await res.json()) as Answer));
    }

    // Warm-up: open every worker's connection and run each path once, outside the figures.
    const agent = new Agent({ keepAlive: true, maxSockets: options.concurrency });
    await Promise.all(
      Array.from({ length: options.concurrency }, (_, i) =>
        postJson(agent, url(i % 2 === 1 ? "ask/stream" : "ask"), auth, { question: QUESTIONS[i % QUESTIONS.length], docIds: ["handbook"] }),
      ),
    );

    host.measure();
    const started = performance.now();
    let ingesting = 0;
    const uploadMs: number[] = [];
    let uploadFailures = 0;
    const uploads = Array.from({ length: options.uploads }, async (_, i) => {
      const form = new FormData();
      form.append("file", new Blob([longText(options.chapters, i + 7)]), `load-${i + 1}.txt`);
      ingesting += 1;
      const t0 = performance.now();
      try {
        const res = await fetch(url("documents"), { method: "POST", headers: auth, body: form });
        if (res.status !== 201) {
          uploadFailures += 1;
          errors.push(`upload ${i + 1}: ${res.status} ${await res.text()}`);
        }
      } catch (error) {
        uploadFailures += 1;
        errors.push(`upload ${i + 1}: ${(error as Error).message}`);
      } finally {
        uploadMs.push(Math.round(performance.now() - t0));
        ingesting -= 1;
      }
    });

    const latencies: number[] = [];
    const duringIngest: number[] = [];
    let asked = 0;
    let ok = 0;
    let failed = 0;
    let mismatched = 0;
    let streamed = 0;
    const deadline = started + options.seconds * 1000;
    const worker = async (): Promise<void> => {
      while (asked < options.questions && performance.now() < deadline) {
        const n = asked++;
        const question = QUESTIONS[n % QUESTIONS.length]!;
        const stream = n % 2 === 1;
        const busy = ingesting > 0;
        const t0 = performance.now();
        try {
          const res = await postJson(agent, url(stream ? "ask/stream" : "ask"), auth, { question, docIds: ["handbook"] });
          if (res.status !== 200) throw new Error(`${res.status} ${res.text}`);
          let answer: Answer;
          if (stream) {
            const events = parseSse(res.text);
            const done = events.at(-1);
            if (done?.event !== "done") throw new Error(`the stream ended with ${done?.event ?? "nothing"}`);
            answer = done.data as Answer;
            streamed += 1;
          } else {
            answer = JSON.parse(res.text) as Answer;
          }
          const ms = performance.now() - t0;
          latencies.push(ms);
          if (busy || ingesting > 0) duringIngest.push(ms);
          if (fingerprint(answer) !== expected.get(question)) {
            mismatched += 1;
            errors.push(`question ${n} ("${question}") answered differently under load`);
          } else ok += 1;
        } catch (error) {
          failed += 1;
          errors.push(`question ${n}: ${(error as Error).message}`);
        }
      }
    };
    await Promise.all([...Array.from({ length: options.concurrency }, worker), ...uploads]);
    const wallMs = performance.now() - started;
    agent.destroy();

    // Nothing lost: every upload is listed, with a graph whose node count the list agrees with.
    const list = (await (await fetch(url("documents"), { headers: auth })).json()) as { docId: string; nodes: number }[];
    let stored = 0;
    for (let i = 1; i <= options.uploads; i += 1) {
      const doc = list.find((d) => d.docId === `load-${i}`);
      if (!doc) {
        errors.push(`load-${i} is missing from the store`);
        continue;
      }
      const graph = (await (await fetch(url(`documents/load-${i}/graph`), { headers: auth })).json()) as { nodes: unknown[]; edges: unknown[] };
      if (graph.nodes.length !== doc.nodes || graph.edges.length === 0) errors.push(`load-${i} has an incomplete graph`);
      else stored += 1;
    }
    stopped = await host.stop();
    const sorted = [...latencies].sort((a, b) => a - b);
    const busySorted = [...duringIngest].sort((a, b) => a - b);
    const round = (x: number): number => Math.round(x * 10) / 10;
    return {
      options,
      questions: { asked, ok, failed, mismatched, streamed },
      latencyMs: {
        p50: round(percentile(sorted, 50)),
        p95: round(percentile(sorted, 95)),
        max: round(sorted.at(-1) ?? 0),
        askedDuringIngest: busySorted.length,
        duringIngestP95: round(percentile(busySorted, 95)),
        duringIngestMax: round(busySorted.at(-1) ?? 0),
      },
      throughputPerSecond: round((asked / wallMs) * 1000),
      uploads: { sent: options.uploads, stored, failed: uploadFailures, msEach: uploadMs },
      eventLoopDelayMs: { p99: round(stopped.p99), max: round(stopped.max) },
      wallMs: Math.round(wallMs),
      errors,
    };
  } finally {
    if (!stopped) await host.stop().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A short human summary of a report. */
export function describeLoad(r: LoadReport): string {
  const q = r.questions;
  const l = r.latencyMs;
  return [
    `questions: ${q.asked} asked (${q.streamed} streamed), ${q.ok} ok, ${q.failed} failed, ${q.mismatched} answered differently`,
    `latency: p50 ${l.p50} ms, p95 ${l.p95} ms, max ${l.max} ms; during ingest (${l.askedDuringIngest} questions): p95 ${l.duringIngestP95} ms, max ${l.duringIngestMax} ms`,
    `throughput: ${r.throughputPerSecond} questions/s at concurrency ${r.options.concurrency}, ${r.wallMs} ms wall`,
    `uploads: ${r.uploads.stored}/${r.uploads.sent} stored whole (${r.options.chapters} chapters each), ${r.uploads.failed} failed, ms each: ${r.uploads.msEach.join(", ")}`,
    `server event loop delay (${r.options.host}): p99 ${r.eventLoopDelayMs.p99} ms, max ${r.eventLoopDelayMs.max} ms`,
    ...r.errors.slice(0, 10).map((e) => `error: ${e}`),
  ].join("\n");
}

async function main(): Promise<number> {
  const values = benchArgs(import.meta.url, {
    questions: { type: "string" },
    concurrency: { type: "string" },
    uploads: { type: "string" },
    chapters: { type: "string" },
    seconds: { type: "string" },
    host: { type: "string" },
    json: { type: "boolean" },
  });
  const int = (raw: string | undefined, fallback: number): number => {
    const value = raw === undefined ? fallback : Number(raw);
    if (!Number.isInteger(value) || value < 0) throw new Error(`expected a non-negative integer, got ${raw}`);
    return value;
  };
  const report = await runLoad({
    questions: int(values.questions, DEFAULT_LOAD.questions),
    concurrency: Math.max(1, int(values.concurrency, DEFAULT_LOAD.concurrency)),
    uploads: int(values.uploads, DEFAULT_LOAD.uploads),
    chapters: Math.max(1, int(values.chapters, DEFAULT_LOAD.chapters)),
    seconds: Math.max(1, int(values.seconds, DEFAULT_LOAD.seconds)),
    host: values.host === "in-process" ? "in-process" : "child",
  });
  process.stdout.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : `${describeLoad(report)}\n`);
  const clean = report.questions.failed === 0 && report.questions.mismatched === 0 && report.uploads.stored === report.uploads.sent;
  return clean ? 0 : 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main();
}
