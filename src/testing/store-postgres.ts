/**
 * The PostgreSQL server tests run against: `PECAN_TEST_PG` (a `postgres://` URL). Without it
 * the PostgreSQL tests are skipped with `PG_SKIP_MESSAGE`, which says how to run them.
 */

export const PG_SKIP_MESSAGE =
  "skipped: set PECAN_TEST_PG=postgres://user@host:port/db, or run `scripts/with-postgres.sh npm run test:unit` to start a throwaway server";

/** The test server's URL, or undefined when PostgreSQL tests are off. */
export function pgTestUrl(): string | undefined {
  const url = process.env.PECAN_TEST_PG;
  return url !== undefined && url.length > 0 ? url : undefined;
}

/** `url` with a `schema` parameter: a store of its own on the same server. */
export function withSchema(url: string, schema: string): string {
  const parsed = new URL(url);
  parsed.searchParams.set("schema", schema);
  return parsed.toString();
}

/** Drops test schemas (what `withSchema` stores left behind). */
export async function dropSchemas(url: string, schemas: readonly string[]): Promise<void> {
  const pg = (await import("pg")).default;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}
