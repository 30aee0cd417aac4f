import { describe, expect, it } from "vitest";
import { asDocId, asNodeId } from "../core/ids.js";
import { analyze } from "../core/analyze.js";
import { splitSentences } from "../ingest/sentences.js";
import type { ReadingUnit } from "../retrieval/units.js";
import type { ReaderItem } from "./reader.js";
import { extractAnswer } from "./extract.js";
import { keyedText } from "./bridge.js";
import { candidatesOf } from "./candidates.js";
import { shapeFit, wholePlaceOf } from "./shape.js";
import { isCommonWordOpening } from "./span-rules.js";

/** Every sentence of `text` read, with relevance = share of the question's terms it holds. */
function itemsOf(text: string, question: string): ReaderItem[] {
  const q = new Set(analyze(question));
  return splitSentences(text).map((span, i) => {
    const sentence = text.slice(span.start, span.end);
    const terms = new Set(analyze(sentence));
    const unit: ReadingUnit = { docId: asDocId("doc"), nodeId: asNodeId(`doc:L0:${i}`), node: i, level: 0, text: sentence, spans: [span], tokens: 10 };
    return { unit, relevance: q.size > 0 ? [...q].filter((t) => terms.has(t)).length / q.size : 0, title: "doc" };
  });
}

/** The span ranking alone (sentenceMargin 0.5): the rules order candidates, the sentence fallback is tested in extractive-reader.test.ts. */
const answer = (text: string, question: string, options = {}): string => extractAnswer(question, itemsOf(text, question), { sentenceMargin: 0.5, ...options }).answer;

describe("bridge: nested questions answered a hop away", () => {
  const text =
    'Several films, such as "Maximum Overdrive" (1986) and "Domestic Disturbance" (2001), have been shot in or around Leland by Frank Price. ' +
    "Maximum Overdrive is a horror film written and directed by Stephen King. " +
    "The town of Leland lies on the Brunswick River.";
  const question = "Who directed the film that was shot in Leland in 1986?";

  it("takes the answer from the sentence that names the first hop's entity", () => {
    expect(answer(text, question)).toBe("Stephen King");
    // Without bridging, the first hop's entity is the answer.
    expect(answer(text, question, { bridge: 0 })).toBe("Maximum Overdrive");
  });

  it("does not bridge a question that nests none", () => {
    const plain = "Maximum Overdrive was shot in Leland in 1986. Stephen King directed it. Stephen King was born in Portland.";
    expect(answer(plain, "Where was Maximum Overdrive shot?")).toBe("Leland");
  });

  it("keys names by their lower-case words, padded for whole-word matching", () => {
    expect(keyedText("Maximum Overdrive (1986)")).toBe(" maximum overdrive 1986 ");
  });
});

describe("the what/which phrase names the answer's kind", () => {
  it("an answer ending with a word of the phrase is no repeat of the question", () => {
    const text = "Walden is a community in the province of Nova Scotia, located in the Lunenburg Municipal District on the shore of the LaHave River.";
    expect(answer(text, "What district is Walden located in?")).toBe("Lunenburg Municipal District");
    expect(answer(text, "What district is Walden located in?", { askedCue: 1 })).not.toBe("Lunenburg Municipal District");
  });

  it("a name defined as the kind asked, at the head of its sentence, is that kind", () => {
    const text =
      "McRaney is best known as one of the stars of the television shows Simon & Simon and Major Dad. " +
      "Gerald Lee McRaney (born August 19, 1947) is an American television and movie actor.";
    const question = "Simon & Simon starred which television and movie actor from the US?";
    expect(answer(text, question)).toBe("Gerald Lee McRaney");
  });
});

describe("'one' as a pronoun", () => {
  it("is not a count after an article or before 'of'", () => {
    const text = "Users' vocabulary may differ from the one of editors. The vocabulary holds 33,663 distinct keywords.";
    expect(answer(text, "How large is the users' vocabulary?")).toBe("33,663 distinct");
  });
});

describe("a name right after the kind asked", () => {
  it("is named as one of that kind", () => {
    const text = "Jagdish Mali took images of celebrities like Rekha, Anupam Kher and Shabana Azmi. He was the father of Bollywood actress Antara Mali.";
    const question = "Jagdish Mali, known for taking images of celebrities including Shabana Azmi, is father to which Bollywood actress?";
    expect(answer(text, question)).toBe("Antara Mali");
    expect(answer(text, question, { headCue: 1 })).not.toBe("Antara Mali");
  });
});

describe("a count written in words", () => {
  it("keeps the noun it counts without counting it as a repeat of the question", () => {
    const text = "We computed the agreement on the trial set for the five annotators on 21 of the tweets.";
    expect(answer(text, "How many annotators participated?")).toBe("five annotators");
  });
});

