/**
 * The server side of bench/server-load.ts in its own process, so the load generator does not
 * share the server's event loop. Started with fork(): argv is [dbPath, token]; it sends
 * `{ url }` once listening, and on "stop" closes and sends `{ eventLoopDelayMs }` back.
 */
import { monitorEventLoopDelay } from "node:perf_hooks";
import { createEngine } from "../src/index.js";
import { startServer } from "../src/server/index.js";

const [dbPath, token] = process.argv.slice(2);
if (!dbPath || !token || !process.send) throw new Error("start this file with fork(file, [dbPath, token])");
const engine = createEngine({ dbPath });
const server = await startServer({ engine, port: 0, token });
const delay = monitorEventLoopDelay({ resolution: 5 });
process.on("message", (message: unknown) => {
  if (message === "measure") {
    delay.reset();
    delay.enable();
  } else if (message === "stop") {
    delay.disable();
    const figures = { p99: delay.percentile(99) / 1e6, max: delay.max / 1e6 };
    void server.close().then(async () => {
      await engine.close();
      process.send?.({ eventLoopDelayMs: figures }, () => process.exit(0));
    });
  }
});
process.send({ url: server.url });
