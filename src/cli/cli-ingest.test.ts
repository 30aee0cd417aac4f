/**
 * End-to-end tests of `pecan ingest`, `list`, `inspect` and `remove`: the built CLI runs as a
 * child process on files the tests write (txt, md, html, a 3-page PDF, a directory, JSONL).
 * The graphs it stores are checked against the ingest layer's own normalised text.
 */
import { existsSync, mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PDFDocument, StandardFonts } from "pdf-lib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadFile, parseJsonlRow } from "../ingest/index.js";
import {
  cliBuilt,
  expectCliError,
  expectSoundGraph,
  IngestJson,
  InspectJson,
  ListJson,
  makeTempDir,
  parseStdout,
  runCli,
  variedText,
} from "../testing/cli-runner.js";
import { maxOf } from "../core/arrays.js";

const { dir, cleanup } = makeTempDir("cli-ingest");
const at = (name: string): string => join(dir, name);
const cli = (...args: string[]) => runCli(args, { cwd: dir });

const PDF_PAGES = [
  ["Alpha page one opens the report.", "The harbour lantern was repaired in 1874.", "Nobody counted the ledgers."],
  ["Beta page two is in the middle.", "The canal froze for 3.5 weeks that winter.", "Dr. Brandt signed the record."],
  ["Gamma page three ends the report.", "The railway reached the valley in 1902.", "The council closed the archive."],
];

async function threePagePdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setTitle("Harbour Report");
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (const lines of PDF_PAGES) {
    const page = doc.addPage([420, 300]);
    lines.forEach((line, i) => page.drawText(line, { x: 30, y: 250 - i * 18, size: 12, font }));
  }
  return doc.save();
}

const HTML = `<!doctype html><html><head><title>Canal &amp; Harbour</title>
<style>body { color: red; } .secret { display: none }</style>
<script>var stolen = "SCRIPT_TEXT_MUST_NOT_APPEAR";</script></head>
<body><h1>The canal &amp; the harbour</h1>
<p>${variedText(3, 400).replace(/\n\n/g, "</p>\n<p>")}</p>
<p>Prices rose &gt; 3&nbsp;% in 1874 &mdash; said the clerk.</p></body></html>`;

const MARKDOWN = `# The Orchard Ledger\n\n${variedText(4, 500)}\n## Accounts\n\n- first item of the list\n- second item, with 2.5 km\n\n${variedText(5, 300)}`;

beforeAll(async () => {
  expect(cliBuilt(), "build first: npx tsc -p tsconfig.build.json").toBe(true);
  // A BOM and CRLF line ends: the stored text is the normalised one.
  writeFileSync(at("notes.txt"), `\uFEFF${variedText(2, 2500).replace(/\n/g, "\r\n")}`);
  writeFileSync(at("guide.md"), MARKDOWN);
  writeFileSync(at("page.html"), HTML);
  writeFileSync(at("report.pdf"), await threePagePdf());
  mkdirSync(at("folder/sub"), { recursive: true });
  writeFileSync(at("folder/alpha.txt"), variedText(6, 300));
  writeFileSync(at("folder/sub/beta.md"), `# Beta\n\n${variedText(7, 300)}`);
  writeFileSync(at("folder/picture.png"), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]));
});
afterAll(cleanup);

const FILES = { notes: "notes.txt", guide: "guide.md", page: "page.html", report: "report.pdf" } as const;

