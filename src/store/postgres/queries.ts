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
 * The CTEs both coarse statements open with: the question's terms (`q`, from $1), the leaves'
 * count and summed length (`stats`), each term's IDF (`idf`) and BM25's length norm folded into
 * per-question constants (`norm`, from $2 k1 and $3 b).
 */
const termStatistics = (s: string): string => `WITH q AS (SELECT unnest($1::text[]) COLLATE "C" AS term), -- $1 is distinct (coarseScores makes it so)
stats AS (
  SELECT COALESCE(SUM(nodes), 0)::float8 AS n, COALESCE(SUM(total_length), 0)::float8 AS total
  FROM ${s}.level_stats WHERE level = 0
),
idf AS MATERIALIZED (
  SELECT q.term, ln(1 + (stats.n - COALESCE(d.df, 0) + 0.5) / (COALESCE(d.df, 0) + 0.5)) AS idf
  FROM q CROSS JOIN stats LEFT JOIN LATERAL (SELECT SUM(p.leaves) AS df FROM ${s}.postings p WHERE p.term = q.term) d ON true
),
norm AS (
  SELECT $2::float8 * (1 - $3::float8) AS base,
    CASE WHEN total > 0 THEN $2::float8 * $3::float8 / (total / n) ELSE 0 END AS per_length,
    CASE WHEN total > 0 THEN 0 ELSE $2::float8 * $3::float8 END AS flat
  FROM stats
),`;

/**
 * The coarse stage in one statement (`Store.coarseScores`): BM25 with Lucene's non-negative
 * IDF over leaves (level 0) from our own postings and level statistics, each leaf's score
 * summed over the question's terms, each document's two best leaves, and the IDF of the
 * question's terms in its title. Parameters: $1 the distinct terms, $2 k1, $3 b. Plain SQL of
 * PostgreSQL 13 and later: no extension.
 *
 * It reads the packed rows of the question's terms only (one per document holding a term):
 * a term's document frequency is the sum of `leaves` over its rows (an index-only scan of
 * `postings_term`), and its leaves are each row's first `leaves` entries, unnested in the
 * select list (a streaming set-returning call, not a materialised function scan). Leaves are
 * grouped and ranked by (rev, node), two integers, and named by their document at the end.
 * BM25's length norm is folded into per-question constants (`norm`: k1 (1 - b) + k1 b length /
 * average), so a leaf costs four float operations per term; the figures equal
 * `store/coarse-scores.ts`'s up to rounding in the last bits.
 * Its cost follows the leaf postings of the question's terms (measured in docs/scaling.md).
 */
export function coarseSql(s: string): string {
  return `
${termStatistics(s)}
hits AS (
  SELECT p.rev, idf.idf * ($2::float8 + 1) AS weight,
    unnest(p.nodes[1:p.leaves]) AS node, unnest(p.tfs[1:p.leaves]) AS tf, unnest(p.lengths[1:p.leaves]) AS length
  -- One index lookup per question term (OFFSET 0 keeps the subquery from being flattened into a
  -- join, which the planner may run as a scan of every posting when the table's statistics are
  -- stale, as after a bulk load: 69 of 127 ms at one copy of the dev collection).
  FROM idf CROSS JOIN LATERAL (
    SELECT x.rev, x.leaves, x.nodes, x.tfs, x.lengths FROM ${s}.postings x WHERE x.term = idf.term AND x.leaves > 0 OFFSET 0
  ) p
),
leaf AS (
  SELECT h.rev, h.node, SUM(h.weight * h.tf / (h.tf + norm.base + norm.per_length * h.length + norm.flat)) AS score
  FROM hits h CROSS JOIN norm
  GROUP BY h.rev, h.node
),
ranked AS (
  SELECT rev, score, row_number() OVER (PARTITION BY rev ORDER BY score DESC) AS r FROM leaf
),
best AS (
  SELECT d.doc_id, b.first, b.second FROM (
    SELECT rev, MAX(score) FILTER (WHERE r = 1) AS first, COALESCE(MAX(score) FILTER (WHERE r = 2), 0) AS second
    FROM ranked WHERE r <= 2 GROUP BY rev
  ) b JOIN ${s}.documents d ON d.rev = b.rev
),
titles AS (
  SELECT t.doc_id, SUM(idf.idf) AS title_idf FROM ${s}.title_terms t JOIN idf ON idf.term = t.term GROUP BY t.doc_id
)
SELECT COALESCE(b.doc_id, t.doc_id) AS doc_id, COALESCE(b.first, 0)::float8 AS first,
  COALESCE(b.second, 0)::float8 AS second, COALESCE(t.title_idf, 0)::float8 AS title_idf
FROM best b FULL JOIN titles t ON t.doc_id = b.doc_id
WHERE (SELECT n FROM stats) > 0`;
}