describe("numbers with their unit and qualifier", () => {
  const spans = (text: string): string[] => candidatesOf(text).map((c) => `${c.kind}:${text.slice(c.start, c.end)}`);

  it("reads a TeX figure as a number with its unit, not as money", () => {
    expect(spans("The dataset is formed by $150,000$ tweets.")).toContain("number:$150,000$ tweets");
    expect(spans("The dataset is formed by $150,000$ tweets.").some((s) => s.startsWith("money:"))).toBe(false);
    expect(spans("The works cost $2.5 million.")).toContain("money:$2.5 million");
  });

  it("reads a time of day as a date-like span ('3 a.m.')", () => {
    expect(spans("Alcohol may be sold during the hours 7 a.m. to 3 a.m.")).toContain("date:3 a.m.");
    expect(spans("Give me 5 amps.")).not.toContain("date:5 am");
  });

  it("keeps what a count is of ('3189 rows of text messages')", () => {
    expect(spans("The only labelled dataset had 3189 rows of text messages.")).toContain("number:3189 rows of text messages");
    expect(spans("It had 12 rows of the table.")).toContain("number:12 rows");
  });
});

describe("a date in a person's life parenthesis", () => {
  const text =
    "Louis Armstrong (August 4, 1901 – July 6, 1971) was an American trumpeter who sang What a Wonderful World. " +
    "Armstrong recorded the song in August 1967.";

  it("does not answer a question about something else the person did", () => {
    expect(answer(text, "When did Louis Armstrong record What a Wonderful World?")).toBe("August 1967");
    expect(answer(text, "When did Louis Armstrong record What a Wonderful World?", { lifespan: 1 })).not.toBe("August 1967");
  });

  it("answers a question about the birth", () => {
    expect(answer(text, "When was Louis Armstrong born?")).toBe("August 4, 1901");
  });

  it("is recognised by the parenthesis, not by the date alone", async () => {
    const { isLifespanDate } = await import("./span-rules.js");
    const s = "Michael Reznor (born May 17, 1965) is an American singer who toured (in May 1994) widely.";
    const at = (t: string) => ({ start: s.indexOf(t), end: s.indexOf(t) + t.length, kind: "date" as const });
    expect(isLifespanDate(s, at("May 17, 1965"), "When did he tour?")).toBe(true);
    expect(isLifespanDate(s, at("May 1994"), "When did he tour?")).toBe(false);
    expect(isLifespanDate(s, at("May 17, 1965"), "In what year was he born?")).toBe(false);
  });
});

describe("place in the document (early, off by default)", () => {
  const text =
    "The Fooland film came out in 1999. " +
    "Its studio later moved to a larger lot near the river, and its staff grew over several years. " +
    "The Fooland film came out worldwide in 2005.";
  const question = "When did the Fooland film come out worldwide?";

  it("by default ranks by relevance and coverage alone", () => {
    expect(answer(text, question)).toBe("2005");
  });

  it("with a weight, favours the sentence nearer the document's opening", () => {
    expect(answer(text, question, { early: 1, earlyScale: 20 })).toBe("1999");
  });
});

describe("a country or US state is no person or organisation", () => {
  it("answers a who-question with the person, not the country named beside the question's terms", () => {
    const text =
      "Kahuku is a place in the Koolauloa District on the island of Oahu, Hawaii, United States. " +
      '"The Hukilau Song" is a song written by Jack Owens in 1948 after attending a luau in Laie.';
    expect(answer(text, "Who wrote a song after attending a luau in the Koolauloa District on the island of Oahu?")).toBe("Jack Owens");
  });

  it("keeps a state's fit for a place question and lowers it for a person or an organisation", () => {
    expect(shapeFit("place", "name", "Pennsylvania")).toBe(shapeFit("place", "name", "Hershey"));
    expect(shapeFit("person", "name", "United States")).toBeLessThan(shapeFit("person", "name", "Jack Owens"));
    expect(shapeFit("organization", "name", "Maine")).toBeLessThan(shapeFit("organization", "name", "Hebron Academy"));
  });
});

describe("a country or US state is not the smaller place asked", () => {
  const text =
    "Granite Peak is the highest mountain in both the Santa Rosa Range and Humboldt County, in Nevada. " +
    "Humboldt Peak is a high summit of the Crestones in the Sangre de Cristo Range.";

  it("answers 'what mountain range' with the range, not the state", () => {
    const question = "Humboldt Peak, in the state where Silverton is located, is part of what mountain range?";
    expect(answer(text, question)).toBe("Sangre de Cristo Range");
    expect(answer(text, question, { placeKind: 1 })).toBe("Nevada");
  });

  it("keeps a state for 'what state'", () => {
    expect(answer(text, "Granite Peak is in what state?")).toBe("Nevada");
  });
});