describe("pecan ingest / list / inspect / remove", () => {
  let ingested: IngestJson | undefined;

  it("ingests txt, md, html and a 3-page PDF; --json has the shape of PECAN.md section 6", async () => {
    const result = await cli("ingest", ...Object.values(FILES), "--db", "s.db", "--json");
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toBe("");
    ingested = parseStdout(result, IngestJson);
    expect(ingested.documents.map((d) => d.docId)).toEqual(Object.keys(FILES));
    for (const doc of ingested.documents) {
      expect(doc.skipped).toBeUndefined();
      expect(doc.tokens).toBeGreaterThan(0);
      expect(doc.nodes).toBeGreaterThan(0);
    }
    expect(ingested.documents.find((d) => d.docId === "notes")?.edges).toBeGreaterThan(0);
    expect(ingested.documents.find((d) => d.docId === "report")?.title).toBe("Harbour Report");
    expect(ingested.cost).toMatchObject({ llmCalls: 0, llmTokensIn: 0, llmTokensOut: 0 });

    const list = parseStdout(await cli("list", "--db", "s.db", "--json"), ListJson);
    expect(list.map((d) => d.docId).sort()).toEqual(Object.keys(FILES).sort());
    for (const doc of ingested.documents) expect(list.find((d) => d.docId === doc.docId)?.nodes).toBe(doc.nodes);
  });

  it("inspect --format json: leaves are exact slices of the normalised text, IP spans are verbatim, weights sum to 1", async () => {
    const runs = await Promise.all(Object.keys(FILES).map((id) => cli("inspect", id, "--db", "s.db", "--format", "json")));
    for (const [i, [id, file]] of Object.entries(FILES).entries()) {
      const run = runs[i];
      if (!run) throw new Error("missing run");
      expect(run.code, run.stderr).toBe(0);
      const inspect = parseStdout(run, InspectJson);
      const doc = await loadFile(at(file));
      expect(inspect.document.docId).toBe(id);
      expectSoundGraph(inspect, doc.text);
      expect(inspect.nodes).toHaveLength(ingested?.documents[i]?.nodes ?? -1);
      expect(inspect.edges).toHaveLength(ingested?.documents[i]?.edges ?? -1);
      expect(inspect.nodes.filter((n) => n.level === 0).every((n) => n.madeBy === "leaf")).toBe(true);
      if (id === "notes") {
        expect(doc.text).not.toMatch(/[\r\uFEFF]/);
        expect(maxOf(inspect.nodes.map((n) => n.level))).toBeGreaterThanOrEqual(1);
      }
      if (id === "page") {
        const all = inspect.nodes.map((n) => n.text).join("\n");
        expect(all).not.toContain("SCRIPT_TEXT_MUST_NOT_APPEAR");
        expect(all).not.toContain("display: none");
        expect(all).toContain("The canal & the harbour");
      }
      if (id === "report") {
        const pages = new Set(inspect.nodes.flatMap((n) => n.pages ?? []));
        expect([...pages].sort()).toEqual([1, 2, 3]);
        for (const line of PDF_PAGES.flat()) expect(doc.text).toContain(line);
      }
    }
  });

  it("re-ingesting the same file is a no-op (skipped: unchanged) unless --force", async () => {
    const again = parseStdout(await cli("ingest", FILES.notes, "--db", "s.db", "--json"), IngestJson);
    expect(again.documents).toHaveLength(1);
    expect(again.documents[0]).toMatchObject({ docId: "notes", skipped: "unchanged" });
    const forced = parseStdout(await cli("ingest", FILES.notes, "--db", "s.db", "--json", "--force"), IngestJson);
    expect(forced.documents[0]?.skipped).toBeUndefined();
    expect(forced.documents[0]?.nodes).toBe(ingested?.documents[0]?.nodes);
    expect(forced.documents[0]?.edges).toBe(ingested?.documents[0]?.edges);
  });

  it("inspect --format dot and --format html", async () => {
    const [dot, html] = await Promise.all([
      cli("inspect", "notes", "--db", "s.db", "--format", "dot"),
      cli("inspect", "notes", "--db", "s.db", "--format", "html"),
    ]);
    expect(dot.code, dot.stderr).toBe(0);
    expect(dot.stdout).toMatch(/^digraph "notes" \{/);
    expect(dot.stdout.trimEnd().endsWith("}")).toBe(true);
    expect(dot.stdout).toContain('"notes#1.0" -> "notes#0.');
    expect(dot.stdout).toContain('"notes#0.0"');
    expect(html.code, html.stderr).toBe(0);
    expect(html.stdout).toMatch(/^<!doctype html>/i);
    expect(html.stdout).toContain("</html>");
    expect(html.stdout).toContain("notes.txt");
    expect(html.stdout).toContain("notes#1.0");
  });

  it("remove deletes one document; inspect then says E_NOT_FOUND; the others stay", async () => {
    const removed = await cli("remove", "guide", "--db", "s.db");
    expect(removed.code, removed.stderr).toBe(0);
    const [inspect, list] = await Promise.all([cli("inspect", "guide", "--db", "s.db", "--json"), cli("list", "--db", "s.db", "--json")]);
    expectCliError(inspect, "E_NOT_FOUND", true);
    expect(parseStdout(list, ListJson).map((d) => d.docId).sort()).toEqual(["notes", "page", "report"]);
  });

  it("ingests a directory recursively, skipping a .png and saying so on stderr", async () => {
    const result = await cli("ingest", "folder", "--db", "dir.db");
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/skipped .*picture\.png/);
    expect(result.stdout).toMatch(/alpha/);
    const list = parseStdout(await cli("list", "--db", "dir.db", "--json"), ListJson);
    expect(list.map((d) => d.docId).sort()).toEqual(["alpha", "beta"]);
  });

  it("a failed first ingest leaves no store file; a repeated or path-like doc_id is refused with its line", async () => {
    expectCliError(await cli("ingest", "missing.txt", "--db", "new.db"), "E_FILE_UNREADABLE", false);
    expect(existsSync(at("new.db"))).toBe(false);
    for (const id of ["a", "../../etc/passwd"]) {
      writeFileSync(at("bad-ids.jsonl"), [{ doc_id: "a", text: "One." }, { doc_id: id, text: "Two." }].map((r) => JSON.stringify(r)).join("\n"));
      const result = await cli("ingest", "--jsonl", "bad-ids.jsonl", "--db", "ids.db");
      expectCliError(result, "E_INPUT_MALFORMED", false);
      expect(result.stderr).toContain("line 2");
    }
  });

  it("skips links that leave a directory unless --follow-links", async () => {
    mkdirSync(at("linktree"));
    writeFileSync(at("private.txt"), "The private note says the vault code is 4417.");
    writeFileSync(at("linktree/own.txt"), variedText(21, 200));
    symlinkSync(at("private.txt"), at("linktree/private.txt"));
    const plain = await cli("ingest", "linktree", "--db", "links.db", "--json");
    expect(plain.code, plain.stderr).toBe(0);
    expect(parseStdout(plain, IngestJson).documents.map((d) => d.docId)).toEqual(["own"]);
    const followed = await cli("ingest", "linktree", "--db", "links2.db", "--json", "--follow-links");
    expect(parseStdout(followed, IngestJson).documents.map((d) => d.docId).sort()).toEqual(["own", "private"]);
  });

  it("--jsonl: one document per row, docId = doc_id", async () => {
    const rows = [
      { doc_id: "doc-one", title: "First", text: variedText(11, 400) },
      { doc_id: "Doc_Two.v2", title: "Second", text: `Line one.\r\nLine two is longer than one.\r\n${variedText(12, 200)}` },
      { doc_id: "3", text: variedText(13, 1200) },
    ];
    writeFileSync(at("three.jsonl"), `${rows.map((r) => JSON.stringify(r)).join("\n")}\n`);
    const result = await cli("ingest", "--jsonl", "three.jsonl", "--db", "j.db", "--json");
    expect(result.code, result.stderr).toBe(0);
    const report = parseStdout(result, IngestJson);
    expect(report.documents.map((d) => d.docId)).toEqual(rows.map((r) => r.doc_id));
    expect(report.documents.map((d) => d.title)).toEqual(["First", "Second", "3"]);
    const list = parseStdout(await cli("list", "--db", "j.db", "--json"), ListJson);
    expect(list.map((d) => d.docId).sort()).toEqual(rows.map((r) => r.doc_id).sort());
    const inspect = parseStdout(await cli("inspect", "Doc_Two.v2", "--db", "j.db"), InspectJson);
    expectSoundGraph(inspect, parseJsonlRow(JSON.stringify(rows[1]), "three.jsonl", 2).text);
  });
});
