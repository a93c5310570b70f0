"""A parsed query as PostgreSQL SQL: a GIN lookup of tokens, then exact checks on the text.

The GIN index holds tokens without positions, so a term of one token (a bigram 心理, a word
ai, a single character 心:*) is answered exactly by the index, and a longer term (心理健康 =
心理 & 理健 & 健康) only narrows the candidates: each candidate is checked on its folded text
with the term's check string (pg_text.phrase_check). Checks run newest first and stop once
enough replies matched, so a common phrase costs ~2,000 checks, not one per candidate.

Ranking reads the short title and heading columns only (see TITLE, HEADING, BODY).
"""
from __future__ import annotations

from dataclasses import dataclass

from archive.search.base import SearchFilters
from archive.search.documents import wanted_tokens
from archive.search.pg_schema import TOKENS
from archive.search.pg_text import phrase_check
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


def token_query(phrase: Phrase) -> str:
    """'心理' & '理健' & '健康' ; a lone last character is a prefix: '心':* (no order: see checks)."""
    parts = [escape_tsquery(t) for t in phrase.tokens]
    if phrase.prefix:
        parts[-1] += ":*"
    return "(" + " & ".join(parts) + ")"


def exact_in_index(term: Term) -> bool:
    """One token: the index's answer is the answer."""
    return len(term.phrase.tokens) == 1


@dataclass(frozen=True)
class SearchPlan:
    """What to ask the index, and which checks decide among its candidates."""

    tsquery: str
    checks: tuple[str, ...]  # distinct check strings (params c0, c1, …)
    condition: str  # SQL over r.t, r.h, r.b a candidate must meet; "" = the index is exact
    groups: tuple[tuple[int, ...], ...]  # per group: its terms' check numbers (for the score)

    def score(self, hits: list[bool]) -> float:
        """hits = [t0, h0, t1, h1, …]: check i in the title, in a heading (matching_statement)."""
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
    return SearchPlan(" & ".join(parts), tuple(checks), " AND ".join(conditions), tuple(groups))


def contains(i: int) -> str:
    """The reply's text holds check i: body first (most hits are there), then title, headings.
    (strpos: ≈ 3 µs on a 5 KB body; replace() to count occurrences would cost ≈ 17 µs.)"""
    check = f"$2[{i + 1}]"
    return f"(strpos(r.b, {check}) > 0 OR strpos(r.t, {check}) > 0 OR strpos(r.h, {check}) > 0)"


def hit_column(checks: tuple[str, ...]) -> str:
    """Title and heading hits of each check (r.t, r.h: the short columns) as one boolean[]."""
    hits = ", ".join(f"strpos(r.t, $2[{i}]) > 0, strpos(r.h, $2[{i}]) > 0" for i in range(1, len(checks) + 1))
    return f"ARRAY[{hits}]::boolean[]" if hits else "'{}'::boolean[]"


def visibility(filters: SearchFilters) -> str:
    """Visibility is a plain column: a negated lexeme would make every candidate a check."""
    return "" if filters.include_private else " AND public"


def matching_statement(search: SearchPlan, filters: SearchFilters) -> str:
    """The statement search_run() executes: $1 the tsquery, $2 the checks (text[]), $3 limit,
    $4 offset. Rows: key, then title and heading hits of each check (what SearchPlan.score reads).
    Only this module's constants are in it; user-derived text arrives as $1 and $2.

    The index gives candidates in no order: their keys and row addresses are sorted first,
    then each is read once more by its address (a TID scan), newest first, until the limit —
    with checks, its body is decompressed once (`|| ''` makes a copy all checks share) and the
    checks run (OR stops at the first hit); without, only the page's rows are read again.
    """
    page = "LIMIT $3 OFFSET $4"
    candidates = (
        f"SELECT key, ctid AS row FROM search_entry WHERE {TOKENS} @@ $1{visibility(filters)}/*window*/ "
        f"ORDER BY key DESC {'' if search.condition else page}"
    )
    body = ", e.body_text || '' AS b" if search.condition else ""
    sql = (
        f"SELECT c.key, {hit_column(search.checks)} FROM ({candidates}) c CROSS JOIN LATERAL "
        f"(SELECT e.title_text AS t, e.heading_text AS h{body} FROM search_entry e WHERE e.ctid = c.row OFFSET 0) r"
    )
    if search.condition:
        sql += f" WHERE {search.condition} {page}"
    return sql
