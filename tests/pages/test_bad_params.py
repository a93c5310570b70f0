"""NUL characters in a path or parameter: a 400/404 page, never a database error (PostgreSQL refuses NUL)."""
import pytest


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/cities/%00/", "/types/%00/", "/years/%00/", "/metrics/?city=%00", "/compare/?city=%00"])
def test_nul_characters_are_refused_politely(client, url):
    response = client.get(url)
    assert response.status_code in (400, 404)
