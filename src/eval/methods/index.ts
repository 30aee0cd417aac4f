/** The methods `pecan eval` compares, by name (PECAN.md §5). */
import { UsageError, type WordVectors } from "../../index.js";
import { hybridMethod } from "./hybrid.js";
import { bm25Chunks, bm25Sentences, dosRag, fullDocument } from "./baselines.js";
import type { Method } from "./method.js";
import { pecanAdaptive, pecanFill, pecanFlat, type PecanMethodOptions } from "./pecan.js";
import { raptor } from "./raptor.js";
import { rm3 } from "./rm3.js";
import { deepGraphRag } from "./deep-graphrag.js";
import { legoGraphRag } from "./lego-graphrag.js";
import { pcst } from "./pcst.js";
import { pecanDhsa, pecanExhaustive } from "./coarse-variants.js";

export type { Method, MethodKind, PreparedMethod, Reading, ReadingStep } from "./method.js";
export { createCorpus, type Corpus } from "./corpus.js";

/** Every method name, in the order results are shown. */
export const METHOD_NAMES = ["pecan", "pecan-fill", "pecan-flat", "bm25-chunks", "bm25-sentences", "dos-rag", "hybrid", "raptor", "rm3", "deep-graphrag", "lego-graphrag", "pcst", "pecan-exhaustive", "pecan-dhsa", "full"] as const;
export type MethodName = (typeof METHOD_NAMES)[number];

/** Methods run when `--methods` is not given. */
export const DEFAULT_METHODS: readonly MethodName[] = ["pecan", "pecan-fill", "bm25-chunks", "bm25-sentences", "raptor", "full"];

/** What the methods may use beyond the text: Pecan's engine options, word vectors. */
export interface MethodDeps {
  readonly pecan?: PecanMethodOptions;
  /** Word vectors: enable `hybrid` (and Pecan's fused relevance, through `pecan.engine`). */
  readonly vectors?: WordVectors;
}

/** Why a known method cannot run here, or undefined. */
export function unavailable(name: MethodName, deps: MethodDeps = {}): string | undefined {
  if (name === "hybrid" && deps.vectors === undefined) {
    return "hybrid (BM25 fused with dense vectors) needs a vector source; none was given (build word vectors with `pecan vectors build`, then pass --vectors), so it was not run";
  }
  return undefined;
}

/**
 * The methods of the given names; E_BAD_FLAG for an unknown name. Methods that cannot run
 * here are left out with the reason (see {@link unavailable}).
 */
export function resolveMethods(names: readonly string[], deps: MethodDeps = {}): { methods: Method[]; skipped: { name: string; reason: string }[] } {
  const methods: Method[] = [];
  const skipped: { name: string; reason: string }[] = [];
  for (const raw of [...new Set(names)]) {
    if (!(METHOD_NAMES as readonly string[]).includes(raw)) {
      throw new UsageError(`unknown method "${raw}"; known: ${METHOD_NAMES.join(", ")}`);
    }
    const name = raw as MethodName;
    const reason = unavailable(name, deps);
    if (reason !== undefined) skipped.push({ name, reason });
    else methods.push(byName(name, deps));
  }
  return { methods, skipped };
}

function byName(name: MethodName, deps: MethodDeps): Method {
  switch (name) {
    case "pecan":
      return pecanAdaptive(deps.pecan);
    case "pecan-fill":
      return pecanFill(deps.pecan);
    case "pecan-flat":
      return pecanFlat(deps.pecan);
    case "bm25-chunks":
      return bm25Chunks;
    case "bm25-sentences":
      return bm25Sentences;
    case "dos-rag":
      return dosRag;
    case "hybrid":
      if (!deps.vectors) throw new UsageError("hybrid needs word vectors");
      return hybridMethod(deps.vectors);
    case "raptor":
      return raptor;
    case "rm3":
      return rm3;
    case "deep-graphrag":
      return deepGraphRag;
    case "lego-graphrag":
      return legoGraphRag;
    case "pcst":
      return pcst;
    case "pecan-exhaustive":
      return pecanExhaustive(deps.pecan);
    case "pecan-dhsa":
      return pecanDhsa(deps.pecan);
    case "full":
      return fullDocument;
  }
}
