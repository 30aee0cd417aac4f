/**
 * The LLM tier through the built CLI, against a provider that does not answer (a closed port;
 * a local OpenAI-wire server that always answers 500) and against the local fake server
 * answering like a model: `ingest --llm` fails with a provider code after the configured
 * retries and leaves the store as it was; with a working model it stores LLM-made IPs,
 * `ask --llm` cites, and `--estimate` prints calls and tokens without storing or calling.
 */
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadFile } from "../ingest/index.js";
import {
  AskJson,
  cliBuilt,
  deadPort,
  expectCliError,
  expectSoundGraph,
  IngestJson,
  InspectJson,
  ListJson,
  makeTempDir,
  parseStdout,
  runCli,
  variedText,
  type CliResult,
} from "../testing/cli-runner.js";
import { startOpenAIFakeServer, type FakeChatBody, type OpenAIFakeServer } from "../testing/openai-fake-server.js";

const { dir, cleanup } = makeTempDir("cli-llm");
const at = (name: string): string => join(dir, name);
const API_KEY = "sk-test-secret-0123456789";
const MAX_RETRIES = 2;

/** Runs the CLI with the provider at `baseURL` and the test config (few retries, short timeout). */
function cli(baseURL: string, ...args: string[]): Promise<CliResult> {
  return runCli([...args, "--config", "pecan.config.json"], { cwd: dir, env: { OPENAI_BASE_URL: baseURL, OPENAI_API_KEY: API_KEY } });
}

const chatRequests = (server: OpenAIFakeServer) => server.requests.filter((r) => r.path === "/v1/chat/completions").length;

function userText(body: FakeChatBody): string {
  const user = body.messages?.find((m) => m.role === "user")?.content;
  return typeof user === "string" ? user : "";
}

/**
 * Answers like a model: a bullet IP per passage for the summarizer (its first words, without
 * digits, so only leaves hold the year), "Yes" from the judge once the year has been read,
 * and an answer citing the passages that hold the year from the reader.
 */
function modelReply(body: FakeChatBody): string {
  const system = body.messages?.find((m) => m.role === "system")?.content;
  const prompt = typeof system === "string" ? system : "";
  const passages = [...userText(body).matchAll(/^\[(\d+)\] (?:\([^)]*\) )?(.*)$/gm)].map((m) => ({ n: Number(m[1]), text: m[2] ?? "" }));
  if (prompt.startsWith("You turn numbered passages")) {
    const words = (text: string) => text.replace(/\d/g, "").split(/\s+/).filter((w) => /\w/.test(w)).slice(0, 10).join(" ");
    return passages.map((p) => `- ${words(p.text)}. [${p.n}]`).join("\n");
  }
  if (prompt.startsWith("You decide whether")) return passages.some((p) => p.text.includes("1874")) ? "Yes" : "No";
  const cited = passages.filter((p) => p.text.includes("1874")).map((p) => p.n);
  return `The lighthouse was built in 1874 by Elsa Brandt [${(cited.length > 0 ? cited : [1]).join(", ")}].`;
}

let base: ListJson = [];

async function listOf(db: string): Promise<ListJson> {
  return parseStdout(await runCli(["list", "--db", db, "--json"], { cwd: dir }), ListJson);
}

/** The run failed with a provider code (checked in full by `expectCliError`). */
function expectProviderError(result: CliResult): void {
  const code = result.stderr.split(":")[0] ?? "";
  expect(code, `exit ${result.code}; stdout: ${result.stdout.slice(0, 400)}; stderr: ${result.stderr}`).toMatch(/^E_PROVIDER(_UNAVAILABLE)?$/);
  expectCliError(result, code, true);
}

beforeAll(async () => {
  expect(cliBuilt(), "build first: npx tsc -p tsconfig.build.json").toBe(true);
  writeFileSync(at("pecan.config.json"), JSON.stringify({ openai: { maxRetries: MAX_RETRIES, timeoutMs: 3000 } }));
  writeFileSync(at("base.txt"), variedText(51, 600));
  // Long enough for a level of IPs above the leaves (so the summarizer is called).
  const paragraphs = variedText(52, 3500).split("\n\n");
  paragraphs.splice(5, 0, "The lighthouse at Port Mara was built in 1874 by the engineer Elsa Brandt.");
  writeFileSync(at("big.txt"), paragraphs.join("\n\n"));
  // One store per test that must leave it unchanged, so a failure in one cannot spill into another.
  const made = await Promise.all(["dead-a.db", "dead-b.db"].map((db) => runCli(["ingest", "base.txt", "--db", db], { cwd: dir })));
  for (const run of made) expect(run.code, run.stderr).toBe(0);
  base = await listOf("dead-a.db");
  expect(base.map((d) => d.docId)).toEqual(["base"]);
});
afterAll(cleanup);

