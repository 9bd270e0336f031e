"""Bad input never gets a 500: whatever a query string holds, every page answers
with the page (an invalid filter is shown and ignored) or a 400 that says what is
wrong, as a whole page or, to htmx, as a fragment htmx swaps in."""

from __future__ import annotations

import base64
import re
from datetime import UTC, datetime, timedelta, timezone
from urllib.parse import urlencode

import pytest
from django.core import signing
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chips.dashboard.paging import Cursor
from chips.dashboard.search import UnreadableQuery, websearch_text
from chips.digests.confirmation import CONFIRM_SALT
from chips.digests.mail import unsubscribe_token
from tests.factories import (
    ArticleFactory,
    ChipFactory,
    ClaimFactory,
    ConflictFactory,
    SubscriptionFactory,
    UserFactory,
    VendorFactory,
)

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}
TOO_BIG = str(2**64)


def token(raw: str) -> str:
    """A cursor as the site encodes one, around whatever text a tamperer chose."""
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


@pytest.fixture
def site(db):
    """A little of everything, so every page has something to show and to filter."""
    vendor = VendorFactory(slug="acme", name="Acme")
    chip = ChipFactory(vendor=vendor, slug="acme-x1", name="X1")
    start = datetime(2025, 1, 1, tzinfo=UTC)
    for i in range(3):
        ClaimFactory(vendor=vendor, chip=chip, claimed_at=start + timedelta(days=i))
    conflict = ConflictFactory(vendor=vendor, chip=chip)
    article = ArticleFactory()
    staff = UserFactory(username="staff")
    staff.is_staff = True
    staff.save()
    subscription = SubscriptionFactory(email="reader@example.com")
    return {
        "vendor": vendor,
        "chip": chip,
        "conflict": conflict,
        "article": article,
        "staff": staff,
        "subscription": subscription,
    }


# Every page and the query parameters it reads ({...} filled in from the site fixture).
TIMELINE = ["after", "topic", "status", "min_confidence", "source"]
PAGES = {
    "/": [],
    "/vendors/": [],
    "/vendors/acme/": [*TIMELINE, "chip"],
    "/chips/acme-x1/": TIMELINE,
    "/conflicts/": ["after", "vendor", "chip", "topic", "status"],
    "/conflicts/{conflict}/": [],
    "/claims/{claim}/": [],
    "/articles/{article}/": [],
    "/search/": ["q"],
    "/feeds/": [],
    "/digests/": ["saved", "sent"],
    "/digests/preview/{subscription}/": ["part", "period"],
    "/digests/unsubscribe/{unsubscribe}/": [],
    "/digests/confirm/{confirm}/": [],
    "/accounts/login/": ["next"],
}
# Answer POSTs only (fuzzed as forms by their own tests).
POST_ONLY = {"chips:conflict_resolve", "chips:claim_verdict"}


def test_every_page_of_the_site_is_fuzzed():
    # A new page must join PAGES above, with the query parameters it reads.
    from chips.urls import app_name, urlpatterns

    fuzzed = {re.sub(r"\{\w+\}|acme-x1|acme", "*", page) for page in PAGES}
    for pattern in urlpatterns:
        if f"{app_name}:{pattern.name}" not in POST_ONLY:
            route = "/" + re.sub(r"<[^>]+>", "*", str(pattern.pattern))
            assert route in fuzzed, f"{route} is not fuzzed"


OUT_OF_RANGE_CURSORS = [
    token("0001-01-01T00:00:00+05:00|1"),  # before year 1 once in UTC
    token("9999-12-31T23:59:59-05:00|1"),  # after year 9999 once in UTC
    token(f"2025-01-01T00:00:00+00:00|{TOO_BIG}"),  # an id no database column holds
    token("2025-01-01T00:00:00+00:00|-1"),
    token("2025-01-01T00:00:00|1"),  # no time zone
    token("2025-01-01T00:00:00+00:00"),  # no id
    "not-a-cursor",
    "%%%",
    "\x00",
]


@pytest.mark.parametrize("path", ["/vendors/acme/", "/chips/acme-x1/", "/conflicts/"])
@pytest.mark.parametrize("cursor", OUT_OF_RANGE_CURSORS)
def test_a_tampered_load_more_link_is_a_400_that_says_so(client, site, path, cursor):
    response = client.get(path, {"after": cursor})
    assert response.status_code == 400
    page = response.content.decode()
    assert "<html" in page and "link to a later page is broken" in page
    assert f'href="{path}"' in page  # the way back to the first page


@pytest.mark.parametrize("path", ["/vendors/acme/", "/chips/acme-x1/", "/conflicts/"])
def test_htmx_gets_the_message_as_a_fragment(client, site, path):
    response = client.get(path, {"after": OUT_OF_RANGE_CURSORS[0]}, **HTMX)
    assert response.status_code == 400
    page = response.content.decode()
    assert "<html" not in page and 'role="alert"' in page
    assert "link to a later page is broken" in page


