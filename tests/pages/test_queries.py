"""No N+1: every list page costs a fixed number of queries with 50 replies (and with 10)."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.pages.factories import make_archive

pytestmark = pytest.mark.django_db

# Page -> most queries it may run for an anonymous visitor.
LIST_PAGES = {
    "/": 6,
    "/cities/": 1,
    "/cities/信阳市/": 6,
    "/years/": 1,
    "/years/2023/": 5,
    "/types/": 1,
    "/types/screening/": 3,
    "/metrics/": 6,
    "/metrics/?unit=人&format=json": 6,
    "/compare/?city=信阳市&city=杭州市&city=宁波市": 6,
    "/coverage/": 1,
    "/feeds/latest.atom": 1,
    "/search/": 5,
    "/search/?q=心理&sort=date": 6,
    "/search/?q=团体辅导&city=信阳市&type=counseling": 6,
    "/feeds/search.atom?q=心理": 6,
}


@pytest.mark.parametrize("url, limit", LIST_PAGES.items())
def test_list_page_query_count_is_fixed(client, archive_50, url, limit, django_assert_max_num_queries):
    with django_assert_max_num_queries(limit):
        response = client.get(url)
    assert response.status_code == 200


def test_reply_page_query_count_does_not_grow_with_measures(client, django_assert_max_num_queries):
    from tests.pages.factories import make_reply

    small, large = make_reply(measures=1), make_reply(measures=9)
    counts = []
    for reply in (small, large):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reply.get_absolute_url()).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_query_count_same_for_10_and_50_replies(client, db):
    counts = []
    for batch in (10, 40):  # 10 replies, then 50
        make_archive(batch)
        with CaptureQueriesContext(connection) as queries:
            for url in LIST_PAGES:
                assert client.get(url).status_code == 200, url
        counts.append(len(queries))
    assert counts[0] == counts[1]
