"""Every URL anonymous visitors can reach, built from the URLconf so new pages are covered.

`public_urls(values)` walks the resolver, skips the staff-only and account areas, and fills
each path parameter (<int:pk>, <str:city>, <int:year>, <str:slug>, …) from `values`.
"""
from __future__ import annotations

import re

from django.urls import URLPattern, URLResolver, get_resolver

# Not public pages: staff areas and the login/logout forms have their own tests.
PRIVATE_PREFIXES = ("admin/", "upload/", "accounts/", "static/", "media/", "__debug__/")

# "<int:pk>" or "<city>" in a route
ROUTE_PARAM_RE = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")

# Query parameters list pages commonly accept; values chosen by the caller.
QUERY_PARAMS = [
    "q", "page", "city", "province", "year", "type", "types", "measure_type", "result_class",
    "public", "status", "unit", "base_unit", "sort", "order", "format", "per_page", "limit",
    "offset", "qualifier", "metric", "label", "from", "to", "date_from", "date_to", "min", "max",
]


def route_patterns(patterns=None, prefix: str = ""):
    """(route, name) for every path() in the URLconf, includes flattened."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from route_patterns(entry.url_patterns, route)
        elif isinstance(entry, URLPattern):
            yield route, entry.name


def value_for(name: str, converter: str | None, values: dict[str, str]) -> str:
    """Pick a sample value for one path parameter by its name, then by its converter."""
    if name in values:
        return values[name]
    if name in {"pk", "id", "reply_id"}:
        return values["pk"]
    if converter == "int":
        return values.get("int", values["pk"])
    return values.get("str", values.get("city", "x"))


def public_routes() -> list[str]:
    routes = []
    for route, _name in route_patterns():
        if route.startswith(PRIVATE_PREFIXES) or route.startswith("^"):
            continue  # regex routes only come from admin and static helpers
        routes.append(route)
    return routes


def fill(route: str, values: dict[str, str]) -> str:
    return "/" + ROUTE_PARAM_RE.sub(lambda m: value_for(m["name"], m["converter"], values), route)


def public_urls(values: dict[str, str]) -> list[str]:
    """Each public route with its parameters filled in from `values`."""
    return [fill(route, values) for route in public_routes()]
