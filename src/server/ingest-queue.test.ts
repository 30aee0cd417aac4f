import { describe, expect, it } from "vitest";
import { createActivity, createIngestQueue, yieldToEventLoop } from "./ingest-queue.js";

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("the ingest queue", () => {
  it("runs jobs one at a time, in order, and counts them", async () => {
    const queue = createIngestQueue();
    const log: string[] = [];
    let running = 0;
    const job = (name: string, ms: number) => async () => {
      running += 1;
      expect(running).toBe(1);
      log.push(`start ${name}`);
      await tick(ms);
      log.push(`end ${name}`);
      running -= 1;
      return name;
    };
    const results = [queue.run(job("a", 20)), queue.run(job("b", 1)), queue.run(job("c", 5))];
    expect(queue.pending).toBe(3);
    expect(await Promise.all(results)).toEqual(["a", "b", "c"]);
    expect(log).toEqual(["start a", "end a", "start b", "end b", "start c", "end c"]);
    await yieldToEventLoop();
    expect(queue.pending).toBe(0);
  });

  it("keeps going after a job fails, and passes the failure to its caller", async () => {
    const queue = createIngestQueue();
    const failed = queue.run(() => Promise.reject(new Error("boom")));
    const next = queue.run(() => Promise.resolve(42));
    await expect(failed).rejects.toThrow("boom");
    expect(await next).toBe(42);
  });

  it("lets pending I/O callbacks run before each job starts", async () => {
    const queue = createIngestQueue();
    const order: string[] = [];
    const job = queue.run(() => {
      order.push("job");
      return Promise.resolve();
    });
    setImmediate(() => order.push("other work"));
    await job;
    expect(order).toEqual(["other work", "job"]);
  });

  it("lets questions in flight finish before the next document starts", async () => {
    const questions = createActivity();
    const queue = createIngestQueue({ idle: () => questions.active === 0, maxWaitMs: 5000 });
    const order: string[] = [];
    const end = questions.begin();
    const job = queue.run(() => {
      order.push("ingest");
      return Promise.resolve();
    });
    await tick(30);
    order.push("question done");
    end();
    end(); // ending twice counts once
    expect(questions.active).toBe(0);
    await job;
    expect(order).toEqual(["question done", "ingest"]);
  });

  it("starts anyway once it has waited maxWaitMs, so a busy server still ingests", async () => {
    const questions = createActivity();
    questions.begin();
    const queue = createIngestQueue({ idle: () => questions.active === 0, maxWaitMs: 40 });
    const started = performance.now();
    await queue.run(() => Promise.resolve());
    const waited = performance.now() - started;
    expect(waited).toBeGreaterThanOrEqual(35);
    expect(waited).toBeLessThan(1000);
  });
});
