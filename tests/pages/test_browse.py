"""Browse pages: content, visibility, friendly errors, escaping."""
import pytest

from tests.pages.factories import make_reply

pytestmark = pytest.mark.django_db


def test_home_counts_only_visible(client, archive_50):
    page = client.get("/").content.decode()
    assert "45" in page  # 50 replies, 5 not public
    assert "提案答复档案" in page


def test_private_reply_hidden_everywhere(client):
    make_reply(city="秘密市", title="不公开的答复标题", public=False)
    make_reply(city="信阳市")
    assert client.get("/replies/1/").status_code in (200, 404)
    for url in ["/", "/cities/", "/years/", "/types/organization/", "/?format=json", "/cities/?format=csv"]:
        body = client.get(url).content.decode("utf-8-sig")
        assert "秘密市" not in body and "不公开的答复标题" not in body, url
    assert client.get("/cities/秘密市/").status_code == 404


def test_staff_sees_private(admin_client):
    reply = make_reply(city="秘密市", public=False)
    assert admin_client.get(reply.get_absolute_url()).status_code == 200
    assert admin_client.get("/cities/秘密市/").status_code == 200


def test_city_page_groups_by_year_with_profile_and_metrics(client, archive_50):
    page = client.get("/cities/信阳市/").content.decode()
    assert "信阳市" in page and "河南省" in page
    assert "2024 年" in page and "2022 年" in page
    assert "组织领导" in page and "测评覆盖学生" in page


@pytest.mark.parametrize(
    "url, status",
    [
        ("/years/abc/", 404),
        ("/years/20245/", 404),
        ("/years/1800/", 404),
        ("/cities/不存在市/", 404),
        ("/types/nonsense/", 404),
        ("/years/?page=-1", 200),
        ("/cities/信阳市/?page=-1", 400),
        ("/cities/信阳市/?page=abc", 400),
        ("/cities/信阳市/?page=999", 404),
        ("/types/screening/?page=0", 400),
        ("/?format=xml", 400),
        ("/cities/?format=csv&table=nope", 400),
        ("/replies/999999/", 404),
    ],
)
def test_bad_parameters_are_friendly(client, archive_50, url, status):
    response = client.get(url)
    assert response.status_code == status
    if status != 200:
        assert "返回首页" in response.content.decode()


def test_user_text_is_escaped(client):
    reply = make_reply(city="<script>alert(1)</script>市", title="<script>alert(2)</script>", extra_text="<b>粗体</b>")
    for url in [reply.get_absolute_url(), "/", "/cities/", "/types/organization/"]:
        body = client.get(url).content.decode()
        assert "<script>alert" not in body, url
    body = client.get(reply.get_absolute_url()).content.decode()
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in body
    assert "&lt;b&gt;粗体&lt;/b&gt;" in body


def test_reply_page_tree_metrics_citation_and_neighbours(client):
    first = make_reply(city="信阳市", year=2022, measures=3)
    middle = make_reply(city="信阳市", year=2023, measures=3)
    last = make_reply(city="信阳市", year=2024, measures=3)
    make_reply(city="杭州市", year=2023)
    page = client.get(middle.get_absolute_url()).content.decode()
    assert 'class="badge status-done"' in page and 'class="badge status-planned"' in page
    assert "筛查监测" in page  # type label
    metric = middle.metrics.order_by("position").first()
    assert f'href="#metric-{metric.pk}"' in page and f'<mark id="metric-{metric.pk}"' in page
    assert "信阳市教育局，《关于加强中小学生心理健康教育的提案" in page  # citation line
    assert f'href="{first.get_absolute_url()}" rel="prev"' in page
    assert f'href="{last.get_absolute_url()}" rel="next"' in page


def test_reply_page_marks_the_query_terms(client):
    reply = make_reply()
    page = client.get(reply.get_absolute_url() + "?q=团体辅导").content.decode()
    assert '<mark id="q-0" class="query-term">团体辅导</mark>' in page
    assert "共 1 处" in page
