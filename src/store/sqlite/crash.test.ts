/**
 * Crash safety: a child process puts large documents in a loop and is killed with SIGKILL in
 * the middle of a put. The store must open, be sound, and hold every document whole: the last
 * committed version of each, or the version in flight if its commit landed, never a part.
 * The child runs the compiled store (`npm test` builds `dist` before the tests).
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { afterAll, expect, it } from "vitest";
import { asDocId } from "../../core/ids.js";
import { openSqliteStore } from "./sqlite-store.js";
import { maxOf, minOf, pushAll } from "../../core/arrays.js";

const compiledStore = new URL("../../../dist/src/store/sqlite/index.js", import.meta.url);

/** Slots (document ids) the child cycles through: later puts replace earlier ones. */
const SLOTS = 2;

/**
 * The child: put i goes to slot i % SLOTS and has ~2,000 nodes and ~2,000 edges over ~270 kB
 * of text, all determined by i. It prints `start i docId nodes edges` before each put and
 * `commit i` after it.
 */
const CHILD = `
import { openSqliteStore } from ${JSON.stringify(compiledStore.href)};
const SYL = ["ka", "lo", "mi", "ter", "van", "du", "sel", "or", "pin", "qua", "ri", "zen", "bor", "tul"];
function words(seed, n) {
  let a = seed >>> 0;
  const out = [];
  for (let k = 0; k < n; k++) {
    a = (Math.imul(a, 1664525) + 1013904223) >>> 0;
    out.push(SYL[a % 14] + SYL[(a >>> 8) % 14] + SYL[(a >>> 16) % 14]);
  }
  return out.join(" ");
}
function build(i) {
  const docId = "doc-" + (i % ${SLOTS});
  const leaves = 1500 + (i % 4) * 50;
  let text = "";
  const spans = [];
  for (let k = 0; k < leaves; k++) {
    const t = words(i * 100003 + k, 24) + ".";
    if (text.length > 0) text += " ";
    spans.push({ start: text.length, end: text.length + t.length });
    text += t;
  }
  const nodes = [];
  const edges = [];
  let level = spans.map((span, ordinal) => ({
    nodeId: docId + "#0." + ordinal, docId, level: 0, ordinal,
    text: text.slice(span.start, span.end), tokens: 60, spans: [span], madeBy: "leaf",
  }));
  nodes.push(...level);
  for (let l = 1; level.length > 1; l++) {
    const next = [];
    for (let k = 0; k < level.length; k += 4) {
      const window = level.slice(k, k + 4);
      const first = window[0].spans[0];
      const span = { start: first.start, end: Math.min(first.end, first.start + 80) };
      const ip = {
        nodeId: docId + "#" + l + "." + next.length, docId, level: l, ordinal: next.length,
        text: text.slice(span.start, span.end), tokens: 20, spans: [span], madeBy: "crash-test",
        meta: { window: window.length },
      };
      next.push(ip);
      for (const child of window) {
        edges.push({ parent: ip.nodeId, child: child.nodeId, weight: 1 / window.length, madeBy: "crash-test" });
      }
    }
    nodes.push(...next);
    level = next;
  }
  const doc = {
    docId, title: "put " + i, source: "crash-test", text, hash: "hash-" + i,
    tokens: Math.ceil(text.length / 4), chars: text.length,
    createdAt: new Date(Date.UTC(2025, 0, 1) + i * 1000).toISOString(), meta: { put: i },
  };
  return { doc, graph: { nodes, edges } };
}
const [path, first] = process.argv.slice(2);
// Each put is ~1,500 leaves of ~24 words plus their levels: well over 100 ms of work.
const store = openSqliteStore(path);
for (let i = Number(first); i < Number(first) + 200; i++) {
  const { doc, graph } = build(i);
  process.stdout.write("start " + i + " " + doc.docId + " " + graph.nodes.length + " " + graph.edges.length + "\\n");
  await store.putDocument(doc, graph);
  process.stdout.write("commit " + i + "\\n");
}
await store.close();
`;

interface Put {
  readonly docId: string;
  readonly nodes: number;
  readonly edges: number;
}

interface Round {
  /** Every put the child started, by index. */
  readonly started: Map<number, Put>;
  readonly committed: number[];
  /** The put that was running when the kill was sent. */
  readonly inFlight: number | undefined;
}

/**
 * Runs the child from put `first` until `minCommits` puts are committed, then kills it with
 * SIGKILL `fraction` of the shortest put's duration into a later put.
 */
