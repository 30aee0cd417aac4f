/**
 * The habits a command-line tool is expected to have, through the built CLI: `pecan` alone
 * fails with the help, `--quiet`/`--verbose`/`PECAN_LOG_LEVEL` on every command, completion
 * scripts, a missing key said before any request, unknown config keys refused, a warning when
 * the model's summaries all fell back, and `pecan doctor` against the local OpenAI-wire server.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cliBuilt, expectCliError, makeTempDir, mapLimit, runCli } from "../testing/cli-runner.js";
import { startOpenAIFakeServer, type FakeChatBody, type FakeReply, type OpenAIFakeServer } from "../testing/openai-fake-server.js";

const { dir, cleanup } = makeTempDir("cli-habits");
const at = (name: string): string => join(dir, name);

beforeAll(() => {
  expect(cliBuilt(), "build first: npx tsc -p tsconfig.build.json").toBe(true);
  mkdirSync(at("docs"));
  writeFileSync(at("docs/a.txt"), "The lamp burns for eleven hours on a winter night. The keepers log the weather.");
  writeFileSync(at("docs/.hidden.txt"), "hidden");
  writeFileSync(at("docs/data.bin"), "binary");
});
afterAll(cleanup);

function system(body: FakeChatBody): string {
  const content = body.messages?.find((m) => m.role === "system")?.content;
  return typeof content === "string" ? content : "";
}

function user(body: FakeChatBody): string {
  const content = body.messages?.find((m) => m.role === "user")?.content;
  return typeof content === "string" ? content : "";
}

/** Answers like a model: bullet points citing each passage, Yes from a judge, an answer citing the passage with the year. */
function modelReply(body: FakeChatBody): string {
  const passages = [...user(body).matchAll(/^\[(\d+)\] (?:\([^)]*\) )?(.*)$/gm)].map((m) => ({ n: Number(m[1]), text: m[2] ?? "" }));
  if (system(body).startsWith("You turn numbered passages")) {
    return passages.map((p) => `- ${p.text.split(/\s+/).slice(0, 10).join(" ")}. [${p.n}]`).join("\n");
  }
  if (system(body).startsWith("You decide whether")) return "Yes";
  const cited = passages.filter((p) => p.text.includes("1791")).map((p) => p.n);
  return `The sextant was made in 1791 [${(cited.length > 0 ? cited : [1]).join(", ")}].`;
}

