"""The learned claim filter (issue 10): its features, how it scores and drops candidate
claims, how `make train` fits it (deterministically) and picks its threshold, and what
the committed model records on every claim."""

from __future__ import annotations

import json

import pytest

from chips.claims import EXTRACTOR_VERSION
from chips.learning import train
from chips.learning.claim_filter import MODEL_PATH, ClaimFilter, extractor_version, load_filter
from chips.learning.features import article_features
from tests.chips.conftest import seed_catalogue

CATALOGUE = seed_catalogue()


def model(weights: dict[str, float], threshold: float) -> ClaimFilter:
    return ClaimFilter.from_json(json.dumps({"weights": weights, "threshold": threshold}))


# --- Features -----------------------------------------------------------------------------


def test_features_say_whether_the_claims_chip_and_vendor_are_named_in_its_sentence(extractor):
    claims = extractor.extract("Chip news", "Huawei's Ascend 910C is made by SMIC.", 0.7)
    (features,) = article_features(claims, CATALOGUE)
    assert features["bias"] == 1.0 and features["topic=manufacturing"] == 1.0
    assert features["chip_named"] == 1.0 and "vendor_not_named" not in features
    assert features["value_kind=vendor"] == 1.0 and features["value_in_sentence"] == 1.0
    assert any(name.startswith("cue=manufacturing:") for name in features)
    assert any(name.startswith("ng:") for name in features)


def test_features_count_the_claims_one_sentence_yields(extractor):
    text = "Huawei and Cambricon have their chips made by SMIC."
    claims = extractor.extract("Chip news", text, 0.7)
    assert len(claims) == 2
    for features in article_features(claims, CATALOGUE):
        assert features["siblings=2"] == 1.0 and features["same_topic=2"] == 1.0


def test_features_read_whether_the_sentence_is_a_claim_at_all(extractor):
    # Who says it, how sure, when: the shape of the sentence and of the claim's clause.
    text = "If the deal closes, Huawei could have its Ascend 910C made by SMIC, analysts said."
    claims = extractor.extract("Chip news", text, 0.7)
    assert claims
    features = article_features(claims, CATALOGUE)[0]
    for shape in ("attributed", "analyst_view", "conditional", "modal"):
        assert features[f"s:{shape}"] == 1.0
    assert "s:question" not in features and "s:background_year" not in features
    assert features["vendor_named_first"] == 1.0
    assert any(name.startswith("clause_words=") for name in features)
    (plain,) = article_features(
        extractor.extract("Chip news", "Huawei's Ascend 910C is made by SMIC.", 0.7), CATALOGUE
    )
    assert not any(name.startswith("s:") and name != "s:number" for name in plain)


def test_questions_background_and_generic_talk_have_features_of_their_own():
    from chips.learning.features import _shape_features

    assert "s:question" in _shape_features("Will Huawei ship the Ascend 910C?", "s:")
    assert "s:background_year" in _shape_features("Founded in 2016, Cambricon sells chips.", "s:")
    assert "s:generic_subject" in _shape_features("Chinese companies buy local chips.", "s:")
    assert "s:quote_opens" in _shape_features('"It ships," she said.', "s:")


@pytest.mark.parametrize(
    "text",
    [
        "ACCORDING TO People Familiar With The Matter, Huawei WILL ship in 2026.",
        "Analysts Said the H20 Could Cost $12,000 (Not 10 Percent More) Than Rivals.",
        "Chipmakers And Beijing: IF it ships, We Expect Reporting By Reuters.",
        "U.S. Rules bar Nvidia's H20; ALL RIGHTS RESERVED. Click to Subscribe!",
        "Reportedly, the firm DIDN'T say whether it Plans To list.",
        # Unicode keeps IGNORECASE: the long s and the Kelvin sign match s and k.
        "The ſtatement, filed at 300 \u212a, was ſaid to be Unconfirmed.",
        "华为 said the Ascend 910C is made by SMIC, Reuters REPORTED.",
    ],
)
def test_shape_features_find_what_the_case_blind_expressions_find(text):
    from chips.learning.features import _SHAPES, _shape_features

    found = {name for name, pattern in _SHAPES if pattern.search(text)}
    assert {k[2:] for k in _shape_features(text, "s:")} - {"question", "quoted"} == found


def test_features_are_the_same_on_every_run(extractor):
    text = "Nvidia's H20 was banned from sale to China, the company said."
    claims = extractor.extract("Chip news", text, 0.7)
    assert article_features(claims, CATALOGUE) == article_features(claims, CATALOGUE)


# --- Scoring and dropping -----------------------------------------------------------------


