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
