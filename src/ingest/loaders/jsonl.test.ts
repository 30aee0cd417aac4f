import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PecanError } from "../../core/errors.js";
import type { LoadedDocument } from "../../core/types.js";
import { loadJsonl } from "./jsonl.js";

let dir = "";
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "pecan-jsonl-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function write(name: string, content: string | Uint8Array): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, content);
  return path;
}

async function collect(file: string, maxBytes?: number): Promise<LoadedDocument[]> {
  const docs: LoadedDocument[] = [];
  for await (const doc of loadJsonl(file, maxBytes === undefined ? {} : { maxBytes })) docs.push(doc);
  return docs;
}

async function failure(promise: Promise<unknown>): Promise<PecanError | undefined> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof PecanError) return error;
    throw error;
  }
  return undefined;
}

describe("loadJsonl", () => {
  it("reads one document per line, keeping extra fields in meta", async () => {
    const file = await write(
      "ok.jsonl",
      '\ufeff{"doc_id":"d1","title":"One","text":"Hello\\r\\nthere."}\r\n\n' +
        '{"doc_id":"D-2","text":"Second.","year":2020,"tags":["a"]}\n   \n{"doc_id":"d3","title":" ","text":"Third."}',
    );
    expect(await collect(file)).toEqual([
      { docId: "d1", title: "One", text: "Hello\nthere.", source: `jsonl:${file}` },
      { docId: "D-2", title: "D-2", text: "Second.", source: `jsonl:${file}`, meta: { year: 2020, tags: ["a"] } },
      { docId: "d3", title: "d3", text: "Third.", source: `jsonl:${file}` },
    ]);
  });

  it("names the line of a malformed row", async () => {
    const rows = ['{"doc_id":"a","text":"ok"}', '{"doc_id":"b","text":"ok"}', "", '{"doc_id":"c","text":"broken"'];
    const broken = await failure(collect(await write("bad-json.jsonl", rows.join("\n"))));
    expect(broken?.code).toBe("E_INPUT_MALFORMED");
    expect(broken?.message).toContain("line 4");
    const missing = await failure(collect(await write("bad-row.jsonl", '{"doc_id":"a","text":"ok"}\n{"doc_id":"","text":"x"}\n')));
    expect(missing?.code).toBe("E_INPUT_MALFORMED");
    expect(missing?.message).toContain("line 2");
    const noText = await failure(collect(await write("no-text.jsonl", '{"doc_id":"a"}\n')));
    expect(noText?.code).toBe("E_INPUT_MALFORMED");
    const array = await failure(collect(await write("array.jsonl", "[1,2]\n")));
    expect(array?.code).toBe("E_INPUT_MALFORMED");
  });

  it("refuses a doc_id that breaks the id rule, naming the line", async () => {
    for (const id of ["../../etc/passwd", "a\u0000b", "<b>x</b>", "-lead", "x".repeat(129), "a b"]) {
      const file = await write("bad-id.jsonl", `${JSON.stringify({ doc_id: "fine", text: "One." })}\n${JSON.stringify({ doc_id: id, text: "Two." })}\n`);
      const error = await failure(collect(file));
      expect(error?.code).toBe("E_INPUT_MALFORMED");
      expect(error?.message).toContain("line 2");
    }
  });

  it("refuses a doc_id used on an earlier line of the same file, naming both lines", async () => {
    const rows = [{ doc_id: "a", text: "One." }, { doc_id: "b", text: "Two." }, { doc_id: "a", text: "Three." }];
    const file = await write("repeat.jsonl", rows.map((r) => JSON.stringify(r)).join("\n"));
    const error = await failure(collect(file));
    expect(error?.code).toBe("E_INPUT_MALFORMED");
    expect(error?.message).toMatch(/line 3: .*line 1/);
  });

  it("streams rows lazily: rows before a bad one are delivered", async () => {
    const file = await write("partial.jsonl", '{"doc_id":"a","text":"A."}\nnot json\n');
    const seen: string[] = [];
    const error = await failure(
      (async () => {
        for await (const doc of loadJsonl(file)) seen.push(doc.docId);
      })(),
    );
    expect(seen).toEqual(["a"]);
    expect(error?.code).toBe("E_INPUT_MALFORMED");
  });

  it("refuses empty text, invalid UTF-8, rows over maxBytes and missing files", async () => {
    expect((await failure(collect(await write("empty.jsonl", '{"doc_id":"a","text":" \\n "}\n'))))?.code).toBe("E_INPUT_EMPTY");
    const latin1 = new Uint8Array([...new TextEncoder().encode('{"doc_id":"a","text":"caf'), 0xe9, 0x22, 0x7d, 0x0a]);
    expect((await failure(collect(await write("latin1.jsonl", latin1))))?.code).toBe("E_INPUT_BINARY");
    const big = await write("big.jsonl", `{"doc_id":"a","text":"${"x".repeat(500)}"}\n{"doc_id":"b","text":"y"}\n`);
    expect((await failure(collect(big, 100)))?.code).toBe("E_INPUT_TOO_LARGE");
    expect(await collect(big, 1000)).toHaveLength(2);
    expect((await failure(collect(join(dir, "missing.jsonl"))))?.code).toBe("E_FILE_UNREADABLE");
  });

  it("streams a file of many rows in order", async () => {
    const row = (i: number): string => JSON.stringify({ doc_id: `doc-${i}`, text: `Row ${i}. ${"filler ".repeat(50)}` });
    const file = await write("large.jsonl", Array.from({ length: 20_000 }, (_, i) => row(i)).join("\n"));
    let count = 0;
    let last = "";
    for await (const doc of loadJsonl(file)) {
      count++;
      last = doc.docId;
    }
    expect(count).toBe(20_000);
    expect(last).toBe("doc-19999");
  });
});
