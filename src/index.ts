/** Pecan's public API: explicit named exports. */
export { PecanError, InputError, NotFoundError, StoreError, ProviderError, UsageError, isPecanError } from "./core/errors.js";
export type { ErrorCode } from "./core/errors.js";
export type { DocId, NodeId } from "./core/ids.js";
export { asDocId, asNodeId } from "./core/ids.js";
export type * from "./core/types.js";
export type { Store } from "./store/spec.js";
export type * from "./llm/spec.js";
export { countTokens } from "./ingest/tokens.js";
