"""Bad input is refused with a specific error whose message starts with the file name.

Pure tests of read.py and pipeline.py; the same cases through the command, with the database
checked, are in tests/commands/test_ingest_bad_input.py.
"""
import io
import random
import zipfile
from pathlib import Path

import pytest

from archive.ingest.errors import (
    CorruptDocument,
    EmptyFile,
    FileTooLarge,
    IngestError,
    NotAReply,
    NoTextLayer,
    UnreadableFile,
    UnsupportedFormat,
)
from archive.ingest.pipeline import parse_bytes

FORMATS = Path(__file__).resolve().parent.parent / "data" / "formats"
DOCX = (FORMATS / "docx_xinxiang_agriculture.docx").read_bytes()
NOT_A_REPLY = "春季养生小贴士：多喝水，早睡早起，适量运动。\n\n本文转自健康周刊。".encode()


def docx_with_broken_body() -> bytes:
    """A real zip with word/document.xml, but the XML inside is cut off."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(DOCX)) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            dst.writestr(item, data[: len(data) // 2] if item.filename == "word/document.xml" else data)
    return out.getvalue()


def plain_zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        dst.writestr("readme.txt", "hello")
    return out.getvalue()


CASES = [
    ("empty.txt", b"", EmptyFile),
    ("blank.txt", b" \r\n\t\n", EmptyFile),
    ("blank-utf16.txt", "\ufeff   \n".encode("utf-16"), EmptyFile),
    ("garbage.txt", random.Random(1).randbytes(5000), UnreadableFile),
    ("garbage.docx", random.Random(2).randbytes(5000), CorruptDocument),
    ("truncated.docx", DOCX[: len(DOCX) // 2], CorruptDocument),
    ("broken-body.docx", docx_with_broken_body(), CorruptDocument),
    ("archive.zip", plain_zip(), UnsupportedFormat),
    ("old-word.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), UnsupportedFormat),
    ("scan.png", b"\x89PNG\r\n\x1a\n" + bytes(100), UnsupportedFormat),
    ("scan.pdf", (FORMATS / "no_text_layer.pdf").read_bytes(), NoTextLayer),
    ("cut.pdf", (FORMATS / "pdf_shinan_civil.pdf").read_bytes()[:400], CorruptDocument),
    ("garbage.pdf", random.Random(3).randbytes(3000), CorruptDocument),
    ("health-tips.txt", NOT_A_REPLY, NotAReply),
    ("empty-page.html", b"<html><body><div class='nav'><a href='/'>\xe9\xa6\x96\xe9\xa1\xb5</a></div></body></html>", EmptyFile),
]


@pytest.mark.parametrize("name, data, error", CASES, ids=[c[0] for c in CASES])
def test_bad_input_raises_its_error_with_file_name(name, data, error):
    with pytest.raises(error) as caught:
        parse_bytes(data, name)
    assert str(caught.value).startswith(f"{name}: ")
    assert caught.value.detail


def password_protected_pdf() -> bytes:
    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    pdf = canvas.Canvas(out, encrypt=StandardEncryption("secret", ownerPassword="owner"))
    pdf.drawString(100, 700, "reply")
    pdf.save()
    return out.getvalue()


def test_password_protected_pdf_says_so():
    with pytest.raises(UnreadableFile, match=r"^locked\.pdf: encrypted PDF"):
        parse_bytes(password_protected_pdf(), "locked.pdf")


def test_zip_bomb_is_refused_before_unpacking(monkeypatch):
    """A .docx whose parts unpack far beyond any reply (limit lowered so the test stays small)."""
    from archive.ingest import docx_text

    monkeypatch.setattr(docx_text, "MAX_EXPANDED_BYTES", 2**20)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        dst.writestr("word/document.xml", b" " * 3 * 2**20)  # 3 MB of spaces, a few KB zipped
    with pytest.raises(CorruptDocument, match=r"^bomb\.docx: .*unpacks to 3 MB"):
        parse_bytes(out.getvalue(), "bomb.docx")


def test_no_text_layer_says_so():
    with pytest.raises(NoTextLayer, match="no text layer"):
        parse_bytes((FORMATS / "no_text_layer.pdf").read_bytes(), "scan.pdf")


def test_too_large_is_refused_before_reading():
    with pytest.raises(FileTooLarge, match=r"^big\.txt: file too large"):
        parse_bytes(b"x" * 2048, "big.txt", max_bytes=1024)


def test_every_reason_is_an_ingest_error():
    assert all(issubclass(error, IngestError) for _, _, error in CASES)
