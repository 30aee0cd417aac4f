import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DocumentTerms } from "./document-terms.js";
import { cosine, dot, EMPTY_VECTOR, sparseVector } from "./sparse-vector.js";

describe("sparse vectors", () => {
  it("dot and cosine agree with a dense computation", () => {
    const entries = fc.dictionary(fc.integer({ min: 0, max: 40 }).map(String), fc.double({ min: 0.01, max: 10, noNaN: true }));
    fc.assert(
      fc.property(entries, entries, (a, b) => {
        const va = sparseVector(new Map(Object.entries(a).map(([k, v]) => [Number(k), v])));
        const vb = sparseVector(new Map(Object.entries(b).map(([k, v]) => [Number(k), v])));
        let d = 0;
        for (const [k, v] of Object.entries(a)) d += v * (b[k] ?? 0);
        expect(dot(va, vb)).toBeCloseTo(d, 9);
        const na = Math.hypot(...Object.values(a));
        const nb = Math.hypot(...Object.values(b));
        expect(cosine(va, vb)).toBeCloseTo(na === 0 || nb === 0 ? 0 : d / (na * nb), 9);
      }),
    );
    expect(cosine(EMPTY_VECTOR, sparseVector(new Map([[1, 1]])))).toBe(0);
  });
});

describe("DocumentTerms", () => {
  const terms = DocumentTerms.fromText("Acme makes bicycles. Acme sells bicycles in Lyon. The river floods Lyon.");

  it("counts sentence frequencies: rarer terms weigh more", () => {
    expect(terms.sentences).toBe(3);
    const acme = terms.idf(terms.termId("acme"));
    const river = terms.idf(terms.termId("river"));
    const unseen = terms.idf(terms.termId("zebra"));
    expect(river).toBeGreaterThan(acme);
    expect(unseen).toBeGreaterThan(river);
    expect(acme).toBeGreaterThan(0);
  });

  it("gives the same vector for the same text, and cosine 1 with itself", () => {
    const v = terms.vector("Acme sells bicycles.");
    expect(terms.vector("Acme sells bicycles.")).toBe(v);
    expect(cosine(v, DocumentTerms.fromText("Acme makes bicycles. Acme sells bicycles in Lyon. The river floods Lyon.").vector("Acme sells bicycles."))).toBeCloseTo(1, 12);
    expect(cosine(v, terms.vector("The river floods."))).toBe(0);
  });
});
