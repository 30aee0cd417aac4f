import OpenAI from "openai";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { asDocId, AskResultJson, ChatCompletionChunkJson, ChatCompletionJson, ModelListJson, createEngine, type Engine } from "../index.js";
import { startServer, type RunningServer } from "./start.js";
import { createApp } from "./app.js";
import { handbookText } from "../testing/server-fixtures.js";
import { questionOf } from "./openai-routes.js";

const QUESTION = "Who is the principal keeper?";

describe("the OpenAI-compatible endpoint, through the official openai client", () => {
  let engine: Engine;
  let server: RunningServer;
  let client: OpenAI;

  beforeEach(async () => {
    engine = createEngine({ dbPath: ":memory:" });
    await engine.ingestDocuments([{ docId: asDocId("handbook"), title: "Handbook", text: handbookText(), source: "test" }]);
    server = await startServer({ engine, host: "127.0.0.1", port: 0, token: "s3cret", log: () => undefined });
    client = new OpenAI({ baseURL: `${server.url}v1`, apiKey: "s3cret", maxRetries: 0 });
  });
  afterEach(async () => {
    await server.close();
    await engine.close();
  });

  it("answers the last user message from the store, with the citations as a sources block", async () => {
    const expected = AskResultJson.parse(JSON.parse(JSON.stringify(await engine.ask(QUESTION))));
    const completion = await client.chat.completions.create({
      model: "pecan",
      messages: [
        { role: "system", content: "You are helpful." },
        { role: "user", content: "An earlier question" },
        { role: "assistant", content: "An earlier answer" },
        { role: "user", content: QUESTION },
      ],
    });
    const body = ChatCompletionJson.parse(completion);
    const content = body.choices[0]!.message.content;
    expect(content.startsWith(expected.answer)).toBe(true);
    expect(content).toContain("\n\nSources:\n[1] handbook ");
    const first = expected.citations[0]!;
    expect(content).toContain(`[1] handbook ${first.start}-${first.end}`);
    expect(body.pecan?.citations).toEqual(expected.citations);
    expect(body.usage.total_tokens).toBe(body.usage.prompt_tokens + body.usage.completion_tokens);
  });

  it("streams chunks that add up to the same message, ending with stop", async () => {
    const whole = ChatCompletionJson.parse(await client.chat.completions.create({ model: "pecan:handbook", messages: [{ role: "user", content: QUESTION }] }));
    const stream = await client.chat.completions.create({ model: "pecan:handbook", messages: [{ role: "user", content: [{ type: "text", text: QUESTION }] }], stream: true });
    let text = "";
    const finishes: (string | null)[] = [];
    for await (const part of stream) {
      const parsed = ChatCompletionChunkJson.parse(part);
      text += parsed.choices[0]!.delta.content ?? "";
      finishes.push(parsed.choices[0]!.finish_reason);
    }
    expect(text).toBe(whole.choices[0]!.message.content);
    expect(finishes.at(-1)).toBe("stop");
    expect(finishes.slice(0, -1).every((f) => f === null)).toBe(true);
  });

  it("lists the models, and refuses a wrong key, an unknown document and a conversation without a user message", async () => {
    const models = ModelListJson.parse({ object: "list", data: (await client.models.list()).data });
    expect(models.data.map((m) => m.id)).toEqual(["pecan", "pecan:handbook"]);
    const wrong = new OpenAI({ baseURL: `${server.url}v1`, apiKey: "nope", maxRetries: 0 });
    await expect(wrong.models.list()).rejects.toMatchObject({ status: 401 });
    await expect(client.chat.completions.create({ model: "pecan:missing", messages: [{ role: "user", content: QUESTION }] })).rejects.toMatchObject({ status: 404 });
    await expect(client.chat.completions.create({ model: "pecan", messages: [{ role: "system", content: "hi" }] })).rejects.toMatchObject({ status: 400 });
  });
});

describe("the question of a conversation", () => {
  it("is the text of the last user message", () => {
    expect(questionOf([{ role: "user", content: "first" }, { role: "assistant", content: "x" }, { role: "user", content: [{ type: "text", text: "second" }, { type: "image_url" }] }])).toBe("second");
    expect(() => questionOf([{ role: "assistant", content: "x" }])).toThrow(/no user message/);
  });

  it("refuses a chat without documents in the store", async () => {
    const empty = createEngine({ dbPath: ":memory:" });
    const res = await createApp(empty, { log: () => undefined }).request("/v1/chat/completions", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ model: "pecan", messages: [{ role: "user", content: "hi" }] }),
    });
    expect(res.status).toBe(400);
    await empty.close();
  });
});
