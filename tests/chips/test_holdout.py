"""The pipeline on the held-out sets (holdout, fresh, tuning; figures by bench/claims.py).

Scored through the export contract (tests/chips/devset/scoring.py). Floors sit a little
under today's figures: a rule or lexicon change that helps the development set by
hurting stories it was not tuned on fails here.
"""

from __future__ import annotations

import json

import pytest

from chips import seeding
from tests.chips import devset

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(db):
    seeding.load_vendors(json.loads((devset.REPO / "seeds" / "vendors.json").read_text()))
    seeding.load_chips(json.loads((devset.REPO / "seeds" / "chips.json").read_text()))
    articles = devset.load_articles(devset.HOLDOUT)
    pks = devset.ingest(articles)
    return devset.evaluate(articles, pks, devset.HOLDOUT)


def test_the_holdout_has_a_dozen_stories_in_two_languages_with_verbatim_quotes():
    articles = devset.load_articles(devset.HOLDOUT)
    assert len(articles) >= 12
    assert any("\u4e00" <= ch <= "\u9fff" for a in articles for ch in a["title"])
    for article in articles:
        text = " ".join(f"{article['title']}\n{article['text']}".split())
        for label in article["expected"]["claims"]:
            assert " ".join(label["quote"].split()) in text, label


def test_holdout_claims_reach_the_quality_floor(report):
    assert report.recall.ratio >= 0.85, report.misses
    assert report.precision.ratio >= 0.76, report.misses


def test_holdout_conflicts_reach_the_recall_floor(report):
    assert report.contradictions_found.ratio >= 0.8, report.misses


def test_holdout_claims_name_the_labelled_origin(report):
    assert report.origins.ratio >= 0.85, report.misses


def test_the_untuned_fresh_set_reaches_its_floor(db):
    seeding.load_vendors(json.loads((devset.REPO / "seeds" / "vendors.json").read_text()))
    seeding.load_chips(json.loads((devset.REPO / "seeds" / "chips.json").read_text()))
    articles = devset.load_articles(devset.FRESH)
    report = devset.evaluate(articles, devset.ingest(articles), devset.FRESH)
    assert report.recall.ratio >= 0.72, report.misses
    assert report.precision.ratio >= 0.65, report.misses


def test_the_tuning_set_does_not_fall_below_todays_figures(db):
    # Floors under the figures of the rules before issue 10's redesign (precision 0.37,
    # strict recall 0.57): the redesign tunes on this set, so raise them as it lands.
    seeding.load_vendors(json.loads((devset.REPO / "seeds" / "vendors.json").read_text()))
    seeding.load_chips(json.loads((devset.REPO / "seeds" / "chips.json").read_text()))
    articles = devset.load_articles(devset.TUNING)
    report = devset.evaluate(articles, devset.ingest(articles), devset.TUNING)
    assert report.recall.ratio >= 0.52, report.misses
    assert report.precision.ratio >= 0.32, report.misses
