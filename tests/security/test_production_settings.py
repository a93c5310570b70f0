"""Production configuration, checked in fresh processes with the real environment variables."""
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
    "DJANGO_ALLOWED_HOSTS": "archive.example.org",
}


def run(args: list[str], **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    clean["DJANGO_SETTINGS_MODULE"] = "archive.settings"
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env={**clean, **env}, capture_output=True, text=True, timeout=120
    )


def settings_value(expression: str, **env: str) -> str:
    code = f"import django; django.setup(); from django.conf import settings; print(({expression}))"
    result = run(["-c", code], **env)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


@pytest.mark.parametrize("missing", ["DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS"])
def test_debug_off_refuses_to_start_without_secret_key_or_hosts(missing):
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != missing}
    result = run(["manage.py", "check"], **env)
    assert result.returncode != 0
    assert "DJANGO_DEBUG=0 needs DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS" in result.stderr


def test_check_deploy_passes_with_the_production_environment():
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_cookies_are_secure_and_http_only():
    expression = "settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE, settings.SESSION_COOKIE_HTTPONLY, settings.SECURE_SSL_REDIRECT, settings.SECURE_HSTS_SECONDS > 0"
    assert settings_value(expression, **PRODUCTION_ENV) == "(True, True, True, True, True)"


def test_tls_proxy_switches_are_configurable():
    behind_proxy = settings_value(
        "settings.SECURE_PROXY_SSL_HEADER", **PRODUCTION_ENV, DJANGO_BEHIND_TLS_PROXY="1"
    )
    assert behind_proxy == "('HTTP_X_FORWARDED_PROTO', 'https')"
    plain_http = settings_value(
        "settings.SECURE_SSL_REDIRECT, settings.SESSION_COOKIE_SECURE, settings.SECURE_HSTS_SECONDS",
        **PRODUCTION_ENV, DJANGO_SECURE_SSL_REDIRECT="0", DJANGO_SECURE_COOKIES="0", DJANGO_HSTS_SECONDS="0",
    )
    assert plain_http == "(False, False, 0)"


def test_static_files_collect_into_a_compressed_manifest(tmp_path):
    code = (
        "import django; django.setup(); from django.conf import settings; "
        f"settings.STATIC_ROOT = {str(tmp_path)!r}; "
        "from django.core.management import call_command; call_command('collectstatic', '--noinput', verbosity=0)"
    )
    result = run(["-c", code], **PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "staticfiles.json").exists()
    assert list(tmp_path.glob("archive/upload.*.js")), "hashed names for cache busting"
    assert list(tmp_path.glob("archive/upload.*.js.gz")), "pre-compressed copies for whitenoise"


def test_web_server_logs_go_to_stdout():
    """gunicorn.conf.py switches Django's log stream to stdout (commands keep using stderr)."""
    code = (
        "import runpy; runpy.run_path('gunicorn.conf.py'); "
        "import django, logging; django.setup(); logging.getLogger('archive').warning('log-line-marker')"
    )
    result = run(["-c", code], **PRODUCTION_ENV)
    assert "log-line-marker" in result.stdout
