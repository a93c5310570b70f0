"""Compare, coverage and the metrics explorer: content and parameter checking."""
import json

import pytest

from tests.pages.factories import make_reply

pytestmark = pytest.mark.django_db


def test_compare_side_by_side(client, archive_50):
    document = json.loads(client.get("/compare/?city=信阳市&city=杭州市&format=json").content)
    summary = {row["city"]: row for row in document["tables"]["summary"]["rows"]}
    assert set(summary) == {"信阳市", "杭州市"}
    assert all(row["done"] > 0 and row["planned"] > 0 for row in summary.values())
    labels = {row["label"] for row in document["tables"]["metrics"]["rows"]}
    assert "团体辅导" in labels  # same label and unit in both cities


@pytest.mark.parametrize("query, status", [
    ("?city=信阳市&city=无此市", 404),
    ("?city=a&city=b&city=c&city=d&city=e", 400),
    ("?city=信阳市&city=杭州市&format=pdf", 400),
])
def test_compare_bad_parameters(client, archive_50, query, status):
    assert client.get("/compare/" + query).status_code == status


def test_coverage_shows_gaps(client):
    make_reply(city="信阳市", year=2022)
    make_reply(city="杭州市", year=2024)
    document = json.loads(client.get("/coverage/?format=json").content)
    assert document["years"] == [2022, 2024]
    rows = {row["city"]: row for row in document["tables"]["coverage"]["rows"]}
    assert rows["信阳市"]["2022"] == 1 and rows["信阳市"]["2024"] == 0
    assert 'class="gap"' in client.get("/coverage/").content.decode()


def test_metrics_filters_and_chart(client, archive_50):
    document = json.loads(client.get("/metrics/?type=counseling&city=杭州市&format=json").content)
    rows = document["tables"]["metrics"]["rows"]
    assert rows and {r["label"] for r in rows} == {"团体辅导"} and {r["city"] for r in rows} == {"杭州市"}
    assert {r["bound"] for r in rows} == {"至少"}  # qualifier 余 read as a lower bound
    assert document["chart"]["unit"] == "场次"
    assert [c for c, _ in document["chart"]["by_city"]] == ["杭州市"]
    page = client.get("/metrics/?unit=人").content.decode()
    assert 'id="chart-data" type="application/json"' in page and "chart.umd.min.js" in page


@pytest.mark.parametrize("query", ["?year=abc", "?type=nonsense", "?page=0", "?year=1800"])
def test_metrics_bad_parameters(client, archive_50, query):
    response = client.get("/metrics/" + query)
    assert response.status_code == 400
    assert "参数有误" in response.content.decode()
