"""What a list page shows, as data: one `Table` feeds the HTML, the CSV and the JSON twin.

Every list page builds its tables once and hands them to `render_page`; `?format=csv`
or `?format=json` then returns exactly those rows instead of the HTML, so the download
can never drift from the screen. CSV starts with a BOM so Excel reads the UTF-8.
"""
from __future__ import annotations

import csv
import html as html_lib
import io
import json
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.html import strip_tags
from django.utils.safestring import SafeString, mark_safe

from archive.pages.errors import BadParameter

FORMATS = ("html", "csv", "json")


@dataclass
class Column:
    key: str
    label: str
    link: str | None = None  # key of the row value holding this cell's URL
    html: bool = False  # the value is trusted HTML (search snippets); CSV strips its tags
    numeric: bool = False
    short: bool = False  # a short value (city, year, unit): kept on one line


@dataclass
class Table:
    name: str
    title: str
    columns: list[Column]
    rows: list[dict[str, Any]] = field(default_factory=list)
    rendered: str | None = field(default=None, repr=False, compare=False)

    def cells(self) -> list[list[tuple[Column, Any, str | None]]]:
        """Rows as (column, value, href) triples, the shape the table template walks."""
        return [
            [(c, row.get(c.key), row.get(c.link) if c.link else None) for c in self.columns]
            for row in self.rows
        ]

    def html(self) -> SafeString:
        """The table as HTML (see `table_html`), built once: a cached page keeps it."""
        if self.rendered is None:
            self.rendered = str(table_html(self))
        return mark_safe(self.rendered)

    def as_dicts(self) -> list[dict[str, Any]]:
        keys = [c.key for c in self.columns] + [c.link for c in self.columns if c.link]
        return [{k: plain(row.get(k), html=_is_html(self, k)) for k in keys} for row in self.rows]


@dataclass
class PageContent:
    """Everything a list page shows, computed once (and cacheable: plain data only)."""

    tables: list[Table]
    context: dict[str, Any] = field(default_factory=dict)
    data: dict[str, Any] = field(default_factory=dict)  # extra JSON for the twin

    def prepare_for_cache(self) -> None:
        """Render the tables' HTML before the content is cached, so visits after the first
        only fill in the page around them."""
        for table in self.tables:
            table.html()


NUMERIC_CLASS = ' class="num"'


def _number_text(value: Any) -> str:
    from archive.templatetags.archive_extras import number

    return number(value)


def escape(value: Any) -> str:
    """Django's escaping (& < > " ' as entities) without its per-call lazy-string wrapper,
    which costs more than the escaping itself over a thousand cells."""
    return html_lib.escape(str(value), quote=True)


def _cell_text(column: Column, value: Any) -> str:
    if column.html:
        return value or ""  # search snippets: escaped by the backend around <mark>
    if isinstance(value, (list, tuple)):
        return escape("、".join(str(v) for v in value))
    if column.numeric:
        return escape(_number_text(value))
    return escape("" if value is None else value)


def table_html(table: Table) -> SafeString:
    """A Table as an HTML table. Every value is escaped; data-label lets phones show cells
    as cards. Built from strings rather than format_html per cell: a 100-row metrics table
    has 1,000 cells, and format_html costs ~60 µs each, most of a page's time."""
    specs = []
    for c in table.columns:
        css = NUMERIC_CLASS if c.numeric else (' class="short"' if c.short else "")
        specs.append((c, c.key, c.link, f'<td{css} data-label="{escape(c.label)}">'))
    head = "".join(
        f'<th{NUMERIC_CLASS if c.numeric else ""} scope="col">{escape(c.label)}</th>' for c in table.columns
    )
    body = []
    for row in table.rows:
        cells = []
        for column, key, link, opening in specs:
            text = _cell_text(column, row.get(key))
            href = row.get(link) if link else None
            if href:
                text = f'<a href="{escape(href)}">{text}</a>'
            cells.append(f"{opening}{text}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    if not body:
        body.append(f'<tr><td colspan="{len(table.columns)}" class="empty">暂无数据。</td></tr>')
    return mark_safe(
        f'<div class="table-wrap"><table class="data-table" data-table="{escape(table.name)}"><thead><tr>{head}</tr></thead>'
        f'<tbody>{"".join(body)}</tbody></table></div>'
    )


def _is_html(table: Table, key: str) -> bool:
    return any(c.key == key and c.html for c in table.columns)


def plain(value: Any, html: bool = False) -> Any:
    """A cell as data: lists joined, HTML snippets reduced to their text."""
    if isinstance(value, (list, tuple)):
        return "；".join(str(v) for v in value)
    if html and isinstance(value, str):
        return strip_tags(value)
    return value


def requested_format(request: HttpRequest) -> str:
    fmt = request.GET.get("format", "html") or "html"
    if fmt not in FORMATS:
        raise BadParameter(f"不支持的格式“{fmt}”，可用：csv、json。")
    return fmt


def csv_response(table: Table, filename: str) -> HttpResponse:
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow([c.label for c in table.columns])
    for row in table.rows:
        writer.writerow(["" if (v := plain(row.get(c.key), c.html)) is None else v for c in table.columns])
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def json_response(tables: list[Table], extra: dict[str, Any]) -> HttpResponse:
    document = dict(extra)
    document["tables"] = {
        t.name: {"title": t.title, "columns": [[c.key, c.label] for c in t.columns], "rows": t.as_dicts()}
        for t in tables
    }
    body = json.dumps(document, cls=DjangoJSONEncoder, ensure_ascii=False)
    return HttpResponse(body, content_type="application/json; charset=utf-8")


def format_url(request: HttpRequest, fmt: str, table: str | None = None) -> str:
    """This page's URL with ?format= set (and the table to export), other parameters kept."""
    params = [(k, v) for k, values in request.GET.lists() for v in values if k not in ("format", "table")]
    params.append(("format", fmt))
    if table:
        params.append(("table", table))
    return f"{request.path}?{urlencode(params)}"


def render_page(
    request: HttpRequest,
    template: str,
    context: dict[str, Any],
    tables: list[Table],
    filename: str,
    data: dict[str, Any] | None = None,
) -> HttpResponse:
    """The HTML page, or its tables as CSV/JSON when ?format= asks for them.

    `data` is extra plain JSON for the twin (counts, the query) beyond the tables.
    """
    fmt = requested_format(request)
    if fmt == "csv":
        wanted = request.GET.get("table") or (tables[0].name if tables else "")
        table = next((t for t in tables if t.name == wanted), None)
        if table is None:
            raise BadParameter(f"本页没有名为“{wanted}”的表格。")
        suffix = "" if table is tables[0] else f"-{table.name}"
        return csv_response(table, f"{filename}{suffix}")
    if fmt == "json":
        return json_response(tables, data or {})
    context = dict(context)
    context["tables"] = {t.name: t for t in tables}
    context["json_url"] = format_url(request, "json")
    context["csv_links"] = [(t, format_url(request, "csv", None if i == 0 else t.name)) for i, t in enumerate(tables)]
    return render(request, template, context)


def render_content(request: HttpRequest, template: str, content: PageContent, filename: str) -> HttpResponse:
    return render_page(request, template, content.context, content.tables, filename, content.data)
