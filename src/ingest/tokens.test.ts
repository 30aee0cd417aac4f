import { describe, expect, it } from "vitest";
import { countTokens as countO200k } from "gpt-tokenizer/encoding/o200k_base";
import { countTokens, decodeTokens, encodeTokens, isTokenCut, joinedTokens, tokenMemo, type CountedRange } from "./tokens.js";

describe("token counting", () => {
  it("counts hostile texts exactly as o200k does (the piece cache changes no count)", () => {
    for (let seed = 1; seed <= 200; seed++) {
      // Without runs longer than 256 characters, which o200k is given in bounded pieces.
      const text = hostileText(seed * 31, 250).replaceAll("x".repeat(300), "xx");
      expect(countTokens(text), `seed ${seed}`).toBe(countO200k(text, { disallowedSpecial: new Set() }));
      expect(countTokens(text), `seed ${seed}, again`).toBe(encodeTokens(text).length);
    }
  });

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

/** A deterministic text of `length` characters drawn from pieces that stress the o200k split. */
function hostileText(seed: number, length: number): string {
  const atoms = [
    " ", "  ", "\t", "\n", "\n\n", "\r\n", "\u00a0", "\u3000", "\u2028", ".", ",", "!?", "/", "'s", "’", "'LL", "-", "(", ")", "\"",
    "the", "The", "ACME", "iPhone", "naïve", "e\u0301", "12", "1999", "3.5", "x".repeat(300), "日本語", "😀", "Ωμέγα", "ΣΑΣ", "<|endoftext|>", "http://a.b/c",
  ];
  let state = seed >>> 0;
  const next = (): number => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state;
  };
  let out = "";
  while (out.length < length) out += atoms[next() % atoms.length];
  return out;
}

describe("isTokenCut and joinedTokens", () => {
  it("counts are additive at every token cut of hostile texts", () => {
    let cuts = 0;
    for (let seed = 1; seed <= 150; seed++) {
      const text = hostileText(seed, 300);
      const whole = countTokens(text);
      for (let p = 1; p < text.length; p++) {
        if (!isTokenCut(text, p)) continue;
        cuts++;
        expect(countTokens(text.slice(0, p)) + countTokens(text.slice(p)), `seed ${seed} at ${p}`).toBe(whole);
      }
    }
    expect(cuts).toBeGreaterThan(500);
  });

  it("a cut needs a non-space then a space that is not a line break", () => {
    expect(isTokenCut("a b", 1)).toBe(true);
    expect(isTokenCut("a\u00a0b", 1)).toBe(true);
    expect(isTokenCut(".\nb", 1)).toBe(false);
    expect(isTokenCut("a  b", 2)).toBe(false);
    expect(isTokenCut("ab", 1)).toBe(false);
    expect(isTokenCut("a b", 0)).toBe(false);
  });

  it("joins the counts of consecutive ranges into the exact count of their span", () => {
    for (let seed = 1; seed <= 60; seed++) {
      const text = hostileText(seed * 7919, 600);
      // Ranges separated by gaps at arbitrary places, as sentences and pieces are.
      const parts: CountedRange[] = [];
      let at = 0;
      let k = seed;
      while (at < text.length) {
        const end = Math.min(text.length, at + 20 + ((k * 37) % 90));
        parts.push({ start: at, end, tokens: countTokens(text.slice(at, end)) });
        at = end + ((k * 13) % 3);
        k++;
      }
      for (let n = 1; n <= parts.length; n++) {
        const some = parts.slice(0, n);
        const span = text.slice(some[0]!.start, some[n - 1]!.end);
        expect(joinedTokens(text, some), `seed ${seed}, ${n} parts`).toBe(countTokens(span));
      }
    }
  });

  it("joins parts without a cut of their own (table cells, single words) exactly", () => {
    const cells = ["$", "1,234", "(56)", "Revenue", "\n", "—", "12.5%", "x".repeat(300), "é", "a b", " ", "\t", "Net income"];
    let parts = 0;
    for (let seed = 1; seed <= 200; seed++) {
      // Short ranges, most without a cut inside, some with one, separated by zero to two characters.
      let text = "";
      const ranges: { start: number; end: number }[] = [];
      for (let k = 0; k < 2 + (seed % 9); k++) {
        if (k > 0) text += ["", " ", "\n", "  ", " \n"][(seed * 7 + k * 3) % 5];
        const cell = cells[(seed * 31 + k * 17) % cells.length]!;
        ranges.push({ start: text.length, end: text.length + cell.length });
        text += cell;
      }
      const counted = ranges.map((r) => ({ ...r, tokens: countTokens(text.slice(r.start, r.end)) }));
      for (let n = 1; n <= counted.length; n++) {
        const some = counted.slice(0, n);
        expect(joinedTokens(text, some), `seed ${seed}, ${n} parts of ${JSON.stringify(text)}`).toBe(countTokens(text.slice(some[0]!.start, some[n - 1]!.end)));
        parts += n;
      }
      // Any window of consecutive parts, not only those from the first.
      for (let i = 1; i < counted.length; i++) {
        const some = counted.slice(i);
        expect(joinedTokens(text, some), `seed ${seed}, from part ${i}`).toBe(countTokens(text.slice(some[0]!.start, some[some.length - 1]!.end)));
      }
    }
    expect(parts).toBeGreaterThan(500);
  });
});
