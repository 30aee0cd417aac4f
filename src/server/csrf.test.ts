import { describe, expect, it } from "vitest";
import { createEngine } from "../index.js";
import { createApp } from "./app.js";
import { crossSiteReason } from "./csrf.js";

const HOST = "127.0.0.1:8080";

describe("cross-site request refusal", () => {
  it("lets safe methods, same-origin pages and clients without browser headers through", () => {
    expect(crossSiteReason({ method: "GET", origin: "https://evil.example", fetchSite: "cross-site", host: HOST })).toBeUndefined();
    expect(crossSiteReason({ method: "POST", host: HOST })).toBeUndefined();
    expect(crossSiteReason({ method: "POST", origin: "http://127.0.0.1:8080", fetchSite: "same-origin", host: HOST })).toBeUndefined();
    expect(crossSiteReason({ method: "DELETE", fetchSite: "none", host: HOST })).toBeUndefined();
  });

  it("refuses state changes that a browser says come from elsewhere", () => {
    expect(crossSiteReason({ method: "POST", origin: "https://evil.example", host: HOST })).toMatch(/--cors https:\/\/evil\.example/);
    expect(crossSiteReason({ method: "POST", fetchSite: "cross-site", host: HOST })).toBeDefined();
    // Another port of the same machine is another origin, though the same site.
    expect(crossSiteReason({ method: "POST", origin: "http://127.0.0.1:3000", fetchSite: "same-site", host: HOST })).toBeDefined();
    expect(crossSiteReason({ method: "DELETE", origin: "null", host: HOST })).toBeDefined();
    expect(crossSiteReason({ method: "PUT", origin: "not a url", host: HOST })).toBeDefined();
  });

  it("lets an allowed origin through", () => {
    const allowed = new Set(["https://app.example"]);
    expect(crossSiteReason({ method: "POST", origin: "https://app.example", fetchSite: "cross-site", host: HOST }, allowed)).toBeUndefined();
    expect(crossSiteReason({ method: "POST", origin: "https://app.example.evil", host: HOST }, allowed)).toBeDefined();
  });

  it("guards every state-changing route of the app, token or not", async () => {
    const engine = createEngine({ dbPath: ":memory:" });
    const app = createApp(engine, { allowedOrigins: ["https://app.example"] });
    const form = (): FormData => {
      const data = new FormData();
      data.append("file", new Blob(["The harbour lantern was repaired in 1874 by the guild."]), "planted.txt");
      return data;
    };
    const evil = { Origin: "https://evil.example", "Sec-Fetch-Site": "cross-site", Host: HOST };
    const refused = await app.request("http://127.0.0.1:8080/documents", { method: "POST", body: form(), headers: evil });
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("E_UNAUTHORIZED");
    expect((await engine.list())).toEqual([]);
    const plain = await app.request("http://127.0.0.1:8080/documents", { method: "POST", body: form(), headers: { Host: HOST } });
    expect(plain.status).toBe(201);
    expect((await engine.list()).map((d) => d.docId)).toEqual(["planted"]);
    const removal = await app.request("http://127.0.0.1:8080/documents/planted", { method: "DELETE", headers: evil });
    expect(removal.status).toBe(403);
    const ask = await app.request("http://127.0.0.1:8080/ask", {
      method: "POST",
      body: JSON.stringify({ question: "When was the lantern repaired?" }),
      headers: { "Content-Type": "application/json", Origin: "https://app.example", Host: HOST },
    });
    expect(ask.status).toBe(200);
    expect((await engine.list())).toHaveLength(1);
    await engine.close();
  });
});
