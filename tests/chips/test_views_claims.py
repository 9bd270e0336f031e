"""A claim's page: evidence, conflicts, history; editors give a verdict inline."""

import pytest

from tests.factories import ChipFactory, ClaimFactory, ConflictFactory

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def test_it_shows_the_claim_with_its_evidence(client, seeded):
    from chips.models import Claim

    claim = Claim.objects.get(statement="Alibaba's new AI chip is made by SMIC")
    page = client.get(f"/claims/{claim.pk}/").content.decode()
    assert "Alibaba&#x27;s new AI chip is made by SMIC" in page
    assert "likely SMIC" in page  # the quote
    assert "Wccftech" in page and "/articles/" in page


def test_it_lists_the_disputes_the_claim_is_in(client, db):
    conflict = ConflictFactory()
    page = client.get(f"/claims/{conflict.claim_a.pk}/").content.decode()
    assert f'href="/conflicts/{conflict.pk}/">Who makes' in page
    assert "SMIC — 1 source vs TSMC — 1 source" in page


def test_its_disputes_are_listed_by_tally_without_reading_their_reports(client, db):
    # The list shows each dispute's status, question and tally (from side statistics),
    # none of its reports: they are not read.
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    conflict = ConflictFactory()
    with CaptureQueriesContext(connection) as captured:
        page = client.get(f"/claims/{conflict.claim_a.pk}/").content.decode()
    assert "SMIC — 1 source vs TSMC — 1 source" in page
    assert not [q for q in captured.captured_queries if '"chips_claim"."id" IN (' in q["sql"]]


def test_it_says_when_there_is_no_history_yet(client, db):
    claim = ClaimFactory()
    page = client.get(f"/claims/{claim.pk}/").content.decode()
    assert ("No recorded changes yet" in page) or ("history" in page.lower())


def test_an_unknown_claim_is_not_found(client, db):
    assert client.get("/claims/999999/").status_code == 404


def test_an_editor_gives_a_verdict_and_gets_the_updated_fragment(editor_client, editor, db):
    claim = ClaimFactory()
    response = editor_client.post(f"/claims/{claim.pk}/verdict/", {"status": "disputed"}, **HTMX)
    assert response.status_code == 200
    page = response.content.decode()
    # Out of band, to every copy of the claim on the page: its controls and its badges.
    assert page.lstrip().startswith(
        f'<div class="verdict" data-verdict-for="{claim.pk}" '
        f"hx-swap-oob=\"outerHTML:.verdict[data-verdict-for='{claim.pk}']\">"
    )
    assert (
        f'<span class="status status-disputed" data-claim-status="{claim.pk}" '
        f"hx-swap-oob=\"outerHTML:[data-claim-status='{claim.pk}']\">Disputed</span>"
    ) in page
    assert f'id="verdict-{claim.pk}"' not in page
    claim.refresh_from_db()
    assert claim.status == "disputed" and claim.reviewed_by == editor


def test_verifying_a_claim_that_contradicts_a_verified_one_asks_to_confirm(editor_client, editor):
    conflict = ConflictFactory()
    conflict.claim_a.give_verdict("verified", editor)
    other = conflict.claim_b
    url = f"/claims/{other.pk}/verdict/"
    page = editor_client.post(url, {"status": "verified"}, **HTMX).content.decode()
    assert "Verify anyway" in page and conflict.claim_a.statement in page
    other.refresh_from_db()
    assert other.status == "unverified"
    editor_client.post(url, {"status": "verified", "cancel": "1"}, **HTMX)
    other.refresh_from_db()
    assert other.status == "unverified"
    page = editor_client.post(url, {"status": "verified", "confirm": "1"}, **HTMX)
    other.refresh_from_db()
    assert other.status == "verified"


def test_verifying_a_claim_whose_rivals_are_unverified_needs_no_confirmation(editor_client):
    conflict = ConflictFactory()
    editor_client.post(f"/claims/{conflict.claim_b.pk}/verdict/", {"status": "verified"}, **HTMX)
    assert conflict.claim_b.status == "verified"


def test_an_unknown_verdict_is_refused(editor_client, db):
    claim = ClaimFactory()
    response = editor_client.post(f"/claims/{claim.pk}/verdict/", {"status": "maybe"})
    assert response.status_code == 400
    claim.refresh_from_db()
    assert claim.status == "unverified"


