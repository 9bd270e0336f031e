"""The scorer's rules (tests/chips/devset/scoring.py), each on tiny hand-made records.

Claims and conflicts are shaped like `manage.py export claims|conflicts` lines; labels
and expected pairs like a labelled set's JSON.
"""

from __future__ import annotations

import pytest

from tests.chips.devset import scoring

QUOTE = "The chips are made by SMIC on its 7nm process, the company said"


def label(**fields):
    return {
        "vendor": "huawei",
        "chip": "ascend-910c",
        "topic": "manufacturing",
        "polarity": "affirm",
        "value": "SMIC",
        "quote": QUOTE,
        "origin": None,
    } | fields


def claim(id=1, **fields):
    return label(**fields) | {"id": id, "confidence": 0.7, "status": "unverified"}


# ---------------------------------------------------------------------------------------
# One claim against one label


def test_a_claim_agreeing_in_every_field_is_fully_right():
    assert scoring.is_fully_right(claim(), label())


@pytest.mark.parametrize(
    "field, wrong",
    [
        ("vendor", "smic"),
        ("topic", "supply_chain"),
        ("polarity", "deny"),
        ("value", "TSMC"),
        ("chip", "ascend-910b"),
    ],
)
def test_any_wrong_field_makes_a_claim_wrong(field, wrong):
    assert not scoring.is_fully_right(claim(**{field: wrong}), label())


def test_a_null_chip_matches_only_a_null_chip():
    assert not scoring.is_fully_right(claim(chip=None), label())
    assert not scoring.is_fully_right(claim(), label(chip=None))
    assert scoring.is_fully_right(claim(chip=None), label(chip=None))


def test_closed_values_compare_exactly_but_ignore_case():
    assert scoring.is_fully_right(claim(value="smic"), label(value="SMIC"))
    assert not scoring.is_fully_right(claim(value="SMIC N+2"), label(value="SMIC"))
    assert not scoring.is_fully_right(claim(value=None), label(value="SMIC"))


@pytest.mark.parametrize("topic", ["business", "performance", "development"])
def test_free_text_values_need_only_be_non_contradictory(topic):
    def agree(predicted, labelled):
        return scoring.is_fully_right(
            claim(topic=topic, value=predicted), label(topic=topic, value=labelled)
        )

    assert agree("$5.5 billion", "$5.5 billion charge")  # one contains the other
    assert agree("charge of 5.5bn dollars", "$5.5 billion charge")  # a shared number
    assert agree("100000 units", "100,000 units")  # thousands separators don't matter
    assert agree(None, "$5.5 billion charge")  # nothing said contradicts nothing
    assert not agree("$4.5 billion", "$5.5 billion charge")
    assert not agree("Ascend 970 in 2028", "Ascend 960 in 2027")


def test_origin_is_not_part_of_being_right():
    assert scoring.is_fully_right(claim(origin="Reuters"), label(origin="Huawei"))


# ---------------------------------------------------------------------------------------
# Quotes


def test_quotes_overlap_when_one_contains_the_other():
    assert scoring.quotes_overlap(QUOTE, "made by SMIC on its 7nm process")
    assert scoring.quotes_overlap("made by SMIC", QUOTE)


def test_whitespace_case_and_quote_marks_do_not_matter():
    assert scoring.quotes_overlap(
        "Huawei’s  chips are\n“home-grown”", 'huawei\'s chips are "home-grown", it said'
    )


def test_quotes_sharing_most_of_their_words_overlap():
    # The extractor split the sentence elsewhere than the labeller did.
    assert scoring.quotes_overlap(
        "The chips are made by SMIC on its 7nm process",
        "SMIC makes the chips on its 7nm process, the company said",
    )
    assert not scoring.quotes_overlap(
        "The chips are made by SMIC on its 7nm process",
        "TSMC halted shipments to the company in 2020",
    )


def test_a_headline_is_not_the_long_first_sentence_that_repeats_its_words():
    headline = "U.S. curbs H20 chip sales to China"
    lead = (
        "Nvidia said it would take a charge of $5.5 billion after the U.S. told it that "
        "sales of its H20 chip to China need a licence, as Washington curbs chip sales"
    )
    assert not scoring.quotes_overlap(headline, lead)


def test_chinese_quotes_overlap_character_by_character():
    assert scoring.quotes_overlap(
        "昇腾910C目前由中芯国际代工", "上述人士称，昇腾910C由中芯国际代工"
    )


def test_an_empty_quote_overlaps_nothing():
    assert not scoring.quotes_overlap("", QUOTE)


def test_a_claim_on_another_sentence_is_wrong_even_with_the_right_fields():
    assert not scoring.is_fully_right(claim(quote="Huawei declined to comment."), label())


# ---------------------------------------------------------------------------------------
# Strict recall and origins


