/** `pecan remove`: delete a document with its graph. */
import { asDocId, createEngine, UsageError } from "../../index.js";
import { migrationNotice } from "../open-engine.js";
import { boolFlag, DB_FLAG, existingDbPath, JSON_FLAG, parseFlags } from "../args.js";
import { printJson } from "../output.js";

export const REMOVE_HELP = `pecan remove <docId>... [--db PATH] [--json]

Removes documents with their nodes, edges and index entries. Other documents are untouched.
`;

export async function removeCommand(argv: readonly string[]): Promise<number> {
  const parsed = parseFlags(argv, { ...DB_FLAG, ...JSON_FLAG });
  if (boolFlag(parsed, "help")) {
    process.stdout.write(REMOVE_HELP);
    return 0;
  }
  if (parsed.positionals.length === 0) throw new UsageError("give the id of the document to remove");
  const engine = createEngine({ dbPath: existingDbPath(parsed), onStoreMigrate: migrationNotice() });
  try {
    for (const id of parsed.positionals) await engine.remove(asDocId(id));
    if (boolFlag(parsed, "json")) printJson({ removed: parsed.positionals });
    else process.stdout.write(`removed ${parsed.positionals.join(", ")}\n`);
    return 0;
  } finally {
    await engine.close();
  }
}
