/** `pecan inspect`: a document's graph as JSON, Graphviz dot, or a self-contained HTML page. */
import { asDocId, createEngine, inspectJson, renderDot, renderHtml, UsageError } from "../../index.js";
import { migrationNotice } from "../open-engine.js";
import { boolFlag, DB_FLAG, existingDbPath, JSON_FLAG, parseFlags, stringFlag } from "../args.js";
import { printJson } from "../output.js";

export const INSPECT_HELP = `pecan inspect <docId> [--db PATH] [--format json|dot|html]

Prints a document's hierarchy: every node (level, text, tokens, verbatim spans, pages, who made
it) and every weighted edge. --format dot is for Graphviz; --format html is a page to open in a
browser (levels as rows, nodes sized by tokens, edges shaded by weight). Default: json.
`;

export async function inspectCommand(argv: readonly string[]): Promise<number> {
  const parsed = parseFlags(argv, { ...DB_FLAG, ...JSON_FLAG, format: { type: "string" } });
  if (boolFlag(parsed, "help")) {
    process.stdout.write(INSPECT_HELP);
    return 0;
  }
  const [id, ...extra] = parsed.positionals;
  if (!id || extra.length > 0) throw new UsageError("give exactly one document id to inspect");
  const format = stringFlag(parsed, "format") ?? "json";
  if (!["json", "dot", "html"].includes(format)) throw new UsageError(`--format must be json, dot or html, got "${format}"`);
  const engine = createEngine({ dbPath: existingDbPath(parsed), onStoreMigrate: migrationNotice() });
  try {
    const result = await engine.inspect(asDocId(id));
    if (format === "json") printJson(inspectJson(result));
    else if (format === "dot") process.stdout.write(renderDot({ document: result.document, ...result.graph }));
    else process.stdout.write(renderHtml({ document: result.document, ...result.graph }));
    return 0;
  } finally {
    await engine.close();
  }
}
