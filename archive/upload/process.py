"""What happens to each uploaded file, apart from HTTP: check, parse, stage, store.

The views stay thin; these functions return small result records the templates show
as a per-file list (ingested / duplicate / failed with a reason).
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import PurePath

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import DatabaseError

from archive.ingest.errors import Duplicate, FileTooLarge, IngestError
from archive.ingest.load import store_reply
from archive.ingest.parsed import ParsedReply
from archive.ingest.pipeline import parse_bytes
from archive.models import Reply
from archive.upload import staging
from archive.upload.sniff import check_upload_type

logger = logging.getLogger(__name__)

INGESTED, DUPLICATE, FAILED, PREVIEW = "ingested", "duplicate", "failed", "preview"


@dataclass
class FileResult:
    """One file's outcome; `token` and `parsed` are set while it awaits the editor."""

    filename: str
    status: str
    reason: str = ""
    token: str = ""
    parsed: ParsedReply | None = None
    reply: Reply | None = None
    extra: dict = field(default_factory=dict)


def display_name(name: str) -> str:
    """The last path component, shown to people only; never used to open a file."""
    return PurePath(name.replace("\\", "/")).name[:255] or "unnamed"


def parse_upload(upload: UploadedFile) -> FileResult:
    """Check one uploaded file and parse it; stage its bytes when it can be saved."""
    name = display_name(upload.name or "")
    limit = settings.ARCHIVE_MAX_FILE_BYTES
    try:
        if getattr(upload, "oversize", False) or upload.size > limit:
            raise FileTooLarge(
                name, f"文件超过 {limit // (1024 * 1024)} MB 上限 — file too large ({upload.size} bytes)"
            )
        data = b"".join(upload.chunks())
        check_upload_type(data, name)
        parsed = parse_bytes(data, name)
        if Reply.objects.filter(sha256=parsed.sha256).exists():
            raise Duplicate(name)
    except Duplicate as exc:
        return FileResult(name, DUPLICATE, exc.detail)
    except IngestError as exc:
        return FileResult(name, FAILED, exc.detail)
    except Exception as exc:  # a bug in a stage must not cost the other files their results
        logger.exception("parsing uploaded %s failed", name)
        return FileResult(name, FAILED, f"解析出错，未保存 — unexpected error: {type(exc).__name__}")
    return FileResult(name, PREVIEW, token=staging.stage(data), parsed=parsed)


def reparse_staged(token: str, filename: str) -> ParsedReply | None:
    """Parse a staged file again (the pipeline is deterministic); None when it is gone."""
    data = staging.read(token)
    if data is None:
        return None
    try:
        return parse_bytes(data, filename)
    except Exception:  # parsed fine at upload; if the pipeline changed since, say "expired"
        logger.exception("re-parsing staged %s failed", filename)
        return None


def save_staged(token: str, filename: str, parsed: ParsedReply | None, username: str) -> FileResult:
    """Store a staged file (its header already corrected) in one transaction, then forget it.

    `parsed` is None when the staged bytes are gone (purged after a day).
    """
    if parsed is None:
        return FileResult(filename, FAILED, "预览已过期，请重新上传 — preview expired, upload again")
    try:
        reply = store_reply(parsed, user=username)
    except Duplicate as exc:
        staging.discard(token)
        return FileResult(filename, DUPLICATE, exc.detail)
    except IngestError as exc:
        return FileResult(filename, FAILED, exc.detail)
    except DatabaseError:
        # store_reply's transaction has rolled back: nothing partial is left behind.
        logger.exception("storing uploaded %s failed", filename)
        return FileResult(filename, FAILED, "数据库拒绝保存此文件，未写入任何内容 — database refused the reply")
    staging.discard(token)
    return FileResult(filename, INGESTED, reply=reply)
