/**
 * The extractive answer: score every read sentence (the walk's relevance and how many of the
 * question's terms it holds), then every typed candidate span inside the good sentences (type
 * fit, nearness to the question's terms in a window, terms of the question it merely repeats,
 * agreement of the same span across sentences). Typed questions are answered with the best
 * span; the others with the best complete sentence, prose before chrome.
 */
import { candidatesOf, NUMBER_WORD_ONLY, typeFit, type Candidate } from "./candidates.js";
import { analyzeQuestion, SPAN_TYPES, type QuestionAnalysis } from "./question.js";
import type { ReaderItem } from "./reader.js";
import { readSentences, wordsOf, type ReadSentence } from "./sentences-read.js";
import type { SupportFeatures } from "./abstain.js";
import { isProse } from "./sentence-kind.js";
import { isCountryOrState, shapeFit, wholePlaceOf } from "./shape.js";
import { chooseOption } from "./compare.js";
import { carriedTerms, paragraphTitles, coverageOf, keyOf, termSet, windowScore, withIdf, withReadIdf } from "./sentence-terms.js";
import { clauseAround } from "./clause.js";
import { slotNext, slotOf } from "./phrase.js";
import { maxOf, minOf } from "../core/arrays.js";
import { stem } from "../core/analyze.js";
import { DEFAULT_RANK, rankProbability, type RankModel, type RankVector } from "./rank.js";
import { bridgedScores, type BridgeInput, type Bridged } from "./bridge.js";
import { cueOf, definedAsAsked, headCue, isCommonWordOpening, isLifespanDate, isPronounOne, isCompoundOfQuestion, lowerCaseWords, numericPart, NUMERIC_KINDS, repeatShare, roleCue, squeeze, withoutNumbersInDates } from "./span-rules.js";

