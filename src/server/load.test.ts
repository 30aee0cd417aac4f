import { describe, expect, it } from "vitest";
import { runLoad } from "../../bench/server-load.js";

describe("a small load run on loopback", () => {
  it("answers every concurrent question during uploads, identically to alone, and loses nothing", async () => {
    const report = await runLoad({ questions: 60, concurrency: 8, uploads: 2, chapters: 60, seconds: 20, host: "in-process" });
    expect(report.errors).toEqual([]);
    expect(report.questions).toEqual({ asked: 60, ok: 60, failed: 0, mismatched: 0, streamed: 30 });
    expect(report.uploads).toMatchObject({ sent: 2, stored: 2, failed: 0 });
    expect(report.latencyMs.askedDuringIngest).toBeGreaterThan(0);
  }, 30_000);
});
