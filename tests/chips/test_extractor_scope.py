"""Polarity and scope: a negation, a scare quote or a clause reaches only what it governs
(the tuning8 audit's class-1 slips), one spec each, in sentences of our own."""

import pytest

from tests.chips.extracting import body, keys


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


# Words lifted from the wrong clause --------------------------------------------------------


def test_a_subjectless_comparison_after_and_is_the_sentence_subjects(extractor):
    claims = body(
        extractor,
        "The MI308 uses a single die, roughly half the capability of the flagship MI355X, and "
        "would have been more powerful than the H20.",
    )
    compared = {c.chip for c in claims if c.topic == "performance" and "H20" in c.value}
    assert compared == {"mi308"}


def test_a_former_employer_is_not_what_it_refers_to_next(extractor):
    text = (
        "Biren listed its shares in Hong Kong on Friday. The company, founded by former "
        "Nvidia engineers, is still losing money. It lost 800 million yuan last year."
    )
    business = [c for c in body(extractor, text) if "800 million" in c.value]
    assert business
    assert {c.vendor for c in business} == {"biren"}


# Origins --------------------------------------------------------------------------------


def test_an_outlet_reporting_the_whole_sentence_is_its_origin(extractor):
    claims = body(
        extractor,
        "The Commerce Department has told Nvidia it will not license the B30A for China, "
        "The Information reported on Monday.",
    )
    assert claims
    assert {c.origin for c in claims} == {"The Information"}


def test_a_research_firm_named_again_by_description_is_the_one_cited(extractor):
    text = (
        "Cambricon's MLU590 uses memory from Samsung, according to a teardown by TechInsights. "
        "The Ottawa-based research firm found that the MLU590 compute die was made by TSMC."
    )
    foundry = [c for c in body(extractor, text) if c.topic == "manufacturing"]
    assert foundry
    assert {c.origin for c in foundry} == {"TechInsights"}


def test_a_headline_kind_of_finding_is_no_source(extractor):
    claims = extractor.extract(
        "Teardown finds TSMC dies inside Cambricon's MLU590", "Cambricon declined to comment.", 0.7
    )
    assert "Teardown" not in {c.origin for c in claims}


# Recall: lists, memory kinds, a halted product ----------------------------------------------


def test_both_of_which_lists_every_company_on_the_entity_list(extractor):
    claims = body(
        extractor,
        "Local designers such as Biren and Enflame, both of which sit on the U.S. Entity List, "
        "could win orders.",
    )
    banned = {c.vendor for c in claims if c.topic == "export_controls" and c.value == "banned"}
    assert banned == {"biren", "enflame"}


def test_plain_gddr_is_a_memory_type(extractor):
    claims = body(extractor, "The RTX Pro 6000D relies on ordinary GDDR memory instead of HBM.")
    assert ("affirm", "GDDR") in of_topic(claims, "memory")


def test_a_chip_no_longer_produced_denies_its_production(extractor):
    text = (
        "Nvidia designed the H20 for buyers in China. The company has asked its partners to "
        "pause work on the part and is no longer producing it."
    )
    assert ("nvidia", "h20", "availability", "deny", "mass production") in keys(
        body(extractor, text)
    )


def test_a_home_grown_rival_to_a_company_is_no_supply_chain(extractor):
    claims = body(
        extractor,
        "Investors piled into Biren, a home-grown rival to the American company, on its debut.",
    )
    assert "supply_chain" not in {c.topic for c in claims}


def test_a_product_line_named_alone_speaks_of_its_vendor(extractor):
    claims = body(
        extractor,
        "Analysts disagree about the chips. The Ascend supply chain is entirely domestic now.",
    )
    assert ("huawei", None, "supply_chain", "affirm", "domestic") in keys(claims)


def test_passing_a_customers_qualification_described_again_is_its_memory(extractor):
    claims = body(
        extractor,
        "Micron will start delivering HBM4 to AMD next quarter after passing the chip "
        "designer's final qualification tests.",
    )
    assert ("amd", None, "memory", "affirm", "Micron") in keys(claims)
    assert not [c for c in claims if c.vendor == "micron" and c.topic == "availability"]
