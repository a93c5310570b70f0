import pytest

from tests.pages.factories import make_archive


@pytest.fixture
def archive_50(db):
    return make_archive(50)
