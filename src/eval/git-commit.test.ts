import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { gitCommit } from "./report.js";

const root = mkdtempSync(join(tmpdir(), "pecan-git-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function git(cwd: string, ...args: string[]): string {
  return execFileSync("git", ["-c", "user.email=t@example.org", "-c", "user.name=t", ...args], { cwd, encoding: "utf8" }).trim();
}

describe("gitCommit", () => {
  it("names the commit of a repository, a folder inside it, a worktree and a packed ref", () => {
    const repo = join(root, "repo");
    mkdirSync(join(repo, "sub"), { recursive: true });
    git(repo, "init", "-q", "-b", "main");
    writeFileSync(join(repo, "sub", "f.txt"), "x");
    git(repo, "add", ".");
    git(repo, "commit", "-qm", "first");
    const first = git(repo, "rev-parse", "HEAD");
    expect(gitCommit(repo)).toBe(first);
    expect(gitCommit(join(repo, "sub"))).toBe(first);

    const tree = join(root, "tree");
    git(repo, "worktree", "add", "-q", "-b", "side", tree);
    writeFileSync(join(tree, "g.txt"), "y");
    git(tree, "add", ".");
    git(tree, "commit", "-qm", "second");
    const second = git(tree, "rev-parse", "HEAD");
    expect(second).not.toBe(first);
    expect(gitCommit(tree)).toBe(second);

    git(repo, "pack-refs", "--all");
    expect(gitCommit(tree)).toBe(second);
    expect(gitCommit(repo)).toBe(first);
    expect(gitCommit(root)).toBeNull();
  });
});
