/**
 * Pecan as tools of the Vercel AI SDK (`ai` 6, an optional peer dependency): `ask` answers with
 * citations, `searchPassages` returns the passages a walk reads for a query, `listDocuments`
 * lists the store. Inputs and outputs are the contract's zod schemas, so a model sees the same
 * shapes as `pecan ask --json` and `POST /ask`.
 */
import { tool } from "ai";
import { z } from "zod";
import { askJson, listItemJson, AskRequest, AskResultJson, DocIdJson, ListJson, PassagesJson, UsageError, type Engine } from "../index.js";

/** Named defaults of the tools. */
export const DEFAULT_AI_TOOLS = Object.freeze({
  /** Context tokens a search reads (a fill walk: the judge is not asked). */
  searchBudget: 1500,
  /** Passages a search returns at most. */
  searchLimit: 8,
});

/** Options of the tools. */
export interface PecanToolsOptions {
  /** Ask and search these documents only, whatever the model asks for. */
  readonly docIds?: readonly string[];
  /** Context tokens a question reads at most (the engine's default otherwise). */
  readonly budget?: number;
  /** Context tokens a search reads; default `DEFAULT_AI_TOOLS.searchBudget`. */
  readonly searchBudget?: number;
}

/** The input of `searchPassages`. */
export const SearchPassagesInput = z.strictObject({
  query: z.string().trim().min(1, "the query is empty").max(4000),
  docIds: z.array(DocIdJson).max(1000).optional(),
  limit: z.number().int().min(1).max(50).optional(),
});
export type SearchPassagesInput = z.infer<typeof SearchPassagesInput>;

/** The input of `listDocuments`: nothing. */
export const ListDocumentsInput = z.strictObject({});

function scopeOf(options: PecanToolsOptions, asked: readonly string[] | undefined): readonly string[] | undefined {
  if (options.docIds && options.docIds.length > 0) return options.docIds;
  return asked && asked.length > 0 ? asked : undefined;
}

async function requireDocuments(engine: Engine, scope: readonly string[] | undefined): Promise<void> {
  if (!scope && (await engine.count()) === 0) throw new UsageError("the store has no documents; ingest some first");
}

/**
 * The three tools over an engine, for `generateText({ tools })` or `streamText({ tools })`.
 * @example
 * const result = await generateText({ model, tools: pecanTools(engine), stopWhen: stepCountIs(5), prompt: "What does tar -x do?" });
 */
export function pecanTools(engine: Engine, options: PecanToolsOptions = {}) {
  return {
    ask: tool({
      description:
        "Answer a question from the stored documents. Returns the answer with verbatim citations (docId, character range, text); " +
        "found is false when the documents do not support an answer.",
      inputSchema: AskRequest,
      outputSchema: AskResultJson,
      execute: async (input, { abortSignal }) => {
        const docIds = scopeOf(options, input.docIds);
        await requireDocuments(engine, docIds);
        const budget = input.budget ?? options.budget;
        const result = await engine.ask(input.question, {
          ...(docIds ? { docIds } : {}),
          ...(budget !== undefined ? { budget } : {}),
          ...(input.patience !== undefined ? { patience: input.patience } : {}),
          ...(input.maxSteps !== undefined ? { maxSteps: input.maxSteps } : {}),
          ...(input.fill !== undefined ? { fill: input.fill } : {}),
          ...(abortSignal ? { signal: abortSignal } : {}),
        });
        return askJson(result);
      },
    }),
    searchPassages: tool({
      description: "Find the passages of the stored documents most relevant to a query, with their character ranges, without writing an answer.",
      inputSchema: SearchPassagesInput,
      outputSchema: PassagesJson,
      execute: async (input, { abortSignal }) => {
        const docIds = scopeOf(options, input.docIds);
        await requireDocuments(engine, docIds);
        const result = await engine.ask(input.query, {
          ...(docIds ? { docIds } : {}),
          fill: true,
          budget: options.searchBudget ?? DEFAULT_AI_TOOLS.searchBudget,
          ...(abortSignal ? { signal: abortSignal } : {}),
        });
        const passages = askJson(result).context.slice(0, input.limit ?? DEFAULT_AI_TOOLS.searchLimit);
        return { passages };
      },
    }),
    listDocuments: tool({
      description: "List the stored documents: id, title, tokens, nodes.",
      inputSchema: ListDocumentsInput,
      outputSchema: ListJson,
      execute: async () => (await engine.list()).map(listItemJson),
    }),
  };
}

/** The tools `pecanTools` makes. */
export type PecanTools = ReturnType<typeof pecanTools>;
