"""MentionTagger: which vendors and chips a text names (pure, no database)."""

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
