/**
 * An OpenAI-compatible face of the store: `POST /v1/chat/completions` (whole, or streamed as
 * Server-Sent Events of `chat.completion.chunk` objects ending with `data: [DONE]`) and
 * `GET /v1/models`. The last user message is the question; the answer comes from the store
 * with its citations as a sources block at the end of the message, so chat front ends that
 * speak this protocol can use a Pecan store as a model. Model `pecan` asks the whole store,
 * `pecan:<docId>` one document.
 */
import { randomUUID } from "node:crypto";
import { Hono } from "hono";
import {
  askJson,
  countTokens,
  ChatCompletionRequest,
  UsageError,
  type AskResultJson,
  type ChatCompletionChunkJson,
  type ChatCompletionJson,
  type ChatMessageJson,
  type Engine,
  type ModelListJson,
} from "../index.js";
import { errorBody } from "./errors.js";
import { readJson } from "./schemas.js";
import { createActivity, type Activity } from "./ingest-queue.js";

/** The model id that asks the whole store; `pecan:<docId>` asks one document. */
export const PECAN_MODEL = "pecan";

/** Named defaults of the sources block. */
export const DEFAULT_SOURCES = Object.freeze({
  /** Citations listed at most. */
  maxSources: 8,
  /** Characters of each citation's text quoted. */
  quoteChars: 240,
});

/** The text of a message: a string, or its text parts joined. */
function textOf(message: ChatMessageJson): string {
  const { content } = message;
  if (typeof content === "string") return content;
  if (!content) return "";
  return content.flatMap((part) => (part.type === "text" && part.text !== undefined ? [part.text] : [])).join("\n");
}

/** The question of a conversation: its last user message. */
export function questionOf(messages: readonly ChatMessageJson[]): string {
  for (let i = messages.length - 1; i >= 0; i -= 1) {
    const message = messages[i]!;
    if (message.role === "user") {
      const text = textOf(message).trim();
      if (text.length === 0) throw new UsageError("the last user message has no text");
      return text;
    }
  }
  throw new UsageError("the conversation has no user message");
}

/**
 * The sources block of an answer: one numbered line per citation, with the document, the
 * character range (and page) and a quote.
 * @example sourcesBlock(result) // "\n\nSources:\n[1] log 120-184: \"The fog horn ...\""
 */
export function sourcesBlock(result: AskResultJson): string {
  const lines = result.citations.slice(0, DEFAULT_SOURCES.maxSources).map((c, i) => {
    const quote = c.text.replace(/\s+/g, " ").trim();
    const cut = quote.length > DEFAULT_SOURCES.quoteChars ? `${quote.slice(0, DEFAULT_SOURCES.quoteChars)}…` : quote;
    const page = c.page !== undefined ? `, p. ${c.page}` : "";
    return `[${i + 1}] ${c.docId} ${c.start}-${c.end}${page}: "${cut}"`;
  });
  return lines.length > 0 ? `\n\nSources:\n${lines.join("\n")}` : "";
}

function docIdsOf(engine: Engine, model: string): string[] | undefined {
  if (!model.startsWith(`${PECAN_MODEL}:`)) return undefined;
  const docId = model.slice(PECAN_MODEL.length + 1);
  if (docId.length === 0) throw new UsageError(`the model ${model} names no document`);
  return [docId];
}

function chunk(id: string, created: number, model: string, delta: ChatCompletionChunkJson["choices"][number]["delta"], finish: "stop" | null): string {
  const body: ChatCompletionChunkJson = { id, object: "chat.completion.chunk", created, model, choices: [{ index: 0, delta, finish_reason: finish, logprobs: null }] };
  return `data: ${JSON.stringify(body)}\n\n`;
}

/**
 * The `/v1` routes.
 * @example app.route("/v1", openAiRoutes(engine));
 */
export function openAiRoutes(engine: Engine, questions: Activity = createActivity()): Hono {
  const routes = new Hono();

  routes.get("/models", async (c) => {
    const body: ModelListJson = {
      object: "list",
      data: [
        { id: PECAN_MODEL, object: "model", created: 0, owned_by: "pecan" },
        ...(await engine.list()).map((d) => ({ id: `${PECAN_MODEL}:${d.docId}`, object: "model" as const, created: Math.floor(Date.parse(d.createdAt) / 1000) || 0, owned_by: "pecan" })),
      ],
    };
    return c.json(body);
  });

  routes.post("/chat/completions", async (c) => {
    const end = questions.begin();
    let streaming = false;
    try {
      const body = await readJson(c, ChatCompletionRequest);
      const question = questionOf(body.messages);
      const docIds = docIdsOf(engine, body.model);
      if (!docIds && (await engine.count()) === 0) throw new UsageError("the store has no documents; upload one with POST /documents first");
      const options = { ...(docIds ? { docIds } : {}), signal: c.req.raw.signal };
      const id = `chatcmpl-${randomUUID()}`;
      const created = Math.floor(Date.now() / 1000);
      if (body.stream !== true) {
        const result = askJson(await engine.ask(question, options));
        const content = `${result.answer}${sourcesBlock(result)}`;
        const completion_tokens = countTokens(content);
        const prompt_tokens = countTokens(question) + result.cost.tokensRead;
        const reply: ChatCompletionJson = {
          id,
          object: "chat.completion",
          created,
          model: body.model,
          choices: [{ index: 0, message: { role: "assistant", content, refusal: null }, finish_reason: "stop", logprobs: null }],
          usage: { prompt_tokens, completion_tokens, total_tokens: prompt_tokens + completion_tokens },
          pecan: result,
        };
        return c.json(reply);
      }
      const events = engine.askStream(question, options)[Symbol.asyncIterator]();
      const first = await events.next(); // a bad docId is a plain HTTP error, not a broken stream
      streaming = true;
      const encoder = new TextEncoder();
      const stream = new ReadableStream<Uint8Array>({
        async start(controller) {
          let open = true;
          const send = (text: string): void => {
            if (!open) return;
            try {
              controller.enqueue(encoder.encode(text));
            } catch {
              open = false; // the client went away
            }
          };
          send(chunk(id, created, body.model, { role: "assistant", content: "" }, null));
          let streamed = "";
          try {
            for (let next = first; !next.done; next = await events.next()) {
              const event = next.value;
              if (event.type === "answer-delta") {
                streamed += event.text;
                send(chunk(id, created, body.model, { content: event.text }, null));
              } else if (event.type === "done") {
                const result = askJson(event.result);
                const rest = result.answer.startsWith(streamed) ? result.answer.slice(streamed.length) : "";
                send(chunk(id, created, body.model, { content: `${rest}${sourcesBlock(result)}` }, null));
                send(chunk(id, created, body.model, {}, "stop"));
                break;
              }
            }
          } catch (error) {
            if (!c.req.raw.signal.aborted) send(`data: ${JSON.stringify(errorBody(error))}\n\n`);
          } finally {
            end();
          }
          if (!c.req.raw.signal.aborted) send("data: [DONE]\n\n");
          if (open) controller.close();
        },
        cancel() {
          events.return?.()?.catch(() => undefined);
        },
      });
      return c.body(stream, 200, { "Content-Type": "text/event-stream; charset=utf-8", "Cache-Control": "no-cache, no-transform", "X-Accel-Buffering": "no" });
    } finally {
      if (!streaming) end();
    }
  });

  return routes;
}
