import { describe, expect, it } from "vitest";
import fc from "fast-check";
import type { Span } from "../core/types.js";
import { DEFAULT_SENTENCES, splitSentences } from "./sentences.js";

function sentences(text: string, maxChars?: number): string[] {
  const options = maxChars === undefined ? {} : { maxChars };
  return splitSentences(text, options).map((s) => text.slice(s.start, s.end));
}

/** Ordered, trimmed, non-overlapping spans with only whitespace between and around them. */
function assertCovers(text: string, spans: readonly Span[]): void {
  let prev = 0;
  for (const span of spans) {
    expect(span.start).toBeGreaterThanOrEqual(prev);
    expect(span.end).toBeGreaterThan(span.start);
    expect(text.slice(prev, span.start).trim()).toBe("");
    expect(/\s/.test(text[span.start] ?? "")).toBe(false);
    expect(/\s/.test(text[span.end - 1] ?? "")).toBe(false);
    prev = span.end;
  }
  expect(prev).toBeLessThanOrEqual(text.length);
  expect(text.slice(prev).trim()).toBe("");
}

function bestMs(run: () => unknown): number {
  let best = Infinity;
  for (let i = 0; i < 3; i++) {
    const started = performance.now();
    run();
    best = Math.min(best, performance.now() - started);
  }
  return best;
}

const PIECES = [
  "a", "Word", "the", "Mr.", "Dr.", "e.g.", "U.S.", "Inc.", "No.", "3.14", "$1,200.50", "J.", ".", "!", "?",
  "...", "…", "\"", "'", ")", "(", "”", " ", " ", "  ", "\n", "\n\n", "\t", "|", "#", "- ", "* ", "• ", "1. ",
  "(a) ", "\r", "\r\n", "é", "e\u0301", "日本語", "。", "😀", "\u00a0", "\u2028", "\ufeff", "x".repeat(40),
];
const structured = fc.array(fc.constantFrom(...PIECES), { maxLength: 80 }).map((parts) => parts.join(""));
const anyText = fc.oneof(structured, fc.string({ unit: "binary", maxLength: 200 }), fc.string({ maxLength: 200 }));

describe("splitSentences properties", () => {
  it("covers every non-whitespace character once, in order, trimmed", () => {
    fc.assert(
      fc.property(anyText, (text) => {
        assertCovers(text, splitSentences(text));
      }),
      { numRuns: 600 },
    );
  });

  it("never returns a span longer than maxChars", () => {
    fc.assert(
      fc.property(anyText, fc.integer({ min: 2, max: 60 }), (text, maxChars) => {
        const spans = splitSentences(text, { maxChars });
        assertCovers(text, spans);
        for (const span of spans) expect(span.end - span.start).toBeLessThanOrEqual(maxChars);
      }),
      { numRuns: 400 },
    );
  });
});

