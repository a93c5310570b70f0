"""The SQLite index's vocabulary, one copy per process: which tokens exist, how common they are.

FTS5 keeps no per-token statistics that a query can read cheaply, and two query shapes pay
for that with a walk over whole doclists:

* a one-character query `"心"*`: FTS5 first merges the doclists (with positions) of every
  token starting with 心 into one list, so even "the newest 2,001 matches" costs as much as
  all of them (~110 ms for 建 at 100,000 replies). The same set written as an OR of the
  tokens themselves, `"心" OR "心理" OR "心态" …`, is merged lazily in key order and stops
  after the newest 2,001 matches (~2–4 ms). That rewrite is exact only if the list of
  tokens is complete, so it is used only while the index is unchanged since the copy was
  read (the index version, see facets.py); otherwise the prefix query runs as before.
* ranking: FTS5's bm25() counts, for every phrase of the query, how many rows of the whole
  index contain it — a full phrase scan per term, 20 ms for 中小学校 at 20,000 replies and
  five times that at 100,000. Knowing how many instances each token has lets sqlite.py rank
  by each term's rarest bigram (a single-token count is ~10× cheaper than a phrase scan)
  and skip ranking when even that would be too slow (see sqlite.py).

The copy is read with fts5vocab (≈1.2 s at 20,000 replies, ≈4.6 s at 100,000, once per
process, on the first query that needs it) and read again when the index has changed and
the copy is older than RELOAD_SECONDS (STATS_RELOAD_SECONDS when only ranking asks). It
holds, per first character, the characters that follow it in a bigram (a few MB for a real
corpus), and the row and instance counts of every token with at least COMMON_INSTANCES
instances (rarer ones count as cheap).
"""
from __future__ import annotations

import re
import time

from django.db import connection

RELOAD_SECONDS = 120
# Ranking uses the counts only to choose tokens and bound the work: an older copy will do.
STATS_RELOAD_SECONDS = 3600
# Tokens with fewer instances than this are not stored: for ranking they count as cheap.
COMMON_INSTANCES = 1000
# One CJK character (the same ranges as tokenize.CJK): "心".
CJK_CHAR = re.compile("[\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")

VOCAB_TABLE = "CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_vocab USING fts5vocab(main, search_fts, row)"


class Vocabulary:
    """Tokens of the index: bigram followers per character, instance counts of common tokens."""

    def __init__(self) -> None:
        self.followers: dict[str, str] = {}
        self.stats: dict[str, tuple[int, int]] = {}  # token -> (rows containing it, instances)
        self.rows = 0  # rows in the index when the copy was read
        self.version: object = None
        self.loaded_at: float | None = None

    def load(self, version: object) -> None:
        followers: dict[str, list[str]] = {}
        stats: dict[str, tuple[int, int]] = {}
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM search_entry")
            (rows,) = cursor.fetchone()
            cursor.execute(VOCAB_TABLE)
            cursor.execute("SELECT term, doc, cnt FROM temp.search_vocab")
            for term, documents, count in cursor:
                if count >= COMMON_INSTANCES:
                    stats[term] = (documents, count)
                if len(term) == 2 and CJK_CHAR.match(term):
                    followers.setdefault(term[0], []).append(term[1])
        self.followers = {first: "".join(seconds) for first, seconds in followers.items()}
        self.stats, self.rows = stats, rows
        self.version, self.loaded_at = version, time.monotonic()

    def refresh(self, version: object, max_age: float = RELOAD_SECONDS) -> None:
        """Read the vocabulary if it never was, or if the index changed and the copy is older
        than max_age seconds (ranking only needs rough counts: it passes a longer age)."""
        if self.loaded_at is None:
            self.load(version)
        elif version != self.version and time.monotonic() - self.loaded_at > max_age:
            self.load(version)

    def is_current(self, version: object) -> bool:
        """True when the copy lists every token of the index (nothing written since it was read)."""
        # No version (no search_state row) means changes cannot be seen: never trust the copy.
        return self.loaded_at is not None and version is not None and version == self.version

    def tokens_starting_with(self, char: str) -> list[str]:
        """Every token that starts with one CJK character: itself (a run's last character) and
        its bigrams. Complete only when is_current()."""
        return [char] + [char + second for second in self.followers.get(char, "")]

    def count(self, token: str) -> int:
        """Instances of a token in the index (0 for tokens rarer than COMMON_INSTANCES)."""
        return self.stats.get(token, (0, 0))[1]

    def documents(self, token: str) -> int:
        """Rows that contain a token (0 for tokens rarer than COMMON_INSTANCES)."""
        return self.stats.get(token, (0, 0))[0]

    def weightless(self, token: str) -> bool:
        """True when the token is in at least half the rows: bm25 then clamps its IDF to 1e-6,
        so it adds (next to nothing) to any score."""
        return self.rows > 0 and 2 * self.stats.get(token, (0, 0))[0] >= self.rows
