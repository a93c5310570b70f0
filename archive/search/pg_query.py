"""A parsed query as PostgreSQL SQL: a GIN lookup of n-grams, then exact checks on the text.

The GIN index holds every 1- to 4-character gram of the CJK runs and every other run as a
token, without positions (pg_schema.GRAMS_FUNCTION). So a term that is one CJK run of up to
4 characters (心, 心理, 心理咨询) or one word (ai) is one token, and the index's answer is
the answer. A longer term (心理健康教育 = 心理健康 & 理健康教 & 健康教育) or one of several
runs (aed128 = aed & 128) only narrows the candidates: each is checked on its folded text
with the term's check string (pg_text.phrase_check). Checks run newest first and stop once
enough replies matched.

Ranking reads the short title and heading columns only (see TITLE, HEADING, BODY).
"""
from __future__ import annotations

from dataclasses import dataclass

from archive.search.base import SearchFilters
from archive.search.documents import wanted_tokens
from archive.search.pg_schema import GRAM, GRAMS
from archive.search.pg_text import phrase_check, phrase_runs
from archive.search.query import ParsedQuery, Term, escape_tsquery
from archive.search.tokenize import Phrase

# Score of a group of alternatives: the best of its terms; of a term: 1.0 in the title, 0.5 in
# a heading, 0.1 for the body (every match has the term somewhere). Equal scores go newest
# first. How often the body repeats a term is not counted: that needs each match's body
# decompressed and searched (≈ 8–17 µs a reply, 15–35 ms at 2,000 matches).
TITLE, HEADING, BODY = 1.0, 0.5, 0.1


def filter_lexeme(token: str) -> str:
    """_doc, _cityx…: text tokens never contain "_", so filters cannot collide with them."""
    return f"_{token}"


def grams(phrase: Phrase) -> list[str]:
    """The index tokens every text holding the phrase holds: 心理咨询 -> [心理咨询];
    心理健康教育 -> [心理健康, 理健康教, 健康教育]; aed128心 -> [aed, 128, 心]."""
    found: dict[str, None] = {}
    for run, cjk in phrase_runs(phrase):
        if cjk and len(run) > GRAM:
            found.update((run[i : i + GRAM], None) for i in range(len(run) - GRAM + 1))
        else:
            found[run] = None
    return list(found)


def token_query(phrase: Phrase) -> str:
    """'心理健康' & '理健康教' & '健康教育' (no order: see checks)."""
    return "(" + " & ".join(escape_tsquery(t) for t in grams(phrase)) + ")"


def exact_in_index(term: Term) -> bool:
    """One token whose presence means the term: a CJK run of up to GRAM characters that may
    start and end inside a document's run (its check is the run itself), or one whole word."""
    runs = phrase_runs(term.phrase)
    if len(runs) != 1:
        return False
    run, cjk = runs[0]
    return not cjk or (len(run) <= GRAM and phrase_check(term.phrase) == run)


@dataclass(frozen=True)
class SearchPlan:
    """What to ask the index, and which checks decide among its candidates."""

    tsquery: str
    checks: tuple[str, ...]  # distinct check strings (params c0, c1, …)
    condition: str  # SQL over r.t, r.h, r.b a candidate must meet; "" = the index is exact
    groups: tuple[tuple[int, ...], ...]  # per group: its terms' check numbers (for the score)
    filtered: bool = False  # a filter token (city, year, …) is part of the lookup

    def score(self, hits: list[bool]) -> float:
        """hits = [t0, h0, t1, h1, …]: check i in the title, in a heading (matching_statement)."""
        if not any(hits):  # most matches: the terms are in the body only
            return BODY * len(self.groups)
        return sum(
            BODY + max(TITLE * bool(hits[2 * i]) + HEADING * bool(hits[2 * i + 1]) for i in group)
            for group in self.groups
        )


