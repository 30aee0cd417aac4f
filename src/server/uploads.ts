/**
 * Uploads as the engine ingests them: a name (its extension picks the loader, its stem the
 * default document id), the bytes, and optional id, title and force. Pasted text becomes a
 * `.txt` upload named after its title, or after its content hash when it has no title.
 */
import { createHash } from "node:crypto";
import type { Engine, IngestReport } from "../index.js";
import type { IngestQueue } from "./ingest-queue.js";

/** One document to ingest. */
export interface Upload {
  readonly name: string;
  readonly bytes: Uint8Array;
  readonly docId?: string;
  readonly title?: string;
  readonly force: boolean;
}

/** Pasted text with what may come with it. */
export interface PastedText {
  readonly text: string;
  readonly title?: string;
  readonly docId?: string;
  readonly force?: boolean;
}

/** A file name for pasted text: its title (made safe) with `.txt`, so the text loader reads it. */
function pastedName(title: string | undefined, text: string): string {
  const safe = (title ?? "").replace(/[\\/\0]/g, " ").trim().slice(0, 80);
  if (safe.length > 0) return `${safe}.txt`;
  return `pasted-${createHash("sha256").update(text, "utf8").digest("hex").slice(0, 10)}.txt`;
}

/** The first line of pasted text (without a markdown `#`), as a title when none is given. */
function firstLine(text: string): string | undefined {
  const line = text.trim().split("\n", 1)[0]?.replace(/^#+\s*/, "").trim() ?? "";
  return line.length > 0 ? line.slice(0, 80) : undefined;
}

/**
 * The upload of pasted text.
 * @example pastedUpload({ text: "Q3 report\n..." }) // name "pasted-<hash>.txt", title "Q3 report"
 */
export function pastedUpload(pasted: PastedText): Upload {
  const title = pasted.title ?? firstLine(pasted.text);
  return {
    name: pastedName(pasted.docId ? undefined : pasted.title, pasted.text),
    bytes: new TextEncoder().encode(pasted.text),
    ...(pasted.docId ? { docId: pasted.docId } : {}),
    ...(title ? { title } : {}),
    force: pasted.force ?? false,
  };
}

/** Adds ingest reports together, in order. */
export function mergeReports(reports: readonly IngestReport[]): IngestReport {
  const cost = { llmCalls: 0, llmTokensIn: 0, llmTokensOut: 0, ms: 0 };
  for (const r of reports) {
    cost.llmCalls += r.cost.llmCalls;
    cost.llmTokensIn += r.cost.llmTokensIn;
    cost.llmTokensOut += r.cost.llmTokensOut;
    cost.ms += r.cost.ms;
  }
  return { documents: reports.flatMap((r) => r.documents), skippedPaths: reports.flatMap((r) => r.skippedPaths), cost };
}

/**
 * Ingests uploads one by one through the queue (each yields to the event loop first), and
 * reports them together. An error stops at that upload; those before it stay stored.
 */
export async function ingestUploads(
  engine: Engine,
  queue: IngestQueue,
  uploads: readonly Upload[],
  signal?: AbortSignal,
): Promise<IngestReport> {
  const reports: IngestReport[] = [];
  for (const upload of uploads) {
    reports.push(
      await queue.run(() =>
        engine.ingestBuffer(upload.name, upload.bytes, {
          force: upload.force,
          ...(signal ? { signal } : {}),
          ...(upload.docId ? { docId: upload.docId } : {}),
          ...(upload.title ? { title: upload.title } : {}),
        }),
      ),
    );
  }
  return mergeReports(reports);
}
