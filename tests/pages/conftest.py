import pytest

from archive.pages.cache import page_cache
from tests.pages.factories import make_archive


@pytest.fixture(autouse=True)
def fresh_page_cache():
    """Each test starts without cached page data: with a file cache (DJANGO_DEBUG=0) entries
    would otherwise outlive the test database they were computed from."""
    page_cache().clear()
    yield
    page_cache().clear()


@pytest.fixture
def archive_50(db):
    return make_archive(50)
