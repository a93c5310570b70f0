"""gunicorn.conf.py: loads the app, takes workers and bind from the environment, logs to stdout."""
import subprocess
import sys

from tests.ops.procs import ROOT


def gunicorn(*args: str, **env: str) -> subprocess.CompletedProcess:
    import os

    return subprocess.run(
        [sys.executable, "-m", "gunicorn", *args], cwd=ROOT, env={**os.environ, **env},
        capture_output=True, text=True, timeout=120,
    )


def printed_config(**env: str) -> dict[str, str]:
    result = gunicorn("--print-config", **env)
    assert result.returncode == 0, result.stderr
    pairs = (line.split("=", 1) for line in result.stdout.splitlines() if "=" in line)
    return {key.strip(): value.strip() for key, value in pairs}


def test_config_names_the_app_and_logs_to_stdout():
    config = printed_config()
    assert config["wsgi_app"] == "archive.wsgi:application"
    assert config["accesslog"] == "-"
    assert config["errorlog"] == "/dev/stdout"


def test_workers_and_bind_come_from_the_environment():
    config = printed_config(GUNICORN_WORKERS="3", GUNICORN_BIND="127.0.0.1:8123")
    assert config["workers"] == "3"
    assert config["bind"] == "['127.0.0.1:8123']"
    assert printed_config(GUNICORN_WORKERS="", WEB_CONCURRENCY="5")["workers"] == "5"


def test_check_config_imports_the_application():
    result = gunicorn("--check-config")
    assert result.returncode == 0, result.stdout + result.stderr
