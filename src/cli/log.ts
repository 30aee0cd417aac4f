/**
 * How loud the CLI is on standard error: `--quiet` (errors only), the default (warnings,
 * notes and the progress bar), `--verbose` (also the resolved configuration, timings and the
 * stack of an internal error). `PECAN_LOG_LEVEL` sets the default; a flag wins. Standard
 * output carries results only, whatever the level.
 */
import { UsageError } from "../index.js";

/** The levels, from quietest to loudest. */
export const LOG_LEVELS = ["error", "warn", "info", "debug"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** The level without flags or `PECAN_LOG_LEVEL`. */
export const DEFAULT_LOG_LEVEL: LogLevel = "info";

/** Writes diagnostics at or below its level to a stream (standard error). */
export interface Logger {
  readonly level: LogLevel;
  /** True when messages of `level` are shown. */
  enabled(level: LogLevel): boolean;
  warn(message: string): void;
  info(message: string): void;
  debug(message: string): void;
}

/**
 * A logger at `level`.
 * @example createLogger("debug").debug("config: ...") // "config: ..." on stderr
 */
export function createLogger(level: LogLevel = DEFAULT_LOG_LEVEL, stream: NodeJS.WritableStream = process.stderr): Logger {
  const rank = LOG_LEVELS.indexOf(level);
  const enabled = (at: LogLevel): boolean => LOG_LEVELS.indexOf(at) <= rank;
  const write = (at: LogLevel, prefix: string, message: string): void => {
    if (enabled(at)) stream.write(`${prefix}${message}\n`);
  };
  return {
    level,
    enabled,
    warn: (message) => write("warn", "warning: ", message),
    info: (message) => write("info", "", message),
    debug: (message) => write("debug", "", message),
  };
}

/** What the global options leave: the command's own arguments and the level. */
export interface GlobalOptions {
  readonly argv: string[];
  readonly level: LogLevel;
}

const FLAGS: Readonly<Record<string, LogLevel>> = { "--quiet": "error", "-q": "error", "--verbose": "debug" };

/**
 * Takes `--quiet`/`-q` and `--verbose` out of `argv` (anywhere before `--`; the last one wins),
 * else the level of `PECAN_LOG_LEVEL`; an unknown level there is E_CONFIG.
 * @example globalOptions(["ask", "x", "--quiet"], {}) // { argv: ["ask", "x"], level: "error" }
 */
export function globalOptions(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): GlobalOptions {
  const raw = env.PECAN_LOG_LEVEL?.trim().toLowerCase();
  let level: LogLevel = DEFAULT_LOG_LEVEL;
  if (raw !== undefined && raw !== "") {
    const known = LOG_LEVELS.find((l) => l === raw) ?? (raw === "quiet" ? "error" : raw === "verbose" ? "debug" : undefined);
    if (known === undefined) throw new UsageError(`PECAN_LOG_LEVEL: expected one of ${LOG_LEVELS.join(", ")}, got "${raw}"`, { code: "E_CONFIG" });
    level = known;
  }
  const rest: string[] = [];
  let literal = false;
  for (const arg of argv) {
    const flag = literal ? undefined : FLAGS[arg];
    if (arg === "--") literal = true;
    if (flag !== undefined) level = flag;
    else rest.push(arg);
  }
  return { argv: rest, level };
}