describe("splitSentences cases", () => {
  it("splits plain sentences after . ! and ?", () => {
    expect(sentences("It rained. Did it? Yes! Fine.")).toEqual(["It rained.", "Did it?", "Yes!", "Fine."]);
  });

  it("keeps abbreviations inside a sentence", () => {
    expect(sentences("Mr. Smith met Dr. Jones. They talked.")).toEqual(["Mr. Smith met Dr. Jones.", "They talked."]);
    expect(sentences("Use tools, e.g. hammers, i.e. heavy ones. Done.")).toEqual([
      "Use tools, e.g. hammers, i.e. heavy ones.",
      "Done.",
    ]);
    expect(sentences("See Fig. 3 and No. 5 in the text. Next.")).toEqual(["See Fig. 3 and No. 5 in the text.", "Next."]);
    expect(sentences("Cats vs. Dogs is a film. It is long.")).toEqual(["Cats vs. Dogs is a film.", "It is long."]);
  });

  it("lets an abbreviation end a sentence before a sentence-opening word", () => {
    expect(sentences("He joined Acme Inc. The firm grew.")).toEqual(["He joined Acme Inc.", "The firm grew."]);
    expect(sentences("Acme Inc. Staff were paid.")).toEqual(["Acme Inc. Staff were paid."]);
    expect(sentences("He lives in the U.S. The weather is fine.")).toEqual(["He lives in the U.S.", "The weather is fine."]);
    expect(sentences("The U.S. Army arrived.")).toEqual(["The U.S. Army arrived."]);
    expect(sentences("As Smith et al. showed, it works. Smith et al. (2020) agree.")).toEqual([
      "As Smith et al. showed, it works.",
      "Smith et al. (2020) agree.",
    ]);
    expect(sentences("This was shown by Smith et al. The result holds.")).toEqual([
      "This was shown by Smith et al.",
      "The result holds.",
    ]);
    expect(sentences("Say no. No one listened.")).toEqual(["Say no.", "No one listened."]);
  });

  it("keeps decimals, money and versions whole", () => {
    expect(sentences("Pi is 3.14 and it cost $1,200.50 today. Version 1.2.3 shipped. It cost $5. Then more.")).toEqual([
      "Pi is 3.14 and it cost $1,200.50 today.",
      "Version 1.2.3 shipped.",
      "It cost $5.",
      "Then more.",
    ]);
  });

  it("keeps initials with the name", () => {
    expect(sentences("J. R. R. Tolkien wrote it. So did I. Then we read.")).toEqual([
      "J. R. R. Tolkien wrote it.",
      "So did I.",
      "Then we read.",
    ]);
  });

  it("keeps closing quotes and brackets with their sentence", () => {
    expect(sentences('He said "Stop." Then he left.')).toEqual(['He said "Stop."', "Then he left."]);
    expect(sentences("She wrote (see above.) Then more.")).toEqual(["She wrote (see above.)", "Then more."]);
    expect(sentences("“Go.” ‘Now!’ Fine.")).toEqual(["“Go.”", "‘Now!’", "Fine."]);
  });

  it("handles ellipses", () => {
    expect(sentences("He paused... Then he left. Wait… what? Well. . . no.")).toEqual([
      "He paused...",
      "Then he left.",
      "Wait… what?",
      "Well. . . no.",
    ]);
  });

  it("does not split before a lower-case continuation", () => {
    expect(sentences("The file is at example.com. it was moved.")).toEqual(["The file is at example.com. it was moved."]);
  });

  it("makes each list item a sentence", () => {
    const text = "Shopping:\n- milk\n- eggs. Fresh ones.\n* bread\n• jam\n1. first\n2) second\n(a) alpha\n(iv) four";
    expect(sentences(text)).toEqual([
      "Shopping:",
      "- milk",
      "- eggs.",
      "Fresh ones.",
      "* bread",
      "• jam",
      "1. first",
      "2) second",
      "(a) alpha",
      "(iv) four",
    ]);
  });

  it("lets a list item continue on a lower-case line", () => {
    expect(sentences("- a point that goes\n  on to the next line\n- another")).toEqual([
      "- a point that goes\n  on to the next line",
      "- another",
    ]);
  });

  it("makes headings their own sentences", () => {
    expect(sentences("# Title\nSome text here. More text.\n\n## Part Two\nBody.")).toEqual([
      "# Title",
      "Some text here.",
      "More text.",
      "## Part Two",
      "Body.",
    ]);
    expect(sentences("Introduction\nThe method works well. It is fast.")).toEqual([
      "Introduction",
      "The method works well.",
      "It is fast.",
    ]);
    expect(sentences("Results And Discussion Of The Main Experiment\nWe found that the effect was large in every trial run.")).toEqual([
      "Results And Discussion Of The Main Experiment",
      "We found that the effect was large in every trial run.",
    ]);
    expect(sentences("Chapter One\n\nIt was dark.")).toEqual(["Chapter One", "It was dark."]);
    expect(sentences("IV. Results\nThe model ran. 1.2 Setup\n2. Method\n2.2. The Source Files\nIt works.")).toEqual([
      "IV. Results",
      "The model ran.",
      "1.2 Setup",
      "2. Method",
      "2.2. The Source Files",
      "It works.",
    ]);
  });

  it("joins hard-wrapped prose lines", () => {
    const text =
      "The committee reviewed the proposal in detail over several long sessions\n" +
      "and Parliament approved it with a clear majority in the final vote held\n" +
      "on Tuesday. Nobody objected.";
    expect(sentences(text)).toEqual([
      "The committee reviewed the proposal in detail over several long sessions\n" +
        "and Parliament approved it with a clear majority in the final vote held\n" +
        "on Tuesday.",
      "Nobody objected.",
    ]);
  });

  it("makes each table row a sentence", () => {
    const text = "| Name | Role |\n|---|---|\n| Dr. X. Y. | Lead. Chief |\nA | B\nC | D\nname\tage\nbob\t5\nAfter it.";
    expect(sentences(text)).toEqual([
      "| Name | Role |",
      "|---|---|",
      "| Dr. X. Y. | Lead. Chief |",
      "A | B",
      "C | D",
      "name\tage",
      "bob\t5",
      "After it.",
    ]);
  });

  it("ends a sentence at a blank line", () => {
    expect(sentences("no punctuation here\n\nnor here\n \n\t\nlast")).toEqual(["no punctuation here", "nor here", "last"]);
  });

  it("splits scripts written without spaces after their full stops", () => {
    expect(sentences("你好。我很好！你呢？")).toEqual(["你好。", "我很好！", "你呢？"]);
  });

  it("cuts long unpunctuated runs at maxChars, preferring whitespace", () => {
    const words = Array.from({ length: 400 }, (_, i) => `word${i}`).join(" ");
    const parts = sentences(words, 100);
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) {
      expect(part.length).toBeLessThanOrEqual(100);
      expect(part).toMatch(/^word\d+( word\d+)*$/);
    }
    expect(parts.join(" ")).toBe(words);
    const blob = "x".repeat(2500);
    expect(sentences(blob).map((p) => p.length)).toEqual([1000, 1000, 500]);
    expect(DEFAULT_SENTENCES.maxChars).toBe(1000);
  });

  it("does not cut a surrogate pair", () => {
    const text = "😀".repeat(30);
    for (const part of sentences(text, 7)) expect(part).toMatch(/^(?:😀)+$/u);
  });

  it("returns nothing for empty or whitespace-only text", () => {
    expect(splitSentences("")).toEqual([]);
    expect(splitSentences(" \n\t \u00a0")).toEqual([]);
  });

  it("is fast on a 500 KB text", () => {
    const paragraph =
      "Mr. Smith paid $1,200.50 on 3.14 days. He said \"Stop.\" Then he left... " +
      "The U.S. Army came, e.g. at noon. Smith et al. The end!\n- item one\n| a | b |\n\n";
    const text = paragraph.repeat(Math.ceil(500_000 / paragraph.length));
    expect(splitSentences(text).length).toBeGreaterThan(10_000);
    // Best of three: the machine may be busy with other work.
    expect(bestMs(() => splitSentences(text))).toBeLessThan(200);
    const noPunctuation = "lorem ipsum ".repeat(45_000);
    expect(bestMs(() => splitSentences(noPunctuation))).toBeLessThan(200);
  });
});

