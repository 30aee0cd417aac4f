/**
 * End-to-end tests of `pecan ask` on the model-free tier: plain and `--json` output, citations
 * that are exact slices of the document, the token budget, `--fill`, `--doc`, and its errors.
 */
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadFile } from "../ingest/index.js";
import { AskJson, cliBuilt, expectCliError, makeTempDir, parseStdout, runCli, variedText, type AskJson as Ask } from "../testing/cli-runner.js";

const { dir, cleanup } = makeTempDir("cli-ask");
const at = (name: string): string => join(dir, name);
const cli = (...args: string[]) => runCli(args, { cwd: dir });

const FACT = "The lighthouse at Port Mara was built in 1874 by the engineer Elsa Brandt.";
const texts = new Map<string, string>();

beforeAll(async () => {
  expect(cliBuilt(), "build first: npx tsc -p tsconfig.build.json").toBe(true);
  const body = variedText(31, 4000).split("\n\n");
  body.splice(Math.floor(body.length * 0.6), 0, `${FACT} Its lamp burned whale oil until 1911.`);
  writeFileSync(at("harbour.txt"), body.join("\n\n"));
  writeFileSync(at("orchard.md"), `# Orchard\n\n${variedText(32, 1500)}`);
  const result = await cli("ingest", "harbour.txt", "orchard.md", "--db", "s.db");
  expect(result.code, result.stderr).toBe(0);
  texts.set("harbour", (await loadFile(at("harbour.txt"))).text);
  texts.set("orchard", (await loadFile(at("orchard.md"))).text);
});
afterAll(cleanup);

const QUESTION = "When was the lighthouse at Port Mara built, and by whom?";

function expectExactCitations(answer: Ask): void {
  for (const c of answer.citations) {
    const text = texts.get(c.docId);
    expect(text, c.docId).toBeDefined();
    expect(c.end).toBeGreaterThan(c.start);
    expect(text?.slice(c.start, c.end)).toBe(c.text);
  }
  for (const item of answer.context) {
    const text = texts.get(item.docId) ?? "";
    if (item.level === 0) expect(item.spans).toHaveLength(1);
    for (const s of item.spans) expect(item.text.includes(text.slice(s.start, s.end)), `${item.nodeId} quotes its spans`).toBe(true);
  }
}

