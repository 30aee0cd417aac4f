import { describe, expect, it } from "vitest";
import { countTokens as countO200k } from "gpt-tokenizer/encoding/o200k_base";
import { countTokens, decodeTokens, encodeTokens } from "./tokens.js";

describe("token counting", () => {
  it("counts ordinary text exactly as o200k does", () => {
    const prose = "Section 6. Conveying Non-Source Forms. You may convey a covered work in object code form.";
    expect(countTokens(prose)).toBe(countO200k(prose));
    expect(countTokens("")).toBe(0);
  });

  it("encodes a long run without whitespace in pieces that decode to the same text", () => {
    const text = `Intro. ${"x1<".repeat(5000)} end.`;
    const ids = encodeTokens(text);
    expect(decodeTokens(ids)).toBe(text);
    expect(ids.length).toBe(countTokens(text));
  });
});
