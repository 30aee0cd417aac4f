// Pecan's web page: documents on the left; a question, its answer with citations, the walk as
// it streams, the document with the evidence highlighted, and the document's graph.
import * as api from "./api.js";
import { renderDocument, revealInside } from "./doc-view.js";
import { drawGraph } from "./graph.js";

const $ = (id) => document.getElementById(id);

const state = {
  docs: [],
  shown: undefined, // docId on display
  steps: [], // { n, docId, nodeId, level, ... } of the current walk
  result: undefined, // the last `done` payload
  marks: new Map(), // citation number -> <mark>
  graphView: undefined,
  docCache: new Map(),
  asking: undefined, // AbortController of the running question
};

// A token given once as ?token= has been turned into a session cookie by the server: drop it
// from the address bar (and so from history and bookmarks).
if (new URLSearchParams(location.search).has("token")) {
  history.replaceState(null, "", location.pathname);
}

function notice(message) {
  const box = $("notice");
  box.textContent = message ?? "";
  box.hidden = !message;
}

function explain(error) {
  if (error instanceof api.ApiError) {
    if (error.code === "E_UNAUTHORIZED") return "This server needs a token: open the page once as /?token=<token>.";
    return `${error.code}: ${error.message}`;
  }
  if (error && error.name === "AbortError") return undefined;
  return String(error && error.message ? error.message : error);
}

function setStatus(text, kind = "") {
  const status = $("ingest-status");
  status.textContent = text;
  status.className = `status ${kind}`;
}

const fmt = new Intl.NumberFormat();

// ---------------------------------------------------------------- documents

function selectedDocIds() {
  return [...document.querySelectorAll("#doc-list input[type=checkbox]:checked")].map((box) => box.value);
}

function renderDocList() {
  const list = $("doc-list");
  const ticked = new Set(selectedDocIds());
  list.replaceChildren(
    ...state.docs.map((d) => {
      const li = document.createElement("li");
      li.classList.toggle("shown", d.docId === state.shown);
      const label = document.createElement("label");
      const box = document.createElement("input");
      box.type = "checkbox";
      box.value = d.docId;
      box.checked = ticked.has(d.docId);
      const text = document.createElement("span");
      text.className = "doc-text-wrap";
      const name = document.createElement("span");
      name.className = "doc-name";
      name.textContent = d.title;
      name.title = `${d.title} (${d.docId})`;
      const meta = document.createElement("span");
      meta.className = "doc-meta";
      meta.textContent = `${d.docId} · ${fmt.format(d.tokens)} tokens · ${d.nodes} nodes · ${d.levels} levels`;
      text.append(name, meta);
      label.append(box, text);
      const show = document.createElement("button");
      show.type = "button";
      show.textContent = "Show";
      show.setAttribute("aria-label", `Show ${d.title}`);
      show.addEventListener("click", () => showDocument(d.docId));
      const remove = document.createElement("button");
      remove.type = "button";
      remove.className = "remove";
      remove.textContent = "✕";
      remove.setAttribute("aria-label", `Remove ${d.title}`);
      remove.addEventListener("click", () => removeDoc(d));
      li.append(label, show, remove);
      return li;
    }),
  );
  $("doc-empty").hidden = state.docs.length > 0;
  renderScope();
  const select = $("doc-select");
  select.replaceChildren(
    ...state.docs.map((d) => {
      const option = document.createElement("option");
      option.value = d.docId;
      option.textContent = d.title;
      option.selected = d.docId === state.shown;
      return option;
    }),
  );
  select.disabled = state.docs.length === 0;
}

/** Names the documents a question will be asked of, beside the question box. */
function renderScope() {
  const scope = $("ask-scope");
  const ticked = selectedDocIds();
  if (state.docs.length === 0) {
    scope.textContent = "No documents yet: add one to ask it.";
    return;
  }
  if (ticked.length === 0) {
    scope.replaceChildren("Asking ", strong(`all ${state.docs.length} document${state.docs.length === 1 ? "" : "s"}`), " (Pecan picks the relevant ones).");
    return;
  }
  const names = ticked.map((id) => titleOf(id));
  scope.replaceChildren("Asking only ", strong(names.join(", ")), ` (${ticked.length} ticked).`);
}