def test_the_filter_drops_claims_below_its_threshold_and_records_the_score_of_the_rest(
    extractor,
):
    text = "Huawei's Ascend 910C is made by SMIC. Cambricon's chips are made by TSMC."
    claims = extractor.extract("Chip news", text, 0.7)
    assert {c.chip for c in claims} == {"ascend-910c", None}
    # A model that trusts only claims naming their chip.
    kept = model({"bias": -2.0, "has_chip": 4.0}, 0.5).keep(claims, CATALOGUE)
    assert [c.chip for c in kept] == ["ascend-910c"]
    assert kept[0].basis["filter_score"] == pytest.approx(0.881, abs=0.001)
    assert kept[0].basis["filter_threshold"] == 0.5


def test_the_filters_version_is_the_short_hash_of_its_json():
    one = model({"bias": 1.0}, 0.5)
    other = model({"bias": 1.0}, 0.6)
    assert one.version.startswith("filter-") and len(one.version) == len("filter-") + 8
    assert one.version != other.version


def test_the_committed_model_is_recorded_in_the_extractor_version():
    committed = load_filter()
    assert committed is not None
    assert extractor_version() == f"{EXTRACTOR_VERSION}+{committed.version}"
    assert len(extractor_version()) <= 40  # Claim.extractor_version's width
    data = json.loads(MODEL_PATH.read_text())
    assert "blind" not in data["trained_on"]
    assert set(data["untuned_sets"]) <= set(data["trained_on"])
    assert 0 <= data["threshold"] < 1


# --- Training -----------------------------------------------------------------------------

ROWS = [
    {"bias": 1.0, "chip_named": 1.0},
    {"bias": 1.0, "chip_named": 1.0, "hedged": 1.0},
    {"bias": 1.0, "vendor_not_named": 1.0},
    {"bias": 1.0, "vendor_not_named": 1.0, "hedged": 1.0},
]
TARGETS = [True, True, False, False]


def test_training_learns_which_features_mark_right_claims():
    weights = train.fit(ROWS, TARGETS, l2=0.01, iterations=200)
    assert weights["chip_named"] > 0 > weights["vendor_not_named"]
    assert abs(weights.get("hedged", 0.0)) < 0.05  # on both sides: no evidence
    assert train.predict(weights, ROWS[0]) > 0.8 > 0.2 > train.predict(weights, ROWS[2])


def test_training_weighs_each_row_by_its_sample_weight():
    # The same features, right once and wrong once: whichever counts more wins.
    rows, targets = [{"bias": 1.0, "hedged": 1.0}] * 2, [True, False]
    trusted = train.fit(rows, targets, iterations=100, sample_weights=[3.0, 1.0])
    doubted = train.fit(rows, targets, iterations=100, sample_weights=[1.0, 3.0])
    assert trusted["hedged"] > 0 > doubted["hedged"]
    assert train.fit(rows, targets, iterations=100) == train.fit(
        rows, targets, iterations=100, sample_weights=[1.0, 1.0]
    )


def test_the_sets_labelled_blind_to_the_rules_weigh_more():
    assert set(train.UNTUNED_SETS) <= set(train.TRAINING_SETS)
    assert train.set_weight("tuning5") == train.UNTUNED_WEIGHT > train.set_weight("devset") == 1.0


def test_training_is_deterministic_whatever_the_order_of_a_rows_features():
    shuffled = [dict(reversed(list(row.items()))) for row in ROWS]
    first = train.fit(ROWS, TARGETS, l2=0.01, iterations=50)
    assert train.fit(shuffled, TARGETS, l2=0.01, iterations=50) == first
    assert train.dump({"weights": first}) == train.dump({"weights": dict(first)})


def candidate(right: bool, hits: set[int], score: float) -> tuple[train.Candidate, float]:
    return train.Candidate({"bias": 1.0}, right, frozenset(hits)), score


def test_figures_count_as_the_scorer_does_with_doubtful_claims_dropped():
    pairs = [candidate(True, {0}, 0.9), candidate(False, set(), 0.2), candidate(False, {1}, 0.3)]
    article = train.LabelledArticle("tuning", "a", labels=3, candidates=[c for c, _ in pairs])
    scores = {id(c): s for c, s in pairs}
    everything = train.figures([article], scores, 0.0)
    assert (everything.right, everything.stored, everything.found) == (1, 3, 2)
    # Dropping the wrong claim that still finds label 1 costs strict recall.
    strict = train.figures([article], scores, 0.5)
    assert (strict.right, strict.stored, strict.found, strict.labels) == (1, 1, 1, 3)


