/** The SQLite store: `openSqliteStore` and the schema version it reads and writes. */
export { openSqliteStore } from "./sqlite-store.js";
export { SCHEMA_VERSION } from "./schema.js";
export type { SqliteStoreOptions } from "./open.js";
