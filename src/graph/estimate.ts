/**
 * The cost of an LLM-backed build before it starts (PECAN.md section 4, `pecan ingest
 * --estimate`): the levels are simulated with the same windows and stop rules as the build,
 * each window costing one call whose output is a share of its input, and that output becoming
 * the next level's nodes.
 */
import { isSmallLevel, levelOptions, levelShrinks, partitionWindows, sum, type LevelOptions } from "./windows.js";

/** What a call of the summarizer model costs, roughly. */
export interface EstimateModel {
  /** Tokens a call spends besides its passages (instructions, numbering); see `summarizerPromptTokens`. */
  readonly promptTokens: number;
  /** Output tokens per input token of a window (the summarizer's `ipShare`). */
  readonly outputShare: number;
  /** Expected tokens of one IP (sets the next level's node count). */
  readonly ipTokens?: number;
}

/** One simulated level. */
export interface EstimatedLevel {
  readonly level: number;
  readonly nodes: number;
  readonly tokens: number;
  /** Calls that make this level (0 for the leaves). */
  readonly calls: number;
}

/** Calls and tokens of a whole build, and the simulated levels. */
export interface BuildEstimate {
  readonly calls: number;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly levels: EstimatedLevel[];
}

/** Default expected tokens of one IP. */
export const DEFAULT_IP_TOKENS = 25;

/**
 * Calls and tokens an LLM summarizer would spend on these leaves.
 * @example estimateBuildCost(leaves, {}, { promptTokens: summarizerPromptTokens(countTokens), outputShare: 0.2 })
 */
export function estimateBuildCost(
  leaves: readonly { readonly tokens: number }[],
  options: Partial<LevelOptions>,
  model: EstimateModel,
): BuildEstimate {
  const o = levelOptions(options);
  const ipTokens = Math.max(1, model.ipTokens ?? DEFAULT_IP_TOKENS);
  let current = leaves.map((l) => Math.max(0, l.tokens));
  const levels: EstimatedLevel[] = [{ level: 0, nodes: current.length, tokens: sum(current), calls: 0 }];
  let calls = 0;
  let inputTokens = 0;
  let outputTokens = 0;
  for (let level = 0; level < o.maxDepth && current.length > 0 && !isSmallLevel(current, o); level++) {
    const next: number[] = [];
    const windows = partitionWindows(current, o);
    for (const [from, to] of windows) {
      const input = sum(current.slice(from, to));
      const output = Math.max(1, Math.ceil(input * model.outputShare));
      calls++;
      inputTokens += input + model.promptTokens;
      outputTokens += output;
      const points = Math.max(1, Math.round(output / ipTokens));
      for (let k = 0; k < points; k++) next.push(output / points);
    }
    if (!levelShrinks(current, next)) break;
    levels.push({ level: level + 1, nodes: next.length, tokens: Math.round(sum(next)), calls: windows.length });
    current = next;
  }
  return { calls, inputTokens, outputTokens, levels };
}
