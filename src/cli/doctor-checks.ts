/**
 * The checks of `pecan doctor`: the configuration, the store, and a configured model end to
 * end (one summary through the LLM summarizer, one judge-style call with and without
 * log-probabilities, one answer through the engine), each with what to change when it fails.
 */
import { existsSync } from "node:fs";
import { createProgress } from "./progress.js";
import {
  asDocId,
  countFallbacks,
  createEngine,
  createModelsFromConfig,
  describeConfig,
  toPecanError,
  type ChatModel,
  type ConfiguredModels,
  type Embedder,
  type LlmConfig,
} from "../index.js";
import { migrationNotice } from "./open-engine.js";

/** One check's outcome. */
export interface Check {
  readonly name: string;
  readonly status: "ok" | "warn" | "fail" | "skip";
  readonly detail: string;
  /** What to change, when the status is not ok. */
  readonly advice?: string;
  readonly ms?: number;
}

/** A made-up text the model summarizes and answers from: several leaves, one clear fact. */
const SAMPLE_SECTIONS = [
  "The Harbour Museum opened in 1936 in the old customs house by the north quay. It keeps ship models, charts and the logbooks of the pilot boats.",
  "The museum's oldest object is a brass sextant made in 1791 by a Lisbon instrument maker. It is shown in the first room, beside a map of the harbour.",
  "Opening hours are ten to five from Tuesday to Sunday. The museum is closed on Mondays and on the first of January.",
  "Guided tours start at eleven and at three. They take about an hour and end on the roof terrace, which looks over the lighthouse.",
  "The museum's library holds twelve thousand books about shipping. Researchers may use it by appointment, on weekdays only.",
  "Children under twelve enter for free. A family ticket covers two adults and up to three children.",
];
const SAMPLE_FILLER =
  "The rooms are quiet, the labels are short, and the staff are glad to answer questions about the objects on display. " +
  "Most visitors spend about two hours in the building and the garden. ";
const SAMPLE_TEXT = SAMPLE_SECTIONS.map((s, i) => `Section ${i + 1}.\n\n${s} ${SAMPLE_FILLER.repeat(3)}`).join("\n\n");
const SAMPLE_QUESTION = "In what year was the brass sextant made?";
const SAMPLE_FACT = "1791";
const SAMPLE_ID = "doctor-sample";

const JUDGE_MESSAGES = [
  { role: "system" as const, content: "You decide whether a passage answers a question. Reply with one word: Yes or No." },
  { role: "user" as const, content: `Question: ${SAMPLE_QUESTION}\n\nPassage: ${SAMPLE_SECTIONS[1] ?? ""}\n\nDoes the passage answer the question?` },
];

async function timed<T>(run: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const start = performance.now();
  const value = await run();
  return { value, ms: Math.round(performance.now() - start) };
}

/** Advice for a failure of the model, by its code. */
function providerAdvice(code: string, config: LlmConfig): string {
  const server = config.llm?.provider === "ollama" ? config.ollama.baseURL : config.openai.baseURL;
  if (code === "E_CONFIG") return "fix the setting the message names (see pecan --help, Models)";
  if (code === "E_PROVIDER_UNAVAILABLE") {
    return config.llm?.provider === "gguf"
      ? "check the GGUF path, and that node-llama-cpp is installed (npm install node-llama-cpp)"
      : `is a server running at ${server}, and is the model name right (ollama pull <model>, or the server's /v1/models)?`;
  }
  if (code === "E_BUDGET") return "raise limits.maxTokensPerCall in pecan.config.json";
  return `the server at ${server} answered with an error; the message says why (key, model, quota)`;
}

function failed(name: string, error: unknown, config: LlmConfig): Check {
  const e = toPecanError(error);
  return { name, status: "fail", detail: `${e.code}: ${e.message}`, advice: providerAdvice(e.code, config) };
}

