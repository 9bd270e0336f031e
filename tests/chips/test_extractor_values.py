"""Claim values in their normalised forms (docs/vocabulary.md, "Labelling conventions")."""

from __future__ import annotations

import pytest

from chips.claims import free_text_value
from tests.chips.extracting import body


def test_a_cuda_like_environment_is_not_cuda(extractor):
    claims = body(
        extractor,
        "Hygon's DCU K100 accelerators run code written for a CUDA-like programming stack.",
    )
    software = {c.value for c in claims if c.topic == "software"}
    assert software == {"CUDA-like"}


def test_code_compatible_with_cuda_is_cuda(extractor):
    claims = body(extractor, "The MTT S5000 is compatible with CUDA code, Moore Threads says.")
    assert "CUDA" in {c.value for c in claims if c.topic == "software"}


def test_a_foundrys_other_node_as_yardstick_is_no_value(extractor):
    claims = body(
        extractor,
        "Yields for the Ascend 950PR die on N+3 sit near 30%, far short of what SMIC gets on N+2.",
    )
    manufacturing = {c.value for c in claims if c.topic == "manufacturing"}
    assert "yield 30%" in manufacturing and "7nm" not in manufacturing


def test_the_node_a_process_grew_from_is_not_the_chips(extractor):
    claims = body(
        extractor,
        "The Ascend 950PR is built on N+3, which analysts call a refinement of the 7nm-class N+2.",
    )
    manufacturing = {c.value for c in claims if c.topic == "manufacturing"}
    # (N+3 names SMIC but writes no size: docs/vocabulary.md "A node is the size ...".)
    assert manufacturing == {"SMIC"}


@pytest.mark.parametrize(
    ("sentence", "chip", "capacity", "kind"),
    [
        ("The H200 carries 141 gigabytes of HBM3E.", "h200", "141GB", "HBM3E"),
        ("Each Rubin GPU in the rack carries 288GB of HBM4 memory.", "rubin", "288GB", "HBM4"),
        ("The MTT S4000 comes with 48GB of GDDR6 memory.", "mtt-s4000", "48GB", "GDDR6"),
    ],
)
def test_a_capacity_is_a_memory_label_of_its_own(extractor, sentence, chip, capacity, kind):
    # docs/vocabulary.md: "carries 141 gigabytes of HBM3E" is HBM3E and 141GB.
    claims = {(c.chip, c.topic, c.value) for c in extractor.extract("A chip story", sentence, 0.7)}
    assert (chip, "memory", capacity) in claims
    assert (chip, "memory", kind) in claims


@pytest.mark.parametrize(
    "sentence",
    [
        "Samsung's 36GB 12-high HBM4 stacks ship to Nvidia for the Rubin.",
        "The Rubin server has 960GB of storage and uses HBM4.",
    ],
)
def test_a_stacks_or_a_drives_capacity_is_no_chips_memory(extractor, sentence):
    claims = extractor.extract("A chip story", sentence, 0.7)
    assert not [c for c in claims if c.topic == "memory" and c.value.endswith("GB")]


@pytest.mark.parametrize(
    ("sentence", "chip", "count"),
    [
        ("Each Ironwood pod links 9,216 chips over optical switches.", "ironwood", "9,216"),
        ("- Trn3 UltraServer: 144 Trainium3 chips, 362 FP8 PFLOPS in all", "trainium3", "144"),
        ("Huawei's new SuperPoD connects 8,192 Ascend 950DT processors.", "ascend-950dt", "8,192"),
        ("AMD's Helios is a rack that will hold 72 MI400 GPUs.", "mi400", "72"),
        ("Google packs up to 9,216 Ironwood chips in a single pod.", "ironwood", "9,216"),
        ("AWS sells Trainium2 as 64 chips linked by NeuronLink.", "trainium2", "64"),
        (
            "Baidu's supernode, which links 256 Kunlun P800 chips, ships in 2026.",
            "kunlun-p800",
            "256",
        ),
    ],
)
def test_a_scale_up_domains_size_is_a_performance_spec(extractor, sentence, chip, count):
    # docs/vocabulary.md "Cluster sizes in a scale-up domain are performance".
    claims = body(extractor, sentence)
    sizes = [c for c in claims if c.topic == "performance" and "chips" in (c.value or "")]
    assert [(c.chip, count in c.value) for c in sizes] == [(chip, True)]
    assert not [c for c in claims if c.topic == "business"]


