import { describe, expect, it } from "vitest";
import { countTokens as countO200k } from "gpt-tokenizer/encoding/o200k_base";
import { countTokens, decodeTokens, encodeTokens, tokenMemo } from "./tokens.js";

describe("token counting", () => {
  it("counts ordinary text exactly as o200k does", () => {
    const prose = "Section 6. Conveying Non-Source Forms. You may convey a covered work in object code form.";
    expect(countTokens(prose)).toBe(countO200k(prose));
    expect(countTokens("")).toBe(0);
  });

  it("counts a long text in spans with exactly the tokenizer's count, whatever its spacing", () => {
    const words = ["harbour", "lantern", "  double", "\ttab", "new\nline", "1874.", "Ünïcode", "end,", "x", "   "];
    const text = Array.from({ length: 40_000 }, (_, i) => words[(i * 7919) % words.length]).join(" ");
    expect(text.length).toBeGreaterThan(200_000);
    expect(countTokens(text)).toBe(countO200k(text));
  });

  it("encodes a long run without whitespace in pieces that decode to the same text", () => {
    const text = `Intro. ${"x1<".repeat(5000)} end.`;
    const ids = encodeTokens(text);
    expect(decodeTokens(ids)).toBe(text);
    expect(ids.length).toBe(countTokens(text));
  });
});

describe("tokenMemo", () => {
  it("counts as countTokens does, each distinct text once", () => {
    const texts = ["The term ends on 1 May.", "Each party may terminate.", "The term ends on 1 May.", "", "x".repeat(300), ""];
    const asked: string[] = [];
    const memo = tokenMemo((t) => (asked.push(t), countTokens(t)));
    for (const t of texts) expect(memo(t)).toBe(countTokens(t));
    expect(asked).toEqual([...new Set(texts)]);
  });
});
