/**
 * Text normalisation at the ingest boundary: bytes must be UTF-8 text (binary and invalid
 * UTF-8 are refused, never guessed at), then BOM dropped, line ends as `\n`, C0 control
 * characters removed (form feeds and vertical tabs become line breaks), lone surrogates
 * replaced, Unicode NFC. Every offset Pecan stores points into text normalised here.
 */
import { InputError } from "../core/errors.js";

/** How many leading bytes the control-character test looks at. */
const BINARY_SAMPLE_BYTES = 64 * 1024;
/** Share of control bytes in that sample above which a file counts as binary... */
const BINARY_CONTROL_SHARE = 0.1;
/** ...when there are at least this many (a stray control in a tiny file is not binary). */
const BINARY_CONTROL_MIN = 4;

const LINE_ENDS = /\r\n?/g;
const PAGE_BREAKS = /[\v\f]/g;
const CONTROLS = /[\x00-\x08\x0e-\x1f\x7f]/g;
const LONE_SURROGATES = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * True when bytes look binary: any NUL byte, or more than 10% (and at least 4) control bytes
 * (other than tab, line feed, carriage return and form feed) in the first 64 KiB.
 */
export function looksBinary(bytes: Uint8Array): boolean {
  if (bytes.indexOf(0) >= 0) return true;
  const n = Math.min(bytes.length, BINARY_SAMPLE_BYTES);
  let controls = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i] as number;
    if ((b < 32 && b !== 9 && b !== 10 && b !== 12 && b !== 13) || b === 127) controls++;
  }
  return controls >= BINARY_CONTROL_MIN && controls > n * BINARY_CONTROL_SHARE;
}

/**
 * Decodes a file's bytes as strict UTF-8 (or UTF-16 after its byte-order mark) and normalises
 * the text (see {@link normalizeText}).
 * Throws `E_INPUT_BINARY` for binary content or invalid UTF-8. Does not check for emptiness.
 * @example decodeText(new TextEncoder().encode("\uFEFFa\r\nb"), "a.txt") // "a\nb"
 */
export function decodeText(bytes: Uint8Array, name: string): string {
  const utf16 = utf16Encoding(bytes);
  if (utf16 !== undefined) {
    try {
      return normalizeText(new TextDecoder(utf16, { fatal: true }).decode(bytes));
    } catch (error) {
      throw new InputError("E_INPUT_BINARY", `${name} starts with a UTF-16 byte-order mark but is not valid UTF-16`, { cause: error });
    }
  }
  if (looksBinary(bytes)) throw new InputError("E_INPUT_BINARY", `${name} looks like a binary file, not text`);
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch (error) {
    throw new InputError("E_INPUT_BINARY", `${name} is not valid UTF-8 text`, { cause: error });
  }
  return normalizeText(text);
}

/** `utf-16le` or `utf-16be` when the bytes start with that byte-order mark (Windows editors write it). */
function utf16Encoding(bytes: Uint8Array): "utf-16le" | "utf-16be" | undefined {
  if (bytes.length < 2) return undefined;
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return "utf-16le";
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return "utf-16be";
  return undefined;
}

/**
 * Normalises an already decoded string: drops a leading BOM, turns CRLF and CR into LF, turns
 * form feeds and vertical tabs into LF, removes the other C0 controls (keeps `\n` and `\t`)
 * and DEL, replaces lone surrogates with U+FFFD, and applies Unicode NFC.
 * @example normalizeText("Cafe\u0301\r\n") // "Café\n"
 */
export function normalizeText(text: string): string {
  let t = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  t = t.replace(LINE_ENDS, "\n").replace(PAGE_BREAKS, "\n").replace(CONTROLS, "").replace(LONE_SURROGATES, "\ufffd");
  return t.normalize("NFC");
}

/** True when a text has at least one non-whitespace character. */
export function hasText(text: string): boolean {
  return /\S/.test(text);
}

/**
 * Returns `text` when it has a non-whitespace character; throws `E_INPUT_EMPTY`
 * (`"<name> has no text"`) otherwise.
 */
export function requireText(text: string, name: string): string {
  if (!hasText(text)) throw new InputError("E_INPUT_EMPTY", `${name} has no text`);
  return text;
}