def test_two_systems_sizes_in_one_relative_clause_are_specs_not_volumes(extractor):
    claims = body(
        extractor,
        "Huawei showed two SuperPoD systems, which would link 8,192 and 15,488 Ascend chips "
        "respectively.",
    )
    assert [c.value for c in claims if c.topic == "performance"] == ["8,192 chips per system"]
    assert not [c for c in claims if c.topic == "business"]


@pytest.mark.parametrize(
    "sentence",
    [
        "Baidu switched on a cluster of 30,000 Kunlun P800 chips in April.",
        "Oracle plans to build clusters of up to 131,072 MI355X GPUs.",
    ],
)
def test_a_deployed_clusters_size_stays_a_business_volume(extractor, sentence):
    claims = body(extractor, sentence)
    assert [c.topic for c in claims if c.topic in {"business", "performance"}] == ["business"]


# Figures in digits (docs/vocabulary.md "Figures in digits"): an outside reader writes a
# free-text value's multiple as "4x" and a round count as "1 million", so a value must carry
# the digits for the two to share a number.


@pytest.mark.parametrize(
    ("sentence", "value"),
    [
        (
            "Baidu says the Kunlun P800 offers three times the throughput of its predecessor.",
            "3x the throughput of its predecessor",
        ),
        ("Cambricon says the MLU590 is seven times as fast as the A100.", "7x as fast as the A100"),
        (
            "AMD says the MI355X offers twice the compute of the MI300X.",
            "2x the compute of the MI300X",
        ),
        ("Google says the TPU runs nine times faster than the old part.", "9x faster"),
    ],
)
def test_a_multiple_in_words_is_written_as_digits(extractor, sentence, value):
    found = {c.value for c in body(extractor, sentence) if c.topic == "performance"}
    assert any(value in v for v in found), found


def test_a_multiples_cut_off_phrase_keeps_no_dangling_word(extractor):
    claims = body(
        extractor,
        "AWS says Trainium3 delivers four times the performance of its predecessor Trainium2 "
        "for large language models.",
    )
    found = {c.value for c in claims if c.topic == "performance"}
    assert found and not any(v.endswith((" for", " with", " and")) for v in found), found
    assert any(v.startswith("4x the performance of") for v in found), found


@pytest.mark.parametrize(
    ("sentence", "count"),
    [
        ("OpenAI plans to use up to a million TPUs from Google next year.", "1 million TPUs"),
        ("Huawei aims to ship two million Ascend chips in 2026.", "2 million Ascend chips"),
        ("Amazon's new cluster holds half a million Trainium2 chips.", "half a million"),
    ],
)
def test_a_round_count_in_words_is_written_as_digits_but_half_stays(extractor, sentence, count):
    found = {c.value for c in body(extractor, sentence) if c.topic == "business"}
    assert any(count in v for v in found), found
    assert not any(v.startswith("1 million") for v in found if "half" in sentence), found


def test_growth_in_words_keeps_its_verb(extractor):
    # "Growth is the verb and what grows": double and triple stay words.
    claims = body(extractor, "Hygon plans to double its output next year.")
    assert "double output" in {c.value for c in claims if c.topic == "business"}


