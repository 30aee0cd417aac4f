import { describe, expect, it } from "vitest";
import { InputError } from "../core/errors.js";
import { decodeText, hasText, looksBinary, normalizeText, requireText } from "./normalize.js";

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    return error instanceof InputError ? error.code : `not an InputError: ${String(error)}`;
  }
  return undefined;
}

describe("decodeText", () => {
  it("drops the BOM and turns CRLF and CR into LF", () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8("one\r\ntwo\rthree\n")]);
    expect(decodeText(bytes, "a.txt")).toBe("one\ntwo\nthree\n");
  });

  it("decodes UTF-16 with a byte-order mark, little and big endian", () => {
    const text = "Überschrift\r\nZeile zwei — ok";
    const le = new Uint8Array([0xff, 0xfe, ...Buffer.from(text, "utf16le")]);
    const be = new Uint8Array([0xfe, 0xff, ...Buffer.from(text, "utf16le").swap16()]);
    expect(decodeText(le, "a.txt")).toBe("Überschrift\nZeile zwei — ok");
    expect(decodeText(be, "a.txt")).toBe("Überschrift\nZeile zwei — ok");
    expect(() => decodeText(new Uint8Array([0xff, 0xfe, 0x00, 0xd8, 0x41]), "b.txt")).toThrow(expect.objectContaining({ code: "E_INPUT_BINARY" }));
  });

  it("refuses invalid UTF-8 and bytes with NULs as binary", () => {
    expect(codeOf(() => decodeText(new Uint8Array([0x61, 0xff, 0xfe, 0x62]), "bad.txt"))).toBe("E_INPUT_BINARY");
    expect(codeOf(() => decodeText(new Uint8Array([0xc3]), "cut.txt"))).toBe("E_INPUT_BINARY");
    expect(codeOf(() => decodeText(new Uint8Array([0x61, 0x00, 0x62]), "nul.txt"))).toBe("E_INPUT_BINARY");
    expect(codeOf(() => decodeText(new Uint8Array([1, 2, 3, 4, 5, 0x61, 0x62, 0x63]), "ctl.txt"))).toBe("E_INPUT_BINARY");
  });

  it("accepts text with a few control characters and strips them", () => {
    const text = `${"word ".repeat(100)}\u0007bell\fpage`;
    expect(looksBinary(utf8(text))).toBe(false);
    expect(decodeText(utf8(text), "a.txt")).toBe(`${"word ".repeat(100)}bell\npage`);
  });
});

describe("normalizeText", () => {
  it("applies NFC, strips controls but keeps tabs and newlines", () => {
    expect(normalizeText("\ufeffCafe\u0301\r\n\tx\u0000y\u001b\u007fz")).toBe("Café\n\txyz");
  });

  it("replaces lone surrogates", () => {
    expect(normalizeText("a\ud800b\udc00c😀")).toBe("a\ufffdb\ufffdc😀");
  });

  it("is idempotent", () => {
    const once = normalizeText("x\r\ny\u0301\u000b\ufeff");
    expect(normalizeText(once)).toBe(once);
  });
});

describe("requireText", () => {
  it("throws E_INPUT_EMPTY for empty and whitespace-only text", () => {
    expect(codeOf(() => requireText("", "a.txt"))).toBe("E_INPUT_EMPTY");
    expect(codeOf(() => requireText(" \n\t\u00a0", "a.txt"))).toBe("E_INPUT_EMPTY");
    expect(requireText(" x ", "a.txt")).toBe(" x ");
    expect(hasText("\n")).toBe(false);
  });
});
