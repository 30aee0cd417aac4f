/** The store layer: the interface and its three implementations. */
export { STORE_SPEC_VERSION } from "./spec.js";
export type { Store, Posting, LexicalScope, LexicalStats, PutExtras, QuestionDataRow, CoarseQuery, CoarseRow, CoarseTop } from "./spec.js";
export { openPostgresStore, isPostgresUrl, PG_SCHEMA_VERSION } from "./postgres/index.js";
export type { PostgresStoreOptions } from "./postgres/index.js";
export { openSqliteStore, SCHEMA_VERSION } from "./sqlite/index.js";
export type { SqliteStoreOptions } from "./sqlite/index.js";
export { createMemoryStore } from "./memory/index.js";
