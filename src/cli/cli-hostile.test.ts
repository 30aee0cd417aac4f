/**
 * Hostile input, end to end: pathological documents (bench/hostile-text.ts: long runs without
 * whitespace or punctuation, 3 MB of `<`, deep nesting, huge attributes, mixed scripts, control
 * and private-use characters, very long lines, CJK without punctuation) are ingested by the
 * built CLI in a child process, which must finish within a time proportional to the input's
 * size (ingest was quadratic in a run's length) and either store the document or refuse it with
 * a stable input code; the store stays sound either way.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { extensionOf, hostileInput, hostileText } from "../../bench/hostile-text.js";
import { cliBuilt, InspectJson, ListJson, makeTempDir, parseStdout, runCli } from "../testing/cli-runner.js";

const { dir, cleanup } = makeTempDir("cli-hostile");
afterAll(cleanup);

/** Generous for a linear ingest on a loaded 2-core machine; a quadratic one blows through it. */
const boundMs = (bytes: number): number => 20_000 + (60_000 * bytes) / 1e6;

describe.runIf(cliBuilt())("hostile documents", () => {
  it("each ingests or is refused with a code, within a time proportional to its size", async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(hostileInput(20_000, 200_000), async ({ kind, bytes, seed }) => {
        run++;
        const name = `h${run}-${kind}${extensionOf(kind)}`;
        const text = hostileText(kind, bytes, seed);
        writeFileSync(join(dir, name), text);
        const db = `h${run}.db`;
        const started = performance.now();
        const result = await runCli(["ingest", name, "--db", db, "--json"], { cwd: dir, timeoutMs: boundMs(Buffer.byteLength(text)) });
        const context = `${kind}, ${bytes} bytes, seed ${seed}: ${result.stderr.slice(0, 300)}`;
        expect(result.signal, `${context} (killed after ${Math.round(performance.now() - started)} ms)`).toBeNull();
        if (result.code !== 0) {
          expect(result.stderr, context).toMatch(/^E_INPUT_(EMPTY|BINARY|TOO_LARGE|MALFORMED)/);
          return;
        }
        const list = parseStdout(await runCli(["list", "--db", db, "--json"], { cwd: dir }), ListJson);
        expect(list, context).toHaveLength(1);
        const inspect = parseStdout(await runCli(["inspect", list[0]!.docId, "--db", db], { cwd: dir }), InspectJson);
        const leaves = inspect.nodes.filter((n) => n.level === 0);
        expect(leaves.length, context).toBeGreaterThan(0);
        for (const leaf of leaves) expect(leaf.tokens, context).toBeLessThanOrEqual(300);
      }),
      { numRuns: 6, seed: Number(process.env.PECAN_HOSTILE_SEED ?? Date.now() % 1e9) },
    );
  }, 600_000);
});
