/**
 * Every error code of the CLI, each produced by a real run of the built command: a non-zero
 * exit, one `CODE: message` line on stderr, and `{ "error": { "code", "message" } }` on stdout
 * with `--json`. Also: a failure in the middle of a multi-document ingest keeps what was stored.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SCHEMA_VERSION } from "../store/index.js";
import {
  cliBuilt,
  expectCliError,
  expectSoundGraph,
  InspectJson,
  ListJson,
  makeTempDir,
  mapLimit,
  parseStdout,
  runCli,
  variedText,
  type CliResult,
} from "../testing/cli-runner.js";
import { loadFile } from "../ingest/index.js";

const { dir, cleanup } = makeTempDir("cli-errors");
const at = (name: string): string => join(dir, name);
const JUNK = "this is not a SQLite database, just text\n".repeat(200);
const cli = (...args: string[]): Promise<CliResult> => runCli(args, { cwd: dir });

beforeAll(async () => {
  expect(cliBuilt(), "build first: npx tsc -p tsconfig.build.json").toBe(true);
  writeFileSync(at("empty.txt"), "");
  writeFileSync(at("blank.md"), " \n\t\r\n   \n");
  writeFileSync(at("nul.txt"), Buffer.from("some text\u0000with a NUL byte", "utf8"));
  writeFileSync(at("latin1.txt"), Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x20, 0x6f, 0x6b, 0x0a])); // "café ok" in Latin-1
  writeFileSync(at("small.txt"), "Eleven bytes and then some more.\n");
  writeFileSync(at("garbage.pdf"), "%PDF-1.7\nthis is not a PDF at all\n%%EOF\n");
  writeFileSync(at("sheet.xlsx"), "not a document Pecan reads");
  writeFileSync(at("junk.db"), JUNK);
  writeFileSync(at("good.txt"), variedText(21, 800));
  writeFileSync(at("after.txt"), variedText(22, 300));
  writeFileSync(
    at("rows.jsonl"),
    [JSON.stringify({ doc_id: "row-1", title: "One", text: variedText(23, 300) }), '{"doc_id": "row-2", "text": 17}', JSON.stringify({ doc_id: "row-3", text: "x" })].join("\n"),
  );
  const sound = await cli("ingest", "good.txt", "--db", "s.db");
  expect(sound.code, sound.stderr).toBe(0);
  // A store, then its schema version changed behind its back.
  const made = await cli("ingest", "good.txt", "--db", "old.db");
  expect(made.code, made.stderr).toBe(0);
  const db = new Database(at("old.db"));
  db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
  db.close();
});
afterAll(cleanup);

/** [code, what, args]: each runs once with --json. */
const CASES: readonly (readonly [string, string, readonly string[]])[] = [
  ["E_INPUT_EMPTY", "empty file", ["ingest", "empty.txt", "--db", "e.db"]],
  ["E_INPUT_EMPTY", "whitespace-only file", ["ingest", "blank.md", "--db", "e.db"]],
  ["E_INPUT_BINARY", "NUL bytes", ["ingest", "nul.txt", "--db", "e.db"]],
  ["E_INPUT_BINARY", "invalid UTF-8", ["ingest", "latin1.txt", "--db", "e.db"]],
  ["E_INPUT_TOO_LARGE", "--max-bytes 10", ["ingest", "small.txt", "--max-bytes", "10", "--db", "e.db"]],
  ["E_PDF_UNREADABLE", "garbage %PDF- file", ["ingest", "garbage.pdf", "--db", "e.db"]],
  ["E_INPUT_UNSUPPORTED", "an .xlsx file", ["ingest", "sheet.xlsx", "--db", "e.db"]],
  ["E_FILE_UNREADABLE", "a missing path", ["ingest", "no-such-file.txt", "--db", "e.db"]],
  ["E_INPUT_MALFORMED", "a bad JSONL row", ["ingest", "--jsonl", "rows.jsonl", "--db", "rows.db"]],
  ["E_NOT_FOUND", "inspect an unknown id", ["inspect", "nobody", "--db", "s.db"]],
  ["E_NOT_FOUND", "remove an unknown id", ["remove", "nobody", "--db", "s.db"]],
  ["E_STORE", "a read command on a store that does not exist", ["list", "--db", "missing.db"]],
  ["E_STORE_VERSION", "a store of another schema version", ["list", "--db", "old.db"]],
  ["E_STORE", "a junk file as --db", ["ingest", "good.txt", "--db", "junk.db"]],
  ["E_BAD_FLAG", "an unknown flag", ["list", "--frobnicate", "--db", "e.db"]],
  ["E_BAD_FLAG", "an unknown command", ["frobnicate", "--db", "e.db"]],
  ["E_BAD_FLAG", "a missing argument", ["inspect", "--db", "e.db"]],
  ["E_BAD_FLAG", "a units cache of no documents", ["serve", "--cache-docs", "0", "--db", "e.db"]],
];

describe("error codes", () => {
  it("each code: exit != 0, one stderr line `CODE: ...`, and the JSON error object with --json", async () => {
    // Each case gets its own store file: the runs go at once and must not meet in one new file.
    const results = await mapLimit(CASES, ([, , args], i) => cli(...args.map((a) => (a === "e.db" ? `e-${i}.db` : a)), "--json"));
    CASES.forEach(([code, what], i) => {
      const result = results[i] as CliResult;
      expect.soft(() => expectCliError(result, code, true), `${code}: ${what}`).not.toThrow();
    });
    const usage = results.filter((_, i) => CASES[i]?.[0] === "E_BAD_FLAG");
    expect(usage.every((r) => r.code === 2)).toBe(true);
    // A file that is not a Pecan store is refused and left exactly as it was.
    expect(readFileSync(at("junk.db"), "utf8")).toBe(JUNK);
    // The bad JSONL row (line 2) failed the run, but the document before it is stored whole.
    const rows = parseStdout(await cli("list", "--db", "rows.db", "--json"), ListJson);
    expect(rows.map((d) => d.docId)).toEqual(["row-1"]);
  }, 90_000);

  it("without --json, stdout stays empty and stderr has the one line", async () => {
    expectCliError(await cli("ingest", "empty.txt", "--db", "e.db"), "E_INPUT_EMPTY", false);
  });

  it("an error in the middle of a multi-file ingest keeps the documents stored before it, and no partial one", async () => {
    const result = await cli("ingest", "good.txt", "empty.txt", "after.txt", "--db", "multi.db", "--json");
    expectCliError(result, "E_INPUT_EMPTY", true);
    const list = parseStdout(await cli("list", "--db", "multi.db", "--json"), ListJson);
    expect(list.map((d) => d.docId)).toEqual(["good"]);
    const inspect = parseStdout(await cli("inspect", "good", "--db", "multi.db"), InspectJson);
    expectSoundGraph(inspect, (await loadFile(at("good.txt"))).text);
    expect(inspect.nodes).toHaveLength(list[0]?.nodes ?? -1);
  });
});
