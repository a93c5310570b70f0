"""What the pages do to stay fast at 20k replies, checked for content, not time:
the type page's per-city cap and its one-city view, /compare/'s per-city facts, the shared
file cache, and previous/next on the reply page."""
import json

import pytest
from asgiref.local import Local
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from archive.models import Reply
from archive.pages.types import PER_CITY
from tests.pages.factories import make_archive, make_reply

pytestmark = pytest.mark.django_db


def many_in_one_city(n: int = PER_CITY + 3):
    """n replies in 信阳市 (each with one 'organization' measure first), two in 杭州市."""
    xinyang = [make_reply(city="信阳市", year=2020 + i % 5) for i in range(n)]
    hangzhou = [make_reply(city="杭州市", province="浙江省") for _ in range(2)]
    return xinyang, hangzhou


def test_type_page_shows_each_citys_newest_few_and_links_to_the_rest(client):
    xinyang, hangzhou = many_in_one_city()
    page = client.get("/types/organization/").content.decode()
    data = client.get("/types/organization/?format=json").json()
    rows = data["tables"]["measures"]["rows"]
    assert data["count"] == len(xinyang) + len(hangzhou)  # the total counts every measure
    assert sum(r["city"] == "信阳市" for r in rows) == PER_CITY
    assert sum(r["city"] == "杭州市" for r in rows) == 2
    assert "/types/organization/?city=%E4%BF%A1%E9%98%B3%E5%B8%82" in page  # 信阳市 has more
    assert "/types/organization/?city=%E6%9D%AD%E5%B7%9E%E5%B8%82" not in page  # 杭州市 is complete
    # Newest first: the rows shown for 信阳市 are its most recent replies.
    newest = sorted(xinyang, key=lambda r: (r.date, r.pk), reverse=True)[:PER_CITY]
    assert [r["reply_url"] for r in rows if r["city"] == "信阳市"] == [r.get_absolute_url() for r in newest]


def test_type_page_for_one_city_lists_all_and_exports_what_it_shows(client):
    xinyang, _ = many_in_one_city()
    url = "/types/organization/?city=信阳市"
    page = client.get(url)
    assert page.status_code == 200
    body = page.content.decode()
    assert body.count('class="badge status-') == len(xinyang)
    rows = client.get(url + "&format=json").json()["tables"]["measures"]["rows"]
    assert len(rows) == len(xinyang) and {r["city"] for r in rows} == {"信阳市"}
    csv_lines = client.get(url + "&format=csv").content.decode("utf-8-sig").strip().splitlines()
    assert len(csv_lines) == 1 + len(xinyang)
    assert client.get("/types/organization/?city=不存在市").status_code == 404
    assert client.get("/types/organization/?city=" + "市" * 101).status_code == 400


def test_type_page_hides_private_replies_everywhere(client):
    make_reply(city="秘密市", title="不公开的答复标题", public=False)
    make_reply(city="信阳市")
    for url in ["/types/organization/", "/types/organization/?city=秘密市"]:
        body = client.get(url).content.decode()
        assert "不公开的答复标题" not in body
    assert client.get("/types/organization/?format=json").json()["count"] == 1


def test_compare_reuses_each_citys_facts(client):
    make_archive(20)
    first = client.get("/compare/?city=信阳市&city=杭州市&format=json").json()
    with CaptureQueriesContext(connection) as queries:
        again = client.get("/compare/?city=杭州市&city=信阳市&format=json").json()
    # A new pair of known cities: the data version and the city list (cached), nothing per city.
    assert len(queries) <= 2
    by_city = {row["city"]: row for row in first["tables"]["summary"]["rows"]}
    assert {row["city"]: row for row in again["tables"]["summary"]["rows"]} == by_city
    for city in ("信阳市", "杭州市"):
        assert by_city[city]["replies"] == Reply.objects.filter(city=city).exclude(public=False).count()


def test_a_file_cache_is_shared_by_every_process(client, settings, tmp_path):
    """Production's file cache: what one worker computed, another (a fresh cache handler
    over the same folder) finds without recomputing."""
    settings.CACHES = {**settings.CACHES, "pages": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": str(tmp_path)}}
    make_archive(10)
    assert client.get("/cities/信阳市/").status_code == 200
    assert any(tmp_path.iterdir())
    caches._connections = Local()  # fresh cache objects, as in another worker process
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/cities/信阳市/").status_code == 200
    assert len(queries) == 1  # the data version


def test_reply_neighbours_are_the_same_citys_previous_and_next(client):
    older = make_reply(city="信阳市", year=2021)
    middle = make_reply(city="信阳市", year=2022)
    newer = make_reply(city="信阳市", year=2023)
    make_reply(city="杭州市", year=2022)
    page = client.get(middle.get_absolute_url()).content.decode()
    assert older.get_absolute_url() in page and newer.get_absolute_url() in page
    data = json.loads(client.get("/cities/信阳市/?format=json").content)
    assert len(data["tables"]["replies"]["rows"]) == 3


def test_year_profile_counts_every_year_at_once_without_private_replies(client, admin_client):
    make_reply(year=2023, measures=3)
    make_reply(year=2023, measures=2, public=False)
    make_reply(year=2024, measures=4)

    def totals(c, year):
        rows = c.get(f"/years/{year}/?format=json").json()["tables"]["profile"]["rows"]
        return sum(row["total"] for row in rows), sum(row["planned"] for row in rows)

    assert totals(client, 2023) == (3, 1)  # one type per measure; the last one is planned
    assert totals(client, 2024) == (4, 1)
    assert totals(admin_client, 2023) == (5, 2)  # staff see the private reply's measures too
