/**
 * Runs the built `pecan` command (`dist/src/cli/main.js`) as a child process, the way a user or
 * a script does, for end-to-end tests of the CLI. Each run gets its own working directory and a
 * clean environment (no inherited `PECAN_*`, `OPENAI_*` or `OLLAMA_HOST`), so a test sees only
 * what it sets. Also: zod schemas of the CLI's JSON shapes (PECAN.md section 6) and generators of
 * varied test text. `npm test` builds `dist` before the tests run.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { createServer } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect } from "vitest";
import { z } from "zod";

/** Absolute path of the built CLI entry point. */
export const CLI_MAIN = fileURLToPath(new URL("../../dist/src/cli/main.js", import.meta.url));

/** True when the CLI has been built (`npx tsc -p tsconfig.build.json`). */
export function cliBuilt(): boolean {
  return existsSync(CLI_MAIN);
}

/** What a finished run of the CLI left. */
export interface CliResult {
  /** Exit status; -1 when a signal ended the process (see `signal`). */
  readonly code: number;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Options of {@link runCli} and {@link spawnCli}. */
export interface CliOptions {
  /** Working directory of the child (default: the test process's). */
  readonly cwd?: string;
  /** Variables added to the clean environment; `undefined` removes one. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Written to the child's standard input (otherwise it gets none). */
  readonly input?: string;
  /** The child is killed with SIGKILL after this many milliseconds (default 60,000). */
  readonly timeoutMs?: number;
}

/** Variables that would change what the CLI does; never inherited from the test's environment. */
const SCRUBBED = /^(PECAN_|OPENAI_|OLLAMA_)/;

/** The child's environment: the parent's, scrubbed of Pecan and provider settings, plus `extra`. */
export function cliEnv(extra: Readonly<Record<string, string | undefined>> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!SCRUBBED.test(key) && value !== undefined) env[key] = value;
  }
  env.NO_COLOR = "1";
  for (const [key, value] of Object.entries(extra)) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  return env;
}

/**
 * Starts the CLI without waiting for it (for tests that kill it). Standard output and error are pipes.
 * @example const child = spawnCli(["ingest", "--jsonl", "big.jsonl", "--db", "x.db"], { cwd: dir });
 */
export function spawnCli(args: readonly string[], options: CliOptions = {}): ChildProcess {
  return spawn(process.execPath, [CLI_MAIN, ...args], {
    cwd: options.cwd ?? process.cwd(),
    env: cliEnv(options.env),
    stdio: [options.input === undefined ? "ignore" : "pipe", "pipe", "pipe"],
  });
}

/**
 * Runs the CLI to the end and collects its exit status and output.
 * @example const { code, stdout } = await runCli(["list", "--json", "--db", "x.db"], { cwd: dir });
 */
export function runCli(args: readonly string[], options: CliOptions = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawnCli(args, options);
    let stdout = "";
    let stderr = "";
    child.stdout?.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr?.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 60_000);
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, signal, stdout, stderr });
    });
    if (options.input !== undefined) child.stdin?.end(options.input);
  });
}

/**
 * Maps `items` through `run` with at most `limit` runs at once (CLI children are heavy), in order.
 * @example const results = await mapLimit(argsList, (args) => runCli(args), 4);
 */
export async function mapLimit<T, R>(items: readonly T[], run: (item: T, index: number) => Promise<R>, limit = 4): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await run(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** A fresh directory under the system's temp folder, and a function that deletes it. */
export function makeTempDir(prefix: string): { readonly dir: string; readonly cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `pecan-${prefix}-`));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A free TCP port on 127.0.0.1 with nothing listening on it (found by binding and closing). */
export function deadPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

// ---- The JSON shapes of PECAN.md section 6 (fields may be added, never removed). ----

const Span = z.object({ start: z.number().int().nonnegative(), end: z.number().int().nonnegative() });

/** `{ "error": { "code", "message" } }`, printed on stdout with `--json`. */
export const ErrorJson = z.strictObject({ error: z.strictObject({ code: z.string().regex(/^E_[A-Z_]+$/), message: z.string().min(1) }) });

/** `pecan ingest --json`. */
export const IngestJson = z.object({
  documents: z.array(
    z.object({
      docId: z.string().min(1),
      title: z.string(),
      tokens: z.number().int().nonnegative(),
      nodes: z.number().int().nonnegative(),
      edges: z.number().int().nonnegative(),
      skipped: z.string().optional(),
    }),
  ),
  cost: z.object({
    llmCalls: z.number().int().nonnegative(),
    llmTokensIn: z.number().int().nonnegative(),
    llmTokensOut: z.number().int().nonnegative(),
    ms: z.number().nonnegative(),
  }),
});
export type IngestJson = z.infer<typeof IngestJson>;

