"""Claim values in their normalised forms (docs/vocabulary.md, "Labelling conventions")."""

from __future__ import annotations

import pytest


def keys(claims):
    return {(c.vendor, c.chip, c.topic, c.polarity, c.value) for c in claims}


def body(extractor, text, title="A chip story"):
    return [c for c in extractor.extract(title, text, 0.7) if not c.headline]


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
    assert "5nm" in manufacturing and "7nm" not in manufacturing


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
