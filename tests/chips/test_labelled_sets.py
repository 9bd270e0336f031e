"""The shared label checks catch the mistakes they exist for (tests/chips/labelled_sets.py)."""

from __future__ import annotations

import copy
from datetime import UTC, datetime
from typing import Any

import pytest

from tests.chips import devset
from tests.chips import labelled_sets as rules

APRIL = datetime(2025, 4, 15, tzinfo=UTC)
AUGUST = datetime(2025, 8, 12, tzinfo=UTC)


def _label(**changes: Any) -> dict[str, Any]:
    label = {
        "vendor": "nvidia",
        "chip": "h20",
        "topic": "export_controls",
        "polarity": "affirm",
        "value": "banned",
        "quote": "Washington barred the H20",
        "origin": None,
        "headline": False,
    }
    return label | changes


def _article(*claims: dict[str, Any]) -> dict[str, Any]:
    return {
        "title": "Nvidia's H20 barred",
        "text": "Washington barred the H20 in April. TSMC makes it on a 4nm process.",
        "expected": {"vendors": ["nvidia"], "chips": ["h20"], "claims": list(claims)},
    }


def _needs_label(text: str, match: str, label: dict[str, Any]) -> None:
    """An article whose text has the class of sentence is refused unlabelled (the message
    naming the convention) and passes with the label."""
    article = {"text": text, "expected": {"claims": []}}
    with pytest.raises(AssertionError, match=match):
        rules.check_conventions(article)
    rules.check_conventions(article | {"expected": {"claims": [label]}})


def test_a_ban_then_a_licence_is_a_change_and_on_one_day_a_contradiction() -> None:
    banned, licensed = _label(), _label(value="licensed")
    assert rules.conflict_kind(banned, licensed, APRIL, AUGUST) == "change"
    assert rules.conflict_kind(banned, licensed, APRIL, APRIL) == "contradiction"


def test_a_value_affirmed_and_denied_is_a_contradiction_whatever_the_dates() -> None:
    backdoor = _label(topic="software", value="backdoor")
    assert rules.conflict_kind(backdoor, backdoor | {"polarity": "deny"}, APRIL, AUGUST) == (
        "contradiction"
    )


def test_processes_and_chipless_labels_do_not_meet_a_chips_foundry() -> None:
    tsmc = _label(topic="manufacturing", value="TSMC")
    assert rules.conflict_kind(tsmc, tsmc | {"value": "4nm"}, APRIL, AUGUST) is None
    assert rules.conflict_kind(tsmc, tsmc | {"value": "SMIC", "chip": None}, APRIL, AUGUST) is None
    assert rules.conflict_kind(tsmc, tsmc | {"value": "SMIC"}, APRIL, AUGUST) == "contradiction"


def test_well_formed_labels_pass() -> None:
    rules.check_labels(
        _article(_label(), _label(topic="manufacturing", value="TSMC", quote="TSMC makes it"))
    )


@pytest.mark.parametrize(
    "changes",
    [
        {"quote": "Washington banned the H20"},  # not in the text
        {"headline": True},  # a body quote labelled as the headline's
        {"topic": "supply_chain", "value": "foreign"},  # supply_chain is chipless
        {"topic": "development", "value": "4nm"},  # development takes no value
        {"topic": "manufacturing", "value": "made in Taiwan"},  # not a foundry or process
        {"chip": "mi308"},  # a chip of another vendor, not among the mentions
    ],
)
def test_mislabelled_claims_are_caught(changes: dict[str, Any]) -> None:
    with pytest.raises(AssertionError):
        rules.check_labels(_article(_label(**changes)))


def test_a_label_given_twice_is_caught() -> None:
    with pytest.raises(AssertionError, match="labelled twice"):
        rules.check_labels(_article(_label(), copy.deepcopy(_label())))


def test_a_missing_or_extra_conflict_pair_is_caught() -> None:
    april = {"id": "april", "published_at": "2025-04-15T00:00:00Z"} | _article(_label())
    august = {"id": "august", "published_at": "2025-08-12T00:00:00Z"} | _article(
        _label(value="licensed")
    )
    pair = {"why": "nvidia h20 export_controls", "a": ["april", 0], "b": ["august", 0]}
    rules.check_conflicts_complete([pair | {"kind": "change"}], [april, august])
    with pytest.raises(AssertionError):
        rules.check_conflicts_complete([], [april, august])
    with pytest.raises(AssertionError):
        rules.check_conflicts_complete([pair | {"kind": "contradiction"}], [april, august])


SET_ARTICLES = [
    (name, article)
    for name in devset.CONVENTION_SETS
    for _, article in rules.load(rules.SEEDS.parent / "tests" / "chips" / name)
]


@pytest.mark.parametrize(
    ("name", "article"), SET_ARTICLES, ids=[f"{n}-{a['id']}" for n, a in SET_ARTICLES]
)
def test_every_set_follows_the_labelling_conventions(name: str, article: dict[str, Any]) -> None:
    rules.check_conventions(article)


