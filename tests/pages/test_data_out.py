"""Data out: every HTML page links its JSON twin; CSV/JSON hold exactly the rows on screen."""
import csv
import io
import json
import re

import pytest

from tests.pages.factories import make_reply

pytestmark = pytest.mark.django_db

ALTERNATE = re.compile(r'<link rel="alternate" type="application/json" href="([^"]+)">')

PAGES = [
    "/",
    "/cities/",
    "/cities/信阳市/",
    "/years/",
    "/years/2023/",
    "/types/",
    "/types/screening/",
    "/metrics/",
    "/metrics/?city=杭州市&unit=人",
    "/compare/?city=信阳市&city=杭州市",
    "/coverage/",
    "/search/?q=心理&city=信阳市",
    "REPLY",
]


def resolve(url, archive):
    return archive[0].get_absolute_url() if url == "REPLY" else url


@pytest.mark.parametrize("url", PAGES)
def test_html_page_links_its_json_twin(client, archive_50, url):
    url = resolve(url, archive_50)
    page = client.get(url)
    assert page.status_code == 200
    match = ALTERNATE.search(page.content.decode())
    assert match, f"{url} has no JSON alternate link"
    twin = client.get(match.group(1).replace("&amp;", "&"))
    assert twin.status_code == 200
    assert twin["Content-Type"].startswith("application/json")
    json.loads(twin.content)


@pytest.mark.parametrize("url, table", [
    ("/cities/", "cities"), ("/years/2023/", "replies"), ("/types/screening/", "measures"),
    ("/metrics/?city=信阳市", "metrics"), ("/compare/?city=信阳市&city=杭州市", "summary"),
    ("/search/?q=团体辅导&year=2023", "results"),
])
def test_csv_and_json_hold_the_rows_on_screen(client, archive_50, url, table):
    html = client.get(url).content.decode()
    document = json.loads(client.get(url + ("&" if "?" in url else "?") + "format=json").content)
    rows = document["tables"][table]["rows"]
    assert rows
    response = client.get(url + ("&" if "?" in url else "?") + "format=csv")
    assert response["Content-Type"].startswith("text/csv")
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    records = list(csv.reader(io.StringIO(body[1:])))
    assert records[0] == [label for _, label in document["tables"][table]["columns"]]
    assert len(records) - 1 == len(rows)
    first_key = document["tables"][table]["columns"][0][0]
    for row in rows:  # every exported row is a row of the page
        value = str(row[first_key])
        assert value in html


def test_metrics_export_has_normalised_values_and_source_links(client, archive_50):
    document = json.loads(client.get("/metrics/?unit=人&format=json").content)
    rows = document["tables"]["metrics"]["rows"]
    assert rows and all(r["base_unit"] == "人" for r in rows)
    assert all(r["url"].startswith("/replies/") and "#metric-" in r["url"] for r in rows)
    first = rows[0]
    assert first["normalized"] == str(int(first["value"]) * 10000)
    assert document["chart"]["unit"] == "人"


def test_reply_json_is_the_export_schema(client):
    reply = make_reply(measures=3)
    document = json.loads(client.get(reply.get_absolute_url() + "?format=json").content)
    assert document["id"] == reply.pk
    assert document["measures"][0]["heading"] == "加强组织领导，健全工作机制"
    assert document["metrics"][0]["measure"] == "2"


def test_latest_feed_is_atom_and_hides_private(client):
    make_reply(title="公开答复甲")
    make_reply(title="内部答复乙", public=False)
    response = client.get("/feeds/latest.atom")
    assert response["Content-Type"].startswith("application/atom+xml")
    body = response.content.decode()
    assert "公开答复甲" in body and "内部答复乙" not in body
