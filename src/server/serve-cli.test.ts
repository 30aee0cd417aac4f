import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

/** The built CLI: `npm test` builds dist before the tests run. */
const CLI = resolve(import.meta.dirname, "../../dist/src/cli/main.js");

describe("pecan serve", () => {
  const dir = mkdtempSync(join(tmpdir(), "pecan-serve-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("prints its URL, answers with the token, and stops cleanly on Ctrl-C", async () => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: build first with \`npx tsc -p tsconfig.build.json\` (npm test does)`);
    const child = spawn(process.execPath, [CLI, "serve", "--port", "0", "--db", join(dir, "store.db")], {
      env: { PATH: process.env.PATH ?? "", PECAN_TOKEN: "t0ken" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((done) => child.on("exit", (code) => done(code)));
    const url = await new Promise<string>((done, fail) => {
      child.stdout.on("data", (chunk: Buffer) => {
        stdout += chunk.toString();
        const match = /serving (http:\/\/127\.0\.0\.1:\d+\/)/.exec(stdout);
        if (match) done(match[1]!);
      });
      void exited.then((code) => fail(new Error(`exited with ${code}: ${stderr}`)));
    });
    try {
      expect((await fetch(new URL("documents", url))).status).toBe(401);
      const res = await fetch(new URL("documents", url), { headers: { Authorization: "Bearer t0ken" } });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual([]);
    } finally {
      child.kill("SIGINT");
    }
    expect(await exited).toBe(0);
    expect(stdout).toContain("stopped");
    expect(stdout).not.toContain("t0ken");
  });

  it("refuses a bad port with E_BAD_FLAG and exit status 2", async () => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: build first`);
    const child = spawn(process.execPath, [CLI, "serve", "--port", "70000"], { stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((done) => child.on("exit", done));
    expect(code).toBe(2);
    expect(stderr).toMatch(/^E_BAD_FLAG: /);
  });
});
