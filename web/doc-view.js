// A document's text with the answer's citations highlighted (<mark class="cite">) and the
// ranges the walk read underlined (<span class="read">). Offsets are [start, end) character
// ranges of the document's normalised text, exactly as the server reports them.

function clampRanges(ranges, length) {
  return ranges
    .map((r) => ({ ...r, start: Math.max(0, Math.min(length, r.start)), end: Math.max(0, Math.min(length, r.end)) }))
    .filter((r) => r.end > r.start);
}

/**
 * Renders `text` into `container`. `citations` are { n, start, end } (n numbers them from 1),
 * `read` are { start, end }, `pageStarts` the offsets where PDF pages start: each gets a
 * "page N" rule (drawn by CSS, so the container's text stays the document's text exactly).
 * Returns a map from citation number to its first <mark>.
 */
export function renderDocument(container, text, citations = [], read = [], pageStarts = []) {
  const cites = clampRanges(citations, text.length);
  const reads = clampRanges(read, text.length);
  const pages = new Map(pageStarts.length > 1 ? pageStarts.map((start, i) => [start, i + 1]) : []);
  const cuts = new Set([0, text.length, ...[...pages.keys()].filter((p) => p > 0 && p < text.length)]);
  for (const r of [...cites, ...reads]) {
    cuts.add(r.start);
    cuts.add(r.end);
  }
  const points = [...cuts].sort((a, b) => a - b);
  const fragment = document.createDocumentFragment();
  const firstMark = new Map();
  for (let i = 0; i + 1 < points.length; i += 1) {
    const a = points[i];
    const b = points[i + 1];
    const piece = text.slice(a, b);
    if (pages.has(a)) {
      const rule = document.createElement("span");
      rule.className = "page-break";
      rule.dataset.page = String(pages.get(a));
      rule.setAttribute("role", "separator");
      rule.setAttribute("aria-label", `page ${pages.get(a)}`);
      fragment.append(rule);
    }
    const covering = cites.filter((c) => c.start <= a && c.end >= b);
    if (covering.length > 0) {
      const mark = document.createElement("mark");
      mark.className = "cite";
      mark.dataset.cites = covering.map((c) => c.n).join(" ");
      for (const c of covering) {
        if (c.start === a && !firstMark.has(c.n)) {
          firstMark.set(c.n, mark);
          mark.id = `cite-${c.n}`;
          mark.tabIndex = -1;
          const label = document.createElement("span");
          label.className = "cite-label";
          label.setAttribute("aria-hidden", "true");
          label.textContent = String(c.n);
          fragment.append(label);
        }
      }
      mark.append(piece);
      fragment.append(mark);
    } else if (reads.some((r) => r.start <= a && r.end >= b)) {
      const span = document.createElement("span");
      span.className = "read";
      span.append(piece);
      fragment.append(span);
    } else {
      fragment.append(piece);
    }
  }
  container.replaceChildren(fragment);
  return firstMark;
}

/** Scrolls the container so `element` sits in its middle, and focuses it. */
export function revealInside(container, element) {
  const box = container.getBoundingClientRect();
  const target = element.getBoundingClientRect();
  const offset = target.top - box.top + container.scrollTop - container.clientHeight / 2 + target.height / 2;
  container.scrollTo({ top: Math.max(0, offset), behavior: matchMedia("(prefers-reduced-motion: reduce)").matches ? "auto" : "smooth" });
  element.focus({ preventScroll: true });
  // The card itself should be on screen too (small windows stack the panels).
  const card = container.closest(".card");
  if (card) {
    const r = card.getBoundingClientRect();
    if (r.top < 0 || r.top > innerHeight * 0.6) card.scrollIntoView({ block: "start", behavior: "smooth" });
  }
}
