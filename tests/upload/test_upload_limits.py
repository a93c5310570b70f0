"""Bad uploads: too large, wrong content for the extension, too many, hostile text.

Each is refused with a reason in the per-file list; nothing is staged or stored for it.
"""
import io
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from archive.models import Measure, Metric, Reply
from archive.upload.handlers import OversizeFile

FORMATS = Path(__file__).resolve().parents[1] / "data" / "formats"


def counts():
    return Reply.objects.count(), Measure.objects.count(), Metric.objects.count()


def results_of(client, *files):
    response = client.post("/upload/", {"files": list(files)})
    assert response.status_code == 200
    return {r.filename: r for r in response.context["results"]}


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_a_file_over_20_mb_is_refused_with_the_limit_in_the_message(editor_client, staging_in_tmp, settings):
    assert settings.ARCHIVE_MAX_FILE_BYTES == 20 * 1024 * 1024
    big = SimpleUploadedFile("big.txt", "心理健康教育。".encode() * (settings.ARCHIVE_MAX_FILE_BYTES // 21 + 10))
    assert big.size > settings.ARCHIVE_MAX_FILE_BYTES
    result = results_of(editor_client, big)["big.txt"]
    assert result.status == "failed"
    assert "20 MB" in result.reason
    assert not staging_in_tmp.exists() or not any(staging_in_tmp.iterdir())
    assert counts() == (0, 0, 0)


def test_the_size_handler_stops_keeping_bytes_past_the_limit(editor_client, settings):
    settings.ARCHIVE_MAX_FILE_BYTES = 1000
    response = editor_client.post("/upload/", {"files": [SimpleUploadedFile("x.txt", b"a" * 5000)]})
    [upload] = response.wsgi_request.FILES.getlist("files")
    assert isinstance(upload, OversizeFile), "the bytes past the limit were dropped, not kept"
    assert upload.size == 5000
    assert "文件超过" in response.context["results"][0].reason


@pytest.mark.parametrize(
    "name, data, reason",
    [
        ("reply.pdf", "关于加强心理健康教育的提案答复".encode(), "与扩展名 .pdf 不符"),
        ("reply.txt", b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n", "内容（pdf）"),
        ("reply.docx", zip_bytes({"readme.txt": b"hello"}), "缺少 word/document.xml"),
        ("reply.docx", "不是压缩包".encode(), "与扩展名 .docx 不符"),
        ("reply.html", b"MZ\x90\x00\x03\x00\x00\x00", "内容（executable）"),
        ("reply.md", b"\x89PNG\r\n\x1a\n\x00\x00", "内容（PNG image"),
        ("setup.exe", b"MZ\x90\x00", "只接受"),
        ("script.sh", b"#!/bin/sh\nrm -rf /\n", "只接受"),
        ("noext", b"plain", "只接受"),
    ],
)
def test_type_is_checked_by_content_not_only_extension(editor_client, name, data, reason):
    result = results_of(editor_client, SimpleUploadedFile(name, data))[name]
    assert result.status == "failed"
    assert reason in result.reason
    assert counts() == (0, 0, 0)


@pytest.mark.parametrize(
    "name",
    ["gbk_jingzhou_health.txt", "utf16le_bom_jingzhou_health.txt", "docx_xinxiang_agriculture.docx", "pdf_shinan_civil.pdf", "html_jinhua_water.html"],
)
def test_every_supported_format_previews_and_saves(editor_client, name):
    from tests.upload.test_upload_flow import save_post

    path = FORMATS / name
    if not path.exists():
        pytest.skip(f"format fixture {name} not present")
    response = editor_client.post("/upload/", {"files": [SimpleUploadedFile(name, path.read_bytes())]})
    [result] = response.context["results"]
    assert result.status == "preview", result.reason
    saved = editor_client.post("/upload/save/", save_post(response))
    assert saved.context["results"][0].status == "ingested"
    assert Reply.objects.get().source_file == name


def test_pdf_without_text_layer_is_refused_with_a_reason(editor_client):
    path = FORMATS / "no_text_layer.pdf"
    if not path.exists():
        pytest.skip("no_text_layer.pdf fixture not present")
    result = results_of(editor_client, SimpleUploadedFile(path.name, path.read_bytes()))[path.name]
    assert result.status == "failed" and result.reason


def test_too_many_files_in_one_request_is_a_400_not_a_crash(editor_client, settings):
    files = [SimpleUploadedFile(f"f{i}.txt", b"x") for i in range(settings.DATA_UPLOAD_MAX_NUMBER_FILES + 1)]
    response = editor_client.post("/upload/", {"files": files})
    assert response.status_code == 400
    assert counts() == (0, 0, 0)


def test_no_files_chosen_shows_the_form_again(editor_client):
    response = editor_client.post("/upload/", {})
    assert response.status_code == 400
    assert "errorlist" in response.content.decode()


def test_markup_in_an_uploaded_reply_is_shown_escaped(editor_client, seed_paths):
    text = seed_paths[0].read_text(encoding="utf-8")
    hostile = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    lines = text.splitlines()
    lines.insert(1, hostile)
    lines.append(hostile)
    data = "\n".join(lines).encode()
    response = editor_client.post("/upload/", {"files": [SimpleUploadedFile("hostile<b>.txt", data)]})
    html = response.content.decode()
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert "hostile<b>" not in html


def test_a_crash_in_the_pipeline_fails_that_file_only(editor_client, seed_paths, monkeypatch):
    """Catch at the edge: an unexpected exception for one file is reported, the others go on."""
    from archive.upload import process

    real_parse = process.parse_bytes

    def parse_or_crash(data, filename):
        if filename == "boom.txt":
            raise RuntimeError("stage bug")
        return real_parse(data, filename)

    monkeypatch.setattr(process, "parse_bytes", parse_or_crash)
    results = results_of(
        editor_client,
        SimpleUploadedFile("boom.txt", seed_paths[0].read_bytes()),
        SimpleUploadedFile(seed_paths[1].name, seed_paths[1].read_bytes()),
    )
    assert results["boom.txt"].status == "failed"
    assert "RuntimeError" in results["boom.txt"].reason
    assert results[seed_paths[1].name].status == "preview"
