/**
 * The longer SQL of the PostgreSQL store: listing columns, the coarse stage and the
 * consistency checks. `s` is the quoted schema name.
 */

export const nodeColumns = "node_id, doc_id, level, ordinal, text, tokens, spans, pages, made_by, meta";

export function summaryColumns(s: string): string {
  return `d.doc_id, d.title, d.source, d.hash, d.tokens, d.chars, d.created_at,
  (SELECT COALESCE(SUM(l.nodes), 0)::int FROM ${s}.level_stats l WHERE l.doc_id = d.doc_id) AS nodes,
  (SELECT COUNT(*)::int FROM ${s}.level_stats l WHERE l.doc_id = d.doc_id) AS levels`;
}

/**
 * The coarse stage in one statement (`Store.coarseScores`): BM25 with Lucene's non-negative
 * IDF over leaves (level 0) from our own postings and level statistics, each leaf's score
 * summed over the question's terms, each document's two best leaves, and the IDF of the
 * question's terms in its title. Parameters: $1 the distinct terms, $2 k1, $3 b. Plain SQL of
 * PostgreSQL 13 and later: no extension. It reads the postings of the question's terms only
 * (the `postings_term` index), so its cost follows those postings, not the collection.
 */
export function coarseSql(s: string): string {
  return `
WITH q AS (SELECT DISTINCT unnest($1::text[]) COLLATE "C" AS term),
stats AS (
  SELECT COALESCE(SUM(nodes), 0)::float8 AS n, COALESCE(SUM(total_length), 0)::float8 AS total
  FROM ${s}.level_stats WHERE level = 0
),
hits AS (
  SELECT p.term, p.doc_id, p.node, p.tf, p.length FROM q JOIN ${s}.postings p ON p.term = q.term AND p.level = 0
),
idf AS (
  SELECT q.term, ln(1 + (stats.n - COUNT(h.node) + 0.5) / (COUNT(h.node) + 0.5)) AS idf
  FROM q CROSS JOIN stats LEFT JOIN hits h ON h.term = q.term
  GROUP BY q.term, stats.n
),
leaf AS (
  SELECT h.doc_id, h.node,
    SUM(idf.idf * (h.tf * ($2::float8 + 1)) / (h.tf + $2::float8 * (1 - $3::float8 + $3::float8 *
      CASE WHEN stats.total > 0 THEN h.length / (stats.total / stats.n) ELSE 1 END))) AS score
  FROM hits h JOIN idf ON idf.term = h.term CROSS JOIN stats
  GROUP BY h.doc_id, h.node
),
ranked AS (
  SELECT doc_id, score, row_number() OVER (PARTITION BY doc_id ORDER BY score DESC) AS r FROM leaf
),
best AS (
  SELECT doc_id, MAX(score) FILTER (WHERE r = 1) AS first, COALESCE(MAX(score) FILTER (WHERE r = 2), 0) AS second
  FROM ranked WHERE r <= 2 GROUP BY doc_id
),
titles AS (
  SELECT t.doc_id, SUM(idf.idf) AS title_idf FROM ${s}.title_terms t JOIN idf ON idf.term = t.term GROUP BY t.doc_id
)
SELECT COALESCE(b.doc_id, t.doc_id) AS doc_id, COALESCE(b.first, 0)::float8 AS first,
  COALESCE(b.second, 0)::float8 AS second, COALESCE(t.title_idf, 0)::float8 AS title_idf
FROM best b FULL JOIN titles t ON t.doc_id = b.doc_id
WHERE (SELECT n FROM stats) > 0`;
}

export interface IntegrityCheck {
  readonly sql: string;
  readonly describe: (row: Record<string, unknown>) => string;
}

const text = (value: unknown): string => (typeof value === "string" ? value : JSON.stringify(value));

/** The store's invariants that the foreign keys do not already keep. */
export function integritySql(s: string): IntegrityCheck[] {
  return [
    {
      sql: `SELECT p.term, n.node_id FROM ${s}.postings p JOIN ${s}.nodes n ON n.doc_id = p.doc_id AND n.idx = p.node
            WHERE p.level <> n.level OR p.length <> n.length OR p.tf < 1`,
      describe: (r) => `posting of ${text(r.term)} disagrees with node ${text(r.node_id)}`,
    },
    {
      sql: `SELECT n.node_id, n.length, COALESCE(t.total, 0) AS total FROM ${s}.nodes n
            LEFT JOIN (SELECT doc_id, node, SUM(tf) AS total FROM ${s}.postings GROUP BY doc_id, node) t
              ON t.doc_id = n.doc_id AND t.node = n.idx
            WHERE n.length <> COALESCE(t.total, 0)`,
      describe: (r) => `node ${text(r.node_id)} has length ${text(r.length)} but postings add up to ${text(r.total)}`,
    },
    {
      sql: `SELECT COALESCE(a.doc_id, l.doc_id) AS doc_id, COALESCE(a.level, l.level) AS level
            FROM (SELECT doc_id, level, COUNT(*) AS nodes, SUM(length) AS total FROM ${s}.nodes GROUP BY doc_id, level) a
            FULL JOIN ${s}.level_stats l ON l.doc_id = a.doc_id AND l.level = a.level
            WHERE a.doc_id IS NULL OR l.doc_id IS NULL OR a.nodes <> l.nodes OR a.total <> l.total_length`,
      describe: (r) => `level statistics of ${text(r.doc_id)} level ${text(r.level)} do not match its nodes`,
    },
    {
      sql: `SELECT d.doc_id FROM ${s}.documents d WHERE NOT EXISTS (SELECT 1 FROM ${s}.nodes n WHERE n.doc_id = d.doc_id)`,
      describe: (r) => `document ${text(r.doc_id)} has no nodes`,
    },
  ];
}
