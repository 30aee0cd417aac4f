/**
 * The events of a streamed question (`POST /ask/stream` as Server-Sent Events): `walk-step` for
 * every node read, `answer-delta` as the answer is written, then `done` with the `ask --json`
 * object, or `error`. Each event is `{ event, data }`: the SSE `event:` name and the JSON of
 * its `data:` line.
 */
import { z } from "zod";
import { AskResultJson, ErrorJson } from "./schemas.js";

/** The data of a `walk-step` event; `n` numbers the steps from 1. */
export const WalkStepJson = z.object({
  n: z.number().int().positive(),
  docId: z.string().min(1),
  nodeId: z.string().min(1),
  level: z.number().int().nonnegative(),
  score: z.number(),
  tokens: z.number().int().nonnegative(),
  text: z.string(),
  /** The judge's probability that what has been read is enough, when it gives one. */
  probability: z.number().min(0).max(1).optional(),
});
export type WalkStepJson = z.infer<typeof WalkStepJson>;

/** The data of an `answer-delta` event: the next piece of the answer. */
export const AnswerDeltaJson = z.object({ text: z.string() });
export type AnswerDeltaJson = z.infer<typeof AnswerDeltaJson>;

/** One event of a streamed question. */
export const StreamEvent = z.discriminatedUnion("event", [
  z.object({ event: z.literal("walk-step"), data: WalkStepJson }),
  z.object({ event: z.literal("answer-delta"), data: AnswerDeltaJson }),
  z.object({ event: z.literal("done"), data: AskResultJson }),
  z.object({ event: z.literal("error"), data: ErrorJson }),
]);
export type StreamEvent = z.infer<typeof StreamEvent>;

/** The names of the stream's events. */
export type StreamEventName = StreamEvent["event"];
