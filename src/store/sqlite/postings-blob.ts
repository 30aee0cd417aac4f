/**
 * The packed form of the SQLite store's postings (schema version 4): one row per term and
 * document, whose `nodes` blob lists every node of the document holding the term as four
 * little-endian unsigned 32-bit words, `node id, level, tf, length`, in node-id order.
 *
 * One row per node and term (version 3) made the postings the largest part of every commit: a
 * document's rows land on one B-tree page per distinct term, wherever that term's postings of
 * other documents sit. Packed, the dev collection's postings are 0.39 M rows instead of 2.0 M and
 * a commit takes about 40% less CPU (100 dev documents: 6.4 s to 3.9 s), while the coarse stage
 * still reads one term's postings as one contiguous range of rows, and fewer of them.
 */
import { StoreError } from "../../core/errors.js";

/** Words per posting in a blob. */
const WORDS = 4;

/** One node's posting of a term, as stored. */
export interface PackedPosting {
  readonly id: number;
  readonly level: number;
  readonly tf: number;
  readonly length: number;
}

/**
 * Packs one document's postings of one term (any order; stored by node id).
 * @example packPostings([{ id: 7, level: 0, tf: 2, length: 31 }]).byteLength // 16
 */
export function packPostings(postings: readonly PackedPosting[]): Buffer {
  const sorted = [...postings].sort((a, b) => a.id - b.id);
  const out = Buffer.alloc(sorted.length * WORDS * 4);
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  sorted.forEach((p, i) => {
    if (!(p.id >= 0 && p.id <= 0xffffffff)) throw new StoreError("E_STORE", `node id ${p.id} does not fit the postings' 32-bit encoding`);
    const at = i * WORDS * 4;
    view.setUint32(at, p.id, true);
    view.setUint32(at + 4, p.level, true);
    view.setUint32(at + 8, p.tf, true);
    view.setUint32(at + 12, p.length, true);
  });
  return out;
}

/**
 * One document's postings, grouped by term as flat runs of the four words (`id, level, tf,
 * length` per node) and packed into one buffer: `blobOf(term)` is that term's blob, a view of
 * the buffer, byte for byte what {@link packPostings} makes of the same postings. A put makes a
 * posting per node and term (2 M for the dev collection); an object for each and a buffer per
 * term were a tenth of a commit's CPU.
 */
export class DocumentPostings {
  private readonly runs = new Map<string, number[]>();

  /** Adds node `id`'s posting of `term`. */
  add(term: string, id: number, level: number, tf: number, length: number): void {
    if (!(id >= 0 && id <= 0xffffffff)) throw new StoreError("E_STORE", `node id ${id} does not fit the postings' 32-bit encoding`);
    let run = this.runs.get(term);
    if (run === undefined) this.runs.set(term, (run = []));
    run.push(id, level, tf, length);
  }

  /** The terms, in the order of `Array.prototype.sort` (UTF-16 code units). */
  terms(): string[] {
    return [...this.runs.keys()].sort();
  }

  /** Every term's blob, in `terms()` order. */
  *blobs(): Generator<[term: string, blob: Buffer]> {
    let words = 0;
    for (const run of this.runs.values()) words += run.length;
    const out = Buffer.allocUnsafe(words * 4);
    const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
    let at = 0;
    for (const term of this.terms()) {
      const run = this.runs.get(term)!;
      const start = at;
      const order = ascendingRun(run) ? undefined : sortedOrder(run);
      for (let k = 0; k < run.length / WORDS; k++) {
        const from = (order === undefined ? k : (order[k] as number)) * WORDS;
        for (let w = 0; w < WORDS; w++, at += 4) view.setUint32(at, run[from + w] as number, true);
      }
      yield [term, out.subarray(start, at)];
    }
  }
}

/** Whether a flat run's node ids ascend (they do when nodes are added in id order). */
function ascendingRun(run: readonly number[]): boolean {
  for (let k = WORDS; k < run.length; k += WORDS) if ((run[k] as number) < (run[k - WORDS] as number)) return false;
  return true;
}

/** Posting indexes of a flat run by node id (stable, as `packPostings` sorts). */
function sortedOrder(run: readonly number[]): number[] {
  return Array.from({ length: run.length / WORDS }, (_, k) => k).sort((a, b) => (run[a * WORDS] as number) - (run[b * WORDS] as number));
}

/**
 * Calls `visit` for each posting of a packed blob, in node-id order. A blob whose length is
 * not a whole number of postings is `E_STORE` (a damaged store).
 */
export function forEachPosting(data: Uint8Array, visit: (id: number, level: number, tf: number, length: number) => void): void {
  if (data.byteLength % (WORDS * 4) !== 0) throw new StoreError("E_STORE", "the store is corrupt: a postings blob has a partial entry");
  // The driver's buffers may start at any byte offset, so the words are read through a view.
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  for (let at = 0; at < data.byteLength; at += WORDS * 4) {
    visit(view.getUint32(at, true), view.getUint32(at + 4, true), view.getUint32(at + 8, true), view.getUint32(at + 12, true));
  }
}
