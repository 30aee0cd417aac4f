/**
 * Server-Sent Events for a question: `walk-step` for every node read, `answer-delta` as the
 * answer is written, `done` with the `ask --json` object, or `error` with `{ error: { code,
 * message } }`. The stream is pulled, so a slow client slows the walk instead of piling up
 * events; a client that goes away cancels the stream, which aborts the walk.
 */
import type { AskEvent, AskResult, StreamEvent } from "../index.js";
import { errorBody } from "./errors.js";
import { askJson } from "./shapes.js";

/** One SSE message: `event:` and `data:` lines (data is JSON, so it holds no raw newline). */
export function sseMessage(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** The SSE message of a stream event of the contract. */
export function streamEventMessage(event: StreamEvent): string {
  return sseMessage(event.event, event.data);
}

/** The contract's stream event of one ask event; `step` numbers the walk's steps from 1. */
export function streamEventOf(event: AskEvent, step: number): StreamEvent {
  switch (event.type) {
    case "walk-step":
      return { event: "walk-step", data: { n: step, ...event.step, score: Math.round(event.step.score * 1e4) / 1e4 } };
    case "answer-delta":
      return { event: "answer-delta", data: { text: event.text } };
    case "done":
      return { event: "done", data: askJson(event.result) };
  }
}

/** The SSE message of one ask event; `step` numbers the walk's steps from 1. */
export function askEventMessage(event: AskEvent, step: number): string {
  return streamEventMessage(streamEventOf(event, step));
}

/**
 * A byte stream of SSE messages from a question's events. `first` is the event already pulled
 * (so errors before the walk starts become plain HTTP errors); `abort` is the controller whose
 * signal the walk was given; `onEnd` runs once when the stream ends, however it ends.
 */
export function askEventStream(
  events: AsyncIterator<AskEvent, AskResult>,
  first: IteratorResult<AskEvent, AskResult>,
  abort: AbortController,
  onEnd: () => void = () => undefined,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let pending: IteratorResult<AskEvent, AskResult> | undefined = first;
  let steps = 0;
  let finished = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (finished) return;
      let next: IteratorResult<AskEvent, AskResult>;
      try {
        next = pending ?? (await events.next());
        pending = undefined;
      } catch (error) {
        if (finished) return; // cancelled while the walk was running
        finished = true;
        onEnd();
        if (!abort.signal.aborted) controller.enqueue(encoder.encode(streamEventMessage({ event: "error", data: errorBody(error) })));
        controller.close();
        return;
      }
      if (finished) return;
      if (next.done) {
        finished = true;
        onEnd();
        controller.close();
        return;
      }
      if (next.value.type === "walk-step") steps += 1;
      controller.enqueue(encoder.encode(askEventMessage(next.value, steps)));
      if (next.value.type === "done") {
        finished = true;
        onEnd();
        controller.close();
      }
    },
    cancel() {
      finished = true;
      onEnd();
      abort.abort(new DOMException("the client went away", "AbortError"));
      // Ends the generator once its current step settles (the abort makes that quick).
      events.return?.()?.catch(() => undefined);
    },
  });
}
