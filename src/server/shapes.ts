/**
 * The JSON shapes the server answers with: the same as the CLI's `--json` output
 * (PECAN.md section 6, typed by src/contract), so a script can switch between
 * `pecan ask --json` and `POST /ask`.
 */
export { askJson, inspectJson, ingestJson, summaryJson, documentJson } from "../index.js";
