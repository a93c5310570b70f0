"""What a person does: search, narrow by a facet, open a reply, jump to a metric, export.

Kept to a handful of page loads against one live server.
"""
import csv
import io

import pytest

from tests.pages.factories import make_reply

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def two_cities(clean_index):
    return [
        make_reply(city=city, province=province, year=year, measures=3)
        for year in (2023, 2024)
        for city, province in (("信阳市", "河南省"), ("杭州市", "浙江省"))
    ]


def test_search_facet_reply_metric_export(live_server, new_page, two_cities):
    page = new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/search/?q=团体辅导")
    assert "共找到" in page.locator(".result-count").inner_text()
    assert page.locator(".result mark").count() > 0

    page.locator('[data-facet="city"] a', has_text="杭州市").click()
    page.wait_for_url("**city=*")
    assert "城市：杭州市" in page.locator(".chips").inner_text()
    results = page.locator(".result")
    assert results.count() == 2
    assert all("杭州市" in text for text in results.locator(".meta").all_inner_texts())

    # A matching measure of a hit opens the reply at that measure, highlighted.
    results.first.locator("a.measure-hit").first.click()
    page.wait_for_load_state()
    assert page.locator(".sentence.is-highlighted").count() == 1
    assert "开展团体活动" in page.locator(".sentence.is-highlighted").inner_text()

    # Clicking a metric highlights its source sentence.
    metric_link = page.locator("a.metric-link", has_text="团体辅导")
    target = metric_link.get_attribute("data-target")
    metric_link.click()
    sentence = page.locator(f".sentence:has(#{target})")
    assert "is-highlighted" in sentence.get_attribute("class")
    assert "团体辅导" in sentence.inner_text() and "场次" in sentence.inner_text()
    assert page.locator(".sentence.is-highlighted").count() == 1
    assert sentence.is_visible()

    # Back on the filtered search, the CSV link downloads what the page showed.
    page.go_back()
    page.wait_for_url("**/search/**")
    with page.expect_download() as download_info:
        page.locator("a.export-csv").first.click()
    body = download_info.value.path().read_text(encoding="utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(body[1:])))
    assert len(rows) == 2
    assert {row["城市"] for row in rows} == {"杭州市"}
    assert all(row["标题"] for row in rows)


def test_phone_viewport_has_no_horizontal_scroll(live_server, new_page, two_cities):
    page = new_page(viewport={"width": 375, "height": 740}, device_scale_factor=2, is_mobile=True, has_touch=True)
    long_query = "/search/?q=" + "x" * 150  # one unbroken word must wrap, not widen the page
    for path in ("/search/?q=心理健康&city=信阳市", long_query, two_cities[0].get_absolute_url(), "/metrics/"):
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px"
