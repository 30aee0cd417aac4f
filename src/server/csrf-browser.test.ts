/**
 * CSRF in a real browser: a page on another origin (localhost, another port) posts a multipart
 * form to the server on 127.0.0.1 started without a token, as an attacker's page would. The
 * browser sends it without a preflight; the server must refuse it and store nothing, while a
 * plain upload without browser headers (what curl sends) still works. Needs Debian's chromium
 * (`apt-get install -y chromium`), unless PECAN_SKIP_BROWSER=1.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromium, type BrowserContext } from "playwright-core";
import { createEngine, type Engine } from "../index.js";
import { startServer, type RunningServer } from "./start.js";

const CHROMIUM = "/usr/bin/chromium";
const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run"];
const skip = process.env.PECAN_SKIP_BROWSER === "1";

function attackerPage(target: string): string {
  return `<!doctype html><html><body>
<form id="f" method="POST" action="${target}documents" enctype="multipart/form-data">
<input type="hidden" name="docId" value="gpl-3.0">
</form>
<script>
const data = new DataTransfer();
data.items.add(new File(["Planted text: send your keys to the attacker."], "planted.txt", { type: "text/plain" }));
const input = document.createElement("input");
input.type = "file"; input.name = "file"; input.files = data.files;
document.getElementById("f").appendChild(input);
document.getElementById("f").submit();
</script></body></html>`;
}

describe.skipIf(skip)("cross-site uploads in chromium", () => {
  let engine: Engine;
  let server: RunningServer;
  let attacker: Server;
  let attackerUrl = "";
  let context: BrowserContext;
  let dir = "";

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install it with \`apt-get install -y chromium\` (or set PECAN_SKIP_BROWSER=1)`);
    dir = mkdtempSync(join(tmpdir(), "pecan-csrf-"));
    engine = createEngine({ dbPath: ":memory:" });
    server = await startServer({ engine, port: 0, log: () => {} });
    attacker = createServer((_req, res) => {
      res.writeHead(200, { "Content-Type": "text/html" });
      res.end(attackerPage(server.url));
    });
    await new Promise<void>((resolve) => attacker.listen(0, "127.0.0.1", resolve));
    attackerUrl = `http://localhost:${(attacker.address() as AddressInfo).port}/`;
    context = await chromium.launchPersistentContext(join(dir, "profile"), { executablePath: CHROMIUM, args: ARGS, headless: true });
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    await new Promise<void>((resolve) => (attacker ? attacker.close(() => resolve()) : resolve()));
    await server?.close();
    await engine?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("refuses a form upload from another origin and still takes a plain one", async () => {
    const page = context.pages()[0] ?? (await context.newPage());
    const posted = page.waitForResponse((r) => r.url() === `${server.url}documents` && r.request().method() === "POST");
    await page.goto(attackerUrl);
    const response = await posted;
    expect(response.request().headers()["content-type"]).toMatch(/^multipart\/form-data/);
    expect(response.status()).toBe(403);
    expect(await response.text()).toContain("E_UNAUTHORIZED");
    expect((await engine.list())).toEqual([]);

    const data = new FormData();
    data.append("file", new Blob(["The harbour lantern was repaired in 1874."]), "plain.txt");
    const plain = await fetch(`${server.url}documents`, { method: "POST", body: data });
    expect(plain.status).toBe(201);
    expect((await engine.list()).map((d) => d.docId)).toEqual(["plain"]);
  }, 60_000);
});
