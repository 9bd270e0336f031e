"""Automatic extraction on the seed article, against its twelve curated claims."""

from __future__ import annotations

import pytest

from tests.chips import devset


@pytest.fixture(scope="module")
def seed():
    return devset.seed_article()


@pytest.fixture(scope="module")
def extracted(extractor, seed):
    return [
        {
            "vendor": c.vendor,
            "chip": c.chip,
            "topic": c.topic,
            "polarity": c.polarity,
            "value": c.value,
            "quote": c.quote,
            "confidence": c.confidence,
            "origin": c.origin,
        }
        for c in extractor.extract(seed["title"], seed["text"], 0.7)
    ]


def matched(label, extracted):
    """Same vendor, topic and polarity, and the quotes overlap."""
    return [
        claim
        for claim in extracted
        if (claim["vendor"], claim["topic"], claim["polarity"])
        == (label["vendor"], label["topic"], label["polarity"])
        and (label["quote"] in claim["quote"] or claim["quote"] in label["quote"])
    ]


def test_most_of_the_twelve_curated_claims_are_found_with_topic_and_polarity(seed, extracted):
    labels = seed["expected"]["claims"]
    found = [label for label in labels if matched(label, extracted)]
    assert len(labels) == 12
    assert len(found) >= 9, [
        (label["vendor"], label["topic"]) for label in labels if label not in found
    ]


def test_found_claims_carry_the_curated_values(seed, extracted):
    labels = [label for label in seed["expected"]["claims"] if label["topic"] != "performance"]
    for label in labels:
        values = {claim["value"] for claim in matched(label, extracted)}
        if values and label["value"] and label["topic"] != "business":
            assert label["value"] in values


def test_hedged_claims_get_lower_confidence_than_firm_ones(seed, extracted):
    hedged, firm = [], []
    for label in seed["expected"]["claims"]:
        claims = [
            c for c in matched(label, extracted) if (c["value"] or "") == (label["value"] or "")
        ]
        if claims and label["topic"] not in {"performance", "business"}:
            (hedged if label["hedged"] else firm).append(max(c["confidence"] for c in claims))
    assert len(hedged) >= 4 and len(firm) >= 3
    assert max(hedged) < min(firm)


def test_the_wall_street_journal_is_the_origin_of_the_reported_development(seed, extracted):
    development = [c for c in extracted if (c["vendor"], c["topic"]) == ("alibaba", "development")]
    assert {c["origin"] for c in development} == {"The Wall Street Journal"}


def test_team_green_and_rivals_named_in_passing_get_no_claims_of_their_own(extracted):
    assert {c["vendor"] for c in extracted} <= {"alibaba", "huawei", "nvidia", "smic"}
    assert not [c for c in extracted if c["vendor"] in {"cambricon", "metax"}]
