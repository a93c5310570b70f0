"""The queries behind the browse pages, each a fixed number of SQL statements.

Everything starts from `Reply.objects.visible_to(user)`, so a reply hidden from a user is
also missing from every count, profile and metric they see. Measures and metrics are
restricted by excluding the few hidden replies' ids (read through that queryset, not a copy
of the visibility rule), so the database keeps using its own indexes.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db import connection
from django.db.models import Count, Max, Min, QuerySet

from archive.choices import MeasureType as MeasureTypeChoice
from archive.choices import Status
from archive.models import Measure, MeasureType, Metric, Reply
from archive.pages.cache import TIMEOUT_SECONDS, cache_key, cached, page_cache

TYPE_LABELS: dict[str, str] = dict(MeasureTypeChoice.choices)
STATUS_LABELS: dict[str, str] = dict(Status.choices)

# The list columns of a reply; loading the full text for a list would be wasteful.
REPLY_LIST_FIELDS = ("id", "title", "source_file", "bureau", "city", "province", "year", "date")
# What a metric table row shows (archive/pages/tables.py metric_rows), its reply and measure included.
METRIC_ROW_FIELDS = (
    "id", "reply_id", "measure_id", "position", "value", "value_max", "unit", "qualifier", "label",
    "normalized_value", "base_unit", "reply__id", "reply__city", "reply__year", "reply__title",
    "reply__source_file", "measure__id", "measure__heading",
)


def fetch_tuples(rows: QuerySet) -> list[tuple]:
    """A values_list queryset's rows as plain tuples, for loops over 100k+ rows where
    Django's per-row work costs more than the query. Only for columns needing no conversion."""
    sql, params = rows.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def visible_replies(user) -> QuerySet[Reply]:
    return Reply.objects.visible_to(user)


# Above this many hidden replies, exclude them with a subquery rather than a list of ids.
HIDDEN_ID_LIST_LIMIT = 2000


def hidden_reply_ids(user) -> list[int] | None:
    """Ids of the replies `user` may not see, or None when there are too many to list.

    Hidden replies are few, so "all rows minus these" lets the database use its indexes
    (city, type, unit) instead of probing a subquery of every visible reply. Worked out once
    per data version and audience (shared through the page cache).
    """
    memo = getattr(user, "_archive_hidden_reply_ids", False)
    if memo is not False:  # asked before during this request
        return memo
    result = cached("hidden-ids", user, lambda: _hidden_ids(user))
    if user is not None:
        user._archive_hidden_reply_ids = result  # request.user lives for one request
    return result


def _hidden_ids(user) -> list[int] | None:
    visible = visible_replies(user).order_by().values("pk")
    hidden = Reply.objects.order_by().exclude(pk__in=visible).values_list("pk", flat=True)
    ids = list(hidden[: HIDDEN_ID_LIST_LIMIT + 1])
    return None if len(ids) > HIDDEN_ID_LIST_LIMIT else ids


def only_visible(rows: QuerySet, user, reply_field: str = "reply") -> QuerySet:
    """Rows (measures, metrics, types) whose reply, reached by `reply_field`, `user` may see."""
    hidden = hidden_reply_ids(user)
    if hidden is None:
        return rows.filter(**{f"{reply_field}__in": visible_replies(user).values("pk")})
    return rows.exclude(**{f"{reply_field}_id__in": hidden}) if hidden else rows


def visible_measures(user) -> QuerySet[Measure]:
    return only_visible(Measure.objects.all(), user)


def visible_metrics(user) -> QuerySet[Metric]:
    return only_visible(Metric.objects.all(), user)


def reply_list(replies: QuerySet[Reply]) -> QuerySet[Reply]:
    """Replies for a list: light columns, newest first."""
    return replies.only(*REPLY_LIST_FIELDS).order_by("-date", "-id")


def with_counts(replies: Iterable[Reply]) -> list[Reply]:
    """Loaded replies with measure_count and metric_count set, in two queries for the lot.

    Two grouped queries beat COUNT over a join of measures x metrics per reply.
    """
    replies = list(replies)
    ids = [r.pk for r in replies]
    measures = dict(
        Measure.objects.filter(reply_id__in=ids).values("reply_id").annotate(n=Count("id")).values_list("reply_id", "n")
    )
    metrics = dict(
        Metric.objects.filter(reply_id__in=ids).values("reply_id").annotate(n=Count("id")).values_list("reply_id", "n")
    )
    for reply in replies:
        reply.measure_count = measures.get(reply.pk, 0)
        reply.metric_count = metrics.get(reply.pk, 0)
    return replies


