/**
 * Server-Sent Events parser over a byte stream, after the WHATWG HTML standard, section
 * 9.2.6 "Interpreting an event stream": lines end in CRLF, LF or CR; `data:` lines of one
 * event join with "\n"; a blank line dispatches; lines starting with ":" are comments.
 */

/** One dispatched event. `event` is "message" unless the stream named it. */
export interface SseEvent {
  readonly event: string;
  readonly data: string;
}

/**
 * Parses events from a stream of UTF-8 chunks. An event still open when the stream ends is
 * dropped, as the standard says. `onChunk` is told of every chunk (to reset idle timers).
 * @example for await (const e of parseSse(response.body)) console.log(e.data)
 */
export async function* parseSse(
  body: AsyncIterable<Uint8Array> | ReadableStream<Uint8Array>,
  onChunk?: () => void,
): AsyncGenerator<SseEvent> {
  const decoder = new TextDecoder("utf-8");
  let buffer = "";
  let data: string[] = [];
  let event = "";
  let pendingCR = false;
  const source = Symbol.asyncIterator in body ? body : readerIterable(body);
  for await (const chunk of source) {
    onChunk?.();
    let text = decoder.decode(chunk, { stream: true });
    // A CR ended the previous chunk: an LF starting this one belongs to the same line end.
    if (pendingCR && text.startsWith("\n")) text = text.slice(1);
    if (text.length > 0) pendingCR = false;
    buffer += text;
    let start = 0;
    for (let i = 0; i < buffer.length; i++) {
      const c = buffer[i];
      if (c !== "\n" && c !== "\r") continue;
      const line = buffer.slice(start, i);
      if (c === "\r") {
        if (i + 1 < buffer.length) {
          if (buffer[i + 1] === "\n") i += 1;
        } else {
          pendingCR = true;
        }
      }
      start = i + 1;
      if (line === "") {
        if (data.length > 0) yield { event: event === "" ? "message" : event, data: data.join("\n") };
        data = [];
        event = "";
        continue;
      }
      if (line.startsWith(":")) continue;
      const colon = line.indexOf(":");
      const field = colon < 0 ? line : line.slice(0, colon);
      let value = colon < 0 ? "" : line.slice(colon + 1);
      if (value.startsWith(" ")) value = value.slice(1);
      if (field === "data") data.push(value);
      else if (field === "event") event = value;
    }
    buffer = buffer.slice(start);
  }
}

async function* readerIterable(stream: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}
