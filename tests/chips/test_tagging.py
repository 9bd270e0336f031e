"""MentionTagger: which vendors and chips a text names (pure, no database)."""

import json
from pathlib import Path

import pytest

from chips.tagging import MentionTagger, Target

NVIDIA = Target("vendor", "nvidia", "nvidia")
INTEL = Target("vendor", "intel", "intel")
META = Target("vendor", "meta", "meta")
AMD = Target("vendor", "amd", "amd")
HUAWEI = Target("vendor", "huawei", "huawei")
ASCEND_910C = Target("chip", "ascend-910c", "huawei")
H20 = Target("chip", "h20", "nvidia")


@pytest.fixture
def tagger():
    return MentionTagger(
        [
            (NVIDIA, ["NVIDIA", "Nvidia", "Nvidia Corp", "Team Green", "英伟达"]),
            (INTEL, ["Intel"]),
            (META, ["Meta", "Meta Platforms"]),
            (AMD, ["AMD", "Advanced Micro Devices"]),
            (HUAWEI, ["Huawei", "HiSilicon", "华为", "海思"]),
            (ASCEND_910C, ["Ascend 910C", "910C", "昇腾910C"]),
            (H20, ["H20"]),
        ]
    )


def test_it_counts_vendor_aliases(tagger):
    mentions = tagger.tag("Nvidia said on Monday that Nvidia Corp and Team Green are one.")
    assert mentions.vendors == {"nvidia": 3}


def test_it_does_not_find_intel_in_intelligence_or_meta_in_metadata(tagger):
    mentions = tagger.tag("Artificial intelligence needs metadata. Intelligent metaverse.")
    assert mentions.vendors == {}


def test_case_matters_for_short_names(tagger):
    assert tagger.tag("amd and intel in lower case are not the companies").vendors == {}
    assert tagger.tag("AMD and Intel both shipped").vendors == {"amd": 1, "intel": 1}


def test_headlines_in_capitals_still_match(tagger):
    assert tagger.tag("HUAWEI UNVEILS NEW CHIP").vendors == {"huawei": 1}


def test_chinese_aliases_match_without_word_boundaries(tagger):
    mentions = tagger.tag("据报道，华为海思的昇腾910C芯片由英伟达的对手制造。")
    assert mentions.vendors == {"huawei": 3, "nvidia": 1}
    assert mentions.chips == {"ascend-910c": 1}


def test_a_chip_mention_implies_its_vendor_and_the_longest_alias_wins(tagger):
    mentions = tagger.tag("The Ascend 910C competes with the H20.")
    assert mentions.chips == {"ascend-910c": 1, "h20": 1}
    assert mentions.vendors == {"huawei": 1, "nvidia": 1}


def test_aliases_glued_to_other_words_do_not_match(tagger):
    assert tagger.tag("Model H200 and H20X and 910CX").chips == {}


def test_an_empty_catalogue_finds_nothing():
    assert MentionTagger([]).tag("Nvidia").vendors == {}


ARM = Target("vendor", "arm", "arm")
METAX = Target("vendor", "metax", "metax")
SK_HYNIX = Target("vendor", "sk-hynix", "sk-hynix")


@pytest.fixture
def wider_tagger():
    return MentionTagger(
        [
            (ARM, ["Arm"]),
            (META, ["Meta"]),
            (METAX, ["MetaX", "沐曦"]),
            (SK_HYNIX, ["SK hynix"]),
            (NVIDIA, ["Nvidia", "Team Green"]),
            (INTEL, ["Intel"]),
        ]
    )


def test_arm_is_case_sensitive_so_an_arm_of_a_company_is_not_arm(wider_tagger):
    assert wider_tagger.tag("The chip arm of the group licenses designs.").vendors == {}
    assert wider_tagger.tag("Arm licenses designs; ARM is its ticker.").vendors == {"arm": 1}


