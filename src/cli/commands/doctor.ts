/** `pecan doctor`: checks the configuration, the store and a configured model end to end, and says what to change. */
import { loadLlmConfig, toPecanError, type LlmConfig } from "../../index.js";
import { boolFlag, DB_FLAG, dbPath, JSON_FLAG, parseFlags, stringFlag, type Options } from "../args.js";
import { configCheck, modelChecks, storeCheck, type Check } from "../doctor-checks.js";
import { createLogger, type Logger } from "../log.js";
import { printJson } from "../output.js";

export const DOCTOR_HELP = `pecan doctor [--db PATH] [--llm SPEC] [--embed SPEC] [--config FILE] [--json]

Checks that Pecan can run here, and says what to change when it cannot:
  config   pecan.config.json, the environment and the flags resolve (no key is printed)
  store    the store opens, its schema version fits, its integrity check passes
  summary  with a model: one small sample document summarized by it (or did it fall back?)
  judge    one Yes/No call with log-probabilities and one without: which the model supports
  answer   one question answered from the sample, with citations
  embed    with --embed: one embedding
The model checks send a few short requests (about 1,500 tokens in all). Exit status 1 when a
check fails; warnings (a model without log-probabilities, say) do not fail.

Options:
  --db PATH      store to check (default: $PECAN_DB or ./pecan.db)
  --llm SPEC     chat model to check (openai:<model>, ollama:<model>, gguf:<path>)
  --embed SPEC   embedding model to check
  --config FILE  config file (default: $PECAN_CONFIG or ./pecan.config.json)
  --json         print { ok, checks: [ { name, status, detail, advice?, ms? } ] }
`;

const OPTIONS: Options = { ...DB_FLAG, ...JSON_FLAG, llm: { type: "string" }, embed: { type: "string" }, config: { type: "string" } };

function line(check: Check): string {
  const ms = check.ms !== undefined ? ` (${check.ms} ms)` : "";
  return `${check.status.padEnd(5)} ${check.name.padEnd(8)} ${check.detail}${ms}`;
}

export async function doctorCommand(argv: readonly string[], log: Logger = createLogger()): Promise<number> {
  const parsed = parseFlags(argv, OPTIONS, false);
  if (boolFlag(parsed, "help")) {
    process.stdout.write(DOCTOR_HELP);
    return 0;
  }
  const llm = stringFlag(parsed, "llm");
  const embed = stringFlag(parsed, "embed");
  const configPath = stringFlag(parsed, "config");
  const checks: Check[] = [];
  let config: LlmConfig | undefined;
  try {
    config = await loadLlmConfig({ flags: { ...(llm ? { llm } : {}), ...(embed ? { embed } : {}) }, env: process.env, ...(configPath ? { configPath } : {}) });
    checks.push(configCheck(config));
  } catch (error) {
    const e = toPecanError(error);
    checks.push({ name: "config", status: "fail", detail: `${e.code}: ${e.message}`, advice: "fix the field the message names; pecan --help lists every setting" });
  }
  const json = boolFlag(parsed, "json");
  checks.push(await storeCheck(dbPath(parsed), { progress: !json }));
  if (!json) for (const check of checks) process.stdout.write(`${line(check)}\n`);
  if (config !== undefined) {
    log.debug("doctor: checking the model with a few short requests");
    for (const check of await modelChecks(config)) {
      checks.push(check);
      if (!json) process.stdout.write(`${line(check)}\n`);
    }
  }
  const ok = checks.every((c) => c.status !== "fail");
  if (json) printJson({ ok, checks });
  else {
    const advice = checks.filter((c) => c.advice !== undefined && c.status !== "ok");
    if (advice.length > 0) process.stdout.write(`\nWhat to change:\n${advice.map((c) => `  ${c.name}: ${c.advice}`).join("\n")}\n`);
    process.stdout.write(ok ? "\nPecan can run here.\n" : "\nA check failed: see above.\n");
  }
  return ok ? 0 : 1;
}
