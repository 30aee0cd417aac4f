/**
 * Loads files and directory trees. Paths given explicitly must load (their errors are thrown);
 * inside a directory, entries are visited in sorted order and anything that is hidden, of
 * another type, or fails to load is reported as skipped with a reason instead.
 */
import type { Dirent, Stats } from "node:fs";
import { readdir, realpath, stat } from "node:fs/promises";
import { extname, join, relative, isAbsolute } from "node:path";
import { InputError, PecanError } from "../../core/errors.js";
import { asDocId } from "../../core/ids.js";
import type { LoadedDocument } from "../../core/types.js";
import { formatOfName, loadFile, unsupportedFile } from "./dispatch.js";
import type { LoadOptions } from "./load-options.js";

/** Whether `path` is `root` or below it (both real paths). */
function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === "" || (!rel.startsWith("..") && !isAbsolute(rel));
}

/** What {@link loadPaths} yields: a loaded document, or a path it passed over and why. */
export type LoadEvent =
  | { readonly kind: "document"; readonly doc: LoadedDocument }
  | { readonly kind: "skipped"; readonly path: string; readonly reason: string };

function skipped(path: string, reason: string): LoadEvent {
  return { kind: "skipped", path, reason };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Gives documents of one run distinct ids: a repeated id gets the file's extension, then a number. */
class IdRegistry {
  private readonly used = new Set<string>();

  claim(doc: LoadedDocument, path: string): LoadedDocument {
    let id: string = doc.docId;
    if (this.used.has(id)) {
      const ext = extname(path).slice(1).toLowerCase().replace(/[^a-z0-9]+/g, "");
      const base = ext.length > 0 ? `${id}-${ext}` : id;
      id = base;
      for (let k = 2; this.used.has(id); k++) id = `${base}-${k}`;
    }
    this.used.add(id);
    return id === doc.docId ? doc : { ...doc, docId: asDocId(id) };
  }
}

async function statPath(path: string): Promise<Stats> {
  try {
    return await stat(path);
  } catch (error) {
    throw new InputError("E_FILE_UNREADABLE", `cannot read ${path}: ${messageOf(error)}`, { cause: error });
  }
}

/**
 * Loads files and directories, recursing into directories in sorted order. A given path that
 * is missing throws `E_FILE_UNREADABLE`; a given file of an unsupported type throws
 * `E_INPUT_UNSUPPORTED`. All given paths are checked before the first document is loaded.
 * Documents of one call get distinct ids (`report`, then `report-pdf` for `report.pdf`).
 * Inside a directory, a link that leads out of it is skipped unless `followLinks`.
 * @example
 * for await (const event of loadPaths(["docs/"])) {
 *   if (event.kind === "document") console.log(event.doc.docId);
 *   else console.log(`skipped ${event.path}: ${event.reason}`);
 * }
 */
export async function* loadPaths(
  paths: readonly string[],
  options: Partial<LoadOptions> = {},
): AsyncGenerator<LoadEvent> {
  const roots: { path: string; directory: boolean }[] = [];
  for (const path of paths) {
    const info = await statPath(path);
    if (!info.isDirectory()) {
      if (!info.isFile()) throw new InputError("E_FILE_UNREADABLE", `${path} is not a regular file`);
      if (formatOfName(path) === undefined) throw unsupportedFile(path);
    }
    roots.push({ path, directory: info.isDirectory() });
  }
  const ids = new IdRegistry();
  const visited = new Set<string>();
  for (const root of roots) {
    if (root.directory) {
      const tree = options.followLinks === true ? undefined : await realpath(root.path);
      yield* walk(root.path, options, ids, visited, tree);
    }
    else yield { kind: "document", doc: ids.claim(await loadFile(root.path, options), root.path) };
  }
}

async function* walk(
  dir: string,
  options: Partial<LoadOptions>,
  ids: IdRegistry,
  visited: Set<string>,
  tree: string | undefined,
): AsyncGenerator<LoadEvent> {
  let entries: Dirent[];
  let real: string;
  try {
    real = await realpath(dir);
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    yield skipped(dir, `cannot read directory: ${messageOf(error)}`);
    return;
  }
  if (visited.has(real)) {
    yield skipped(dir, "directory already visited (a link loop)");
    return;
  }
  visited.add(real);
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.name.startsWith(".")) {
      yield skipped(path, "hidden");
      continue;
    }
    let isDirectory = entry.isDirectory();
    let isFile = entry.isFile();
    if (entry.isSymbolicLink()) {
      try {
        const info = await stat(path);
        isDirectory = info.isDirectory();
        isFile = info.isFile();
        if (tree !== undefined && !isInside(tree, await realpath(path))) {
          yield skipped(path, "link leads out of the directory (pass --follow-links to follow it)");
          continue;
        }
      } catch (error) {
        yield skipped(path, `broken link: ${messageOf(error)}`);
        continue;
      }
    }
    if (isDirectory) {
      yield* walk(path, options, ids, visited, tree);
      continue;
    }
    if (!isFile) {
      yield skipped(path, "not a regular file");
      continue;
    }
    if (formatOfName(entry.name) === undefined) {
      yield skipped(path, `not a document type (${extname(entry.name).toLowerCase()})`);
      continue;
    }
    let doc: LoadedDocument;
    try {
      doc = await loadFile(path, options);
    } catch (error) {
      if (!(error instanceof PecanError)) throw error;
      yield skipped(path, `${error.code}: ${error.message}`);
      continue;
    }
    yield { kind: "document", doc: ids.claim(doc, path) };
  }
}
