import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEngine, DocumentListJson, ERROR_CODES, ErrorJson, type Engine } from "../index.js";
import { createApp } from "./app.js";
import { isLoopbackHost, TOKEN_COOKIE, tokenMatches } from "./auth.js";
import { statusOf, type ServerErrorCode } from "./errors.js";
import { handbookText } from "../testing/server-fixtures.js";
import type { Hono } from "hono";

const TOKEN = "correct horse battery staple";

/** Every route, with a body where it takes one. */
const ROUTES: readonly { method: string; path: string; body?: () => string | FormData; type?: string }[] = [
  { method: "GET", path: "/" },
  { method: "GET", path: "/app.js" },
  { method: "GET", path: "/style.css" },
  { method: "GET", path: "/favicon.svg" },
  { method: "GET", path: "/health" },
  { method: "GET", path: "/documents" },
  { method: "POST", path: "/documents", body: () => JSON.stringify({ text: "The stove is lit at dusk." }), type: "application/json" },
  {
    method: "POST",
    path: "/documents",
    body: () => {
      const form = new FormData();
      form.append("file", new Blob(["The stove is lit at dusk."]), "stove.txt");
      return form;
    },
  },
  { method: "GET", path: "/documents/handbook" },
  { method: "GET", path: "/documents/handbook/graph" },
  { method: "DELETE", path: "/documents/handbook" },
  { method: "POST", path: "/ask", body: () => JSON.stringify({ question: "How often is the lens cleaned?" }), type: "application/json" },
  { method: "POST", path: "/ask/stream", body: () => JSON.stringify({ question: "How often is the lens cleaned?" }), type: "application/json" },
  { method: "GET", path: "/no-such-route" },
];

function requestOf(route: (typeof ROUTES)[number], headers: Record<string, string> = {}, query = ""): [string, RequestInit] {
  return [
    `${route.path}${query}`,
    {
      method: route.method,
      headers: { ...(route.type ? { "Content-Type": route.type } : {}), ...headers },
      ...(route.body ? { body: route.body() } : {}),
    },
  ];
}