def test_conventions_pass_a_well_labelled_article() -> None:
    text = "Huawei's 950PR carries 128GB of its own HBM. It began shipping in March."
    rules.check_conventions(
        {
            "text": text,
            "expected": {
                "claims": [
                    _label(chip="ascend-950pr", topic="memory", value="in-house HBM", quote=text),
                    _label(chip="ascend-950pr", topic="memory", value="128GB", quote=text),
                    _label(topic="availability", value="shipping", quote="began shipping"),
                    _label(topic="development", value=None, quote="plans to ship in Q3"),
                ]
            },
        }
    )


def test_a_catalogue_company_is_the_origin_by_its_catalogue_name() -> None:
    for unit in ["T-Head", "Alibaba Cloud"]:
        with pytest.raises(AssertionError, match="catalogue names"):
            rules.check_conventions(_article(_label(origin=unit)))
    rules.check_conventions(_article(_label(origin="Alibaba")))
    rules.check_conventions(_article(_label(origin="Nvidia")))  # NVIDIA, case aside


def test_an_articles_own_publisher_is_no_origin() -> None:
    note = _article(_label(origin="SemiAnalysis")) | {"source": {"name": "SemiAnalysis"}}
    with pytest.raises(AssertionError, match="publisher"):
        rules.check_conventions(note)
    rules.check_conventions(note | {"source": {"name": "Reuters"}})


@pytest.mark.parametrize("model", ["DeepSeek", "DeepSeek V3.2-Exp", "Qwen3", "GPT-5.2", "Gemini"])
def test_a_model_a_chip_runs_is_named_as_its_maker_spells_it(model: str) -> None:
    rules.check_conventions(_article(_label(topic="software", value=model)))


def test_a_named_customers_plan_is_a_workload() -> None:
    quote = "Anthropic will use up to a million TPUs to train Claude"
    rules.check_conventions(_article(_label(topic="workload", value="training", quote=quote)))


def test_dies_per_package_are_a_performance_label() -> None:
    text = "Its MLU590 joins two compute dies in one package. Cambricon shipped it in May."
    quote = "joins two compute dies in one package"
    _needs_label(
        text,
        "dies per package",
        _label(chip="mlu590", topic="performance", value="two compute dies", quote=quote),
    )


def test_a_pods_size_is_a_performance_label() -> None:
    text = "Each Ironwood superpod links 9,216 chips. Google rents them by the hour."
    quote = "Each Ironwood superpod links 9,216 chips"
    _needs_label(
        text,
        "scale-up domain",
        _label(
            vendor="google",
            chip="ironwood",
            topic="performance",
            value="9,216 chips per pod",
            quote=quote,
        ),
    )


def test_a_stopped_test_is_availability_testing_denied() -> None:
    text = "Regulators told the platforms to stop testing the MI308. AMD declined to comment."
    quote = "told the platforms to stop testing the MI308"
    _needs_label(
        text,
        "stopped test",
        _label(
            vendor="amd",
            chip="mi308",
            topic="availability",
            polarity="deny",
            value="testing",
            quote=quote,
        ),
    )


def test_a_dated_not_before_is_availability_shipping_denied() -> None:
    text = "A broker sees no MI400 volume before 2028. AMD said the part is on schedule."
    _needs_label(
        text,
        "not before",
        _label(
            vendor="amd",
            chip="mi400",
            topic="availability",
            polarity="deny",
            value="shipping",
            quote="no MI400 volume before 2028",
        ),
    )


def test_a_schedule_said_while_denying_a_delay_is_the_stage_affirmed() -> None:
    quote = (
        "AMD dismissed talk that the MI400 had slipped and said it will ship in the third quarter"
    )
    label = _label(vendor="amd", chip="mi400", topic="availability", value="shipping", quote=quote)
    rules.check_conventions(_article(label))


def test_a_report_recalled_only_to_be_doubted_gets_no_label() -> None:
    text = "The dies are TSMC's. That contradicts reports that SMIC made the 910C last year."
    recalled = _label(
        vendor="huawei",
        chip="ascend-910c",
        topic="manufacturing",
        value="SMIC",
        quote="SMIC made the 910C",
    )
    with pytest.raises(AssertionError, match="recalled only to be doubted"):
        rules.check_conventions({"text": text, "expected": {"claims": [recalled]}})
    own = recalled | {"value": "TSMC", "quote": "The dies are TSMC's"}
    rules.check_conventions({"text": text, "expected": {"claims": [own]}})


