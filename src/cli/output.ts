/** How the CLI speaks: results on stdout, errors as one `CODE: message` line on stderr (or JSON with --json). */
import { isPecanError, type ErrorCode } from "../index.js";

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function errorParts(error: unknown): { code: ErrorCode; message: string } {
  if (isPecanError(error)) return { code: error.code, message: error.message };
  const message = error instanceof Error ? error.message : String(error);
  return { code: "E_INTERNAL", message };
}

/** Reports an error and returns the exit status. */
export function reportError(error: unknown, json: boolean): number {
  const { code, message } = errorParts(error);
  const oneLine = message.replace(/\s*\n\s*/g, " ");
  if (json) process.stdout.write(`${JSON.stringify({ error: { code, message: oneLine } })}\n`);
  process.stderr.write(`${code}: ${oneLine}\n`);
  if (code === "E_INTERNAL" && process.env.PECAN_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
  return code === "E_BAD_FLAG" || code === "E_CONFIG" ? 2 : 1;
}

/** Pads columns for a plain table. */
export function table(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((row) => row.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join("  ").trimEnd()).join("\n");
}
