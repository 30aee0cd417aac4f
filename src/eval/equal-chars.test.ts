import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { asDocId } from "../index.js";
import { charsRead, cutToChars } from "./equal-chars.js";
import type { Reading } from "./methods/method.js";

const doc = asDocId("d");

function reading(lengths: readonly number[][]): Reading {
  let at = 0;
  const steps = lengths.map((spans) => ({
    docId: doc,
    spans: spans.map((n) => {
      const span = { start: at, end: at + n };
      at += n + 3;
      return span;
    }),
    tokens: Math.ceil(spans.reduce((a, b) => a + b, 0) / 4),
  }));
  return { steps, tokens: steps.reduce((n, s) => n + s.tokens, 0), ms: 1 };
}

describe("cutToChars", () => {
  it("keeps whole steps, then the part of the next that fits", () => {
    const cut = cutToChars(reading([[10], [6, 6], [8]]), 14);
    expect(cut.steps.map((s) => s.spans)).toEqual([[{ start: 0, end: 10 }], [{ start: 13, end: 17 }]]);
    expect(charsRead(cut)).toBe(14);
  });

  it("reads min(chars, what was read), as a prefix of the reading in its order", () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 1, maxLength: 3 }), { maxLength: 8 }), fc.integer({ min: 0, max: 400 }), (lengths, chars) => {
        const full = reading(lengths);
        const cut = cutToChars(full, chars);
        expect(charsRead(cut)).toBe(Math.min(chars, charsRead(full)));
        cut.steps.forEach((step, i) => {
          const whole = full.steps[i]!;
          step.spans.forEach((span, k) => {
            expect(span.start).toBe(whole.spans[k]!.start);
            expect(span.end).toBeLessThanOrEqual(whole.spans[k]!.end);
          });
          expect(step.tokens).toBeLessThanOrEqual(whole.tokens);
        });
      }),
    );
  });
});
