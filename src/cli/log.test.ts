import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger, globalOptions } from "./log.js";
import type { PecanError } from "../index.js";

describe("CLI log levels", () => {
  it("takes --quiet and --verbose anywhere before --, the last one winning, and PECAN_LOG_LEVEL otherwise", () => {
    expect(globalOptions(["ask", "--quiet", "why?"], {})).toEqual({ argv: ["ask", "why?"], level: "error" });
    expect(globalOptions(["-q", "list", "--verbose"], {})).toEqual({ argv: ["list"], level: "debug" });
    expect(globalOptions(["ask", "--", "--quiet"], {})).toEqual({ argv: ["ask", "--", "--quiet"], level: "info" });
    expect(globalOptions(["list"], { PECAN_LOG_LEVEL: "WARN" }).level).toBe("warn");
    expect(globalOptions(["list", "--verbose"], { PECAN_LOG_LEVEL: "error" }).level).toBe("debug");
    expect(() => globalOptions(["list"], { PECAN_LOG_LEVEL: "loud" })).toThrow(expect.objectContaining({ code: "E_CONFIG" }) as PecanError);
  });

  it("writes only messages at or below its level", () => {
    const lines = (level: "error" | "warn" | "info" | "debug"): string => {
      const stream = new PassThrough();
      const log = createLogger(level, stream);
      log.warn("w");
      log.info("i");
      log.debug("d");
      return String(stream.read() ?? "");
    };
    expect(lines("error")).toBe("");
    expect(lines("warn")).toBe("warning: w\n");
    expect(lines("info")).toBe("warning: w\ni\n");
    expect(lines("debug")).toBe("warning: w\ni\nd\n");
  });
});
