"""Random and hostile input to every public URL: never a 5xx, never unescaped in HTML.

Hypothesis draws path parameters and query strings (names from what list pages accept plus
random ones; values from random text and a list of classic attacks: markup, SQL, FTS syntax,
control characters, huge numbers, very long strings). Routes come from the URLconf, so pages
added later are fuzzed too.
"""
import re

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.security.public_urls import QUERY_PARAMS, ROUTE_PARAM_RE, public_routes

HOSTILE = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "'><svg/onload=alert(1)>",
    "javascript:alert(1)",
    "' OR 1=1 --",
    "1; DROP TABLE archive_reply; --",
    '"', "'", "\\", "*", "NOT", "AND OR", 'a"b', '"x', "NEAR(a b)", "^", "-", "(",
    "措施 NOT 提案", "心理*", "{{ 7*7 }}", "{% debug %}", "%s%s%s", "${jndi:ldap://x}",
    "\x00", "\r\nSet-Cookie: x=1", "\u202e", "\ufeff", "🙂" * 50, "心理" * 2000,
    "-1", "0", "99999999999999999999999", "1e309", "NaN", "2024-13-45", "../../etc/passwd",
]

# Text that cannot be encoded into a URL is not something a browser can send.
TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=60)
VALUES = st.one_of(st.sampled_from(HOSTILE), TEXT, st.integers(-10**12, 10**12).map(str))
PARAMS = st.dictionaries(
    st.one_of(st.sampled_from(QUERY_PARAMS), st.text(st.characters(min_codepoint=33, max_codepoint=126), min_size=1, max_size=12)),
    st.one_of(VALUES, st.lists(VALUES, min_size=2, max_size=3)),
    max_size=4,
)
ROUTES = public_routes()


def path_for(route: str, draw_value) -> str:
    return "/" + ROUTE_PARAM_RE.sub(lambda m: draw_value(m["converter"]), route)


def path_value(converter: str | None) -> st.SearchStrategy[str]:
    if converter == "int":
        return st.integers(0, 10**12).map(str)
    # A path segment: anything but "/" (Django's str converter) and "?#" (would end the path).
    return st.one_of(st.sampled_from([h for h in HOSTILE if h.strip("/")]), TEXT).map(
        lambda s: s.replace("/", "").replace("?", "").replace("#", "") or "x"
    )


# "<s" in "<script>" or "</" — the start of a tag once it reaches HTML unescaped
TAG_OPEN_RE = re.compile(r"<[A-Za-z/!?]")


def dangerous(value: str) -> bool:
    """Values whose appearance verbatim in HTML means they were not escaped.

    Short values are skipped: "1>" or '"a' occur in any page by chance.
    """
    if TAG_OPEN_RE.search(value):
        return len(value) >= 6
    return any(c in value for c in "\"'") and len(value) >= 8


def strings_sent(params: dict) -> list[str]:
    out = []
    for key, value in params.items():
        out.append(key)
        out.extend(value if isinstance(value, list) else [value])
    return out


@pytest.fixture(scope="module")
def fuzz_client():
    return Client(raise_request_exception=False)


@pytest.mark.slow
@pytest.mark.parametrize("route", ROUTES)
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_public_url_survives_hostile_input(seeded, route, data):
    client = Client(raise_request_exception=False)
    segments = {}

    def draw(converter):
        value = data.draw(path_value(converter))
        segments[value] = True
        return value

    url = path_for(route, draw)
    params = data.draw(PARAMS)
    response = client.get(url, params)
    assert response.status_code < 500, f"GET {url} {params!r} → {response.status_code}"
    if "html" not in response.get("Content-Type", ""):
        return
    body = response.content.decode("utf-8", "replace")
    for sent in strings_sent(params) + list(segments):
        assert not (dangerous(sent) and sent in body), f"GET {url} {params!r}: {sent!r} appears unescaped"
