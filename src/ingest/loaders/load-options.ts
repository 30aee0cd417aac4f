/** Options shared by the loaders, and the shape a format loader returns. */
import { InputError } from "../../core/errors.js";

export interface LoadOptions {
  /**
   * Largest input accepted, in bytes: a file, an uploaded buffer, or one JSONL row.
   * Checked before reading a file whole.
   */
  readonly maxBytes: number;
  /**
   * Directory walks: follow symbolic links that lead out of the directory given (default false:
   * such a link is skipped, so a tree someone else wrote cannot pull in `~/.ssh` or `/etc`).
   * Links that stay inside the tree are always followed.
   */
  readonly followLinks?: boolean;
}

/** Named defaults of the loaders. */
export const DEFAULT_LOAD: LoadOptions = Object.freeze({ maxBytes: 64 * 1024 * 1024 });

/** Fills the defaults in. */
export function resolveLoadOptions(options: Partial<LoadOptions> = {}): LoadOptions {
  return { maxBytes: options.maxBytes ?? DEFAULT_LOAD.maxBytes };
}

/** What a format loader extracts from a file's bytes. `text` is normalised. */
export interface ParsedText {
  readonly text: string;
  readonly title?: string;
  readonly pageStarts?: readonly number[];
}

/** Throws `E_INPUT_TOO_LARGE` when `size` bytes exceed the limit. */
export function checkSize(size: number, name: string, options: LoadOptions): void {
  if (size > options.maxBytes) {
    throw new InputError(
      "E_INPUT_TOO_LARGE",
      `${name} is ${size} bytes, over the limit of ${options.maxBytes} bytes`,
    );
  }
}
