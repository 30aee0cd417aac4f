/** Flag parsing on node:util parseArgs, strict: an unknown or malformed flag is E_BAD_FLAG. */
import { parseArgs, type ParseArgsConfig } from "node:util";
import { existsSync } from "node:fs";
import { isPostgresUrl, StoreError, UsageError } from "../index.js";

export type Options = NonNullable<ParseArgsConfig["options"]>;

export interface Parsed {
  readonly values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  readonly positionals: string[];
}

/** Parses `argv` against `options`; `--help`/`-h` is always accepted. */
export function parseFlags(argv: readonly string[], options: Options, allowPositionals = true): Parsed {
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      options: { ...options, help: { type: "boolean", short: "h" } },
      allowPositionals,
      strict: true,
    });
    return { values, positionals };
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/\s+/g, " ").trim(), { cause: error });
  }
}

export function stringFlag(parsed: Parsed, name: string): string | undefined {
  const value = parsed.values[name];
  return typeof value === "string" ? value : undefined;
}

export function boolFlag(parsed: Parsed, name: string): boolean {
  return parsed.values[name] === true;
}

export function stringList(parsed: Parsed, name: string): string[] {
  const value = parsed.values[name];
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === "string");
}

/** A positive integer flag, or the default; anything else is E_BAD_FLAG. */
export function intFlag(parsed: Parsed, name: string, fallback: number, min = 1): number {
  const raw = stringFlag(parsed, name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) {
    throw new UsageError(`--${name} must be an integer of at least ${min}, got "${raw}"`);
  }
  return value;
}

export function intList(parsed: Parsed, name: string, min = 1): number[] {
  return stringList(parsed, name)
    .flatMap((raw) => raw.split(","))
    .map((raw) => {
      const value = Number(raw);
      if (!Number.isInteger(value) || value < min) {
        throw new UsageError(`--${name} must be integers of at least ${min}, got "${raw}"`);
      }
      return value;
    });
}

/** `--db`, else `$PECAN_DB`, else `./pecan.db`. */
export function dbPath(parsed: Parsed): string {
  return stringFlag(parsed, "db") ?? process.env.PECAN_DB ?? "pecan.db";
}

/** The store path for commands that only read: a missing file is E_STORE (a typo would otherwise create an empty store). */
export function existingDbPath(parsed: Parsed): string {
  const path = dbPath(parsed);
  if (path !== ":memory:" && !isPostgresUrl(path) && !existsSync(path)) throw new StoreError("E_STORE", `no store at ${path} (create one with \`pecan ingest\`)`);
  return path;
}

export const DB_FLAG: Options = { db: { type: "string" } };
export const JSON_FLAG: Options = { json: { type: "boolean" } };