/** `pecan list --json`. */
export const ListJson = z.array(
  z.object({ docId: z.string().min(1), title: z.string(), tokens: z.number().int().nonnegative(), nodes: z.number().int().nonnegative() }),
);
export type ListJson = z.infer<typeof ListJson>;

/** `pecan inspect <docId> --format json`. */
export const InspectJson = z.object({
  document: z.object({ docId: z.string(), title: z.string(), tokens: z.number().int(), chars: z.number().int() }),
  nodes: z.array(
    z.object({
      nodeId: z.string(),
      level: z.number().int().nonnegative(),
      text: z.string(),
      tokens: z.number().int().nonnegative(),
      spans: z.array(Span),
      pages: z.array(z.number().int().positive()).optional(),
      madeBy: z.string().min(1),
    }),
  ),
  edges: z.array(z.object({ parent: z.string(), child: z.string(), weight: z.number(), madeBy: z.string().min(1) })),
});
export type InspectJson = z.infer<typeof InspectJson>;

/** `pecan ask --json`. */
export const AskJson = z.object({
  answer: z.string(),
  found: z.boolean(),
  confidence: z.number().min(0).max(1),
  citations: z.array(
    z.object({
      docId: z.string(),
      nodeId: z.string(),
      start: z.number().int().nonnegative(),
      end: z.number().int().nonnegative(),
      text: z.string(),
      page: z.number().int().positive().optional(),
    }),
  ),
  context: z.array(z.object({ docId: z.string(), nodeId: z.string(), level: z.number().int().nonnegative(), text: z.string(), spans: z.array(Span) })),
  trace: z.object({
    steps: z.array(z.object({ nodeId: z.string(), score: z.number(), tokens: z.number().int().nonnegative() })),
    stop: z.enum(["sufficient", "budget", "max-steps", "exhausted"]),
  }),
  cost: z.object({
    nodesRead: z.number().int().nonnegative(),
    tokensRead: z.number().int().nonnegative(),
    steps: z.number().int().nonnegative(),
    llmCalls: z.number().int().nonnegative(),
    llmTokensIn: z.number().int().nonnegative(),
    llmTokensOut: z.number().int().nonnegative(),
    ms: z.number().nonnegative(),
  }),
});
export type AskJson = z.infer<typeof AskJson>;

/**
 * Parses a run's standard output as JSON of the given shape; the error names the command's output.
 * @example const docs = parseStdout(await runCli(["list", "--json"]), ListJson);
 */