function strong(text) {
  const b = document.createElement("strong");
  b.textContent = text;
  return b;
}

$("doc-list").addEventListener("change", () => renderScope());

async function refreshDocs() {
  state.docs = await api.listDocuments();
  renderDocList();
  if (!state.shown && state.docs.length > 0) await showDocument(state.docs[0].docId);
  if (state.shown && !state.docs.some((d) => d.docId === state.shown)) {
    state.shown = undefined;
    $("doc-text").replaceChildren(emptyNote("The document's text appears here, with the cited passages highlighted."));
    $("graph").replaceChildren();
    if (state.docs.length > 0) await showDocument(state.docs[0].docId);
  }
}

function emptyNote(text) {
  const p = document.createElement("p");
  p.className = "empty";
  p.textContent = text;
  return p;
}

async function ingestWith(run, what) {
  const buttons = document.querySelectorAll("#upload-form button, #paste-form button");
  buttons.forEach((b) => (b.disabled = true));
  setStatus(`Reading and indexing ${what}…`);
  try {
    const report = await run();
    const done = report.documents.map((d) =>
      d.skipped ? `${d.title}: unchanged` : `${d.title}: ${fmt.format(d.tokens)} tokens, ${d.nodes} nodes`,
    );
    setStatus(`Added ${done.join("; ")} (${fmt.format(report.cost.ms)} ms).`, "ok");
    state.docCache.clear();
    await refreshDocs();
    const first = report.documents[0];
    if (first) await showDocument(first.docId);
    return true;
  } catch (error) {
    setStatus(explain(error) ?? "", "error");
    return false;
  } finally {
    buttons.forEach((b) => (b.disabled = false));
  }
}

async function removeDoc(d) {
  if (!confirm(`Remove “${d.title}” from the store?`)) return;
  try {
    await api.removeDocument(d.docId);
    state.docCache.delete(d.docId);
    setStatus(`Removed ${d.title}.`, "ok");
    await refreshDocs();
  } catch (error) {
    notice(explain(error));
  }
}

$("upload-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const input = $("file");
  if (input.files.length === 0) {
    setStatus("Choose a file first.", "error");
    input.focus();
    return;
  }
  const files = [...input.files];
  if (await uploadWithProgress(files)) input.value = "";
});

/** Uploads files, showing the bytes sent in the progress bar, then indexing. */
async function uploadWithProgress(files) {
  const bar = $("upload-progress");
  bar.hidden = false;
  bar.value = 0;
  try {
    return await ingestWith(
      () =>
        api.uploadFilesWithProgress(files, (sent, total) => {
          bar.value = total > 0 ? Math.round((100 * sent) / total) : 0;
          if (sent >= total) setStatus(`Indexing ${files.map((f) => f.name).join(", ")}…`);
        }),
      files.map((f) => f.name).join(", "),
    );
  } finally {
    bar.hidden = true;
  }
}

// Drag and drop: files dropped on the upload card are uploaded; elsewhere a drop is ignored
// (so a missed drop does not navigate away from the page).
const dropZone = $("drop-zone");
let dragDepth = 0;
for (const kind of ["dragover", "drop"]) window.addEventListener(kind, (event) => event.preventDefault());
dropZone.addEventListener("dragenter", (event) => {
  event.preventDefault();
  dragDepth += 1;
  dropZone.classList.add("dragging");
});
dropZone.addEventListener("dragleave", () => {
  dragDepth = Math.max(0, dragDepth - 1);
  if (dragDepth === 0) dropZone.classList.remove("dragging");
});
dropZone.addEventListener("drop", async (event) => {
  event.preventDefault();
  dragDepth = 0;
  dropZone.classList.remove("dragging");
  const files = [...(event.dataTransfer?.files ?? [])];
  if (files.length > 0) await uploadWithProgress(files);
});

