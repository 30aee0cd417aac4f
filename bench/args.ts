/**
 * Flags of a benchmark script: `--help` prints the script's own header comment (its usage and
 * what it measures), and an unknown or malformed flag prints the error and that text with exit
 * code 2, instead of a stack trace. The header is read from the running file, so the usage
 * written at the top of each script is the only copy.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseArgs, type ParseArgsConfig } from "node:util";

type Options = NonNullable<ParseArgsConfig["options"]>;

/** The first block comment of a file, without its comment markers. */
export function headerOf(source: string): string {
  const match = /^(?:#![^\n]*\n)?\s*\/\*\*?([\s\S]*?)\*\//.exec(source);
  if (!match) return "";
  return (match[1] ?? "")
    .split("\n")
    .map((line) => line.replace(/^\s*\* ?/, ""))
    .join("\n")
    .trim();
}

/** `parseArgs` of the process's flags with `--help` / `-h` and a usage message on bad flags. */
export function benchArgs<const O extends Options>(moduleUrl: string, options: O): ReturnType<typeof parseArgs<{ options: O }>>["values"] {
  const usage = (): string => {
    try {
      return headerOf(readFileSync(fileURLToPath(moduleUrl), "utf8"));
    } catch {
      return "";
    }
  };
  if (process.argv.slice(2).some((a) => a === "--help" || a === "-h")) {
    process.stdout.write(`${usage()}\n`);
    process.exit(0);
  }
  try {
    return parseArgs({ options }).values;
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${usage()}\n`);
    process.exit(2);
  }
}
