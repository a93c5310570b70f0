"""PostgreSQL index tables: what each search migration creates (see pg_text.py for the design).

The first three lists are history (migrations 0001–0003 made a positional tsvector column);
CANON_SCHEMA (migration 0005) replaces that column with folded text and a GIN index on the
expression search_tokens(…), so the tokens are never stored twice. GRAMS_SCHEMA (migration
0007) puts the GIN index on search_grams(…) instead: 1- to 4-character grams.
"""
from __future__ import annotations

# -- migrations 0001–0003 (kept as they ran) -------------------------------------------------
SCHEMA = [
    "CREATE TABLE search_entry (reply_id bigint PRIMARY KEY, key bigint NOT NULL, "
    "city text NOT NULL, province text NOT NULL, year integer, types text NOT NULL, "
    "statuses text NOT NULL, fingerprint text NOT NULL, document tsvector NOT NULL)",
    "CREATE INDEX search_entry_document ON search_entry USING gin (document)",
    "CREATE INDEX search_entry_key ON search_entry (key DESC)",
]
DROP = ["DROP TABLE IF EXISTS search_entry"]
# Bumped on every write. A sequence, not a row: concurrent writers never wait on it, and a
# rolled-back write never hands its value to a later one.
STATE_SCHEMA = ["CREATE SEQUENCE IF NOT EXISTS search_version"]
STATE_DROP = ["DROP SEQUENCE IF EXISTS search_version"]
VISIBILITY_SCHEMA = ["ALTER TABLE search_entry ADD COLUMN IF NOT EXISTS public boolean NOT NULL DEFAULT true"]
VISIBILITY_DROP = ["ALTER TABLE search_entry DROP COLUMN IF EXISTS public"]

# -- migration 0005: folded text + token GIN -------------------------------------------------
# A run is CJK when its first character is (runs never mix kinds): 〇, extension A, unified
# ideographs, compatibility ideographs — tokenize.CJK as code points.
CJK_TEST = (
    "(ascii(run) = 12295 OR ascii(run) BETWEEN 13312 AND 19903 "
    "OR ascii(run) BETWEEN 19968 AND 40959 OR ascii(run) BETWEEN 63744 AND 64255)"
)
# The tokens of the folded columns, as tokenize.index_tokens makes them from the original text:
# a CJK run gives substr(run, i, 2) for every i (its bigrams, then its last character alone),
# any other run is one token. No positions: phrases are checked on the text (pg_text.py).
# COST tells the planner that evaluating it per row (instead of reading the index) is dear.
TOKENS_FUNCTION = f"""
CREATE OR REPLACE FUNCTION search_tokens(title text, headings text, body text, filters text)
RETURNS tsvector LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE COST 100 AS $fn$
  SELECT coalesce(array_to_tsvector(array_agg(
           CASE WHEN {CJK_TEST} THEN substr(run, i, 2) ELSE run END)), ''::tsvector)
  FROM string_to_table(concat_ws(' ', title, headings, body, filters), ' ') AS run,
       generate_series(1, CASE WHEN {CJK_TEST} THEN length(run) ELSE 1 END) AS i
  WHERE run <> ''
$fn$"""
TOKENS = "search_tokens(title_text, heading_text, body_text, filter_text)"

# Runs a search statement of pg_query.matching_statement with the planner settings it needs
# (one round trip): the token expression must come from its GIN index, never be computed row
# by row (≈ 1.5 ms a reply; a sequential scan of 20,000 replies took 25 s), and plans this
# cheap gain nothing from JIT or parallel workers. The statement is built from constants
# only; user-derived text comes in q and checks.
RUN_FUNCTION = """
CREATE OR REPLACE FUNCTION search_run(statement text, q tsquery, checks text[], lim integer, skip integer)
RETURNS TABLE (key bigint, hits boolean[]) LANGUAGE plpgsql STABLE
SET enable_seqscan = off SET jit = off SET max_parallel_workers_per_gather = 0
AS $fn$ BEGIN RETURN QUERY EXECUTE statement USING q, checks, lim, skip; END $fn$"""

