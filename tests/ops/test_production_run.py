"""The documented production run, end to end: collectstatic, gunicorn with DJANGO_DEBUG=0
behind a (simulated) TLS proxy, pages, hashed compressed static files, /healthz, redirects."""
import re
import secrets
import subprocess
import sys
import urllib.error
import urllib.request

import pytest

from tests.ops.procs import ROOT, free_port, sqlite_env, wait_until_up

HOST = "archive.example.org"

# <link rel="stylesheet" href="/static/archive/site.3f2a9c1b7e4d.css">
STATIC_HREF_RE = re.compile(r'(?:href|src)="(/static/[^"]+\.[0-9a-f]{12}\.(?:css|js))"')


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def get(url: str, **headers: str):
    request = urllib.request.Request(url, headers={"Host": HOST, **headers})
    opener = urllib.request.build_opener(NoRedirect)
    try:
        response = opener.open(request, timeout=30)
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()
    with response:
        return response.status, dict(response.headers), response.read()


@pytest.mark.slow
def test_gunicorn_production_run(tmp_path, seed_paths):
    db = tmp_path / "prod.sqlite3"
    port = free_port()
    env = sqlite_env(
        db,
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS=f"{HOST},127.0.0.1",
        DJANGO_BEHIND_TLS_PROXY="1",
        DJANGO_STATIC_ROOT=str(tmp_path / "static"),
        GUNICORN_BIND=f"127.0.0.1:{port}",
        GUNICORN_WORKERS="2",
    )
    for args in (["migrate", "--noinput"], ["collectstatic", "--noinput"], ["ingest", *map(str, seed_paths)]):
        result = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, result.stdout + result.stderr

    log_path = tmp_path / "gunicorn.log"
    with open(log_path, "w") as log:
        server = subprocess.Popen([sys.executable, "-m", "gunicorn", "archive.wsgi"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base, server)
        https = {"X-Forwarded-Proto": "https"}

        status, headers, body = get(base + "/", **https)
        assert status == 200
        assert headers["Strict-Transport-Security"].startswith("max-age=")
        assert "unsafe-inline" not in headers["Content-Security-Policy"]
        static_paths = STATIC_HREF_RE.findall(body.decode())
        assert static_paths, "pages link hashed static file names (manifest storage)"

        status, headers, _ = get(base + static_paths[0], **https, **{"Accept-Encoding": "gzip"})
        assert status == 200
        assert headers.get("Content-Encoding") == "gzip", "whitenoise serves the pre-compressed copy"
        assert "immutable" in headers.get("Cache-Control", "")

        status, headers, _ = get(base + "/")
        assert status == 301 and headers["Location"] == f"https://{HOST}/", "plain HTTP goes to HTTPS"
        assert get(base + "/healthz")[:1] == (200,), "health probes work over plain HTTP"

        status, headers, _ = get(base + "/upload/", **https)
        assert status == 302 and "/accounts/login/" in headers["Location"]
        status, headers, body = get(base + "/accounts/login/", **https)
        cookie = headers.get("Set-Cookie", "")
        assert "csrftoken=" in cookie and "Secure" in cookie and "HttpOnly" in cookie

        status, _, _ = get(base + "/", Host="evil.example", **https)
        assert status == 400, "unknown Host headers are refused"
    finally:
        server.terminate()
        server.wait(timeout=30)
    log_text = log_path.read_text()
    assert '"GET /healthz' in log_text, "access log on stdout"
    assert "Invalid HTTP_HOST header: 'evil.example'" in log_text, "Django's log lines on stdout"
    assert "Internal Server Error" not in log_text
