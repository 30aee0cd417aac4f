/**
 * The page's file picker offers every extension the loaders read, so a user is not steered away
 * from a document Pecan would ingest.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { documentExtensions } from "../ingest/index.js";

describe("the page's file picker", () => {
  it("accepts every extension a loader reads", () => {
    const html = readFileSync(resolve(import.meta.dirname, "../../web/index.html"), "utf8");
    const accept = /<input id="file"[^>]* accept="([^"]*)"/.exec(html)?.[1];
    expect(accept).toBeDefined();
    const offered = new Set((accept ?? "").split(","));
    for (const ext of documentExtensions()) expect(offered, ext).toContain(ext);
  });
});