describe("the bearer token", () => {
  let engine: Engine;
  let app: Hono;

  beforeAll(async () => {
    engine = createEngine({ dbPath: ":memory:" });
    app = createApp(engine, { token: TOKEN, log: () => undefined });
    const res = await app.request("/documents", {
      method: "POST",
      headers: { Authorization: `Bearer ${TOKEN}`, "Content-Type": "application/json" },
      body: JSON.stringify({ text: handbookText(), docId: "handbook" }),
    });
    expect(res.status).toBe(201);
  });
  afterAll(() => engine.close());

  const refusals: readonly [string, Record<string, string>, string][] = [
    ["no token", {}, ""],
    ["a wrong bearer token", { Authorization: "Bearer wrong" }, ""],
    ["a bearer token with a different case", { Authorization: `Bearer ${TOKEN.toUpperCase()}` }, ""],
    ["an empty bearer token", { Authorization: "Bearer " }, ""],
    ["basic credentials", { Authorization: `Basic ${Buffer.from(`x:${TOKEN}`).toString("base64")}` }, ""],
    ["a wrong ?token=", {}, "?token=wrong"],
    ["a wrong cookie", { Cookie: `${TOKEN_COOKIE}=wrong` }, ""],
  ];

  for (const [what, headers, query] of refusals) {
    it(`refuses ${what} on every route, before doing anything`, async () => {
      for (const route of ROUTES) {
        const res = await app.request(...requestOf(route, headers, query));
        expect(res.status, `${route.method} ${route.path}`).toBe(401);
        expect(ErrorJson.parse(await res.json()).error.code).toBe("E_UNAUTHORIZED");
        expect(res.headers.get("www-authenticate")).toBe('Bearer realm="pecan"');
      }
      const list = await app.request("/documents", { headers: { Authorization: `Bearer ${TOKEN}` } });
      expect(DocumentListJson.parse(await list.json()).map((d) => d.docId)).toEqual(["handbook"]);
    });
  }

  it("lets the right bearer token through on every route", async () => {
    for (const route of ROUTES.filter((r) => r.method !== "DELETE")) {
      const res = await app.request(...requestOf(route, { Authorization: `Bearer ${TOKEN}` }));
      expect(res.status, `${route.method} ${route.path}`).not.toBe(401);
      if (route.path !== "/no-such-route") expect(res.status, `${route.method} ${route.path}`).toBeLessThan(300);
    }
  });

  it("takes ?token= once, then a session cookie that is HttpOnly and SameSite=Strict", async () => {
    const page = await app.request(`/?token=${encodeURIComponent(TOKEN)}`);
    expect(page.status).toBe(200);
    const cookie = page.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(new RegExp(`^${TOKEN_COOKIE}=`));
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect(cookie).toMatch(/Path=\//);
    const pair = cookie.split(";")[0]!;
    expect((await app.request("/app.js", { headers: { Cookie: pair } })).status).toBe(200);
    const ask = await app.request("/ask", {
      method: "POST",
      headers: { Cookie: pair, "Content-Type": "application/json", Origin: "http://localhost", Host: "localhost" },
      body: JSON.stringify({ question: "How often is the lens cleaned?" }),
    });
    expect(ask.status).toBe(200);
  });

  it("refuses a cross-origin request that changes something with only the cookie", async () => {
    const pair = `${TOKEN_COOKIE}=${encodeURIComponent(TOKEN)}`;
    const res = await app.request("/documents/handbook", { method: "DELETE", headers: { Cookie: pair, Origin: "http://evil.example" } });
    expect(res.status).toBe(403); // refused as cross-site before the token is even looked at
    expect(ErrorJson.parse(await res.json()).error.code).toBe("E_UNAUTHORIZED");
    expect((await app.request("/documents/handbook", { headers: { Cookie: pair } })).status).toBe(200);
  });
});

describe("loopback-only hosts", () => {
  it("refuses a Host header that is not a loopback name (DNS rebinding)", async () => {
    const engine = createEngine({ dbPath: ":memory:" });
    const app = createApp(engine, { loopbackOnly: true });
    const bad = await app.request("http://evil.example:8080/documents");
    expect(bad.status).toBe(403);
    expect(ErrorJson.parse(await bad.json()).error.code).toBe("E_UNAUTHORIZED");
    for (const host of ["127.0.0.1:8080", "localhost:8080", "[::1]:8080", "localhost"]) {
      const res = await app.request("/documents", { headers: { Host: host } });
      expect(res.status, host).toBe(200);
    }
    await engine.close();
  });

  it("knows which hosts are loopback", async () => {
    expect(["127.0.0.1", "127.8.9.10", "localhost", "::1", "[::1]", "app.localhost"].every(isLoopbackHost)).toBe(true);
    expect(["0.0.0.0", "10.0.0.1", "example.com", "localhost.example.com", "128.0.0.1"].some(isLoopbackHost)).toBe(false);
  });
});

describe("tokens and statuses", () => {
  it("compares tokens exactly", async () => {
    expect(tokenMatches("abc", "abc")).toBe(true);
    expect(tokenMatches("abc", "abcd")).toBe(false);
    expect(tokenMatches("abc", "")).toBe(false);
    expect(tokenMatches("abc", undefined)).toBe(false);
  });

  it("gives every error code a fitting status", async () => {
    const codes = [...Object.keys(ERROR_CODES), "E_UNAUTHORIZED"] as ServerErrorCode[];
    for (const code of codes) {
      const status = statusOf(code);
      expect(status, code).toBeGreaterThanOrEqual(400);
      expect(status, code).toBeLessThan(600);
      if (code.startsWith("E_INPUT_") && code !== "E_INPUT_TOO_LARGE" && code !== "E_INPUT_UNSUPPORTED") expect(status).toBe(400);
    }
    expect(statusOf("E_BAD_FLAG")).toBe(400);
    expect(statusOf("E_INPUT_TOO_LARGE")).toBe(413);
    expect(statusOf("E_NOT_FOUND")).toBe(404);
    expect(statusOf("E_UNAUTHORIZED")).toBe(401);
    expect(statusOf("E_PROVIDER")).toBe(502);
    expect(statusOf("E_INTERNAL")).toBe(500);
  });
});
