/**
 * One self-contained HTML page of a document's graph (`pecan inspect --format html`): levels as
 * rows (top level at the top), nodes as boxes as wide as their tokens, edges as lines as dark as
 * their weight; hover a node for its text, click it for its text, spans and edges. No external
 * assets. Document text is hostile input: it reaches the page only HTML-escaped, or inside a JSON
 * block with `<`, `>` and `&` escaped, and the script writes it with `textContent`.
 */
import type { GraphNode } from "../core/types.js";
import { nodesByLevel, type RenderInput } from "./render-dot.js";
import { maxOf } from "../core/arrays.js";

/** Edges lighter than this are not drawn (they would be invisible anyway). */
const MIN_DRAWN_WEIGHT = 0.005;
const ROW_HEIGHT = 26;
const ROW_GAP = 90;
const MARGIN = 20;
const MIN_WIDTH = 1100;
const TOOLTIP_CHARS = 300;

/**
 * The page.
 * @example writeFileSync("doc.html", renderHtml({ document: { docId: "a", title: "A" }, ...graph }))
 */
export function renderHtml(input: RenderInput): string {
  const levels = nodesByLevel(input.nodes);
  const widest = Math.max(1, maxOf(levels.map(([, nodes]) => nodes.length)));
  const width = Math.max(MIN_WIDTH, widest * 4) + 2 * MARGIN;
  const height = 2 * MARGIN + levels.length * ROW_HEIGHT + Math.max(0, levels.length - 1) * ROW_GAP;
  const index = new Map<string, number>();
  const boxes: { node: GraphNode; x: number; y: number; w: number; i: number }[] = [];
  const ordered: GraphNode[] = [];
  levels.forEach(([, nodes], row) => {
    const y = MARGIN + row * (ROW_HEIGHT + ROW_GAP);
    const total = nodes.reduce((s, n) => s + Math.max(1, n.tokens), 0);
    const gap = nodes.length > 1 ? Math.min(2, (width - 2 * MARGIN) / (nodes.length * 4)) : 0;
    const usable = width - 2 * MARGIN - gap * (nodes.length - 1);
    let x = MARGIN;
    for (const node of nodes) {
      const w = Math.max(0.5, (usable * Math.max(1, node.tokens)) / total);
      const i = ordered.length;
      ordered.push(node);
      index.set(node.nodeId, i);
      boxes.push({ node, x, y, w, i });
      x += w + gap;
    }
  });
  const lines: string[] = [];
  for (const edge of input.edges) {
    const p = index.get(edge.parent);
    const c = index.get(edge.child);
    if (p === undefined || c === undefined || !(edge.weight >= MIN_DRAWN_WEIGHT)) continue;
    const a = boxes[p] as (typeof boxes)[number];
    const b = boxes[c] as (typeof boxes)[number];
    const w = Math.min(1, edge.weight);
    lines.push(
      `<line data-p="${p}" data-c="${c}" x1="${fmt(a.x + a.w / 2)}" y1="${fmt(a.y + ROW_HEIGHT)}" x2="${fmt(b.x + b.w / 2)}" y2="${fmt(b.y)}" stroke-opacity="${fmt(0.08 + 0.82 * w)}" stroke-width="${fmt(0.4 + 1.6 * w)}"/>`,
    );
  }
  const rects = boxes.map(({ node, x, y, w, i }) => {
    const tip = `${node.nodeId} · ${node.tokens} tokens · ${node.madeBy}\n${shorten(node.text, TOOLTIP_CHARS)}`;
    return `<rect data-i="${i}" class="${kindOf(node)}" x="${fmt(x)}" y="${y}" width="${fmt(w)}" height="${ROW_HEIGHT}"><title>${escapeHtml(tip)}</title></rect>`;
  });
  const rowLabels = levels.map(([level, nodes], row) => {
    const y = MARGIN + row * (ROW_HEIGHT + ROW_GAP) - 5;
    return `<text x="${MARGIN}" y="${y}" class="rowlabel">level ${level} · ${nodes.length} nodes</text>`;
  });
  const title = input.document.title ?? input.document.docId;
  const data = ordered.map((n) => ({
    id: n.nodeId,
    level: n.level,
    ordinal: n.ordinal,
    tokens: n.tokens,
    madeBy: n.madeBy,
    spans: n.spans.map((s) => [s.start, s.end]),
    ...(n.pages ? { pages: n.pages } : {}),
    ...(typeof n.meta?.fallback === "string" ? { fallback: n.meta.fallback } : {}),
    text: n.text,
  }));
  const edgesDrawn = lines.length;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Pecan graph: ${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>${escapeHtml(title)}</h1>
<p class="facts">document <code>${escapeHtml(input.document.docId)}</code>${input.document.tokens === undefined ? "" : ` · ${input.document.tokens} tokens`}${input.document.chars === undefined ? "" : ` · ${input.document.chars} characters`} · ${input.nodes.length} nodes · ${input.edges.length} edges</p>
</header>
<section class="summary">
<table id="levels"><thead><tr><th>level</th><th>nodes</th><th>tokens</th><th>made by</th></tr></thead><tbody>
${levels.map(([level, nodes]) => `<tr><td>${level}</td><td>${nodes.length}</td><td>${nodes.reduce((s, n) => s + n.tokens, 0)}</td><td>${escapeHtml([...new Set(nodes.map((n) => n.madeBy))].join(", "))}</td></tr>`).join("\n")}
</tbody></table>
<div class="legend">
<span><i class="sw leaf"></i>leaf</span><span><i class="sw extractive"></i>extractive IP (quotes the text)</span><span><i class="sw abstractive"></i>abstractive IP</span><span><i class="sw fallback"></i>made by a fallback</span>
<p>Rows are levels, the top level at the top. A box's width is proportional to its tokens within its row. A line joins an IP to an input node; the darker, the larger its weight (${edgesDrawn} of ${input.edges.length} edges drawn; weights under ${MIN_DRAWN_WEIGHT} are not). Hover a box for its text; click it for details.</p>
</div>
</section>
<div class="canvas"><svg id="graph" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="levels of the graph">
<g class="edges">${lines.join("")}</g>
<g class="labels">${rowLabels.join("")}</g>
<g class="nodes">${rects.join("")}</g>
</svg></div>
<aside id="detail"><p>Click a node to see its text.</p></aside>
<script type="application/json" id="pecan-data">${jsonForScript(data)}</script>
<script>${SCRIPT}</script>
</body>
</html>
`;
}

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** JSON safe inside a `<script>` element: no `<`, `>`, `&` or line separators left raw. */
function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

function kindOf(node: GraphNode): string {
  if (node.madeBy.includes("(fallback)")) return "fallback";
  if (node.level === 0) return "leaf";
  return node.spans.length > 0 ? "extractive" : "abstractive";
}

function fmt(n: number): string {
  return String(Math.round(n * 100) / 100);
}

function shorten(text: string, max: number): string {
  const flat = text.replace(/\s+/g, " ").trim();
  if (flat.length <= max) return flat;
  let cut = max - 1;
  if (/[\ud800-\udbff]/.test(flat[cut - 1] ?? "")) cut--;
  return `${flat.slice(0, cut)}…`;
}

const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:#1d2430;background:#fff}
header,.summary,#detail{padding:0 20px}
h1{font-size:20px;margin:16px 0 4px}
.facts{color:#555;margin:0 0 12px}
table{border-collapse:collapse;margin:8px 0}
th,td{border:1px solid #d6dbe3;padding:3px 10px;text-align:right}
th{background:#f2f4f7}
td:last-child,th:last-child{text-align:left}
.legend span{margin-right:16px;white-space:nowrap}
.legend p{color:#555;max-width:60em}
.sw{display:inline-block;width:14px;height:10px;margin-right:5px;border:1px solid #8a94a6;vertical-align:middle}
.canvas{overflow-x:auto;border-top:1px solid #e3e7ee;border-bottom:1px solid #e3e7ee}
svg line{stroke:#1d3557}
svg line.hl{stroke:#e63946;stroke-opacity:1}
svg rect{stroke:#5b6577;stroke-width:.4;cursor:pointer}
svg rect.sel{stroke:#e63946;stroke-width:2}
.rowlabel{font-size:12px;fill:#333}
.leaf{fill:#cfe3f7;background:#cfe3f7}
.extractive{fill:#cdebc5;background:#cdebc5}
.abstractive{fill:#fbe0b5;background:#fbe0b5}
.fallback{fill:#f5c2c2;background:#f5c2c2}
#detail{margin:12px 0 40px}
#detail pre{white-space:pre-wrap;background:#f7f8fa;border:1px solid #e3e7ee;padding:8px;max-width:70em}
`;

const SCRIPT = `
(function () {
  var data = JSON.parse(document.getElementById("pecan-data").textContent);
  var detail = document.getElementById("detail");
  var svg = document.getElementById("graph");
  function add(parent, tag, text) { var el = document.createElement(tag); el.textContent = text; parent.appendChild(el); return el; }
  svg.addEventListener("click", function (event) {
    var target = event.target.closest ? event.target.closest("rect") : null;
    if (!target) return;
    var i = Number(target.getAttribute("data-i"));
    var node = data[i];
    if (!node) return;
    Array.prototype.forEach.call(svg.querySelectorAll(".sel,.hl"), function (el) { el.classList.remove("sel"); el.classList.remove("hl"); });
    target.classList.add("sel");
    Array.prototype.forEach.call(svg.querySelectorAll('line[data-p="' + i + '"],line[data-c="' + i + '"]'), function (el) { el.classList.add("hl"); });
    detail.textContent = "";
    add(detail, "h2", node.id);
    var facts = "level " + node.level + " · " + node.tokens + " tokens · made by " + node.madeBy;
    if (node.pages) facts += " · pages " + node.pages.join(", ");
    if (node.fallback) facts += " · fallback: " + node.fallback;
    add(detail, "p", facts);
    add(detail, "p", node.spans.length ? "spans: " + node.spans.map(function (s) { return "[" + s[0] + ", " + s[1] + ")"; }).join(" ") : "spans: none (abstractive)");
    add(detail, "pre", node.text);
  });
})();
`;
