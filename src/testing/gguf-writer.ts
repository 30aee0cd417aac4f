/**
 * A minimal GGUF (version 3) writer, and a tiny random-weight llama-architecture model built
 * with it, so that tests of the local GGUF provider need no downloaded model.
 * Source: the GGUF specification (ggml-org/ggml, docs/gguf.md) and the tensor names llama.cpp
 * expects for the `llama` architecture (token_embd, blk.N.attn_q, ..., output_norm, output).
 */
import { writeFile } from "node:fs/promises";
import { seededRandom as random } from "../core/random.js";

/** A metadata value with its GGUF type. */
export type GgufMetaValue =
  | { readonly type: "u32"; readonly value: number }
  | { readonly type: "i32"; readonly value: number }
  | { readonly type: "f32"; readonly value: number }
  | { readonly type: "bool"; readonly value: boolean }
  | { readonly type: "string"; readonly value: string }
  | { readonly type: "string[]"; readonly value: readonly string[] }
  | { readonly type: "f32[]"; readonly value: readonly number[] }
  | { readonly type: "i32[]"; readonly value: readonly number[] };

/** A float32 tensor; `dims` in GGUF order (the fastest-varying dimension first). */
export interface GgufTensor {
  readonly name: string;
  readonly dims: readonly number[];
  readonly data: Float32Array;
}

const ALIGNMENT = 32;
const T_U32 = 4;
const T_I32 = 5;
const T_F32 = 6;
const T_BOOL = 7;
const T_STRING = 8;
const T_ARRAY = 9;
const GGML_TYPE_F32 = 0;

/** Growable little-endian byte buffer. */
class ByteWriter {
  private buf = new Uint8Array(1024);
  private view = new DataView(this.buf.buffer);
  length = 0;

  private reserve(n: number): void {
    if (this.length + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.length + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }
  u32(v: number): void {
    this.reserve(4);
    this.view.setUint32(this.length, v, true);
    this.length += 4;
  }
  i32(v: number): void {
    this.reserve(4);
    this.view.setInt32(this.length, v, true);
    this.length += 4;
  }
  u64(v: number): void {
    this.reserve(8);
    this.view.setBigUint64(this.length, BigInt(v), true);
    this.length += 8;
  }
  f32(v: number): void {
    this.reserve(4);
    this.view.setFloat32(this.length, v, true);
    this.length += 4;
  }
  u8(v: number): void {
    this.reserve(1);
    this.view.setUint8(this.length, v);
    this.length += 1;
  }
  bytes(b: Uint8Array): void {
    this.reserve(b.length);
    this.buf.set(b, this.length);
    this.length += b.length;
  }
  string(s: string): void {
    const b = new TextEncoder().encode(s);
    this.u64(b.length);
    this.bytes(b);
  }
  pad(alignment: number): void {
    while (this.length % alignment !== 0) this.u8(0);
  }
  result(): Uint8Array {
    return this.buf.slice(0, this.length);
  }
}

function writeValue(w: ByteWriter, v: GgufMetaValue): void {
  switch (v.type) {
    case "u32":
      w.u32(T_U32);
      w.u32(v.value);
      return;
    case "i32":
      w.u32(T_I32);
      w.i32(v.value);
      return;
    case "f32":
      w.u32(T_F32);
      w.f32(v.value);
      return;
    case "bool":
      w.u32(T_BOOL);
      w.u8(v.value ? 1 : 0);
      return;
    case "string":
      w.u32(T_STRING);
      w.string(v.value);
      return;
    case "string[]":
      w.u32(T_ARRAY);
      w.u32(T_STRING);
      w.u64(v.value.length);
      for (const s of v.value) w.string(s);
      return;
    case "f32[]":
      w.u32(T_ARRAY);
      w.u32(T_F32);
      w.u64(v.value.length);
      for (const x of v.value) w.f32(x);
      return;
    case "i32[]":
      w.u32(T_ARRAY);
      w.u32(T_I32);
      w.u64(v.value.length);
      for (const x of v.value) w.i32(x);
      return;
  }
}

/**
 * Serialises a GGUF v3 file: header, metadata, tensor infos, then 32-byte-aligned f32 data.
 * @example encodeGguf([["general.architecture", { type: "string", value: "llama" }]], [])
 */
export function encodeGguf(
  metadata: readonly (readonly [string, GgufMetaValue])[],
  tensors: readonly GgufTensor[],
): Uint8Array {
  const w = new ByteWriter();
  w.bytes(new TextEncoder().encode("GGUF"));
  w.u32(3);
  w.u64(tensors.length);
  w.u64(metadata.length);
  for (const [key, value] of metadata) {
    w.string(key);
    writeValue(w, value);
  }
  let offset = 0;
  for (const t of tensors) {
    const count = t.dims.reduce((a, b) => a * b, 1);
    if (count !== t.data.length) throw new Error(`tensor ${t.name}: ${t.data.length} values for dims ${t.dims.join("x")}`);
    w.string(t.name);
    w.u32(t.dims.length);
    for (const d of t.dims) w.u64(d);
    w.u32(GGML_TYPE_F32);
    w.u64(offset);
    offset += Math.ceil((count * 4) / ALIGNMENT) * ALIGNMENT;
  }
  w.pad(ALIGNMENT);
  for (const t of tensors) {
    w.bytes(new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength));
    w.pad(ALIGNMENT);
  }
  return w.result();
}


