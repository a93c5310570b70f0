"""Security headers on every response; pages carry no inline script or style (strict CSP)."""
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.security.public_urls import fill, public_routes

# <script> without src= (JSON data blocks from json_script are not code), on*= handler
# attributes, style= attributes, javascript: URLs
INLINE_SCRIPT_RE = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(?:ld\+)?json\")[^>]*>", re.I)
EVENT_HANDLER_RE = re.compile(r"<[^>]+\son[a-z]+\s*=", re.I)
STYLE_ATTR_RE = re.compile(r"<[^>]+\sstyle\s*=", re.I)
STYLE_BLOCK_RE = re.compile(r"<style[\s>]", re.I)
JS_URL_RE = re.compile(r"""(href|src|action)\s*=\s*["']?\s*javascript:""", re.I)


def csp_of(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.strip() for part in header.split(";") if part.strip()}


def inline_problems(html: str) -> list[str]:
    checks = {
        "inline <script>": INLINE_SCRIPT_RE,
        "on*= handler": EVENT_HANDLER_RE,
        "style= attribute": STYLE_ATTR_RE,
        "<style> block": STYLE_BLOCK_RE,
        "javascript: URL": JS_URL_RE,
    }
    return [f"{name}: {m.group(0)[:80]}" for name, regex in checks.items() for m in regex.finditer(html)]


@pytest.mark.django_db
def test_security_headers_and_csp_without_unsafe_inline(client):
    response = client.get("/")
    policy = csp_of(response)
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]
    assert policy["default-src"] == "default-src 'self'"
    assert policy["script-src"] == "script-src 'self'"
    assert policy["object-src"] == "object-src 'none'"
    assert policy["frame-ancestors"] == "frame-ancestors 'none'"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.mark.parametrize("route", public_routes())
def test_public_pages_have_no_inline_script_or_style(client, sample_values, route):
    url = fill(route, {**sample_values, "pk": str(sample_values["public_pk"])})
    response = client.get(url)
    if "html" not in response.get("Content-Type", ""):
        return
    assert not inline_problems(response.content.decode()), url


@pytest.mark.django_db
def test_staff_pages_have_no_inline_script_or_style(admin_client, admin_user, seed_paths, settings, tmp_path):
    from django.contrib.auth.models import Permission

    settings.ARCHIVE_UPLOAD_STAGING_DIR = tmp_path
    admin_user.user_permissions.add(Permission.objects.get(codename="upload_reply"))
    pages = {
        "/upload/": admin_client.get("/upload/"),
        "preview": admin_client.post("/upload/", {"files": [SimpleUploadedFile(seed_paths[0].name, seed_paths[0].read_bytes())]}),
    }
    for name, response in pages.items():
        assert response.status_code == 200
        assert not inline_problems(response.content.decode()), name


@pytest.mark.django_db
def test_login_page_has_no_inline_script_or_style(client):
    assert not inline_problems(client.get("/accounts/login/").content.decode())


@pytest.mark.django_db
def test_production_responses_carry_hsts_and_secure_cookies(client, settings):
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_SSL_REDIRECT = True
    settings.CSRF_COOKIE_SECURE = True
    assert client.get("/accounts/login/").status_code == 301, "plain HTTP is redirected to HTTPS"
    response = client.get("/accounts/login/", secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    assert response.cookies["csrftoken"]["secure"] is True
    assert response.cookies["csrftoken"]["httponly"] is True


STYLE_VALUE_RE = re.compile(r"""<[^>]+\sstyle\s*=\s*["']([^"']*)["']""", re.I)


@pytest.mark.django_db
def test_admin_history_page_allows_exactly_its_inline_styles(admin_client, seed_paths):
    """simple_history's history page has an inline style; its CSP allows that value by hash only."""
    import base64
    import hashlib
    import io

    from django.core.management import call_command

    from archive.models import Reply

    call_command("ingest", str(seed_paths[0]), stdout=io.StringIO())

    reply = Reply.objects.get()
    response = admin_client.get(f"/admin/archive/reply/{reply.pk}/history/")
    assert response.status_code == 200
    policy = csp_of(response)
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    styles = STYLE_VALUE_RE.findall(response.content.decode())
    assert styles, "the history page still has the inline style this allowance is for"
    for value in styles:
        digest = base64.b64encode(hashlib.sha256(value.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in policy["style-src-attr"], value
    assert "style-src-attr" not in csp_of(admin_client.get(f"/admin/archive/reply/{reply.pk}/change/"))