def test_strict_recall_needs_vendor_topic_polarity_and_quote_but_not_chip_or_value():
    assert scoring.is_strict_hit(claim(chip=None, value="TSMC"), label())
    assert not scoring.is_strict_hit(claim(polarity="deny"), label())
    assert not scoring.is_strict_hit(claim(vendor="smic"), label())


@pytest.mark.parametrize(
    "predicted, labelled, agree",
    [
        ("The Wall Street Journal", "Wall Street Journal", True),
        ("Nvidia Corp.", "Nvidia", True),
        ("Semiconductor Co., Ltd", "semiconductor", True),
        ("SK Hynix Inc", "SK hynix", True),
        (None, None, True),
        (None, "TechInsights", False),
        ("Reuters", "Nvidia", False),
    ],
)
def test_origins_compare_without_case_articles_or_company_suffixes(predicted, labelled, agree):
    assert scoring.origins_agree(predicted, labelled) is agree


def test_score_claims_counts_precision_recall_and_origin_per_article():
    labels = {
        "ft": [label(origin="Huawei"), label(topic="workload", value="training")],
        "wsj": [label(value="TSMC", quote="TSMC made the dies, TechInsights found")],
    }
    claims = {
        "ft": [claim(1, origin="Huawei"), claim(2, topic="memory", value="HBM2E")],
        # Right fields, but the claim belongs to another article's label.
        "wsj": [claim(3, origin=None)],
    }
    score = scoring.score_claims(labels, claims)
    assert (score.precision.hits, score.precision.total) == (1, 3)
    assert (score.recall.hits, score.recall.total) == (1, 3)
    assert (score.origins.hits, score.origins.total) == (1, 1)
    assert score.by_topic["manufacturing"].precision.ratio == 0.5
    assert score.by_topic["memory"].precision.ratio == 0.0
    assert score.by_topic["workload"].recall.ratio == 0.0
    kinds = sorted((m.kind, m.article) for m in score.misses)
    assert kinds == [
        ("missed", "ft"),
        ("missed", "wsj"),
        ("spurious", "ft"),
        ("spurious", "wsj"),
    ]


def test_a_spurious_claim_says_what_its_sentences_label_has_instead():
    score = scoring.score_claims(
        {"ft": [label()]}, {"ft": [claim(chip=None, value="TSMC"), claim(2, topic="memory")]}
    )
    whats = sorted(m.what for m in score.misses if m.kind == "spurious")
    assert whats == [
        "huawei None manufacturing affirm 'TSMC' [labelled chip 'ascend-910c', value 'SMIC']",
        "huawei ascend-910c memory affirm 'SMIC'",
    ]


def test_a_wrong_origin_on_a_right_claim_is_listed():
    score = scoring.score_claims(
        {"bb": [label(origin="TechInsights")]}, {"bb": [claim(origin=None)]}
    )
    assert score.precision.ratio == 1.0 and score.origins.ratio == 0.0
    assert [m.kind for m in score.misses] == ["origin"]


def test_labels_without_an_origin_field_are_left_out_of_origin_accuracy():
    unlabelled = {k: v for k, v in label().items() if k != "origin"}
    score = scoring.score_claims({"a": [unlabelled]}, {"a": [claim(origin="Reuters")]})
    assert score.origins.total == 0


# ---------------------------------------------------------------------------------------
# Conflicts


LABELS = {
    "ft": [label(value="SMIC")],
    "bloomberg": [label(value="TSMC", quote="TechInsights found a TSMC die")],
    "gt": [label(value="TSMC", polarity="deny", quote="It is not made by TSMC")],
}
CLAIMS = {
    "ft": [claim(1, value="SMIC")],
    "bloomberg": [claim(2, value="TSMC", quote="TechInsights found a TSMC die")],
    "gt": [claim(3, value="TSMC", polarity="deny", quote="It is not made by TSMC")],
}
PAIRS = [
    {"a": ["ft", 0], "b": ["bloomberg", 0], "why": "SMIC vs TSMC"},
    {"a": ["bloomberg", 0], "b": ["gt", 0], "why": "TSMC affirmed and denied"},
]


def dispute(id, side_a, side_b):
    return {
        "id": id,
        "claim_a": side_a[0] if side_a else None,
        "claim_b": side_b[0] if side_b else None,
        "side_a": side_a,
        "side_b": side_b,
        "vendor": "huawei",
        "chip": "ascend-910c",
        "topic": "manufacturing",
    }


def test_a_dispute_is_real_when_an_expected_pair_has_a_claim_on_each_side():
    score = scoring.score_conflicts(LABELS, CLAIMS, [dispute(7, [1, 3], [2])], PAIRS)
    assert (score.conflicts_real.hits, score.conflicts_real.total) == (1, 1)
    assert (score.contradictions_found.hits, score.contradictions_found.total) == (2, 2)