$("paste-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const text = $("paste-text").value;
  const title = $("paste-title").value.trim();
  if (await ingestWith(() => api.pasteText(text, title || undefined), title || "the pasted text")) {
    $("paste-text").value = "";
    $("paste-title").value = "";
  }
});

$("doc-select").addEventListener("change", (event) => showDocument(event.target.value));

// ---------------------------------------------------------------- document and graph

async function loadDoc(docId) {
  if (!state.docCache.has(docId)) {
    state.docCache.set(docId, Promise.all([api.getDocument(docId), api.getGraph(docId)]));
  }
  try {
    return await state.docCache.get(docId);
  } catch (error) {
    state.docCache.delete(docId);
    throw error;
  }
}

function citationsOf(docId) {
  const result = state.result;
  if (!result) return [];
  return result.citations.map((c, i) => ({ ...c, n: i + 1 })).filter((c) => c.docId === docId);
}

function readSpansOf(docId) {
  const items = state.result ? state.result.context : state.steps.map((s) => ({ docId: s.docId, spans: [] }));
  return items.filter((item) => item.docId === docId).flatMap((item) => item.spans ?? []);
}

async function showDocument(docId) {
  if (!docId) return;
  state.shown = docId;
  renderDocList();
  let doc;
  let graph;
  try {
    [doc, graph] = await loadDoc(docId);
  } catch (error) {
    notice(explain(error));
    return;
  }
  if (state.shown !== docId) return;
  $("doc-title").textContent = doc.title;
  state.marks = renderDocument($("doc-text"), doc.text, citationsOf(docId), readSpansOf(docId), doc.pageStarts ?? []);
  state.graphView = drawGraph($("graph"), graph, { onSelect: (node) => describeNode(node) });
  for (const step of state.steps) if (step.docId === docId) state.graphView.markRead(step.nodeId, step.n);
  state.graphView.setCited(new Set(citationsOf(docId).map((c) => c.nodeId)));
  $("graph-detail").replaceChildren();
}

function describeNode(node) {
  const detail = $("graph-detail");
  const meta = document.createElement("span");
  meta.className = "meta";
  const step = state.steps.find((s) => s.nodeId === node.nodeId);
  meta.textContent = `${node.nodeId} · level ${node.level} · ${node.tokens} tokens · ${node.madeBy}${step ? ` · read at step ${step.n}` : ""}`;
  const text = document.createElement("div");
  text.textContent = node.text.length > 600 ? `${node.text.slice(0, 600)}…` : node.text;
  detail.replaceChildren(meta, text);
}

async function revealCitation(n) {
  const citation = state.result?.citations[n - 1];
  if (!citation) return;
  if (state.shown !== citation.docId) await showDocument(citation.docId);
  const mark = state.marks.get(n);
  if (!mark) return;
  for (const m of $("doc-text").querySelectorAll("mark.cite")) {
    m.classList.toggle("active", (m.dataset.cites ?? "").split(" ").includes(String(n)));
  }
  document.querySelectorAll("#citations button").forEach((b) => b.setAttribute("aria-current", String(b.dataset.n === String(n))));
  revealInside($("doc-text"), mark);
}

// ---------------------------------------------------------------- asking

function numberOr(id) {
  const value = $(id).value.trim();
  return value === "" ? undefined : Number(value);
}

function resetAnswer() {
  state.steps = [];
  state.result = undefined;
  const answer = $("answer");
  answer.replaceChildren();
  answer.classList.add("streaming");
  answer.setAttribute("aria-busy", "true");
  $("citations").replaceChildren();
  $("citations-title").hidden = true;
  $("cost").textContent = "";
  $("walk").replaceChildren();
  $("walk-stop").textContent = "";
  $("walk-count").hidden = true;
  renderStatus(undefined);
}

