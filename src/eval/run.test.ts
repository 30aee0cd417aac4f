import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runEval, type EvalRun } from "./run.js";
import { writeToyDataset } from "../testing/toy-data.js";
import { evalCommand } from "../cli/commands/eval.js";
import { loadWordVectors } from "../index.js";
import { convertWinkVectors } from "../retrieval/word-vectors-convert.js";
import { writeTinyWinkSource } from "../testing/tiny-vectors.js";
import { ScriptedChatModel } from "../testing/scripted-chat-model.js";

const ALL = ["pecan", "pecan-fill", "pecan-flat", "bm25-chunks", "bm25-sentences", "dos-rag", "raptor", "full", "hybrid"];

let dir: string;
let dataDir: string;
let run: EvalRun;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "pecan-eval-"));
  ({ dataDir } = writeToyDataset(join(dir, "data")));
  run = await runEval({ dataDir, datasets: ["toy"], methods: ALL, budgets: [1000, 200], setting: "per-document" });
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("runEval on a toy set", () => {
  it("classifies the questions' targets and counts what it could not score", () => {
    const d = run.datasets[0]!;
    expect(d.name).toBe("toy");
    expect(d.questions).toBe(5);
    expect(d.scored).toEqual({ evidence: 3, answer: 1, none: 1 });
    expect(d.evidenceStrings).toBe(3);
    expect(d.evidenceUnlocated).toBe(0);
    expect(d.locatedBy).toEqual({ exact: 2, loose: 1, pieces: 0 });
    const q5 = d.records.find((r) => r.id === "q5")!;
    expect(q5.target).toBe("none");
    expect(q5.runs).toEqual([]);
  });

  it("reports hybrid as skipped, with the reason, and runs the others", () => {
    expect(run.skippedMethods.map((s) => s.name)).toEqual(["hybrid"]);
    expect(run.methods.map((m) => m.name)).toEqual(ALL.filter((m) => m !== "hybrid"));
    expect(run.budgets).toEqual([200, 1000]);
  });

  it("never reads past a budget, and the whole document finds everything", () => {
    const d = run.datasets[0]!;
    for (const r of d.records.flatMap((q) => q.runs)) {
      if (r.budget !== null) expect(r.tokens).toBeLessThanOrEqual(r.budget);
    }
    const full = d.summaries.find((s) => s.method === "full")!;
    expect(full.budget).toBeNull();
    expect(full.recall).toBe(1);
    expect(full.evidenceRead).toBe(1);
    expect(full.tokens).toBeGreaterThan(1000);
  });

  it("finds the planted facts with BM25 and Pecan at the larger budget", () => {
    const d = run.datasets[0]!;
    for (const method of ["bm25-chunks", "bm25-sentences", "pecan-fill", "pecan-flat", "raptor"]) {
      const s = d.summaries.find((x) => x.method === method && x.budget === 1000)!;
      expect(s.questions).toBe(4);
      expect(s.recall, method).toBeGreaterThan(0.7);
    }
    const chunks = d.summaries.find((x) => x.method === "bm25-chunks" && x.budget === 1000)!;
    const dos = d.summaries.find((x) => x.method === "dos-rag" && x.budget === 1000)!;
    expect(dos.recall).toBe(chunks.recall);
    expect(dos.tokens).toBe(chunks.tokens);
  });

  it("reports the adaptive walk's stops and judge calibration", () => {
    const d = run.datasets[0]!;
    const adaptive = d.summaries.filter((s) => s.method === "pecan");
    expect(adaptive.map((s) => s.budget)).toEqual([200, 1000]);
    for (const s of adaptive) {
      expect(s.kind).toBe("adaptive");
      expect(s.premature).toBeGreaterThanOrEqual(0);
      expect(Object.values(s.stops ?? {}).reduce((a, b) => a + b, 0)).toBe(4);
    }
  });

  it("is deterministic apart from milliseconds", async () => {
    const again = await runEval({ dataDir, datasets: ["all"], methods: ALL, budgets: [200, 1000], setting: "per-document" });
    const strip = (r: EvalRun) => r.datasets.map((d) => d.summaries.map(({ ms: _ms, ...s }) => s));
    expect(strip(again)).toEqual(strip(run));
  });

  it("runs the collection setting over every document of the set", async () => {
    const c = await runEval({ dataDir, datasets: ["toy"], methods: ["bm25-chunks", "pecan-fill", "full"], budgets: [1000], setting: "collection" });
    const d = c.datasets[0]!;
    expect(d.setting).toBe("collection");
    expect(d.documents).toBe(2);
    expect(d.summaries.find((s) => s.method === "bm25-chunks")!.recall).toBeGreaterThan(0.7);
    expect(d.fidelity).toBeUndefined();
  });

  it("reports the coarse stage's overlap with the exhaustive walk in the collection setting only", async () => {
    const methods = ["pecan-fill", "pecan-dhsa", "pecan-exhaustive"];
    const c = await runEval({ dataDir, datasets: ["toy"], methods, budgets: [300, 1000], setting: "collection" });
    const rows = c.datasets[0]!.fidelity!;
    expect(rows.map((r) => `${r.method} ${r.budget}`).sort()).toEqual(["pecan-dhsa 1000", "pecan-dhsa 300", "pecan-fill 1000", "pecan-fill 300"]);
    for (const r of rows) {
      expect(r.unitIoU).toBeGreaterThanOrEqual(0);
      expect(r.unitIoU).toBeLessThanOrEqual(1);
      expect(r.questions).toBeGreaterThan(0);
    }
    const perDoc = await runEval({ dataDir, datasets: ["toy"], methods, budgets: [300], setting: "per-document" });
    expect(perDoc.datasets[0]!.fidelity).toBeUndefined();
    // Per document, every variant reads the question's own document: the same readings as pecan-fill.
    const recall = (m: string) => perDoc.datasets[0]!.summaries.find((s) => s.method === m)!.recall;
    expect(recall("pecan-dhsa")).toBe(recall("pecan-fill"));
    expect(recall("pecan-exhaustive")).toBe(recall("pecan-fill"));
  });

  it("refuses unknown sets and methods with E_BAD_FLAG", async () => {
    await expect(runEval({ dataDir, datasets: ["nope"], methods: ["full"], budgets: [100], setting: "per-document" })).rejects.toMatchObject({ code: "E_BAD_FLAG" });
    await expect(runEval({ dataDir, datasets: ["toy"], methods: ["magic"], budgets: [100], setting: "per-document" })).rejects.toMatchObject({ code: "E_BAD_FLAG" });
    await expect(runEval({ dataDir, datasets: ["toy"], methods: ["full"], budgets: [], setting: "per-document" })).rejects.toMatchObject({ code: "E_BAD_FLAG" });
  });
});

