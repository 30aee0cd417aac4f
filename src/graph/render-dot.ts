/**
 * Graphviz DOT of a document's graph (`pecan inspect --format dot`): one rank per level, the top
 * level first, edges darker for larger weights. Document text is escaped for DOT strings.
 */
import type { DocumentGraph, GraphNode } from "../core/types.js";

/** What the renderers show of the document itself. */
export interface RenderDocument {
  readonly docId: string;
  readonly title?: string;
  readonly tokens?: number;
  readonly chars?: number;
}

/** A document's graph with what the page says about the document. */
export interface RenderInput extends DocumentGraph {
  readonly document: RenderDocument;
}

/** Characters of a node's text shown in its label. */
const LABEL_CHARS = 60;

/**
 * The graph as a DOT digraph.
 * @example writeFileSync("doc.dot", renderDot({ document: { docId: "a" }, ...graph })) // then: dot -Tsvg doc.dot
 */
export function renderDot(input: RenderInput): string {
  const byLevel = nodesByLevel(input.nodes);
  const lines: string[] = [];
  lines.push(`digraph ${quote(input.document.docId)} {`);
  lines.push(`  label=${quote(input.document.title ?? input.document.docId)};`);
  lines.push("  labelloc=t; rankdir=TB; newrank=true;");
  lines.push('  node [shape=box, fontsize=9, style="rounded,filled", fillcolor="#f5f5f5"];');
  for (const [level, nodes] of byLevel) {
    lines.push(`  subgraph ${quote(`level_${level}`)} {`);
    lines.push("    rank=same;");
    for (const node of nodes) {
      const label = `${node.nodeId} (${node.tokens} tok)\n${shorten(node.text, LABEL_CHARS)}`;
      lines.push(`    ${quote(node.nodeId)} [label=${quote(label)}, tooltip=${quote(node.madeBy)}];`);
    }
    lines.push("  }");
  }
  for (const edge of input.edges) {
    const w = Math.min(1, Math.max(0, edge.weight));
    const grey = Math.round(200 * (1 - w));
    const hex = grey.toString(16).padStart(2, "0");
    lines.push(
      `  ${quote(edge.parent)} -> ${quote(edge.child)} [weight=${Math.max(1, Math.round(w * 10))}, penwidth=${(0.3 + 2.7 * w).toFixed(2)}, color="#${hex}${hex}${hex}", tooltip=${quote(`${edge.weight.toFixed(4)} ${edge.madeBy}`)}];`,
    );
  }
  lines.push("}");
  return `${lines.join("\n")}\n`;
}

/** Nodes grouped by level, top level first, each level by ordinal. */
export function nodesByLevel(nodes: readonly GraphNode[]): [number, GraphNode[]][] {
  const groups = new Map<number, GraphNode[]>();
  for (const node of nodes) {
    const list = groups.get(node.level) ?? [];
    list.push(node);
    groups.set(node.level, list);
  }
  return [...groups]
    .sort((a, b) => b[0] - a[0])
    .map(([level, list]) => [level, list.sort((a, b) => a.ordinal - b.ordinal)] as [number, GraphNode[]]);
}

/** A DOT double-quoted string: backslashes and quotes escaped, line breaks as `\n`, controls dropped. */
function quote(text: string): string {
  const escaped = text
    .replace(/\\/g, "\\\\")
    .replace(/"/g, '\\"')
    .replace(/\r?\n/g, "\\n")
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, " ");
  return `"${escaped}"`;
}

function shorten(text: string, max: number): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}
