"""The Django admin: filters, search, inline measures and metrics, corrections with history."""
import pytest
from django.core.management import call_command

from archive.models import Reply


@pytest.fixture
def replies(db, seed_paths):
    call_command("ingest", *map(str, seed_paths), "--user", "fixtures")
    return Reply.objects.order_by("pk")


@pytest.mark.parametrize(
    "query",
    [
        {},
        {"city": "信阳市"},
        {"province": "河南省"},
        {"year": "2024"},
        {"result_class__exact": "A"},
        {"public__exact": "1"},
        {"public__isnull": "True"},
        {"q": "心理"},
    ],
)
def test_reply_list_filters_and_search(admin_client, replies, query):
    response = admin_client.get("/admin/archive/reply/", query)
    assert response.status_code == 200
    changelist = response.context["cl"]
    expected = replies
    for key, value in query.items():
        if key == "q":
            continue
        field, _, lookup = key.partition("__")
        if lookup == "isnull":
            expected = expected.filter(**{f"{field}__isnull": value == "True"})
        elif lookup == "exact" and field == "public":
            expected = expected.filter(public=value == "1")
        else:
            expected = expected.filter(**{field: value})
    if "q" not in query:
        assert changelist.result_count == expected.count()


def test_filters_offered_in_the_sidebar(admin_client, replies):
    response = admin_client.get("/admin/archive/reply/")
    titles = [spec.title for spec in response.context["cl"].filter_specs]
    assert len(titles) == 5
    for name in ["城市", "省份", "年份", "办理结果", "公开"]:
        assert name in titles


def test_change_page_has_inline_measures_and_metrics(admin_client, replies):
    reply = max(replies, key=lambda r: r.metrics.count())
    response = admin_client.get(f"/admin/archive/reply/{reply.pk}/change/")
    assert response.status_code == 200
    formsets = {f.formset.prefix: f.formset for f in response.context["inline_admin_formsets"]}
    assert formsets["measures"].queryset.count() == reply.measures.count()
    assert formsets["metrics"].queryset.count() == reply.metrics.count()


def posted(form, name) -> dict:
    """What a browser would send for one unchanged field of a rendered form."""
    value = form[name].value()
    if value is None or value is False or value == "":
        return {}
    if value is True:
        value = "on"
    elif hasattr(value, "isoformat"):
        value = value.isoformat()
    return {form.add_prefix(name): value}


def test_correction_is_saved_with_who_and_when_in_history(
    admin_client, admin_user, replies, django_capture_on_commit_callbacks
):
    reply = replies.first()
    page = admin_client.get(f"/admin/archive/reply/{reply.pk}/change/")
    data = {}
    forms = [page.context["adminform"].form]
    for inline in page.context["inline_admin_formsets"]:
        forms.append(inline.formset.management_form)
        forms.extend(inline.formset.forms)
    for form in forms:
        for name in form.fields:
            data.update(posted(form, name))
    data["title"] = "管理员更正后的标题"
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(f"/admin/archive/reply/{reply.pk}/change/", data)
    assert response.status_code == 302, [f.formset.errors for f in response.context["inline_admin_formsets"]] if response.context else response
    reply.refresh_from_db()
    assert reply.title == "管理员更正后的标题"
    latest = reply.history.first()
    assert latest.history_user == admin_user
    assert latest.title == "管理员更正后的标题"
    assert latest.prev_record is not None and latest.prev_record.title != latest.title
    # The search index follows the correction (archive.search.signals, on commit).
    from archive.search import get_backend
    from archive.search.base import SearchFilters

    found = get_backend().search("管理员更正", SearchFilters(include_private=True))
    assert [hit.reply_id for hit in found.hits] == [reply.pk]
    history = admin_client.get(f"/admin/archive/reply/{reply.pk}/history/")
    assert history.status_code == 200
    assert admin_user.username in history.content.decode()


def test_measure_and_metric_admin_pages(admin_client, replies):
    for url in ["/admin/archive/measure/", "/admin/archive/metric/", "/admin/archive/measure/?status__exact=done", "/admin/archive/metric/?q=人"]:
        assert admin_client.get(url).status_code == 200, url