describe("the CLI's habits", () => {
  it("pecan alone prints the help on stderr and exits 2", async () => {
    const run = await runCli([], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(/^ {2}doctor\s/m);
    expect(run.stderr).toContain("--quiet");
  });

  it("every command takes --quiet and --verbose; they and PECAN_LOG_LEVEL set what reaches stderr", async () => {
    const names = ["ingest", "list", "remove", "inspect", "ask", "eval", "serve", "mcp", "vectors", "doctor", "completion"];
    const helps = await mapLimit(names, (name) => runCli([name, "--help", "--quiet", "--verbose"], { cwd: dir }));
    helps.forEach((run, i) => expect(run.code, `${names[i]}: ${run.stderr}`).toBe(0));

    const normal = await runCli(["ingest", "docs", "--db", "n.db"], { cwd: dir });
    expect(normal.code, normal.stderr).toBe(0);
    expect(normal.stderr).toMatch(/skipped .*\.hidden\.txt: hidden/);
    const quiet = await runCli(["ingest", "docs", "--db", "q.db", "--quiet", "--force"], { cwd: dir });
    expect(quiet.code).toBe(0);
    expect(quiet.stderr).toBe("");
    expect(quiet.stdout).toContain("1 document(s)");
    const env = await runCli(["ingest", "docs", "--db", "e.db"], { cwd: dir, env: { PECAN_LOG_LEVEL: "error" } });
    expect(env.stderr).toBe("");
    const verbose = await runCli(["ingest", "docs", "--db", "v.db", "--verbose"], { cwd: dir, env: { PECAN_LOG_LEVEL: "error" } });
    expect(verbose.stderr).toMatch(/^config: llm: none/m);
    expectCliError(await runCli(["list", "--db", "n.db"], { cwd: dir, env: { PECAN_LOG_LEVEL: "shouty" } }), "E_CONFIG", false);
    // Errors are shown whatever the level.
    expectCliError(await runCli(["list", "--db", "missing.db", "--quiet"], { cwd: dir }), "E_STORE", false);
  });

  it("prints bash and zsh completion scripts that complete commands and each command's flags", async () => {
    const bash = await runCli(["completion", "bash"], { cwd: dir });
    expect(bash.code).toBe(0);
    writeFileSync(at("pecan.bash"), bash.stdout);
    const complete = (words: string[]): string => {
      const script = `source ${at("pecan.bash")}; COMP_WORDS=(${words.map((w) => `'${w}'`).join(" ")}); COMP_CWORD=${words.length - 1}; _pecan; echo "\${COMPREPLY[*]}"`;
      return spawnSync("bash", ["-c", script], { encoding: "utf8" }).stdout.trim();
    };
    expect(complete(["pecan", "in"])).toBe("ingest inspect");
    expect(complete(["pecan", "ask", "--bu"])).toBe("--budget");
    expect(complete(["pecan", "mcp", "--al"])).toBe("--allow");
    expect(complete(["pecan", "list", "--q"])).toBe("--quiet");
    const zsh = await runCli(["completion", "zsh"], { cwd: dir });
    expect(zsh.stdout.startsWith("#compdef pecan\n")).toBe(true);
    expect(zsh.stdout).toContain("'doctor:check the store");
    expect(zsh.stdout).toMatch(/ask\) flags=\([^)]*--budget/);
    // Where zsh is installed (apt-get install zsh), the script parses and, sourced, registers itself.
    if (spawnSync("zsh", ["--version"]).status === 0) {
      writeFileSync(at("_pecan"), zsh.stdout);
      const script = `autoload -Uz compinit && compinit -u -d ${at(".zcompdump")}; source ${at("_pecan")}; print -r -- \${_comps[pecan]}`;
      expect(spawnSync("zsh", ["-n", at("_pecan")]).status).toBe(0);
      expect(spawnSync("zsh", ["-f", "-c", script], { encoding: "utf8" }).stdout.trim()).toBe("_pecan");
    }
    expectCliError(await runCli(["completion", "fish"], { cwd: dir }), "E_BAD_FLAG", false);
  });

  it("says a missing OpenAI key before any request, and refuses unknown config keys with their path", async () => {
    const started = Date.now();
    const run = await runCli(["ingest", "docs", "--db", "k.db", "--llm", "openai:gpt-4o-mini"], { cwd: dir });
    expectCliError(run, "E_CONFIG", false);
    expect(run.stderr).toContain("OPENAI_API_KEY");
    expect(Date.now() - started).toBeLessThan(5000);
    mkdirSync(at("typo"));
    writeFileSync(at("typo/pecan.config.json"), JSON.stringify({ limts: { maxTokensPerCall: 100 } }));
    const typo = await runCli(["ask", "x", "--db", at("n.db")], { cwd: at("typo") });
    expectCliError(typo, "E_CONFIG", false);
    expect(typo.stderr).toContain("limts: unknown field");
  });

  describe("with a local OpenAI-wire server", () => {
    let good: OpenAIFakeServer;
    let empty: OpenAIFakeServer;
    beforeAll(async () => {
      good = await startOpenAIFakeServer({ reply: (body) => modelReply(body) });
      // A model that says nothing useful: empty completions, and no log-probabilities.
      empty = await startOpenAIFakeServer({ reply: (): FakeReply => ({ text: "", logprobs: [] }) });
    });
    afterAll(async () => {
      await good.close();
      await empty.close();
    });

    it("warns when every information point fell back to the extractive summarizer", async () => {
      const text = Array.from({ length: 120 }, (_, i) => `Paragraph ${i} says the keeper counted ${i * 7} gulls on the rocks at dawn.`).join("\n\n");
      writeFileSync(at("gulls.txt"), text);
      const run = await runCli(["ingest", "gulls.txt", "--db", "f.db", "--llm", "openai:m", "--json"], { cwd: dir, env: { OPENAI_BASE_URL: empty.url } });
      expect(run.code, run.stderr).toBe(0);
      expect(run.stderr).toMatch(/^warning: gulls: every one of \d+ information points came from the extractive fallback, not the model \(empty output\)/m);
      expect((JSON.parse(run.stdout) as { warnings?: string[] }).warnings).toHaveLength(1);
    });

    it("pecan doctor checks the store, the configuration and the model end to end", async () => {
      expect((await runCli(["ingest", "docs", "--db", "d.db"], { cwd: dir })).code).toBe(0);
      const ok = await runCli(["doctor", "--db", "d.db", "--llm", "openai:m"], { cwd: dir, env: { OPENAI_BASE_URL: good.url } });
      expect(ok.code, ok.stdout + ok.stderr).toBe(0);
      for (const line of [/^ok +config +llm: openai:m \[flag\]/m, /^ok +store +d\.db: 1 document/m, /^ok +summary +\d+ information point/m, /^ok +judge +log-probabilities given/m, /^ok +judge +answers "Yes"/m, /^ok +answer +"The sextant was made in 1791/m]) {
        expect(ok.stdout).toMatch(line);
      }
      const bodies = good.requests.map((r) => r.body as FakeChatBody);
      expect(bodies.some((b) => b.logprobs === true)).toBe(true);
      expect(bodies.some((b) => b.logprobs !== true && system(b).startsWith("You decide whether"))).toBe(true);

      const weak = await runCli(["doctor", "--db", "missing.db", "--llm", "openai:m", "--json"], { cwd: dir, env: { OPENAI_BASE_URL: empty.url } });
      expect(weak.code, weak.stderr).toBe(0);
      const report = JSON.parse(weak.stdout) as { ok: boolean; checks: { name: string; status: string; advice?: string }[] };
      const status = Object.fromEntries(report.checks.map((c) => [`${c.name}:${c.status}`, c.advice ?? ""]));
      expect(Object.keys(status)).toEqual(expect.arrayContaining(["store:skip", "summary:warn", "judge:warn", "answer:warn"]));
      expect(status["summary:warn"]).toContain("instruction-tuned");

      const noKey = await runCli(["doctor", "--db", "d.db", "--llm", "openai:gpt-4o-mini"], { cwd: dir });
      expect(noKey.code).toBe(1);
      expect(noKey.stdout).toMatch(/^fail +model +E_CONFIG: no API key .*OPENAI_API_KEY/m);
    }, 60_000);
  });
});
