"""An editor in a real browser: log in, drag two files onto /upload/, correct, save.

Also proves the strict Content-Security-Policy does not break the page: the drag-and-drop
script is a static file and the browser reports no CSP violation.
"""
import pytest
from django.contrib.auth.models import Permission, User

from archive.models import Reply

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DROP_FILES = """([zoneId, files]) => {
  const transfer = new DataTransfer();
  for (const [name, text] of files) {
    transfer.items.add(new File([text], name, {type: "text/plain"}));
  }
  const zone = document.getElementById(zoneId);
  for (const type of ["dragenter", "dragover", "drop"]) {
    zone.dispatchEvent(new DragEvent(type, {dataTransfer: transfer, bubbles: true, cancelable: true}));
  }
}"""


def test_drag_drop_preview_correct_save(live_server, new_page, seed_paths, tmp_path, settings, clean_index):
    settings.ARCHIVE_UPLOAD_STAGING_DIR = tmp_path
    editor = User.objects.create_user("editor", password="a-long-test-password-1", is_staff=True)
    editor.user_permissions.add(Permission.objects.get(codename="upload_reply"))

    page = new_page(viewport={"width": 1280, "height": 900})
    violations = []
    page.on("console", lambda message: violations.append(message.text) if "Content Security Policy" in message.text else None)

    page.goto(f"{live_server.url}/upload/")
    assert "/accounts/login/" in page.url, "anonymous editors are sent to the login page"
    page.fill("#id_username", "editor")
    page.fill("#id_password", "a-long-test-password-1")
    page.click("button[type=submit]")
    page.wait_for_url("**/upload/")

    files = [[p.name, p.read_text(encoding="utf-8")] for p in seed_paths[:2]]
    page.evaluate(DROP_FILES, ["dropzone", files])
    assert page.locator("#dropzone-list li").count() == 2, "dropped files are listed"
    page.click("form.upload-form button[type=submit]")
    page.wait_for_url("**/upload/")
    assert page.locator("section.preview").count() == 2

    first = page.locator("section.preview").first
    first.locator("input[name$='-title']").fill("浏览器中更正的标题")
    page.click("form.upload-previews button[type=submit]")
    page.wait_for_url("**/upload/save/")
    assert page.locator("tr.result-ingested").count() == 2

    assert Reply.objects.count() == 2
    assert Reply.objects.filter(title="浏览器中更正的标题", ingested_by="editor").count() == 1
    assert violations == []