def reply_places(user) -> dict[int, tuple[str, str, int | None]]:
    """Every visible reply's (province, city, year), read from a covering index.

    Aggregates over measures or metrics group by reply_id in their own table, then map
    replies to places here: joining the reply table row by row would read its long text.
    """
    rows = visible_replies(user).order_by().values_list("pk", "province", "city", "year")
    return {pk: (province, city, year) for pk, province, city, year in rows}


def newest_metrics(metrics: QuerySet[Metric], start: int, stop: int) -> list[Metric]:
    """metrics[start:stop], newest reply first, with reply and measure loaded.

    The slice is cut on the metric table alone (its reply_id index), and only those rows
    are joined: ordering by a reply column would read every matching reply's long row.
    The joined reply loads its list columns only, never its text.
    """
    ids = list(metrics.order_by("-reply_id", "position").values_list("id", flat=True)[start:stop])
    rows = (
        Metric.objects.filter(pk__in=ids)
        .select_related("reply", "measure")
        .only(*METRIC_ROW_FIELDS)
    )
    return sorted(rows, key=lambda m: (-m.reply_id, m.position))


def archive_counts(user) -> dict[str, int]:
    places = reply_places(user).values()
    totals = {
        "replies": len(places),
        "cities": len({city for _, city, _ in places if city}),
        "years": len({year for _, _, year in places if year is not None}),
    }
    totals["measures"] = visible_measures(user).count()
    totals["metrics"] = visible_metrics(user).count()
    return totals


def cities_by_province(user) -> list[dict]:
    """One row per city: its province, reply count and the years it spans."""
    rows = (
        visible_replies(user)
        .exclude(city="")
        .values("province", "city")
        .annotate(replies=Count("id"), first_year=Min("year"), last_year=Max("year"))
        .order_by("province", "city")
    )
    return list(rows)


def years_overview(user) -> list[dict]:
    """Years, newest first, with reply and city counts (counted from `reply_places`)."""
    replies: dict[int, int] = defaultdict(int)
    cities: dict[int, set] = defaultdict(set)
    for _, city, year in reply_places(user).values():
        if year is not None:
            replies[year] += 1
            cities[year].add(city)
    return [{"year": y, "replies": replies[y], "cities": len(cities[y])} for y in sorted(replies, reverse=True)]


def type_profile(user, by: str | None = None, **reply_filters) -> dict:
    """Measure counts per type (and per reply field `by`, e.g. 'city'), with done/planned split,
    for the visible replies matching `reply_filters` (e.g. city='信阳市', year=2023).

    Returns {key: {slug: {"done": n, "planned": n}}}; key is None when `by` is None. One
    grouped join that starts from the place's replies and reads only covering indexes
    (reply city/year, measure reply+status, type measure+slug): a type is unique per
    measure, so counting type rows counts measures.
    """
    filters = {f"measure__reply__{field}": value for field, value in reply_filters.items()}
    fields = ["slug", "measure__status"] + ([f"measure__reply__{by}"] if by else [])
    rows = (
        only_visible(MeasureType.objects.filter(**filters), user, "measure__reply")
        .order_by()
        .values_list(*fields)
        .annotate(n=Count("id"))
    )
    profile: dict = defaultdict(lambda: defaultdict(lambda: {"done": 0, "planned": 0}))
    for slug, status, *key, n in rows:
        profile[key[0] if by else None][slug][status] += n
    return profile


def place_profile(user, **reply_filters) -> dict[str, dict[str, int]]:
    """{slug: {"done": n, "planned": n}} of one place (city=…, year=…), cached per data version:
    the city page and /compare/ share it."""
    def compute() -> dict[str, dict[str, int]]:
        return {slug: dict(counts) for slug, counts in type_profile(user, **reply_filters).get(None, {}).items()}

    return cached("place-profile", user, compute, sorted(reply_filters.items()))


def year_profile(user, year: int) -> dict[str, dict[str, int]]:
    """place_profile(year=…), worked out for every year at once.

    Years are few and visitors browse them one after another; one pass over all measures
    costs about what the years cost one by one (the grouping, not the reading, dominates),
    so every year's profile is computed together and cached per data version.
    """
    key = cache_key("place-profile", user, [("year", year)])
    store = page_cache()
    found = store.get(key)
    if found is not None:
        return found
    profiles = all_year_profiles(user)
    profiles.setdefault(year, {})  # a year without measures is remembered too
    store.set_many(
        {cache_key("place-profile", user, [("year", y)]): profile for y, profile in profiles.items()},
        TIMEOUT_SECONDS,
    )
    return profiles[year]


