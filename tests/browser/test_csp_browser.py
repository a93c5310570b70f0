"""Chromium loads every public page under the real Content-Security-Policy: no violation.

The regex checks in test_headers.py catch inline code in the HTML; this catches what only a
browser sees (scripts injecting styles or inline handlers, eval in vendored libraries).
"""
import pytest
from django.core.management import call_command

from archive.models import Reply
from tests.security.public_urls import fill, public_routes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_public_pages_raise_no_csp_violation(live_server, new_page, seed_paths, clean_index):
    call_command("ingest", *map(str, seed_paths))
    reply = Reply.objects.exclude(public=False).order_by("pk").first()
    values = {
        "pk": str(reply.pk), "city": reply.city or "x", "year": str(reply.year or 2024),
        "slug": "counseling", "str": reply.city or "x",
    }
    page = new_page(viewport={"width": 1280, "height": 900})
    violations = []
    page.on("console", lambda m: violations.append(f"{page.url}: {m.text}") if "Content Security Policy" in m.text else None)
    checked = []
    for route in public_routes():
        url = fill(route, values)
        response = page.goto(live_server.url + url)
        if response is None or "html" not in (response.headers.get("content-type") or ""):
            continue
        page.wait_for_load_state("networkidle")
        checked.append(url)
    assert "/" in checked
    assert violations == [], violations
