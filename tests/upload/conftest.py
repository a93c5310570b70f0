"""Editors, plain staff and staging in a temp folder for the upload tests."""
import pytest
from django.contrib.auth.models import Permission, User


@pytest.fixture(autouse=True)
def staging_in_tmp(settings, tmp_path):
    settings.ARCHIVE_UPLOAD_STAGING_DIR = tmp_path / "staging"
    return settings.ARCHIVE_UPLOAD_STAGING_DIR


@pytest.fixture
def editor(db) -> User:
    user = User.objects.create_user("editor", password="not-used-here", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="upload_reply"))
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client
