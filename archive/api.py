"""JSON API: GET /api/search and GET /api/replies/<id>.

The parameters are ReplyFilter's (the same as /search/); a bad one is a 400 with the
field errors, never a 500. Staff-only replies are invisible to anonymous callers in
results, counts and facets alike.
"""
from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_GET

from archive.export import reply_to_dict, with_export_relations
from archive.filters import ReplyFilter
from archive.models import Reply
from archive.search.base import Hit, SearchResults

JSON_OPTIONS = {"ensure_ascii": False}


def json_error(message: str, status: int, **extra) -> JsonResponse:
    return JsonResponse({"error": message, **extra}, status=status, json_dumps_params=JSON_OPTIONS)


def page_url(request: HttpRequest, page: int) -> str:
    params = request.GET.copy()
    params["page"] = str(page)
    return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")


def hit_dict(hit: Hit, ranked: bool) -> dict:
    reply = hit.reply
    return {
        "id": hit.reply_id,
        "source_file": reply.source_file,
        "city": reply.city or None,
        "province": reply.province or None,
        "year": reply.year,
        "title": reply.title,
        "bureau": reply.bureau or None,
        "score": hit.score if ranked else None,
        "snippet": hit.snippet,
        "measures": [{"id": m.id, "heading": m.heading, "status": m.status} for m in hit.measures],
    }


def results_dict(request: HttpRequest, results: SearchResults, page: int, page_size: int) -> dict:
    # Past a capped count there may be more: offer the next page while pages come back full.
    has_next = page * page_size < results.count or (results.count_capped and len(results.hits) == page_size)
    return {
        "count": results.count,
        "next": page_url(request, page + 1) if has_next else None,
        "previous": page_url(request, page - 1) if page > 1 else None,
        "results": [hit_dict(hit, results.ordered_by == "relevance") for hit in results.hits],
        "facets": {name: [[value, n] for value, n in counts] for name, counts in results.facets.items()},
        # Shown to the user: words searched besides the typed ones, and typed terms with no
        # exact match that were searched as their jieba words instead.
        "synonyms_applied": results.synonyms_applied,
        # True when more replies match than are counted (count is then a lower bound).
        "count_capped": results.count_capped,
        "relaxed_terms": results.relaxed_terms,
    }


@require_GET
def search(request: HttpRequest) -> JsonResponse:
    filterset = ReplyFilter(request.GET, queryset=Reply.objects.none())
    if not filterset.is_valid():
        return json_error("参数无效", 400, errors=filterset.form.errors.get_json_data())
    results = filterset.search(request.user)
    body = results_dict(request, results, filterset.page_number, filterset.per_page)
    return JsonResponse(body, json_dumps_params=JSON_OPTIONS)


@require_GET
def reply_detail(request: HttpRequest, pk: int) -> JsonResponse:
    reply = with_export_relations(Reply.objects.visible_to(request.user).filter(pk=pk)).first()
    if reply is None:
        return json_error("未找到该答复", 404)
    return JsonResponse(reply_to_dict(reply), json_dumps_params=JSON_OPTIONS)
