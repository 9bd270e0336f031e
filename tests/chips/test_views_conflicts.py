"""The conflict board: claims side by side; editors resolve inline, others cannot."""

from datetime import UTC, datetime, timedelta

import pytest

from chips.models import Conflict
from tests.factories import ClaimFactory, ConflictFactory, VendorFactory

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def conflict(db):
    return ConflictFactory(
        claim_a__statement="Made by SMIC",
        claim_a__quote="The chip is made by SMIC on 7nm.",
        claim_a__origin="The Wall Street Journal",
        claim_b__statement="Made by TSMC",
        claim_b__quote="TSMC fabricates the chip.",
        claim_b__confidence=0.35,
    )


def test_it_puts_both_claims_side_by_side_with_their_evidence(client, conflict):
    page = client.get("/conflicts/").content.decode()
    a, b = page.index("Made by SMIC"), page.index("Made by TSMC")
    assert a < b
    assert "The chip is made by SMIC on 7nm." in page and "TSMC fabricates the chip." in page
    assert "The Wall Street Journal" in page and "35 %" in page
    assert "Corroboration" in page


@pytest.mark.parametrize(
    ("query", "shown"),
    [
        ("vendor={vendor}", "Made by SMIC"),
        ("topic=manufacturing", "Made by SMIC"),
        ("status=open", "Made by SMIC"),
        ("status=resolved", "Closed one"),
    ],
)
def test_filters_narrow_the_board(client, conflict, query, shown):
    other = ConflictFactory(
        claim_a__vendor=VendorFactory(),
        claim_a__topic="memory",
        claim_a__statement="Other one",
        status="dismissed",
    )
    ConflictFactory(claim_a__statement="Closed one", claim_a__topic="business", status="resolved")
    page = client.get(f"/conflicts/?{query.format(vendor=conflict.vendor.slug)}").content.decode()
    assert shown in page
    assert other.claim_a.statement not in page


def test_it_explains_an_empty_board(client, db):
    assert "No conflicts" in client.get("/conflicts/").content.decode()


def test_load_more_pages_through_conflicts(client, db):
    start = datetime(2025, 1, 1, tzinfo=UTC)
    for i in range(23):
        ConflictFactory(detected_at=start + timedelta(minutes=i))
    first = client.get("/conflicts/").content.decode()
    assert first.count('class="conflict ') == 20
    cursor = first.split("after=")[1].split('"')[0]
    more = client.get(f"/conflicts/?after={cursor}", **HTMX).content.decode()
    assert more.count('class="conflict ') == 3 and "<html" not in more


def test_viewers_see_no_buttons(viewer_client, conflict):
    page = viewer_client.get("/conflicts/").content.decode()
    assert "/resolve/" not in page and "/verdict/" not in page


def test_editors_see_resolve_and_verdict_buttons(editor_client, conflict):
    page = editor_client.get("/conflicts/").content.decode()
    assert f"/conflicts/{conflict.pk}/resolve/" in page
    assert f"/claims/{conflict.claim_a.pk}/verdict/" in page


def test_an_editor_resolves_a_conflict_with_a_note_and_gets_the_updated_card(
    editor_client, editor, conflict
):
    response = editor_client.post(
        f"/conflicts/{conflict.pk}/resolve/",
        {"action": "resolved", "note": "TSMC made the earlier batch."},
        **HTMX,
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert page.lstrip().startswith(
        f'<article class="conflict status-resolved" id="conflict-{conflict.pk}"'
    )
    assert "TSMC made the earlier batch." in page and "by editor" in page
    conflict.refresh_from_db()
    assert conflict.status == "resolved" and conflict.resolved_by == editor


def test_an_editor_dismisses_and_reopens_a_conflict(editor_client, conflict):
    url = f"/conflicts/{conflict.pk}/resolve/"
    editor_client.post(url, {"action": "dismissed"}, **HTMX)
    conflict.refresh_from_db()
    assert conflict.status == Conflict.Status.DISMISSED
    editor_client.post(url, {"action": "reopen"}, **HTMX)
    conflict.refresh_from_db()
    assert conflict.status == Conflict.Status.OPEN


def test_a_bad_action_is_refused_and_changes_nothing(editor_client, conflict):
    response = editor_client.post(f"/conflicts/{conflict.pk}/resolve/", {"action": "open"})
    assert response.status_code == 400
    conflict.refresh_from_db()
    assert conflict.status == "open"


def test_a_viewer_cannot_resolve(viewer_client, conflict):
    response = viewer_client.post(f"/conflicts/{conflict.pk}/resolve/", {"action": "resolved"})
    assert response.status_code == 403
    conflict.refresh_from_db()
    assert conflict.status == "open"


def test_an_anonymous_visitor_cannot_resolve(client, conflict):
    response = client.post(f"/conflicts/{conflict.pk}/resolve/", {"action": "resolved"})
    assert response.status_code == 403
    conflict.refresh_from_db()
    assert conflict.status == "open"


def test_resolving_needs_a_csrf_token(editor, conflict):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(editor)
    response = strict.post(f"/conflicts/{conflict.pk}/resolve/", {"action": "resolved"})
    assert response.status_code == 403
    conflict.refresh_from_db()
    assert conflict.status == "open"


def test_the_board_runs_as_many_queries_with_much_more_data(count_queries, editor_client, db):
    def some_data(n: int) -> None:
        for _ in range(n):
            ConflictFactory(claim_a__chip=None, status="resolved")

    some_data(1)
    few = count_queries("/conflicts/")
    some_data(15)
    assert count_queries("/conflicts/") == few


def test_hostile_quotes_are_escaped(client, db):
    ConflictFactory(claim_a__quote="<img src=x onerror=alert(1)>")
    page = client.get("/conflicts/").content.decode()
    assert "<img src=x" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page


def test_claims_of_a_conflict_share_the_vendor(db):
    claim = ClaimFactory()
    assert ConflictFactory(claim_a=claim).vendor == claim.vendor


def test_it_marks_the_newer_of_the_two_claims(client, db):
    # Claim A (the lower id) is the later one: the mark follows the dates, not the columns.
    new = ClaimFactory(statement="Licensed", claimed_at=datetime(2025, 7, 1, tzinfo=UTC))
    old = ClaimFactory(
        statement="Banned", vendor=new.vendor, claimed_at=datetime(2025, 4, 1, tzinfo=UTC)
    )
    ConflictFactory(claim_a=new, claim_b=old)
    page = client.get("/conflicts/").content.decode()
    side_a, side_b = page.split('aria-label="Claim A"')[1].split('aria-label="Claim B"')
    assert "Licensed" in side_a and ">newer</span>" in side_a
    assert "Banned" in side_b and ">newer</span>" not in side_b


def test_the_next_page_of_conflicts_takes_the_focus_at_its_first_card(client, db):
    start = datetime(2025, 1, 1, tzinfo=UTC)
    for i in range(23):
        ConflictFactory(detected_at=start + timedelta(minutes=i))
    first = client.get("/conflicts/").content.decode()
    assert " autofocus" not in first
    cursor = first.split("after=")[1].split('"')[0]
    more = client.get(f"/conflicts/?after={cursor}", **HTMX).content.decode()
    assert more.count(" autofocus") == 1
    assert more.index(" autofocus") < more.index(
        'class="conflict ', more.index('class="conflict ') + 1
    )
