/**
 * A progress bar on standard error, drawn only when stderr is a TTY (and not with --json);
 * silent otherwise, so scripts and logs stay clean.
 */

export interface Progress {
  /** Sets the total units of work (e.g. tokens to ingest). */
  total(units: number): void;
  /** Advances by `units` and redraws, with an optional label (the current document). */
  tick(units: number, label?: string): void;
  /** Clears the bar. */
  done(): void;
}

const SILENT: Progress = { total() {}, tick() {}, done() {} };

export function createProgress(options: { enabled: boolean; stream?: NodeJS.WriteStream; title: string; unit?: string }): Progress {
  const stream = options.stream ?? process.stderr;
  if (!options.enabled || !stream.isTTY) return SILENT;
  let total = 0;
  let doneUnits = 0;
  let ticks = 0;
  let lastDraw = 0;
  const started = Date.now();
  const draw = (label: string, force = false): void => {
    const now = Date.now();
    if (!force && now - lastDraw < 80) return;
    lastDraw = now;
    const width = Math.max(10, Math.min(30, (stream.columns ?? 80) - 60));
    const share = total > 0 ? Math.min(1, doneUnits / total) : 0;
    const filled = Math.round(share * width);
    const seconds = (now - started) / 1000;
    const rate = seconds > 0 ? Math.round(doneUnits / seconds) : 0;
    // Without a known total (a JSONL stream, a directory walk) show counts and rate instead of a bar.
    const text =
      total > 0
        ? `${options.title} ${"█".repeat(filled)}${"░".repeat(width - filled)} ${(share * 100).toFixed(0).padStart(3)}% ${rate}/s ${label}`
        : `${options.title} ${"⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏"[ticks % 10]} ${ticks} done · ${doneUnits.toLocaleString("en")} ${options.unit ?? "units"} · ${rate.toLocaleString("en")}/s · ${label}`;
    stream.write(`\r\x1b[2K${text.slice(0, (stream.columns ?? 80) - 1)}`);
  };
  return {
    total(units) {
      total = units;
    },
    tick(units, label = "") {
      doneUnits += units;
      ticks++;
      draw(label);
    },
    done() {
      stream.write("\r\x1b[2K");
    },
  };
}
