"""The conflict board: one card per dispute; editors settle inline, others cannot."""

from datetime import UTC, datetime, timedelta

import pytest

from chips.models import Conflict
from tests.factories import (
    ArticleFactory,
    ChipFactory,
    ClaimFactory,
    ConflictFactory,
    SourceFactory,
    VendorFactory,
)

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def chip(db):
    return ChipFactory(
        vendor=VendorFactory(slug="huawei", name="Huawei"), slug="ascend-910c", name="Ascend 910C"
    )


@pytest.fixture
def conflict(chip):
    return ConflictFactory(
        vendor=chip.vendor,
        chip=chip,
        claim_a__statement="Made by SMIC",
        claim_a__quote="The chip is made by SMIC on 7nm.",
        claim_a__origin="The Wall Street Journal",
        claim_a__article=ArticleFactory(source=SourceFactory(name="Wire One")),
        claim_b__statement="Made by TSMC",
        claim_b__quote="TSMC fabricates the chip.",
        claim_b__confidence=0.35,
    )


def add_report(conflict: Conflict, side: str, **fields) -> None:
    value = conflict.value_a if side == "a" else conflict.value_b
    fields = {"vendor": conflict.vendor, "chip": conflict.chip, "value": value, **fields}
    conflict.memberships.create(claim=ClaimFactory(**fields), side=side)


def test_a_card_asks_the_question_counts_sources_and_says_why_both_cannot_hold(client, conflict):
    add_report(conflict, "b", statement="TSMC again", article=ArticleFactory())
    page = client.get("/conflicts/").content.decode()
    assert "Who makes the Ascend 910C?" in page
    assert (
        "<strong>SMIC</strong> — 1 source" in page and "<strong>TSMC</strong> — 2 sources" in page
    )
    assert "A chip&#x27;s die comes from one foundry." in page


def test_each_side_shows_its_claims_with_quote_outlet_origin_date_and_confidence(client, conflict):
    page = client.get("/conflicts/").content.decode()
    side_a, side_b = page.split('aria-label="Side A: SMIC"')[1].split('aria-label="Side B: TSMC"')
    assert "Made by SMIC" in side_a and "The chip is made by SMIC on 7nm." in side_a
    assert "Wire One" in side_a and "citing The Wall Street Journal" in side_a
    assert conflict.claim_a.claimed_at.strftime("%-d %b %Y") in side_a
    assert "Made by TSMC" in side_b and "confidence 35 %" in side_b and "not attributed" in side_b


def test_a_change_shows_the_date_each_state_was_first_reported(client, chip):
    conflict = ConflictFactory(
        vendor=chip.vendor,
        chip=chip,
        topic="export_controls",
        value_a="banned",
        value_b="licensed",
        kind="change",
        claim_a__claimed_at=datetime(2025, 4, 15, tzinfo=UTC),
        claim_b__claimed_at=datetime(2025, 8, 1, tzinfo=UTC),
    )
    page = client.get(f"/conflicts/{conflict.pk}/").content.decode()
    assert "Banned from 2025-04-15, licensed from 2025-08-01." in page
    assert "change over time" in page


def test_a_side_shows_its_earliest_reports_whatever_order_they_joined_in(client, conflict):
    for day in (9, 3, 7, 5):
        add_report(
            conflict,
            "b",
            statement=f"TSMC report of day {day}",
            claimed_at=datetime(2020, 1, day, tzinfo=UTC),  # before the fixture's own
        )
    board = client.get("/conflicts/").content.decode()
    side_b = board[board.index('class="side side-b"') :]
    shown = [f"TSMC report of day {day}" for day in (3, 5, 7)]
    assert [side_b.index(statement) for statement in shown] == sorted(
        side_b.index(statement) for statement in shown
    )
    assert "TSMC report of day 9" not in board


def test_the_board_shows_three_reports_a_side_and_the_dispute_page_all(client, conflict):
    for n in range(4):
        add_report(conflict, "b", statement=f"TSMC report {n}")
    board = client.get("/conflicts/").content.decode()
    assert board.count('class="side-claim"') == 4  # 1 + 3
    assert f'href="/conflicts/{conflict.pk}/">All 5 reports on this side' in board
    page = client.get(f"/conflicts/{conflict.pk}/").content.decode()
    assert page.count('class="side-claim"') == 6
    assert "TSMC report 3" in page


def test_an_unknown_dispute_is_a_404(client, db):
    assert client.get("/conflicts/999999/").status_code == 404


@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [
        ("", {"Made by SMIC"}, {"Other one", "Closed one"}),  # open ones by default
        ("vendor=huawei", {"Made by SMIC"}, {"Other one", "Closed one"}),
        ("chip=ascend-910c", {"Made by SMIC"}, {"Other one", "Closed one"}),
        ("topic=memory", set(), {"Made by SMIC", "Closed one"}),
        ("status=resolved", {"Closed one"}, {"Made by SMIC", "Other one"}),
        ("status=all", {"Made by SMIC", "Other one", "Closed one"}, set()),
    ],
)
def test_filters_narrow_the_board(client, conflict, query, shown, hidden):
    ConflictFactory(topic="memory", claim_a__statement="Other one", status="dismissed")
    closed = ConflictFactory(claim_a__statement="Closed one", topic="business")
    closed.resolve("a_holds", "", None)
    page = client.get(f"/conflicts/?{query}").content.decode()
    assert all(text in page for text in shown)
    assert not any(text in page for text in hidden)


def test_it_explains_an_empty_board(client, db):
    page = client.get("/conflicts/").content.decode()
    assert "No open disputes" in page and "?status=all" in page