export const DEFAULT_EXTRACT = {
  /** Weight of the walk's relevance in a sentence's score (the rest is term coverage). */
  relevanceWeight: 0.8,
  /** Words either side of a candidate in which question terms count as near. */
  window: 12,
  /** Score factor of chrome sentences (references, navigation, headings) for sentence answers. */
  chrome: 0.35,
  /** Score factor of candidates in reference or navigation lines. */
  chromeSpan: 0.5,
  /** Share of a candidate's score added per other sentence holding the same span. */
  agreement: 0.2,
  /** 1: a full date ("April 17 , 1982") counts the sentences holding its year alone as agreeing with it. */
  dateAgreement: 1,
  /** Sentences (best first) whose candidates are considered. */
  topSentences: 10,
  /** Share of the previous sentence's coverage a pronoun-led sentence carries over. */
  carry: 0.8,
  /** Sentence score factor, for a typed question, of a sentence with no candidate of its type. */
  untyped: 0.6,
  /** Score factor of a figure whose unit the question names. */
  unitMatch: 1.5,
  /** Score factor of a candidate announced by a cue word of its type. */
  cue: 1.3,
  /** Score factor of candidates in headings. */
  headingSpan: 0.6,
  /** Share of a candidate's score that is its sentence's (the rest is its window). */
  sentenceShare: 0.7,
  /** Score factor of a sentence that defines a question term, for definition questions. */
  defines: 1.6,
  /** A candidate's score falls as (1 - share of its words the question has) to this power. */
  repeatPower: 1,
  /** Factor of a bridged pair's score against a sentence's own, for nested questions (0: no bridging; bridge.ts). */
  bridge: 1.1,
  /** First-hop sentences (best first) whose names bridge. */
  hops: 3,
  /** Score factor of a candidate whose last word is a word of the what/which phrase ("what district": "Lunenburg District"). */
  askedCue: 1.6,
  /** Score factor of a name that opens its sentence defined as the kind asked ("X (born ...) is a Canadian actress"). */
  definedCue: 1.6,
  /** Score factor of the actor of the role a question names, in a cast or character line (span-rules.ts, roleCue). */
  roleCue: 2.2,
  /** Score factor of a name right after the head noun or a word of the what/which phrase ("the river Lune"). */
  headCue: 1.6,
  /** Score factor of a date in a person's life parenthesis ("(1901 – 1971)", "(born May 17, 1965)") when the question asks about no birth, death or age. */
  lifespan: 0.5,
  /**
   * A typed question is answered with its best span only when the span's margin over the next
   * different candidate of its own sentence (its score over the two scores' sum, 0.5 to 1) is
   * at least this; otherwise the sentence offers two candidates that score alike, and the
   * answer is the sentence (or the clause of it holding them). 0.5: always the span.
   */
  sentenceMargin: 0.6,
  /**
   * Weight of a sentence's place in its document: its score is multiplied by 1 + early × s / (s + its
   * offset), s = `earlyScale` characters (a document's opening states its subject's main facts). 0: off.
   */
  early: 0,
  /** Characters over which the place factor halves (see `early`). */
  earlyScale: 2000,
  /** Score factor of a candidate next to the question's words around the asked slot ("graduated from [what school]": "graduated from [Hebron Academy]"; phrase.ts, slotNext). 1: off. */
  slotCue: 1,
  /** Words allowed between those words and the candidate. */
  slotGap: 1,
  /** Score factor of a country or US state when the question asks for another kind of place ("what mountain range": not "Nevada"; shape.ts). */
  placeKind: 0.5,
  /** Score factor of a country or US state when the question asks for a country or a state ("based in what state": "Pennsylvania", not "Philadelphia Eagles"; shape.ts). 1: off. */
  wholePlace: 3,
  /** 1: the counted noun must be the first word after the figure ("three types of questions" counts types). */
  countedFirst: 1,
  /** 1: a figure's unit matches only the noun the question counts ("how many tweets"), when it names one; 0: any question term. */
  counted: 1,
  /** Share of its paragraph title's terms a sentence carries (sentence-terms.ts, paragraphTitles), as a pronoun-led one carries the sentence before. 0: none. */
  titleCarry: 0.8,
  /** 1: a person answered by one word ("Hall") is named in full where the read text of its document writes the full name ("G. Stanley Hall"). */
  fullName: 1,
  /** Score factor of a small count ("ten", "two vocabularies", "3") when the question asks a size ("how large", "the size of"). */
  magnitude: 0.5,
  /** 1: cast and character lines beyond the top sentences still give the actor of the role a question names. */
  roleAll: 1,
  /** Score factor of a possessor ("Deep Purple's") for a place question: it qualifies the noun after it. */
  possessive: 0.5,
  /** 1: a sentence answer is cut to the clause holding the span and its close rivals (0: the whole sentence). */
  clause: 1,
  /** 1: candidates are ordered by the fitted ranker (rank.ts) over the hand-set score's features; 0: by the hand-set score. */
  rank: 0,
  /** 0: the ranker picks the sentence and the hand-set score the span inside it; 1: the ranker picks the span too. */
  rankWithin: 0,
  /** 1: every candidate gets the ranker's nearness features (adjacent, predicate) even with rank 0 (for fitting; they cost a window per candidate). */
  rankFeatures: 0,
};
export type ExtractOptions = typeof DEFAULT_EXTRACT & { readonly rankModel?: RankModel };

export interface Extraction {
  readonly analysis: QuestionAnalysis;
  /** The answer: a span of `sentence`'s text, or all of it. */
  readonly answer: string;
  readonly sentence: ReadSentence | undefined;
  /** The candidate span inside the sentence, when the answer is one. */
  readonly span?: { readonly start: number; readonly end: number };
  /** Sentences ranked best first (for further citations and the closest passages). */
  readonly ranked: readonly ReadSentence[];
  readonly features: SupportFeatures;
  /** Typed questions: the candidate spans, best first, with their scores (for diagnosis). */
  readonly alternatives: readonly { readonly text: string; readonly score: number; readonly sentence: ReadSentence; readonly rank?: RankVector }[];
  /** "span": the answer is a candidate span of its sentence; "sentence": the whole sentence. */
  readonly form: "span" | "sentence";
}

