import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { ListRootsRequestSchema } from "@modelcontextprotocol/sdk/types.js";
import { createEngine, type Engine } from "../index.js";
import { handbookText } from "../testing/server-fixtures.js";
import { createMcpServer, type McpServerOptions } from "./server.js";

interface TextContent {
  type: string;
  text: string;
}

const textOf = (result: object): string => ((result as { content?: TextContent[] }).content?.[0]?.text ?? "");

async function connect(engine: Engine, options: McpServerOptions, roots?: string[]): Promise<Client> {
  const server = createMcpServer(engine, options);
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  const client = new Client({ name: "pecan-test", version: "1.0.0" }, roots ? { capabilities: { roots: { listChanged: true } } } : {});
  if (roots) client.setRequestHandler(ListRootsRequestSchema, () => ({ roots: roots.map((dir) => ({ uri: pathToFileURL(dir).href, name: dir })) }));
  await server.connect(serverSide);
  await client.connect(clientSide);
  return client;
}

describe("the MCP server", () => {
  let dir: string;
  let outside: string;
  let engine: Engine;

  beforeEach(() => {
    dir = realpathSync(mkdtempSync(join(tmpdir(), "pecan-mcp-root-")));
    outside = realpathSync(mkdtempSync(join(tmpdir(), "pecan-mcp-outside-")));
    writeFileSync(join(outside, "secret.txt"), "The vault code is 4711. Nobody outside may read it.");
    mkdirSync(join(dir, "docs"));
    writeFileSync(join(dir, "docs", "cat.txt"), "The keepers' cat is called Biscuit. She sleeps by the stove in the watch room.");
    writeFileSync(join(dir, "notes.md"), "# Notes\n\nThe boat is called the Heron and comes every month.");
    symlinkSync(join(outside, "secret.txt"), join(dir, "docs", "secret.txt"));
    symlinkSync(outside, join(dir, "docs", "elsewhere"));
    engine = createEngine({ dbPath: ":memory:" });
  });

  afterEach(async () => {
    await engine.close();
    rmSync(dir, { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
  });

  it("declares every tool with an output schema and honest read-only and destructive hints", async () => {
    const client = await connect(engine, { cwd: dir });
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(["ask", "ingest", "list_documents", "read_passage", "remove_document"]);
    for (const tool of tools) expect(tool.outputSchema, tool.name).toBeDefined();
    const hints = Object.fromEntries(tools.map((t) => [t.name, [t.annotations?.readOnlyHint, t.annotations?.destructiveHint]]));
    expect(hints).toEqual({
      ask: [true, false],
      list_documents: [true, false],
      read_passage: [true, false],
      ingest: [false, true],
      remove_document: [false, true],
    });
  });

  it("answers, shows the passage around a citation, serves documents as resources, and removes", async () => {
    const client = await connect(engine, { cwd: dir });
    await client.listTools(); // the client then checks every result against the tool's output schema
    await client.callTool({ name: "ingest", arguments: { text: handbookText(), title: "Lighthouse handbook", docId: "handbook" } });
    const answer = await client.callTool({ name: "ask", arguments: { question: "How often must the lens be cleaned?", docIds: ["handbook"] } });
    const citation = (answer.structuredContent as { citations: { docId: string; start: number; end: number; text: string }[] }).citations[0]!;

    const passage = await client.callTool({ name: "read_passage", arguments: { docId: "handbook", start: citation.start, end: citation.end, context: 40 } });
    expect(passage.isError).toBeFalsy();
    const p = passage.structuredContent as { start: number; end: number; text: string; truncated: boolean };
    expect(p.text).toContain(citation.text);
    expect(p.start).toBe(Math.max(0, citation.start - 40));
    expect(p.end - p.start).toBeLessThanOrEqual(citation.end - citation.start + 80);
    expect(p.truncated).toBe(false);

    const whole = await client.callTool({ name: "read_passage", arguments: { docId: "handbook", start: 0, end: handbookText().length, context: 0 } });
    expect((whole.structuredContent as { text: string; truncated: boolean }).text.length).toBeLessThanOrEqual(4000);
    expect((whole.structuredContent as { truncated: boolean }).truncated).toBe(handbookText().length > 4000);
    const badRange = await client.callTool({ name: "read_passage", arguments: { docId: "handbook", start: 10, end: 5 } });
    expect(textOf(badRange)).toMatch(/^E_BAD_FLAG: /);

    const { resources } = await client.listResources();
    expect(resources.map((r) => r.uri)).toEqual(["pecan://documents/handbook"]);
    const read = await client.readResource({ uri: "pecan://documents/handbook" });
    expect((read.contents[0] as { text: string }).text).toBe((await engine.store.getDocument(citation.docId as never))?.text);

    const removed = await client.callTool({ name: "remove_document", arguments: { docId: "handbook" } });
    expect(removed.structuredContent).toEqual({ docId: "handbook", removed: true });
    expect((await engine.list())).toEqual([]);
    const again = await client.callTool({ name: "remove_document", arguments: { docId: "handbook" } });
    expect(again.isError).toBe(true);
    expect(textOf(again)).toMatch(/^E_NOT_FOUND: /);
  });

  it("refuses paths outside the working directory by default, and links that lead out", async () => {
    const client = await connect(engine, { cwd: dir });
    await client.listTools();
    for (const path of ["/etc/passwd", join(outside, "secret.txt"), join(dir, "docs", "secret.txt"), "../" + outside.split("/").pop() + "/secret.txt"]) {
      const result = await client.callTool({ name: "ingest", arguments: { path } });
      expect(result.isError, path).toBe(true);
      expect(textOf(result), path).toMatch(/^E_PATH_FORBIDDEN: /);
    }
    writeFileSync(join(dir, ".env"), "API_TOKEN=secret");
    mkdirSync(join(dir, ".ssh"));
    writeFileSync(join(dir, ".ssh", "id_rsa"), "PRIVATE KEY");
    for (const path of [".env", ".ssh/id_rsa", join(dir, ".ssh", "id_rsa")]) {
      expect(textOf(await client.callTool({ name: "ingest", arguments: { path } })), path).toMatch(/^E_PATH_FORBIDDEN: .*hidden/);
    }
    const rooted = await connect(engine, { cwd: "/" });
    expect(textOf(await rooted.callTool({ name: "ingest", arguments: { path: join(dir, "notes.md") } }))).toMatch(/^E_PATH_FORBIDDEN: .*--allow/);
    const missingOutside = await client.callTool({ name: "ingest", arguments: { path: "/nonexistent/file.txt" } });
    expect(textOf(missingOutside)).toMatch(/^E_PATH_FORBIDDEN: /);
    expect((await engine.list())).toEqual([]);

    const tree = await client.callTool({ name: "ingest", arguments: { path: "." } });
    expect(tree.isError).toBeFalsy();
    expect((await engine.list()).map((d) => d.docId).sort()).toEqual(["cat", "notes"]);
    const skipped = (tree.structuredContent as { skippedPaths: { path: string; reason: string }[] }).skippedPaths;
    const reasons = Object.fromEntries(skipped.map((s) => [s.path.slice(dir.length), s.reason]));
    expect(reasons).toEqual({
      "/.env": "hidden",
      "/.ssh": "hidden",
      "/docs/elsewhere": "link leads outside the allowed roots",
      "/docs/secret.txt": "link leads outside the allowed roots",
    });
  });

  it("reads only under --allow directories, and under the client's roots when it declares them", async () => {
    const allowDocs = await connect(engine, { cwd: outside, allow: [join(dir, "docs")] });
    expect(textOf(await allowDocs.callTool({ name: "ingest", arguments: { path: join(dir, "notes.md") } }))).toMatch(/^E_PATH_FORBIDDEN: /);
    expect(textOf(await allowDocs.callTool({ name: "ingest", arguments: { path: join(outside, "secret.txt") } }))).toMatch(/^E_PATH_FORBIDDEN: /);
    expect((await allowDocs.callTool({ name: "ingest", arguments: { path: join(dir, "docs", "cat.txt") } })).isError).toBeFalsy();

    const clientRoots = await connect(engine, { cwd: outside }, [join(dir, "docs")]);
    expect(textOf(await clientRoots.callTool({ name: "ingest", arguments: { path: join(outside, "secret.txt") } }))).toMatch(/^E_PATH_FORBIDDEN: /);
    expect(textOf(await clientRoots.callTool({ name: "ingest", arguments: { path: join(dir, "notes.md") } }))).toMatch(/^E_PATH_FORBIDDEN: /);

    const both = await connect(engine, { cwd: dir, allow: [dir] }, [outside]);
    // Under an --allow directory but not under a client root, and the other way round: refused.
    expect(textOf(await both.callTool({ name: "ingest", arguments: { path: join(dir, "notes.md") } }))).toMatch(/^E_PATH_FORBIDDEN: /);
    expect(textOf(await both.callTool({ name: "ingest", arguments: { path: join(outside, "secret.txt") } }))).toMatch(/^E_PATH_FORBIDDEN: /);
    expect((await engine.list()).map((d) => d.docId)).toEqual(["cat"]);
  });
});
