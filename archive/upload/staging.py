"""Uploaded bytes wait on disk between the preview and the save request.

Each file is stored under a random token (never the user's file name) in
settings.ARCHIVE_UPLOAD_STAGING_DIR; the session remembers which tokens belong to whom.
"""
from __future__ import annotations

import os
import re
import secrets
import time
from pathlib import Path

from django.conf import settings

# secrets.token_urlsafe(16), e.g. "q3Xl0Zk2n1N9sV0aP4m7Bw"
TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{22}$")
SESSION_KEY = "archive_upload_staged"
MAX_AGE_SECONDS = 24 * 3600


def staging_dir() -> Path:
    path = Path(settings.ARCHIVE_UPLOAD_STAGING_DIR)
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def path_for(token: str) -> Path:
    if not TOKEN_RE.match(token):
        raise ValueError("bad staging token")
    return staging_dir() / f"{token}.upload"


def stage(data: bytes) -> str:
    """Write bytes under a new random token and return the token."""
    purge_stale()
    token = secrets.token_urlsafe(16)
    fd = os.open(path_for(token), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(data)
    return token


def read(token: str) -> bytes | None:
    try:
        return path_for(token).read_bytes()
    except (ValueError, FileNotFoundError):
        return None


def discard(token: str) -> None:
    try:
        path_for(token).unlink(missing_ok=True)
    except ValueError:
        pass


def purge_stale(max_age: float = MAX_AGE_SECONDS) -> None:
    """Delete staged files nobody saved within a day."""
    cutoff = time.time() - max_age
    for path in staging_dir().glob("*.upload"):
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink()
        except FileNotFoundError:
            pass
