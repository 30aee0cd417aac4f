/**
 * The package as a user gets it: `npm pack`, installed from the tarball into an empty project
 * (without the optional node-llama-cpp), every subpath imported from an ESM script, and a strict
 * TypeScript consumer (skipLibCheck false) typechecked against the installed declarations.
 * Uses the built dist/ (`npm test` builds first) and the npm cache or registry for dependencies.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { cliBuilt } from "./testing/cli-runner.js";

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL("..", import.meta.url));
const TSC = join(ROOT, "node_modules", "typescript", "bin", "tsc");
const Version = z.object({ version: z.string() });
const versionOf = (pkg: string): string => Version.parse(JSON.parse(readFileSync(join(ROOT, "node_modules", pkg, "package.json"), "utf8"))).version;
const Packed = z.array(z.object({ filename: z.string(), files: z.array(z.object({ path: z.string() })) }));

/** The environment without the variables an enclosing `npm run` sets for its own scripts. */
function cleanEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.toLowerCase().startsWith("npm_")));
}

const CONSUMER = `import { createEngine, AskResultJson, isPecanError, type AskResult, type DocId } from "pecan";
import { createApp, startServer, openApiDocument } from "pecan/server";
import { createMcpServer } from "pecan/mcp";
import { pecanTools } from "pecan/ai";

const engine = createEngine({ dbPath: ":memory:" });
const result: AskResult = await engine.ask("What is in the document?", { docIds: ["a-doc"] });
const parsed: AskResultJson = AskResultJson.parse(JSON.parse(JSON.stringify(result)));
const first: DocId | undefined = result.trace.documents[0];
engine.remove("a-doc");
const tools = pecanTools(engine, { docIds: ["a-doc"] });
// @ts-expect-error a plain string is not a branded DocId: the check fails if types go loose
const wrong: DocId = "plain";
void [wrong, parsed.answer, first, createApp, startServer, openApiDocument, createMcpServer, tools.ask, isPecanError];
`;

const SCRIPT = `const names = {};
for (const s of ["pecan", "pecan/server", "pecan/mcp", "pecan/ai"]) names[s] = Object.keys(await import(s)).sort();
const { createEngine } = await import("pecan");
const engine = createEngine({ dbPath: ":memory:" });
await engine.ingestDocuments([{ docId: "a-doc", title: "A", text: "The bridge over the gorge was finished in 1887 by the Halvorsen company.", source: "test" }]);
const answer = (await engine.ask("When was the bridge finished?", { docIds: ["a-doc"] })).answer;
process.stdout.write(JSON.stringify({ names, answer }));
`;

const TSCONFIG = {
  compilerOptions: {
    target: "ES2022",
    lib: ["ES2023", "DOM"],
    module: "nodenext",
    moduleResolution: "nodenext",
    strict: true,
    noUncheckedIndexedAccess: true,
    skipLibCheck: false,
    noEmit: true,
    types: ["node"],
  },
  files: ["consumer.ts"],
};

describe.skipIf(!cliBuilt())("the packed package", () => {
  let dir = "";
  let files: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "pecan-pack-"));
    const packed = await run("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", dir], { cwd: ROOT, env: cleanEnv(), maxBuffer: 1 << 24 });
    const [info] = Packed.parse(JSON.parse(packed.stdout));
    files = info!.files.map((f) => f.path);
    writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
    await run(
      "npm",
      ["install", `./${info!.filename}`, `ai@${versionOf("ai")}`, `@types/json-schema@${versionOf("@types/json-schema")}`,
        "--prefer-offline", "--ignore-scripts", "--omit=optional", "--no-audit", "--no-fund", "--loglevel=error"],
      { cwd: dir, env: cleanEnv(), timeout: 150_000 },
    );
  }, 180_000);

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("ships a LICENSE and the built code, and no tests, fixtures, test models, benches or scripts", () => {
    expect(files).toContain("LICENSE");
    expect(files).toEqual(expect.arrayContaining(["dist/src/index.js", "dist/src/server/index.d.ts", "dist/src/mcp/index.js", "dist/src/ai/index.js", "dist/src/cli/main.js"]));
    expect(files.filter((f) => /\.test\.|\/testing\/|fixtures|test-attention|toy-data|^dist\/(bench|scripts)\/|\.map$/.test(f))).toEqual([]);
  });

  it("installs without node-llama-cpp and every subpath loads from an ESM script", async () => {
    expect(existsSync(join(dir, "node_modules", "node-llama-cpp"))).toBe(false);
    writeFileSync(join(dir, "check.mjs"), SCRIPT);
    const { stdout } = await run(process.execPath, ["check.mjs"], { cwd: dir, env: cleanEnv() });
    const out = z.object({ names: z.record(z.string(), z.array(z.string())), answer: z.string() }).parse(JSON.parse(stdout));
    expect(out.names["pecan"]).toEqual(expect.arrayContaining(["createEngine", "AskResultJson", "asDocId"]));
    expect(out.names["pecan/server"]).toEqual(expect.arrayContaining(["startServer", "createApp", "openApiDocument"]));
    expect(out.names["pecan/mcp"]).toContain("createMcpServer");
    expect(out.names["pecan/ai"]).toContain("pecanTools");
    expect(out.answer).toContain("1887");
    // The installed command runs through its bin link (the tarball keeps its executable bit).
    const help = await run(join(dir, "node_modules", ".bin", "pecan"), ["--version"], { cwd: dir, env: cleanEnv() });
    expect(help.stdout.trim()).toBe(Version.parse(JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"))).version);
  }, 60_000);

  it("typechecks a strict TypeScript consumer with skipLibCheck false, plain strings as doc ids", async () => {
    writeFileSync(join(dir, "consumer.ts"), CONSUMER);
    writeFileSync(join(dir, "tsconfig.json"), JSON.stringify(TSCONFIG));
    const result = await run(process.execPath, [TSC, "-p", "tsconfig.json"], { cwd: dir, env: cleanEnv() }).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? String(error) }));
    expect(result.stdout).toBe("");
  }, 120_000);
});
