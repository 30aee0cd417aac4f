/**
 * How much a candidate's shape looks like the answer expected, beyond its kind: a person is
 * usually two or three capitalised words and not a demonym or an organisation; a full date is
 * a better "when" answer than a bare decade. A factor in (0, 1].
 */
import type { CandidateKind } from "./candidates.js";
import type { AnswerType } from "./question.js";

const ORG_WORDS = /\b(?:Inc|Ltd|Corp|Company|Society|University|College|School|Records|Awards?|Television|Entertainment|Studios?|Network|Association|Committee|League|Party|Council|Club|Team|Group|Institute|Foundation|Museum|Church|Army|Navy|Bank|Press|Pictures|Films?|Channel|Department|Ministry|Court|Senate|House|Act|Award|Prize|Cup|Championship|Series|Season|Part|Episode|Chapter|Book|Volume)\b/u;
const PLACE_WORDS = /\b(?:City|County|State|River|Mountain|Lake|Island|Street|Park|Province|Republic|Kingdom|Valley|Bay|Sea|Ocean)\b/u;
/** Countries and US states, written whole: a place, not a person or an organisation ("United States", "Maine"). */
const COUNTRIES = [
    "United States", "United Kingdom", "England", "Scotland", "Wales", "Ireland", "Canada", "Australia", "New Zealand", "India", "China", "Japan", "Korea", "South Korea", "North Korea", "France", "Germany", "Italy", "Spain", "Portugal", "Russia", "Mexico", "Brazil", "Argentina", "Egypt", "Israel", "Iran", "Iraq", "Pakistan", "Turkey", "Greece", "Poland", "Sweden", "Norway", "Denmark", "Finland", "Netherlands", "Belgium", "Switzerland", "Austria", "Nigeria", "Kenya", "South Africa", "Philippines", "Indonesia", "Vietnam", "Thailand",
];
const US_STATES = [
    "Alabama", "Alaska", "Arizona", "Arkansas", "California", "Colorado", "Connecticut", "Delaware", "Florida", "Georgia", "Hawaii", "Idaho", "Illinois", "Indiana", "Iowa", "Kansas", "Kentucky", "Louisiana", "Maine", "Maryland", "Massachusetts", "Michigan", "Minnesota", "Mississippi", "Missouri", "Montana", "Nebraska", "Nevada", "New Hampshire", "New Jersey", "New Mexico", "New York", "North Carolina", "North Dakota", "Ohio", "Oklahoma", "Oregon", "Pennsylvania", "Rhode Island", "South Carolina", "South Dakota", "Tennessee", "Texas", "Utah", "Vermont", "Virginia", "Washington", "West Virginia", "Wisconsin", "Wyoming",
];
const PLACE_NAMES = new RegExp(`^(?:${[...COUNTRIES, ...US_STATES].join("|")})$`, "u");
const COUNTRY_NAMES = new RegExp(`^(?:${COUNTRIES.join("|")})$`, "u");
const STATE_NAMES = new RegExp(`^(?:${US_STATES.join("|")})$`, "u");
/** Which of a country or a US state a name written whole is ("United States": country; "Oregon": state). */
export function wholePlaceOf(text: string): "country" | "state" | undefined {
  return COUNTRY_NAMES.test(text) ? "country" : STATE_NAMES.test(text) ? "state" : undefined;
}

/** A country or US state written whole ("Nevada", "United States"). */
export function isCountryOrState(text: string): boolean {
  return PLACE_NAMES.test(text);
}

const DEMONYM = /^\p{Lu}\p{Ll}+(?:an|ian|ese|ish|ic|i)$/u;
const MONTHS = /\b(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\b/u;

function words(text: string): string[] {
  return text.split(/\s+/u).filter((w) => /[\p{L}\p{N}]/u.test(w));
}

export function shapeFit(expected: AnswerType, kind: CandidateKind, text: string): number {
  const n = words(text).length;
  if (kind === "name") {
    // "A, B" is a place with its region, or two names of a list.
    if (expected !== "place" && text.includes(",")) return 0.3;
    const demonym = n === 1 && DEMONYM.test(text);
    const acronym = /^[\p{Lu}\d.&-]{2,6}$/u.test(text);
    if (expected === "person") {
      if (demonym || acronym) return 0.25;
      if (ORG_WORDS.test(text) || PLACE_WORDS.test(text) || PLACE_NAMES.test(text)) return 0.35;
      if (/\d/.test(text)) return 0.3;
      return n === 1 ? 0.55 : n <= 4 ? 1 : 0.6;
    }
    // A place with its region ("Columbus, Ohio") names it more fully than either part.
    const region = text.includes(",") ? 1 : 0.9;
    if (expected === "place") return region * (demonym ? 0.5 : ORG_WORDS.test(text) && !PLACE_WORDS.test(text) ? 0.5 : 1);
    if (expected === "organization") return demonym ? 0.3 : ORG_WORDS.test(text) ? 1 : PLACE_NAMES.test(text) ? 0.4 : 0.8;
    return demonym ? 0.4 : n > 6 ? 0.6 : 1;
  }
  if (kind === "date") {
    if (MONTHS.test(text) && /\d{4}/.test(text)) return 1;
    if (/^\d{4}$/.test(text)) return 0.85;
    if (/s$/.test(text) || /century/i.test(text)) return 0.5;
    return 0.7;
  }
  if (kind === "title") return n > 12 ? 0.3 : 1;
  // A duration needs its unit: a bare figure ("2.1", "version 2.1") is a duration only in the last resort.
  if (expected === "duration" && kind === "number" && !/\p{L}/u.test(text)) return 0.3;
  return 1;
}