describe("a possessor is no place", () => {
  it("answers a where-question with the place, not the name before 's", () => {
    const text =
      "The title is a pun of Deep Purple's live album Made in Japan. " +
      "Iron Maiden are an English heavy metal band formed in Leyton in 1975.";
    const question = "Where did the band form that made the live album Maiden Japan?";
    expect(answer(text, question)).toBe("Leyton");
    expect(answer(text, question, { possessive: 1 })).toBe("Deep Purple's");
  });
});

describe("the noun a count question counts", () => {
  const text =
    "In 2010 he led the team in six Chess Olympiads. " +
    "In 2010 the port handled 273,282 TEUs.";
  const question = "What amount of TEUs did the host city of the 26th Chess Olympiad handle in 2010?";

  it("is the unit a figure should name", async () => {
    const { countedOf } = await import("./extract.js");
    expect(countedOf(question)).toBe(countedOf("How many TEUs?"));
    expect(countedOf("How many tweets are there?")).toBe(countedOf("How many tweet?"));
    expect(countedOf("When was it built?")).toBeUndefined();
    expect(answer(text, question)).toBe("273,282 TEUs");
  });

  it("without it, any question term counts as the unit ('six Chess')", () => {
    expect(answer(text, question, { counted: 0 })).toBe("six Chess");
  });
});

describe("the question's words around the asked slot (slotCue, off by default)", () => {
  it("finds the words before the slot next to a candidate, and the verb after it said passively", async () => {
    const { slotNext, slotOf } = await import("./phrase.js");
    const { analyzeQuestion } = await import("./question.js");
    const { readSentences } = await import("./sentences-read.js");
    const read = (t: string) => readSentences(itemsOf(t, t))[0]!;
    const at = (s: { text: string }, t: string) => ({ start: s.text.indexOf(t), end: s.text.indexOf(t) + t.length, kind: "name" as const });
    const q1 = "Charles Andrews graduated from what college preparatory boys' school?";
    const slot1 = slotOf(q1, analyzeQuestion(q1));
    expect(slot1.before).toEqual(["graduat", "~from"]);
    const s1 = read("He attended the district school and graduated from Hebron Academy.");
    expect(slotNext(s1, at(s1, "Hebron Academy"), slot1, 1)).toBe(true);
    const q2 = "Who directed the film?";
    const slot2 = slotOf(q2, analyzeQuestion(q2));
    const s2 = read("The film was directed by Park Jin-pyo and produced by Kim Su.");
    expect(slotNext(s2, at(s2, "Park Jin-pyo"), slot2, 1)).toBe(true);
    expect(slotNext(s2, at(s2, "Kim Su"), slot2, 1)).toBe(false);
    // "the voice of": a noun, never said passively.
    const q3 = "Who does the voice of Jeremy?";
    expect(slotOf(q3, analyzeQuestion(q3)).passive).toBe(false);
  });
});

describe("a paragraph's title line", () => {
  const text = "Brunswick\nMany pupils graduated from Bowdoin Academy.\n\nCharles Andrews\nHe was a representative from Maine. He graduated from Hebron Academy.";

  it("is found for each sentence of its paragraph that the walk read with it", async () => {
    const { paragraphTitles } = await import("./sentence-terms.js");
    const { readSentences } = await import("./sentences-read.js");
    const sentences = readSentences(itemsOf(text, "Charles Andrews"));
    const titles = paragraphTitles(sentences);
    expect(sentences.map((s) => titles.get(s)?.text ?? "-")).toEqual(["-", "Brunswick", "-", "Charles Andrews", "Charles Andrews"]);
    // Without the sentence between, the chain breaks: the title is not carried past an unread sentence.
    const gapped = sentences.filter((s) => !s.text.startsWith("He was"));
    expect(paragraphTitles(gapped).get(gapped.at(-1)!)).toBeUndefined();
  });

  it("names what its sentences are about: they carry its terms", () => {
    const question = "Charles Andrews graduated from what school?";
    expect(answer(text, question)).toBe("Hebron Academy");
    expect(answer(text, question, { titleCarry: 0 })).toBe("Bowdoin Academy");
  });
});

describe("a one-word person answer", () => {
  const text =
    "The study of adolescence began with G. Stanley Hall's book Adolescence. " +
    "Hall, who was the first president of the American Psychological Association, viewed adolescence as a time of turmoil.";
  const question = "Who was the first president of the American Psychological Association?";

  it("is named in full where its document writes the full name", () => {
    expect(answer(text, question)).toBe("G. Stanley Hall");
    expect(answer(text, question, { fullName: 0 })).toBe("Hall");
  });

  it("is left alone when no read sentence writes a longer name ending with it", () => {
    expect(answer("Hall, who was the first president of the American Psychological Association, viewed adolescence as a time of turmoil.", question)).toBe("Hall");
  });
});

