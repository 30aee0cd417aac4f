/**
 * Question analysis for the extractive reader: the wh-word, the type of answer expected, and
 * the question's content terms (analysed as the index analyses text) with a weight that says
 * how distinctive each is. Deterministic rules over the question's words; no model.
 */
import { analyze, isStopWord, stem } from "../core/analyze.js";

export type AnswerType =
  | "date"
  | "number"
  | "money"
  | "percent"
  | "duration"
  | "person"
  | "organization"
  | "place"
  | "title"
  | "name"
  | "yesno"
  | "definition"
  | "list"
  | "clause";

/** Types whose answer is a typed span; the rest are answered with a sentence or clause. */
export const SPAN_TYPES: ReadonlySet<AnswerType> = new Set(["date", "number", "money", "percent", "duration", "person", "organization", "place", "title", "name"]);

export interface QuestionTerm {
  /** The analysed (stemmed) term, as the index has it. */
  readonly term: string;
  /** Larger for names, numbers and rarer-looking words. */
  readonly weight: number;
  /** Written with a capital letter or a digit in the question (a name, a number). */
  readonly specific: boolean;
}

export interface QuestionAnalysis {
  readonly wh: string;
  readonly type: AnswerType;
  /** The two options of a comparison question ("..., Guitar World or Science News?"): the answer is one of them. */
  readonly options?: readonly [string, string];
  readonly terms: readonly QuestionTerm[];
  /** The noun after what/which that names the answer's kind, analysed ("what river": river). */
  readonly head?: string;
  /**
   * The question nests another ("the film that was shot in Leland", "the country where X is"):
   * a relative clause after a noun, so its answer is likely a hop away from the terms it names.
   */
  readonly nested: boolean;
  /**
   * The lower-case words of the what/which phrase, analysed ("what mountain range": mountain,
   * range; "which group of mountains": group, mountain): they name the answer's kind, so an
   * answer may well hold them ("Sangre de Cristo Range") without repeating the question.
   */
  readonly asked: readonly string[];
}

const WH = ["how many", "how much", "how long", "how old", "how far", "how big", "how large", "how often", "what", "which", "who", "whom", "whose", "when", "where", "why", "how"];
const AUXILIARY = /^(?:is|are|was|were|does|do|did|can|could|has|have|had|will|would|should|may|might|must|shall)\b/i;
const CONTRACT = /^highlight the parts|^(?:find|quote|show) the (?:clause|section|provision)/i;
const DEFINE = /^(?:define|explain|describe|summari[sz]e)\b|\bwhat (?:is|are|was|were) (?:meant by|the (?:meaning|definition|purpose|role|function) of)\b|\bwhat does .+ (?:mean|do|stand for)\b/i;
const LIST_ASK = /^(?:list|name|enumerate)\b|\bwhat (?:are|were) the\b|\bwhich .+s (?:are|were|do|did)\b/i;

/** Words that end the noun phrase after which/what. */
const VERB_LIKE = /^(?:is|are|was|were|did|does|do|has|have|had|can|could|will|would|\w+ed)$/;
const HEAD_STOP = /^(?:for|in|on|at|by|with|from|to|during|since|after|before|into|than|as)$/;
const LENGTH_UNITS = /\b(?:metres?|meters?|feet|foot|miles?|km|kilometres?|kilometers?|inches|inch|yards?|cm|mm|characters?|words?|lines?|bytes?|pages?)\b/;
const OPTION_ASK = /^(?:which|what) (?:command[- ]line )?(?:option|flag|switch|setting|parameter|directive|variable)s?\b/;

/** Words that say an amount is of money ("the amount of funding"). */
const MONEY_WORDS = /^(?:money|cash|funding|funds?|dollars?|pounds?|euros?|yen|capital|revenue|income|profit|debt|tax|taxes|rent|salary|compensation|damages|investment|budget|spending|aid)$/;

