"""/healthz: 200 "ok" while the database answers, 503 when it does not."""
import pytest

from tests.ops.procs import python


@pytest.mark.django_db
def test_healthz_is_ok_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"
    assert response["Content-Type"].startswith("text/plain")
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_refuses_writes(client):
    assert client.post("/healthz").status_code in {403, 405}


def test_healthz_is_503_when_the_database_cannot_be_opened(tmp_path):
    """A real failure: the database file's folder does not exist, so SQLite cannot open it."""
    missing = tmp_path / "no-such-folder" / "archive.sqlite3"
    code = (
        "from django.test import Client\n"
        "r = Client(raise_request_exception=False).get('/healthz')\n"
        "print(r.status_code, r.content.decode())\n"
    )
    result = python(missing, code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "503 database unavailable"
    assert "health check: database unavailable" in result.stderr