describe("hard-wrapped plain text (man pages, RFCs, mail)", () => {
  const MAN =
    "       HISTCONTROL\n" +
    "              A colon-separated list of values controlling how commands are saved on\n" +
    "              the history list.  A value of ignoreboth is\n" +
    "              shorthand for ignorespace and ignoredups.\n\n" +
    "\tHISTSIZE\tThe number of commands to remember in the command\n" +
    "\t\thistory.  The default value is 500.\n";
  const RFC =
    "   The Transmission Control Protocol (TCP) is intended for use as a highly\n" +
    "   reliable host-to-host protocol between hosts in packet-switched computer\n" +
    "   communication networks.\n";

  it("a line break inside a paragraph is not a sentence end; indentation and one tab are not a table", () => {
    const got = splitSentences(MAN).map((s) => MAN.slice(s.start, s.end).replace(/\s+/g, " "));
    expect(got).toEqual([
      "HISTCONTROL",
      "A colon-separated list of values controlling how commands are saved on the history list.",
      "A value of ignoreboth is shorthand for ignorespace and ignoredups.",
      "HISTSIZE The number of commands to remember in the command history.",
      "The default value is 500.",
    ]);
    expect(splitSentences(RFC)).toHaveLength(1);
  });

  it("keeps exact offsets on wrapped text: every span slices the text, trimmed, in order", () => {
    const word = fc.constantFrom("alpha", "beta", "Gamma", "delta.", "host-to-", "iden-", "tifier", "RFC", "1.2", "e.g.", "(see", "below)", "ignoreboth");
    const line = fc.tuple(fc.constantFrom("", "   ", "\t", "       "), fc.array(word, { minLength: 1, maxLength: 9 })).map(([indent, words]) => `${indent}${words.join(" ")}`);
    const wrapped = fc.array(fc.tuple(line, fc.constantFrom("\n", "\n", "\n\n", "\t\n")), { maxLength: 14 }).map((ls) => ls.map(([l, end]) => l + end).join(""));
    fc.assert(
      fc.property(wrapped, (text) => {
        const spans = splitSentences(text);
        assertCovers(text, spans);
        for (const span of spans) expect(text.slice(span.start, span.end).length).toBe(span.end - span.start);
      }),
      { numRuns: 400 },
    );
  });
});
