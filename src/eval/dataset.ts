/**
 * Reading an evaluation set: `<data>/<set>/documents.jsonl` and `questions.jsonl` in the format
 * of the evaluation data's README (`{doc_id, title, text, page_offsets?}` and
 * `{id, doc_id, question, answers, evidence, options?, gold_option?, meta?}`). Rows are parsed
 * with zod and streamed line by line; texts are normalised as the loaders normalise them, so
 * every offset (evidence, pages, spans read) points into the text the engine stores.
 */
import { createReadStream, existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { z } from "zod";
import { asDocId, InputError, type DocId } from "../index.js";
import { normalizeText } from "../internal.js";

/** A document of a set, its text normalised. */
export interface EvalDocument {
  readonly docId: DocId;
  readonly title: string;
  readonly text: string;
  /** Start offsets of pages 1..n in `text`, when the set gives page offsets. */
  readonly pageStarts?: readonly number[];
}

/** A question of a set. */
export interface EvalQuestion {
  readonly id: string;
  readonly docId: DocId;
  readonly question: string;
  readonly answers: readonly string[];
  readonly evidence: readonly string[];
  readonly options?: readonly string[];
  readonly goldOption?: number;
}

export interface Dataset {
  readonly name: string;
  /** The documents the selected questions need (every document in the collection setting). */
  readonly documents: readonly EvalDocument[];
  readonly questions: readonly EvalQuestion[];
  /** Questions in the set before `limit`. */
  readonly totalQuestions: number;
  /** Documents in the set. */
  readonly totalDocuments: number;
}

const DocumentRow = z.object({
  doc_id: z.string().min(1),
  title: z.string().default(""),
  text: z.string(),
  page_offsets: z.array(z.number().int().nonnegative()).optional(),
});

const QuestionRow = z.object({
  id: z.string().min(1),
  doc_id: z.string().min(1),
  question: z.string().min(1),
  answers: z.array(z.string()).default([]),
  evidence: z.array(z.string()).default([]),
  options: z.array(z.string()).optional(),
  gold_option: z.number().int().min(0).optional(),
});

async function* jsonlRows<T>(file: string, schema: z.ZodType<T>): AsyncGenerator<T> {
  if (!existsSync(file)) throw new InputError("E_FILE_UNREADABLE", `${file} does not exist`);
  const lines = createInterface({ input: createReadStream(file, { encoding: "utf8" }), crlfDelay: Infinity });
  let lineNo = 0;
  for await (const line of lines) {
    lineNo++;
    if (line.trim().length === 0) continue;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch (error) {
      throw new InputError("E_INPUT_MALFORMED", `${file}:${lineNo} is not JSON`, { cause: error });
    }
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      throw new InputError("E_INPUT_MALFORMED", `${file}:${lineNo}: ${parsed.error.issues[0]?.message ?? "bad row"}`, { cause: parsed.error });
    }
    yield parsed.data;
  }
}

/** Normalises a text page by page, so page offsets stay true in the normalised text. */
function normalizePages(text: string, pageOffsets: readonly number[] | undefined): { text: string; pageStarts?: number[] } {
  const offsets = (pageOffsets ?? []).filter((o, i, all) => o <= text.length && (i === 0 || o >= (all[i - 1] as number)));
  if (offsets.length === 0) return { text: normalizeText(text) };
  const cuts = offsets[0] === 0 ? offsets : [0, ...offsets];
  const pieces: string[] = [];
  const pageStarts: number[] = [];
  let length = 0;
  cuts.forEach((start, i) => {
    const piece = normalizeText(text.slice(start, cuts[i + 1] ?? text.length));
    pageStarts.push(length);
    pieces.push(piece);
    length += piece.length;
  });
  return { text: pieces.join(""), pageStarts };
}

/**
 * Picks up to `limit` questions spread over the documents: the first question of every
 * document (in file order), then the second of each, and so on. Deterministic.
 */
export function spreadQuestions<Q extends { readonly docId: DocId }>(questions: readonly Q[], limit: number | undefined): Q[] {
  if (limit === undefined || limit >= questions.length) return [...questions];
  const byDoc = new Map<DocId, Q[]>();
  for (const q of questions) {
    const list = byDoc.get(q.docId) ?? [];
    list.push(q);
    byDoc.set(q.docId, list);
  }
  const picked = new Set<Q>();
  for (let round = 0; picked.size < limit; round++) {
    for (const list of byDoc.values()) {
      const q = list[round];
      if (q !== undefined && picked.size < limit) picked.add(q);
    }
  }
  return questions.filter((q) => picked.has(q));
}

export interface LoadDatasetOptions {
  /** At most this many questions, spread over the documents. */
  readonly limit?: number;
  /** Keep every document (the collection setting), not only those the questions ask about. */
  readonly allDocuments?: boolean;
}

/**
 * Reads one set. E_FILE_UNREADABLE when its files are missing, E_INPUT_MALFORMED on a bad row
 * or a question about a document the set does not have.
 * @example const set = await loadDataset("../shared/data", "hotpotqa", { limit: 20 });
 */
export async function loadDataset(dataDir: string, name: string, options: LoadDatasetOptions = {}): Promise<Dataset> {
  const dir = join(dataDir, name);
  const all: EvalQuestion[] = [];
  for await (const row of jsonlRows(join(dir, "questions.jsonl"), QuestionRow)) {
    all.push({
      id: row.id,
      docId: asDocId(row.doc_id),
      question: normalizeText(row.question),
      answers: row.answers.map((a) => normalizeText(a)),
      evidence: row.evidence.map((e) => normalizeText(e)),
      ...(row.options ? { options: row.options } : {}),
      ...(row.gold_option !== undefined ? { goldOption: row.gold_option } : {}),
    });
  }
  const questions = spreadQuestions(all, options.limit);
  const wanted = new Set(questions.map((q) => q.docId));
  const documents: EvalDocument[] = [];
  let totalDocuments = 0;
  for await (const row of jsonlRows(join(dir, "documents.jsonl"), DocumentRow)) {
    totalDocuments++;
    const docId = asDocId(row.doc_id);
    if (!options.allDocuments && !wanted.has(docId)) continue;
    const { text, pageStarts } = normalizePages(row.text, row.page_offsets);
    documents.push({ docId, title: row.title, text, ...(pageStarts ? { pageStarts } : {}) });
  }
  const have = new Set(documents.map((d) => d.docId));
  const missing = questions.find((q) => !have.has(q.docId));
  if (missing) throw new InputError("E_INPUT_MALFORMED", `question ${missing.id} asks about ${missing.docId}, which ${name}/documents.jsonl does not have`);
  return { name, documents, questions, totalQuestions: all.length, totalDocuments };
}

/** The sets of a data folder: its subfolders that hold both JSONL files, sorted by name. */
export function listDatasets(dataDir: string): string[] {
  if (!existsSync(dataDir) || !statSync(dataDir).isDirectory()) {
    throw new InputError("E_FILE_UNREADABLE", `${dataDir} is not a directory`);
  }
  return readdirSync(dataDir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(join(dataDir, e.name, "documents.jsonl")) && existsSync(join(dataDir, e.name, "questions.jsonl")))
    .map((e) => e.name)
    .sort();
}
