/**
 * The RAPTOR baseline (Sarthi et al., "RAPTOR: Recursive Abstractive Processing for
 * Tree-Organized Retrieval", ICLR 2024), collapsed-tree retrieval (§3, "Querying"): the leaves
 * are clustered by similarity (tf-idf cosine, average linkage, about 6 leaves a cluster), each
 * cluster is summarised, the summaries are clustered and summarised again up to a small top,
 * and every node of every level is ranked together and read best first up to the budget.
 * The summarizer is Pecan's own (LexRank, extractive), so a summary is a set of verbatim quotes
 * and counts for recall only through the ranges it quotes. Departures from the paper: BM25
 * instead of SBERT embeddings (no vectors offline), hard instead of soft clusters, and a node
 * whose ranges were all read already is skipped (it would add nothing).
 */
import { countTokens, type DocId, type Span } from "../../index.js";
import { DocumentTerms } from "../../internal.js";
import { LexRankSummarizer } from "../../internal.js";
import type { Summarizer, WindowNode } from "../../internal.js";
import { mergeSpans, overlapWeight } from "../spans.js";
import type { EvalDocument } from "../dataset.js";
import { clusterVectors, DEFAULT_CLUSTER, type ClusterOptions } from "./cluster.js";
import type { Corpus } from "./corpus.js";
import { stepTokens, type Method, type PreparedMethod, type Reading } from "./method.js";
import { fillBudget, UnitIndex, type RankUnit } from "./unit-index.js";
import { pushAll } from "../../internal.js";

export interface RaptorOptions {
  readonly cluster: ClusterOptions;
  /** Stop adding levels once a level has at most this many nodes. */
  readonly topNodes: number;
  /** Levels of summaries at most. */
  readonly maxDepth: number;
}

export const DEFAULT_RAPTOR: RaptorOptions = Object.freeze({ cluster: DEFAULT_CLUSTER, topNodes: 4, maxDepth: 4 });

/** A node of the collapsed tree: a leaf (level 0) or a cluster summary. */
export interface TreeNode extends RankUnit {
  readonly level: number;
  /** A summary's members: positions in the level below (the leaves for level 1), in that level's order. */
  readonly children?: readonly number[];
}

/**
 * The summary levels of one document's tree, built over its leaves (leaves not included).
 * @example const summaries = await buildRaptorTree(doc, corpus.leaves(doc.docId), new LexRankSummarizer());
 */
export async function buildRaptorTree(
  doc: EvalDocument,
  leaves: readonly WindowNode[],
  summarizer: Summarizer,
  options: Partial<RaptorOptions> = {},
): Promise<TreeNode[]> {
  const o = { ...DEFAULT_RAPTOR, ...options };
  const terms = DocumentTerms.fromText(doc.text);
  const out: TreeNode[] = [];
  let current: readonly WindowNode[] = leaves;
  for (let level = 0; level < o.maxDepth && current.length > o.topNodes; level++) {
    const clusters = clusterVectors(
      current.map((n) => terms.vector(n.text)),
      o.cluster,
    );
    if (clusters.length >= current.length) break;
    const next: WindowNode[] = [];
    for (const [w, cluster] of clusters.entries()) {
      const nodes = cluster.map((i) => current[i] as WindowNode);
      const { ips } = await summarizer.summarize({ docId: doc.docId, docText: doc.text, nodes }, { level, window: w, terms, countTokens });
      const text = ips.map((ip) => ip.text).join(" ");
      const spans = mergeSpans(ips.flatMap((ip) => ip.spans));
      const node = { nodeId: `${doc.docId}#raptor${level + 1}.${w}` as WindowNode["nodeId"], text, spans, tokens: Math.max(1, countTokens(text)) };
      next.push(node);
      out.push({ docId: doc.docId, level: level + 1, text, spans, tokens: node.tokens, children: cluster });
    }
    current = next;
  }
  return out;
}

function covered(spans: readonly Span[], read: readonly Span[]): boolean {
  const merged = mergeSpans(spans);
  const total = merged.reduce((sum, s) => sum + s.end - s.start, 0);
  return total > 0 && overlapWeight(merged, mergeSpans(read), (a, b) => b - a) >= total;
}

export const raptor: Method = {
  name: "raptor",
  kind: "budget",
  description: "RAPTOR collapsed tree: leaves clustered (~6), clusters summarised by LexRank, all levels ranked by BM25",
  async prepare(corpus: Corpus, onProgress?: (label: string) => void): Promise<PreparedMethod> {
    const summarizer = new LexRankSummarizer();
    const nodes: TreeNode[] = [];
    for (const doc of corpus.documents) {
      onProgress?.(`raptor tree ${doc.docId}`);
      const leaves = corpus.leaves(doc.docId);
      pushAll(nodes, leaves.map((l) => ({ docId: doc.docId, level: 0, text: l.text, spans: l.spans, tokens: l.tokens })));
      pushAll(nodes, (await buildRaptorTree(doc, leaves, summarizer)));
    }
    const index = new UnitIndex(nodes);
    return {
      read(question, scope: readonly DocId[] | undefined, budgets): Promise<Reading[]> {
        const started = performance.now();
        const ranked = index.rank(question.question, scope);
        const rankMs = performance.now() - started;
        return Promise.resolve(
          budgets.map((budget) => {
            const t0 = performance.now();
            const taken = fillBudget(
              ranked,
              (i) => (index.units[i] as TreeNode).tokens,
              budget,
              (i, done) => covered((index.units[i] as TreeNode).spans, done.flatMap((d) => (index.units[d] as TreeNode).spans)),
            );
            const steps = taken.map((i) => {
              const u = index.units[i] as TreeNode;
              return { docId: u.docId, spans: u.spans, tokens: u.tokens };
            });
            return { steps, tokens: stepTokens(steps), ms: rankMs + performance.now() - t0, stop: "budget" };
          }),
        );
      },
    };
  },
};