def test_load_more_pages_through_conflicts(client, db):
    start = datetime(2025, 1, 1, tzinfo=UTC)
    for i in range(23):
        ConflictFactory(detected_at=start + timedelta(minutes=i))
    first = client.get("/conflicts/").content.decode()
    assert first.count('<article class="conflict ') == 20
    cursor = first.split("after=")[1].split('"')[0]
    more = client.get(f"/conflicts/?after={cursor}", **HTMX).content.decode()
    assert more.count('<article class="conflict ') == 3 and "<html" not in more


def test_viewers_see_no_buttons(viewer_client, conflict):
    page = viewer_client.get("/conflicts/").content.decode()
    assert "/resolve/" not in page and "/verdict/" not in page


def test_editors_see_outcome_and_verdict_buttons(editor_client, conflict):
    page = editor_client.get("/conflicts/").content.decode()
    assert f"/conflicts/{conflict.pk}/resolve/" in page
    assert 'value="a_holds">SMIC holds' in page and 'value="b_holds">TSMC holds' in page
    assert f"/claims/{conflict.claim_a.pk}/verdict/" in page


def test_an_editor_settles_a_dispute_with_a_note_and_gets_the_updated_card(
    editor_client, editor, conflict
):
    response = editor_client.post(
        f"/conflicts/{conflict.pk}/resolve/",
        {"outcome": "a_holds", "note": "A teardown showed the SMIC die."},
        **HTMX,
    )
    assert response.status_code == 200
    page = response.content.decode()
    card = '<article class="conflict dispute status-resolved kind-contradiction"'
    assert page.lstrip().startswith(f'{card} id="conflict-{conflict.pk}"')
    assert "A holds" in page and "A teardown showed the SMIC die." in page and "by editor" in page
    conflict.refresh_from_db()
    assert (conflict.status, conflict.outcome, conflict.resolved_by) == (
        "resolved",
        "a_holds",
        editor,
    )
    a, b = conflict.claim_a, conflict.claim_b
    assert (a.status, b.status) == ("verified", "rejected")
    # Every other copy of its claims on the page is updated out of band.
    assert f"outerHTML:.verdict[data-verdict-for='{b.pk}']" in page
    assert f"outerHTML:[data-claim-status='{b.pk}']\">Rejected" in page


def test_an_editor_dismisses_and_reopens_a_dispute(editor_client, conflict):
    url = f"/conflicts/{conflict.pk}/resolve/"
    editor_client.post(url, {"outcome": "not_a_contradiction"}, **HTMX)
    conflict.refresh_from_db()
    assert (conflict.status, conflict.outcome) == ("dismissed", "not_a_contradiction")
    assert {conflict.claim_a.status, conflict.claim_b.status} == {"unverified"}
    editor_client.post(url, {"outcome": "reopen"}, **HTMX)
    conflict.refresh_from_db()
    assert (conflict.status, conflict.outcome) == ("open", "")


def test_a_bad_outcome_is_refused_and_changes_nothing(editor_client, conflict):
    response = editor_client.post(f"/conflicts/{conflict.pk}/resolve/", {"outcome": "open"})
    assert response.status_code == 400
    conflict.refresh_from_db()
    assert conflict.status == "open"


def test_a_viewer_cannot_resolve(viewer_client, conflict):
    response = viewer_client.post(f"/conflicts/{conflict.pk}/resolve/", {"outcome": "a_holds"})
    assert response.status_code == 403
    conflict.refresh_from_db()
    assert conflict.status == "open"


def test_an_anonymous_visitor_cannot_resolve(client, conflict):
    response = client.post(f"/conflicts/{conflict.pk}/resolve/", {"outcome": "a_holds"})
    assert response.status_code == 403
    conflict.refresh_from_db()
    assert conflict.status == "open"


def test_resolving_needs_a_csrf_token(editor, conflict):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(editor)
    response = strict.post(f"/conflicts/{conflict.pk}/resolve/", {"outcome": "a_holds"})
    assert response.status_code == 403
    conflict.refresh_from_db()
    assert conflict.status == "open"


@pytest.mark.parametrize("url", ["/conflicts/", "/conflicts/?status=all", "/conflicts/{pk}/"])
def test_the_pages_run_as_many_queries_with_much_more_data(count_queries, editor_client, url):
    def some_data(n: int) -> Conflict:
        for _ in range(n):
            conflict = ConflictFactory()
            for _ in range(n):
                add_report(conflict, "b", article=ArticleFactory(source=SourceFactory()))
        return conflict

    url = url.format(pk=some_data(1).pk)
    few = count_queries(url)
    some_data(8)
    assert count_queries(url) == few


def test_hostile_quotes_are_escaped(client, db):
    ConflictFactory(claim_a__quote="<img src=x onerror=alert(1)>", value_a="<b>x</b>")
    page = client.get("/conflicts/").content.decode()
    assert "<img src=x" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "<b>x</b>" not in page


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
        '<article class="conflict ', more.index('<article class="conflict ') + 1
    )


def test_rulings_on_the_board_name_their_editor_and_chip_without_a_query_each(
    count_queries, client, editor
):
    from django.utils import timezone

    def ruled(n: int) -> None:
        for i in range(n):
            ConflictFactory(
                chip=ChipFactory(name=f"Ruled chip {i}"),
                status="resolved",
                outcome="a_holds",
                resolved_by=editor,
                resolved_at=timezone.now(),
                note="Checked with the maker",
            )

    ruled(1)
    few = count_queries("/conflicts/?status=resolved")
    ruled(5)
    assert count_queries("/conflicts/?status=resolved") == few
    page = client.get("/conflicts/?status=resolved").content.decode()
    assert page.count(" by editor on <time") == 6
    assert "Ruled chip 4</a>" in page and ": Checked with the maker" in page
