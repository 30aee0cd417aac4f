/**
 * Where MCP `ingest` may read. An agent under prompt injection must not be able to pull
 * `/etc/passwd` or `~/.ssh` into the store and quote it back, so a path is read only when its
 * real path (every link resolved) lies under an allowed root:
 * - the directories the operator gave (`pecan mcp --allow DIR`, repeatable), and
 * - the roots the client declares (MCP `roots/list`, `file://` URIs only);
 * when both exist a path must lie under one of each; when neither does, the working directory
 * is the one root, unless it is the filesystem's root (MCP clients often start servers in `/`),
 * which allows nothing. Hidden files and folders under a root (`.env`, `.ssh`, `.git`) are
 * refused too, as a directory ingest skips them. A directory is walked here, and a link inside
 * it that leads out of the roots is skipped, not followed.
 */
import type { Dirent } from "node:fs";
import { readdir, realpath, stat } from "node:fs/promises";
import { isAbsolute, join, parse, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { formatOfName, InputError, PecanError, UsageError } from "../index.js";

/** One set of roots a path must lie under (one of them); a path must satisfy every set. */
export type RootSet = readonly string[];

/** Named defaults of path checking. */
export const DEFAULT_ROOTS = Object.freeze({
  /** Files one directory ingest may list, so a huge tree cannot stall the server. */
  maxFiles: 10_000,
});

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** True when `path` is `root` or inside it (both real, absolute paths). */
export function isInside(path: string, root: string): boolean {
  if (path === root) return true;
  return path.startsWith(root.endsWith(sep) ? root : root + sep);
}

/**
 * The real paths of the `--allow` directories; one that is missing or not a directory is E_BAD_FLAG.
 * @example await realRoots(["docs"], process.cwd()) // ["/home/me/project/docs"]
 */
export async function realRoots(dirs: readonly string[], cwd: string): Promise<string[]> {
  const roots: string[] = [];
  for (const dir of dirs) {
    try {
      const real = await realpath(resolve(cwd, dir));
      if (!(await stat(real)).isDirectory()) throw new Error("not a directory");
      roots.push(real);
    } catch (cause) {
      throw new UsageError(`--allow ${dir}: ${messageOf(cause)}`, { cause });
    }
  }
  return roots;
}

/** The local directories of client roots (`file://` URIs); other schemes name nothing on this machine. */
export async function clientRootPaths(roots: readonly { readonly uri: string }[]): Promise<string[]> {
  const paths: string[] = [];
  for (const root of roots) {
    if (!root.uri.startsWith("file:")) continue;
    try {
      paths.push(await realpath(fileURLToPath(root.uri)));
    } catch {
      // A root that does not exist here allows nothing.
    }
  }
  return paths;
}

/** The sets a path must satisfy: operator roots, client roots, or else the working directory. */
export function rootSets(operator: readonly string[], client: readonly string[] | undefined, cwd: string): RootSet[] {
  const sets: RootSet[] = [];
  if (operator.length > 0) sets.push(operator);
  if (client !== undefined && client.length > 0) sets.push(client);
  if (sets.length > 0) return sets;
  // A server started in `/` must not read the whole machine: nothing is allowed until a root is named.
  return parse(cwd).root === cwd ? [[]] : [[cwd]];
}

/** True when a part of `path` below the root it lies under is hidden (`.env`, `.ssh/id_rsa`). */
function hiddenUnder(real: string, sets: readonly RootSet[]): boolean {
  return sets.some((set) =>
    set.some((root) => isInside(real, root) && relative(root, real).split(sep).some((part) => part.startsWith("."))),
  );
}

function allowed(real: string, sets: readonly RootSet[]): boolean {
  return sets.every((set) => set.some((root) => isInside(real, root)));
}

function describeRoots(sets: readonly RootSet[]): string {
  if (sets.some((set) => set.length === 0)) return "none: the server runs in the filesystem's root; name one with --allow DIR";
  return sets.map((set) => set.join(", ")).join(" and under one of ");
}

/**
 * The real path of `path` when it lies under the roots; E_PATH_FORBIDDEN when it (or the link
 * it is) leads elsewhere, E_FILE_UNREADABLE when it does not exist.
 * @example await checkedPath("notes.txt", [["/home/me/project"]], "/home/me/project")
 */
export async function checkedPath(path: string, sets: readonly RootSet[], cwd: string): Promise<string> {
  const absolute = isAbsolute(path) ? path : resolve(cwd, path);
  let real: string;
  try {
    real = await realpath(absolute);
  } catch (cause) {
    // Say nothing about files outside the roots, not even whether they exist.
    if (!allowed(absolute, sets)) throw forbidden(path, sets);
    throw new InputError("E_FILE_UNREADABLE", `cannot read ${path}: ${messageOf(cause)}`, { cause });
  }
  if (!allowed(real, sets)) throw forbidden(path, sets);
  if (hiddenUnder(real, sets) || hiddenUnder(absolute, sets)) {
    throw new PecanError("E_PATH_FORBIDDEN", `${path} is hidden (a name that starts with "."), and hidden files are not read`);
  }
  return real;
}

function forbidden(path: string, sets: readonly RootSet[]): PecanError {
  return new PecanError("E_PATH_FORBIDDEN", `${path} is outside the allowed roots (${describeRoots(sets)}); see pecan mcp --allow`);
}

/** A directory's documents under the roots, and what was passed over and why. */
export interface RootedListing {
  readonly files: string[];
  readonly skipped: { path: string; reason: string }[];
}

/**
 * Lists the document files of a directory tree (sorted, hidden entries skipped, as a CLI
 * directory ingest reads them), following a link only when its target lies under the roots.
 * @example const { files, skipped } = await listUnderRoots("/home/me/project/docs", [["/home/me/project"]]);
 */
export async function listUnderRoots(dir: string, sets: readonly RootSet[], maxFiles = DEFAULT_ROOTS.maxFiles): Promise<RootedListing> {
  const listing: RootedListing = { files: [], skipped: [] };
  await walk(dir, sets, maxFiles, listing, new Set<string>());
  return listing;
}

async function walk(dir: string, sets: readonly RootSet[], maxFiles: number, listing: RootedListing, visited: Set<string>): Promise<void> {
  let entries: Dirent[];
  let real: string;
  try {
    real = await realpath(dir);
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    listing.skipped.push({ path: dir, reason: `cannot read directory: ${messageOf(error)}` });
    return;
  }
  if (visited.has(real)) {
    listing.skipped.push({ path: dir, reason: "directory already visited (a link loop)" });
    return;
  }
  visited.add(real);
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.name.startsWith(".")) {
      listing.skipped.push({ path, reason: "hidden" });
      continue;
    }
    const target = entry.isSymbolicLink() ? await realpath(path).catch(() => undefined) : join(real, entry.name);
    if (target === undefined) {
      listing.skipped.push({ path, reason: "broken link" });
      continue;
    }
    if (!allowed(target, sets)) {
      listing.skipped.push({ path, reason: "link leads outside the allowed roots" });
      continue;
    }
    const info = await stat(target).catch(() => undefined);
    if (info?.isDirectory()) await walk(path, sets, maxFiles, listing, visited);
    else if (!info?.isFile()) listing.skipped.push({ path, reason: "not a regular file" });
    else if (formatOfName(entry.name) === undefined) listing.skipped.push({ path, reason: "not a document type" });
    else if (listing.files.length >= maxFiles) listing.skipped.push({ path, reason: `more than ${maxFiles} files` });
    else listing.files.push(path);
  }
}