/** Kinds of place (analysed) that a country or US state is not. */
const SMALLER_PLACES = new Set(["city", "town", "village", "county", "river", "mountain", "range", "lake", "island", "district", "street", "venue", "stadium", "airport", "park", "neighborhood", "neighbourhood", "capital", "peak", "sea", "ocean"].map(stem));
/** Kinds of place a country or US state is. */
const WHOLE_PLACES = new Set(["country", "state", "nation", "place", "location", "region", "territory"].map(stem));
/** The head nouns that ask for a country or a US state by name. */
const COUNTRY_HEADS = new Set(["country", "nation"].map(stem));
const STATE_HEADS = new Set(["state"].map(stem));

const COUNTED = /\b(?:how many|number of|amount of|numbers of|amounts of)\s+(?:the\s+|a\s+)?([\p{L}\p{N}][\p{L}\p{N}-]*)/iu;

/**
 * A figure's unit names what the question counts ("2,714 question-answer pairs" for "how many
 * questions"), or, without a counted noun, any question term. With `first`, the counted noun must
 * be the first word after the figure: "three types of questions" counts types.
 */
function unitMatches(text: string, counted: string | undefined, questionTerms: ReadonlySet<string>, first: boolean): boolean {
  const terms = wordsOf(text).flatMap((w) => (w.term !== undefined && !/\d/.test(w.term) ? [w.term] : []));
  if (!counted) return terms.some((t) => questionTerms.has(t));
  return first ? terms.find((t) => !NUMBER_WORD_ONLY.test(t)) === counted : terms.includes(counted);
}

/** The noun a count question counts, analysed ("how many tweets": tweet). */
export function countedOf(question: string): string | undefined {
  const m = COUNTED.exec(question);
  return m?.[1] ? wordsOf(m[1])[0]?.term : undefined;
}

const SIZE_ASK = /\b(?:how (?:large|big)|the size of|what size)\b/i;
/** A count below ten, in words or figures, with what it counts. */
const SMALL_COUNT = /^(?:one|two|three|four|five|six|seven|eight|nine|ten|[0-9])(?![\d.,])/i;

const ROLE_ASK_ANY = /\b(?:play|plays|played|playing|voice|voices|voiced|portray|portrays|portrayed|stars?|starred)\b/i;