/** Options of the tiny test model. */
export interface TinyLlamaOptions {
  /** Width of the model; a multiple of `heads`. Default 32. */
  readonly embd?: number;
  /** Attention heads. Default 2. */
  readonly heads?: number;
  /** Default 1. */
  readonly layers?: number;
  readonly contextLength?: number;
  readonly seed?: number;
  /** Extra whole-word pieces (without the leading `▁`). */
  readonly words?: readonly string[];
}

const DEFAULT_WORDS = ["the", "a", "of", "and", "to", "in", "is", "it", "yes", "no", "cat", "dog", "hello", "world"];

/**
 * The vocabulary of the tiny model: SentencePiece style (`▁` marks a leading space), with
 * `<unk>`, `<s>`, `</s>`, the 256 byte-fallback tokens llama.cpp needs, letters and a few words.
 */
export function tinyLlamaVocab(words: readonly string[] = DEFAULT_WORDS): { tokens: string[]; types: number[] } {
  const tokens = ["<unk>", "<s>", "</s>"];
  const types = [2, 3, 3];
  for (let b = 0; b < 256; b++) {
    tokens.push(`<0x${b.toString(16).toUpperCase().padStart(2, "0")}>`);
    types.push(6);
  }
  const pieces = new Set<string>(["▁"]);
  for (const c of "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.,?!:;'\"-()") pieces.add(c);
  for (const c of "abcdefghijklmnopqrstuvwxyz") pieces.add(`▁${c}`);
  // Every prefix too, so that SentencePiece merges reach whole words.
  for (const word of words) for (let i = 1; i <= word.length; i++) pieces.add(`▁${word.slice(0, i)}`);
  for (const p of pieces) {
    tokens.push(p);
    types.push(1);
  }
  return { tokens, types };
}

/**
 * Writes a tiny llama-architecture GGUF model with random f32 weights to `path`: enough for
 * llama.cpp to load it, tokenize, generate (nonsense) and embed. Returns its vocabulary size.
 */
