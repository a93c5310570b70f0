"""Staged uploads: random names, private permissions, tokens validated, stale files removed."""
import os
import stat
import time

import pytest

from archive.upload import staging


def test_staged_file_is_named_by_a_random_token_and_private(staging_in_tmp):
    token = staging.stage(b"reply bytes")
    assert staging.TOKEN_RE.match(token)
    [path] = staging_in_tmp.iterdir()
    assert path.name == f"{token}.upload"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert staging.read(token) == b"reply bytes"
    assert staging.stage(b"reply bytes") != token


@pytest.mark.parametrize("token", ["../../etc/passwd", "a/b", "", "x" * 22 + "/", "..", "%2e%2e"])
def test_tokens_that_are_not_ours_never_reach_the_file_system(staging_in_tmp, token):
    assert staging.read(token) is None
    staging.discard(token)  # no error, nothing removed
    with pytest.raises(ValueError):
        staging.path_for(token)


def test_stale_files_are_purged_on_the_next_upload(staging_in_tmp):
    old = staging.stage(b"old")
    day_ago = time.time() - staging.MAX_AGE_SECONDS - 60
    os.utime(staging.path_for(old), (day_ago, day_ago))
    fresh = staging.stage(b"fresh")
    assert staging.read(old) is None
    assert staging.read(fresh) == b"fresh"
