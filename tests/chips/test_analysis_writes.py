"""How an analysis writes (issue 13): new claims and their history in plain statements, the
catalogue read again only when it changed, rows the database already holds left alone."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from chips import analysis, rows
from chips.analysis import analyze_article
from chips.conflicts import join
from chips.models import Chip, ChipMention, Claim, ConflictClaim, Vendor
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

TEXT = (
    "Huawei's Ascend 910C is manufactured by SMIC on its N+2 process, the company said.\n\n"
    "Huawei began mass production of the Ascend 910C this quarter."
)


def test_each_new_claim_has_one_creation_record_with_its_values(seeded):
    article = ArticleFactory(text=TEXT)
    analyze_article(article.pk)
    claims = list(Claim.objects.filter(article=article))
    assert claims
    for claim in claims:
        (record,) = claim.history.all()
        assert record.history_type == "+"
        assert (record.id, record.fingerprint, record.quote, record.confidence_basis) == (
            claim.pk,
            claim.fingerprint,
            claim.quote,
            claim.confidence_basis,
        )
        assert record.history_user_id is None
        assert claim.created_at == claim.updated_at == record.history_date
    # Stored as the ORM stores them: read back equal, JSON and dates included.
    again = Claim.objects.get(pk=claims[0].pk)
    assert again.claimed_at == article.published_at
    assert isinstance(again.confidence_basis, dict)


def test_a_second_analysis_writes_no_history(seeded):
    article = ArticleFactory(text=TEXT)
    analyze_article(article.pk)
    records = Claim.history.filter(article=article).count()
    analyze_article(article.pk)
    assert Claim.history.filter(article=article).count() == records


def catalogue_reads(captured: CaptureQueriesContext) -> list[str]:
    return [
        q["sql"]
        for q in captured.captured_queries
        if ('FROM "chips_vendor"' in q["sql"] or 'FROM "chips_chip"' in q["sql"])
        and "COUNT(*)" not in q["sql"]
    ]


def test_an_unchanged_catalogue_is_not_read_again(seeded):
    analyze_article(ArticleFactory(text=TEXT).pk)
    with CaptureQueriesContext(connection) as captured:
        analyze_article(ArticleFactory(text=TEXT).pk)
    assert catalogue_reads(captured) == []


def test_a_chip_saved_since_the_last_analysis_is_found(seeded):
    analyze_article(ArticleFactory(text=TEXT).pk)
    chip = Chip.objects.get(slug="ascend-910c")
    chip.aliases = [*chip.aliases, "Lotus 77"]
    chip.save()  # a save in any process moves the catalogue's stamp
    article = ArticleFactory(text="Huawei's Lotus 77 is manufactured by SMIC, the company said.")
    analyze_article(article.pk)
    assert ChipMention.objects.filter(article=article, chip=chip).exists()


def test_a_change_that_moves_no_stamp_is_found_after_the_ttl(seeded, monkeypatch):
    analyze_article(ArticleFactory(text=TEXT).pk)
    chip = Chip.objects.get(slug="ascend-910c")
    Chip.objects.filter(pk=chip.pk).update(aliases=[*chip.aliases, "Lotus 77"])
    monkeypatch.setattr(analysis, "SNAPSHOT_TTL", -1.0)
    article = ArticleFactory(text="Huawei's Lotus 77 is manufactured by SMIC, the company said.")
    analyze_article(article.pk)
    assert ChipMention.objects.filter(article=article, chip=chip).exists()


def test_a_vendor_deleted_since_is_not_used(seeded):
    analyze_article(ArticleFactory(text=TEXT).pk)
    vendor = Vendor.objects.create(slug="newco", name="Newco")
    assert analysis.snapshot().vendor_ids["newco"] == vendor.pk
    vendor.delete()
    assert "newco" not in analysis.snapshot().vendor_ids


def test_joining_a_dispute_twice_keeps_the_first_membership(seeded):
    from tests.factories import ConflictFactory

    article = ArticleFactory(text=TEXT)
    analyze_article(article.pk)
    claim = Claim.objects.filter(article=article).first()
    conflict = ConflictFactory()
    join([(conflict.pk, claim.pk, "a")])
    ConflictClaim.objects.filter(conflict=conflict).update(prior_status="verified")
    join([(conflict.pk, claim.pk, "b")])
    member = ConflictClaim.objects.get(conflict=conflict, claim=claim)
    assert (member.side, member.prior_status) == ("a", "verified")


def test_rows_insert_takes_no_rows():
    assert rows.insert(Claim, ["topic"], []) == 0


def test_a_new_claim_made_from_the_articles_template_is_the_claim_init_makes():
    from django.db.models import signals
    from django.utils import timezone

    article = ArticleFactory()
    shared = {
        "article": article,
        "extractor_version": "rules-x",
        "method": Claim.Method.AUTOMATIC,
        "claimed_at": timezone.now(),
    }
    own = {"vendor_id": 3, "chip_id": None, "topic": "memory", "value": "HBM3"}
    own |= {"confidence_basis": {"rule": 0.5}, "fingerprint": "abc", "quote": "Q"}
    made = analysis._like(Claim(**shared), **own)
    expected = Claim(**shared, **own)
    assert made.__dict__.keys() == expected.__dict__.keys()
    assert {k: v for k, v in made.__dict__.items() if k != "_state"} == {
        k: v for k, v in expected.__dict__.items() if k != "_state"
    }
    assert made._state.__dict__ == expected._state.__dict__
    assert made.article is article and made._state.adding
    # __init__'s signals are skipped: nothing may listen to them for claims.
    assert not signals.pre_init.has_listeners(Claim)
    assert not signals.post_init.has_listeners(Claim)


def test_rows_insert_stores_every_rows_dates_when_rows_share_some(seeded):
    from datetime import timedelta

    from django.utils import timezone

    article = ArticleFactory(text="Nothing here.")
    vendor = Vendor.objects.first()
    now = timezone.now()
    # Converted once per distinct value: equal dates repeat, another comes between.
    made = [now, now, now + timedelta(seconds=1), now]
    names = [
        "article", "vendor", "topic", "polarity", "value", "statement", "quote", "origin",
        "confidence", "confidence_basis", "headline", "extractor_version", "corroborations",
        "status", "method", "claimed_at", "fingerprint", "created_at", "updated_at",
        "verdict_note", "reviewed_at",
    ]  # fmt: skip
    rows.insert(
        Claim,
        names,
        [
            [
                article.pk,
                vendor.pk,
                "memory",
                "affirm",
                "HBM3",
                "s",
                "q",
                "",
                0.5,
                {},
                False,
                "v",
                1,
                "unverified",
                "auto",
                at,
                f"fp{i}",
                at,
                at,
                "",
                None,
            ]
            for i, at in enumerate(made)
        ],
    )
    stored = Claim.objects.filter(article=article).order_by("fingerprint")
    assert [c.claimed_at for c in stored] == made
    assert [c.updated_at for c in stored] == made
    assert [c.reviewed_at for c in stored] == [None] * 4