function runRound(script: string, path: string, first: number, minCommits: number, fraction: number): Promise<Round> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, path, String(first)], { stdio: ["ignore", "pipe", "pipe"] });
    const started = new Map<number, Put>();
    const startedAt = new Map<number, number>();
    const durations: number[] = [];
    const committed: number[] = [];
    let current: number | undefined;
    let inFlight: number | undefined;
    let killed = false;
    let timer: NodeJS.Timeout | undefined;
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const guard = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`the child was not killed in time: ${stderr}`));
    }, 12_000);
    createInterface({ input: child.stdout }).on("line", (line) => {
      const [kind, index, docId, nodes, edges] = line.split(" ");
      const i = Number(index);
      if (kind === "start") {
        started.set(i, { docId: docId ?? "", nodes: Number(nodes), edges: Number(edges) });
        startedAt.set(i, performance.now());
        current = i;
        if (committed.length >= minCommits && !killed) {
          // Aim into this put; if it commits first, the commit cancels the aim and the next put is tried.
          timer = setTimeout(() => {
            killed = true;
            inFlight = current;
            child.kill("SIGKILL");
          }, minOf(durations) * fraction);
        }
      } else if (kind === "commit") {
        if (!killed) clearTimeout(timer);
        committed.push(i);
        durations.push(performance.now() - (startedAt.get(i) ?? 0));
        if (current === i) current = undefined;
      }
    });
    child.on("exit", (code, signal) => {
      clearTimeout(guard);
      if (signal === "SIGKILL" && killed) resolve({ started, committed, inFlight });
      else reject(new Error(`the child exited (${String(code)}, ${String(signal)}) before the kill: ${stderr}`));
    });
  });
}

const dir = mkdtempSync(join(tmpdir(), "pecan-crash-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it("survives SIGKILL in the middle of puts: every document whole or absent", { timeout: 30_000 }, async () => {
  expect(existsSync(fileURLToPath(compiledStore)), "build first: npx tsc -p tsconfig.build.json").toBe(true);
  const script = join(dir, "child.mjs");
  writeFileSync(script, CHILD);
  const path = join(dir, "crash.db");
  const started = new Map<number, Put>();
  const committed: number[] = [];
  const inFlights: number[] = [];
  let next = 0;
  // Two rounds: the second opens the store left by the first crash and is killed again.
  for (const fraction of [0.5, 0.8]) {
    const round = await runRound(script, path, next, 2, fraction);
    expect(round.committed.length).toBeGreaterThanOrEqual(2);
    for (const [i, put] of round.started) started.set(i, put);
    pushAll(committed, round.committed);
    if (round.inFlight !== undefined) inFlights.push(round.inFlight);
    next = maxOf(round.started.keys()) + 1;

    const store = openSqliteStore(path);
    try {
      expect(await store.integrityCheck()).toEqual([]);
      const listed = await store.listDocuments();
      for (let slot = 0; slot < SLOTS; slot++) {
        const docId = `doc-${slot}`;
        const lastCommit = Math.max(-1, maxOf(committed.filter((i) => i % SLOTS === slot)));
        const allowed = new Set([lastCommit, ...inFlights.filter((i) => i % SLOTS === slot && i > lastCommit)]);
        const summary = listed.find((s) => s.docId === docId);
        if (lastCommit < 0 && summary === undefined) continue;
        expect(summary, `${docId} must be stored`).toBeDefined();
        const doc = await store.getDocument(asDocId(docId));
        const version = doc?.meta?.put as number;
        expect(allowed.has(version), `${docId} holds put ${version}, expected one of ${[...allowed].join(", ")}`).toBe(
          true,
        );
        const put = started.get(version);
        expect(doc?.title).toBe(`put ${version}`);
        expect(summary?.hash).toBe(`hash-${version}`);
        expect(summary?.nodes).toBe(put?.nodes);
        expect(await store.getNodes(asDocId(docId))).toHaveLength(put?.nodes ?? -1);
        expect(await store.getEdges(asDocId(docId))).toHaveLength(put?.edges ?? -1);
        expect((await store.lexicalStats({ docIds: [asDocId(docId)] })).nodes).toBe(put?.nodes);
      }
      expect(listed.every((s) => /^doc-\d$/.test(s.docId))).toBe(true);
    } finally {
      await store.close();
    }
  }
});
