import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { asDocId, asNodeId } from "../core/ids.js";
import { analyze } from "../core/analyze.js";
import { splitSentences } from "../ingest/sentences.js";
import type { ReadingUnit } from "../retrieval/units.js";
import type { ReaderItem } from "./reader.js";
import { createExtractiveReader } from "./extractive-reader.js";
import { DEFAULT_ABSTAIN, NOT_FOUND_ANSWER, rightProbability, supportProbability } from "./abstain.js";
import { RANK_FEATURES, type RankModel } from "./rank.js";
import { extractAnswer, type ExtractOptions } from "./extract.js";

/** Every sentence of `text` read, with relevance = share of the question's terms it holds. */
function itemsOf(text: string, question: string, docId = "doc"): ReaderItem[] {
  const q = new Set(analyze(question));
  return splitSentences(text).map((span, i) => {
    const sentence = text.slice(span.start, span.end);
    const terms = new Set(analyze(sentence));
    const unit: ReadingUnit = { docId: asDocId(docId), nodeId: asNodeId(`${docId}:L0:${i}`), node: i, level: 0, text: sentence, spans: [span], tokens: 10 };
    return { unit, relevance: q.size > 0 ? [...q].filter((t) => terms.has(t)).length / q.size : 0, title: docId };
  });
}

/** The span ranking alone: a typed question gets its best span even when its sentence holds a close rival. */
const SPAN_ONLY: Partial<ExtractOptions> = { sentenceMargin: 0.5 };

async function ask(text: string, question: string, extract: Partial<ExtractOptions> = SPAN_ONLY) {
  return createExtractiveReader({ extract }).read({ question, items: itemsOf(text, question) });
}

const BRIDGE =
  "The Old Mill Bridge crosses the river at Harlow. It was designed by the engineer Margaret Ellison. " +
  "Construction began in 1931 and the bridge opened on 14 November 1934. The works cost $2.5 million. " +
  "It is 412 metres long and carries about 18 percent of the town's traffic. Building the bridge took three years. " +
  "The bridge is owned by the Harlow Transit Company. Its design appears in the film \"River of Stone\".";