def test_meta_is_not_found_inside_metax(wider_tagger):
    mentions = wider_tagger.tag("MetaX raised funds while Meta bought GPUs.")
    assert mentions.vendors == {"metax": 1, "meta": 1}


def test_nicknames_name_their_vendor(wider_tagger):
    assert wider_tagger.tag("Team Green still leads.").vendors == {"nvidia": 1}


def test_a_lower_case_alias_also_matches_capitalised_in_headlines(wider_tagger):
    assert wider_tagger.tag("SK Hynix And SK hynix").vendors == {"sk-hynix": 2}


def test_possessives_and_hyphenated_compounds_still_name_the_vendor(wider_tagger):
    mentions = wider_tagger.tag("Nvidia's rivals and Intel-made parts")
    assert mentions.vendors == {"nvidia": 1, "intel": 1}


def test_chinese_aliases_match_inside_running_chinese_text(wider_tagger):
    assert wider_tagger.tag("国产GPU厂商沐曦发布新品").vendors == {"metax": 1}


def test_spans_give_the_position_of_each_alias(tagger):
    text = "Sales of the H20 fell, Nvidia said."
    spans = tagger.spans(text)
    assert [text[s.start : s.end] for s in spans] == ["H20", "Nvidia"]
    assert spans[0].chip == H20 and spans[1].chip is None
    assert spans[0].vendor_slug == "nvidia"


def test_a_chip_mention_counts_its_vendor_once_per_mention(tagger):
    mentions = tagger.tag("Ascend 910C, then 910C again, then Huawei.")
    assert mentions.chips == {"ascend-910c": 2}
    assert mentions.vendors == {"huawei": 3}


def test_a_model_numbers_plural_still_names_the_chip(tagger):
    text = "Buyers stockpiled H20s and Ascend 910Cs before the ban."
    assert tagger.tag(text).chips == {"h20": 1, "ascend-910c": 1}
    spans = tagger.spans(text)
    assert [text[s.start : s.end] for s in spans] == ["H20", "Ascend 910C"]


def test_only_a_plural_s_may_follow_a_model_number(tagger):
    assert tagger.tag("The H20st and H20sx and H20S are not chips.").chips == {}
    assert tagger.tag("Nvidias and Huaweis are not plural vendors.").vendors == {}


# --- The seed catalogue (seeds/vendors.json, seeds/chips.json) --------------------------


@pytest.fixture(scope="module")
def seed_tagger():
    seeds = Path(__file__).resolve().parents[2] / "seeds"
    vendors = json.loads((seeds / "vendors.json").read_text())
    chips = json.loads((seeds / "chips.json").read_text())
    return MentionTagger(
        [(Target("vendor", v["slug"], v["slug"]), [v["name"], *v["aliases"]]) for v in vendors]
        + [(Target("chip", c["slug"], c["vendor"]), [c["name"], *c["aliases"]]) for c in chips]
    )


@pytest.mark.parametrize(
    "text, chip",
    [
        ("Cambricon's flagship, the Siyuan 590, trains large models.", "mlu590"),
        ("寒武纪思元590芯片已大规模出货。", "mlu590"),
        ("The Siyuan 690 has not taped out.", "mlu690"),
        ("T-Head unveiled the Zhenwu 810E accelerator.", "t-head-ppu"),
        ("台媒稱昇騰910C由中芯代工。", "ascend-910c"),
    ],
)
def test_the_seed_catalogue_knows_the_names_chips_go_by(seed_tagger, text, chip):
    assert chip in seed_tagger.tag(text).chips


def test_the_seed_catalogue_knows_t_heads_names(seed_tagger):
    for name in ("T-Head", "Pingtouge", "Pingtou Ge", "平头哥"):
        assert seed_tagger.tag(f"{name} designs the PPU.").vendors.keys() >= {"alibaba"}, name


def test_nasas_artemis_programme_names_no_chip(seed_tagger):
    mentions = seed_tagger.tag("NASA's Artemis programme aims to return astronauts to the Moon.")
    assert mentions.chips == {} and mentions.vendors == {}