describe("pecan ask", () => {
  it("prints the answer, Citations: and a cost line", async () => {
    const result = await cli("ask", QUESTION, "--db", "s.db");
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain("Citations:");
    expect(result.stdout).toContain("1874");
    expect(result.stdout).toMatch(/\n {2}\[1\] harbour\.txt \(chars \d+-\d+\)/);
    expect(result.stdout).toMatch(/\ncost: \d+ tokens read in \d+ steps from \d+ nodes, stop: (sufficient|budget|max-steps|exhausted)/);
  });

  it("names the answer, then from: its sentence; a question the documents do not hold prints Not found and the closest passages, exit 0", async () => {
    const found = await cli("ask", "Who built the lighthouse at Port Mara?", "--db", "s.db");
    expect(found.code, found.stderr).toBe(0);
    expect(found.stdout.split("\n")[0]).toBe("Elsa Brandt");
    expect(found.stdout).toMatch(/\nfrom: "The lighthouse at Port Mara was built in 1874 by the engineer Elsa Brandt\." \(harbour\.txt \(chars \d+-\d+\)\)\n/);
    const nowhere = await cli("ask", "What is the boiling point of liquid nitrogen in kelvin?", "--db", "s.db");
    expect(nowhere.code, nowhere.stderr).toBe(0);
    expect(nowhere.stdout).toMatch(/^Not found in these documents\.\n/);
    const missing = await cli("ask", "What is the boiling point of liquid nitrogen in kelvin?", "--db", "s.db", "--doc", "harbour");
    expect(missing.code, missing.stderr).toBe(0);
    expect(missing.stdout).toMatch(/^Not found in these documents\.\n\nClosest passages:\n {2}\[1\] /);
    const json = parseStdout(await cli("ask", "What is the boiling point of liquid nitrogen in kelvin?", "--db", "s.db", "--doc", "harbour", "--json"), AskJson);
    expect(json.found).toBe(false);
    expect(json.citations.length).toBeGreaterThan(0);
  });

  it("shows an answer quoted from hard-wrapped text on one line; --json keeps it verbatim", async () => {
    const wrapped = [
      "Harbour rules",
      "",
      "    Every boat that stays the winter is hauled out before the first",
      "    frost, because the ice that forms in the basin splits old planks",
      "    and loosens the caulking of the hulls.",
      "",
      variedText(33, 600),
    ].join("\n");
    writeFileSync(at("rules.txt"), wrapped);
    expect((await cli("ingest", "rules.txt", "--db", "w.db")).code).toBe(0);
    const question = "Why is every boat that stays the winter hauled out before the first frost?";
    const plain = await cli("ask", question, "--db", "w.db");
    const json = parseStdout(await cli("ask", question, "--db", "w.db", "--json"), AskJson);
    expect(plain.code, plain.stderr).toBe(0);
    expect(json.found).toBe(true);
    expect(json.answer).toContain("\n");
    expect(plain.stdout.split("\n")[0]).toBe(json.answer.replace(/\s+/g, " ").trim());
  });

  it("--json: answer, citations, context, trace and cost; citations are the document's text at [start, end); the budget holds", async () => {
    const [adaptive, filled] = await Promise.all([
      cli("ask", QUESTION, "--db", "s.db", "--json", "--budget", "600"),
      cli("ask", QUESTION, "--db", "s.db", "--json", "--budget", "600", "--fill"),
    ]);
    expect(adaptive.code, adaptive.stderr).toBe(0);
    const answer = parseStdout(adaptive, AskJson);
    expect(answer.citations.length).toBeGreaterThan(0);
    expect(answer.citations.some((c) => c.docId === "harbour" && c.text.includes("1874"))).toBe(true);
    expectExactCitations(answer);
    expect(answer.cost.tokensRead).toBeLessThanOrEqual(600);
    expect(answer.cost.steps).toBe(answer.trace.steps.length);
    expect(answer.cost.llmCalls).toBe(0);
    expect(answer.context.length).toBeGreaterThan(0);

    expect(filled.code, filled.stderr).toBe(0);
    const full = parseStdout(filled, AskJson);
    expectExactCitations(full);
    expect(full.cost.tokensRead).toBeLessThanOrEqual(600);
    expect(["budget", "exhausted", "max-steps"]).toContain(full.trace.stop);
    expect(full.cost.tokensRead).toBeGreaterThanOrEqual(answer.cost.tokensRead);
  });

  it("--doc limits the walk to that document; an unknown --doc is E_NOT_FOUND", async () => {
    const [one, unknown] = await Promise.all([
      cli("ask", QUESTION, "--db", "s.db", "--json", "--doc", "orchard", "--budget", "300"),
      cli("ask", QUESTION, "--db", "s.db", "--json", "--doc", "no-such-doc"),
    ]);
    expect(one.code, one.stderr).toBe(0);
    const answer = parseStdout(one, AskJson);
    expect(answer.context.every((c) => c.docId === "orchard")).toBe(true);
    expect(answer.citations.every((c) => c.docId === "orchard")).toBe(true);
    expectExactCitations(answer);
    expectCliError(unknown, "E_NOT_FOUND", true);
  });

  it("a store that does not exist is E_STORE, and no file is made", async () => {
    expectCliError(await cli("ask", QUESTION, "--db", "missing.db", "--json"), "E_STORE", true);
    expect(existsSync(at("missing.db"))).toBe(false);
  });

  it("usage errors: an empty store, --budget 0, --budget abc, no question", async () => {
    const made = await cli("ingest", "orchard.md", "--db", "empty.db");
    expect(made.code, made.stderr).toBe(0);
    expect((await cli("remove", "orchard", "--db", "empty.db")).code).toBe(0);
    const runs = await Promise.all([
      cli("ask", QUESTION, "--db", "empty.db", "--json"),
      cli("ask", QUESTION, "--db", "s.db", "--budget", "0", "--json"),
      cli("ask", QUESTION, "--db", "s.db", "--budget", "abc", "--json"),
      cli("ask", "--db", "s.db", "--json"),
    ]);
    for (const run of runs) expectCliError(run, "E_BAD_FLAG", true);
  });
});
