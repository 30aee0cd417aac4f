/**
 * Hostile-input benchmark: seconds per MB and peak memory of `pecan ingest` (the built CLI, in a
 * child process, ingest workers on) for real text and for each pathological kind of
 * `hostile-text.ts`, at several sizes. Ingest must stay linear in size whatever the input: the
 * seconds per MB of a kind should not grow with the size. Reported, not asserted.
 *
 *   npm run bench:hostile -- [--sizes 1,4,16] [--kinds real,no-whitespace,...] [--data DIR] [--json]
 *
 * Real text is the evaluation data's filings (financebench) concatenated; without ../shared/data
 * the real-text rows are left out. Peak memory is the child's maximum resident set (GNU time).
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { benchArgs } from "./args.js";
import { extensionOf, hostileText, HOSTILE_KINDS, type HostileKind } from "./hostile-text.js";

const here = fileURLToPath(new URL(".", import.meta.url));
const CLI = resolve(here, "../src/cli/main.js");

interface Row {
  readonly kind: string;
  readonly mb: number;
  readonly wallS: number;
  readonly cpuS: number;
  readonly sPerMb: number;
  readonly peakMb: number;
  readonly outcome: string;
}

function realText(dataDir: string, bytes: number): string | undefined {
  const file = join(dataDir, "financebench", "documents.jsonl");
  if (!existsSync(file)) return undefined;
  const texts = readFileSync(file, "utf8").split("\n").filter((l) => l.trim()).map((l) => (JSON.parse(l) as { text: string }).text);
  let out = "";
  for (let i = 0; Buffer.byteLength(out) < bytes; i++) out += `${texts[i % texts.length]}\n\n`;
  return out.slice(0, bytes);
}

function measure(kind: string, text: string, dir: string): Row {
  const ext = kind === "real" ? ".txt" : extensionOf(kind as HostileKind);
  const file = join(dir, `${kind}${ext}`);
  writeFileSync(file, text);
  const db = join(dir, `${kind}.db`);
  rmSync(db, { force: true });
  const timeFile = join(dir, "time.txt");
  const hasTime = existsSync("/usr/bin/time");
  const command = hasTime ? "/usr/bin/time" : process.execPath;
  const args = hasTime ? ["-f", "%e %U %S %M", "-o", timeFile, process.execPath, CLI, "ingest", file, "--db", db, "--json"] : [CLI, "ingest", file, "--db", db, "--json"];
  const started = performance.now();
  const child = spawnSync(command, args, { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  const wall = (performance.now() - started) / 1000;
  const [e, u, s, m] = hasTime ? (readFileSync(timeFile, "utf8").trim().split("\n").pop() ?? "").split(/\s+/).map(Number) : [wall, NaN, NaN, NaN];
  const mb = statSync(file).size / 1e6;
  const outcome = child.status === 0 ? "stored" : (child.stderr.split(":")[0] ?? `exit ${child.status}`);
  rmSync(file, { force: true });
  for (const suffix of ["", "-wal", "-shm"]) rmSync(`${db}${suffix}`, { force: true });
  return { kind, mb, wallS: e ?? wall, cpuS: (u ?? NaN) + (s ?? NaN), sPerMb: (e ?? wall) / mb, peakMb: (m ?? NaN) / 1024, outcome };
}

function main(): void {
  const values = benchArgs(import.meta.url, { sizes: { type: "string", default: "1,4,16" }, kinds: { type: "string" }, data: { type: "string" }, json: { type: "boolean" } });
  const sizes = values.sizes.split(",").map(Number).filter((n) => n > 0);
  const kinds = values.kinds ? values.kinds.split(",") : ["real", ...HOSTILE_KINDS];
  const dataDir = resolve(values.data ?? resolve(here, "../../../shared/data"));
  const dir = mkdtempSync(join(tmpdir(), "pecan-bench-hostile-"));
  const rows: Row[] = [];
  try {
    for (const size of sizes) {
      for (const kind of kinds) {
        const bytes = size * 1e6;
        const text = kind === "real" ? realText(dataDir, bytes) : hostileText(kind as HostileKind, bytes, 7);
        if (text === undefined) continue;
        const row = measure(kind, text, dir);
        rows.push(row);
        if (!values.json) process.stderr.write(`${kind} ${size} MB: ${row.wallS.toFixed(1)} s, ${row.peakMb.toFixed(0)} MB peak, ${row.outcome}\n`);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  if (values.json) {
    console.log(JSON.stringify({ cores: cpus().length, rows }, null, 2));
    return;
  }
  console.log(`| input | MB | wall s | CPU s | s per MB | peak RSS MB | outcome |\n| --- | ---: | ---: | ---: | ---: | ---: | --- |`);
  for (const r of rows) {
    console.log(`| ${r.kind} | ${r.mb.toFixed(1)} | ${r.wallS.toFixed(1)} | ${r.cpuS.toFixed(1)} | ${r.sPerMb.toFixed(2)} | ${r.peakMb.toFixed(0)} | ${r.outcome} |`);
  }
}

main();