def test_a_viewer_cannot_give_a_verdict_nor_sees_the_buttons(viewer_client, db):
    claim = ClaimFactory()
    assert "/verdict/" not in viewer_client.get(f"/claims/{claim.pk}/").content.decode()
    response = viewer_client.post(f"/claims/{claim.pk}/verdict/", {"status": "verified"})
    assert response.status_code == 403
    claim.refresh_from_db()
    assert claim.status == "unverified"


def test_an_anonymous_visitor_cannot_give_a_verdict(client, db):
    claim = ClaimFactory()
    assert client.post(f"/claims/{claim.pk}/verdict/", {"status": "verified"}).status_code == 403


def test_verdicts_are_posts_only(editor_client, db):
    claim = ClaimFactory()
    assert editor_client.get(f"/claims/{claim.pk}/verdict/").status_code == 405


def test_the_claim_page_runs_as_many_queries_with_much_more_data(count_queries, db):
    claim = ClaimFactory()
    ConflictFactory(claim_a=claim)
    ClaimFactory(article=claim.article)
    few = count_queries(f"/claims/{claim.pk}/")
    for n in range(10):
        ConflictFactory(vendor=claim.vendor, claim_a=claim, value_b=f"Foundry {n}")
        ClaimFactory(article=claim.article)
    assert count_queries(f"/claims/{claim.pk}/") == few


def test_a_verdict_given_on_the_claims_page_also_sends_its_updated_history(
    editor_client, editor, db
):
    claim = ClaimFactory()
    page = editor_client.get(f"/claims/{claim.pk}/").content.decode()
    assert 'name="with_history"' in page
    response = editor_client.post(
        f"/claims/{claim.pk}/verdict/", {"status": "disputed", "with_history": "1"}, **HTMX
    )
    fragment = response.content.decode()
    assert '<div id="claim-history" hx-swap-oob="true">' in fragment
    assert f"by {editor.get_username()}" in fragment and "status Disputed" in fragment


def test_a_verdict_given_on_the_conflicts_board_sends_no_history(editor_client, db):
    claim = ClaimFactory()
    response = editor_client.post(f"/claims/{claim.pk}/verdict/", {"status": "verified"}, **HTMX)
    assert "claim-history" not in response.content.decode()


def test_a_missing_claim_gets_a_page_in_the_sites_own_layout(client, db):
    response = client.get("/claims/999999/")
    page = response.content.decode()
    assert response.status_code == 404
    assert "There is no page at <code>/claims/999999/</code>" in page
    assert 'aria-label="Main"' in page  # the site's navigation, not a bare error


def test_a_viewer_refused_a_verdict_is_told_why(viewer_client, db):
    claim = ClaimFactory()
    response = viewer_client.post(f"/claims/{claim.pk}/verdict/", {"status": "verified"})
    assert response.status_code == 403
    assert "needs an editor" in response.content.decode()


def test_an_editor_says_why_on_the_claims_page_and_the_page_shows_it(editor_client, editor, db):
    claim = ClaimFactory()
    form = editor_client.get(f"/claims/{claim.pk}/").content.decode()
    assert 'name="note"' in form
    editor_client.post(
        f"/claims/{claim.pk}/verdict/",
        {"status": "rejected", "note": "The filing names <TSMC>", "with_history": "1"},
        **HTMX,
    )
    claim.refresh_from_db()
    assert claim.status == "rejected" and claim.verdict_note == "The filing names <TSMC>"
    page = editor_client.get(f"/claims/{claim.pk}/").content.decode()
    assert "by editor on" in page and "The filing names &lt;TSMC&gt;" in page


def test_the_other_claims_of_its_article_are_listed_without_a_query_each(client, db):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    claim = ClaimFactory()
    chip = ChipFactory(vendor=claim.vendor, name="Chip <b>X</b>")

    def page() -> tuple[str, int]:
        with CaptureQueriesContext(connection) as captured:
            html = client.get(f"/claims/{claim.pk}/").content.decode()
        return html, len(captured)

    ClaimFactory(article=claim.article, vendor=claim.vendor, statement="First other")
    _, one = page()
    ClaimFactory(
        article=claim.article, vendor=claim.vendor, chip=chip, topic="memory", statement="Next"
    )
    html, two = page()
    assert two == one
    assert "First other</a>" in html
    assert f"{claim.vendor.name} · Chip &lt;b&gt;X&lt;/b&gt; · Memory</span>" in html
