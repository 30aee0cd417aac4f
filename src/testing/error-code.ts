/** Test support: the code a promise fails with, so tests assert codes and never message text. */
import { PecanError } from "../core/errors.js";

/** The PecanError code the promise rejects with; undefined when it resolves; a marker for other errors. */
export async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
  } catch (error) {
    return error instanceof PecanError ? error.code : `not a PecanError: ${String(error)}`;
  }
  return undefined;
}
