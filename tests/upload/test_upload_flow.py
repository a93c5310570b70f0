"""Upload → preview → correct → save, through real requests and the real pipeline."""
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from archive.ingest.pipeline import parse_bytes
from archive.models import Measure, Metric, Reply
from archive.upload import staging

TOKEN_FIELD_RE = re.compile(r'name="token" value="([A-Za-z0-9_-]{22})"')


def upload(client, *files):
    return client.post("/upload/", {"files": list(files)})


def seed_file(path, name=None):
    return SimpleUploadedFile(name or path.name, path.read_bytes(), content_type="text/plain")


def counts():
    return Reply.objects.count(), Measure.objects.count(), Metric.objects.count()


def tokens_in(response) -> list[str]:
    return TOKEN_FIELD_RE.findall(response.content.decode())


def save_post(response, **overrides) -> dict:
    """The POST the preview form would send: its initial values, plus overrides."""
    data = {"token": [], "csrfmiddlewaretoken": "x"}
    for result in response.context["results"]:
        if result.status != "preview":
            continue
        form = result.extra["form"]
        data["token"].append(result.token)
        data[f"{result.token}-keep"] = "1"
        for field in form:
            value = form.initial.get(field.name)
            if value is None or value is False:
                continue
            data[field.html_name] = value.isoformat() if hasattr(value, "isoformat") else value
    data.update(overrides)
    return data


def test_preview_shows_header_measures_and_metrics_but_stores_nothing(editor_client, seed_paths):
    before = counts()
    response = upload(editor_client, seed_file(seed_paths[0]))
    assert response.status_code == 200
    html = response.content.decode()
    [result] = response.context["results"]
    assert result.status == "preview"
    expected = parse_bytes(seed_paths[0].read_bytes(), seed_paths[0].name)
    assert result.parsed == expected, "the preview is exactly what the ingest pipeline extracts"
    assert html.count('<span class="path">') == sum(1 for _ in expected.walk_measures())
    assert f"指标（{len(expected.metrics)}）" in html
    assert "保存选中的文件" in html
    assert counts() == before
    assert staging.read(result.token) == seed_paths[0].read_bytes()


def test_save_stores_with_corrected_header_and_records_uploader(editor_client, editor, seed_paths):
    response = upload(editor_client, seed_file(seed_paths[0]))
    [token] = tokens_in(response)
    data = save_post(response, **{f"{token}-title": "更正后的标题", f"{token}-city": "测试市"})
    saved = editor_client.post("/upload/save/", data)
    assert saved.status_code == 200
    [result] = saved.context["results"]
    assert result.status == "ingested", result.reason
    reply = Reply.objects.get()
    assert reply.title == "更正后的标题"
    assert reply.city == "测试市"
    assert reply.ingested_by == "editor"
    assert reply.ingested_at is not None
    assert reply.measures.count() == sum(1 for _ in response.context["results"][0].parsed.walk_measures())
    assert reply.history.first().history_user == editor
    assert staging.read(token) is None, "the staged file is removed once saved"
    from archive.search import get_backend
    from archive.search.base import SearchFilters

    found = get_backend().search("更正后的标题", SearchFilters(include_private=True))
    assert [hit.reply_id for hit in found.hits] == [reply.pk], "the search index follows the save"


def test_several_files_give_a_per_file_result_list(editor_client, seed_paths):
    editor_client.post("/upload/save/", save_post(upload(editor_client, seed_file(seed_paths[1]))))
    response = upload(
        editor_client,
        seed_file(seed_paths[0]),
        seed_file(seed_paths[1], "again.txt"),
        SimpleUploadedFile("empty.txt", b""),
        SimpleUploadedFile("notes.exe", b"MZ\x90\x00"),
    )
    statuses = {r.filename: r.status for r in response.context["results"]}
    assert statuses == {
        seed_paths[0].name: "preview",
        "again.txt": "duplicate",
        "empty.txt": "failed",
        "notes.exe": "failed",
    }
    saved = editor_client.post("/upload/save/", save_post(response))
    assert [(r.filename, r.status) for r in saved.context["results"]] == [(seed_paths[0].name, "ingested")]
    assert Reply.objects.count() == 2


def test_unticked_file_is_not_saved(editor_client, seed_paths):
    response = upload(editor_client, seed_file(seed_paths[0]))
    [token] = tokens_in(response)
    data = save_post(response)
    del data[f"{token}-keep"]
    editor_client.post("/upload/save/", data)
    assert Reply.objects.count() == 0
    assert staging.read(token) is None


def test_invalid_correction_redisplays_the_preview_and_stores_nothing(editor_client, seed_paths):
    response = upload(editor_client, seed_file(seed_paths[0]))
    [token] = tokens_in(response)
    data = save_post(response, **{f"{token}-date": "not a date", f"{token}-result_class": "Z"})
    again = editor_client.post("/upload/save/", data)
    assert again.status_code == 400
    form = again.context["results"][0].extra["form"]
    assert set(form.errors) == {"date", "result_class"}
    assert counts() == (0, 0, 0)
    assert staging.read(token) is not None, "the editor can still fix and save"


def test_same_file_uploaded_twice_before_saving_is_stored_once(editor_client, seed_paths):
    first = upload(editor_client, seed_file(seed_paths[2]))
    second = upload(editor_client, seed_file(seed_paths[2]))
    assert editor_client.post("/upload/save/", save_post(first)).context["results"][0].status == "ingested"
    result = editor_client.post("/upload/save/", save_post(second)).context["results"][0]
    assert result.status == "duplicate"
    assert Reply.objects.count() == 1


def test_tokens_from_another_session_are_ignored(editor_client, client, django_user_model, seed_paths):
    response = upload(editor_client, seed_file(seed_paths[0]))
    data = save_post(response)
    other = django_user_model.objects.create_user("other", is_staff=True)
    other.user_permissions.add(*response.wsgi_request.user.user_permissions.all())
    from django.test import Client

    intruder = Client()
    intruder.force_login(other)
    reply = intruder.post("/upload/save/", data)
    assert reply.status_code == 302
    assert Reply.objects.count() == 0


@pytest.mark.parametrize("name", ["../../etc/passwd.txt", "..\\..\\evil.txt", "/tmp/abs.txt"])
def test_file_names_are_never_paths(editor_client, seed_paths, staging_in_tmp, tmp_path, name):
    response = upload(editor_client, seed_file(seed_paths[3], name))
    [result] = response.context["results"]
    assert "/" not in result.filename and "\\" not in result.filename
    staged = [p.name for p in staging_in_tmp.iterdir()]
    assert staged == [f"{result.token}.upload"]
    editor_client.post("/upload/save/", save_post(response))
    assert "/" not in Reply.objects.get().source_file


def test_editor_can_mark_a_reply_not_public_and_anonymous_users_then_cannot_see_it(editor_client, seed_paths):
    from django.test import Client

    response = upload(editor_client, seed_file(seed_paths[4]))
    [token] = tokens_in(response)
    data = save_post(response, **{f"{token}-public": "false", f"{token}-title": "编辑设为不公开的答复"})
    editor_client.post("/upload/save/", data)
    reply = Reply.objects.get()
    assert reply.public is False
    anonymous = Client()
    assert anonymous.get(reply.get_absolute_url()).status_code == 404
    assert "编辑设为不公开的答复" not in anonymous.get("/").content.decode()
    assert editor_client.get(reply.get_absolute_url()).status_code == 200