def test_a_dispute_with_both_ends_of_a_pair_on_one_side_is_not_real():
    score = scoring.score_conflicts(LABELS, CLAIMS, [dispute(7, [1, 2], [3])], PAIRS)
    assert score.contradictions_found.hits == 1  # bloomberg vs gt only
    score = scoring.score_conflicts(LABELS, CLAIMS, [dispute(8, [1, 2], [])], PAIRS)
    assert score.conflicts_real.ratio == 0.0 and score.contradictions_found.hits == 0


def test_pairs_export_format_uses_claim_a_and_claim_b():
    pair = {"id": 5, "claim_a": 2, "claim_b": 1, "vendor": "huawei", "topic": "manufacturing"}
    score = scoring.score_conflicts(LABELS, CLAIMS, [pair], PAIRS)
    assert score.conflicts_real.ratio == 1.0
    assert score.contradictions_found.hits == 1


def test_a_conflict_between_claims_that_are_not_fully_right_is_not_real():
    claims = CLAIMS | {"ft": [claim(1, value="SMIC", chip=None)]}  # chipless: wrong
    score = scoring.score_conflicts(LABELS, claims, [dispute(7, [1], [2])], PAIRS)
    assert score.conflicts_real.ratio == 0.0
    assert [m.kind for m in score.misses].count("conflict") == 2
    assert any(m.kind == "spurious" and "conflict 7" in m.what for m in score.misses)


def test_conflicts_holding_no_claim_of_the_set_are_ignored():
    score = scoring.score_conflicts(LABELS, CLAIMS, [dispute(9, [100], [101])], PAIRS)
    assert score.conflicts_real.total == 0


def test_pairs_about_one_question_count_once_among_questions():
    labels = LABELS | {"reuters": [label(value="TSMC", quote="Reuters: TSMC made it")]}
    pairs = [*PAIRS, {"a": ["ft", 0], "b": ["reuters", 0], "why": "SMIC vs TSMC again"}]
    score = scoring.score_conflicts(labels, CLAIMS, [dispute(7, [1], [2])], pairs)
    # Questions: SMIC vs TSMC (two pairs, one found), TSMC affirmed vs denied (not found).
    assert (score.questions_found.hits, score.questions_found.total) == (1, 2)
    assert (score.contradictions_found.hits, score.contradictions_found.total) == (1, 3)


# ---------------------------------------------------------------------------------------
# Tagging and the empty case


def test_tagging_counts_tags_against_labelled_slugs():
    score = scoring.score_tagging(
        {"a": {"vendors": ["huawei", "smic"], "chips": ["ascend-910c"]}},
        {"a": {"vendors": ["huawei", "samsung"], "chips": ["ascend-910c"]}},
    )
    assert (score.vendors.precision.hits, score.vendors.precision.total) == (1, 2)
    assert (score.vendors.recall.hits, score.vendors.recall.total) == (1, 2)
    assert score.chips.precision.ratio == score.chips.recall.ratio == 1.0
    assert sorted(m.what for m in score.misses) == ["vendor tag samsung", "vendor tag smic"]


def test_an_empty_tally_reads_as_one_and_prints_its_counts():
    assert scoring.Tally().ratio == 1.0 and str(scoring.Tally()) == "n/a (0/0)"
    tally = scoring.Tally()
    for hit in (True, False, True):
        tally.add(hit)
    assert str(tally) == "0.67 (2/3)"


# ---------------------------------------------------------------------------------------
# Why a wrong claim is wrong (aggregated per set by bench/claims.py)


@pytest.mark.parametrize(
    "fields, cause",
    [
        ({"chip": "ascend-910b"}, "chip"),
        ({"value": "TSMC"}, "value"),
        ({"chip": None, "value": "TSMC"}, "chip and value"),
        ({"polarity": "deny"}, "polarity"),
        ({"topic": "supply_chain"}, "topic"),
        ({"vendor": "smic"}, "vendor"),
        (
            {"quote": "Nvidia reported record revenue for its data-centre unit"},
            "unlabelled sentence",
        ),
    ],
)
def test_a_wrong_claim_is_put_down_to_what_its_nearest_label_says_differently(fields, cause):
    assert scoring.wrong_cause(claim(**fields), [label()]) == cause


def test_the_set_score_counts_wrong_claims_by_cause_and_not_right_ones():
    score = scoring.score_claims(
        {"a": [label()]},
        {"a": [claim(1), claim(2, chip="ascend-910b"), claim(3, vendor="smic")]},
    )
    assert dict(score.wrong_causes) == {"chip": 1, "vendor": 1}


def test_a_claim_wrong_only_in_its_topic_is_counted_as_a_confusion_of_the_two_topics():
    score = scoring.score_claims(
        {"a": [label()]}, {"a": [claim(1, topic="supply_chain", value=None)]}
    )
    assert dict(score.topic_confusions) == {("supply_chain", "manufacturing"): 1}
