/**
 * Request bodies, parsed with zod at the boundary. A body that is not JSON is E_INPUT_MALFORMED;
 * JSON that breaks a schema (a missing question, a budget of -1, an unknown field) is E_BAD_FLAG.
 */
import { z } from "zod";
import type { Context } from "hono";
import { AskRequest, DocIdJson, InputError, TextDocumentRequest, UsageError } from "../index.js";

/** Document ids the server accepts from clients (the contract's `DocIdJson`). */
export const DOC_ID = DocIdJson;

/** `POST /ask` and `POST /ask/stream` (the contract's `AskRequest`). */
export const AskBody = AskRequest;
export type AskBody = AskRequest;

/** `POST /documents` with a JSON body: pasted text (the contract's `TextDocumentRequest`). */
export const TextDocumentBody = TextDocumentRequest;
export type TextDocumentBody = TextDocumentRequest;

/** The text fields that may come with a multipart upload. */
export const UploadFields = z.object({
  title: z.string().trim().min(1).max(500).optional(),
  docId: DOC_ID.optional(),
  force: z.enum(["true", "false", "1", "0", "on"]).optional(),
});

/** Formats a zod error as one line: `field: problem; field: problem`. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => (issue.path.length > 0 ? `${issue.path.join(".")}: ${issue.message}` : issue.message))
    .join("; ");
}

/** Parses plain data with a schema; E_BAD_FLAG with the issues when it does not fit. */
export function parseWith<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new UsageError(describeIssues(parsed.error));
  return parsed.data;
}

/** Reads a JSON request body and parses it with a schema. */
export async function readJson<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  let value: unknown;
  try {
    value = await c.req.json();
  } catch (error) {
    throw new InputError("E_INPUT_MALFORMED", "the request body is not valid JSON", { cause: error });
  }
  return parseWith(schema, value);
}
