/**
 * The JSON shapes of PECAN.md section 6, shared by the CLI's `--json` output and the server,
 * so a script can switch between `pecan ask --json` and `POST /ask`. The shapes are the zod
 * schemas of src/contract; these functions build them from the engine's results.
 */
import type { AskResult } from "./ask.js";
import type { IngestReport, InspectResult } from "./create.js";
import type { DocumentRecord, DocumentSummary } from "../core/types.js";
import type { AskResultJson, DocumentJson, DocumentSummaryJson, IngestJson, InspectJson, ListItemJson } from "../contract/index.js";

/** The `ask --json` shape: answer, found, confidence, citations, context, trace, cost. */
export function askJson(result: AskResult): AskResultJson {
  const { trace } = result;
  return {
    answer: result.answer,
    found: result.found,
    confidence: result.confidence,
    citations: result.citations.map((c) => ({ ...c })),
    context: result.context.map((c) => ({ ...c, spans: c.spans.map((s) => ({ start: s.start, end: s.end })) })),
    trace: {
      steps: trace.steps.map((s) => ({ nodeId: s.nodeId, score: s.score, tokens: s.tokens })),
      stop: trace.stop,
      judge: trace.judge,
      judgeCalls: trace.judgeCalls,
      reader: trace.reader,
      documents: [...trace.documents],
      ...(trace.subQuestions === undefined
        ? {}
        : {
            subQuestions: trace.subQuestions.used
              ? { used: true as const, questions: trace.subQuestions.questions.map((q) => ({ ...q, dependsOn: [...q.dependsOn] })) }
              : { used: false as const, reason: trace.subQuestions.reason },
          }),
    },
    cost: { ...result.cost },
  };
}

/** The `inspect --format json` shape: the document, every node and every weighted edge. */
export function inspectJson({ document, graph }: InspectResult): InspectJson {
  return {
    document: { docId: document.docId, title: document.title, tokens: document.tokens, chars: document.chars },
    nodes: graph.nodes.map((n) => ({
      nodeId: n.nodeId,
      level: n.level,
      text: n.text,
      tokens: n.tokens,
      spans: n.spans.map((s) => ({ start: s.start, end: s.end })),
      ...(n.pages && n.pages.length > 0 ? { pages: [...n.pages] } : {}),
      madeBy: n.madeBy,
    })),
    edges: graph.edges.map((e) => ({ parent: e.parent, child: e.child, weight: e.weight, madeBy: e.madeBy })),
  };
}

/** The `ingest --json` shape. */
export function ingestJson(report: IngestReport): IngestJson {
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
    ...(report.stopped ? { stopped: true } : {}),
  };
}

/** One row of `list --json`. */
export function listItemJson(d: DocumentSummary): ListItemJson {
  return { docId: d.docId, title: d.title, tokens: d.tokens, nodes: d.nodes, levels: d.levels };
}

/** One row of `GET /documents`: the `list --json` fields plus where it came from and when. */
export function summaryJson(d: DocumentSummary): DocumentSummaryJson {
  return {
    docId: d.docId,
    title: d.title,
    tokens: d.tokens,
    nodes: d.nodes,
    levels: d.levels,
    chars: d.chars,
    source: d.source,
    createdAt: d.createdAt,
  };
}

/** `GET /documents/:id`: the document's fields, its graph's size, and its whole normalised text. */
export function documentJson(d: DocumentRecord, summary?: DocumentSummary): DocumentJson {
  return {
    docId: d.docId,
    title: d.title,
    source: d.source,
    tokens: d.tokens,
    chars: d.chars,
    ...(summary ? { nodes: summary.nodes, levels: summary.levels } : {}),
    hash: d.hash,
    createdAt: d.createdAt,
    ...(d.pageStarts && d.pageStarts.length > 0 ? { pageStarts: [...d.pageStarts] } : {}),
    text: d.text,
  };
}
