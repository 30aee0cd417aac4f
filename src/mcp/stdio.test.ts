import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { handbookText } from "../testing/server-fixtures.js";

/** The built CLI: `npm test` builds dist before the tests run. */
const CLI = resolve(import.meta.dirname, "../../dist/src/cli/main.js");

interface TextContent {
  type: string;
  text: string;
}

describe("pecan mcp over stdio", () => {
  let dir: string;
  let client: Client;
  let transport: StdioClientTransport;
  const errors: Error[] = [];
  let stderr = "";

  beforeAll(async () => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: build first with \`npx tsc -p tsconfig.build.json\` (npm test does)`);
    dir = mkdtempSync(join(tmpdir(), "pecan-mcp-"));
    transport = new StdioClientTransport({
      command: process.execPath,
      args: [CLI, "mcp", "--db", join(dir, "store.db"), "--allow", dir],
      stderr: "pipe",
      env: { PATH: process.env.PATH ?? "" },
    });
    transport.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    client = new Client({ name: "pecan-test", version: "1.0.0" });
    client.onerror = (error) => errors.push(error);
    await client.connect(transport);
  });

  afterAll(async () => {
    await client?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("lists the tools with their input schemas", async () => {
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(["ask", "ingest", "list_documents", "read_passage", "remove_document"]);
    const ask = tools.find((t) => t.name === "ask")!;
    expect(ask.inputSchema.required).toEqual(["question"]);
    expect(Object.keys(ask.inputSchema.properties ?? {})).toEqual(expect.arrayContaining(["question", "docIds", "budget", "fill"]));
    expect(ask.outputSchema).toBeDefined();
    expect(client.getServerVersion()?.name).toBe("pecan");
  });

  it("ingests text and a path, lists them, and answers with citations", async () => {
    const text = await client.callTool({ name: "ingest", arguments: { text: handbookText(), title: "Lighthouse handbook", docId: "handbook" } });
    expect(text.isError).toBeFalsy();
    expect((text.structuredContent as { documents: { docId: string }[] }).documents[0]!.docId).toBe("handbook");

    const file = join(dir, "cat-notes.txt");
    writeFileSync(file, "The keepers' cat is called Biscuit. She sleeps by the stove in the watch room.");
    const path = await client.callTool({ name: "ingest", arguments: { path: file } });
    expect(path.isError).toBeFalsy();
    expect((path.content as TextContent[])[0]!.text).toContain("cat-notes");

    const list = await client.callTool({ name: "list_documents", arguments: {} });
    const docs = (list.structuredContent as { documents: { docId: string }[] }).documents.map((d) => d.docId);
    expect(docs.sort()).toEqual(["cat-notes", "handbook"]);

    const answer = await client.callTool({ name: "ask", arguments: { question: "How often must the lens be cleaned?", docIds: ["handbook"] } });
    expect(answer.isError).toBeFalsy();
    const shown = (answer.content as TextContent[])[0]!.text;
    expect(shown).toContain("fourteen days");
    expect(shown).toMatch(/Citations:\n\[1\] Lighthouse handbook \(handbook, chars \d+-\d+\): "/);
    const result = answer.structuredContent as { answer: string; citations: { docId: string; text: string }[]; trace: { stop: string } };
    expect(result.answer).toContain("fourteen days");
    expect(result.citations.length).toBeGreaterThan(0);
    expect(result.citations.every((c) => c.docId === "handbook")).toBe(true);
  });

  it("reports errors as tool errors with a stable code", async () => {
    const missing = await client.callTool({ name: "ask", arguments: { question: "What is the cat called?", docIds: ["nope"] } });
    expect(missing.isError).toBe(true);
    expect((missing.content as TextContent[])[0]!.text).toMatch(/^E_NOT_FOUND: /);
    const both = await client.callTool({ name: "ingest", arguments: { text: "x", path: "y" } });
    expect(both.isError).toBe(true);
    expect((both.content as TextContent[])[0]!.text).toMatch(/^E_BAD_FLAG: /);
    const unreadable = await client.callTool({ name: "ingest", arguments: { path: join(dir, "missing.txt") } });
    expect(unreadable.isError).toBe(true);
    const invalid = await client.callTool({ name: "ask", arguments: { question: "x", budget: -1 } });
    expect(invalid.isError).toBe(true);
    const passwd = await client.callTool({ name: "ingest", arguments: { path: "/etc/passwd" } });
    expect(passwd.isError).toBe(true);
    expect((passwd.content as TextContent[])[0]!.text).toMatch(/^E_PATH_FORBIDDEN: /);
  });

  it("answers input that is not JSON with a -32700 parse error", async () => {
    const child = spawn(process.execPath, [CLI, "mcp", "--db", join(dir, "raw.db")], { env: { PATH: process.env.PATH ?? "" } });
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
    child.stdin.end("not json at all\n");
    expect(await exited).toBe(0);
    expect(JSON.parse(out.trim())).toMatchObject({ jsonrpc: "2.0", id: null, error: { code: -32700 } });
  });

  it("writes nothing but protocol messages to stdout", () => {
    expect(errors).toEqual([]);
    expect(stderr).not.toMatch(/E_INTERNAL/);
  });
});
