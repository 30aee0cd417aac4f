/**
 * The state of one walk: every unit of the view in flat typed arrays, what was read, the
 * relevance pushed down edges and lent by neighbours, and a lazy max-heap of scores. Built per
 * question by the walk and dropped with it; the view and relevance it reads are not mutated.
 *
 *   score(v) = push · Σ_{u read, u parent of v} r(u) · w(u → v)     (relevance pushed down edges)
 *            + neighbour · r(read sentences next to v)               (evidence is contiguous)
 *            + lambda · Relevance(question, v)                       (direct, global)
 */
import { analyze } from "../core/analyze.js";
import { idf as idfOf, mergeStats, type TermStats } from "./bm25.js";
import type { Relevance, UnitRef } from "./relevance.js";
import { LINE_FLAG, type DocUnits, type ReadingUnit } from "./units.js";
import { ScoreHeap } from "./score-heap.js";
import { sectionPrior } from "./sections.js";
import { hierarchyCentrality } from "./centrality.js";
import { ANSWER_TYPE_BIT, quotesPhrase, type AnswerType } from "./query.js";

export type { UnitRef } from "./relevance.js";

/** The weights of the score; `WalkPolicy` (walk.ts) extends it with the caps. */
export interface ScoreWeights {
  /** Weight of direct relevance. */
  readonly lambda: number;
  /** Weight of relevance pushed down the weighted edges. */
  readonly push: number;
  /** Weight of relevance from read neighbouring sentences. */
  readonly neighbour: number;
  /**
   * Half-life, in tokens, of the relevance a run of lines carries (0: none). A line is a
   * sentence unit with no closing punctuation: a table cell or row, a heading, a list entry. A
   * read line passes its neighbours the boost it got itself, halved every `carry` tokens of
   * line read, so reading continues along a table whose cells share no term with the question;
   * a prose sentence passes on only its own relevance.
   */
  readonly carry: number;
  /**
   * Weight of bridge expansion (0: off): once a prose unit is read, its most distinctive names
   * that the question lacks (capitalised words in at most 5% of the view's sentences) join the
   * relevance, weighted by that unit's own relevance, so the second hop of a multi-hop question
   * can be found (a model-free form of progress control).
   */
  readonly bridge: number;
  /** At most this many bridge terms per read unit. */
  readonly bridgeTerms: number;
  /** Bridge only through names (capitalised words). */
  readonly bridgeNames: boolean;
  /** Bridge only from units at least this share as relevant as the view's best. */
  readonly bridgeFrom: number;
  /**
   * A read unit lends its neighbours what its bridge terms gave it too (`r + bridge · b`), not its
   * direct relevance only, so the rest of a second hop's paragraph follows its bridged sentence
   * (off when absent). Bridges still spread only from direct relevance: letting a bridged unit
   * bridge on (a chain of hops) drifted on single-topic documents (docs/design-notes.md).
   */
  readonly bridgeCarry?: boolean;
  /**
   * Weight of the section prior (0: off; sections.ts), a structural level of the hierarchy: a
   * unit in a section whose heading names the question's terms gets `section · share · r(u)`,
   * the share of the question the heading names times its own relevance (what is relevant in
   * the named section is lifted; what is irrelevant there stays so).
   */
  readonly section: number;
  /** Weight of the hierarchy's centrality (centrality.ts), as a share of a unit's own relevance (0: off). */
  readonly centrality?: number;
  /**
   * Half-life, in tokens, of the boost a read prose sentence passes on (0 or absent: a prose
   * sentence passes on only its own relevance). As `carry` does for lines: a read sentence lends
   * its neighbours the larger of its own relevance and the boost it got, halved every
   * `proseCarry` tokens, so a clause or paragraph is read on past its matching sentence.
   */
  readonly proseCarry?: number;
  /** `proseCarry` only in documents at least this share of whose sentence units are lines (absent: every document). */
  readonly proseCarryLines?: number;
  /**
   * Half-life, in tokens, of the line carry in a document of tables (at least `proseCarryLines`
   * of its sentence units are lines; absent: `carry` there too). There a run of lines is a table,
   * read on through cells that share no term with the question; in prose documents a run of lines
   * is a list or a navigation box, and `carry` keeps it short.
   */
  readonly carryTables?: number;
  /**
   * Weight of the relevance a read sentence lends every other sentence of its leaf (0 or absent:
   * off): the largest direct relevance read in the leaf, so a relevant passage is read whole.
   */
  readonly leafLend?: number;
  /**
   * Weight of the section prior added whatever a unit's own relevance (0 or absent: off): a unit
   * in a section whose heading names the question gets `sectionWhole · share`, so under a large
   * cap the named section is read whole (a statement, a clause), not only its matching units.
   */
  readonly sectionWhole?: number;
  /**
   * Weight of the answer-type prior (0 or absent: off): a sentence that holds a candidate of the
   * type the question asks for (a date for "when", a number for "how many", a name for "who";
   * query.ts `holdsAnswerType`, stored per sentence as `answerTypeFlags`) gets `typed · r(u)`, so of two sentences that match the question
   * equally the one that can answer it is read first.
   */
  readonly typed?: number;
  /**
   * Scale the answer-type prior by how rare the type is among the sentences that match the
   * question (1 − the share that hold it), so a type nearly every one holds (a number, among a
   * filing's table lines) adds little.
   */
  readonly typedRarity?: boolean;
  /** The answer-type prior for "how many / how much" questions too (absent: dates and names only). */
  readonly typedNumbers?: boolean;
  /**
   * Weight of the quoted-phrase prior (0 or absent: off): a sentence that quotes a phrase the
   * question quotes (query.ts `quotesPhrase`: a contract's '"Parties"' for a question about
   * "Parties", a page's '"Hey Jude"') gets `quoted · r(u)`, or with `quotedWhole` `quoted` times
   * the best relevance in its document, whatever its own: the document defines or titles the
   * question's own term there, in words the question's other terms rarely share.
   */
  readonly quoted?: number;
  /** The quoted-phrase prior scaled by the document's best relevance, not by the unit's own (absent: by the unit's). */
  readonly quotedWhole?: boolean;
}