/** The exact figures of the documents of `set` (a CTE of `rev, title_idf`), as CTEs named `${name}_...`. */
const exactOf = (s: string, set: string, name: string): string => `
${name}_hits AS (
  SELECT b.rev, b.weight, unnest(x.nodes[1:x.leaves]) AS node, unnest(x.tfs[1:x.leaves]) AS tf, unnest(x.lengths[1:x.leaves]) AS length
  FROM bounds b JOIN ${set} ON ${set}.rev = b.rev CROSS JOIN LATERAL (
    SELECT x.nodes, x.tfs, x.lengths, x.leaves FROM ${s}.postings x WHERE x.term = b.term AND x.rev = b.rev OFFSET 0
  ) x
),
${name}_leaf AS (
  SELECT h.rev, h.node, SUM(h.weight * h.tf / (h.tf + norm.base + norm.per_length * h.length + norm.flat)) AS score
  FROM ${name}_hits h CROSS JOIN norm
  GROUP BY h.rev, h.node
),
${name}_ranked AS (
  SELECT rev, score, row_number() OVER (PARTITION BY rev ORDER BY score DESC) AS r FROM ${name}_leaf
),
${name}_exact AS MATERIALIZED (
  SELECT e.rev, e.first, e.second, e.title_idf, e.first + $6::float8 * e.second + $7::float8 * e.title_idf AS score FROM (
    SELECT t.rev, COALESCE(b.first, 0) AS first, COALESCE(b.second, 0) AS second, t.title_idf FROM ${set} t LEFT JOIN (
      SELECT rev, MAX(score) FILTER (WHERE r = 1) AS first, COALESCE(MAX(score) FILTER (WHERE r = 2), 0) AS second
      FROM ${name}_ranked WHERE r <= 2 GROUP BY rev
    ) b ON b.rev = t.rev
  ) e
)`;

/**
 * The coarse stage for a selection (`CoarseQuery.top`): the same figures as `coarseSql` for
 * every document the selection can pick, without unpacking the leaves of the others.
 * Parameters: $1 to $3 as `coarseSql`, $4 k, $5 ratio, $6 the second leaf's weight, $7 the
 * title's weight.
 *
 * Each packed row's bound (schema 3: its largest term frequency and shortest leaf length) caps
 * the term's BM25 in every leaf of the row, so a document's score is at most (1 + second) times
 * the sum of its rows' bounds plus its exact title part (`ub`); the bounds come from the
 * `postings_term` index alone. The k documents of largest bound are scored exactly (`seed`):
 * the k-th of those scores, or ratio times their best, whichever is larger, is at most what the
 * selection needs (`threshold`; a relative 1e-9 below it, for rounding). Then only the other
 * documents whose bound reaches it are scored exactly (`rest`); the rest cannot be picked.
 */