/** Words after which/what that name the kind of answer. */
const HEAD_TYPES: readonly (readonly [RegExp, AnswerType])[] = [
  [/^(?:year|date|day|month|decade|century|time|era|season|period)s?$/, "date"],
  [/^(?:percentage|percent|proportion|share|rate|ratio)s?$/, "percent"],
  [/^(?:price|cost|salary|revenue|budget|amount|fee|income|profit|sum)s?$/, "money"],
  [/^(?:number|population|count|size|height|length|weight|age|score|total|capacity|area|distance|speed|temperature)s?$/, "number"],
  [/^(?:duration)s?$/, "duration"],
  [/^(?:country|city|state|town|place|province|county|region|continent|island|river|mountain|lake|location|village|capital|nation|district|area|street|venue|stadium|airport|ocean|sea|park|neighborhood|neighbourhood)s?$/, "place"],
  [/^(?:company|team|band|group|organi[sz]ation|university|college|school|club|party|agency|network|label|firm|corporation|brand|publisher|newspaper|magazine|league|airline|manufacturer|institution|church|army)s?$/, "organization"],
  [/^(?:person|man|woman|actor|actress|player|footballer|senator|cricketer|athlete|boxer|wrestler|dancer|comedian|journalist|lyricist|screenwriter|drummer|guitarist|vocalist|bassist|singer|author|writer|president|king|queen|director|composer|artist|musician|leader|founder|character|son|daughter|father|mother|wife|husband|spouse|brother|sister|sibling|member|coach|poet|scientist|producer|politician|emperor|ruler|governor|minister|owner|ceo|chairman|voice|performer|rapper|novelist|painter|architect|inventor|explorer|philosopher|general|officer|manager|captain|pope|prince|princess|child|children|star|host|judge)s?$/, "person"],
  [/^(?:film|movie|book|song|album|novel|show|series|play|poem|single|title|magazine|game|episode|opera|work|painting|record)s?$/, "title"],
  [/^(?:name)s?$/, "name"],
];

/**
 * `HEAD_TYPES` as one expression, a group per type in the same order (the first that matches
 * wins, as testing them in turn would give): one expression to compile in a fresh process, not
 * eleven.
 */
const HEAD_TYPE = new RegExp(HEAD_TYPES.map(([pattern]) => `(${pattern.source.replace(/^\^/, "").replace(/\$$/, "")})`).join("|").replace(/^/, "^(?:").replace(/$/, ")$"));

function headType(word: string | undefined): AnswerType | undefined {
  if (!word) return undefined;
  const m = HEAD_TYPE.exec(word.toLowerCase());
  if (!m) return undefined;
  const group = m.findIndex((g, i) => i > 0 && g !== undefined);
  return HEAD_TYPES[group - 1]?.[1];
}

/**
 * A wh-word right after a content word ("an actress who starred ...", "the year when") opens a
 * relative clause; the one that asks comes first in the question or after a preposition, a
 * verb or punctuation ("... the mayor of what city?", "Lilu is what?").
 */