describe("pecan eval", () => {
  it("writes results.json, questions.jsonl, results.md and plots", async () => {
    const out = join(dir, "out");
    const stdout = process.stdout.write;
    let printed = "";
    process.stdout.write = ((chunk: string) => {
      printed += chunk;
      return true;
    }) as typeof process.stdout.write;
    let code: number;
    try {
      code = await evalCommand(["--data", dataDir, "--dataset", "toy", "--methods", "bm25-chunks,pecan,full", "--budget", "300", "--budget", "900", "--limit", "4", "--out", out, "--json"]);
    } finally {
      process.stdout.write = stdout;
    }
    expect(code).toBe(0);
    const parsed = JSON.parse(printed) as { datasets: { name: string; questions: number; summaries: unknown[] }[] };
    expect(parsed.datasets[0]!.questions).toBe(4);
    // bm25-chunks and pecan at two budgets, full, and BM25 cut to pecan's characters at each budget.
    expect(parsed.datasets[0]!.summaries.length).toBe(7);
    for (const f of ["results.json", "questions.jsonl", "results.md", "plots/toy.svg"]) expect(existsSync(join(out, f)), f).toBe(true);
    const md = readFileSync(join(out, "results.md"), "utf8");
    expect(md).toContain("| bm25-chunks | 300 |");
    expect(md).toContain("| bm25-chunks@pecan-chars | 300 |");
    expect(md).toContain("Goal check:");
    const svg = readFileSync(join(out, "plots/toy.svg"), "utf8");
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg).toContain("<polyline");
    expect(readFileSync(join(out, "questions.jsonl"), "utf8").trim().split("\n")).toHaveLength(4);
  });

  it("rejects a missing --data with E_BAD_FLAG", async () => {
    await expect(evalCommand(["--dataset", "toy"])).rejects.toMatchObject({ code: "E_BAD_FLAG" });
    await expect(evalCommand(["--data", dataDir, "--dataset", "toy", "--setting", "galaxy"])).rejects.toMatchObject({ code: "E_BAD_FLAG" });
  });
});

describe("runEval with vectors and a chat model", () => {
  it("runs hybrid over word vectors", async () => {
    const source = writeTinyWinkSource(dir);
    const cache = join(dir, "vectors.bin");
    await convertWinkVectors(source.path, cache);
    const vectors = loadWordVectors(cache);
    const r = await runEval({ dataDir, datasets: ["toy"], methods: ["hybrid", "bm25-chunks"], budgets: [300, 1000], setting: "per-document", deps: { vectors } });
    expect(r.skippedMethods).toEqual([]);
    const hybrid = r.datasets[0]!.summaries.filter((s) => s.method === "hybrid");
    expect(hybrid.map((s) => s.budget)).toEqual([300, 1000]);
    expect(hybrid[1]!.recall).toBeGreaterThan(0.5);
    for (const s of hybrid) expect(s.tokens).toBeLessThanOrEqual(s.budget!);
  });

  it("scores a chat model's answers, and asks the questions retrieval cannot score", async () => {
    // The judge is asked "Yes or No"; the reader answers "Yes" as well (q5's gold answer).
    const chat = new ScriptedChatModel(() => {
      return "Yes";
    });
    const r = await runEval({
      dataDir,
      datasets: ["toy"],
      methods: ["pecan", "bm25-chunks"],
      budgets: [600],
      setting: "per-document",
      deps: { pecan: { engine: { chat, summarizer: "lexrank", weigher: "alignment" } } },
    });
    const d = r.datasets[0]!;
    const q5 = d.records.find((q) => q.id === "q5")!;
    expect(q5.target).toBe("none");
    expect(q5.runs.map((x) => x.method)).toEqual(["pecan"]);
    expect(q5.runs[0]!.exactMatch).toBe(1);
    expect(q5.runs[0]!.recall).toBeUndefined();
    const q1 = d.records.find((q) => q.id === "q1")!;
    expect(q1.runs.find((x) => x.method === "pecan")!.exactMatch).toBe(0);
    const pecan = d.summaries.find((s) => s.method === "pecan")!;
    expect(pecan.questions).toBe(4);
    expect(pecan.answers?.questions).toBe(5);
    expect(pecan.answers?.exactMatch).toBe(0.2);
    expect(d.summaries.find((s) => s.method === "bm25-chunks")!.answers).toBeUndefined();
    expect(chat.calls.length).toBeGreaterThan(0);
  });
});