CANON_SCHEMA = [
    "DROP INDEX IF EXISTS search_entry_document",
    "DROP INDEX IF EXISTS search_entry_key",
    "ALTER TABLE search_entry DROP COLUMN IF EXISTS document",
    "ALTER TABLE search_entry ADD COLUMN title_text text NOT NULL DEFAULT '', "
    "ADD COLUMN heading_text text NOT NULL DEFAULT '', ADD COLUMN body_text text NOT NULL DEFAULT '', "
    "ADD COLUMN filter_text text NOT NULL DEFAULT ''",
    # The body goes to the TOAST table (compressed), so that reading thousands of candidates'
    # keys visits a 14 MB table instead of a 60 MB one; the short title and headings stay in
    # the row (MAIN), where the score's checks read them without a TOAST lookup.
    "ALTER TABLE search_entry SET (toast_tuple_target = 128)",
    "ALTER TABLE search_entry ALTER COLUMN title_text SET STORAGE MAIN, "
    "ALTER COLUMN heading_text SET STORAGE MAIN, ALTER COLUMN filter_text SET STORAGE MAIN",
    # lz4 decompresses ≈ 2× faster than the default pglz at the same size; optional.
    "DO $do$ BEGIN ALTER TABLE search_entry ALTER COLUMN body_text SET COMPRESSION lz4; "
    "EXCEPTION WHEN feature_not_supported OR invalid_parameter_value THEN NULL; END $do$",
    TOKENS_FUNCTION,
    RUN_FUNCTION,
    f"CREATE INDEX search_entry_tokens ON search_entry USING gin ({TOKENS})",
    # No statistics on the expression: ANALYZE would compute it for 30,000 sampled rows
    # (≈ 40 s at 20,000 replies), and the plans are fixed anyway (postgres.SETTINGS).
    "ALTER INDEX search_entry_tokens ALTER COLUMN 1 SET STATISTICS 0",
]
CANON_DROP = [
    "DROP INDEX IF EXISTS search_entry_tokens",
    "ALTER TABLE search_entry RESET (toast_tuple_target)",
    "DROP FUNCTION IF EXISTS search_tokens(text, text, text, text)",
    "DROP FUNCTION IF EXISTS search_run(text, tsquery, text[], integer, integer)",
    "ALTER TABLE search_entry DROP COLUMN IF EXISTS title_text, DROP COLUMN IF EXISTS heading_text, "
    "DROP COLUMN IF EXISTS body_text, DROP COLUMN IF EXISTS filter_text",
    "ALTER TABLE search_entry ADD COLUMN IF NOT EXISTS document tsvector NOT NULL DEFAULT ''",
    "CREATE INDEX IF NOT EXISTS search_entry_document ON search_entry USING gin (document)",
    "CREATE INDEX IF NOT EXISTS search_entry_key ON search_entry (key DESC)",
]

# -- migration 0006: a partial GIN index of the newest replies -------------------------------
# postgres.optimize() indexes the newest RECENT replies again, in a partial index whose
# predicate is `key >= floor` (floor kept in search_window). search_run() first asks with
# `AND key >= floor`: when that finds `lim` matches they are exactly the newest `lim`, read
# from a few thousand candidates instead of all; else it goes on below the floor. The
# statement marks where the window goes with /*window*/; floor is a bigint from the table.
WINDOW_RUN_FUNCTION = """
CREATE OR REPLACE FUNCTION search_run(statement text, q tsquery, checks text[], lim integer, skip integer)
RETURNS TABLE (key bigint, hits boolean[]) LANGUAGE plpgsql STABLE
SET enable_seqscan = off SET jit = off SET max_parallel_workers_per_gather = 0
AS $fn$
DECLARE
  window_floor bigint;
  found_rows integer;
BEGIN
  SELECT w.floor INTO window_floor FROM search_window w LIMIT 1;
  IF window_floor IS NULL OR skip > 0 THEN
    RETURN QUERY EXECUTE replace(statement, '/*window*/', '') USING q, checks, lim, skip;
    RETURN;
  END IF;
  RETURN QUERY EXECUTE replace(statement, '/*window*/', ' AND key >= ' || window_floor) USING q, checks, lim, 0;
  GET DIAGNOSTICS found_rows = ROW_COUNT;
  IF found_rows < lim THEN
    RETURN QUERY EXECUTE replace(statement, '/*window*/', ' AND key < ' || window_floor)
      USING q, checks, lim - found_rows, 0;
  END IF;
END $fn$"""
WINDOW_SCHEMA = ["CREATE TABLE IF NOT EXISTS search_window (floor bigint NOT NULL)", WINDOW_RUN_FUNCTION]
WINDOW_DROP = ["DROP INDEX IF EXISTS search_entry_recent", "DROP TABLE IF EXISTS search_window"]