describe("extractive reader: typed answers on hand-written passages", () => {
  it.each([
    ["When did the Old Mill Bridge open?", "14 November 1934"],
    ["Who designed the Old Mill Bridge?", "Margaret Ellison"],
    ["How much did the Old Mill Bridge cost?", "$2.5 million"],
    ["What percentage of traffic does the bridge carry?", "18 percent"],
    ["How long did building the bridge take?", "three years"],
    ["Which company owns the bridge?", "Harlow Transit Company"],
    ["In which film does the bridge's design appear?", "River of Stone"],
    ["How long is the bridge in metres?", "412 metres"],
  ])("%s → %s", async (question, expected) => {
    const out = await ask(BRIDGE, question);
    expect(out.found).toBe(true);
    expect(out.answer).toBe(expected);
    // The first citation is the complete sentence the span came from.
    expect(out.citations[0]!.text).toContain(expected);
    expect(BRIDGE.slice(out.citations[0]!.start, out.citations[0]!.end)).toBe(out.citations[0]!.text);
  });

  it("answers where-questions with a place, not a person", async () => {
    const text = "Anna Berg was a painter. Anna Berg was born in Uppsala, Sweden in 1901. She studied under Carl Larsson.";
    // A place with its region is named whole.
    expect((await ask(text, "Where was Anna Berg born?")).answer).toBe("Uppsala, Sweden");
  });

  it("names a place with its region, but not a person with the next name of a list", async () => {
    const text = "Two Dollar Radio is a small publishing house based in Columbus, Ohio. Two Dollar Radio was founded by Eric Obenauf, Eliza Wood and friends.";
    expect((await ask(text, "Where is Two Dollar Radio based?")).answer).toBe("Columbus, Ohio");
    expect((await ask(text, "Who founded Two Dollar Radio?")).answer).toBe("Eric Obenauf");
  });

  it("in a cast line, names the actor before 'as' and the role the question asks about", async () => {
    const text = "The cast of the film was announced in 2016. Nathan Mack as Chip , Mrs. Potts ' plucky son who has been turned into a teacup .";
    const question = "who plays chip in the film";
    expect(extractAnswer(question, itemsOf(text, question), SPAN_ONLY).answer).toBe("Nathan Mack");
  });

  it("in a character line, names the actor after 'voiced by' the role the question asks about", () => {
    const text = "Django Brown ( voiced by Alec Holden ) is a friend of Phineas and Ferb . Phineas Flynn ( voiced by Vincent Martella ) has red hair .";
    const question = "who does the voice of phineas on phineas and ferb";
    expect(extractAnswer(question, itemsOf(text, question), SPAN_ONLY).answer).toBe("Vincent Martella");
    // The role's line wins over a line that holds more of the question only with a strong cue.
    expect(extractAnswer(question, itemsOf(text, question), { ...SPAN_ONLY, roleCue: 1.2 }).answer).toBe("Alec Holden");
  });

  it("does not take a capitalised common word that opens a sentence for a name", () => {
    const text = "Oldest player to score in the league . The oldest scorer was Kareem Abdul-Jabbar , in his last season .";
    const question = "who is the oldest player to score in the league";
    expect(extractAnswer(question, itemsOf(text, question), SPAN_ONLY).answer).toBe("Kareem Abdul-Jabbar");
  });

  it("takes the name the question's head noun introduces ('the river Lune' for 'what river')", () => {
    const text = "The Old Mill Bridge crosses the river Lune at Harlow .";
    const question = "What river does the bridge cross?";
    expect(extractAnswer(question, itemsOf(text, question), SPAN_ONLY).answer).toBe("Lune");
  });

  it("does not take a sentence adverb for a name", () => {
    const text = "Moreover, your licence from a copyright holder is reinstated permanently.";
    const question = "Who is the copyright holder?";
    expect(extractAnswer(question, itemsOf(text, question), SPAN_ONLY).span).toBeUndefined();
  });

  it("does not answer with a span the question writes as one word", async () => {
    const text = "No franchise has won three Super Bowls in a row. The Green Bay Packers won the first two Super Bowls.";
    const question = "who won the most superbowls in a row";
    expect(extractAnswer(question, itemsOf(text, question), SPAN_ONLY).answer).toBe("Green Bay Packers");
  });

  it("does not answer with a span that only repeats the question's words", async () => {
    const text = "Beauty and the Beast is a 2017 film. Dan Stevens voices the Beast in Beauty and the Beast.";
    const out = await ask(text, "who voices the Beast in Beauty and the Beast");
    expect(out.answer).toBe("Dan Stevens");
  });
});

describe("extractive reader: span or sentence", () => {
  it("names the span when its sentence offers no close rival of the type", async () => {
    const out = await ask(BRIDGE, "Who designed the Old Mill Bridge?", {});
    expect(out.answer).toBe("Margaret Ellison");
  });

  it("answers with the sentence when it holds two candidates of the type that score alike", async () => {
    const out = await ask(BRIDGE, "When did the Old Mill Bridge open?", {});
    expect(out.answer).toBe("Construction began in 1931 and the bridge opened on 14 November 1934.");
    const x = extractAnswer("When did the Old Mill Bridge open?", itemsOf(BRIDGE, "When did the Old Mill Bridge open?"));
    expect(x.form).toBe("sentence");
    expect(x.alternatives[0]?.text).toBe("14 November 1934");
  });

  it("cuts a sentence answer to the clause that holds the rivals", () => {
    const text = "The bridge opened in 1934 or 1935 ; its designer Margaret Ellison retired much later.";
    const question = "In what year did the bridge open?";
    const x = extractAnswer(question, itemsOf(text, question));
    expect(x.form).toBe("sentence");
    expect(x.answer).toBe("The bridge opened in 1934 or 1935");
    expect(x.sentence?.text).toBe(text);
  });
});

