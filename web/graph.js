// Draws a document's hierarchy (the `inspect --format json` shape) as SVG: one row per level,
// leaves at the bottom, information points above them placed over the inputs they weigh most;
// each line's opacity is its edge weight; nodes the walk read are filled and numbered.

const SVG = "http://www.w3.org/2000/svg";

function el(name, attrs = {}, parent) {
  const node = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (parent) parent.append(node);
  return node;
}

/** Edge opacity from its weight (weights of one parent sum to 1). */
export function edgeOpacity(weight) {
  return Math.min(1, 0.06 + 0.94 * Math.sqrt(Math.max(0, weight)));
}

/** Keeps x positions in order, at least `gap` apart, within [lo, hi]. */
function spread(xs, gap, lo, hi) {
  for (let i = 0; i < xs.length; i += 1) xs[i] = Math.max(xs[i], i === 0 ? lo : xs[i - 1] + gap);
  for (let i = xs.length - 1; i >= 0; i -= 1) xs[i] = Math.min(xs[i], i === xs.length - 1 ? hi : xs[i + 1] - gap);
  return xs;
}

/**
 * Draws `graph` into `container`. Returns { markRead(nodeId, n), setCited(ids) } to update
 * the drawing while a walk streams in. `onSelect(node)` runs when a node is clicked or chosen
 * with the keyboard.
 */
export function drawGraph(container, graph, { onSelect } = {}) {
  const nodes = graph.nodes;
  const byLevel = new Map();
  for (const n of nodes) {
    if (!byLevel.has(n.level)) byLevel.set(n.level, []);
    byLevel.get(n.level).push(n);
  }
  const levels = [...byLevel.keys()].sort((a, b) => a - b);
  const top = levels.at(-1) ?? 0;
  const widest = Math.max(1, ...[...byLevel.values()].map((row) => row.length));
  const available = Math.max(320, container.clientWidth - 2);
  const left = 44;
  const right = 16;
  const spacing = Math.max(12, Math.min(64, (available - left - right) / widest));
  const radius = spacing >= 22 ? 9 : Math.max(4, spacing / 2 - 1.5);
  const width = Math.max(available, left + right + widest * spacing);
  const rowGap = 64;
  const height = 28 + levels.length * rowGap;
  const y = (level) => 24 + (top - level) * rowGap + rowGap / 2;

  const childrenOf = new Map();
  for (const e of graph.edges) {
    if (!childrenOf.has(e.parent)) childrenOf.set(e.parent, []);
    childrenOf.get(e.parent).push(e);
  }
  const pos = new Map();
  for (const level of levels) {
    const row = byLevel.get(level);
    const even = (i) => left + ((i + 0.5) * (width - left - right)) / row.length;
    const xs = row.map((n, i) => {
      const edges = childrenOf.get(n.nodeId) ?? [];
      let sum = 0;
      let weight = 0;
      for (const e of edges) {
        const p = pos.get(e.child);
        if (p) {
          sum += p.x * e.weight;
          weight += e.weight;
        }
      }
      return level > levels[0] && weight > 0 ? sum / weight : even(i);
    });
    spread(xs, Math.min(spacing, 2 * radius + 3), left + radius, width - right - radius);
    row.forEach((n, i) => pos.set(n.nodeId, { x: xs[i], y: y(level) }));
  }

  const svg = el("svg", {
    width,
    height,
    viewBox: `0 0 ${width} ${height}`,
    role: "img",
    "aria-label": `Graph of ${graph.document.title}: ${levels.length} levels, ${nodes.length} nodes, ${graph.edges.length} weighted edges`,
  });
  for (const level of levels) {
    const label = el("text", { x: 6, y: y(level) + 4, class: "level-label" }, svg);
    label.textContent = level === 0 ? "L0" : `L${level}`;
  }
  const edgeLayer = el("g", {}, svg);
  const nodeLayer = el("g", {}, svg);
  const tooMany = graph.edges.length > 15000;
  const linesOf = new Map(); // nodeId -> [{ edge, line }] of the edges that touch it
  if (!tooMany) {
    for (const e of graph.edges) {
      const a = pos.get(e.parent);
      const b = pos.get(e.child);
      if (!a || !b) continue;
      const line = el("line", { x1: a.x, y1: a.y, x2: b.x, y2: b.y, class: "edge", "stroke-opacity": edgeOpacity(e.weight).toFixed(3), "stroke-width": 1.2 }, edgeLayer);
      for (const id of [e.parent, e.child]) {
        if (!linesOf.has(id)) linesOf.set(id, []);
        linesOf.get(id).push({ edge: e, line });
      }
    }
  }

  const circles = new Map();
  let selected;
  for (const n of nodes) {
    const p = pos.get(n.nodeId);
    const g = el("g", {}, nodeLayer);
    const circle = el("circle", { cx: p.x, cy: p.y, r: radius, class: "node", "data-node": n.nodeId }, g);
    const title = el("title", {}, circle);
    const snippet = n.text.replace(/\s+/g, " ").slice(0, 220);
    title.textContent = `level ${n.level}, ${n.nodeId} (${n.tokens} tokens, ${n.madeBy})\n${snippet}${n.text.length > 220 ? "…" : ""}`;
    const choose = () => {
      selected?.classList.remove("selected");
      selected = circle;
      circle.classList.add("selected");
      onSelect?.(n);
    };
    circle.addEventListener("click", choose);
    circle.addEventListener("keydown", (event) => {
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        choose();
      }
    });
    circles.set(n.nodeId, { circle, group: g, node: n });
  }
  container.replaceChildren(svg);

  const read = new Set();
  return {
    markRead(nodeId, n) {
      const hit = circles.get(nodeId);
      if (!hit || read.has(nodeId)) return;
      read.add(nodeId);
      hit.circle.classList.add("read");
      hit.circle.setAttribute("tabindex", "0");
      hit.circle.setAttribute("role", "button");
      hit.circle.setAttribute("aria-label", `step ${n}: level ${hit.node.level} node ${hit.node.nodeId}`);
      if (radius >= 7) {
        const p = pos.get(nodeId);
        const label = el("text", { x: p.x, y: p.y, class: "order" }, hit.group);
        label.textContent = String(n);
      }
      for (const { edge, line } of linesOf.get(nodeId) ?? []) {
        if (read.has(edge.parent) && read.has(edge.child)) line.classList.add("walked");
      }
    },
    setCited(ids) {
      for (const [id, { circle }] of circles) circle.classList.toggle("cited", ids.has(id));
    },
  };
}
