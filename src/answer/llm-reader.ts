/**
 * The LLM Reader: answers from the numbered passages the walk read, with citation markers
 * like [2]. Markers that point to no passage read are removed from the text and never become
 * citations; streamed text is held back while a marker is still open, so the same holds for
 * every delta.
 */
import type { ChatModel } from "../llm/spec.js";
import { formatPassages, numberPassages, type NumberedPassage } from "../retrieval/context.js";
import { citationsOf, type Citation } from "./citations.js";
import type { Reader, ReaderInput, ReaderOutput } from "./reader.js";
import { pushAll } from "../core/arrays.js";

export const DEFAULT_LLM_READER = { maxTokens: 512 };

const SYSTEM =
  "You answer questions using only the numbered passages given. Cite the passages you use with their numbers in square " +
  "brackets, like [2] or [1][3], right after the claim they support. If the passages do not contain the answer, say so.";

const MARKER = /\[(\d+(?:\s*[,;-]\s*\d+)*)\]/g;

/** Numbers in a marker body like "1, 3" or "2-4". */
function markerNumbers(body: string): number[] {
  const out: number[] = [];
  for (const part of body.split(/[,;]/)) {
    const [a, b] = part.split("-").map((x) => Number(x.trim()));
    if (a === undefined || !Number.isInteger(a)) continue;
    if (b !== undefined && Number.isInteger(b) && b >= a && b - a < 20) for (let n = a; n <= b; n++) out.push(n);
    else out.push(a);
  }
  return out;
}

/** Keeps markers whose numbers all exist (valid numbers only), drops the rest; returns the cited numbers. */
export function cleanMarkers(text: string, passageCount: number): { text: string; cited: number[] } {
  const cited: number[] = [];
  const cleaned = text.replace(MARKER, (_, body: string) => {
    const valid = markerNumbers(body).filter((n) => n >= 1 && n <= passageCount);
    pushAll(cited, valid);
    return valid.length > 0 ? `[${valid.join(", ")}]` : "";
  });
  return { text: cleaned.replace(/[ \t]+([.,;:])/g, "$1").replace(/[ \t]{2,}/g, " ").trim(), cited: [...new Set(cited)] };
}

/** Streams text through marker cleaning: holds back an open `[` until it closes or cannot be a marker. */
export function createMarkerFilter(passageCount: number, emit: (text: string) => void): { push(text: string): void; end(): void } {
  let pending = "";
  const flush = (final: boolean): void => {
    const open = pending.lastIndexOf("[");
    const holdFrom = !final && open >= 0 && !pending.slice(open).includes("]") && /^\[[\d\s,;-]*$/.test(pending.slice(open)) ? open : pending.length;
    const ready = pending.slice(0, holdFrom);
    pending = pending.slice(holdFrom);
    if (ready.length === 0) return;
    const cleaned = ready.replace(MARKER, (_, body: string) => {
      const valid = markerNumbers(body).filter((n) => n >= 1 && n <= passageCount);
      return valid.length > 0 ? `[${valid.join(", ")}]` : "";
    });
    if (cleaned.length > 0) emit(cleaned);
  };
  return {
    push(text) {
      pending += text;
      flush(false);
    },
    end() {
      flush(true);
    },
  };
}

const NOT_FOUND =
  /\b(?:(?:do|does|did) not|don't|doesn't|cannot|can't|can not|fail to|are unable to|is not|isn't|aren't|are not|no)\b[^.]{0,60}?\b(?:contain|mention|provide|include|state|say|specify|give|answer|information|address|found|discuss|enough)/i;

/**
 * True when a reader's reply says the passages do not hold the answer (the instruction asks
 * it to say so), judged on its first sentence.
 * @example saysNotFound("The passages do not contain the answer.") // true
 */
export function saysNotFound(text: string): boolean {
  const first = text.trim().split(/(?<=[.!?])\s/)[0] ?? "";
  return NOT_FOUND.test(first) && /\b(?:passages?|documents?|texts?|context|provided|given|sources?)\b/i.test(first);
}

/** `chat` should be metered by the caller (llm/meter.ts). */
export function createLlmReader(chat: ChatModel, options: Partial<typeof DEFAULT_LLM_READER> = {}): Reader {
  const { maxTokens } = { ...DEFAULT_LLM_READER, ...options };
  return {
    id: `llm:${chat.id}`,
    async read(input: ReaderInput): Promise<ReaderOutput> {
      const passages: NumberedPassage[] = numberPassages(input.items);
      if (passages.length === 0) return { answer: "", citations: [] };
      const request = {
        messages: [
          { role: "system" as const, content: SYSTEM },
          { role: "user" as const, content: `Passages:\n${formatPassages(passages)}\n\nQuestion: ${input.question}` },
        ],
        temperature: 0,
        maxTokens,
        ...(input.signal ? { signal: input.signal } : {}),
      };
      let raw = "";
      if (input.onDelta) {
        const filter = createMarkerFilter(passages.length, input.onDelta);
        for await (const part of chat.stream(request)) {
          if (part.type === "text-delta") {
            raw += part.text;
            filter.push(part.text);
          }
        }
        filter.end();
      } else {
        raw = (await chat.chat(request)).text;
      }
      const { text, cited } = cleanMarkers(raw, passages.length);
      const citations: Citation[] = cited.flatMap((n) => citationsOf(passages[n - 1]!.unit));
      return { answer: text, citations, ...(saysNotFound(text) ? { found: false } : {}) };
    },
  };
}
