/**
 * The web page's files (web/ in the package: plain HTML, CSS and JavaScript, no build step),
 * read once at start-up and served from memory with strict headers. No file outside that
 * folder is ever served, and the page loads nothing from the network but this server.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, extname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** A file the server can send. */
export interface Asset {
  readonly body: Uint8Array;
  readonly type: string;
}

const TYPES: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
};

/** The page may load only from this server; nothing inline, nothing framed. */
export const PAGE_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
  "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/** Finds the package's web/ folder from this file (src/server or dist/src/server). */
export function findWebDir(from: string = dirname(fileURLToPath(import.meta.url))): string | undefined {
  let dir = from;
  for (let i = 0; i < 5; i += 1) {
    const candidate = join(dir, "web");
    if (existsSync(join(candidate, "index.html"))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return undefined;
}

/**
 * Reads every servable file of a folder (not recursive) into a map from URL path to asset;
 * `index.html` is also served at `/`.
 */
export function loadAssets(webDir: string | undefined): ReadonlyMap<string, Asset> {
  const assets = new Map<string, Asset>();
  if (!webDir || !existsSync(webDir)) return assets;
  for (const name of readdirSync(webDir)) {
    const type = TYPES[extname(name).toLowerCase()];
    if (!type || name.startsWith(".")) continue;
    const asset = { body: new Uint8Array(readFileSync(join(webDir, name))), type };
    assets.set(`/${name}`, asset);
    if (name === "index.html") assets.set("/", asset);
  }
  return assets;
}
