/**
 * `/documents`: upload (multipart files or JSON text), list, read, remove, and the graph in the
 * `inspect --format json` shape. Uploads go through the ingest queue, one document at a time.
 */
import { Hono } from "hono";
import { asDocId, InputError, NotFoundError, UsageError, type Engine } from "../index.js";
import type { IngestQueue } from "./ingest-queue.js";
import { parseWith, readJson, TextDocumentBody, UploadFields } from "./schemas.js";
import { documentJson, ingestJson, inspectJson, summaryJson } from "./shapes.js";
import { ingestUploads, pastedUpload, type Upload } from "./uploads.js";

/** What the document routes need. */
export interface DocumentRouteDeps {
  readonly engine: Engine;
  readonly queue: IngestQueue;
}

/** The part of a multipart file the routes use. */
interface FormFile {
  readonly name: string;
  arrayBuffer(): Promise<ArrayBuffer>;
}

function isFormFile(value: unknown): value is FormFile {
  return typeof value === "object" && value !== null && "arrayBuffer" in value && "name" in value;
}

async function uploadsOfForm(form: FormData): Promise<Upload[]> {
  const text = (key: string): string | undefined => {
    const value = form.get(key);
    return typeof value === "string" && value.trim().length > 0 ? value : undefined;
  };
  const fields = parseWith(UploadFields, { title: text("title"), docId: text("docId"), force: text("force") });
  const files = [...form.values()].flatMap((v: unknown) => (isFormFile(v) ? [v] : []));
  if (files.length === 0) throw new UsageError("the upload has no file: send one or more files in the `file` field");
  if (files.length > 1 && (fields.docId || fields.title)) throw new UsageError("docId and title apply to a single file");
  const force = fields.force !== undefined && fields.force !== "false" && fields.force !== "0";
  return Promise.all(
    files.map(async (file) => ({
      name: file.name.length > 0 ? file.name : "upload.txt",
      bytes: new Uint8Array(await file.arrayBuffer()),
      ...(fields.docId ? { docId: fields.docId } : {}),
      ...(fields.title ? { title: fields.title } : {}),
      force,
    })),
  );
}

/**
 * The `/documents` routes.
 * @example app.route("/documents", documentRoutes({ engine, queue: createIngestQueue() }));
 */
export function documentRoutes({ engine, queue }: DocumentRouteDeps): Hono {
  const routes = new Hono();

  routes.post("/", async (c) => {
    const type = (c.req.header("content-type") ?? "").toLowerCase();
    let uploads: Upload[];
    if (type.startsWith("multipart/form-data")) {
      let form: FormData;
      try {
        form = await c.req.formData();
      } catch (error) {
        throw new InputError("E_INPUT_MALFORMED", "the multipart body cannot be read", { cause: error });
      }
      uploads = await uploadsOfForm(form);
    } else if (type.startsWith("application/json")) {
      uploads = [pastedUpload(await readJson(c, TextDocumentBody))];
    } else {
      throw new InputError("E_INPUT_UNSUPPORTED", "send multipart/form-data files or application/json { text, title?, docId? }");
    }
    const report = await ingestUploads(engine, queue, uploads, c.req.raw.signal);
    const wrote = report.documents.some((d) => !d.skipped);
    return c.json(ingestJson(report), wrote ? 201 : 200);
  });

  routes.get("/", async (c) => c.json((await engine.list()).map(summaryJson)));

  routes.get("/:id", async (c) => {
    const docId = asDocId(c.req.param("id"));
    const doc = await engine.store.getDocument(docId);
    if (!doc) throw new NotFoundError(`no document ${docId} in the store`);
    const byHash = await engine.store.findByHash(doc.hash);
    const summary = byHash?.docId === docId ? byHash : (await engine.list([docId]))[0];
    return c.json(documentJson(doc, summary));
  });

  routes.get("/:id/graph", async (c) => c.json(inspectJson(await engine.inspect(asDocId(c.req.param("id"))))));

  routes.delete("/:id", async (c) => {
    const docId = asDocId(c.req.param("id"));
    await engine.remove(docId);
    return c.json({ docId, removed: true });
  });

  return routes;
}
