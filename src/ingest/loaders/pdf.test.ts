import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PDFDocument, StandardFonts } from "pdf-lib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PecanError } from "../../core/errors.js";
import { buildLeaves } from "../chunk.js";
import { loadBuffer, loadFile } from "./dispatch.js";
import { dehyphenate, layoutPage, parsePdf } from "./pdf.js";
import { splitSentences } from "../sentences.js";
import { codeOf } from "../../testing/error-code.js";

const PAGES = [
  ["Alpha page one. It has two sentences.", "The second line of page one."],
  ["Beta page two is here.", "Another line on page two."],
  ["Gamma page three ends the file.", "Last line of all."],
];

async function threePagePdf(title?: string): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  if (title !== undefined) doc.setTitle(title);
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (const lines of PAGES) {
    const page = doc.addPage([400, 300]);
    lines.forEach((line, i) => page.drawText(line, { x: 30, y: 250 - i * 16, size: 12, font }));
    page.drawText("Footnote after a gap", { x: 30, y: 120, size: 12, font });
    page.drawText("right", { x: 250, y: 120, size: 12, font });
  }
  return doc.save();
}

/** A hand-made PDF; `trailer` adds entries to the trailer dictionary. */
function rawPdf(objects: readonly string[], trailer = ""): Uint8Array {
  let out = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) out += `${String(offset).padStart(10, "0")} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R ${trailer} >>\nstartxref\n${xref}\n%%EOF\n`;
  return new TextEncoder().encode(out);
}

const EMPTY_PAGE = [
  "<< /Type /Catalog /Pages 2 0 R >>",
  "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
  "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
];

let dir = "";
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "pecan-pdf-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("PDF loading", () => {
  it("reads each page's text, records page starts, and leaves know their pages", async () => {
    const path = join(dir, "Three Pages.pdf");
    await writeFile(path, await threePagePdf("A Three Page Report"));
    const doc = await loadFile(path);
    expect(doc.docId).toBe("three-pages");
    expect(doc.title).toBe("A Three Page Report");
    expect(doc.source).toBe(path);
    const starts = doc.pageStarts ?? [];
    expect(starts).toHaveLength(3);
    expect(starts[0]).toBe(0);
    const pageTexts = starts.map((start, i) => doc.text.slice(start, starts[i + 1] ?? doc.text.length).trim());
    PAGES.forEach((lines, i) => {
      expect(pageTexts[i]).toBe(`${lines.join("\n")}\n\nFootnote after a gap right`);
    });
    for (const start of starts.slice(1)) expect(doc.text.slice(start - 2, start)).toBe("\n\n");

    const leaves = buildLeaves(doc, { maxTokens: 12 });
    const gamma = leaves.find((leaf) => leaf.text.startsWith("Gamma"));
    expect(gamma?.pages).toEqual([3]);
    const beta = leaves.find((leaf) => leaf.text.startsWith("Beta"));
    expect(beta?.pages).toEqual([2]);
    const all = buildLeaves(doc, { maxTokens: 1000, paragraphFill: 1 });
    expect(all).toHaveLength(1);
    expect(all[0]?.pages).toEqual([1, 2, 3]);
  });

  it("falls back to the file name for the title and sniffs PDFs without an extension", async () => {
    const bytes = await threePagePdf();
    const doc = await loadBuffer("scan-2024", bytes);
    expect(doc.title).toBe("scan-2024");
    expect(doc.pageStarts).toHaveLength(3);
    expect(doc.text.startsWith("Alpha page one.")).toBe(true);
  });

  it("refuses an encrypted PDF", async () => {
    const key = (byte: string): string => byte.repeat(32);
    const encrypted = rawPdf(
      [...EMPTY_PAGE, `<< /Filter /Standard /V 1 /R 2 /Length 40 /P -4 /O <${key("ab")}> /U <${key("cd")}> >>`],
      `/Encrypt 4 0 R /ID [<${"01".repeat(16)}> <${"01".repeat(16)}>]`,
    );
    const error = await parsePdf(encrypted, "locked.pdf").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PecanError);
    expect((error as PecanError).code).toBe("E_PDF_UNREADABLE");
    expect(((error as PecanError).cause as Error).name).toBe("PasswordException");
  });

  it("refuses a broken PDF", async () => {
    const garbage = new TextEncoder().encode("%PDF-1.7\nthis is not really a PDF\n");
    expect(await codeOf(parsePdf(garbage, "broken.pdf"))).toBe("E_PDF_UNREADABLE");
    const truncated = (await threePagePdf()).slice(0, 200);
    expect(await codeOf(loadBuffer("cut.pdf", truncated))).toBe("E_PDF_UNREADABLE");
  });

  it("reports a PDF without text as empty", async () => {
    expect(await codeOf(parsePdf(rawPdf(EMPTY_PAGE), "scan.pdf"))).toBe("E_INPUT_EMPTY");
  });
});

describe("layoutPage", () => {
  const item = (str: string, x: number, y: number, width: number, hasEOL = false) => ({
    str,
    hasEOL,
    transform: [10, 0, 0, 10, x, y],
    width,
    height: 10,
  });

  it("breaks lines on EOL marks and baseline moves, paragraphs on large gaps, spaces on x gaps", () => {
    const items = [
      item("Hello", 0, 100, 25),
      item("world", 30, 100, 25),
      item("joined", 55, 100, 30, true),
      item("", 0, 88, 0),
      item("Next line", 0, 88, 45),
      { type: "beginMarkedContent" },
      item("Far below", 0, 40, 45),
    ];
    expect(layoutPage(items)).toBe("Hello worldjoined\nNext line\n\nFar below");
  });
});

describe("line-end hyphenation", () => {
  it("rejoins a word split across lines and keeps compounds the page writes whole", () => {
    expect(dehyphenate("Each object has an iden-\ntifier that is unique.")).toBe("Each object has an identifier\nthat is unique.");
    expect(dehyphenate("A self-contained unit. It is self-\ncontained by design.")).toBe("A self-contained unit. It is self-contained\nby design.");
    expect(dehyphenate("Pages 10-\n12 and X-\nRay stay.")).toBe("Pages 10-\n12 and X-\nRay stay.");
  });

  it("a hyphenated PDF: the word is whole in the text, pages and sentences still slice it exactly", async () => {
    const doc = await PDFDocument.create();
    const font = await doc.embedFont(StandardFonts.Helvetica);
    const pages = [
      ["Every record carries an iden-", "tifier chosen at creation. The iden-", "tifier never changes."],
      ["The second page repeats the iden-", "tifier rule for archives."],
    ];
    for (const lines of pages) {
      const page = doc.addPage([400, 300]);
      lines.forEach((line, i) => page.drawText(line, { x: 30, y: 250 - i * 16, size: 12, font }));
    }
    const parsed = await parsePdf(await doc.save(), "hyphens.pdf");
    expect(parsed.text).not.toMatch(/iden-/);
    expect(parsed.text.match(/identifier/g)).toHaveLength(3);
    const starts = parsed.pageStarts ?? [];
    expect(parsed.text.slice(starts[1]!)).toMatch(/^The second page repeats the identifier/);
    for (const span of splitSentences(parsed.text)) expect(parsed.text.slice(span.start, span.end).trim()).toBe(parsed.text.slice(span.start, span.end));
    const sentences = splitSentences(parsed.text).map((s) => parsed.text.slice(s.start, s.end).replace(/\s+/g, " "));
    expect(sentences).toContain("Every record carries an identifier chosen at creation.");
  });
});
