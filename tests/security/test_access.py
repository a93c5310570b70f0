"""Who may do what: anonymous visitors read, editors upload, staff administer; CSRF everywhere."""
import pytest
from django.contrib.auth.models import Permission, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from archive.models import Reply
from tests.security.public_urls import public_routes


def make_user(name: str, staff: bool, upload: bool) -> User:
    user = User.objects.create_user(name, password="a-long-test-password-1", is_staff=staff)
    if upload:
        user.user_permissions.add(Permission.objects.get(codename="upload_reply"))
    return user


def logged_in(user: User, **kwargs) -> Client:
    client = Client(**kwargs)
    client.force_login(user)
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/upload/", "/upload/save/", "/admin/", "/admin/archive/reply/"])
def test_anonymous_is_sent_to_login_for_staff_areas(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert "/login/" in response["Location"]
    assert "next=" in response["Location"]


@pytest.mark.django_db
def test_anonymous_upload_post_stores_nothing_and_redirects_to_login(client, seed_paths):
    response = client.post("/upload/", {"files": [SimpleUploadedFile("a.txt", seed_paths[0].read_bytes())]})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not Reply.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "staff, upload, expected",
    [(False, False, 403), (False, True, 403), (True, False, 403), (True, True, 200)],
)
def test_upload_needs_staff_and_the_upload_permission(staff, upload, expected):
    client = logged_in(make_user("u", staff, upload))
    assert client.get("/upload/").status_code == expected


@pytest.mark.django_db
def test_editor_without_model_permissions_cannot_change_replies_in_admin():
    client = logged_in(make_user("editor", staff=True, upload=True))
    assert client.get("/admin/archive/reply/").status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize("route", public_routes())
@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_public_urls_refuse_anonymous_writes(route, method):
    """Without a CSRF token every unsafe method is refused; only GET/HEAD reach the views."""
    client = Client(enforce_csrf_checks=True)
    url = "/" + route.replace("<int:pk>", "1").replace("<int:year>", "2024").replace("<str:city>", "x").replace("<str:slug>", "x")
    response = getattr(client, method)(url)
    assert response.status_code in {403, 404, 405}, f"{method.upper()} {url} → {response.status_code}"


@pytest.mark.django_db
def test_upload_form_needs_a_csrf_token(seed_paths):
    client = logged_in(make_user("editor", True, True), enforce_csrf_checks=True)
    page = client.get("/upload/")
    assert 'name="csrfmiddlewaretoken"' in page.content.decode()
    response = client.post("/upload/", {"files": [SimpleUploadedFile("a.txt", seed_paths[0].read_bytes())]})
    assert response.status_code == 403
    assert not Reply.objects.exists()


@pytest.mark.django_db
def test_login_form_needs_a_csrf_token():
    make_user("editor", True, True)
    client = Client(enforce_csrf_checks=True)
    assert 'name="csrfmiddlewaretoken"' in client.get("/accounts/login/").content.decode()
    response = client.post("/accounts/login/", {"username": "editor", "password": "a-long-test-password-1"})
    assert response.status_code == 403


@pytest.mark.django_db
def test_login_then_upload_page(client):
    make_user("editor", True, True)
    response = client.post(
        "/accounts/login/?next=/upload/", {"username": "editor", "password": "a-long-test-password-1", "next": "/upload/"}
    )
    assert response.status_code == 302 and response["Location"] == "/upload/"
    assert client.get("/upload/").status_code == 200


@pytest.mark.django_db
def test_login_does_not_redirect_off_site(client):
    make_user("editor", True, True)
    response = client.post(
        "/accounts/login/", {"username": "editor", "password": "a-long-test-password-1", "next": "https://evil.example/"}
    )
    assert response.status_code == 302
    assert "evil.example" not in response["Location"]


@pytest.mark.django_db
def test_repeated_failed_logins_lock_the_account_out(client, settings):
    make_user("editor", True, True)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post("/accounts/login/", {"username": "editor", "password": "wrong"})
        assert response.status_code == 200
    locked = client.post("/accounts/login/", {"username": "editor", "password": "wrong"})
    assert locked.status_code == 429
    assert "登录已暂停" in locked.content.decode()
    # Even the right password is refused while locked out.
    right = client.post("/accounts/login/", {"username": "editor", "password": "a-long-test-password-1"})
    assert right.status_code == 429
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_admin_login_is_throttled_too(client, settings):
    User.objects.create_superuser("root", password="a-long-test-password-1")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = client.post("/admin/login/?next=/admin/", {"username": "root", "password": "wrong"})
    assert response.status_code == 429


@pytest.mark.django_db
def test_logout_needs_post(client):
    client.force_login(make_user("editor", True, True))
    assert client.get("/accounts/logout/").status_code == 405
    assert client.post("/accounts/logout/").status_code == 302
    assert client.get("/upload/").status_code == 302
