import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { JsonStreamParser, type JsonFrame, type JsonVisitor } from "./word-vectors-json.js";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Rebuilds the value from the parser's events, placing each one where its path says. */
class Builder implements JsonVisitor {
  root: Json | undefined;
  private readonly open_: Json[] = [];
  private place(value: Json, path: readonly JsonFrame[]): void {
    expect(path.length).toBe(this.open_.length);
    const frame = path[path.length - 1];
    const parent = this.open_[this.open_.length - 1];
    if (!frame) this.root = value;
    else if (frame.kind === "array") (parent as Json[])[frame.index] = value;
    // defineProperty, as JSON.parse does: a plain assignment to "__proto__" would set the prototype
    else Object.defineProperty(parent, frame.key, { value, enumerable: true, writable: true, configurable: true });
  }
  open(kind: "object" | "array", path: readonly JsonFrame[]): void {
    const value: Json = kind === "array" ? [] : {};
    this.place(value, path);
    this.open_.push(value);
  }
  scalar(value: string | number | boolean | null, path: readonly JsonFrame[]): void {
    this.place(value, path);
  }
  close(_kind: "object" | "array", path: readonly JsonFrame[]): void {
    this.open_.pop();
    expect(path.length).toBe(this.open_.length);
  }
}

function parseInChunks(text: string, cuts: readonly number[]): Json | undefined {
  const builder = new Builder();
  const parser = new JsonStreamParser(builder);
  let from = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    const at = Math.min(cut, text.length);
    parser.write(text.slice(from, Math.max(from, at)));
    from = Math.max(from, at);
  }
  parser.write(text.slice(from));
  parser.end();
  return builder.root;
}

describe("JsonStreamParser", () => {
  it("gives the value JSON.parse gives, however the text is cut into chunks", () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.boolean(), fc.array(fc.nat(400), { maxLength: 12 }), (value, pretty, cuts) => {
        const text = pretty ? JSON.stringify(value, null, 2) : JSON.stringify(value);
        expect(parseInChunks(text, cuts)).toEqual(JSON.parse(text));
      }),
      { numRuns: 300 },
    );
  });

  it('reports a "__proto__" key as an ordinary member', () => {
    const text = '{"__proto__":"","a":{"__proto__":[1]}}';
    expect(parseInChunks(text, [3, 17])).toEqual(JSON.parse(text));
  });

  it("decodes escapes split across chunks", () => {
    const text = '{"a\\"b":["caf\\u00e9","\\\\",-1.5e-3,true,null]}';
    for (let cut = 0; cut <= text.length; cut++) expect(parseInChunks(text, [cut])).toEqual(JSON.parse(text));
  });

  it.each([
    "",
    "{",
    '{"a":1',
    '{"a" 1}',
    '{"a":1,}',
    "[1,]",
    "[1 2]",
    "[01]",
    "[1.]",
    "[+1]",
    "[tru]",
    '["abc]',
    '{"a":1}}',
    "{} {}",
    '{1:2}',
    "]",
    '["\\x"]',
  ])("rejects %j with E_INPUT_MALFORMED", (text) => {
    expect(() => parseInChunks(text, [])).toThrow(expect.objectContaining({ code: "E_INPUT_MALFORMED" }));
    expect(() => JSON.parse(text)).toThrow();
  });
});
