/** The store layer: the interface and its two implementations. */
export { STORE_SPEC_VERSION } from "./spec.js";
export type { Store, Posting, LexicalScope, LexicalStats } from "./spec.js";
export { openSqliteStore, SCHEMA_VERSION } from "./sqlite/index.js";
export type { SqliteStoreOptions } from "./sqlite/index.js";
export { createMemoryStore } from "./memory/index.js";
