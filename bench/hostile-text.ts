/**
 * Generators of pathological text for the hostile-input suite (fast-check arbitraries) and the
 * `bench:hostile` benchmark: the shapes that made ingest quadratic, overflowed a stack or
 * froze the server. Each kind yields about `bytes` bytes of UTF-8.
 */
import fc from "fast-check";

/** The kinds, each a worst case for some stage (tokenizer, splitter, loaders, graph). */
export const HOSTILE_KINDS = [
  "no-whitespace",
  "no-punctuation",
  "angle-brackets",
  "deep-nesting",
  "huge-attribute",
  "mixed-scripts",
  "controls",
  "long-lines",
  "cjk-run",
] as const;
export type HostileKind = (typeof HOSTILE_KINDS)[number];

/** File extension a kind is ingested as (markup kinds as HTML). */
export function extensionOf(kind: HostileKind): string {
  return kind === "angle-brackets" || kind === "deep-nesting" || kind === "huge-attribute" ? ".html" : ".txt";
}

function repeatTo(unit: string, bytes: number): string {
  const size = Buffer.byteLength(unit);
  return unit.repeat(Math.max(1, Math.ceil(bytes / size)));
}

/** A deterministic pseudo-random word list from `seed`. */
function words(seed: number, count: number): string[] {
  let a = seed >>> 0 || 1;
  const next = (): number => ((a = (a * 1664525 + 1013904223) >>> 0) / 2 ** 32);
  const letters = "abcdefghijklmnopqrstuvwxyz";
  return Array.from({ length: count }, () => Array.from({ length: 2 + Math.floor(next() * 8) }, () => letters[Math.floor(next() * 26)]).join(""));
}

/**
 * About `bytes` bytes of one pathological kind; `seed` varies the content.
 * @example hostileText("no-whitespace", 200_000, 1).length // ≈ 200_000
 */
export function hostileText(kind: HostileKind, bytes: number, seed = 1): string {
  switch (kind) {
    case "no-whitespace":
      return `Intro. ${words(seed, Math.ceil(bytes / 6)).join("").slice(0, bytes)} end.`;
    case "no-punctuation":
      return words(seed, Math.ceil(bytes / 6)).join(" ").slice(0, bytes);
    case "angle-brackets":
      return `<html><body><p>Intro.</p>${"<".repeat(bytes)}</body></html>`;
    case "deep-nesting":
      return `<html><body>${repeatTo("<div><span>", bytes / 2)}deep text${repeatTo("</span></div>", bytes / 2)}</body></html>`;
    case "huge-attribute":
      return `<html><body><p title="${"a".repeat(bytes)}">Visible paragraph text.</p><p>After the attribute.</p></body></html>`;
    case "mixed-scripts":
      return repeatTo("Ελληνικά русский 中文字符 العربية עברית हिन्दी 😀🏳️‍🌈 e\u0301\u0302 ", bytes);
    case "controls":
      return repeatTo("Ordinary words of a line that goes on for a while before it breaks \u0007\u001b[31m\u200b\u200e\ue000\uf8ff\ufeff word\u2028next\u000b more words after them\n", bytes);
    case "long-lines":
      return `${words(seed, Math.ceil(bytes / 6)).join(" ").slice(0, bytes / 2)}.\n${"=".repeat(bytes / 2)}\n`;
    case "cjk-run":
      return Array.from({ length: Math.ceil(bytes / 3) }, (_, i) => String.fromCharCode(0x4e00 + ((i * 7919 + seed) % 20000))).join("");
  }
}

/** fast-check: a kind, a size from `min` to `max` bytes and a seed. */
export function hostileInput(min: number, max: number): fc.Arbitrary<{ kind: HostileKind; bytes: number; seed: number }> {
  return fc.record({ kind: fc.constantFrom(...HOSTILE_KINDS), bytes: fc.integer({ min, max }), seed: fc.integer({ min: 1, max: 1_000_000 }) });
}