def all_year_profiles(user) -> dict[int, dict[str, dict[str, int]]]:
    """{year: {slug: {"done": n, "planned": n}}} over the visible replies, in one statement that
    reads covering indexes only (replies by year, their measures' status, their types); CROSS
    JOIN fixes that order, which SQLite without statistics would not choose."""
    q = connection.ops.quote_name
    reply, measure, mtype = (q(model._meta.db_table) for model in (Reply, Measure, MeasureType))
    visibility, params = visible_clause(user)
    sql = (
        f"SELECT r.{q('year')}, t.{q('slug')}, m.{q('status')}, COUNT(*) FROM {reply} r "
        f"CROSS JOIN {measure} m CROSS JOIN {mtype} t WHERE m.{q('reply_id')} = r.{q('id')} "
        f"AND t.{q('measure_id')} = m.{q('id')} AND r.{q('year')} IS NOT NULL{visibility} "
        f"GROUP BY r.{q('year')}, t.{q('slug')}, m.{q('status')}"
    )
    profiles: dict[int, dict[str, dict[str, int]]] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for year, slug, status, n in cursor.fetchall():
            counts = profiles.setdefault(year, {}).setdefault(slug, {"done": 0, "planned": 0})
            counts[status] = counts.get(status, 0) + n
    return profiles


def visible_clause(user, alias: str = "r") -> tuple[str, list]:
    """' AND …' restricting reply alias `alias` to what `user` may see (the rule stays in
    Reply.objects.visible_to: only its result, the hidden ids, is used here)."""
    hidden = hidden_reply_ids(user)
    column = f"{alias}.{connection.ops.quote_name('id')}"
    if hidden is None:
        sql, params = visible_replies(user).order_by().values("pk").query.sql_with_params()
        return f" AND {column} IN ({sql})", list(params)
    if not hidden:
        return "", []
    return f" AND {column} NOT IN ({', '.join(['%s'] * len(hidden))})", list(hidden)


def place_replies(user, **reply_filters) -> QuerySet[Reply]:
    """Ids of the visible replies of a place, as a subquery: measures and metrics filtered by
    `reply_id IN (…)` use their reply_id index instead of joining the wide reply rows."""
    return visible_replies(user).filter(**reply_filters).order_by().values("pk")


def type_counts(user) -> list[dict]:
    """Every measure type with how many measures, replies and cities use it."""
    places = reply_places(user)
    # One row per (measure, type): the unique constraint means no DISTINCT is needed.
    rows = only_visible(MeasureType.objects.all(), user, "measure__reply").values_list("slug", "measure__reply_id")
    totals: dict[str, dict] = defaultdict(lambda: {"measures": 0, "replies": set(), "cities": set()})
    for slug, reply_id in fetch_tuples(rows):
        if reply_id not in places:
            continue
        entry = totals[slug]
        entry["measures"] += 1
        entry["replies"].add(reply_id)
        entry["cities"].add(places[reply_id][1])
    return [
        {
            "slug": slug,
            "label": label,
            "measures": totals[slug]["measures"] if slug in totals else 0,
            "replies": len(totals[slug]["replies"]) if slug in totals else 0,
            "cities": len(totals[slug]["cities"]) if slug in totals else 0,
        }
        for slug, label in MeasureTypeChoice.choices
    ]


def coverage_matrix(user) -> tuple[list[int], list[dict]]:
    """Years (ascending) and one row per city with its reply count per year."""
    rows = (
        visible_replies(user)
        .exclude(city="")
        .exclude(year=None)
        .values("province", "city", "year")
        .annotate(n=Count("id"))
    )
    years: set[int] = set()
    cells: dict[tuple[str, str], dict[int, int]] = defaultdict(dict)
    for row in rows:
        years.add(row["year"])
        cells[(row["province"], row["city"])][row["year"]] = row["n"]
    ordered_years = sorted(years)
    matrix = [
        {"province": province, "city": city, "counts": [counts.get(y, 0) for y in ordered_years]}
        for (province, city), counts in sorted(cells.items())
    ]
    return ordered_years, matrix
