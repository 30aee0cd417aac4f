/**
 * Request bodies of the HTTP API, parsed with zod at the boundary. Unknown fields are refused
 * (strict objects), so a typo is an error rather than a silently ignored option.
 */
import { z } from "zod";
import { DOC_ID_PATTERN, DOC_ID_RULE } from "../core/ids.js";

/** Document ids accepted from clients: the one rule of `core/ids.ts`. */
export const DocIdJson = z.string().regex(DOC_ID_PATTERN, DOC_ID_RULE);
export type DocIdJson = z.infer<typeof DocIdJson>;

const positiveInt = (max: number) => z.number().int().min(1).max(max);

/** `POST /ask` and `POST /ask/stream`. */
export const AskRequest = z.strictObject({
  question: z.string().trim().min(1, "the question is empty").max(4000),
  /** Ask these documents only; without it, the coarse stage picks from the whole store. */
  docIds: z.array(DocIdJson).max(1000).optional(),
  /** Cap on context tokens read. */
  budget: positiveInt(1_000_000).optional(),
  patience: positiveInt(1000).optional(),
  maxSteps: positiveInt(100_000).optional(),
  /** Ignore the judge, read up to the budget. */
  fill: z.boolean().optional(),
});
export type AskRequest = z.infer<typeof AskRequest>;

/** `POST /documents` with a JSON body: pasted text. */
export const TextDocumentRequest = z.strictObject({
  text: z.string().min(1, "the text is empty"),
  title: z.string().trim().min(1).max(500).optional(),
  docId: DocIdJson.optional(),
  /** Re-ingest even when the same text is already stored. */
  force: z.boolean().optional(),
});
export type TextDocumentRequest = z.infer<typeof TextDocumentRequest>;