/** The configuration as resolved, safe to print (no key). */
export function configCheck(config: LlmConfig): Check {
  const lines = describeConfig(config).split("\n");
  const providers = [config.llm?.provider, config.embed?.provider];
  // The llm and embed lines, then the lines of the providers they use (openai, ollama, gguf).
  const shown = lines.filter((line, i) => i < 2 || providers.some((p) => p !== undefined && line.startsWith(`${p}:`)));
  return { name: "config", status: "ok", detail: shown.join("; ") };
}

/** The store: it opens, its schema version fits, its integrity check passes. */
export async function storeCheck(path: string, options: { readonly progress?: boolean } = {}): Promise<Check> {
  const isUrl = /^postgres(ql)?:\/\//.test(path);
  if (path !== ":memory:" && !isUrl && !existsSync(path)) {
    return { name: "store", status: "skip", detail: `no store at ${path} yet`, advice: "pecan ingest <file> creates it (or give --db PATH)" };
  }
  try {
    const engine = createEngine({ dbPath: path, onStoreMigrate: migrationNotice() });
    try {
      // Each step on standard error when it is a terminal: a large PostgreSQL store takes minutes.
      const progress = createProgress({ enabled: options.progress ?? false, title: "checking the store", unit: "steps" });
      let started = false;
      const problems = await engine.store
        .integrityCheck((done, total, what) => {
          if (!started) progress.total(total);
          progress.tick(started ? 1 : 0, `${done + 1}/${total} ${what}`);
          started = true;
        })
        .finally(() => progress.done());
      const docs = await engine.count();
      if (problems.length > 0) {
        return { name: "store", status: "fail", detail: `${path}: ${problems.slice(0, 3).join("; ")}`, advice: "re-ingest into a new store (--db NEW)" };
      }
      return { name: "store", status: "ok", detail: `${path}: ${docs} document(s), integrity ok` };
    } finally {
      await engine.close();
    }
  } catch (error) {
    const e = toPecanError(error);
    const advice = e.code === "E_STORE_VERSION" ? "this store was written by another version: re-ingest into a new store" : "check the path and its permissions";
    return { name: "store", status: "fail", detail: `${e.code}: ${e.message}`, advice };
  }
}

async function judgeChecks(chat: ChatModel): Promise<Check[]> {
  const checks: Check[] = [];
  try {
    const { value, ms } = await timed(() => chat.chat({ messages: JUDGE_MESSAGES, maxTokens: 1, topLogprobs: 5, temperature: 0 }));
    checks.push(
      value.logprobs !== undefined && value.logprobs.length > 0
        ? { name: "judge", status: "ok", detail: "log-probabilities given: the judge reads P(yes) from them", ms }
        : {
            name: "judge",
            status: "warn",
            detail: "no log-probabilities returned: the judge falls back to reading Yes or No (a coarser confidence)",
            advice: "a server that returns logprobs (OpenAI, vLLM, llama.cpp server) calibrates better; the judge works either way",
            ms,
          },
    );
  } catch (error) {
    const e = toPecanError(error);
    checks.push({
      name: "judge",
      status: "warn",
      detail: `a request with log-probabilities failed (${e.code}: ${e.message})`,
      advice: "this server may refuse logprobs; use a server that accepts them, or expect judge errors",
    });
  }
  try {
    const { value, ms } = await timed(() => chat.chat({ messages: JUDGE_MESSAGES, maxTokens: 3, temperature: 0 }));
    const said = value.text.trim();
    checks.push(
      /^(yes|no)\b/i.test(said)
        ? { name: "judge", status: "ok", detail: `answers "${said.slice(0, 20)}" without log-probabilities`, ms }
        : {
            name: "judge",
            status: "warn",
            detail: `answered "${said.slice(0, 60)}" instead of Yes or No`,
            advice: "an instruction-tuned model follows the judge's format; or ask with --fill, which needs no judge",
            ms,
          },
    );
  } catch (error) {
    checks.push({ name: "judge", status: "fail", detail: `${toPecanError(error).code}: ${toPecanError(error).message}` });
  }
  return checks;
}

