"""Playwright (sync API) driving Debian's chromium against pytest-django's live server.

One browser per session; a screenshot of every open page lands in tests/artifacts/ when
a test fails, named after the test.
"""
import os
import re
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop; Django's async-safety check would refuse ORM calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run",
]


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"report_{report.when}", report)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip("chromium is not installed at /usr/bin/chromium (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def save_screenshots(request, pages) -> None:
    report = getattr(request.node, "report_call", None)
    if report is None or not report.failed:
        return
    ARTIFACTS.mkdir(exist_ok=True)
    name = re.sub(r"[^\w.-]+", "_", request.node.name)
    for i, page in enumerate(pages):
        if not page.is_closed():
            page.screenshot(path=str(ARTIFACTS / f"{name}-{i}.png"), full_page=True)


@pytest.fixture
def new_page(browser, request):
    """Open pages in fresh contexts; if the test fails, each page is screenshotted first."""
    contexts, pages = [], []

    def make(**options):
        context = browser.new_context(locale="zh-CN", accept_downloads=True, **options)
        contexts.append(context)
        page = context.new_page()
        pages.append(page)
        return page

    yield make
    save_screenshots(request, pages)
    for context in contexts:
        context.close()


@pytest.fixture
def clean_index():
    """Live-server tests commit rows; the full-text index is not flushed with the tables."""
    from archive.search import get_backend

    yield
    get_backend().clear()