function addStep(step) {
  state.steps.push(step);
  const li = document.createElement("li");
  const n = document.createElement("span");
  n.className = "n";
  n.textContent = String(step.n);
  const meta = document.createElement("span");
  meta.className = "meta";
  const p = step.probability !== undefined ? ` · judge ${step.probability.toFixed(2)}` : "";
  meta.textContent = `L${step.level} ${step.nodeId} · score ${step.score.toFixed(3)} · ${step.tokens} tok${p}`;
  const snippet = document.createElement("span");
  snippet.className = "snippet";
  snippet.textContent = oneLine(step.text);
  snippet.title = step.text;
  li.append(n, meta, snippet);
  const walk = $("walk");
  walk.append(li);
  walk.scrollTop = walk.scrollHeight;
  const count = $("walk-count");
  count.hidden = false;
  count.textContent = `${step.n} step${step.n === 1 ? "" : "s"}`;
  if (state.shown === step.docId) state.graphView?.markRead(step.nodeId, step.n);
  else if (state.steps.length === 1) void showDocument(step.docId);
}

/** Joins the hard-wrapped lines of a paragraph (documents often wrap at 72 columns). */
function unwrap(text) {
  return joinHyphens(text).replace(/(?<!\n)[ \t]*\n(?![ \t]*\n)[ \t]*/g, " ").replace(/\n{3,}/g, "\n\n").trim();
}

/**
 * A word hyphenated at a line's end ("ig‐" / "norespace" in man pages, by U+2010 or a soft
 * hyphen) written whole, and soft hyphens dropped, as the analyzer reads them and the CLI shows
 * them (src/core/one-line.ts). The document view keeps the exact text.
 */
function joinHyphens(text) {
  return text.replace(/([\p{L}\p{N}])[\u00ad\u2010][ \t]*\r?\n[ \t]*(?=\p{Ll})/gu, "$1").replace(/\u00ad/g, "");
}

/** Stored text on one line, for quotes and snippets. */
function oneLine(text) {
  return joinHyphens(text).replace(/\s+/g, " ").trim();
}

/** The answer's text with [n] markers turned into buttons that reveal citation n. */
function renderAnswer(raw, citations) {
  const text = unwrap(raw);
  const answer = $("answer");
  answer.classList.remove("streaming");
  answer.setAttribute("aria-busy", "false");
  if (text.trim().length === 0) {
    answer.replaceChildren(emptyNote("No answer was found in what was read."));
    return;
  }
  const parts = [];
  let last = 0;
  for (const match of text.matchAll(/\[(\d+)\]/g)) {
    const n = Number(match[1]);
    if (n < 1 || n > citations.length) continue;
    parts.push(text.slice(last, match.index));
    const button = document.createElement("button");
    button.type = "button";
    button.className = "marker";
    button.textContent = String(n);
    button.setAttribute("aria-label", `citation ${n}`);
    button.addEventListener("click", () => revealCitation(n));
    parts.push(button);
    last = match.index + match[0].length;
  }
  parts.push(text.slice(last));
  answer.replaceChildren(...parts);
}

/** Under a short answer, the sentence it came from (its first citation). */
function addFrom(answer, first) {
  const sentence = oneLine(first.text);
  if (sentence === oneLine(answer)) return;
  const from = document.createElement("q");
  from.className = "from";
  from.textContent = sentence;
  $("answer").append(from);
}

function titleOf(docId) {
  return state.docs.find((d) => d.docId === docId)?.title ?? docId;
}

function renderCitations(citations) {
  const list = $("citations");
  $("citations-title").hidden = citations.length === 0;
  list.replaceChildren(
    ...citations.map((c, i) => {
      const n = i + 1;
      const li = document.createElement("li");
      const button = document.createElement("button");
      button.type = "button";
      button.dataset.n = String(n);
      button.setAttribute("aria-current", "false");
      const where = document.createElement("span");
      where.className = "where";
      const num = document.createElement("span");
      num.className = "num";
      num.textContent = `[${n}]`;
      const page = c.page !== undefined ? ` · p. ${c.page}` : "";
      where.append(num, `${titleOf(c.docId)}${page} · chars ${fmt.format(c.start)}–${fmt.format(c.end)}`);
      const quote = document.createElement("q");
      quote.textContent = oneLine(c.text);
      button.append(where, quote);
      button.addEventListener("click", () => revealCitation(n));
      li.append(button);
      return li;
    }),
  );
}

