#!/usr/bin/env node
/** The `pecan` executable. */
import { main } from "./run.js";

// A reader that goes away (`pecan inspect x --format html | head`) is not an error.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw error;
});

process.exitCode = await main(process.argv.slice(2));
