"""Django admin for staff: correct any extracted field; every change is kept in history.

SimpleHistoryAdmin adds a "历史" page per object (who changed what, when); the search
index follows saves through the signal handlers in archive.search.
"""
import base64
import hashlib

from csp.decorators import csp_update
from django.contrib import admin
from django.utils.decorators import method_decorator
from simple_history.admin import SimpleHistoryAdmin

from archive.models import Measure, MeasureType, Metric, Reply

admin.site.site_header = "提案答复档案 · 管理"
admin.site.site_title = "提案答复档案管理"
admin.site.index_title = "数据管理（上传新答复请到 /upload/）"


def style_hash(declarations: str) -> str:
    """CSP source for one inline style attribute value: 'sha256-<base64>'."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(declarations.encode()).digest()).decode() + "'"


# django-simple-history's object_history_list.html carries one inline style attribute
# (<p class="paginator" style="border-top: 0">). The site-wide policy allows no inline style;
# the history page allows exactly that value, by hash, and nothing else.
HISTORY_PAGE_STYLES = ["border-top: 0"]
HISTORY_PAGE_CSP = {"style-src-attr": ["'unsafe-hashes'", *map(style_hash, HISTORY_PAGE_STYLES)]}


class HistoryAdmin(SimpleHistoryAdmin):
    """SimpleHistoryAdmin whose history page passes the strict CSP."""

    @method_decorator(csp_update(HISTORY_PAGE_CSP))
    def history_view(self, request, object_id, extra_context=None):
        return super().history_view(request, object_id, extra_context)


class MeasureInline(admin.TabularInline):
    model = Measure
    fields = ["path", "position", "order", "heading", "status", "parent", "span_start", "span_end"]
    # A select of every measure in the archive would be enormous; ids instead.
    raw_id_fields = ["parent"]
    extra = 0
    show_change_link = True


class MetricInline(admin.TabularInline):
    model = Metric
    fields = ["position", "label", "qualifier", "value", "value_max", "unit", "normalized_value", "base_unit", "measure", "span_start", "span_end"]
    raw_id_fields = ["measure"]
    extra = 0


@admin.register(Reply)
class ReplyAdmin(HistoryAdmin):
    list_display = ["title", "city", "province", "year", "result_class", "public", "ingested_at", "ingested_by"]
    list_filter = ["city", "province", "year", "result_class", "public"]
    search_fields = ["title", "bureau", "proposer", "doc_number", "proposal_number", "source_file", "city"]
    date_hierarchy = "date"
    readonly_fields = ["sha256", "source_file", "ingested_at", "ingested_by"]
    fieldsets = [
        (None, {"fields": ["title", "bureau", "city", "province", "doc_number", "session", "proposal_number", "proposer", "proposer_is_org", "signer", "result_class", "public", "date", "year", "contact", "phone"]}),
        ("文本", {"classes": ["collapse"], "fields": ["text", "raw_text"]}),
        ("来源", {"fields": ["source_file", "sha256", "ingested_at", "ingested_by"]}),
    ]
    inlines = [MeasureInline, MetricInline]
    list_per_page = 50


class MeasureTypeInline(admin.TabularInline):
    model = MeasureType
    extra = 0


@admin.register(Measure)
class MeasureAdmin(HistoryAdmin):
    list_display = ["path", "heading", "status", "reply"]
    list_filter = ["status", "types__slug"]
    search_fields = ["heading", "text"]
    raw_id_fields = ["reply", "parent"]
    list_select_related = ["reply"]
    inlines = [MeasureTypeInline]


@admin.register(Metric)
class MetricAdmin(HistoryAdmin):
    list_display = ["label", "qualifier", "value", "value_max", "unit", "base_unit", "reply"]
    list_filter = ["base_unit", "qualifier", "unit"]
    search_fields = ["label", "unit"]
    raw_id_fields = ["reply", "measure"]
    list_select_related = ["reply"]
