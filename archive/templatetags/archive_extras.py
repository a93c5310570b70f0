"""Template helpers: links that change one query-string parameter, and number formatting.

Search and list state lives in the query string, so facet links, filter chips and
pagination all derive a new URL from the current one instead of rebuilding it by hand.
"""
from __future__ import annotations

from decimal import Decimal, InvalidOperation
from urllib.parse import urlencode

from django import template
from django.http import HttpRequest

register = template.Library()

# Parameters a changed filter or sort makes stale: going back to page 1, showing HTML.
RESET_ON_CHANGE = ("page", "format", "table")


def _params(request: HttpRequest) -> list[tuple[str, str]]:
    return [(k, v) for k, values in request.GET.lists() for v in values if k not in RESET_ON_CHANGE]


def _url(request: HttpRequest, params: list[tuple[str, str]]) -> str:
    return f"{request.path}?{urlencode(params)}" if params else request.path


@register.simple_tag(takes_context=True)
def with_param(context, key: str, value) -> str:
    """The current URL with `key` set to `value` (replacing earlier values), back on page 1."""
    request = context["request"]
    params = [(k, v) for k, v in _params(request) if k != key]
    params.append((key, str(value)))
    return _url(request, params)


@register.simple_tag(takes_context=True)
def without_param(context, key: str, value=None) -> str:
    """The current URL without `key` (or without only its `value`), back on page 1."""
    request = context["request"]
    params = [(k, v) for k, v in _params(request) if not (k == key and (value is None or v == str(value)))]
    return _url(request, params)


@register.simple_tag(takes_context=True)
def page_url(context, number: int) -> str:
    request = context["request"]
    params = [(k, v) for k, v in _params(request) if k != "page"]
    if number > 1:
        params.append(("page", str(number)))
    return _url(request, params)


@register.filter
def number(value) -> str:
    """'2600000' -> '2,600,000'; '1.5' stays '1.5'; anything else unchanged."""
    if value is None or value == "":
        return ""
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return str(value)
    if amount == amount.to_integral_value():
        return f"{int(amount):,}"
    whole, _, fraction = format(amount.normalize(), "f").partition(".")
    return f"{int(whole):,}.{fraction}" if whole.lstrip("-").isdigit() else str(value)


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if hasattr(mapping, "get") else None


@register.filter
def is_list(value) -> bool:
    return isinstance(value, (list, tuple))
