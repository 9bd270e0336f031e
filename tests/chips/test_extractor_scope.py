"""Polarity and scope: a negation, a scare quote or a clause reaches only what it governs
(the tuning8 audit's class-1 slips), one spec each, in sentences of our own."""

import pytest


def keys(claims):
    return {(c.vendor, c.chip, c.topic, c.polarity, c.value) for c in claims}


def body(extractor, text, title="A chip story"):
    return [c for c in extractor.extract(title, text, 0.7) if not c.headline]


def of_topic(claims, topic):
    return {(c.polarity, c.value) for c in claims if c.topic == topic}


# An ended supply --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "Cambricon moved its orders home after TSMC stopped producing chips for it in 2021.",
        "TSMC ceased producing processors for Cambricon two years ago.",
    ],
)
def test_a_foundry_that_stopped_producing_a_designers_chips_is_denied(extractor, sentence):
    assert of_topic(body(extractor, sentence), "manufacturing") == {("deny", "TSMC")}


def test_a_turn_to_domestic_manufacturing_is_a_domestic_supply_chain(extractor):
    claims = body(
        extractor,
        "Cambricon's turn to domestic manufacturing followed tighter rules on the use of "
        "American technology.",
    )
    assert of_topic(claims, "supply_chain") == {("affirm", "domestic")}


def test_rules_on_the_use_of_us_technology_are_no_foreign_reliance(extractor):
    claims = body(
        extractor, "Moore Threads was hit when Washington tightened rules on the use of US tech."
    )
    assert ("affirm", "foreign") not in of_topic(claims, "supply_chain")


# A negated tail -------------------------------------------------------------------------


def test_a_supplier_named_after_not_is_denied(extractor):
    claims = body(
        extractor,
        "The memory on the Ascend 950PR units we examined is SK hynix HBM, not CXMT stacks.",
    )
    memory = of_topic(claims, "memory")
    assert ("affirm", "SK hynix") in memory
    assert ("deny", "CXMT") in memory
    assert ("affirm", "CXMT") not in memory


def test_an_unnamed_makers_failed_qualification_gives_no_other_maker_a_claim(extractor):
    claims = body(
        extractor,
        "Huawei buys its stacks from Samsung for now, and CXMT's HBM3 has not yet passed "
        "Huawei's qualification.",
    )
    assert ("deny", "Samsung") not in of_topic(claims, "memory")
    assert not [c for c in claims if c.topic == "availability"]
    assert not [c for c in claims if c.vendor == "samsung" and c.topic == "business"]


# Scare quotes and parts made abroad --------------------------------------------------------


def test_a_scare_quoted_homegrown_is_no_domestic_claim(extractor):
    claims = body(extractor, "Cambricon's 'homegrown' chip still depends on parts made abroad.")
    assert of_topic(claims, "supply_chain") == {("affirm", "foreign")}


def test_silicon_made_outside_the_mainland_is_foreign(extractor):
    claims = body(extractor, "Biren's flagship GPU is built from silicon made outside China.")
    assert of_topic(claims, "supply_chain") == {("affirm", "foreign")}


def test_an_unquoted_homegrown_stays_domestic(extractor):
    claims = body(extractor, "Cambricon's homegrown chip uses parts produced domestically.")
    assert of_topic(claims, "supply_chain") == {("affirm", "domestic")}


# Samples a teardown opened ---------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "The lab opened three MLU590 samples and found compute dies made by TSMC.",
        "No SMIC-made die turned up in any of the MLU590 samples it inspected.",
    ],
)
def test_samples_a_lab_opened_are_no_sampling(extractor, sentence):
    claims = body(extractor, sentence)
    assert "availability" not in {c.topic for c in claims}
