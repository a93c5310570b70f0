"""A reply that may not be made public is invisible to anonymous visitors on every URL.

Two checks per public route (taken from the URLconf, so new pages are covered):
1. none of the private reply's text appears in any response, raw, JSON-escaped or URL-encoded;
2. every response is identical with and without the private reply in the database, so
   counts, facets, pagination and feeds cannot betray that it exists either.
"""
import json
from urllib.parse import quote

import pytest
from django.test import Client

from tests.security.conftest import MARKERS, SECRET_CITY, SECRET_WORD, SECRET_YEAR
from tests.security.public_urls import fill, public_routes

QUERY_VARIANTS = [
    "",
    f"?q={SECRET_WORD}",
    f"?q={SECRET_CITY}",
    f"?city={SECRET_CITY}",
    f"?year={SECRET_YEAR}",
    "?type=crisis",
    "?public=False",
    "?public=0",
    "?include_private=1",
    "?private=1",
    "?all=1",
    "?format=json",
    "?format=csv",
]


def body_of(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode("utf-8", "replace")
    return response.content.decode("utf-8", "replace")


def leaked_markers(text: str, requested: str) -> list[str]:
    """Private text in a response, except what the request itself asked about (echoed back)."""
    forms = {m: {m, json.dumps(m)[1:-1], quote(m), quote(m).lower()} for m in MARKERS if m not in requested}
    return [m for m, variants in forms.items() if any(v in text for v in variants)]


def anonymous_snapshot(client: Client, url: str) -> list[tuple[str, int, str]]:
    snapshot = []
    for query in QUERY_VARIANTS:
        response = client.get(url + query)
        snapshot.append((url + query, response.status_code, body_of(response)))
    return snapshot


@pytest.mark.parametrize("route", public_routes())
def test_anonymous_never_sees_private_text(client, sample_values, route):
    url = fill(route, sample_values)
    problems = []
    for full_url, status, body in anonymous_snapshot(client, url):
        if status >= 500:
            problems.append(f"{full_url}: HTTP {status}")
        leaks = leaked_markers(body, full_url)
        if leaks:
            problems.append(f"{full_url}: shows {leaks}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("route", public_routes())
def test_logged_in_users_who_are_not_staff_do_not_see_it_either(client, django_user_model, sample_values, route):
    client.force_login(django_user_model.objects.create_user("reader", password="x-long-password-1"))
    url = fill(route, sample_values)
    leaks = [(u, leaked_markers(body, u)) for u, _status, body in anonymous_snapshot(client, url)]
    assert not [leak for leak in leaks if leak[1]], leaks


@pytest.mark.parametrize("route", public_routes())
def test_anonymous_cannot_tell_a_private_reply_exists(client, sample_values, private_reply, route):
    url = fill(route, sample_values)
    with_private = anonymous_snapshot(client, url)
    private_reply.delete()
    without_private = anonymous_snapshot(client, url)
    differing = [a[0] for a, b in zip(with_private, without_private) if a[1:] != b[1:]]
    assert not differing, f"responses change when the private reply is removed: {differing}"


def test_private_reply_page_is_404_for_anonymous_and_shown_to_staff(client, admin_client, private_reply):
    url = private_reply.get_absolute_url()
    assert client.get(url).status_code == 404
    response = admin_client.get(url)
    assert response.status_code == 200
    assert private_reply.title in body_of(response)


def test_private_reply_is_listed_in_the_admin_for_staff(admin_client, private_reply):
    response = admin_client.get("/admin/archive/reply/", {"public__exact": "0"})
    assert response.status_code == 200
    assert private_reply.title in body_of(response)


def test_the_private_reply_is_findable_by_staff_so_the_checks_above_mean_something(admin_client, sample_values):
    """Staff see it through search and listings; anonymous users see it nowhere."""
    shown_to_staff = []
    for route in public_routes():
        url = fill(route, sample_values)
        for query in QUERY_VARIANTS:
            if leaked_markers(body_of(admin_client.get(url + query)), url + query):
                shown_to_staff.append(url + query)
    assert f"/replies/{sample_values['pk']}/" in shown_to_staff
    if any(route.startswith("search/") for route in public_routes()):
        assert f"/search/?q={SECRET_WORD}" in shown_to_staff
