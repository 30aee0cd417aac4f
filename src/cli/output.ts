/** How the CLI speaks: results on stdout, errors as one `CODE: message` line on stderr (or JSON with --json). */
import { isPecanError, type ErrorCode } from "../index.js";
import type { Logger } from "./log.js";

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function errorParts(error: unknown): { code: ErrorCode; message: string } {
  if (isPecanError(error)) return { code: error.code, message: error.message };
  const message = error instanceof Error ? error.message : String(error);
  return { code: "E_INTERNAL", message };
}

/** Reports an error and returns the exit status; with --verbose (or PECAN_DEBUG) an internal error's stack too. */
export function reportError(error: unknown, json: boolean, log?: Logger): number {
  const { code, message } = errorParts(error);
  const oneLine = message.replace(/\s*\n\s*/g, " ");
  if (json) process.stdout.write(`${JSON.stringify({ error: { code, message: oneLine } })}\n`);
  process.stderr.write(`${code}: ${oneLine}\n`);
  const verbose = process.env.PECAN_DEBUG !== undefined || log?.enabled("debug") === true;
  if (verbose && code === "E_INTERNAL" && error instanceof Error) process.stderr.write(`${error.stack}\n`);
  else if (verbose) for (const cause of causesOf(error)) process.stderr.write(`  cause: ${cause}\n`);
  return code === "E_BAD_FLAG" || code === "E_CONFIG" ? 2 : 1;
}

/** The messages of an error's causes, outermost first (at most five). */
function causesOf(error: unknown): string[] {
  const causes: string[] = [];
  for (let e = (error as { cause?: unknown }).cause; e !== undefined && causes.length < 5; e = (e as { cause?: unknown }).cause) {
    causes.push(e instanceof Error ? `${e.name}: ${e.message}` : String(e));
  }
  return causes;
}

/** Pads columns for a plain table. */
export function table(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((row) => row.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join("  ").trimEnd()).join("\n");
}