# -- migration 0007: n-grams of 1 to 4 characters --------------------------------------------
# Every CJK character of a run with the 1, 2 and 3 characters after it inside the run (its
# 1-, 2-, 3- and 4-grams), plus every other run (words, digits, filter tokens) as is. A CJK
# term of up to 4 characters is then one token whose presence is the answer (no check on the
# text), and a longer one an AND of its 4-grams that leaves few candidates to check.
# O(n): the text becomes one array of characters (non-CJK runs blanked, 4 spaces appended so
# every shifted slice is long enough) and one row per character yields its four grams, cut
# short at the run's end (a gram crossing a space becomes the character alone: a duplicate).
# array_to_tsvector flattens the 2-D array and drops duplicates. (substr(run, i, k) instead
# costs O(i) a call on UTF-8 text; unnesting each gram as a row costs twice this.)
CJK_CLASS = r"\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"  # tokenize.CJK, as a regex class
GRAMS_FUNCTION = rf"""
CREATE OR REPLACE FUNCTION search_grams(title text, headings text, body text, filters text)
RETURNS tsvector LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE COST 1000 AS $fn$
  SELECT coalesce((
      SELECT array_to_tsvector(array_agg(ARRAY[c1,
          CASE WHEN c2 <> ' ' THEN c1 || c2 ELSE c1 END,
          CASE WHEN c2 <> ' ' AND c3 <> ' ' THEN c1 || c2 || c3 ELSE c1 END,
          CASE WHEN c2 <> ' ' AND c3 <> ' ' AND c4 <> ' ' THEN c1 || c2 || c3 || c4 ELSE c1 END]))
      FROM unnest(a, a[2:], a[3:], a[4:]) AS u(c1, c2, c3, c4) WHERE c1 <> ' '), ''::tsvector)
    || array_to_tsvector(array_remove(string_to_array(regexp_replace(t, '[{CJK_CLASS}]+', ' ', 'g'), ' '), ''))
  FROM concat_ws(' ', title, headings, body, filters) AS t,
       string_to_array(regexp_replace(t, '[^{CJK_CLASS}]+', ' ', 'g') || '    ', NULL) AS a
$fn$"""
GRAMS = "search_grams(title_text, heading_text, body_text, filter_text)"
# The longest gram indexed; pg_query cuts longer CJK runs of a term into grams of this length.
GRAM = 4

# The GIN index of every reply; postgres.clear() drops it and optimize() makes it again (one
# CREATE INDEX after a rebuild instead of row by row and again in CLUSTER).
GRAMS_INDEX = [
    f"CREATE INDEX IF NOT EXISTS search_entry_grams ON search_entry USING gin ({GRAMS})",
    "ALTER INDEX search_entry_grams ALTER COLUMN 1 SET STATISTICS 0",
]
# search_run() as in migration 0006, except that a statement without the /*window*/ mark
# (pg_query.windowed) runs once, over the whole index.
GRAMS_RUN_FUNCTION = WINDOW_RUN_FUNCTION.replace(
    "IF window_floor IS NULL OR skip > 0 THEN",
    "IF window_floor IS NULL OR skip > 0 OR strpos(statement, '/*window*/') = 0 THEN",
)
GRAMS_SCHEMA = [
    GRAMS_FUNCTION,
    GRAMS_RUN_FUNCTION,
    # pglz: 13% smaller than lz4 on these bodies; slower to decompress, but now only terms
    # of 5+ characters or several runs read the body. Rows written from now on (rebuild_index).
    "ALTER TABLE search_entry ALTER COLUMN body_text SET COMPRESSION pglz",
    "DROP INDEX IF EXISTS search_entry_recent",
    "DELETE FROM search_window",  # optimize() makes the window again, on the new expression
    "DROP INDEX IF EXISTS search_entry_tokens",
    *GRAMS_INDEX,
    "DROP FUNCTION IF EXISTS search_tokens(text, text, text, text)",
]
# Both GIN indexes and the window's floor: what clear() and optimize() remove before rows go
# in, so each reply's grams are computed once, in optimize()'s CREATE INDEX.
DROP_GRAMS_INDEXES = [
    "DROP INDEX IF EXISTS search_entry_recent",
    "DELETE FROM search_window",
    "DROP INDEX IF EXISTS search_entry_grams",
]
GRAMS_DROP = [
    WINDOW_RUN_FUNCTION,
    "DO $do$ BEGIN ALTER TABLE search_entry ALTER COLUMN body_text SET COMPRESSION lz4; "
    "EXCEPTION WHEN feature_not_supported OR invalid_parameter_value THEN NULL; END $do$",
    *DROP_GRAMS_INDEXES,
    TOKENS_FUNCTION,
    f"CREATE INDEX search_entry_tokens ON search_entry USING gin ({TOKENS})",
    "ALTER INDEX search_entry_tokens ALTER COLUMN 1 SET STATISTICS 0",
    "DROP FUNCTION IF EXISTS search_grams(text, text, text, text)",
]
