"""Template helpers: links that change one query-string parameter, and number formatting.

Search and list state lives in the query string, so facet links, filter chips and
pagination all derive a new URL from the current one instead of rebuilding it by hand.
"""
from __future__ import annotations

from decimal import Decimal, InvalidOperation
from urllib.parse import urlencode

from django import template
from django.http import HttpRequest
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

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


def _cell_text(column, value) -> str:
    if column.html:
        return mark_safe(value or "")  # search snippets: escaped by the backend around <mark>
    if isinstance(value, (list, tuple)):
        return conditional_escape("、".join(str(v) for v in value))
    if column.numeric:
        return conditional_escape(number(value))
    return conditional_escape("" if value is None else value)


@register.simple_tag
def data_table(table) -> SafeString:
    """A Table as an HTML table, built in Python: the template language is too slow for
    hundreds of cells. Every value is escaped; data-label lets phones show cells as cards."""
    head = "".join(
        format_html('<th{} scope="col">{}</th>', mark_safe(' class="num"') if c.numeric else "", c.label)
        for c in table.columns
    )
    body = []
    for row in table.rows:
        cells = []
        for c in table.columns:
            text = _cell_text(c, row.get(c.key))
            href = row.get(c.link) if c.link else None
            if href:
                text = format_html('<a href="{}">{}</a>', href, text)
            css = mark_safe(' class="num"') if c.numeric else (mark_safe(' class="short"') if c.short else "")
            cells.append(format_html('<td{} data-label="{}">{}</td>', css, c.label, text))
        body.append("<tr>" + "".join(cells) + "</tr>")
    if not body:
        body.append(format_html('<tr><td colspan="{}" class="empty">暂无数据。</td></tr>', len(table.columns)))
    return format_html(
        '<div class="table-wrap"><table class="data-table" data-table="{}"><thead><tr>{}</tr></thead>'
        "<tbody>{}</tbody></table></div>",
        table.name, mark_safe(head), mark_safe("".join(body)),
    )