function isRelative(lower: string, at: number): boolean {
  const before = /([\p{L}\p{N}'’]+)(\s+)$/u.exec(lower.slice(0, at));
  if (!before?.[1]) return false;
  return !isStopWord(before[1]) && !VERB_LIKE.test(before[1]);
}

/**
 * Every wh-word as a whole word, in one expression: the two-word ones come first, so "how many"
 * wins over "how" at the same place (no wh-word holds another after its first word, so the
 * matches are the ones a search word by word would keep).
 */
const WH_WORD = new RegExp(`(?:^|[^\\p{L}])(${WH.join("|")})(?![\\p{L}])`, "gu");

export function whOf(lower: string): { wh: string; at: number } {
  const kept: { wh: string; at: number }[] = [];
  for (const m of lower.matchAll(WH_WORD)) {
    const wh = m[1] as string;
    kept.push({ wh, at: m.index + (m[0].length - wh.length) });
  }
  return kept.find((f) => !isRelative(lower, f.at)) ?? kept[0] ?? { wh: "", at: 0 };
}

/** The first few words after `at` that are not articles or adjectives we know. */
function wordsAfter(lower: string, at: number): string[] {
  return lower
    .slice(at)
    .split(/[^\p{L}\p{N}'-]+/u)
    .filter((w) => w.length > 0)
    .slice(1, 8);
}

function typeOf(question: string): { wh: string; type: AnswerType; head?: string } {
  const trimmed = question.trim();
  const lower = trimmed.toLowerCase();
  if (CONTRACT.test(lower)) return { wh: "", type: "clause" };
  const { wh, at } = whOf(lower);
  if (wh === "" && AUXILIARY.test(lower)) return { wh: "", type: "yesno" };
  if (AUXILIARY.test(lower) && at > 0 && !/,\s*$/.test(lower.slice(0, at))) {
    // "Is X or Y ...?" and "Did ... ?" with a wh-word only inside a clause: still yes/no.
    if (!/\bor\b/.test(lower)) return { wh: "", type: "yesno" };
  }
  if (wh === "how many" || wh === "how old" || wh === "how far" || wh === "how big" || wh === "how large") return { wh, type: "number" };
  if (wh === "how much") return { wh, type: /\b(?:cost|pay|paid|spend|spent|earn|worth|price|money|dollars?|sell|sold)\b/.test(lower) ? "money" : "number" };
  if (wh === "how long") return { wh, type: LENGTH_UNITS.test(lower) ? "number" : "duration" };
  if (wh === "how often") return { wh, type: "clause" };
  if (wh === "when") return { wh, type: "date" };
  if (wh === "where") return { wh, type: "place" };
  if (wh === "who" || wh === "whom" || wh === "whose") return { wh, type: "person" };
  if (wh === "why" || wh === "how") return { wh, type: "clause" };
  if (DEFINE.test(lower) || OPTION_ASK.test(lower)) return { wh, type: "definition" };
  if (wh === "what" || wh === "which") {
    const after = wordsAfter(lower, at);
    // "what year", "which of the countries", "what is the name of the band"
    const skip = new Set(["is", "are", "was", "were", "the", "a", "an", "of", "kind", "type", "sort", "other", "two", "first", "last", "one"]);
    // The head noun is within the first few content words ("which Canadian actress", "what 2011 film"),
    // and it is the last noun of its phrase ("which television and movie actor": a person).
    let content = 0;
    let head: AnswerType | undefined;
    let headWord = "";
    for (const [i, word] of after.entries()) {
      // "what is the name of ...", "what was the capital ...": the copula right after the wh-word.
      if (i === 0 && /^(?:is|are|was|were)$/.test(word)) continue;
      // The head comes before any preposition but "of" ("starred in what for seven years": no head).
      if (HEAD_STOP.test(word)) break;
      const t = headType(word);
      // A noun-like word after the head and before an article is the verb ("what county shares a border").
      if (t && head && /^(?:a|an|the|its|their|his|her|this|that|these|those)$/.test(after[i + 1] ?? "")) break;
      if (t) {
        head = t;
        headWord = word;
        continue;
      }
      if (head || VERB_LIKE.test(word)) break;
      if (!skip.has(word) && !isStopWord(word) && ++content >= 3) break;
    }
    // "what amount of TEUs": an amount of something other than money is a number.
    if (head === "money" && /^(?:amount|sum)s?$/.test(headWord)) {
      const of = after.indexOf("of", after.indexOf(headWord));
      const counted = of >= 0 ? after[of + 1] : undefined;
      if (counted && !MONEY_WORDS.test(counted)) return { wh, type: "number", head: stem(headWord) };
    }
    if (head) return { wh, type: head === "name" ? nameAfter(after) : head, ...(head === "name" ? {} : { head: stem(headWord) }) };
    if (/\b(?:percentage|percent)\b/.test(lower)) return { wh, type: "percent" };
    if (LIST_ASK.test(lower)) return { wh, type: "list" };
    if (/^what (?:is|are|was|were) (?:an? |the )?[\p{L}\p{N}' -]{1,40}\??$/u.test(lower)) return { wh, type: "definition" };
    return { wh, type: "name" };
  }
  if (/^(?:list|name)\b/.test(lower)) return { wh, type: "list" };
  return { wh, type: "clause" };
}

/** "the name of the band" → the band's type; otherwise a generic name. */
function nameAfter(after: readonly string[]): AnswerType {
  for (const word of after) {
    const t = headType(word);
    if (t && t !== "name") return t;
  }
  return "name";
}

/** Words that say what kind of answer is wanted rather than what it is about. */
const QUESTION_FRAME = new Set(
  ["name", "year", "date", "many", "much", "long", "old", "kind", "type", "called", "known", "highlight", "part", "contract", "related", "reviewed", "lawyer", "detail", "any", "mean", "meaning", "stand", "refer", "define", "definition", "option", "flag"].map(stem),
);

const COMPARISON = /(?:^|[,:]\s*|\b(?:between|first|older|younger|more|less|earlier|later|larger|smaller|taller|longer)\b\s*,?\s*)((?:the\s+)?[\p{Lu}\d][^,?]{0,60}?)\s*,?\s+or\s+((?:the\s+)?[\p{Lu}\d][^,?]{0,60}?)\s*\??\s*$/u;

/** "Which ... first, A or B?", "Who is older, A or B?", "between A and B" questions: their two options. */
function optionsOf(question: string): readonly [string, string] | undefined {
  const lower = question.toLowerCase();
  if (!/^(?:which|who|what|whose|is|are|was|were|did|does|between)\b/.test(lower)) return undefined;
  const m = COMPARISON.exec(question.trim());
  if (m?.[1] && m[2]) {
    // "Which band was formed first The Exies or ...": the first option starts after the comparing word.
    const first = m[1].split(/\b(?:first|older|younger|more|less|earlier|later|larger|smaller|taller|longer)\b\s*/).pop() ?? m[1];
    if (/^(?:which|who|what|whose|is|are|was|were|did|does)\b/i.test(first)) return undefined;
    return [first.replace(/^the\s+/i, "").trim(), m[2].replace(/^the\s+/i, "").trim()];
  }
  const between = /\b[Bb]etween\s+((?:the\s+)?[\p{Lu}\d][^,?]{0,60}?)\s+and\s+((?:the\s+)?[\p{Lu}\d][^,?]{0,60}?)\s*,/u.exec(question);
  if (between?.[1] && between[2]) return [between[1].trim(), between[2].trim()];
  return undefined;
}

const RELATIVE_WORD = /(?:^|[^\p{L}])(?:who|whom|whose|which|that|where|when)(?![\p{L}])/gu;

/** A relative clause after a content word ("the film that ...", "the city where ..."). */
function isNested(question: string): boolean {
  const lower = question.toLowerCase();
  for (const m of lower.matchAll(RELATIVE_WORD)) {
    const at = m.index + (/^[^\p{L}]/u.test(m[0]) ? 1 : 0);
    if (at > 0 && isRelative(lower, at)) return true;
  }
  return false;
}

const ASKED_WORDS = 3;

function askedOf(question: string): string[] {
  const trimmed = question.trim();
  const lower = trimmed.toLowerCase();
  const { wh, at } = whOf(lower);
  if (wh !== "what" && wh !== "which") return [];
  const out: string[] = [];
  const words = [...trimmed.slice(at).matchAll(/[\p{L}\p{N}'-]+/gu)].map((m) => m[0]).slice(1, 8);
  for (const [i, word] of words.entries()) {
    const w = word.toLowerCase();
    if ((i === 0 && /^(?:is|are|was|were)$/.test(w)) || /^(?:of|the|a|an)$/.test(w)) continue;
    // Names and figures qualify the kind ("which Canadian actress", "what 2011 film").
    if (!/^\p{Ll}/u.test(word)) continue;
    if (HEAD_STOP.test(w) || VERB_LIKE.test(w) || isStopWord(w)) break;
    for (const t of analyze(w)) out.push(t);
    if (out.length >= ASKED_WORDS) break;
  }
  return out;
}

/** Analyses a question: wh-word, expected answer type, weighted content terms. */
export function analyzeQuestion(question: string): QuestionAnalysis {
  const { wh, type, head } = typeOf(question);
  const words = [...question.matchAll(/[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu)].map((m) => m[0]);
  const specific = new Set<string>();
  words.forEach((w, i) => {
    if (/\d/.test(w) || (i > 0 && /^\p{Lu}/u.test(w))) for (const t of analyze(w)) specific.add(t);
  });
  const seen = new Map<string, QuestionTerm>();
  for (const term of analyze(question)) {
    if (seen.has(term) || QUESTION_FRAME.has(term) || WH.includes(term)) continue;
    const isSpecific = specific.has(term);
    const weight = (isSpecific ? 2 : 1) * (term.length >= 7 ? 1.25 : term.length <= 3 ? 0.75 : 1);
    seen.set(term, { term, weight, specific: isSpecific });
  }
  const options = optionsOf(question);
  return { wh, type, terms: [...seen.values()], nested: isNested(question), asked: askedOf(question), ...(options ? { options } : {}), ...(head ? { head } : {}) };
}
