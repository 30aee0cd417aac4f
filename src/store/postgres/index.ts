/** The PostgreSQL store: `openPostgresStore`, URL detection and the schema version it reads and writes. */
export { openPostgresStore } from "./postgres-store.js";
export { isPostgresUrl, DEFAULT_POOL_SIZE } from "./connect.js";
export type { PostgresStoreOptions } from "./connect.js";
export { PG_SCHEMA_VERSION } from "./schema.js";
