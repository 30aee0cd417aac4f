import { describe, expect, it } from "vitest";
import type { z } from "zod";
import {
  askJson,
  asDocId,
  createEngine,
  documentJson,
  ingestJson,
  inspectJson,
  listItemJson,
  summaryJson,
  AskResultJson,
  DocumentJson,
  DocumentSummaryJson,
  ErrorJson,
  IngestJson,
  InspectJson,
  ListItemJson,
  StreamEvent,
  type LoadedDocument,
} from "../index.js";

const filler = (n: number): string =>
  Array.from({ length: n }, (_, i) => `Paragraph ${i + 1} of the log records routine weather number ${i * 7 + 3}.`).join(" ");

const log: LoadedDocument = {
  docId: asDocId("log"),
  title: "Keeper's log",
  text: `${filler(30)}\n\nThe fog horn sounded for eleven hours on the night of the storm.\n\n${filler(30)}`,
  source: "test",
};

/** Parses with the schema and checks nothing was dropped: every field the engine writes is declared. */
function expectExactly<S extends z.ZodType>(schema: S, value: unknown): void {
  expect(schema.parse(value)).toEqual(value);
}

describe("the contract", () => {
  it("declares every field of what the engine's JSON functions write", async () => {
    const engine = createEngine({ dbPath: ":memory:" });
    const report = await engine.ingestDocuments([log]);
    expectExactly(IngestJson, ingestJson(report));
    const summary = (await engine.list())[0]!;
    expectExactly(ListItemJson, listItemJson(summary));
    expectExactly(DocumentSummaryJson, summaryJson(summary));
    expectExactly(DocumentJson, documentJson((await engine.store.getDocument(log.docId))!, summary));
    expectExactly(InspectJson, inspectJson(await engine.inspect(log.docId)));
    const answer = askJson(await engine.ask("How long did the fog horn sound?", { docIds: [log.docId] }));
    expectExactly(AskResultJson, answer);
    expect(answer.citations.length).toBeGreaterThan(0);
    await engine.close();
  });

  it("refuses what breaks a shape", () => {
    expect(ErrorJson.safeParse({ error: { code: "E_NOT_FOUND", message: "no document x" } }).success).toBe(true);
    expect(ErrorJson.safeParse({ error: { code: "E_MADE_UP", message: "x" } }).success).toBe(false);
    expect(StreamEvent.safeParse({ event: "walk-step", data: { text: "x" } }).success).toBe(false);
    expect(AskResultJson.shape.trace.shape.stop.safeParse("tired").success).toBe(false);
  });
});