/** Found or not found, and the confidence, beside the answer's heading. */
function renderStatus(result) {
  const status = $("answer-status");
  if (!result || typeof result.found !== "boolean") {
    status.hidden = true;
    return;
  }
  status.hidden = false;
  status.className = `answer-status ${result.found ? "found" : "not-found"}`;
  // The calibrated chance that the answer shown is right; a refusal shows none.
  const confidence = result.found && typeof result.confidence === "number" ? ` · ${Math.round(result.confidence * 100)}% likely right` : "";
  status.textContent = `${result.found ? "Found" : "Not found"}${confidence}`;
  $("citations-title").textContent = result.found ? "Citations" : "Closest passages";
}

async function finish(result) {
  state.result = result;
  renderAnswer(result.answer, result.citations);
  renderStatus(result);
  renderCitations(result.citations);
  if (result.found && result.citations[0]) addFrom(result.answer, result.citations[0]);
  const c = result.cost;
  const llm = c.llmCalls > 0 ? ` · ${c.llmCalls} LLM calls` : "";
  $("cost").textContent = `Read ${fmt.format(c.tokensRead)} tokens from ${c.nodesRead} nodes in ${c.steps} steps${llm} · ${fmt.format(c.ms)} ms`;
  $("walk-stop").textContent = `Stopped: ${stopText(result.trace.stop)}.`;
  const target = result.citations[0]?.docId ?? state.steps[0]?.docId ?? state.shown;
  if (target) await showDocument(target);
  if (result.citations.length > 0) await revealCitation(1);
}

function stopText(stop) {
  return (
    { sufficient: "the judge found enough to answer", budget: "the token budget was reached", "max-steps": "the step cap was reached", exhausted: "nothing more to read" }[stop] ?? stop
  );
}

$("ask-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const question = $("question").value.trim();
  if (!question) return;
  notice();
  state.asking?.abort();
  const controller = new AbortController();
  state.asking = controller;
  const body = { question };
  const docIds = selectedDocIds();
  if (docIds.length > 0) body.docIds = docIds;
  for (const [id, key] of [["budget", "budget"], ["patience", "patience"], ["max-steps", "maxSteps"]]) {
    const value = numberOr(id);
    if (value !== undefined) body[key] = value;
  }
  if ($("fill").checked) body.fill = true;
  resetAnswer();
  $("ask-button").disabled = true;
  $("stop-button").hidden = false;
  let streamed = "";
  let done = false;
  try {
    for await (const { event: kind, data } of api.askStream(body, controller.signal)) {
      if (kind === "walk-step") addStep(data);
      else if (kind === "answer-delta") {
        streamed += data.text;
        $("answer").textContent = unwrap(streamed);
      } else if (kind === "done") {
        done = true;
        await finish(data);
      } else if (kind === "error") throw new api.ApiError(500, data.error.code, data.error.message);
    }
    if (!done && !controller.signal.aborted) throw new Error("the answer stream ended early");
  } catch (error) {
    const message = explain(error);
    if (message) notice(message);
    const answer = $("answer");
    answer.classList.remove("streaming");
    answer.setAttribute("aria-busy", "false");
    if (!done) answer.replaceChildren(emptyNote(controller.signal.aborted ? "Stopped." : "No answer."));
  } finally {
    if (state.asking === controller) state.asking = undefined;
    $("ask-button").disabled = false;
    $("stop-button").hidden = true;
  }
});

$("stop-button").addEventListener("click", () => state.asking?.abort());

refreshDocs().catch((error) => notice(explain(error)));