export function parseStdout<T>(result: CliResult, schema: z.ZodType<T>): T {
  let value: unknown;
  try {
    value = JSON.parse(result.stdout);
  } catch {
    throw new Error(`stdout is not JSON (exit ${result.code}): ${result.stdout.slice(0, 500)} / stderr: ${result.stderr.slice(0, 500)}`);
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new Error(`stdout does not have the expected shape: ${parsed.error.message}\n${result.stdout.slice(0, 500)}`);
  return parsed.data;
}

// ---- Varied text for fixtures. ----

const WORDS = (
  "river harbour lantern keeper winter ledger market copper orchard meadow signal engine council " +
  "archive voyage canal granite valley thunder garden silver mill bridge tower railway north south " +
  "merchant doctor teacher sailor farmer painter clerk judge miner weaver baker captain widow " +
  "measured repaired counted carried opened closed painted recorded planted crossed signed sold " +
  "quietly slowly early late often rarely again together alone before after during beneath across"
).split(" ");
const NAMES = ["Ada", "Bruno", "Clara", "Dmitri", "Elsa", "Farid", "Greta", "Hugo", "Ines", "Jonas", "Kaveh", "Lena"];

/** A small deterministic generator (LCG). */
function lcg(seed: number): () => number {
  let a = seed >>> 0 || 1;
  return () => {
    a = (Math.imul(a, 1664525) + 1013904223) >>> 0;
    return a / 2 ** 32;
  };
}

/**
 * About `words` words of varied English-like prose: sentences of 6 to 24 words with names,
 * numbers, decimals, abbreviations and quotes, paragraphs of 3 to 7 sentences. Same seed, same text.
 * @example variedText(1, 3000) // ~3,000 words, ~4,000 tokens
 */
export function variedText(seed: number, words: number): string {
  const next = lcg(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
  const paragraphs: string[] = [];
  let sentences: string[] = [];
  let count = 0;
  let paragraphLength = 3 + Math.floor(next() * 5);
  while (count < words) {
    const length = 6 + Math.floor(next() * 19);
    const parts: string[] = [];
    for (let k = 0; k < length; k++) {
      const r = next();
      if (r < 0.08) parts.push(pick(NAMES));
      else if (r < 0.11) parts.push(String(1800 + Math.floor(next() * 220)));
      else if (r < 0.12) parts.push(`${Math.floor(next() * 90)}.${Math.floor(next() * 10)} km`);
      else if (r < 0.13) parts.push(`Dr. ${pick(NAMES)}`);
      else parts.push(pick(WORDS));
    }
    let sentence = parts.join(" ");
    sentence = `${sentence.charAt(0).toUpperCase()}${sentence.slice(1)}`;
    const end = next();
    sentence += end < 0.8 ? "." : end < 0.9 ? "?" : "!";
    if (next() < 0.05) sentence = `"${sentence}" said ${pick(NAMES)}.`;
    sentences.push(sentence);
    count += length;
    if (sentences.length >= paragraphLength) {
      paragraphs.push(sentences.join(" "));
      sentences = [];
      paragraphLength = 3 + Math.floor(next() * 5);
    }
  }
  if (sentences.length > 0) paragraphs.push(sentences.join(" "));
  return `${paragraphs.join("\n\n")}\n`;
}

// ---- Assertions shared by the CLI tests. ----

/**
 * An error run: non-zero exit, one line on stderr starting with `CODE:`, and with `json` the
 * `{ error: { code, message } }` object on stdout (otherwise nothing on stdout).
 */
export function expectCliError(result: CliResult, code: string, json: boolean): void {
  const context = `stdout: ${result.stdout.slice(0, 300)} stderr: ${result.stderr.slice(0, 300)}`;
  expect(result.code, context).not.toBe(0);
  expect(result.signal, context).toBeNull();
  const lines = result.stderr.split("\n").filter((line) => line.length > 0);
  expect(lines, context).toHaveLength(1);
  expect(lines[0]?.startsWith(`${code}: `), context).toBe(true);
  if (json) expect(parseStdout(result, ErrorJson).error.code).toBe(code);
  else expect(result.stdout).toBe("");
}

/**
 * Checks a document's inspected graph against its normalised text: leaves in order tile the text
 * (their texts are its slices at their offsets; only whitespace between and around them), every
 * span of every node is inside the text and an IP's spans are verbatim in its text, every edge
 * joins two nodes of the document one level apart, and every IP's weights sum to 1.
 */
export function expectSoundGraph(inspect: InspectJson, text: string): void {
  expect(inspect.document.chars).toBe(text.length);
  const byId = new Map(inspect.nodes.map((n) => [n.nodeId, n]));
  expect(byId.size).toBe(inspect.nodes.length);
  const leaves = inspect.nodes.filter((n) => n.level === 0);
  expect(leaves.length).toBeGreaterThan(0);
  let covered = 0;
  for (const leaf of leaves) {
    expect(leaf.spans).toHaveLength(1);
    const span = leaf.spans[0] ?? { start: -1, end: -1 };
    expect(text.slice(span.start, span.end)).toBe(leaf.text);
    expect(text.slice(covered, span.start).trim(), `gap before ${leaf.nodeId}`).toBe("");
    covered = span.end;
  }
  expect(text.slice(covered).trim()).toBe("");
  const weights = new Map<string, number>();
  for (const edge of inspect.edges) {
    const parent = byId.get(edge.parent);
    const child = byId.get(edge.child);
    expect(parent && child, `edge ${edge.parent} -> ${edge.child}`).toBeTruthy();
    expect(parent?.level).toBe((child?.level ?? -2) + 1);
    expect(edge.weight).toBeGreaterThanOrEqual(0);
    weights.set(edge.parent, (weights.get(edge.parent) ?? 0) + edge.weight);
  }
  for (const node of inspect.nodes) {
    for (const span of node.spans) {
      expect(0 <= span.start && span.start < span.end && span.end <= text.length, `${node.nodeId} span`).toBe(true);
      if (node.level > 0) expect(node.text.includes(text.slice(span.start, span.end)), `${node.nodeId} quotes its span`).toBe(true);
    }
    if (node.level > 0) expect(weights.get(node.nodeId) ?? 0, `weights of ${node.nodeId}`).toBeCloseTo(1, 6);
  }
}
