import { describe, expect, it } from "vitest";
import { Semaphore } from "./semaphore.js";

const tick = () => new Promise((r) => setTimeout(r, 0));

describe("Semaphore", () => {
  it("lets at most `limit` holders in, first come first served", async () => {
    const gate = new Semaphore(2);
    const order: number[] = [];
    const a = await gate.acquire();
    const b = await gate.acquire();
    const waiting = [3, 4].map((n) => gate.acquire().then((release) => (order.push(n), release)));
    await tick();
    expect([gate.active, gate.waiting, order]).toEqual([2, 2, []]);
    a();
    a(); // twice is harmless
    await tick();
    expect(order).toEqual([3]);
    b();
    await tick();
    expect(order).toEqual([3, 4]);
    for (const release of await Promise.all(waiting)) release();
    expect(gate.active).toBe(0);
  });

  it("removes a waiter whose signal aborts, with E_ABORTED", async () => {
    const gate = new Semaphore(1);
    const held = await gate.acquire();
    const controller = new AbortController();
    const waiting = gate.acquire(controller.signal);
    controller.abort();
    await expect(waiting).rejects.toMatchObject({ code: "E_ABORTED" });
    expect(gate.waiting).toBe(0);
    held();
    expect(gate.active).toBe(0);
    await expect(gate.acquire(AbortSignal.abort())).rejects.toMatchObject({ code: "E_ABORTED" });
  });

  it("releases after a task, even when it throws", async () => {
    const gate = new Semaphore(1);
    await expect(gate.run(() => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(await gate.run(() => Promise.resolve(7))).toBe(7);
    expect(gate.active).toBe(0);
  });

  it("refuses a limit below 1", () => {
    expect(() => new Semaphore(0)).toThrow(RangeError);
  });
});