describe("a size question", () => {
  it("is not answered with a small count of something else", () => {
    const text = "The new dataset was labelled by ten annotators. The dataset contains 14,100 tweets.";
    expect(answer(text, "What is the size of the new dataset?")).toBe("14,100 tweets");
    expect(answer(text, "What is the size of the new dataset?", { magnitude: 1 })).toBe("ten annotators");
    // A count question keeps its small counts.
    expect(answer("The corpus was labelled by ten annotators.", "How many annotators labelled the corpus?")).toBe("ten annotators");
  });
});

describe("a cast line naming the role asked", () => {
  const text = "Jolyon Coy portrays the young Maurice . Kevin Kline as Maurice , Belle 's father .";
  const question = "who played maurice in beauty and the beast 2017";

  it("gives its actor even when the line ranks below the sentences whose candidates are weighed", () => {
    expect(answer(text, question, { topSentences: 1 })).toBe("Kevin Kline");
    expect(answer(text, question, { topSentences: 1, roleAll: 0 })).toBe("Jolyon Coy");
  });
});

describe("a country or a US state is the kind 'what state' or 'which country' asks", () => {
  const text = "The third studio album by Matthew Ward was released in the United States in 2003. Ward is a singer-songwriter and guitarist from Portland, Oregon.";
  const question = "The third studio album was by a singer-songwriter from what state?";

  it("answers 'what state' with a US state, not the country beside the question's terms", () => {
    expect(answer(text, question)).toBe("Oregon");
    expect(answer(text, question, { wholePlace: 1 })).toBe("United States");
  });

  it("answers 'which country' with the country, not a state", () => {
    expect(answer(text, "In which country was the third studio album by Matthew Ward released?")).toBe("United States");
  });

  it("tells a country from a state", () => {
    expect(wholePlaceOf("United States")).toBe("country");
    expect(wholePlaceOf("Oregon")).toBe("state");
    expect(wholePlaceOf("Portland")).toBeUndefined();
  });
});

describe("a duration needs its unit", () => {
  it("answers 'how long' with the figure and its unit, not a bare figure of a closer sentence", () => {
    const text = "The upgrade took the tool to version 2.1. It lasted six weeks.";
    expect(answer(text, "How long did the upgrade of the tool take?")).toBe("six weeks");
    expect(shapeFit("duration", "number", "2.1")).toBeLessThan(shapeFit("duration", "number", "six weeks"));
  });
});

describe("a capitalised word after an opening quote", () => {
  it("is a common word capitalised by its place when the text writes it in lower case", () => {
    const sentence = 'The wizard asks users to press "Load the settings" and then load the saved file.';
    const lower = new Set(["load", "the", "settings"]);
    const load = candidatesOf(sentence).find((c) => c.kind === "name" && sentence.slice(c.start, c.end) === "Load")!;
    expect(load).toBeDefined();
    expect(isCommonWordOpening(sentence, load, "Load", lower)).toBe(true);
    // A name the text never writes in lower case stays a name.
    const named = 'The review called it "Acme the best of the year".';
    const acme = candidatesOf(named).find((c) => c.kind === "name" && named.slice(c.start, c.end) === "Acme")!;
    expect(isCommonWordOpening(named, acme, "Acme", lower)).toBe(false);
  });
});

describe("the counted noun is the first word after the figure", () => {
  it("answers 'how many questions' with the count of questions, not of their types", () => {
    const text = "All questions in the dataset are reviewed by experts with three types of questions. It contains 2,714 question-answer pairs.";
    const question = "How many questions are in the dataset?";
    expect(answer(text, question)).toBe("2,714 question-answer");
    expect(answer(text, question, { countedFirst: 0 })).toBe("three types of questions");
  });
});

describe("who is older: the birth years in the life parentheses", () => {
  it("compares the years each person was born, not the first years written after the names", () => {
    const text =
      'Vakhtang "Vic" Darchinyan (Armenian: Վախթանգ; born 7 January 1976) is an Armenian boxer. Vic Darchinyan won a world title in 2004. ' +
      "Sid Haig starred in a 2010 film. Sid Haig (born July 14, 1939) is an American actor.";
    expect(answer(text, "Who is the oldest, Sid Haig or Vic Darchinyan?")).toBe("Sid Haig");
    expect(answer(text, "Who is younger, Sid Haig or Vic Darchinyan?")).toBe("Vic Darchinyan");
  });
});

describe("a full date agrees with its year", () => {
  it("answers with the full date when other sentences give its year alone", () => {
    const text =
      "The Charter of Rights was adopted in 1982 . The Canada Act 1982 holds it . " +
      "The Queen established the Charter on April 17 , 1982 , at a ceremony in Ottawa with the prime minister and many other guests present .";
    const question = "when was the charter of rights established";
    expect(answer(text, question)).toBe("April 17 , 1982");
    expect(answer(text, question, { dateAgreement: 0 })).toBe("1982");
  });
});