def plan(parsed: ParsedQuery, filters: SearchFilters) -> SearchPlan:
    checks: dict[str, int] = {}

    def check_number(term: Term) -> int:
        return checks.setdefault(phrase_check(term.phrase), len(checks))

    parts, conditions, groups = [], [], []
    for group in parsed.groups:
        parts.append("(" + " | ".join(token_query(term.phrase) for term in group) + ")")
        numbers = tuple(check_number(term) for term in group)
        groups.append(numbers)
        if not all(exact_in_index(term) for term in group):
            conditions.append("(" + " OR ".join(contains(i) for i in numbers) + ")")
    tokens = wanted_tokens(filters)
    if not parts or tokens != ["doc"]:  # "doc" (every reply) only when nothing else matches
        parts += [escape_tsquery(filter_lexeme(t)) for t in tokens]
    for term in parsed.excluded:
        if exact_in_index(term):
            parts.append("!" + token_query(term.phrase))
        else:
            conditions.append(f"NOT {contains(check_number(term))}")
    return SearchPlan(
        " & ".join(parts), tuple(checks), " AND ".join(conditions), tuple(groups), filtered=tokens != ["doc"]
    )


def contains(i: int) -> str:
    """The reply's text holds check i: body first (most hits are there), then title, headings.
    (strpos: ≈ 3 µs on a 5 KB body; replace() to count occurrences would cost ≈ 17 µs.)"""
    check = f"$2[{i + 1}]"
    return f"(strpos(r.b, {check}) > 0 OR strpos(r.t, {check}) > 0 OR strpos(r.h, {check}) > 0)"


def hit_column(checks: tuple[str, ...], row: str = "r") -> str:
    """Title and heading hits of each check (row.t, row.h: the short columns) as one boolean[]."""
    hits = ", ".join(f"strpos({row}.t, $2[{i}]) > 0, strpos({row}.h, $2[{i}]) > 0" for i in range(1, len(checks) + 1))
    return f"ARRAY[{hits}]::boolean[]" if hits else "'{}'::boolean[]"


def visibility(filters: SearchFilters) -> str:
    """Visibility is a plain column: a negated lexeme would make every candidate a check."""
    return "" if filters.include_private else " AND public"


# Where search_run() puts its key range (pg_schema.WINDOW_RUN_FUNCTION); a statement without
# it runs once over the whole index.
WINDOW = "/*window*/"


def windowed(search: SearchPlan) -> bool:
    """Ask the window of the newest replies first only for one term (or group) and no filter:
    the queries likely to fill a page of matches from the newest third. With more terms or a
    filter it mostly does not, and the failed try costs as much again (measured at 20k: two
    terms, three terms, + city, + year each 3–8 ms slower at p95 with it, one common term or
    one character 4–12 ms faster)."""
    return len(search.groups) <= 1 and not search.filtered


def matching_statement(search: SearchPlan, filters: SearchFilters) -> str:
    """The statement search_run() executes: $1 the tsquery, $2 the checks (text[]), $3 limit,
    $4 offset. Rows: key, then title and heading hits of each check (what SearchPlan.score
    reads; NULL when the index alone answered and filled the limit: more matches than a
    ranking takes, so nobody scores them). Only this module's constants are in it;
    user-derived text arrives as $1 and $2.

    The index gives candidates in no order: their keys and row addresses are sorted first.
    With checks, each is then read once more by its address (a TID scan), newest first, until
    the limit: its body is decompressed once (`|| ''` makes a copy all checks share) and the
    checks run (OR stops at the first hit). Without, the page is the index's answer: the short
    title and headings go through the sort with the keys (cheaper than reading 2,000 rows
    again by address: 1,615 matches of three terms 9.2 → 4.8 ms), and the hits are computed
    only when the page has fewer rows than the limit.
    """
    page = "LIMIT $3 OFFSET $4"
    window = WINDOW if windowed(search) else ""
    candidates = (
        f"SELECT key, ctid AS row FROM search_entry WHERE {GRAMS} @@ $1{visibility(filters)}{window} "
        f"ORDER BY key DESC {'' if search.condition else page}"
    )
    if not search.condition:
        candidates = candidates.replace("ctid AS row", "title_text AS t, heading_text AS h", 1)
        return (
            f"SELECT c.key, CASE WHEN c.n < $3 THEN {hit_column(search.checks, 'c')} END "
            f"FROM (SELECT key, t, h, count(*) OVER () AS n FROM ({candidates}) p) c ORDER BY c.key DESC"
        )
    sql = (
        f"SELECT c.key, {hit_column(search.checks)} FROM ({candidates}) c CROSS JOIN LATERAL "
        f"(SELECT e.title_text AS t, e.heading_text AS h, e.body_text || '' AS b FROM search_entry e "
        f"WHERE e.ctid = c.row OFFSET 0) r WHERE {search.condition} {page}"
    )
    return sql
