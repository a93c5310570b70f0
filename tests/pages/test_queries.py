"""No N+1: every list page costs a fixed number of queries with 50 replies (and with 10)."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.pages.factories import make_archive

pytestmark = pytest.mark.django_db

# Page -> most queries it may run for an anonymous visitor, computing its content afresh
# (the data version, hidden reply ids and the page's own queries).
LIST_PAGES = {
    "/": 8,
    "/cities/": 2,
    "/cities/信阳市/": 9,
    "/years/": 2,
    "/years/2023/": 7,
    "/types/": 4,
    "/types/screening/": 7,
    "/metrics/": 9,
    "/metrics/?unit=人&format=json": 9,
    # Each city's type profile is the one its own page caches: one query per city (at most 4).
    "/compare/?city=信阳市&city=杭州市&city=宁波市": 9,
    "/coverage/": 2,
    "/feeds/latest.atom": 1,
    "/search/": 5,
    "/search/?q=心理&sort=date": 6,
    # Ranking reads the search backend's per-process vocabulary (4 queries, the first search
    # after the index changes; archive/search/vocabulary.py): fixed, not per result.
    "/search/?q=团体辅导&city=信阳市&type=counseling": 11,
    "/feeds/search.atom?q=心理": 6,
}
CACHED_PAGES = [url for url in LIST_PAGES if not url.startswith(("/search/", "/feeds/"))]


@pytest.mark.parametrize("url, limit", LIST_PAGES.items())
def test_list_page_query_count_is_fixed(client, archive_50, url, limit, django_assert_max_num_queries):
    with django_assert_max_num_queries(limit):
        response = client.get(url)
    assert response.status_code == 200


def test_reply_page_query_count_does_not_grow_with_measures(client):
    from tests.pages.factories import make_reply

    small, large = make_reply(measures=1), make_reply(measures=9)
    counts = []
    for reply in (small, large):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reply.get_absolute_url()).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_query_count_same_for_10_and_50_replies(client, db):
    # Searches that find something either way: a search with no hits asks more (relaxed
    # query, counts without filters), which depends on the data, not on its size.
    urls = [*CACHED_PAGES, "/search/?q=心理", "/search/?q=心理&city=杭州市"]
    counts = []
    for batch in (10, 40):  # 10 replies, then 50
        make_archive(batch)
        with CaptureQueriesContext(connection) as queries:
            for url in urls:
                assert client.get(url).status_code == 200, url
        counts.append(len(queries))
    assert counts[0] == counts[1]



@pytest.mark.parametrize("url", CACHED_PAGES)
def test_unchanged_data_costs_one_query(client, archive_50, url, django_assert_max_num_queries):
    client.get(url)
    with django_assert_max_num_queries(1):  # the data version
        assert client.get(url).status_code == 200


def test_cached_pages_follow_changes(client, archive_50):
    from tests.pages.factories import make_reply

    before = client.get("/?format=json").json()["counts"]
    reply = make_reply(city="新增市")
    assert client.get("/?format=json").json()["counts"]["replies"] == before["replies"] + 1
    assert "新增市" in client.get("/cities/").content.decode()
    reply.public = False
    reply.save()
    assert client.get("/?format=json").json()["counts"]["replies"] == before["replies"]
    assert "新增市" not in client.get("/cities/").content.decode()
    reply.delete()
    assert client.get("/cities/新增市/").status_code == 404
