"""The search page: results with highlights and matching measures, facets, chips, no-results help."""
import re

import pytest

from tests.pages.factories import make_reply

pytestmark = pytest.mark.django_db


def test_results_show_snippet_marks_and_matching_measures(client, archive_50):
    page = client.get("/search/?q=团体辅导").content.decode()
    assert "<mark>" in page
    assert "加强心理辅导，开展团体活动" in page  # the matching measure's heading
    assert re.search(r'href="/replies/\d+/\?q=[^"#]+#measure-\d+"', page)


def test_facet_link_filters_and_chip_removes(client, archive_50):
    page = client.get("/search/?q=团体辅导").content.decode()
    assert 'data-facet="city"' in page
    link = re.search(r'<a href="(/search/\?q=[^"]*city=[^"]+)">杭州市</a>', page).group(1).replace("&amp;", "&")
    filtered = client.get(link).content.decode()
    assert 'class="chip"' in filtered and "城市：杭州市" in filtered
    assert "信阳市教育局" not in filtered
    chip = re.search(r'<a class="chip" href="([^"]+)"', filtered).group(1).replace("&amp;", "&")
    assert "city=" not in chip


def test_private_replies_are_not_found_or_counted(client):
    make_reply(title="内部答复", city="秘密市", public=False)
    make_reply(city="信阳市")
    page = client.get("/search/?q=心理").content.decode()
    assert "秘密市" not in page and "内部答复" not in page
    assert "共找到 <strong>1</strong>" in page


def test_no_results_suggests_dropping_filters(client, archive_50):
    page = client.get("/search/?q=团体辅导&city=信阳市&year=2022&type=family").content.decode()
    if "共找到 <strong>0</strong>" not in page:
        page = client.get("/search/?q=团体辅导&province=不存在省").content.decode()
    assert "没有找到" in page
    assert "去掉筛选" in page
    assert "不加任何筛选可找到" in page


@pytest.mark.parametrize("query", ['<script>alert(1)</script>', '"未闭合', "NEAR(心理", "*", "心理 OR", "-", "a" * 3000])
def test_any_query_gives_a_page(client, archive_50, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()


@pytest.mark.parametrize("params", ["year=abc", "page=-1", "page=0", "type=nonsense", "status=x", "sort=random", "page_size=1000"])
def test_bad_parameters_are_400_with_a_chinese_message(client, archive_50, params):
    response = client.get(f"/search/?q=心理&{params}")
    assert response.status_code == 400
    assert "参数有误" in response.content.decode()


def test_page_past_the_end_is_404(client, archive_50):
    assert client.get("/search/?q=心理&page=500").status_code == 404


def test_search_feed_is_a_saved_search(client, archive_50):
    body = client.get("/feeds/search.atom?q=团体辅导&city=杭州市").content.decode()
    assert "检索“团体辅导”" in body
    assert "杭州市" in body and "信阳市教育局" not in body
