import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { docIdProblem } from "../../core/ids.js";
import { docIdFromName, formatOfName, isPdfBytes, loadBuffer, loadFile } from "./dispatch.js";
import { DEFAULT_LOAD } from "./load-options.js";
import { codeOf } from "../../testing/error-code.js";

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

let dir = "";
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "pecan-load-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("loadFile", () => {
  it("loads a text file with a BOM and CRLF line ends", async () => {
    const path = join(dir, "Notes 2024.txt");
    await writeFile(path, new Uint8Array([0xef, 0xbb, 0xbf, ...utf8("First line.\r\nSecond line.\r\n")]));
    const doc = await loadFile(path);
    expect(doc).toEqual({ docId: "notes-2024", title: "Notes 2024.txt", text: "First line.\nSecond line.\n", source: path });
  });

  it("keeps markdown as written and takes its title", async () => {
    const path = join(dir, "plan.md");
    await writeFile(path, "# The Plan\n\nDo *this* first.\n");
    const doc = await loadFile(path);
    expect(doc.text).toBe("# The Plan\n\nDo *this* first.\n");
    expect(doc.title).toBe("The Plan");
  });

  it("loads HTML through the tag stripper", async () => {
    const path = join(dir, "page.HTM");
    await writeFile(path, "<title>Page</title><p>Hello &amp; bye</p>");
    const doc = await loadFile(path);
    expect(doc).toMatchObject({ docId: "page", title: "Page", text: "Hello & bye" });
  });

  it("refuses binary, invalid UTF-8, empty and whitespace-only files", async () => {
    const cases: [string, Uint8Array, string][] = [
      ["nul.txt", new Uint8Array([0x61, 0x00, 0x62]), "E_INPUT_BINARY"],
      ["latin1.txt", new Uint8Array([0x63, 0x61, 0x66, 0xe9]), "E_INPUT_BINARY"],
      ["empty.txt", new Uint8Array(0), "E_INPUT_EMPTY"],
      ["blank.md", utf8(" \r\n\t \n"), "E_INPUT_EMPTY"],
      ["blank.html", utf8("<html><head><title>x</title></head><body> <script>x()</script> </body></html>"), "E_INPUT_EMPTY"],
    ];
    for (const [name, bytes, code] of cases) {
      const path = join(dir, name);
      await writeFile(path, bytes);
      expect(await codeOf(loadFile(path)), name).toBe(code);
    }
  });

  it("refuses a file over maxBytes before reading it", async () => {
    const path = join(dir, "big.txt");
    await writeFile(path, "x".repeat(2000));
    expect(await codeOf(loadFile(path, { maxBytes: 1000 }))).toBe("E_INPUT_TOO_LARGE");
    expect((await loadFile(path, { maxBytes: 2000 })).text).toHaveLength(2000);
    expect(DEFAULT_LOAD.maxBytes).toBe(64 * 1024 * 1024);
  });

  it("refuses missing files, directories and unsupported extensions", async () => {
    expect(await codeOf(loadFile(join(dir, "missing.txt")))).toBe("E_FILE_UNREADABLE");
    expect(await codeOf(loadFile(dir))).toBe("E_FILE_UNREADABLE");
    const png = join(dir, "image.png");
    await writeFile(png, new Uint8Array([0x89, 0x50, 0x4e, 0x47]));
    expect(await codeOf(loadFile(png))).toBe("E_INPUT_UNSUPPORTED");
  });

  it("reads a file without an extension as text", async () => {
    const path = join(dir, "README");
    await writeFile(path, "Read me.");
    expect(await loadFile(path)).toMatchObject({ docId: "readme", title: "README", text: "Read me." });
  });
});

describe("loadBuffer", () => {
  it("picks the loader by extension and checks the size", async () => {
    expect(await loadBuffer("up.md", utf8("# Up\nload"))).toMatchObject({ docId: "up", title: "Up", source: "up.md" });
    expect(await codeOf(loadBuffer("up.txt", utf8("abc"), { maxBytes: 2 }))).toBe("E_INPUT_TOO_LARGE");
    expect(await codeOf(loadBuffer("data.csv", utf8("a,b")))).toBe("E_INPUT_UNSUPPORTED");
    expect(await codeOf(loadBuffer("rows.jsonl", utf8("{}")))).toBe("E_INPUT_UNSUPPORTED");
  });
});

describe("names", () => {
  it("derives stable slug ids from file names", () => {
    expect(docIdFromName("reports/Q3 Résumé (final).PDF")).toBe("q3-resume-final");
    expect(docIdFromName("/a/b/v1.2_notes.txt")).toBe("v1.2_notes");
    expect(docIdFromName("_draft.txt")).toBe("draft");
    const long = docIdFromName(`${"chapter-".repeat(30)}one.txt`);
    expect(long.length).toBeLessThanOrEqual(128);
    expect(long).not.toBe(docIdFromName(`${"chapter-".repeat(30)}two.txt`));
    expect(docIdProblem(long)).toBeUndefined();
    expect(docIdFromName("--Hello   World--.md")).toBe("hello-world");
    expect(docIdFromName(".bashrc")).toBe("bashrc");
    expect(docIdFromName("/usr/share/common-licenses/GFDL-1.2")).toBe("gfdl-1.2");
    expect(docIdFromName("GFDL-1.3")).toBe("gfdl-1.3");
    expect(docIdFromName("Straße Œuvre.txt")).toBe("strasse-oeuvre");
    const cjk = docIdFromName("日本語.txt");
    expect(cjk).toMatch(/^doc-[0-9a-f]{10}$/);
    expect(docIdFromName("日本語.txt")).toBe(cjk);
    expect(docIdFromName("中文.txt")).not.toBe(cjk);
  });

  it("maps extensions to formats", () => {
    expect(formatOfName("a.MARKDOWN")).toBe("markdown");
    expect(formatOfName("a.htm")).toBe("html");
    expect(formatOfName("a.pdf")).toBe("pdf");
    expect(formatOfName("Makefile")).toBe("unknown");
    expect(formatOfName("Apache-2.0")).toBe("unknown");
    expect(formatOfName("ls.1")).toBe("unknown");
    expect(formatOfName("report.v2")).toBe(undefined);
    expect(formatOfName("a.docx")).toBeUndefined();
    expect(isPdfBytes(utf8("%PDF-1.7"))).toBe(true);
    expect(isPdfBytes(utf8("%PDF"))).toBe(false);
  });
});