const POSSESSIVE = /['’]s?$/u;

/**
 * A one-word name ("Hall") written in full in another read sentence of its document ("G.
 * Stanley Hall's Adolescence"): the full name, two to four words ending with it, from the
 * nearest such sentence before it (else after it).
 */
function fullNameOf(s: ReadSentence, c: Candidate, sentences: readonly ReadSentence[]): { sentence: ReadSentence; start: number; end: number } | undefined {
  const word = s.text.slice(c.start, c.end).replace(POSSESSIVE, "");
  if (c.kind !== "name" || !/^\p{Lu}\p{Ll}+$/u.test(word)) return undefined;
  let best: { sentence: ReadSentence; start: number; end: number; distance: number } | undefined;
  for (const other of sentences) {
    if (other.citation.docId !== s.citation.docId) continue;
    for (const n of candidatesOf(other.text)) {
      if (n.kind !== "name") continue;
      const text = other.text.slice(n.start, n.end).replace(POSSESSIVE, "");
      const parts = text.split(/\s+/u);
      if (parts.length < 2 || parts.length > 4 || parts.at(-1) !== word || shapeFit("person", "name", text) < 1) continue;
      // Before the answer's sentence first: a full name is written before the short one refers to it.
      const gap = s.citation.start - other.citation.start;
      const distance = gap >= 0 ? gap : 1e9 - gap;
      if (!best || distance < best.distance) best = { sentence: other, start: n.start, end: n.start + text.length, distance };
    }
  }
  return best;
}

interface Scored {
  readonly sentence: ReadSentence;
  readonly score: number;
  readonly coverage: number;
  /** Bridged by a first-hop sentence: its own score, and the bridge entity's key. */
  readonly own?: number;
  readonly bridge?: string;
}

interface SpanScore {
  readonly sentence: Scored;
  readonly candidate: Candidate;
  readonly base: number;
  readonly window: number;
  readonly key: string;
  /** The candidate's features for the ranker that do not depend on the other candidates (only when the ranker or its features are on). */
  readonly own?: Omit<RankVector, "handScore" | "handRank" | "agreement" | "alone">;
}

/** Definition questions: a sentence that defines one of the question's terms ("X is Y", "-X  Enables"). */
function definesTerm(s: ReadSentence, questionTerms: ReadonlySet<string>): boolean {
  const definition = candidatesOf(s.text).find((c) => c.kind === "definition");
  if (!definition) return false;
  // An option line ("-X  Enables ...") is about what its description says; "X is Y" about X.
  const about = /^\s*-/.test(s.text) ? s.text.slice(definition.start, definition.end) : s.text.slice(0, definition.start);
  return wordsOf(about).some((w) => w.term !== undefined && questionTerms.has(w.term));
}

/** 1 / the distance in words from the candidate to the nearest question term outside it (0: none within the window). */
function nearestTerm(s: ReadSentence, c: Candidate, terms: ReadonlySet<string>, window: number): number {
  let best = Infinity;
  let first = -1;
  let last = -1;
  s.words.forEach((w, i) => {
    if (w.end > c.start && first < 0) first = i;
    if (w.start < c.end) last = i;
  });
  if (first < 0) return 0;
  s.words.forEach((w, i) => {
    if (!w.term || !terms.has(w.term) || (i >= first && i <= last)) return;
    best = Math.min(best, i < first ? first - i : i - last);
  });
  return best <= window ? 1 / best : 0;
}

/** A sentence scored as its bridged pair, keeping its own score. */
function withBridge(s: Scored, b: Bridged | undefined): Scored {
  return b ? { ...s, score: b.score, own: s.score, bridge: b.key } : s;
}

export function extractAnswer(
  question: string,
  items: readonly ReaderItem[],
  options: Partial<ExtractOptions> = {},
  termIdf?: (term: string) => number,
): Extraction {
  const o = { ...DEFAULT_EXTRACT, ...options };
  const analysis = analyzeQuestion(question);
  const questionTerms = new Set(analysis.terms.map((t) => t.term));
  const squeezed = squeeze(question);
  // The what/which phrase's words name the answer's kind: an answer holding them does not repeat the question.
  const asked = new Set(analysis.asked);
  const repeatTerms = new Set([...questionTerms].filter((t) => !asked.has(t)));
  const heads = new Set([...(analysis.head ? [analysis.head] : []), ...asked]);
  const sentences = readSentences(items);
  const maxRelevance = sentences.reduce((m, s) => Math.max(m, s.relevance), 0);
  const weighted = termIdf ? withIdf(analysis, termIdf) : withReadIdf(analysis, sentences);
  const all = new Set<string>();
  const slot = o.slotCue !== 1 ? slotOf(question, analysis) : {};
  const inherited = carriedTerms(sentences);
  const titles = o.titleCarry > 0 ? paragraphTitles(sentences) : new Map<ReadSentence, ReadSentence>();
  const scored: Scored[] = sentences.map((sentence, i) => {
    const terms = termSet(sentence);
    for (const t of terms) all.add(t);
    const own = coverageOf(terms, weighted);
    const carried = inherited[i] ? coverageOf(new Set([...terms, ...inherited[i]]), weighted) : own;
    const title = titles.get(sentence);
    const titled = title && o.titleCarry > 0 ? coverageOf(new Set([...terms, ...termSet(title)]), weighted) : own;
    const coverage = own + Math.max(o.carry * (carried - own), o.titleCarry * (titled - own));
    const relevance = maxRelevance > 0 ? sentence.relevance / maxRelevance : 0;
    const place = o.early > 0 ? 1 + (o.early * o.earlyScale) / (o.earlyScale + sentence.citation.start) : 1;
    return { sentence, coverage, score: place * (o.relevanceWeight * relevance + (1 - o.relevanceWeight) * coverage) };
  });
  const carriedOf = new Map(sentences.map((s, i) => [s, inherited[i]]));
  const spanQuestion = SPAN_TYPES.has(analysis.type);
  // For a typed question, a sentence without a candidate of that type ranks lower.
  const typedScore = (s: Scored): number =>
    spanQuestion && o.untyped < 1 && !candidatesOf(s.sentence.text).some((c) => typeFit(analysis.type, c.kind) >= 0.7) ? s.score * o.untyped : s.score;
  const order = (list: readonly Scored[]): Scored[] => [...list].map((s) => ({ s, t: typedScore(s) })).sort((a, b) => b.t - a.t || a.s.sentence.item - b.s.sentence.item).map((x) => x.s);
  const own = order(scored);
  // Nested questions: a sentence naming a bridge entity of one of the best sentences scores as the pair.
  const hopInputs = (list: readonly Scored[]): BridgeInput[] => list.map((s) => ({ sentence: s.sentence, score: typedScore(s), relevance: maxRelevance > 0 ? s.sentence.relevance / maxRelevance : 0, terms: termSet(s.sentence) }));
  const bridged = spanQuestion && analysis.nested ? bridgedScores(hopInputs(own), hopInputs(scored), weighted, { hops: o.hops, bridge: o.bridge, relevanceWeight: o.relevanceWeight }) : new Map<ReadSentence, Bridged>();
  const byScore = bridged.size === 0 ? own : order(scored.map((s) => withBridge(s, bridged.get(s.sentence))));
  const spans: SpanScore[] = [];
  // The question's common (lower-case) terms: the predicate asked about.
  const common = { ...weighted, terms: weighted.terms.filter((t) => !t.specific) };
  const predicateOf = (s: ReadSentence, c: Candidate): number => (common.terms.length > 0 ? windowScore(s, c, common, o.window, carriedOf.get(s)) : 0);
  // The ranker's features cost a window and a coverage per candidate: computed only when the ranker or its features are on.
  const nearness = o.rank > 0 || o.rankFeatures > 0;
  // The question asks for a kind of place that is no country or state ("what city", "what mountain range").
  const smallerPlace = analysis.type === "place" && [...heads].some((h) => SMALLER_PLACES.has(h)) && ![...heads].some((h) => WHOLE_PLACES.has(h));
  // It asks for a country or a state by name ("what state", "which country").
  // The head noun only: "what part of the state" asks a part.
  const wholePlace: "country" | "state" | undefined =
    analysis.type !== "place" || o.wholePlace === 1 || analysis.head === undefined
      ? undefined
      : STATE_HEADS.has(analysis.head)
        ? "state"
        : COUNTRY_HEADS.has(analysis.head)
          ? "country"
          : undefined;
  // The noun a count question counts ("how many tweets", "what amount of TEUs"): the unit a figure should name.
  const counted = o.counted ? countedOf(question) : undefined;
  const sizeQuestion = SIZE_ASK.test(question);
  const lowerWords = spanQuestion ? lowerCaseWords(sentences) : new Set<string>();
  if (spanQuestion) {
    const rarest = analysis.terms.length > 0 ? weighted.terms.reduce((a, b) => (b.weight > a.weight ? b : a)).term : undefined;
    // A cast or character line naming the role asked gives its actor wherever it ranks (roleAll).
    const roleAsked = o.roleAll > 0 && ROLE_ASK_ANY.test(question);
    const pool = roleAsked ? byScore : byScore.slice(0, o.topSentences);
    for (const [rankOfSentence, s] of pool.entries()) {
      const beyond = rankOfSentence >= o.topSentences;
      const kind = s.sentence.kind;
      const terms = termSet(s.sentence);
      const specific = nearness ? coverageOf(terms, weighted, true) : 0;
      const chrome = kind === "reference" || kind === "navigation" ? o.chromeSpan : kind === "heading" ? o.headingSpan : 1;
      for (const c of withoutNumbersInDates(candidatesOf(s.sentence.text), analysis.type)) {
        const text = s.sentence.text.slice(c.start, c.end);
        if (c.kind === "name" && isCommonWordOpening(s.sentence.text, c, text, lowerWords)) continue;
        if (c.kind === "number" && isPronounOne(s.sentence.text, c, text)) continue;
        if (beyond && roleCue(question, s.sentence, c, o.roleCue) <= 1) continue;
        const fit = typeFit(analysis.type, c.kind) * shapeFit(analysis.type, c.kind, text);
        if (fit <= 0) continue;
        const numeric = NUMERIC_KINDS.has(c.kind);
        const repeat = repeatShare(numeric ? numericPart(text) : text, repeatTerms);
        // "how long in metres": a figure whose unit the question names fits better.
        const unit = numeric && unitMatches(text, counted, questionTerms, o.countedFirst > 0) ? o.unitMatch : 1;
        if (repeat >= 0.99 || isCompoundOfQuestion(text, squeezed)) continue;
        const window = windowScore(s.sentence, c, weighted, o.window, carriedOf.get(s.sentence));
        const slotted = o.slotCue !== 1 && slotNext(s.sentence, c, slot, o.slotGap) ? o.slotCue : 1;
        const cue =
          Math.max(cueOf(analysis.type, s.sentence.text.slice(Math.max(0, c.start - 16), c.start), o.cue), roleCue(question, s.sentence, c, o.roleCue), headCue(heads, s.sentence, c, o.headCue), slotted);
        const key = keyOf(text);
        const lastTerm = wordsOf(text).at(-1)?.term;
        const kindCue = (lastTerm !== undefined && asked.has(lastTerm) ? o.askedCue : 1) * definedAsAsked(s.sentence, c, asked, o.definedCue);
        // The bridge entity is the first hop's answer, not the question's: it keeps its sentence's own score.
        const isBridge = s.bridge !== undefined && (key.includes(s.bridge) || s.bridge.includes(key));
        const sentenceScore = isBridge ? (s.own ?? s.score) : s.score;
        const kindOfPlace = smallerPlace && o.placeKind !== 1 && isCountryOrState(text) ? o.placeKind : wholePlace && c.kind === "name" && wholePlaceOf(text) === wholePlace ? o.wholePlace : 1;
        const possessor = analysis.type === "place" && o.possessive !== 1 && c.kind === "name" && /['’]s?$/u.test(text) ? o.possessive : 1;
        const life = c.kind === "date" && o.lifespan < 1 && isLifespanDate(s.sentence.text, c, question) ? o.lifespan : 1;
        const small = sizeQuestion && o.magnitude !== 1 && numeric && SMALL_COUNT.test(text) ? o.magnitude : 1;
        const base = small * kindOfPlace * possessor * fit * unit * cue * kindCue * chrome * life * (1 - repeat) ** o.repeatPower * (o.sentenceShare * sentenceScore + (1 - o.sentenceShare) * window);
        const own = nearness
          ? {
              sentenceRank: 1 / (1 + rankOfSentence),
              relevance: maxRelevance > 0 ? s.sentence.relevance / maxRelevance : 0,
              readOrder: 1 / (1 + s.sentence.item),
              coverage: s.coverage,
              rarest: rarest !== undefined && terms.has(rarest) ? 1 : 0,
              window,
              fit,
              cued: cue * kindCue * unit > 1 ? 1 : 0,
              prose: isProse(kind) ? 1 : 0,
              repeat,
              bridged: s.bridge !== undefined ? 1 : 0,
              adjacent: nearestTerm(s.sentence, c, questionTerms, o.window),
              predicate: predicateOf(s.sentence, c),
              specific,
            }
          : undefined;
        spans.push({ sentence: s, candidate: c, base, window, key, ...(own ? { own } : {}) });
      }
    }
  }
  const support = new Map<string, Set<ReadSentence>>();
  for (const sp of spans) {
    const set = support.get(sp.key) ?? new Set<ReadSentence>();
    set.add(sp.sentence.sentence);
    support.set(sp.key, set);
  }
  // A full date shares the support of its year ("April 17 , 1982" and "adopted in 1982"): it says the same, more exactly.
  const supportOf = (sp: SpanScore): number => {
    const own = support.get(sp.key)?.size ?? 1;
    if (o.dateAgreement <= 0 || sp.candidate.kind !== "date") return own;
    const year = /\b(1[0-9]{3}|20[0-9]{2})$/.exec(sp.key)?.[1];
    if (!year || year === sp.key) return own;
    const withYear = new Set([...(support.get(sp.key) ?? []), ...(support.get(year) ?? [])]);
    return Math.max(own, withYear.size);
  };
  const perSentence = new Map<ReadSentence, number>();
  for (const sp of spans) perSentence.set(sp.sentence.sentence, (perSentence.get(sp.sentence.sentence) ?? 0) + 1);
  const handOrder = (a: { sp: SpanScore; score: number }, b: { sp: SpanScore; score: number }): number =>
    b.score - a.score || a.sp.sentence.sentence.item - b.sp.sentence.sentence.item || a.sp.candidate.start - b.sp.candidate.start;
  const hand = spans.map((sp) => ({ sp, score: sp.base * (1 + o.agreement * Math.min(3, supportOf(sp) - 1)) })).sort(handOrder);
  const bestHand = hand[0]?.score ?? 0;
  const withRank: { sp: SpanScore; score: number; rank?: RankVector; p: number }[] = !nearness
    ? hand.map((h) => ({ ...h, p: 0 }))
    : hand.map((h, i) => {
        const rank: RankVector = {
          ...h.sp.own!,
          handScore: bestHand > 0 ? h.score / bestHand : 0,
          handRank: 1 / (1 + i),
          agreement: Math.min(3, (support.get(h.sp.key)?.size ?? 1) - 1) / 3,
          alone: 1 / (perSentence.get(h.sp.sentence.sentence) ?? 1),
        };
        return { ...h, rank, p: o.rank > 0 ? rankProbability(rank, o.rankModel ?? DEFAULT_RANK) : 0 };
      });
  // The ranker orders the candidates; with rankWithin 0 it picks the sentence, and the hand-set score the span inside it.
  const ranker = o.rank > 0 ? [...withRank].sort((a, b) => b.p - a.p || handOrder(a, b)) : withRank;
  const chosenSentence = ranker[0]?.sp.sentence;
  const final =
    o.rank > 0 && o.rankWithin > 0
      ? ranker.map((r) => ({ ...r, score: r.p }))
      : o.rank > 0
        ? [...withRank.filter((r) => r.sp.sentence === chosenSentence), ...withRank.filter((r) => r.sp.sentence !== chosenSentence)]
        : withRank;
  const sentenceRanked = [...scored]
    .map((s) => ({
      s,
      score:
        s.score *
        (isProse(s.sentence.kind) ? 1 : o.chrome) *
        (repeatShare(s.sentence.text, questionTerms) >= 0.99 ? o.chrome : 1) *
        (analysis.type === "definition" && definesTerm(s.sentence, questionTerms) ? o.defines : 1),
    }))
    .sort((a, b) => b.score - a.score || a.s.sentence.item - b.s.sentence.item);
  const ranked = sentenceRanked.map((r) => r.s.sentence);
  const top = final[0];
  const second = final.find((f) => f.sp.key !== top?.sp.key);
  const best = byScore[0];
  const features: SupportFeatures = {
    coverage: coverageOf(all, analysis),
    specificCoverage: coverageOf(all, analysis, true),
    bestCoverage: best?.coverage ?? 0,
    // A sentence answer's window is the whole sentence.
    window: spanQuestion ? (top?.sp.window ?? 0) : (best?.coverage ?? 0),
    typed: spanQuestion ? (top ? 1 : 0) : 1,
    spanQuestion: spanQuestion ? 1 : 0,
    margin: top && top.score > 0 ? top.score / (top.score + (second?.score ?? 0)) : 0,
    length: Math.min(1, Math.log1p(analysis.terms.length) / Math.log(16)),
    answerScore: Math.min(1, spanQuestion ? (top?.sp.base ?? 0) : (sentenceRanked[0]?.score ?? 0)),
    answerRelevance: (spanQuestion && top ? top.sp.sentence.sentence : sentenceRanked[0]?.s.sentence)?.relevance ?? 0,
    predicate: spanQuestion && top ? (top.rank ? top.rank.predicate : predicateOf(top.sp.sentence.sentence, top.sp.candidate)) : 0,
  };
  const alternatives = final.map((f) => ({ text: f.sp.sentence.sentence.text.slice(f.sp.candidate.start, f.sp.candidate.end), score: f.score, sentence: f.sp.sentence.sentence, ...(f.rank ? { rank: f.rank } : {}) }));
  const choice = analysis.options ? chooseOption(analysis.options, question, ranked) : undefined;
  if (choice) {
    const s = choice.sentence;
    return { analysis, form: "span", answer: s.text.slice(choice.start, choice.end), sentence: s, span: choice, ranked: [s, ...ranked.filter((r) => r !== s)], features, alternatives };
  }
  if (top) {
    const s = top.sp.sentence.sentence;
    const { start, end } = top.sp.candidate;
    const rival = final.find((f) => f.sp.sentence === top.sp.sentence && f.sp.key !== top.sp.key);
    const inSentence = rival ? top.score / (top.score + rival.score) : 1;
    if (inSentence < o.sentenceMargin) {
      // The sentence answers, or the clause of it that holds the span and its close rivals.
      // Close rivals: the candidates of the sentence within the margin (score at least (1 - m) / m of the best).
      const close = final.filter((f) => f.sp.sentence === top.sp.sentence && f.score >= (top.score * (1 - o.sentenceMargin)) / o.sentenceMargin);
      const c = o.clause ? clauseAround(s.text, minOf(close.map((f) => f.sp.candidate.start)), maxOf(close.map((f) => f.sp.candidate.end))) : { start: 0, end: s.text.length };
      const whole = c.start === 0 && c.end === s.text.length;
      return { analysis, answer: s.text.slice(c.start, c.end), sentence: s, ...(whole ? {} : { span: c }), ranked: [s, ...ranked.filter((r) => r !== s)], features, alternatives, form: "sentence" };
    }
    const full = o.fullName > 0 && analysis.type === "person" ? fullNameOf(s, top.sp.candidate, sentences) : undefined;
    if (full) return { analysis, form: "span", answer: full.sentence.text.slice(full.start, full.end), sentence: full.sentence, span: { start: full.start, end: full.end }, ranked: [full.sentence, ...ranked.filter((r) => r !== full.sentence)], features, alternatives };
    return { analysis, form: "span", answer: s.text.slice(start, end), sentence: s, span: { start, end }, ranked: [s, ...ranked.filter((r) => r !== s)], features, alternatives };
  }
  const sentence = ranked[0];
  return { analysis, answer: sentence?.text ?? "", sentence, ranked, features, alternatives, form: "sentence" };
}
