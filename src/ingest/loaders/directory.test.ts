import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadPaths, type LoadEvent } from "./directory.js";
import { codeOf } from "../../testing/error-code.js";

async function collect(paths: string[], followLinks = false): Promise<LoadEvent[]> {
  const events: LoadEvent[] = [];
  for await (const event of loadPaths(paths, { followLinks })) events.push(event);
  return events;
}

let root = "";
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "pecan-dir-"));
  const tree = join(root, "tree");
  await mkdir(join(tree, "sub", "deeper"), { recursive: true });
  await mkdir(join(tree, ".git"));
  await writeFile(join(tree, "b.txt"), "Bee text.");
  await writeFile(join(tree, "a.md"), "# Aye\nText.");
  await writeFile(join(tree, "photo.png"), new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0]));
  await writeFile(join(tree, ".hidden.txt"), "secret");
  await writeFile(join(tree, ".git", "config.txt"), "not loaded");
  await writeFile(join(tree, "empty.txt"), "  \n");
  await writeFile(join(tree, "sub", "c.html"), "<p>See</p>");
  await writeFile(join(tree, "sub", "a.txt"), "Another a.");
  await writeFile(join(tree, "sub", "deeper", "a.txt"), "Third a.");
  await symlink(tree, join(tree, "sub", "loop"));
  await writeFile(join(root, "outside-secret.txt"), "A private key lives here.");
  await mkdir(join(root, "linked"));
  await writeFile(join(root, "linked", "one.txt"), "Inside a linked directory.");
  await symlink(join(root, "outside-secret.txt"), join(tree, "sub", "secret.txt"));
  await symlink(join(root, "linked"), join(tree, "sub", "elsewhere"));
  await symlink(join(tree, "b.txt"), join(tree, "sub", "bee.txt"));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe("loadPaths", () => {
  it("walks a tree in sorted order, skipping with reasons", async () => {
    const tree = join(root, "tree");
    const events = await collect([tree]);
    const summary = events.map((e) =>
      e.kind === "document" ? `doc ${e.doc.docId} ${e.doc.source.slice(tree.length + 1)}` : `skip ${e.path.slice(tree.length + 1)}`,
    );
    expect(summary).toEqual([
      "skip .git",
      "skip .hidden.txt",
      "doc a a.md",
      "doc b b.txt",
      "skip empty.txt",
      "skip photo.png",
      "doc a-txt sub/a.txt",
      "doc bee sub/bee.txt",
      "doc c sub/c.html",
      "doc a-txt-2 sub/deeper/a.txt",
      "skip sub/elsewhere",
      "skip sub/loop",
      "skip sub/secret.txt",
    ]);
    const reasons = new Map(events.flatMap((e) => (e.kind === "skipped" ? [[e.path.slice(tree.length + 1), e.reason]] : [])));
    expect(reasons.get(".hidden.txt")).toBe("hidden");
    expect(reasons.get("photo.png")).toMatch(/\.png/);
    expect(reasons.get("empty.txt")).toMatch(/^E_INPUT_EMPTY/);
    expect(reasons.get("sub/loop")).toMatch(/loop/);
    expect(reasons.get("sub/secret.txt")).toMatch(/leads out of the directory/);
    expect(reasons.get("sub/elsewhere")).toMatch(/leads out of the directory/);
  });

  it("follows links out of the tree only when asked to", async () => {
    const events = await collect([join(root, "tree")], true);
    const texts = events.flatMap((e) => (e.kind === "document" ? [e.doc.text] : []));
    expect(texts).toContain("A private key lives here.");
    expect(texts).toContain("Inside a linked directory.");
  });

  it("loads explicit files, whatever their names", async () => {
    const events = await collect([join(root, "tree", ".hidden.txt"), join(root, "tree", "b.txt")]);
    expect(events.map((e) => (e.kind === "document" ? e.doc.text : e.reason))).toEqual(["secret", "Bee text."]);
  });

  it("throws for a missing path or an explicit unsupported file before loading anything", async () => {
    const good = join(root, "tree", "b.txt");
    expect(await codeOf(collect([good, join(root, "nope.txt")]))).toBe("E_FILE_UNREADABLE");
    expect(await codeOf(collect([good, join(root, "tree", "photo.png")]))).toBe("E_INPUT_UNSUPPORTED");
    expect(await codeOf(collect([join(root, "tree", "empty.txt")]))).toBe("E_INPUT_EMPTY");
  });
});