describe("extractive reader: sentence answers", () => {
  it("takes a 'consists of' sentence as defining its subject", async () => {
    const text = "The baseline made use of the seed lexicon and its labels. The seed lexicon consists of fifteen positive and fifteen negative predicates.";
    const out = await ask(text, "What is the seed lexicon?");
    expect(out.answer).toBe("The seed lexicon consists of fifteen positive and fifteen negative predicates.");
  });

  it("answers a definition question with the defining sentence, whole", async () => {
    const text =
      "HISTCONTROL is a colon-separated list of values controlling how commands are saved. " +
      "A value of ignoreboth is shorthand for ignorespace and ignoredups. Other values are ignored.";
    const out = await ask(text, "What does ignoreboth mean?");
    expect(out.answer).toBe("A value of ignoreboth is shorthand for ignorespace and ignoredups.");
  });

  it("answers an option question with the option line", async () => {
    const text = "ssh connects to a remote host.\n\n-A  Enables forwarding of the authentication agent.\n\n-X  Enables X11 forwarding.\n\nWarning: X11 forwarding should be enabled with caution.";
    const out = await ask(text, "Which option enables X11 forwarding?");
    expect(out.answer).toContain("-X");
  });

  it("answers a why-question with prose, not a heading or a reference entry", async () => {
    const text =
      "Why the project failed\n\nThe project failed because the funding was withdrawn in its second year. " +
      '`` Why the project failed \'\' . Retrieved 2 May 2019.';
    const out = await ask(text, "Why did the project fail?");
    expect(out.answer).toBe("The project failed because the funding was withdrawn in its second year.");
  });

  it("quotes a contract clause whole", async () => {
    const text = "1. Definitions apply. 2. This Agreement shall be governed by the laws of the State of New York, without regard to its conflict of law principles. 3. Notices.";
    const out = await ask(text, 'Highlight the parts (if any) of this contract related to "Governing Law" that should be reviewed by a lawyer. Details: Which state/country\'s law governs the interpretation of the contract?');
    expect(out.answer).toContain("This Agreement shall be governed by the laws of the State of New York, without regard to its conflict of law principles.");
  });
});

describe("extractive reader: abstention", () => {
  it("says the documents do not contain the answer when the question's terms are not there", async () => {
    const text = "The Old Mill Bridge crosses the river at Harlow. It was designed by Margaret Ellison.";
    const out = await createExtractiveReader().read({ question: "What is the capital of France?", items: itemsOf(text, "bridge") });
    expect(out.found).toBe(false);
    expect(out.answer).toBe(NOT_FOUND_ANSWER);
    expect(out.citations.length).toBeGreaterThan(0);
    expect(out.confidence).toBeLessThan(0.5);
  });
});

describe("extractive reader: confidence and found are two models", () => {
  it("confidence is the probability that the answer is right; found is the support model's decision", async () => {
    const question = "When did the Old Mill Bridge open?";
    const items = itemsOf(BRIDGE, question);
    const out = await createExtractiveReader().read({ question, items });
    const x = extractAnswer(question, items);
    expect(out.confidence).toBeCloseTo(rightProbability(x.features), 4);
    expect(out.found).toBe(supportProbability(x.features) >= DEFAULT_ABSTAIN.threshold);
    // The answer's own features move the confidence but not the support probability.
    const weaker = { ...x.features, answerScore: 0, predicate: 0 };
    expect(rightProbability(weaker)).toBeLessThan(rightProbability(x.features));
    expect(supportProbability(weaker)).toBe(supportProbability(x.features));
  });
});

