/** `pecan list`: the documents in the store. */
import { boolFlag, DB_FLAG, existingDbPath, JSON_FLAG, parseFlags } from "../args.js";
import { printJson, table } from "../output.js";
import { createEngine, listItemJson } from "../../index.js";
import { migrationNotice } from "../open-engine.js";

export const LIST_HELP = `pecan list [--db PATH] [--json]

Lists the stored documents: id, title, tokens, nodes and levels.
`;

export async function listCommand(argv: readonly string[]): Promise<number> {
  const parsed = parseFlags(argv, { ...DB_FLAG, ...JSON_FLAG }, false);
  if (boolFlag(parsed, "help")) {
    process.stdout.write(LIST_HELP);
    return 0;
  }
  const engine = createEngine({ dbPath: existingDbPath(parsed), onStoreMigrate: migrationNotice() });
  try {
    const docs = await engine.list();
    if (boolFlag(parsed, "json")) {
      printJson(docs.map(listItemJson));
    } else if (docs.length === 0) {
      process.stdout.write("no documents (add some with `pecan ingest`)\n");
    } else {
      const rows = docs.map((d) => [d.docId, String(d.tokens), String(d.nodes), String(d.levels), d.title.slice(0, 60)]);
      process.stdout.write(`${table([["doc", "tokens", "nodes", "levels", "title"], ...rows])}\n`);
    }
    return 0;
  } finally {
    await engine.close();
  }
}
