import { readFileSync } from "node:fs";
import { Validator } from "@seriousme/openapi-schema-validator";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createEngine, PECAN_VERSION } from "../index.js";
import { createApp } from "./app.js";
import { openApiDocument } from "./openapi.js";

const Doc = z.object({
  openapi: z.string(),
  info: z.object({ version: z.string() }),
  paths: z.record(z.string(), z.record(z.string(), z.object({ operationId: z.string() }))),
  components: z.object({ schemas: z.record(z.string(), z.object({ type: z.string().optional(), required: z.array(z.string()).optional() }).loose()) }),
  security: z.array(z.unknown()).optional(),
});

describe("GET /openapi.json", () => {
  it("serves a valid OpenAPI 3.1 document that lists /ask with the contract's shapes", async () => {
    const engine = createEngine({ dbPath: ":memory:" });
    const res = await createApp(engine, { log: () => undefined }).request("/openapi.json");
    expect(res.status).toBe(200);
    const body: unknown = await res.json();
    const validator = new Validator();
    const result = await validator.validate(z.record(z.string(), z.unknown()).parse(body));
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(() => validator.resolveRefs()).not.toThrow(); // every $ref names a component
    const doc = Doc.parse(body);
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.paths["/ask"]?.post?.operationId).toBe("ask");
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(["/documents", "/documents/{id}", "/ask/stream", "/v1/chat/completions", "/v1/models"]));
    const ask = doc.components.schemas.AskResult!;
    expect(ask.required).toEqual(expect.arrayContaining(["answer", "found", "confidence", "citations", "context", "trace", "cost"]));
    // Request bodies are described as input: a strict object refuses unknown fields.
    expect(doc.components.schemas.AskRequest).toMatchObject({ additionalProperties: false, required: ["question"] });
    expect(doc.security).toBeUndefined();
    await engine.close();
  });

  it("asks for the bearer token when the server has one, and carries the package's version", async () => {
    const doc = Doc.parse(openApiDocument({ token: true }));
    expect(doc.security).toEqual([{ bearer: [] }]);
    const pkg = z.object({ version: z.string() }).parse(JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")));
    expect(doc.info.version).toBe(pkg.version);
    expect(PECAN_VERSION).toBe(pkg.version);
  });
});
