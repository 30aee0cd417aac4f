/**
 * The per-process cache of question-time data: a small LRU of decoded `DocUnits`, keyed by the
 * document's revision in the store (the store-wide change counter of the put that wrote it),
 * so a put or a removal by any process, through any worker, is seen at the next question.
 * Lookups made in the same tick are batched: one revision check and one read of what is
 * missing, however many documents a question opens. A document stored without its data (a
 * store migrated from an older schema) is built from its nodes once and the result saved.
 */
import { NotFoundError } from "../core/errors.js";
import type { DocId } from "../core/ids.js";
import type { QuestionDataRow, Store } from "../store/spec.js";
import { buildDocUnits, type DocUnits } from "./units.js";
import { encodeDocUnits } from "./units-codec.js";
import { decodeDocUnits, isCurrentEncoding } from "./units-decode.js";

/** Documents whose units stay decoded in a process by default. */
export const DEFAULT_UNITS_CACHE_SIZE = 32;

interface Waiting {
  readonly resolve: (units: DocUnits) => void;
  readonly reject: (error: unknown) => void;
}

async function unitsOf(store: Store, row: QuestionDataRow): Promise<DocUnits> {
  if (row.data !== undefined && isCurrentEncoding(row.data)) return decodeDocUnits(row.data, row, row.nodes);
  const doc = await store.getDocument(row.docId);
  if (!doc) throw new NotFoundError(`no document ${row.docId} in the store`);
  const units = buildDocUnits(doc, row.nodes.toArray(), await store.getEdges(row.docId));
  // Saved only if the document is still at this revision; a read-only store keeps rebuilding.
  await store.saveQuestionData(row.docId, row.rev, encodeDocUnits(units)).catch(() => false);
  return units;
}

/**
 * A loader of a document's reading units through a cache of `capacity` documents.
 * @example const units = createUnitsCache(store); const view = await Promise.all(ids.map(units));
 */
export function createUnitsCache(store: Store, capacity = DEFAULT_UNITS_CACHE_SIZE): (docId: DocId) => Promise<DocUnits> {
  const cache = new Map<DocId, { rev: number; units: DocUnits }>();
  let pending = new Map<DocId, Waiting[]>();

  const remember = (docId: DocId, rev: number, units: DocUnits): void => {
    cache.delete(docId);
    cache.set(docId, { rev, units });
    while (cache.size > capacity) cache.delete(cache.keys().next().value as DocId);
  };

  async function load(ids: readonly DocId[]): Promise<Map<DocId, DocUnits>> {
    const out = new Map<DocId, DocUnits>();
    const cached = ids.filter((id) => cache.has(id));
    const revisions = cached.length > 0 ? await store.getRevisions(cached) : new Map<DocId, number>();
    const misses: DocId[] = [];
    for (const id of ids) {
      const hit = cache.get(id);
      if (hit !== undefined && revisions.get(id) === hit.rev) {
        remember(id, hit.rev, hit.units);
        out.set(id, hit.units);
      } else {
        cache.delete(id);
        misses.push(id);
      }
    }
    if (misses.length === 0) return out;
    for (const row of await store.getQuestionData(misses)) {
      const units = await unitsOf(store, row);
      remember(row.docId, row.rev, units);
      out.set(row.docId, units);
    }
    return out;
  }

  function flush(): void {
    const batch = pending;
    pending = new Map();
    load([...batch.keys()]).then(
      (found) => {
        for (const [id, waiting] of batch) {
          const units = found.get(id);
          for (const w of waiting) {
            if (units) w.resolve(units);
            else w.reject(new NotFoundError(`no document ${id} in the store`));
          }
        }
      },
      (error: unknown) => {
        for (const waiting of batch.values()) for (const w of waiting) w.reject(error);
      },
    );
  }

  return (docId) =>
    new Promise<DocUnits>((resolve, reject) => {
      if (pending.size === 0) queueMicrotask(flush);
      const waiting = pending.get(docId);
      if (waiting) waiting.push({ resolve, reject });
      else pending.set(docId, [{ resolve, reject }]);
    });
}
