import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { isInside, rootSets } from "./roots.js";

describe("allowed roots", () => {
  it("counts a path as inside a root only at a path boundary", () => {
    expect(isInside("/a/b", "/a/b")).toBe(true);
    expect(isInside("/a/b/c.txt", "/a/b")).toBe(true);
    expect(isInside("/a/bc/c.txt", "/a/b")).toBe(false);
    expect(isInside("/a", "/a/b")).toBe(false);
    expect(isInside("/etc/passwd", "/")).toBe(true);
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z]{1,6}$/), fc.stringMatching(/^[a-z]{1,6}$/), (root, name) => {
        expect(isInside(`/${root}${name}`, `/${root}`)).toBe(false);
        expect(isInside(`/${root}/${name}`, `/${root}`)).toBe(true);
      }),
    );
  });

  it("uses the operator's and the client's roots together, and the working directory only without either", () => {
    expect(rootSets([], undefined, "/work")).toEqual([["/work"]]);
    expect(rootSets([], [], "/work")).toEqual([["/work"]]);
    expect(rootSets(["/docs"], undefined, "/work")).toEqual([["/docs"]]);
    expect(rootSets(["/docs"], ["/client"], "/work")).toEqual([["/docs"], ["/client"]]);
    // Started in the filesystem's root (as MCP clients often do), nothing is allowed by default.
    expect(rootSets([], undefined, "/")).toEqual([[]]);
    expect(rootSets(["/docs"], undefined, "/")).toEqual([["/docs"]]);
  });
});
