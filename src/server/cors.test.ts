import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createEngine, type Engine } from "../index.js";
import { createApp } from "./app.js";
import { corsOrigin } from "./cors.js";

const SITE = "http://localhost:5173";
const preflight = (origin: string): RequestInit => ({
  method: "OPTIONS",
  headers: { Origin: origin, "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "authorization,content-type" },
});

describe("CORS", () => {
  let engine: Engine;
  beforeEach(() => {
    engine = createEngine({ dbPath: ":memory:" });
  });
  afterEach(() => engine.close());

  it("is off by default: no origin is allowed, and a preflight is not answered", async () => {
    const app = createApp(engine, { log: () => undefined });
    const res = await app.request("/health", { headers: { Origin: SITE } });
    expect(res.status).toBe(200);
    expect(res.headers.get("Access-Control-Allow-Origin")).toBeNull();
    const pre = await app.request("/ask", preflight(SITE));
    expect(pre.headers.get("Access-Control-Allow-Origin")).toBeNull();
    expect(pre.status).toBe(404);
  });

  it("with one origin: answers its preflight without the token, and still asks for the token on the request", async () => {
    const app = createApp(engine, { token: "s3cret", corsOrigin: SITE, log: () => undefined });
    const pre = await app.request("/ask", preflight(SITE));
    expect(pre.status).toBe(204);
    expect(pre.headers.get("Access-Control-Allow-Origin")).toBe(SITE);
    expect(pre.headers.get("Access-Control-Allow-Methods")).toContain("POST");
    expect(pre.headers.get("Access-Control-Allow-Headers")?.toLowerCase()).toContain("authorization");
    const ok = await app.request("/documents", { headers: { Origin: SITE, Authorization: "Bearer s3cret" } });
    expect(ok.status).toBe(200);
    expect(ok.headers.get("Access-Control-Allow-Origin")).toBe(SITE);
    const refused = await app.request("/documents", { headers: { Origin: SITE } });
    expect(refused.status).toBe(401);
  });

  it("lets no other origin in", async () => {
    const app = createApp(engine, { corsOrigin: SITE, log: () => undefined });
    for (const origin of ["http://localhost:5174", "https://localhost:5173", "http://evil.example"]) {
      const pre = await app.request("/ask", preflight(origin));
      expect(pre.headers.get("Access-Control-Allow-Origin")).toBeNull();
      const res = await app.request("/health", { headers: { Origin: origin } });
      expect(res.headers.get("Access-Control-Allow-Origin")).toBeNull();
    }
  });

  it("takes an origin only: scheme, host and port", () => {
    expect(corsOrigin("http://localhost:5173/")).toBe(SITE);
    expect(corsOrigin("https://app.example.org")).toBe("https://app.example.org");
    for (const bad of ["*", "localhost:5173", "http://localhost:5173/page", "file:///tmp/x", "http://u:p@host"]) {
      expect(() => corsOrigin(bad), bad).toThrow(expect.objectContaining({ code: "E_BAD_FLAG" }));
    }
  });
});