async function embedCheck(embedder: Embedder, config: LlmConfig): Promise<Check> {
  try {
    const { value, ms } = await timed(() => embedder.embed({ texts: [SAMPLE_QUESTION] }));
    return { name: "embed", status: "ok", detail: `${embedder.id}: vectors of ${value.vectors[0]?.length ?? 0} dimensions`, ms };
  } catch (error) {
    return failed("embed", error, config);
  }
}

/** The configured models end to end: a summary, the judge with and without log-probabilities, an answer. */
export async function modelChecks(config: LlmConfig): Promise<Check[]> {
  if (config.llm === undefined && config.embed === undefined) {
    return [{ name: "model", status: "skip", detail: "no model configured: the model-free tier answers, offline", advice: "name one with --llm SPEC to check it" }];
  }
  let models: ConfiguredModels;
  try {
    models = await createModelsFromConfig(config);
  } catch (error) {
    return [failed("model", error, config)];
  }
  const checks: Check[] = [];
  try {
    if (models.embedder) checks.push(await embedCheck(models.embedder, config));
    const chat = models.chat;
    if (chat === undefined) return checks;
    // The sample is small: one level of information points over all its leaves, so one summary call.
    const engine = createEngine({ dbPath: ":memory:", chat, limits: config.limits, llmJudge: config.judge, levels: { topMaxNodes: 1, topMaxTokens: 0, maxDepth: 1 } });
    try {
      try {
        const { value: report, ms } = await timed(() => engine.ingestBuffer(`${SAMPLE_ID}.txt`, new TextEncoder().encode(SAMPLE_TEXT), { docId: SAMPLE_ID }));
        const count = countFallbacks(await engine.store.getNodes(report.documents[0]?.docId ?? asDocId(SAMPLE_ID)));
        const calls = `${report.cost.llmCalls} call(s), ${report.cost.llmTokensIn} tokens in, ${report.cost.llmTokensOut} out`;
        checks.push(
          count.ips > 0 && count.fallbacks === 0
            ? { name: "summary", status: "ok", detail: `${count.ips} information point(s) from ${chat.id} (${calls})`, ms }
            : {
                name: "summary",
                status: "warn",
                detail: `${count.fallbacks} of ${count.ips} information point(s) came from the extractive fallback to the extractive summarizer (${count.reasons.join("; ") || "unusable output"}; ${calls})`,
                advice: "the model's summaries were unusable: use an instruction-tuned model, or raise limits.maxTokensPerCall",
                ms,
              },
        );
      } catch (error) {
        checks.push(failed("summary", error, config));
        return checks;
      }
      pushAllChecks(checks, await judgeChecks(chat));
      try {
        const { value: result, ms } = await timed(() => engine.ask(SAMPLE_QUESTION, { docIds: [asDocId(SAMPLE_ID)] }));
        const answer = result.answer.replace(/\s+/g, " ").trim();
        const cites = `${result.citations.length} citation(s), ${result.cost.llmCalls} LLM call(s)`;
        const good = answer.includes(SAMPLE_FACT) && result.citations.length > 0;
        checks.push(
          good
            ? { name: "answer", status: "ok", detail: `"${answer.slice(0, 80)}" (${cites})`, ms }
            : {
                name: "answer",
                status: "warn",
                detail: `"${answer.slice(0, 80)}" (${cites}) does not give ${SAMPLE_FACT} with a citation`,
                advice: "a stronger model answers better; the extractive reader (no --llm) always quotes the text",
                ms,
              },
        );
      } catch (error) {
        checks.push(failed("answer", error, config));
      }
    } finally {
      await engine.close();
    }
    return checks;
  } finally {
    await models.close();
  }
}

function pushAllChecks(into: Check[], more: readonly Check[]): void {
  for (const check of more) into.push(check);
}
