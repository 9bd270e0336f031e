"""Names as people read and type them."""

import pytest

from chips.names import (
    corrected,
    edit_distance_at_most,
    fold,
    in_reading_order,
    match_names,
    typo_allowance,
)


def test_folding_drops_case_accents_and_width_but_keeps_chinese():
    assert fold("Éta Compute") == "eta compute"
    assert fold("ＡＭＤ") == "amd"
    assert fold("昇腾") == "昇腾"


def test_reading_order_ignores_case_and_accents():
    names = ["zeta", "Éta", "Alpha", "beta", "eta"]
    assert in_reading_order(names) == ["Alpha", "beta", "eta", "Éta", "zeta"]


@pytest.mark.parametrize(
    ("typed", "meant", "limit", "close"),
    [
        ("acsend", "ascend", 1, True),  # two letters swapped
        ("ascnd", "ascend", 1, True),  # one missing
        ("asccend", "ascend", 1, True),  # one extra
        ("axcend", "ascend", 1, True),  # one wrong
        ("acsnd", "ascend", 1, False),
        ("cambricn", "cambricon", 1, True),
        ("nvidia", "nvidia", 0, True),
        ("ascend", "assent", 1, False),
    ],
)
def test_small_typos_are_within_reach(typed, meant, limit, close):
    assert edit_distance_at_most(typed, meant, limit) is close


def test_short_words_must_be_typed_exactly():
    assert typo_allowance("amd") == 0 and typo_allowance("ascend") == 1
    assert typo_allowance("moorethreads") == 2


CATALOGUE = [
    ("910b", ["Ascend 910B", "910B", "昇腾910B"]),
    ("910c", ["Ascend 910C", "910C", "昇腾910C"]),
    ("huawei", ["Huawei", "华为", "HiSilicon"]),
    ("amd", ["AMD"]),
    ("arm", ["Arm"]),
]


@pytest.mark.parametrize(
    ("typed", "found"),
    [
        ("Ascend 910C", ["910c"]),  # the item matching the most words wins
        ("ascend", ["910b", "910c"]),
        ("acsend", ["910b", "910c"]),
        ("昇腾", ["910b", "910c"]),
        ("华为", ["huawei"]),
        ("hisil", ["huawei"]),
        ("amd", ["amd"]),
        ("TSMC 7nm", []),
        ("a", []),
    ],
)
def test_names_and_aliases_match_what_was_typed(typed, found):
    assert [m.item for m in match_names(typed, CATALOGUE)] == found


def test_a_typo_is_marked_and_can_be_corrected():
    [match, _] = match_names("acsend 910", CATALOGUE)
    assert match.typo and match.matched == "Ascend 910B"
    assert corrected("acsend 910", match.matched) == "Ascend 910"
    assert not match_names("ascend", CATALOGUE)[0].typo


@pytest.mark.django_db
def test_vendor_choices_in_forms_are_in_reading_order_too():
    import re

    from chips.dashboard.conflicts import ConflictFilterForm
    from chips.digests.pages import SubscriptionForm
    from tests.factories import VendorFactory

    for name in ["Zhaoxin", "d-Matrix", "AMD", "Éta"]:
        VendorFactory(name=name)
    select = str(ConflictFilterForm({})["vendor"])
    assert re.findall(r">([^<>]+)</option>", select) == [
        "Any vendor", "AMD", "d-Matrix", "Éta", "Zhaoxin",
    ]  # fmt: skip
    boxes = str(SubscriptionForm()["vendors"])
    assert re.findall(r"\s([^<>\s][^<>]*)</label>", boxes) == ["AMD", "d-Matrix", "Éta", "Zhaoxin"]
