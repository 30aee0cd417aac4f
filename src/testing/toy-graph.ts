/**
 * A small hand-built document graph for tests of question time: paragraphs as leaves, and one
 * level of extractive information points quoting each leaf's first sentence, with weighted
 * edges to their leaf and its neighbour. Independent of the ingest and graph layers.
 */
import { asDocId, nodeIdOf, type DocId } from "../core/ids.js";
import type { GraphEdge, GraphNode } from "../core/types.js";

export interface ToyDocument {
  readonly docId: DocId;
  readonly title: string;
  readonly text: string;
  readonly nodes: GraphNode[];
  readonly edges: GraphEdge[];
}

const FILLER = [
  "The committee met on a grey morning to review the plans for the harbour.",
  "Several members raised questions about the cost of dredging the channel.",
  "The chair noted that the weather had delayed the survey by two weeks.",
  "A report on the fish market was read aloud and accepted without changes.",
  "The treasurer summarised the accounts and the reserve fund.",
  "Traffic on the coastal road had increased during the summer months.",
  "The library asked for a new roof before the winter storms.",
  "Volunteers cleaned the beach and counted the seabirds nesting there.",
];

/**
 * A document of `paragraphs` paragraphs; `planted` (if given) becomes the second sentence of
 * paragraph `at`, and `block` (if given) a paragraph of its own just after paragraph `at`.
 */
export function toyDocument(options: { paragraphs?: number; planted?: string; block?: string; at?: number; id?: string } = {}): ToyDocument {
  const count = options.paragraphs ?? 12;
  const docId = asDocId(options.id ?? "toy");
  const paragraphs: string[] = [];
  for (let p = 0; p < count; p++) {
    const sentences = [0, 1, 2].map((k) => FILLER[(p * 3 + k) % FILLER.length]!.replace("The ", `In session ${p + 1}, the `));
    if (options.planted && p === (options.at ?? Math.floor(count / 2))) sentences.splice(1, 0, options.planted);
    paragraphs.push(sentences.join(" "));
    if (options.block && p === (options.at ?? Math.floor(count / 2))) paragraphs.push(options.block);
  }
  const text = paragraphs.join("\n\n");
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  let offset = 0;
  paragraphs.forEach((para, i) => {
    nodes.push({
      nodeId: nodeIdOf(docId, 0, i),
      docId,
      level: 0,
      ordinal: i,
      text: para,
      tokens: Math.ceil(para.length / 4),
      spans: [{ start: offset, end: offset + para.length }],
      madeBy: "leaf",
    });
    offset += para.length + 2;
  });
  const leaves = [...nodes];
  leaves.forEach((leaf, i) => {
    const dot = leaf.text.indexOf(".");
    const first = dot < 0 ? leaf.text.split("\n")[0]! : leaf.text.slice(0, dot + 1);
    const ip = nodeIdOf(docId, 1, i);
    const start = leaf.spans[0]!.start;
    nodes.push({
      nodeId: ip,
      docId,
      level: 1,
      ordinal: i,
      text: first,
      tokens: Math.ceil(first.length / 4),
      spans: [{ start, end: start + first.length }],
      madeBy: "toy",
    });
    const next = leaves[i + 1];
    edges.push({ parent: ip, child: leaf.nodeId, weight: next ? 0.8 : 1, madeBy: "toy" });
    if (next) edges.push({ parent: ip, child: next.nodeId, weight: 0.2, madeBy: "toy" });
  });
  return { docId, title: "Toy minutes", text, nodes, edges };
}