describe("extractive reader: the fitted candidate ranker (off by default)", () => {
  const only = (feature: (typeof RANK_FEATURES)[number], weight: number): RankModel => ({
    bias: 0,
    weights: Object.fromEntries(RANK_FEATURES.map((n) => [n, n === feature ? weight : 0])) as RankModel["weights"],
  });
  const text = "Anna Berg founded the Harlow Rowing Club in 1921. The club's first captain, chosen by its members, was Tom Reyes.";
  const question = "Who was the first captain of the Harlow Rowing Club?";

  it("orders candidates by its model when on, by the hand-set score when off", () => {
    const items = itemsOf(text, question);
    const hand = extractAnswer(question, items, SPAN_ONLY);
    expect(extractAnswer(question, items, { ...SPAN_ONLY, rank: 1, rankModel: only("handScore", 5) }).answer).toBe(hand.answer);
    // A model that prefers the first read unit answers from it, one that prefers later units from the second.
    const first = extractAnswer(question, items, { ...SPAN_ONLY, rank: 1, rankModel: only("readOrder", 50) });
    const later = extractAnswer(question, items, { ...SPAN_ONLY, rank: 1, rankModel: only("readOrder", -50) });
    expect([first.sentence?.item, later.sentence?.item]).toEqual([0, 1]);
    expect(first.answer).toBe("Anna Berg");
    expect(later.answer).toBe("Tom Reyes");
  });

  it("gives every candidate the ranker's features, each finite", () => {
    const x = extractAnswer(question, itemsOf(text, question), { rankFeatures: 1 });
    expect(x.alternatives.length).toBeGreaterThan(1);
    for (const a of x.alternatives) for (const n of RANK_FEATURES) expect(Number.isFinite(a.rank![n])).toBe(true);
    expect(x.alternatives[0]!.rank!.handRank).toBe(1);
  });

  it("computes no ranker features when the ranker and its features are off, and answers the same", () => {
    const items = itemsOf(text, question);
    const off = extractAnswer(question, items);
    const on = extractAnswer(question, items, { rankFeatures: 1 });
    expect(off.alternatives.every((a) => a.rank === undefined)).toBe(true);
    expect(off.answer).toBe(on.answer);
    expect(off.features).toEqual(on.features);
    expect(off.alternatives.map((a) => [a.text, a.score])).toEqual(on.alternatives.map((a) => [a.text, a.score]));
  });
});

describe("extractive reader: invariants", () => {
  const word = fc.constantFrom("bridge", "river", "Harlow", "1934", "opened", "Ellison", "$5", "metres", "the", "was", "in", "Margaret", "company", "film", "12", "percent");
  const sentence = fc.array(word, { minLength: 2, maxLength: 12 }).map((w) => `${w.join(" ")}.`);
  const text = fc.array(sentence, { minLength: 1, maxLength: 8 }).map((s) => s.join(" "));
  const question = fc.array(word, { minLength: 1, maxLength: 6 }).chain((w) => fc.constantFrom("When", "Who", "How many", "What", "Where", "Why").map((wh) => `${wh} ${w.join(" ")}?`));

  it("the answer is a verbatim slice of a read unit and its sentence is the first citation", async () => {
    await fc.assert(
      fc.asyncProperty(text, question, async (t, q) => {
        const items = itemsOf(t, q);
        const out = await createExtractiveReader().read({ question: q, items });
        for (const c of out.citations) expect(t.slice(c.start, c.end)).toBe(c.text);
        if (!out.found) return;
        const first = out.citations[0]!;
        expect(first.text).toContain(out.answer);
        expect(items.some((i) => i.unit.text.includes(out.answer) && i.unit.spans[0]!.start <= first.start && first.end <= i.unit.spans[0]!.end)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});

describe("extractive reader: comparison questions", () => {
  it("answers with one of the two options, by the years read when the question compares times", async () => {
    const text = "Guitar World is a monthly music magazine first published in 1980. Science News is an American magazine first published in 1922.";
    const out = await ask(text, "Which magazine was published first, Guitar World or Science News?");
    expect(out.answer).toBe("Science News");
  });
});
