/**
 * `pecan --help` and `pecan <command> --help` for every command, through the built CLI: exit 0,
 * help on stdout, nothing on stderr, and each command's flags named.
 */
import { readdirSync, statSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI_MAIN, cliBuilt, makeTempDir, mapLimit, runCli, type CliResult } from "../testing/cli-runner.js";

const { dir, cleanup } = makeTempDir("cli-help");
beforeAll(() => {
  expect(cliBuilt(), "build first: npx tsc -p tsconfig.build.json").toBe(true);
});
afterAll(cleanup);

describe("the pecan executable", () => {
  it("is executable after a build, so `npx pecan` runs it in a clone", () => {
    expect(statSync(CLI_MAIN).mode & 0o111).not.toBe(0);
  });
});

/** Each command of PECAN.md section 6 (and `vectors`) with the flags its help must name. */
const COMMANDS: Readonly<Record<string, readonly string[]>> = {
  ingest: ["--jsonl", "--db", "--force", "--max-bytes", "--llm", "--estimate", "--json"],
  list: ["--db", "--json"],
  remove: ["--db"],
  inspect: ["--db", "--format", "json", "dot", "html"],
  ask: ["--db", "--doc", "--budget", "--patience", "--max-steps", "--fill", "--llm", "--json"],
  eval: ["--data", "--dataset", "--methods", "--budget", "--limit", "--json", "--out"],
  serve: ["--db", "--host", "--port", "--token"],
  mcp: ["--db", "--allow"],
  vectors: ["build", "info", "--json"],
  doctor: ["--db", "--llm", "--json"],
  completion: ["bash", "zsh"],
};

function expectHelp(result: CliResult, what: string): void {
  expect(result.code, `${what}: ${result.stderr}`).toBe(0);
  expect(result.stderr, what).toBe("");
  expect(result.stdout.length, what).toBeGreaterThan(40);
}

describe("help", () => {
  it("pecan --help lists every command (pecan alone, in cli-habits.test.ts, does too but fails)", async () => {
    const runs = await Promise.all([["--help"], ["help"]].map((args) => runCli(args, { cwd: dir })));
    for (const run of runs) {
      expectHelp(run, "pecan --help");
      for (const name of Object.keys(COMMANDS)) expect(run.stdout).toMatch(new RegExp(`^ {2}${name}\\s`, "m"));
      expect(run.stdout).toContain("--llm");
    }
  });

  it("pecan <command> --help names the command's flags, and writes no store", async () => {
    const names = Object.keys(COMMANDS);
    const runs = await mapLimit(names, (name) => runCli([name, "--help"], { cwd: dir }));
    names.forEach((name, i) => {
      const run = runs[i] as CliResult;
      expectHelp(run, `pecan ${name} --help`);
      expect(run.stdout).toContain(`pecan ${name}`);
      for (const flag of COMMANDS[name] ?? []) expect(run.stdout, `pecan ${name} --help names ${flag}`).toContain(flag);
    });
    expect(readdirSync(dir)).toEqual([]);
  }, 60_000);
});