@pytest.mark.parametrize(
    ("phrase", "value"),
    [
        ("a quarter of the proceeds", "25% of the proceeds"),
        ("more than half of its revenue", "more than 50% of its revenue"),
        ("roughly a third of the wafers", "roughly 33% of the wafers"),
        ("three-quarters of output", "75% of output"),
        ("about two-thirds of sales", "about 67% of sales"),
        ("one in five accelerators", "20% of accelerators"),
        # A multiple and a period are no share.
        ("half the compute of the flagship", "half the compute of the flagship"),
        ("sales in the first half of the year", "sales in the first half of the year"),
        ("third-quarter revenue", "third-quarter revenue"),
    ],
)
def test_a_share_in_words_is_written_as_a_percentage(phrase, value):
    assert free_text_value(phrase) == value


def test_a_share_of_output_in_words_is_a_percentage_in_the_value(extractor):
    claims = body(extractor, "Roughly a third of the Ascend 910C output is reserved for Baidu.")
    found = {c.value for c in claims if c.topic == "business"}
    assert any(v.startswith("Roughly 33% of") for v in found), found


@pytest.mark.parametrize(
    ("sentence", "value"),
    [
        ("Ascend 910C yields at SMIC improved from 25% to 45% over the spring.", "yield 45%"),
        ("Yields for the Ascend 910C went from about 30 per cent to 50 per cent.", "yield 50%"),
    ],
)
def test_a_moving_yield_is_its_latest_figure(extractor, sentence, value):
    found = {c.value for c in body(extractor, sentence) if c.topic == "manufacturing"}
    assert value in found and not any("yield" in v and v != value for v in found), found


def test_a_moving_business_figure_keeps_its_latest_value(extractor):
    claims = body(extractor, "Cambricon's quarterly revenue grew from $300m to $700m this year.")
    found = {c.value for c in claims if c.topic == "business"}
    assert any("$700m" in v for v in found) and not any("$300m" in v for v in found), found


@pytest.mark.parametrize(
    ("sentence", "chip", "foundry"),
    [
        ("Huawei's Ascend 910C is fabricated by SMIC on its N+2 process.", "ascend-910c", "SMIC"),
        ("Nvidia's B30A would be made by TSMC on its 4NP process.", "b30a", "TSMC"),
        ("The MI355X is built on TSMC's N3P process.", "mi355x", "TSMC"),
    ],
)
def test_a_process_named_by_its_foundry_gives_the_foundry_and_no_node(
    extractor, sentence, chip, foundry
):
    # docs/vocabulary.md "A node is the size the story writes": N+2 is no size.
    claims = body(extractor, sentence)
    manufacturing = {(c.chip, c.value) for c in claims if c.topic == "manufacturing"}
    assert manufacturing == {(chip, foundry)}


def test_a_smic_process_name_alone_names_smic(extractor):
    claims = body(extractor, "Huawei's Ascend 950PR is built on N+3.")
    assert {c.value for c in claims if c.topic == "manufacturing"} == {"SMIC"}


def test_a_written_size_beside_a_process_name_is_the_node(extractor):
    claims = body(
        extractor, "Huawei's Ascend 910C is made by SMIC on its N+2 process, a 7nm-class node."
    )
    assert {c.value for c in claims if c.topic == "manufacturing"} == {"SMIC", "7nm"}


def test_a_size_the_process_is_said_not_to_be_is_no_node(extractor):
    claims = body(
        extractor,
        "Huawei's Kirin 9030 is built on N+3, which is a refinement of N+2 rather than a true "
        "5nm node.",
    )
    assert {(c.polarity, c.value) for c in claims if c.topic == "manufacturing"} == {
        ("affirm", "SMIC")
    }


@pytest.mark.parametrize(
    "sentence",
    [
        "We put Ascend 910C yields at 50-55%.",
        "Ascend 910C yields are 50 to 55 per cent, our checks suggest.",
        "The Ascend 910C now runs at 50–55% yields.",
    ],
)
def test_a_yield_range_is_its_first_figure(extractor, sentence):
    claims = body(extractor, sentence)
    assert {c.value for c in claims if c.topic == "manufacturing"} == {"yield 50%"}
