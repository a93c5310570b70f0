"""gunicorn settings for production: `gunicorn archive.wsgi` picks this file up by itself.

Every value can be changed from the environment; see docs/operations.md.
"""
import multiprocessing
import os

# Django's own log lines (archive.settings LOGGING) follow gunicorn's to stdout.
os.environ.setdefault("DJANGO_LOG_STREAM", "stdout")

wsgi_app = "archive.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS") or os.environ.get("WEB_CONCURRENCY") or multiprocessing.cpu_count() * 2 + 1)
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# Uploads are at most 20 MB a file; workers are recycled now and then to bound memory growth.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = 200
# Logs go to stdout/stderr, where the process supervisor (systemd, docker) collects them.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = os.environ.get("GUNICORN_ERROR_LOG", "/dev/stdout")
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
capture_output = True
# Addresses whose X-Forwarded-* headers are trusted: the TLS proxy in front, nobody else.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")


def post_worker_init(worker):
    """Before a worker takes requests, load the search dictionaries, facet copy and index
    vocabulary (1–5 s at 20,000–100,000 replies), so no user's search waits for them, and
    fill the shared page cache if no other worker is at it (≈5 s at 20,000 replies; see
    archive/pages/warm.py). Workers are recycled every max_requests, so this happens during
    the day too; the other workers keep serving meanwhile."""
    from archive.pages.warm import warm_page_cache
    from archive.search import warm_up

    warm_up()
    warm_page_cache()
