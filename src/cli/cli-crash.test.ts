/**
 * Crash safety through the CLI: `pecan ingest --jsonl` of many large documents is killed with
 * SIGKILL after the first documents are stored and before it finishes. The store must then
 * open (`pecan list`), pass `integrityCheck()`, and hold only complete documents: leaves that
 * tile the text, node and edge counts that agree between `list`, `inspect` and the store.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { ChildProcess } from "node:child_process";
import { parseJsonlRow } from "../ingest/index.js";
import { asDocId } from "../core/ids.js";
import { openSqliteStore } from "../store/index.js";
import { cliBuilt, expectSoundGraph, InspectJson, ListJson, makeTempDir, parseStdout, runCli, spawnCli, variedText } from "../testing/cli-runner.js";
import { IngestJson } from "../index.js";
import { maxOf } from "../core/arrays.js";

const DOCUMENTS = 40;
const WORDS = 30_000;
/** Kill once this many documents are stored. */
const KILL_AFTER = 2;

const { dir, cleanup } = makeTempDir("cli-crash");
const db = join(dir, "crash.db");
const rows = Array.from({ length: DOCUMENTS }, (_, i) => ({ doc_id: `big-${i}`, title: `Big ${i}`, text: variedText(1000 + i, WORDS) }));
let child: ChildProcess | undefined;

beforeAll(() => {
  expect(cliBuilt(), "build first: npx tsc -p tsconfig.build.json").toBe(true);
  writeFileSync(join(dir, "big.jsonl"), `${rows.map((r) => JSON.stringify(r)).join("\n")}\n`);
});
afterAll(() => {
  child?.kill("SIGKILL");
  cleanup();
});

/** Documents the store lists now, read by a separate read-only connection (undefined while the file is not a store yet). */
async function storedCount(path = db): Promise<number | undefined> {
  try {
    const store = openSqliteStore(path, { readonly: true });
    try {
      return (await store.listDocuments()).length;
    } finally {
      await store.close();
    }
  } catch {
    return undefined;
  }
}

/** Resolves with the count seen when at least `n` documents are stored; the child's exit first is a failure. */
function waitForStored(proc: ChildProcess, n: number, timeoutMs: number, path = db): Promise<number> {
  return new Promise((resolve, reject) => {
    let stderr = "";
    proc.stderr?.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    const onExit = (code: number | null): void => {
      clearInterval(timer);
      reject(new Error(`the ingest ended (exit ${String(code)}) before it was killed: ${stderr}`));
    };
    proc.once("exit", onExit);
    const started = Date.now();
    const timer = setInterval(() => {
      void storedCount(path).then((count) => {
        if (count !== undefined && count >= n) {
          clearInterval(timer);
          proc.off("exit", onExit);
          resolve(count);
        } else if (Date.now() - started > timeoutMs) {
          clearInterval(timer);
          proc.off("exit", onExit);
          reject(new Error(`only ${String(count)} documents stored after ${timeoutMs} ms: ${stderr}`));
        }
      });
    }, 50);
  });
}

it("SIGKILL in the middle of a large JSONL ingest leaves a sound store of whole documents", { timeout: 90_000 }, async () => {
  const proc = spawnCli(["ingest", "--jsonl", "big.jsonl", "--db", db], { cwd: dir });
  child = proc;
  const exited = new Promise<NodeJS.Signals | null>((resolve) => proc.once("exit", (_code, signal) => resolve(signal)));
  await waitForStored(proc, KILL_AFTER, 60_000);
  proc.kill("SIGKILL");
  expect(await exited).toBe("SIGKILL");

  const list = await runCli(["list", "--db", db, "--json"], { cwd: dir });
  expect(list.code, list.stderr).toBe(0);
  const listed = parseStdout(list, ListJson);
  expect(listed.length).toBeGreaterThanOrEqual(KILL_AFTER);
  expect(listed.length, "the ingest was killed before it finished").toBeLessThan(DOCUMENTS);
  // Documents are stored in file order, each whole: the listed ones are a prefix of the rows.
  expect(listed.map((d) => d.docId)).toEqual(rows.slice(0, listed.length).map((r) => r.doc_id));

  const store = openSqliteStore(db);
  try {
    expect(await store.integrityCheck()).toEqual([]);
    for (const doc of listed) {
      const id = asDocId(doc.docId);
      expect(await store.getNodes(id)).toHaveLength(doc.nodes);
      expect((await store.lexicalStats({ docIds: [id] })).nodes).toBe(doc.nodes);
    }
  } finally {
    await store.close();
  }

  const inspected = await Promise.all(listed.map((d) => runCli(["inspect", d.docId, "--db", db], { cwd: dir })));
  inspected.forEach((run, i) => {
    const doc = listed[i];
    const row = rows[i];
    if (!doc || !row) throw new Error("missing document");
    expect(run.code, run.stderr).toBe(0);
    const inspect = parseStdout(run, InspectJson);
    expect(inspect.nodes).toHaveLength(doc.nodes);
    expect(maxOf(inspect.nodes.map((n) => n.level))).toBeGreaterThanOrEqual(1);
    expectSoundGraph(inspect, parseJsonlRow(JSON.stringify(row), "big.jsonl", i + 1).text);
  });
});

it("Ctrl-C stops a JSONL ingest gently: what was started is committed, the report says stopped, a rerun ingests the rest", { timeout: 90_000 }, async () => {
  const gentle = join(dir, "gentle.db");
  const proc = spawnCli(["ingest", "--jsonl", "big.jsonl", "--db", gentle, "--json"], { cwd: dir });
  child = proc;
  let stdout = "";
  proc.stdout?.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  const exited = new Promise<number | null>((resolve) => proc.once("exit", (code) => resolve(code)));
  await waitForStored(proc, KILL_AFTER, 60_000, gentle);
  proc.kill("SIGINT");
  expect(await exited).toBe(130);
  const report = IngestJson.parse(JSON.parse(stdout));
  expect(report.stopped).toBe(true);
  expect(report.documents.length, "stopped before the end").toBeLessThan(DOCUMENTS);
  const listed = parseStdout(await runCli(["list", "--db", gentle, "--json"], { cwd: dir }), ListJson);
  // Every document the report names is stored, in file order, and nothing else.
  expect(listed.map((d) => d.docId)).toEqual(report.documents.map((d) => d.docId));
  expect(listed.map((d) => d.docId)).toEqual(rows.slice(0, listed.length).map((r) => r.doc_id));

  const rerun = await runCli(["ingest", "--jsonl", "big.jsonl", "--db", gentle, "--json"], { cwd: dir, timeoutMs: 80_000 });
  expect(rerun.code, rerun.stderr).toBe(0);
  const rest = parseStdout(rerun, IngestJson);
  expect(rest.documents.filter((d) => d.skipped === "unchanged")).toHaveLength(listed.length);
  expect(rest.stopped).toBeUndefined();
  expect(await storedCount(gentle)).toBe(DOCUMENTS);
});