const NAME_WORD = /\b\p{Lu}[\p{L}\p{N}'’]*/gu;

/** The analyzed terms of the words of `text` written as names (capitalised). */
function nameTerms(text: string): Set<string> {
  const out = new Set<string>();
  for (const m of text.matchAll(NAME_WORD)) for (const t of analyze(m[0])) out.add(t);
  return out;
}

/** A term joins the bridge only if it is in at most this share of the view's sentences. */
const BRIDGE_MAX_DF_SHARE = 0.05;

export interface WalkStep {
  readonly ref: UnitRef;
  readonly unit: ReadingUnit;
  readonly score: number;
  readonly tokens: number;
  /** The judge's probability after this step (absent with --fill). */
  readonly probability?: number;
}

/** The best unread unit that fits (`g` < 0 when none does). */
export interface Candidate {
  readonly g: number;
  readonly s: number;
}

/** Per document: the share of its sentence units that are lines (a property of the document, not of a question). */
const LINE_SHARE = new WeakMap<DocUnits, number>();

/** The share of `d`'s sentence units that are lines (no closing punctuation: table cells, headings, list entries). */
export function lineShare(d: DocUnits): number {
  let share = LINE_SHARE.get(d);
  if (share === undefined) {
    let sentences = 0;
    let lines = 0;
    const { unitLevel, sentenceFlags } = d;
    for (let i = 0; i < unitLevel.length; i++) {
      if (unitLevel[i] !== 0) continue;
      sentences++;
      if ((sentenceFlags[i]! & LINE_FLAG) !== 0) lines++;
    }
    share = sentences > 0 ? lines / sentences : 0;
    LINE_SHARE.set(d, share);
  }
  return share;
}

export class WalkState {
  readonly steps: WalkStep[] = [];
  readonly refs: UnitRef[] = [];
  tokensRead = 0;
  /** Units not yet read (read directly or covered by a read unit). */
  unread: number;
  readonly total: number;

  private readonly doc: Uint32Array;
  private readonly unit: Uint32Array;
  readonly rel: Float32Array;
  readonly tokens: Uint32Array;
  private readonly node: Uint32Array;
  private readonly isSentence: Uint8Array;
  readonly level: Uint8Array;
  private readonly unitBase: number[] = [];
  private readonly nodeBase: number[] = [];
  private readonly read: Uint8Array;
  private readonly nodePush: Float32Array;
  private readonly neighbourBoost: Float32Array;
  private readonly heap: ScoreHeap;
  /** The first unit that may still be unread at score 0 (see the constructor). */
  private zeroAt = 0;
  private readonly bridgeIndex: BridgeIndex | undefined;
  private readonly bridgeScore: Float32Array;
  private readonly sectionScore: Float32Array;
  private readonly centralScore: Float32Array;
  private readonly leafBoost: Float32Array;
  private readonly proseCarryDoc: Uint8Array;
  /** Per document: 1 a document of tables, 0 not, 2 not known yet (`carryTables`). */
  private readonly tableDoc: Uint8Array;
  private readonly sectionShare: Float32Array;
  private readonly typedScore: Float32Array;
  private readonly quotedScore: Float32Array;

  constructor(
    private readonly view: readonly DocUnits[],
    relevance: Relevance,
    private readonly w: ScoreWeights,
    answerType: AnswerType = "none",
    quoted: readonly (readonly string[])[] = [],
  ) {
    const total = view.reduce((n, d) => n + d.unitLevel.length, 0);
    this.total = total;
    this.unread = total;
    this.doc = new Uint32Array(total);
    this.unit = new Uint32Array(total);
    this.rel = new Float32Array(total);
    this.tokens = new Uint32Array(total);
    this.node = new Uint32Array(total);
    this.isSentence = new Uint8Array(total);
    this.level = new Uint8Array(total);
    let g = 0;
    let nodeCount = 0;
    // Plain loops: a cold question runs this over every opened unit before the JIT has seen it.
    for (let k = 0; k < view.length; k++) {
      const d = view[k]!;
      this.unitBase.push(g);
      this.nodeBase.push(nodeCount);
      const rel = relevance.unit[k]!;
      const { unitLevel, unitNode, unitTokens } = d;
      for (let i = 0; i < unitLevel.length; i++) {
        const level = unitLevel[i]!;
        this.doc[g] = k;
        this.unit[g] = i;
        this.rel[g] = rel[i]!;
        this.tokens[g] = unitTokens[i]!;
        this.node[g] = nodeCount + unitNode[i]!;
        this.isSentence[g] = level === 0 ? 1 : 0;
        this.level[g] = level;
        g++;
      }
      nodeCount += d.nodes.length;
    }
    this.read = new Uint8Array(total);
    this.nodePush = new Float32Array(nodeCount);
    this.neighbourBoost = new Float32Array(total);
    this.leafBoost = new Float32Array(nodeCount);
    // 2: not known yet (asked when the walk first reads a prose sentence of the document).
    this.proseCarryDoc = new Uint8Array(view.length).fill(w.proseCarryLines === undefined ? 1 : 2);
    this.tableDoc = new Uint8Array(view.length).fill(2);
    this.bridgeScore = new Float32Array(total);
    this.sectionScore = new Float32Array(total);
    this.sectionShare = new Float32Array(total);
    if (w.section > 0 || (w.sectionWhole ?? 0) > 0) {
      const prior = sectionPrior(view, relevance.sentenceQuery, mergeStats(view.map((d) => d.sentenceStats)).df);
      prior.forEach((p, k) => this.sectionShare.set(p, this.unitBase[k]!));
      for (let g = 0; g < total; g++) this.sectionScore[g] = this.sectionShare[g]! * this.rel[g]!;
    }
    this.centralScore = new Float32Array(total);
    if ((w.centrality ?? 0) > 0) {
      view.forEach((d, k) => {
        const c = hierarchyCentrality(d);
        for (let i = 0; i < c.length; i++) this.centralScore[this.unitBase[k]! + i] = c[i]! * this.rel[this.unitBase[k]! + i]!;
      });
    }
    this.typedScore = new Float32Array(total);
    if ((w.typed ?? 0) > 0 && answerType !== "none" && (answerType !== "number" || w.typedNumbers)) {
      // The flags were found at ingest (units.ts `sentenceFlags`): no sentence text is made here.
      const bit = ANSWER_TYPE_BIT[answerType];
      let matching = 0;
      let holding = 0;
      for (let g = 0; g < total; g++) {
        if (this.rel[g]! <= 0 || !this.isSentence[g]) continue;
        matching++;
        if ((view[this.doc[g]!]!.sentenceFlags[this.unit[g]!]! & bit) !== 0) {
          holding++;
          this.typedScore[g] = this.rel[g]!;
        }
      }
      // A type that most matching sentences hold (numbers in a filing's tables) tells little.
      const rarity = w.typedRarity ? 1 - holding / Math.max(1, matching) : 1;
      if (rarity < 1) for (let g = 0; g < total; g++) this.typedScore[g]! *= rarity;
    }
    this.quotedScore = new Float32Array(total);
    if ((w.quoted ?? 0) > 0 && quoted.length > 0) {
      view.forEach((d, k) => {
        // Whole, the prior is the document's best relevance: in a collection, the quoting sentence of the document that matches the question best comes first.
        let docBest = 0;
        for (let g = this.unitBase[k]!; g < this.unitBase[k]! + d.unitLevel.length; g++) if (this.rel[g]! > docBest) docBest = this.rel[g]!;
        for (const phrase of quoted) {
          // Only sentences that hold every term of the phrase can quote it: those of its rarest term are tested.
          let holding = d.termUnits.unitsWith(phrase[0]!);
          for (const term of phrase) {
            const h = d.termUnits.unitsWith(term);
            if (h.length < holding.length) holding = h;
          }
          for (let j = 0; j < holding.length; j++) {
            const i = holding[j] as number;
            const g = this.unitBase[k]! + i;
            if (d.unitLevel[i] !== 0 || this.quotedScore[g]! > 0 || !quotesPhrase(d.unitAt(i).text, quoted)) continue;
            this.quotedScore[g] = w.quotedWhole ? docBest : this.rel[g]!;
          }
        }
      });
    }
    this.bridgeIndex = w.bridge > 0 ? new BridgeIndex(view, relevance, this.unitBase) : undefined;
    // Scores only grow (boosts and pushes are non-negative) and the room left only shrinks, so the
    // best unread unit comes from a lazy heap: a unit whose score grows is pushed again.
    // Most opened units hold no question term and start at score 0: they stay out of the heap and
    // come from `zeroAt`, a cursor in unit order (ties go to the lowest unit, as in the heap). A
    // unit whose score grows is pushed onto the heap by `requeue`, so the cursor skips it.
    const initial: number[] = [];
    const units: number[] = [];
    for (let g = 0; g < total; g++) {
      const s = this.score(g);
      if (s === 0) continue;
      initial.push(s);
      units.push(g);
    }
    this.heap = ScoreHeap.of(initial, units);
  }

  /** The current score of global unit `g`. */
  score(g: number): number {
    return (
      this.w.push * this.nodePush[this.node[g]!]! +
      this.w.neighbour * this.neighbourBoost[g]! +
      this.w.lambda * this.rel[g]! +
      this.w.bridge * this.bridgeScore[g]! +
      this.w.section * this.sectionScore[g]! +
      (this.w.centrality ?? 0) * this.centralScore[g]! +
      (this.w.leafLend ?? 0) * this.leafBoost[this.node[g]!]! +
      (this.w.sectionWhole ?? 0) * this.sectionShare[g]! +
      (this.w.typed ?? 0) * this.typedScore[g]! +
      (this.w.quoted ?? 0) * this.quotedScore[g]!
    );
  }

  isRead(g: number): boolean {
    return this.read[g] === 1;
  }

  /** The view reference of global unit `g`. */
  refOf(g: number): UnitRef {
    return { doc: this.doc[g]!, unit: this.unit[g]! };
  }

  private markRead(g: number): void {
    if (this.read[g]) return;
    this.read[g] = 1;
    this.unread--;
  }

  private requeue(g: number): void {
    if (!this.read[g]) this.heap.push(this.score(g), g);
  }

  /** Reads unit `g` (scored `s`): marks it and what it covers read, lends and pushes its relevance. */
  take(g: number, s: number): WalkStep {
    this.markRead(g);
    const k = this.doc[g]!;
    const d = this.view[k]!;
    const unit = d.unitAt(this.unit[g]!);
    this.tokensRead += unit.tokens;
    for (const c of d.covers[this.unit[g]!]!) this.markRead(this.unitBase[k]! + c);
    const direct = this.rel[g]!;
    const r = this.w.bridgeCarry ? direct + this.w.bridge * this.bridgeScore[g]! : direct;
    // Whether a sentence is a line was found at ingest (units.ts `sentenceFlags`).
    const line = this.isSentence[g] === 1 && (d.sentenceFlags[this.unit[g]!]! & LINE_FLAG) !== 0;
    if (this.isSentence[g]) {
      const carry = line && this.w.carryTables !== undefined && this.isTableDoc(k) ? this.w.carryTables : this.w.carry;
      const prose = !line && (this.w.proseCarry ?? 0) > 0 && this.carriesProse(k) ? this.w.proseCarry! : 0;
      const halfLife = line ? carry : prose;
      const passed = halfLife > 0 ? Math.max(r, this.neighbourBoost[g]! * 0.5 ** (unit.tokens / halfLife)) : r;
      for (const n of [g - 1, g + 1]) {
        if (n >= 0 && n < this.total && this.doc[n] === k && this.isSentence[n] && passed > this.neighbourBoost[n]!) {
          this.neighbourBoost[n] = passed;
          this.requeue(n);
        }
      }
      const lend = this.w.leafLend ?? 0;
      const leaf = this.node[g]!;
      if (lend > 0 && r > this.leafBoost[leaf]!) {
        this.leafBoost[leaf] = r;
        const local = unit.node;
        for (let u = d.unitStart[local]!; u < d.unitEnd[local]!; u++) this.requeue(this.unitBase[k]! + u);
      }
    } else {
      const local = unit.node;
      for (let e = d.childOffsets[local]!; e < d.childOffsets[local + 1]!; e++) {
        const child = d.childTargets[e]!;
        const pushed = r * d.childWeights[e]!;
        if (pushed <= 0) continue;
        this.nodePush[this.nodeBase[k]! + child]! += pushed;
        for (let u = d.unitStart[child]!; u < d.unitEnd[child]!; u++) this.requeue(this.unitBase[k]! + u);
      }
    }
    if (this.bridgeIndex && !line && direct > 0 && direct >= this.w.bridgeFrom * this.bridgeIndex.best) this.spreadBridge(k, this.unit[g]!, direct);
    const ref = this.refOf(g);
    this.refs.push(ref);
    const step: WalkStep = { ref, unit, score: s, tokens: unit.tokens };
    this.steps.push(step);
    return step;
  }

  /** Whether document `k` is a document of tables (`proseCarryLines` of its sentence units lines), decided on its first read line. */
  private isTableDoc(k: number): boolean {
    if (this.tableDoc[k] === 2) this.tableDoc[k] = lineShare(this.view[k]!) >= (this.w.proseCarryLines ?? 0.7) ? 1 : 0;
    return this.tableDoc[k] === 1;
  }

  /** Whether prose carries in document `k` (`proseCarryLines`), decided on its first read prose sentence. */
  private carriesProse(k: number): boolean {
    if (this.proseCarryDoc[k] === 2) this.proseCarryDoc[k] = lineShare(this.view[k]!) >= this.w.proseCarryLines! ? 1 : 0;
    return this.proseCarryDoc[k] === 1;
  }

  /**
   * Bridge expansion (a model-free second hop): the most distinctive terms of the unit just read
   * that the question lacks (its names, by default) join the relevance, each weighted like a
   * question term of its IDF and scaled by the read unit's own relevance, so terms found through
   * weaker units weigh less. Called only for prose units (a table's capitalised row labels are
   * not bridges) at least `bridgeFrom` as relevant as the view's best.
   */
  private spreadBridge(k: number, u: number, r: number): void {
    const index = this.bridgeIndex!;
    const candidates: { term: string; idf: number }[] = [];
    const source = this.w.bridgeNames ? nameTerms(this.view[k]!.unitAt(u).text) : this.view[k]!.unitTf[u]!.keys();
    for (const term of source) {
      const entry = index.get(term);
      if (entry) candidates.push({ term, idf: entry.idf });
    }
    candidates.sort((a, b) => b.idf - a.idf || (a.term < b.term ? -1 : 1));
    for (const { term, idf } of candidates.slice(0, this.w.bridgeTerms)) {
      const entry = index.get(term)!;
      const weight = (r * idf) / index.questionIdf;
      if (weight <= entry.weight) continue;
      const delta = weight - entry.weight;
      entry.weight = weight;
      for (const v of entry.units) {
        if (this.read[v]) continue;
        this.bridgeScore[v]! += delta;
        this.requeue(v);
      }
    }
  }

  /** The best unread unit that fits in `room` tokens; ties go to the lowest global index. */
  bestUnread(room: number): Candidate {
    let best: Candidate = { g: -1, s: Number.NEGATIVE_INFINITY };
    for (let top = this.heap.peek(); top; top = this.heap.peek()) {
      const g = top.unit;
      // Drop read units, stale entries (the unit was pushed again with a higher score) and units
      // that no longer fit (they never will again).
      if (this.read[g] || top.score !== this.score(g) || this.tokens[g]! > room) this.heap.pop();
      else {
        best = { g, s: top.score };
        break;
      }
    }
    if (best.s > 0) return best;
    // The first unit in order still at score 0 that fits; the cursor passes for good over units
    // read, no longer fitting, or scored (scores only grow, and a scored unit is on the heap).
    while (this.zeroAt < this.total && (this.read[this.zeroAt] || this.tokens[this.zeroAt]! > room || this.score(this.zeroAt) !== 0)) this.zeroAt++;
    if (this.zeroAt < this.total && (best.g < 0 || best.s < 0 || this.zeroAt < best.g)) return { g: this.zeroAt, s: 0 };
    return best;
  }

  /** Records the judge's probability on the last step. */
  recordProbability(probability: number): WalkStep {
    const last = { ...this.steps[this.steps.length - 1]!, probability };
    this.steps[this.steps.length - 1] = last;
    return last;
  }
}

interface BridgeTerm {
  readonly idf: number;
  /** Global indexes of the sentence units holding the term. */
  readonly units: number[];
  /** The weight the term has reached so far. */
  weight: number;
}

/**
 * The view's distinctive non-question terms with the sentence units holding them, looked up term
 * by term when a read unit offers them (an index of every term of every unit opened cost a cold
 * question more than its walk).
 */
class BridgeIndex {
  private readonly terms = new Map<string, BridgeTerm | null>();
  private readonly stats: TermStats;
  private readonly question: Set<string>;
  private readonly maxDf: number;
  /** Sum of the question terms' IDF (a bridge term weighs as a question term of its IDF would). */
  readonly questionIdf: number;
  /** The view's best unit relevance. */
  readonly best: number;

  constructor(
    private readonly view: readonly DocUnits[],
    relevance: Relevance,
    private readonly unitBase: readonly number[],
  ) {
    this.stats = mergeStats(view.map((d) => d.sentenceStats));
    this.question = new Set(relevance.terms);
    this.maxDf = Math.max(2, BRIDGE_MAX_DF_SHARE * this.stats.count);
    let questionIdf = 0;
    for (const x of relevance.sentenceQuery.idf) questionIdf += x;
    this.questionIdf = Math.max(1e-9, questionIdf);
    this.best = relevance.best;
  }

  /** The term's entry, or undefined when it is a question term, too rare or too common. */
  get(term: string): BridgeTerm | undefined {
    let entry = this.terms.get(term);
    if (entry === undefined) {
      entry = this.entryOf(term);
      this.terms.set(term, entry);
    }
    return entry ?? undefined;
  }

  private entryOf(term: string): BridgeTerm | null {
    if (this.question.has(term)) return null;
    const df = this.stats.df.get(term) ?? 0;
    if (df < 2 || df > this.maxDf) return null;
    const units: number[] = [];
    this.view.forEach((d, k) => {
      const holding = d.termUnits.unitsWith(term);
      for (let j = 0; j < holding.length; j++) {
        const i = holding[j] as number;
        if (d.unitLevel[i] === 0) units.push(this.unitBase[k]! + i);
      }
    });
    return { idf: idfOf(df, this.stats.count), units, weight: 0 };
  }
}
