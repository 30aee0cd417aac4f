/**
 * The OpenAI chat-completions wire shapes `pecan serve` speaks at `/v1` (the subset chat front
 * ends use), so a Pecan store can stand in for a model. Requests are loose: clients send many
 * fields (temperature, tools, ...) that a store has no use for, and they are ignored.
 */
import { z } from "zod";
import { AskResultJson } from "./schemas.js";

/** A content part of a message; only text parts carry anything a store can answer. */
export const ChatContentPart = z.looseObject({ type: z.string(), text: z.string().optional() });
export type ChatContentPart = z.infer<typeof ChatContentPart>;

/** One message of the conversation. */
export const ChatMessageJson = z.looseObject({
  role: z.enum(["system", "developer", "user", "assistant", "tool", "function"]),
  content: z.union([z.string(), z.array(ChatContentPart), z.null()]).optional(),
});
export type ChatMessageJson = z.infer<typeof ChatMessageJson>;

/** `POST /v1/chat/completions`. */
export const ChatCompletionRequest = z.looseObject({
  model: z.string().min(1),
  messages: z.array(ChatMessageJson).min(1, "messages is empty").max(1000),
  stream: z.boolean().nullish(),
});
export type ChatCompletionRequest = z.infer<typeof ChatCompletionRequest>;

/** Token counts of a completion. */
export const ChatUsageJson = z.object({ prompt_tokens: z.number().int().nonnegative(), completion_tokens: z.number().int().nonnegative(), total_tokens: z.number().int().nonnegative() });
export type ChatUsageJson = z.infer<typeof ChatUsageJson>;

/** A whole chat completion; `pecan` carries the `ask --json` object the message was written from. */
export const ChatCompletionJson = z.object({
  id: z.string(),
  object: z.literal("chat.completion"),
  created: z.number().int(),
  model: z.string(),
  choices: z.array(
    z.object({
      index: z.number().int().nonnegative(),
      message: z.object({ role: z.literal("assistant"), content: z.string(), refusal: z.null() }),
      finish_reason: z.literal("stop"),
      logprobs: z.null(),
    }),
  ),
  usage: ChatUsageJson,
  pecan: AskResultJson.optional(),
});
export type ChatCompletionJson = z.infer<typeof ChatCompletionJson>;

/** One chunk of a streamed completion (each `data:` line; the stream ends with `data: [DONE]`). */
export const ChatCompletionChunkJson = z.object({
  id: z.string(),
  object: z.literal("chat.completion.chunk"),
  created: z.number().int(),
  model: z.string(),
  choices: z.array(
    z.object({
      index: z.number().int().nonnegative(),
      delta: z.object({ role: z.literal("assistant").optional(), content: z.string().optional() }),
      finish_reason: z.literal("stop").nullable(),
      logprobs: z.null(),
    }),
  ),
});
export type ChatCompletionChunkJson = z.infer<typeof ChatCompletionChunkJson>;

/** `GET /v1/models`. */
export const ModelListJson = z.object({
  object: z.literal("list"),
  data: z.array(z.object({ id: z.string(), object: z.literal("model"), created: z.number().int(), owned_by: z.string() })),
});
export type ModelListJson = z.infer<typeof ModelListJson>;