def test_the_threshold_gains_precision_without_losing_more_recall_than_allowed():
    articles, scores = [], {}
    for index in range(40):
        # Every article: a right claim (0.9), a harmless wrong one (0.25) and, in one
        # article of four, a wrong claim that still finds its label (0.45).
        pairs = [candidate(True, {0}, 0.9), candidate(False, set(), 0.25)]
        if index % 4 == 0:
            pairs.append(candidate(False, {1}, 0.45))
        labels = 2 if index % 4 == 0 else 1
        articles.append(train.LabelledArticle("s", str(index), labels, [c for c, _ in pairs]))
        scores.update({id(c): s for c, s in pairs})
    # Above 0.45 recall falls from 50/50 to 40/50 (0.2 > MAX_RECALL_DROP): stop at 0.26.
    assert train.choose_threshold(articles, [scores]) == 0.26


def test_no_threshold_when_dropping_costs_more_recall_than_it_gains_precision():
    # 60 articles of one right claim, one confidently wrong claim (kept whatever the
    # threshold), and one doubtful wrong claim that alone finds its article's label.
    pairs = [candidate(True, {0}, 0.9) for _ in range(60)]
    pairs += [candidate(False, set(), 0.95), candidate(False, {0}, 0.4)]
    articles = [train.LabelledArticle("s", str(i), 1, [c]) for i, (c, _) in enumerate(pairs[:60])]
    articles.append(train.LabelledArticle("s", "x", 1, [c for c, _ in pairs[60:]]))
    scores = {id(c): s for c, s in pairs}
    # Dropping it: precision 60/62 -> 60/61 (+0.016), recall 61/61 -> 60/61 (-0.016):
    # within MAX_RECALL_DROP, but the trade does not pay, so every claim is kept.
    dropped = train.figures(articles, scores, 0.5)
    assert (dropped.stored, dropped.found) == (61, 60)
    assert train.MAX_RECALL_DROP >= 1 / 61
    assert train.choose_threshold(articles, [scores]) == 0.0
    # Asked for the best precision within MAX_RECALL_DROP whatever it costs, it drops it.
    assert train.choose_threshold(articles, [scores], precision_per_recall=0) == 0.41


def test_the_threshold_must_pay_under_every_cross_validation_scheme():
    pairs = [candidate(True, {0}, 0.9) for _ in range(40)]
    pairs += [candidate(False, set(), 0.3), candidate(False, {0}, 0.95)]
    articles = [train.LabelledArticle("s", str(i), 1, [c]) for i, (c, _) in enumerate(pairs[:40])]
    articles.append(train.LabelledArticle("s", "x", 1, [c for c, _ in pairs[40:]]))
    pays = {id(c): s for c, s in pairs}  # drops the harmless wrong claim only
    costs = pays | {id(pairs[0][0]): 0.3}  # also drops a right claim that finds its label
    assert train.choose_threshold(articles, [pays]) == 0.31
    assert train.choose_threshold(articles, [pays, costs]) == 0.0


def test_the_blind_set_is_never_trained_on(db):
    with pytest.raises(ValueError, match="blind"):
        train.labelled_articles(["blind"])


# --- In the pipeline ----------------------------------------------------------------------


@pytest.fixture
def trusts_only_named_chips(monkeypatch):
    """Analysis under a filter that keeps only claims naming their chip."""
    from chips.learning import claim_filter

    strict = model({"bias": -2.0, "has_chip": 4.0}, 0.5)
    monkeypatch.setattr(claim_filter, "load_filter", lambda path=MODEL_PATH: strict)
    return strict


def test_analysis_stores_only_the_claims_the_filter_keeps_with_its_version(
    seeded, trusts_only_named_chips
):
    from chips.analysis import analyze_article, reanalyze
    from chips.models import Claim
    from tests.factories import ArticleFactory

    text = "Huawei's Ascend 910C is made by SMIC. Cambricon's chips are made by TSMC."
    article = ArticleFactory(title="Chip news", text=text)
    analyze_article(article.pk)
    claims = Claim.objects.filter(article=article)
    assert [(c.vendor.slug, c.value) for c in claims] == [("huawei", "SMIC")]
    (kept,) = claims
    assert kept.extractor_version == f"{EXTRACTOR_VERSION}+{trusts_only_named_chips.version}"
    assert kept.confidence_basis["filter_score"] == pytest.approx(0.881, abs=0.001)
    # Idempotent under the filter: analysing again changes nothing.
    before = list(claims.values())
    result = reanalyze([article.pk])
    assert (result.claims_created, result.claims_updated, result.claims_removed) == (0, 0, 0)
    assert list(Claim.objects.filter(article=article).values()) == before