export async function writeTinyLlamaGguf(path: string, options: TinyLlamaOptions = {}): Promise<{ vocabSize: number }> {
  const embd = options.embd ?? 32;
  const heads = options.heads ?? 2;
  const layers = options.layers ?? 1;
  const ff = embd * 2;
  const rand = random(options.seed ?? 42);
  const { tokens, types } = tinyLlamaVocab(options.words);
  const n = tokens.length;
  // SentencePiece scores: longer pieces merge first.
  const scores = tokens.map((t, i) => (types[i] === 1 ? -1 / Math.max(1, [...t].length) - i * 1e-4 : 0));
  const tensor = (name: string, dims: number[], scale: number, constant?: number): GgufTensor => {
    const count = dims.reduce((a, b) => a * b, 1);
    const data = new Float32Array(count);
    for (let i = 0; i < count; i++) data[i] = constant ?? (rand() * 2 - 1) * scale;
    return { name, dims, data };
  };
  const scale = 1 / Math.sqrt(embd);
  const tensors: GgufTensor[] = [tensor("token_embd.weight", [embd, n], 1), tensor("output_norm.weight", [embd], 0, 1)];
  const output = tensor("output.weight", [embd, n], scale);
  // Zero rows for <unk>, <s>, </s> and the byte tokens: their logit is 0 while the best of the
  // others is positive, so greedy generation writes readable pieces until maxTokens.
  output.data.fill(0, 0, (3 + 256) * embd);
  tensors.push(output);
  for (let l = 0; l < layers; l++) {
    tensors.push(
      tensor(`blk.${l}.attn_norm.weight`, [embd], 0, 1),
      tensor(`blk.${l}.attn_q.weight`, [embd, embd], scale),
      tensor(`blk.${l}.attn_k.weight`, [embd, embd], scale),
      tensor(`blk.${l}.attn_v.weight`, [embd, embd], scale),
      tensor(`blk.${l}.attn_output.weight`, [embd, embd], scale),
      tensor(`blk.${l}.ffn_norm.weight`, [embd], 0, 1),
      tensor(`blk.${l}.ffn_gate.weight`, [embd, ff], scale),
      tensor(`blk.${l}.ffn_up.weight`, [embd, ff], scale),
      tensor(`blk.${l}.ffn_down.weight`, [ff, embd], 1 / Math.sqrt(ff)),
    );
  }
  const metadata: [string, GgufMetaValue][] = [
    ["general.architecture", { type: "string", value: "llama" }],
    ["general.name", { type: "string", value: "pecan-tiny-test" }],
    ["general.alignment", { type: "u32", value: ALIGNMENT }],
    ["general.file_type", { type: "u32", value: 0 }],
    ["llama.context_length", { type: "u32", value: options.contextLength ?? 512 }],
    ["llama.embedding_length", { type: "u32", value: embd }],
    ["llama.block_count", { type: "u32", value: layers }],
    ["llama.feed_forward_length", { type: "u32", value: ff }],
    ["llama.attention.head_count", { type: "u32", value: heads }],
    ["llama.attention.head_count_kv", { type: "u32", value: heads }],
    ["llama.attention.layer_norm_rms_epsilon", { type: "f32", value: 1e-5 }],
    ["llama.rope.dimension_count", { type: "u32", value: embd / heads }],
    ["llama.rope.freq_base", { type: "f32", value: 10000 }],
    ["llama.vocab_size", { type: "u32", value: n }],
    ["tokenizer.ggml.model", { type: "string", value: "llama" }],
    ["tokenizer.ggml.tokens", { type: "string[]", value: tokens }],
    ["tokenizer.ggml.scores", { type: "f32[]", value: scores }],
    ["tokenizer.ggml.token_type", { type: "i32[]", value: types }],
    ["tokenizer.ggml.unknown_token_id", { type: "u32", value: 0 }],
    ["tokenizer.ggml.bos_token_id", { type: "u32", value: 1 }],
    ["tokenizer.ggml.eos_token_id", { type: "u32", value: 2 }],
    ["tokenizer.ggml.add_bos_token", { type: "bool", value: true }],
    ["tokenizer.ggml.add_eos_token", { type: "bool", value: false }],
  ];
  await writeFile(path, encodeGguf(metadata, tensors));
  return { vocabSize: n };
}
