"""The digest email: plain-text and HTML parts, escaping, links, headers."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import signing

from chips.digests.content import CLAIMS_PER_VENDOR, build_digest
from chips.digests.mail import render_digest, subscription_for_token
from chips.digests.periods import period_for
from chips.models import Claim
from tests.chips.digesting import NOW, YESTERDAY, claim_at, conflict_at, subscriber
from tests.factories import ArticleFactory, SourceFactory, VendorFactory, VendorMentionFactory

pytestmark = pytest.mark.django_db

HOSTILE = '<script>alert("x")</script> & <img src=x onerror=alert(1)>'


@pytest.fixture
def message(settings):
    settings.SITE_URL = "https://chipwatch.example"
    nvidia = VendorFactory(slug="nvidia", name="NVIDIA")
    source = SourceFactory(name="Wire <b>Service</b>", domain="wire.example")
    article = ArticleFactory(title=HOSTILE, source=source)
    claim = claim_at(
        vendor=nvidia, article=article, statement=HOSTILE, quote="It said so.", confidence=0.8
    )
    VendorMentionFactory(article=claim.article, vendor=nvidia, count=3)
    conflict_at(vendor=nvidia)
    sub = subscriber(email="ana@example.com")
    content = build_digest(sub, period_for("daily", NOW))
    return render_digest(sub, content), sub, claim


def html_of(message) -> str:
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    return html


def test_it_has_a_plain_text_body_and_an_html_alternative(message):
    email, _, _ = message
    assert "NEW CLAIMS" in email.body and "NVIDIA" in email.body
    assert "<table" in html_of(email) and "NVIDIA" in html_of(email)


def test_the_subject_counts_claims_and_conflicts_and_names_the_day(message):
    email, _, _ = message
    assert email.subject == "ChipWatch daily digest: 1 new claim, 1 conflict — 28 Nov"


def test_text_from_feeds_is_escaped_in_the_html_part(message):
    html = html_of(message[0])
    assert "<script>" not in html and "<img src=x" not in html and "<b>Service" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;img" in html


def test_the_plain_text_part_keeps_the_text_as_written(message):
    assert HOSTILE in message[0].body


def test_the_html_has_no_stylesheet_or_script_only_inline_styles(message):
    html = html_of(message[0])
    assert "<style" not in html and "<link" not in html and "<script" not in html
    assert 'style="' in html


def test_links_point_into_the_dashboard_at_site_url(message):
    email, _, claim = message
    html = html_of(email)
    for path in (f"/claims/{claim.pk}/", "/vendors/nvidia/", "/conflicts/", "/articles/"):
        assert f'href="https://chipwatch.example{path}' in html
        assert f"https://chipwatch.example{path}" in email.body


def test_it_carries_one_click_unsubscribe_headers_with_a_signed_token(message):
    email, sub, _ = message
    url = email.extra_headers["List-Unsubscribe"].strip("<>")
    assert url.startswith("https://chipwatch.example/digests/unsubscribe/")
    assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert subscription_for_token(url.rstrip("/").rsplit("/", 1)[1]) == sub.pk
    assert url in email.body and url in html_of(email)
    with pytest.raises(signing.BadSignature):
        subscription_for_token(url.rstrip("/").rsplit("/", 1)[1][:-2] + "xx")


def test_it_is_addressed_to_the_subscriber_from_the_default_sender(message, settings):
    email, _, _ = message
    assert email.to == ["ana@example.com"]
    assert email.from_email == settings.DEFAULT_FROM_EMAIL
    assert email.extra_headers["Message-ID"].endswith("@chipwatch.example>")


def test_claims_beyond_the_few_shown_are_counted_and_linked(settings):
    settings.SITE_URL = "https://chipwatch.example"
    vendor = VendorFactory(slug="amd", name="AMD")
    for _ in range(CLAIMS_PER_VENDOR + 2):
        claim_at(vendor=vendor)
    sub = subscriber()
    email = render_digest(sub, build_digest(sub, period_for("daily", NOW)))
    assert email.subject.startswith(f"ChipWatch daily digest: {CLAIMS_PER_VENDOR + 2} new claims")
    assert "… and 2 more new claims about AMD" in html_of(email)
    assert "… and 2 more: https://chipwatch.example/vendors/amd/" in email.body


def test_confidence_reads_in_percent_like_on_the_pages(message):
    email, _, _ = message
    assert "confidence 80 %" in email.body and "confidence 80 %" in html_of(email)
    assert "0.80" not in email.body and "0.80" not in html_of(email)


def test_a_verdict_links_to_the_claim_and_says_who_gave_it_and_why(settings):
    settings.SITE_URL = "https://chipwatch.example"
    editor = get_user_model().objects.create_user("ed", first_name="Edna", last_name="Mode")
    ruled = claim_at(NOW - timedelta(days=40), statement="Made by SMIC")
    ruled.give_verdict("rejected", editor, note="The teardown found a <TSMC> die")
    Claim.objects.filter(pk=ruled.pk).update(reviewed_at=YESTERDAY)
    silent = claim_at(NOW - timedelta(days=40), statement="Ships in May")
    silent.give_verdict("verified", editor)
    Claim.objects.filter(pk=silent.pk).update(reviewed_at=YESTERDAY)
    sub = subscriber()
    email = render_digest(sub, build_digest(sub, period_for("daily", NOW)))
    html = html_of(email)
    assert f'href="https://chipwatch.example/claims/{ruled.pk}/"' in html
    assert "Rejected by Edna Mode on 28 Nov 2026" in html
    assert "“The teardown found a &lt;TSMC&gt; die”" in html
    assert "Verified by Edna Mode on 28 Nov 2026 (no reason given)" in html
    assert 'by Edna Mode on 28 Nov 2026: "The teardown found a <TSMC> die"' in email.body
    assert f"https://chipwatch.example/claims/{ruled.pk}/" in email.body
