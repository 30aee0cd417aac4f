/** The benchmarks' flags: `--help` prints the script's header, a bad flag prints it with exit 2. */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { headerOf } from "./args.js";

const built = resolve(import.meta.dirname, "../dist/bench/scale.js");

describe("benchmark flags", () => {
  it("reads a file's header comment without its markers", () => {
    expect(headerOf("#!/usr/bin/env node\n/**\n * Measures a thing.\n *\n *   npm run bench:x -- --runs 3\n */\nconst a = 1;")).toBe(
      "Measures a thing.\n\n  npm run bench:x -- --runs 3",
    );
    expect(headerOf("const a = 1;")).toBe("");
  });

  it.skipIf(!existsSync(built))("prints the usage on --help and on an unknown flag", () => {
    const help = execFileSync(process.execPath, [built, "--help"], { encoding: "utf8" });
    expect(help).toContain("npm run bench:scale");
    const bad = spawnSync(process.execPath, [built, "--factorz", "1"], { encoding: "utf8" });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("--factorz");
    expect(bad.stderr).toContain("npm run bench:scale");
    expect(bad.stderr).not.toContain("    at ");
  });
});
