import { describe, expect, it } from "vitest";
import { InputError, PecanError, ProviderError, toPecanError } from "./errors.js";

describe("errors", () => {
  it("keeps the code and serialises to { code, message }", () => {
    const e = new InputError("E_INPUT_EMPTY", "notes.txt has no text");
    expect(e).toBeInstanceOf(PecanError);
    expect(e.toJSON()).toEqual({ code: "E_INPUT_EMPTY", message: "notes.txt has no text" });
  });
  it("marks provider errors retryable or not", () => {
    expect(new ProviderError("429", { status: 429, isRetryable: true }).isRetryable).toBe(true);
    expect(new ProviderError("400", { status: 400, isRetryable: false }).code).toBe("E_PROVIDER");
  });
  it("wraps foreign errors as internal, aborts as aborted", () => {
    expect(toPecanError(new Error("x")).code).toBe("E_INTERNAL");
    const abort = new Error("stop");
    abort.name = "AbortError";
    expect(toPecanError(abort).code).toBe("E_ABORTED");
  });
});