export function coarseTopSql(s: string): string {
  return `
${termStatistics(s)}
bounds AS MATERIALIZED (
  SELECT p.rev, idf.term, idf.idf * ($2::float8 + 1) AS weight,
    idf.idf * ($2::float8 + 1) * p.max_tf / (p.max_tf + norm.base + norm.per_length * p.min_length + norm.flat) AS bound
  FROM idf CROSS JOIN norm CROSS JOIN LATERAL (
    SELECT x.rev, x.max_tf, x.min_length FROM ${s}.postings x WHERE x.term = idf.term AND x.leaves > 0 OFFSET 0
  ) p
),
titles AS (
  SELECT d.rev, SUM(idf.idf) AS title_idf
  FROM ${s}.title_terms t JOIN idf ON idf.term = t.term JOIN ${s}.documents d ON d.doc_id = t.doc_id GROUP BY d.rev
),
ub AS MATERIALIZED (
  SELECT COALESCE(b.rev, t.rev) AS rev, COALESCE(t.title_idf, 0) AS title_idf,
    (1 + $6::float8) * COALESCE(b.bound, 0) + $7::float8 * COALESCE(t.title_idf, 0) AS ub
  FROM (SELECT rev, SUM(bound) AS bound FROM bounds GROUP BY rev) b FULL JOIN titles t ON t.rev = b.rev
),
seed AS MATERIALIZED (SELECT rev, title_idf FROM ub ORDER BY ub DESC, rev LIMIT $4),${exactOf(s, "seed", "seed")},
threshold AS (
  SELECT (1 - 1e-9) * GREATEST(CASE WHEN COUNT(*) >= $4 THEN MIN(score) ELSE 0 END, $5::float8 * MAX(score)) AS t FROM seed_exact
),
rest AS MATERIALIZED (
  SELECT u.rev, u.title_idf FROM ub u CROSS JOIN threshold
  WHERE u.ub >= threshold.t AND NOT EXISTS (SELECT 1 FROM seed WHERE seed.rev = u.rev)
),${exactOf(s, "rest", "rest")}
SELECT d.doc_id, e.first::float8 AS first, e.second::float8 AS second, e.title_idf::float8 AS title_idf
FROM (SELECT * FROM seed_exact UNION ALL SELECT * FROM rest_exact) e JOIN ${s}.documents d ON d.rev = e.rev
WHERE (SELECT n FROM stats) > 0`;
}

/**
 * A term's postings one node at a time (`Store.postings`), filtered by `where` (a lexical
 * scope's SQL on `doc_id` and `level`, parameters from $2 on), with node ids, in document and
 * node order.
 */
export function termPostingsSql(s: string, where: string): string {
  return `
SELECT n.node_id, p.doc_id, p.level, p.length, p.tf FROM (
  SELECT * FROM (
    SELECT x.doc_id, u.node, u.level, u.tf, u.length
    FROM ${s}.postings x CROSS JOIN LATERAL unnest(x.nodes, x.levels, x.tfs, x.lengths) AS u(node, level, tf, length)
    WHERE x.term = $1
  ) y WHERE true${where}
) p JOIN ${s}.nodes n ON n.doc_id = p.doc_id AND n.idx = p.node
ORDER BY p.doc_id, p.node`;
}

/** Every packed entry with its position (`i`, 1-based) in its row: what the integrity checks read. */
const entries = (s: string): string => `(
  SELECT x.doc_id, x.term, x.leaves, u.i, u.node, u.level, u.tf, u.length
  FROM ${s}.postings x CROSS JOIN LATERAL unnest(x.nodes, x.levels, x.tfs, x.lengths) WITH ORDINALITY AS u(node, level, tf, length, i)
)`;

export interface IntegrityCheck {
  /** What the check looks at, for progress lines. */
  readonly what: string;
  readonly sql: string;
  readonly describe: (row: Record<string, unknown>) => string;
}

const text = (value: unknown): string => (typeof value === "string" ? value : JSON.stringify(value));