@pytest.mark.parametrize(
    ("changes", "why"),
    [
        ({"topic": "memory", "value": "HiBL 1.0"}, "memory is a type"),  # a product name
        ({"topic": "memory", "value": "shortage"}, "memory is a type"),
        ({"topic": "availability", "value": "Q3 2026"}, None),  # a date is no stage
        ({"topic": "availability", "value": "shipping", "quote": "plans to ship in Q3"}, "plan"),
        ({"topic": "availability", "value": "shipping", "quote": "will ship next year"}, "plan"),
        ({"topic": "development", "value": "taped out"}, "no value"),
        ({"topic": "business", "value": None}, "says what"),
        ({"topic": "performance", "value": None}, "says what"),
        ({"topic": "supply_chain", "value": "domestic"}, "vendor-level"),
        ({"topic": "manufacturing", "value": "N+2"}, None),  # SMIC's name for its 7nm node
        ({"topic": "memory", "value": "HBM3E", "quote": "carries 96GB of HBM3E"}, "capacity"),
        ({"topic": "software", "value": "runs DeepSeek V3.2-Exp from day one"}, "model"),
        ({"topic": "software", "value": "通义千问"}, "model"),  # Qwen, as its maker spells it
        (
            {"topic": "workload", "value": "training", "quote": "years of experience training"},
            "purpose",
        ),
        (
            {
                "topic": "workload",
                "value": "inference",
                "quote": "customers also serve models on it",
            },
            "purpose",
        ),
        (
            {"topic": "workload", "value": "training", "quote": "its primary training partner"},
            "purpose",
        ),
    ],
)
def test_convention_breaches_are_caught(changes: dict[str, Any], why: str | None) -> None:
    with pytest.raises(AssertionError, match=why):
        rules.check_conventions(_article(_label(**changes)))


def _spoken(text: str, quote: str, origin: str | None) -> dict[str, Any]:
    label = _label(vendor="amd", chip=None, topic="business", value="x", quote=quote, origin=origin)
    return {"text": text, "expected": {"claims": [label]}}


@pytest.mark.parametrize(
    ("text", "quote", "origin"),
    [
        # The officer speaks: the employer is a wrong origin, later "Su said" too.
        ("Chief executive Lisa Su told analysts that AMD won licences.", "AMD won", "AMD"),
        ("CEO Lisa Su spoke first. Su said the MI450 is on track.", "the MI450", "AMD"),
        ("CFO Jean Hu spoke first. Sales rose, she said.", "Sales rose", "AMD"),
        ("Lisa Su, AMD's chief executive, has said the deal is big.", "the deal", "AMD"),
        ('"Orders are firm," AMD spokesperson Ann Lee told Reuters.', "Orders are", "AMD"),
        # Nobody as origin where the person reports the very clause.
        ("President Donald Trump said that AMD may sell the MI308.", "AMD may", None),
    ],
)
def test_a_person_speaking_is_the_origin_not_their_employer(
    text: str, quote: str, origin: str | None
) -> None:
    with pytest.raises(AssertionError, match="speaks"):
        rules.check_conventions(_spoken(text, quote, origin))


@pytest.mark.parametrize(
    ("text", "quote", "origin"),
    [
        ("Chief executive Lisa Su told analysts that AMD won licences.", "AMD won", "Lisa Su"),
        # The company speaks in the sentence too, or an unnamed spokesperson does.
        ("AMD said sales rose, and CEO Lisa Su has said more.", "sales rose", "AMD"),
        ("CEO Lisa Su spoke. A spokesperson said AMD won licences.", "AMD won", "AMD"),
        # The writer's aside after the reported clause is no one's.
        (
            "Sales fell, CEO Lisa Su said in May, after Beijing barred the MI308.",
            "Beijing barred",
            None,
        ),
    ],
)
def test_company_and_writer_statements_keep_their_origin(
    text: str, quote: str, origin: str | None
) -> None:
    rules.check_conventions(_spoken(text, quote, origin))


def test_the_first_tuning_sets_conflict_pairs_point_at_the_labels_they_name() -> None:
    # conflicts.json names labels by their index in the article: a label inserted before
    # them (not appended) moves them, and the bench then scores pairs of the wrong labels.
    articles = rules.load(devset.TUNING)
    conflicts = rules.load_conflicts(devset.TUNING)
    rules.check_listed_conflicts(conflicts, {a["id"]: a for _, a in articles})
    rules.check_conflicts_complete(conflicts, [a for _, a in articles])


def test_a_node_label_is_a_size_the_story_writes() -> None:
    text = "Huawei's 910C is made by SMIC on N+2. The 950PR is made on a 5nm-class process."
    named = _label(vendor="huawei", chip="ascend-910c", topic="manufacturing", value="7nm")
    with pytest.raises(AssertionError, match="a size the story writes"):
        rules.check_conventions({"text": text, "expected": {"claims": [named | {"quote": "N+2"}]}})
    written = named | {"chip": "ascend-950pr", "value": "5nm", "quote": "a 5nm-class process"}
    rules.check_conventions({"text": text, "expected": {"claims": [written]}})
