/**
 * The JSON shapes of PECAN.md section 6, shared by the CLI's `--json` output and the server,
 * so a script can switch between `pecan ask --json` and `POST /ask`.
 */
import type { AskResult } from "./engine-ask.js";
import type { IngestReport, InspectResult } from "./engine.js";

/** The `ask --json` shape: answer, found, confidence, citations, context, trace, cost. */
export function askJson(result: AskResult): unknown {
  return {
    answer: result.answer,
    found: result.found,
    confidence: result.confidence,
    citations: result.citations,
    context: result.context,
    trace: result.trace,
    cost: result.cost,
  };
}

/** The `inspect --format json` shape: the document, every node and every weighted edge. */
export function inspectJson({ document, graph }: InspectResult): unknown {
  return {
    document: { docId: document.docId, title: document.title, tokens: document.tokens, chars: document.chars },
    nodes: graph.nodes.map((n) => ({
      nodeId: n.nodeId,
      level: n.level,
      text: n.text,
      tokens: n.tokens,
      spans: n.spans.map((s) => ({ start: s.start, end: s.end })),
      ...(n.pages && n.pages.length > 0 ? { pages: n.pages } : {}),
      madeBy: n.madeBy,
    })),
    edges: graph.edges.map((e) => ({ parent: e.parent, child: e.child, weight: e.weight, madeBy: e.madeBy })),
  };
}

/** The `ingest --json` shape. */
export function ingestJson(report: IngestReport): unknown {
  return {
    documents: report.documents.map((d) => ({
      docId: d.docId,
      title: d.title,
      tokens: d.tokens,
      nodes: d.nodes,
      edges: d.edges,
      ...(d.skipped ? { skipped: d.skipped } : {}),
    })),
    cost: { ...report.cost, ms: Math.round(report.cost.ms) },
  };
}