/** The store's invariants that the foreign keys do not already keep. */
export function integritySql(s: string): IntegrityCheck[] {
  return [
    {
      what: "postings' array lengths",
      sql: `SELECT doc_id, term FROM ${s}.postings
            WHERE cardinality(nodes) = 0 OR cardinality(levels) <> cardinality(nodes) OR cardinality(tfs) <> cardinality(nodes)
              OR cardinality(lengths) <> cardinality(nodes) OR leaves < 0 OR leaves > cardinality(nodes)`,
      describe: (r) => `postings of ${text(r.term)} in ${text(r.doc_id)} have arrays of different lengths`,
    },
    {
      what: "postings' bounds",
      sql: `SELECT doc_id, term FROM ${s}.postings
            WHERE max_tf IS DISTINCT FROM COALESCE((SELECT MAX(v) FROM unnest(tfs[1:leaves]) v), 0)
               OR min_length IS DISTINCT FROM COALESCE((SELECT MIN(v) FROM unnest(lengths[1:leaves]) v), 0)`,
      describe: (r) => `postings of ${text(r.term)} in ${text(r.doc_id)} carry another bound than their leaves`,
    },
    {
      what: "postings against their nodes",
      sql: `SELECT e.term, e.doc_id, e.node, n.node_id FROM ${entries(s)} e LEFT JOIN ${s}.nodes n ON n.doc_id = e.doc_id AND n.idx = e.node
            WHERE n.node_id IS NULL OR e.level <> n.level OR e.length <> n.length OR e.tf < 1 OR (e.level = 0) <> (e.i <= e.leaves)`,
      describe: (r) =>
        r.node_id === null
          ? `posting of ${text(r.term)} in ${text(r.doc_id)} names node ${text(r.node)}, which does not exist`
          : `posting of ${text(r.term)} disagrees with node ${text(r.node_id)}`,
    },
    {
      what: "postings' revisions",
      sql: `SELECT p.doc_id, p.term FROM ${s}.postings p JOIN ${s}.documents d ON d.doc_id = p.doc_id WHERE p.rev <> d.rev`,
      describe: (r) => `postings of ${text(r.term)} in ${text(r.doc_id)} carry another revision than their document`,
    },
    {
      what: "duplicate postings",
      sql: `SELECT e.term, e.doc_id, e.node FROM ${entries(s)} e GROUP BY e.doc_id, e.term, e.node HAVING COUNT(*) > 1`,
      describe: (r) => `postings of ${text(r.term)} in ${text(r.doc_id)} list node ${text(r.node)} twice`,
    },
    {
      what: "node lengths against their postings",
      sql: `SELECT n.node_id, n.length, COALESCE(t.total, 0) AS total FROM ${s}.nodes n
            LEFT JOIN (SELECT doc_id, node, SUM(tf) AS total FROM ${entries(s)} e GROUP BY doc_id, node) t
              ON t.doc_id = n.doc_id AND t.node = n.idx
            WHERE n.length <> COALESCE(t.total, 0)`,
      describe: (r) => `node ${text(r.node_id)} has length ${text(r.length)} but postings add up to ${text(r.total)}`,
    },
    {
      what: "level statistics",
      sql: `SELECT COALESCE(a.doc_id, l.doc_id) AS doc_id, COALESCE(a.level, l.level) AS level
            FROM (SELECT doc_id, level, COUNT(*) AS nodes, SUM(length) AS total FROM ${s}.nodes GROUP BY doc_id, level) a
            FULL JOIN ${s}.level_stats l ON l.doc_id = a.doc_id AND l.level = a.level
            WHERE a.doc_id IS NULL OR l.doc_id IS NULL OR a.nodes <> l.nodes OR a.total <> l.total_length`,
      describe: (r) => `level statistics of ${text(r.doc_id)} level ${text(r.level)} do not match its nodes`,
    },
    {
      what: "documents without nodes",
      sql: `SELECT d.doc_id FROM ${s}.documents d WHERE NOT EXISTS (SELECT 1 FROM ${s}.nodes n WHERE n.doc_id = d.doc_id)`,
      describe: (r) => `document ${text(r.doc_id)} has no nodes`,
    },
  ];
}
