import { describe, expect, it } from "vitest";
import { PecanError } from "../../core/errors.js";
import { parseText } from "./text.js";

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    return error instanceof PecanError ? error.code : `not a PecanError: ${String(error)}`;
  }
  return undefined;
}

describe("parseText", () => {
  it("returns the normalised text without a title", () => {
    expect(parseText(new TextEncoder().encode("\ufeffa\r\nb\u0007c"), "a.txt")).toEqual({ text: "a\nbc" });
  });

  it("refuses invalid UTF-8 and NUL bytes", () => {
    expect(codeOf(() => parseText(new Uint8Array([0xff]), "a.txt"))).toBe("E_INPUT_BINARY");
    expect(codeOf(() => parseText(new Uint8Array([0x61, 0]), "a.txt"))).toBe("E_INPUT_BINARY");
  });
});
