"""GET /api/search and GET /api/replies/<id>: shape, validation, visibility."""
import pytest
from django.contrib.auth.models import User

from .factories import make_reply

RESULT_KEYS = {"id", "source_file", "city", "province", "year", "title", "bureau", "score", "snippet", "measures"}


@pytest.fixture
def replies(db):
    public = make_reply("加强心理辅导工作。", title="关于心理辅导的答复", city="信阳市", year=2024,
                        measures=[("做好心理辅导", "建设辅导室", "done", ["counseling"])])
    others = [make_reply(f"心理健康教育第{i}项。", city="武汉市", province="湖北省", year=2023) for i in range(3)]
    private = make_reply("心理辅导内部材料。", city="郑州市", public=False)
    return public, others, private


def test_search_returns_the_documented_shape(client, replies):
    public = replies[0]
    body = client.get("/api/search", {"q": "心理辅导"}).json()
    assert body["count"] == 1 and body["next"] is None and body["previous"] is None
    result = body["results"][0]
    assert RESULT_KEYS <= set(result)
    assert result["id"] == public.pk and result["city"] == "信阳市" and result["year"] == 2024
    assert "<mark>心理辅导</mark>" in result["snippet"]
    assert result["measures"][0]["heading"] == "做好心理辅导"
    assert set(result["measures"][0]) == {"id", "heading", "status"}
    assert body["facets"]["city"] == [["信阳市", 1]]
    assert set(body["facets"]) >= {"city", "province", "year", "type", "status"}


def test_pagination_links(client, replies):
    body = client.get("/api/search", {"q": "心理", "page_size": 2}).json()
    assert body["count"] == 4 and len(body["results"]) == 2
    assert "page=2" in body["next"] and body["previous"] is None
    second = client.get(body["next"]).json()
    assert second["next"] is None and "page=1" in second["previous"]
    assert not {r["id"] for r in body["results"]} & {r["id"] for r in second["results"]}


def test_filters_and_sort(client, replies):
    body = client.get("/api/search", {"q": "心理", "city": "武汉市", "sort": "date"}).json()
    assert body["count"] == 3 and {r["city"] for r in body["results"]} == {"武汉市"}
    assert client.get("/api/search", {"year": 2024, "type": "counseling", "status": "done"}).json()["count"] == 1


@pytest.mark.parametrize(
    "params",
    [{"page": "abc"}, {"page": "0"}, {"page_size": "1000"}, {"page_size": "0"}, {"year": "x"},
     {"type": "unknown"}, {"status": "maybe"}, {"sort": "random"}],
)
def test_invalid_parameters_are_a_400_json_error(client, replies, params):
    response = client.get("/api/search", params)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    assert set(response.json()["errors"]) == set(params)


@pytest.mark.parametrize("q", ['"', "*", "NEAR(", "AND OR", "\x00", "😀", "x" * 10_000, 'a"b', "NOT", "-"])
def test_any_query_text_answers_200(client, replies, q):
    response = client.get("/api/search", {"q": q})
    assert response.status_code == 200
    assert response.json()["count"] >= 0


def test_private_replies_only_for_staff(client, replies):
    private = replies[2]
    assert client.get("/api/search", {"q": "内部材料"}).json()["count"] == 0
    assert client.get(f"/api/replies/{private.pk}").status_code == 404
    staff = User.objects.create_user("editor", password="x", is_staff=True)
    client.force_login(staff)
    body = client.get("/api/search", {"q": "内部材料"}).json()
    assert [r["id"] for r in body["results"]] == [private.pk]
    assert client.get(f"/api/replies/{private.pk}").json()["city"] == "郑州市"


def test_reply_detail_is_the_export_schema(client, replies):
    public = replies[0]
    body = client.get(f"/api/replies/{public.pk}").json()
    assert body["source_file"] == public.source_file and body["measures"][0]["types"] == ["counseling"]
    missing = client.get("/api/replies/999999")
    assert missing.status_code == 404 and "error" in missing.json()


def test_a_capped_count_is_reported_and_next_pages_stay_reachable(client, replies, monkeypatch):
    import archive.search.base as base

    monkeypatch.setattr(base, "MATCH_LIMIT", 2)
    body = client.get("/api/search", {"q": "心理", "page_size": 2}).json()
    assert body["count"] == 2 and body["count_capped"] is True
    assert all(r["score"] is None for r in body["results"])  # newest first, not ranked
    second = client.get(body["next"]).json()
    assert len(second["results"]) == 2
