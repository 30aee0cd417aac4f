/**
 * A streaming (SAX-style) JSON parser: text goes in by chunks, values come out as events with
 * their path, so a 300 MB file of word vectors is read in constant memory instead of the few
 * gigabytes `JSON.parse` needs. Grammar as in RFC 8259; strings are decoded with `JSON.parse`
 * of the string literal, numbers must match the RFC's number syntax.
 */
import { InputError } from "../core/errors.js";

/** One open container on the path to the current value. */
export interface JsonFrame {
  readonly kind: "object" | "array";
  /** In an object: the key of the current member. */
  key: string;
  /** In an array: the index of the current element. */
  index: number;
}

/** What a parse reports. In every call, `path` locates the value (its last frame holds the value). */
export interface JsonVisitor {
  /** A container starts. */
  open(kind: "object" | "array", path: readonly JsonFrame[]): void;
  /** A string, number, boolean or null. */
  scalar(value: string | number | boolean | null, path: readonly JsonFrame[]): void;
  /** The container that `open` announced at this path ends. */
  close(kind: "object" | "array", path: readonly JsonFrame[]): void;
}

const enum Expect {
  Value,
  ValueOrClose,
  Key,
  KeyOrClose,
  Colon,
  CommaOrClose,
  Done,
}

const NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

function isDelimiter(c: number): boolean {
  // whitespace, " , : [ ] { }
  return c === 32 || c === 10 || c === 13 || c === 9 || c === 34 || c === 44 || c === 58 || c === 91 || c === 93 || c === 123 || c === 125;
}

/**
 * Feed text with `write` (chunks may split tokens anywhere), then call `end`. Throws
 * `E_INPUT_MALFORMED` with the character offset at the first error.
 * @example const p = new JsonStreamParser(visitor); p.write('{"a":[1,'); p.write("2]}"); p.end();
 */
export class JsonStreamParser {
  private readonly stack: JsonFrame[] = [];
  private expect: Expect = Expect.Value;
  /** An unfinished string, number or literal carried to the next chunk. */
  private partial = "";
  /** Characters consumed before the current chunk (for error offsets). */
  private offset = 0;

  constructor(private readonly visitor: JsonVisitor) {}

  write(chunk: string): void {
    const text = this.partial.length > 0 ? this.partial + chunk : chunk;
    const base = this.offset - this.partial.length;
    this.partial = "";
    const n = text.length;
    let i = 0;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 10 || c === 13 || c === 9) {
        i++;
      } else if (c === 34) {
        let end = text.indexOf('"', i + 1);
        while (end > 0 && isEscaped(text, end)) end = text.indexOf('"', end + 1);
        if (end < 0) {
          this.partial = text.slice(i);
          break;
        }
        this.onString(text.slice(i, end + 1), base + i);
        i = end + 1;
      } else if (c === 123 || c === 91) {
        this.beginValue(base + i);
        const kind = c === 123 ? "object" : "array";
        this.visitor.open(kind, this.stack);
        this.stack.push({ kind, key: "", index: 0 });
        this.expect = c === 123 ? Expect.KeyOrClose : Expect.ValueOrClose;
        i++;
      } else if (c === 125 || c === 93) {
        const kind = c === 125 ? "object" : "array";
        const top = this.stack[this.stack.length - 1];
        const canClose = this.expect === Expect.CommaOrClose || this.expect === (kind === "object" ? Expect.KeyOrClose : Expect.ValueOrClose);
        if (!top || top.kind !== kind || !canClose) throw this.error(`unexpected "${text[i]}"`, base + i);
        this.stack.pop();
        this.visitor.close(kind, this.stack);
        this.endValue();
        i++;
      } else if (c === 58) {
        if (this.expect !== Expect.Colon) throw this.error('unexpected ":"', base + i);
        this.expect = Expect.Value;
        i++;
      } else if (c === 44) {
        const top = this.stack[this.stack.length - 1];
        if (this.expect !== Expect.CommaOrClose || !top) throw this.error('unexpected ","', base + i);
        if (top.kind === "array") {
          top.index++;
          this.expect = Expect.Value;
        } else {
          this.expect = Expect.Key;
        }
        i++;
      } else {
        let end = i + 1;
        while (end < n && !isDelimiter(text.charCodeAt(end))) end++;
        if (end === n) {
          this.partial = text.slice(i);
          break;
        }
        this.onBare(text.slice(i, end), base + i);
        i = end;
      }
    }
    this.offset = base + n;
  }

  /** Ends the input: throws if the text was not one complete JSON value. */
  end(): void {
    if (this.partial.length > 0) {
      const token = this.partial;
      const at = this.offset - token.length;
      this.partial = "";
      if (token.charCodeAt(0) === 34) throw this.error("unterminated string", at);
      this.onBare(token, at);
    }
    if (this.expect !== Expect.Done) throw this.error("unexpected end of input", this.offset);
  }

  private onString(literal: string, at: number): void {
    let value: string;
    if (literal.includes("\\")) {
      try {
        value = JSON.parse(literal) as string;
      } catch (error) {
        throw this.error("bad string escape", at, error);
      }
    } else {
      value = literal.slice(1, -1);
    }
    if (this.expect === Expect.Key || this.expect === Expect.KeyOrClose) {
      this.stack[this.stack.length - 1]!.key = value;
      this.expect = Expect.Colon;
      return;
    }
    this.beginValue(at);
    this.visitor.scalar(value, this.stack);
    this.endValue();
  }

  private onBare(token: string, at: number): void {
    let value: number | boolean | null;
    if (token === "true") value = true;
    else if (token === "false") value = false;
    else if (token === "null") value = null;
    else if (NUMBER.test(token)) value = Number(token);
    else throw this.error(`unexpected "${token.slice(0, 20)}"`, at);
    this.beginValue(at);
    this.visitor.scalar(value, this.stack);
    this.endValue();
  }

  private beginValue(at: number): void {
    if (this.expect !== Expect.Value && this.expect !== Expect.ValueOrClose) throw this.error("a value where none may stand", at);
  }

  private endValue(): void {
    this.expect = this.stack.length === 0 ? Expect.Done : Expect.CommaOrClose;
  }

  private error(why: string, at: number, cause?: unknown): InputError {
    return new InputError("E_INPUT_MALFORMED", `malformed JSON at character ${at}: ${why}`, { cause });
  }
}

/** True when the quote at `at` is escaped (an odd run of backslashes before it). */
function isEscaped(text: string, at: number): boolean {
  let slashes = 0;
  for (let j = at - 1; j >= 0 && text.charCodeAt(j) === 92; j--) slashes++;
  return slashes % 2 === 1;
}