describe("ingest --llm against a provider that does not answer", () => {
  it("nothing listening: a provider error code, and the store is unchanged", async () => {
    const port = await deadPort();
    const result = await cli(`http://127.0.0.1:${port}/v1`, "ingest", "big.txt", "--llm", "openai:x", "--db", "dead-a.db", "--json");
    expect(await listOf("dead-a.db")).toEqual(base);
    expectProviderError(result);
    expect(result.stderr).not.toContain(API_KEY);
  });

  it("always 500: fails after 1 + maxRetries requests, and the store is unchanged", async () => {
    const server = await startOpenAIFakeServer({ fault: () => ({ kind: "status", status: 500 }) });
    try {
      const result = await cli(server.url, "ingest", "big.txt", "--llm", "openai:x", "--db", "dead-b.db", "--json");
      expect(await listOf("dead-b.db")).toEqual(base);
      expectProviderError(result);
      expect(chatRequests(server)).toBe(1 + MAX_RETRIES);
      expect(server.requests[0]?.headers.authorization).toBe(`Bearer ${API_KEY}`);
      expect(result.stdout + result.stderr).not.toContain(API_KEY);
    } finally {
      await server.close();
    }
  });
});

describe("the LLM tier with a model that answers", () => {
  let server: OpenAIFakeServer;
  beforeAll(async () => {
    server = await startOpenAIFakeServer({ reply: (body) => modelReply(body) });
  });
  afterAll(() => server.close());

  it("ingest --llm --estimate prints calls and tokens, sends nothing and stores nothing", async () => {
    const [json, plain] = await Promise.all([
      cli(server.url, "ingest", "big.txt", "--llm", "openai:x", "--estimate", "--json", "--db", "live.db"),
      cli(server.url, "ingest", "big.txt", "--llm", "openai:x", "--estimate", "--db", "live.db"),
    ]);
    expect(json.code, json.stderr).toBe(0);
    const estimate = JSON.parse(json.stdout) as { calls: number; inputTokens: number; outputTokens: number; documents: number };
    expect(estimate.documents).toBe(1);
    expect(estimate.calls).toBeGreaterThan(0);
    expect(estimate.inputTokens).toBeGreaterThan(0);
    expect(estimate.outputTokens).toBeGreaterThan(0);
    expect(plain.code, plain.stderr).toBe(0);
    expect(plain.stdout).toMatch(/\d+ calls/);
    expect(plain.stdout).toMatch(/\d+ tokens in/);
    expect(server.requests).toHaveLength(0);
    expect(existsSync(join(dir, "live.db"))).toBe(false);
  });

  it("ingest --llm stores IPs made by llm:..., with weights summing to 1; ask --llm answers with exact citations", async () => {
    const result = await cli(server.url, "ingest", "big.txt", "--llm", "openai:x", "--db", "live.db", "--json");
    expect(result.code, result.stderr).toBe(0);
    const report = parseStdout(result, IngestJson);
    const calls = chatRequests(server);
    expect(calls).toBeGreaterThan(0);
    expect(report.cost.llmCalls).toBe(calls);
    expect(report.cost.llmTokensIn).toBeGreaterThan(0);
    expect(report.cost.llmTokensOut).toBeGreaterThan(0);

    const inspect = parseStdout(await runCli(["inspect", "big", "--db", "live.db"], { cwd: dir }), InspectJson);
    const text = (await loadFile(at("big.txt"))).text;
    expectSoundGraph(inspect, text);
    const ips = inspect.nodes.filter((n) => n.level > 0);
    expect(ips.length).toBeGreaterThan(0);
    expect(ips.every((n) => n.madeBy === "llm:openai:x"), ips.map((n) => n.madeBy).join(",")).toBe(true);
    expect(ips.every((n) => n.spans.length === 0)).toBe(true);

    const asked = await cli(server.url, "ask", "When was the lighthouse at Port Mara built?", "--llm", "openai:x", "--db", "live.db", "--json", "--doc", "big");
    expect(asked.code, asked.stderr).toBe(0);
    const answer = parseStdout(asked, AskJson);
    expect(answer.answer).toContain("1874");
    expect(answer.cost.llmCalls).toBeGreaterThanOrEqual(2);
    expect(chatRequests(server)).toBe(calls + answer.cost.llmCalls);
    expect(answer.citations.length).toBeGreaterThan(0);
    for (const c of answer.citations) expect(text.slice(c.start, c.end)).toBe(c.text);
    expect(answer.citations.some((c) => c.text.includes("1874"))).toBe(true);
  });
});
