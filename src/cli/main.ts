#!/usr/bin/env node
/** The `pecan` executable. */
import { main } from "./run.js";

process.exitCode = await main(process.argv.slice(2));
