"""Migrations 0015_assertion_summaries and 0016_assertion_outlets: the claims already
stored get their summaries, with their outlets counted."""

from __future__ import annotations

import pytest
from django.utils import timezone

from tests.migrating import apps_before, migrate

BEFORE = [("chips", "0014_fts_triggers_on_text_only")]
AFTER = [("chips", "0016_assertion_outlets")]


@pytest.fixture
def old_apps(transactional_db):
    yield from apps_before(BEFORE)


def test_stored_claims_become_reports_per_article_and_thing_asserted(old_apps):
    Vendor = old_apps.get_model("chips", "Vendor")
    Claim = old_apps.get_model("chips", "Claim")
    Article = old_apps.get_model("newsfeed", "Article")
    huawei = Vendor.objects.create(slug="huawei", name="Huawei")
    original = Article.objects.create(url="https://example.com/1", title="Story")
    copy = Article.objects.create(url="https://example.com/2", title="Copy", duplicate_of=original)

    def claim(article, n: int, value: str, status: str = "unverified") -> None:
        Claim.objects.create(
            article=article,
            vendor=huawei,
            topic="manufacturing",
            value=value,
            statement=f"claim {n}",
            quote=f"sentence {n}",
            confidence=0.5,
            fingerprint=f"fp{n}",
            claimed_at=timezone.now(),
            status=status,
        )

    claim(original, 1, "SMIC")
    claim(original, 2, "smic")
    claim(original, 3, "TSMC", status="rejected")  # takes no part
    claim(copy, 4, "SMIC")

    apps = migrate(AFTER)
    Assertion = apps.get_model("chips", "Assertion")
    Report = apps.get_model("chips", "AssertionReport")
    (assertion,) = Assertion.objects.all()
    assert (assertion.value, assertion.corroborations) == ("SMIC", None)
    # No outlet: one story (the copy is the original's) counted as an outlet-less one.
    assert (assertion.outlets, assertion.sourceless, assertion.mixed) == (0, 1, False)
    assert assertion.key == f"{huawei.pk}/-/manufacturing/affirm/smic"
    rows = {(r.article_id, r.story_id, r.claims) for r in Report.objects.all()}
    assert rows == {(original.pk, original.pk, 2), (copy.pk, original.pk, 1)}