def test_htmx_keeps_the_id_of_the_element_it_replaces(client, site):
    # The search box swaps #results; an error must leave a #results to swap next time.
    response = client.get(
        "/conflicts/", {"after": "x"}, HTTP_HX_TARGET="board", **HTMX
    ).content.decode()
    assert 'id="board"' in response


def test_the_page_tells_htmx_to_show_a_400(client, site):
    # htmx drops 4xx answers unless told otherwise; the layout's htmx-config does.
    page = client.get("/").content.decode()
    assert 'name="htmx-config"' in page and '"code": "400", "swap": true' in page


def test_a_cursor_from_the_site_still_pages(client, site):
    cursor = Cursor(datetime(2025, 1, 3, tzinfo=UTC), 10**6).encode()
    assert client.get("/vendors/acme/", {"after": cursor}).status_code == 200


@pytest.mark.parametrize(
    "path",
    [f"/claims/{TOO_BIG}/", f"/articles/{TOO_BIG}/", f"/digests/preview/{TOO_BIG}/"],
)
def test_an_id_too_big_for_the_database_is_not_found(client, site, path):
    client.force_login(site["staff"])
    assert client.get(path).status_code == 404


def test_a_filter_with_an_id_too_big_is_reported_and_ignored(client, site):
    response = client.get("/vendors/acme/", {"source": TOO_BIG})
    assert response.status_code == 200 and 'class="error"' in response.content.decode()


@pytest.mark.parametrize("query", ["-" * 40 + "ascend", "- " * 40 + "ascend", "--ascend"])
def test_runs_of_minus_signs_in_a_search_are_read_as_one(client, site, query):
    ClaimFactory(statement="Ascend news")
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200


@given(st.text(alphabet="-( )\"'!&|:*<>ab", max_size=120))
def test_no_two_minus_signs_reach_postgresql_without_a_word_between(q):
    assert not re.search(r'-[^\w"]*-', websearch_text(q))


def test_a_single_minus_still_excludes_a_word():
    assert websearch_text("ascend -huawei") == "ascend -huawei"
    assert websearch_text("ascend -- - huawei") == "ascend - huawei"


# --- Fuzzing every query parameter of every page ----------------------------------------

nasty_values = st.one_of(
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60),
    st.sampled_from(["", "0", "-1", TOO_BIG, "1e400", "nan", "inf", "-0", "acme", "%00", "\x00"]),
    st.integers().map(str),
    st.floats().map(str),
    st.sampled_from(OUT_OF_RANGE_CURSORS),
    st.builds(
        lambda at, pk: token(f"{at.isoformat()}|{pk}"),
        st.datetimes(timezones=st.sampled_from([UTC, timezone(timedelta(hours=-23, minutes=-59))])),
        st.integers(),
    ),
    st.text(alphabet="-( )\"'!&|:*<>", max_size=80).map(lambda s: s + "ascend"),
    st.integers(0, 100).map(lambda n: "-" * n + "ascend"),
)


FUZZ = settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.mark.parametrize("page", PAGES)
def test_no_query_string_gets_a_500(client, site, page):
    client.force_login(site["staff"])  # the digest pages need a signed-in editor
    client.raise_request_exception = False
    path = page.format(
        claim=site["conflict"].claim_a.pk,
        conflict=site["conflict"].pk,
        article=site["article"].pk,
        subscription=site["subscription"].pk,
        unsubscribe=unsubscribe_token(site["subscription"]),
        confirm=signing.dumps(
            {"u": site["staff"].pk, "e": "new@example.com", "s": {}}, salt=CONFIRM_SALT
        ),
    )
    params = [*PAGES[page], "unknown"]

    @FUZZ
    @given(
        values=st.fixed_dictionaries({}, optional=dict.fromkeys(params, nasty_values)),
        htmx=st.booleans(),
    )
    def fetch(values, htmx):
        response = client.get(f"{path}?{urlencode(values)}", **(HTMX if htmx else {}))
        assert response.status_code < 500, values

    fetch()


def test_a_search_the_database_cannot_read_is_a_400(client, db, monkeypatch):
    def unreadable(q):
        raise UnreadableQuery("Use fewer minus signs.")

    monkeypatch.setattr("chips.dashboard.search.run_search", unreadable)
    response = client.get("/search/", {"q": "-x"})
    assert response.status_code == 400 and "Use fewer minus signs." in response.content.decode()


def test_a_host_header_not_allowed_gets_the_400_page_too(client, db):
    # Django's own bad requests (DisallowedHost, too many fields) go through handler400.
    response = client.get("/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert "ChipWatch could not make sense of this request." in response.content.decode()
