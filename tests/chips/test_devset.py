"""The pipeline on the labelled development set (figures printed by bench/claims.py).

Scored through the export contract by tests/chips/devset/scoring.py (precision: stored
claims fully right; strict recall: labels found). The floors pinned here sit a little
under today's figures, so a rule change that loses quality fails here and shows in
`make bench` by how much.
"""

from __future__ import annotations

import json

import pytest

from chips import seeding
from chips.models import Conflict
from tests.chips import devset

pytestmark = pytest.mark.django_db


@pytest.fixture
def report_and_pks(db):
    seeding.load_vendors(json.loads((devset.REPO / "seeds" / "vendors.json").read_text()))
    seeding.load_chips(json.loads((devset.REPO / "seeds" / "chips.json").read_text()))
    articles = devset.load_articles()
    pks = devset.ingest(articles)
    return devset.evaluate(articles, pks), pks


def test_the_devset_has_the_seed_article_and_at_least_fifteen_more():
    articles = devset.load_articles()
    assert len(articles) >= 16 and "seed" in {a["id"] for a in articles}
    for article in articles:
        for label in article["expected"]["claims"]:
            assert " ".join(label["quote"].split()) in " ".join(
                f"{article['title']}\n{article['text']}".split()
            ), label


def test_tagging_finds_the_labelled_vendors_and_chips(report_and_pks):
    report, _ = report_and_pks
    for tagging in (report.vendors, report.chips):
        assert tagging.precision.ratio >= 0.95 and tagging.recall.ratio >= 0.95, report.misses


def test_claims_reach_the_quality_floor(report_and_pks):
    report, _ = report_and_pks
    assert report.recall.ratio >= 0.88, report.misses
    assert report.precision.ratio >= 0.72, report.misses


def test_conflicts_reach_the_recall_floor(report_and_pks):
    report, _ = report_and_pks
    assert report.contradictions_found.ratio >= 0.75, report.misses


def test_a_syndicated_copy_never_conflicts_with_its_original(report_and_pks):
    _, pks = report_and_pks
    story = {pks["ft-h20-resume"], pks["syndicated-h20-resume"]}
    assert not [
        c
        for c in Conflict.objects.prefetch_related("memberships__claim")
        if {m.claim.article_id for m in c.memberships.all()} <= story
    ]
