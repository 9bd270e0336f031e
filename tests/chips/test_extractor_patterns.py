"""Issue 10's patterns, one spec each: lexicon validation, negation scope, roles,
yields and unit volumes, amounts in other currencies, headlines and the main chip."""

import tomllib

import pytest

from chips.claims import ExtractedClaim, rule_chipless_echo_takes_the_chip
from chips.lexicons import LEXICON_PATH, LexiconError, build_lexicon
from tests.chips.extracting import body, keys

# The lexicon is validated on load ------------------------------------------------------


@pytest.fixture
def data():
    return tomllib.loads(LEXICON_PATH.read_text())


def test_the_shipped_lexicon_is_valid(data):
    build_lexicon(data)


def test_an_unknown_key_in_a_topic_names_the_file_and_key(data):
    data["topics"]["memory"]["require_vaule"] = True
    with pytest.raises(LexiconError) as error:
        build_lexicon(data, "claims.toml")
    assert str(error.value) == "claims.toml: topics.memory.require_vaule: unknown key"


def test_an_unknown_section_key_is_an_error(data):
    data["negation"]["scope"] = ["not"]
    with pytest.raises(LexiconError, match=r"negation\.scope: unknown key"):
        build_lexicon(data)


def test_a_reference_to_a_missing_topic_is_an_error(data):
    data["topics"]["manufacturing"]["yields_to"] = ["memroy"]
    with pytest.raises(LexiconError, match=r"topics\.manufacturing\.yields_to: no topic 'memroy'"):
        build_lexicon(data)


def test_a_priority_naming_no_value_of_its_topic_is_an_error(data):
    data["topics"]["availability"]["priority"].append("shiping")
    with pytest.raises(LexiconError, match=r"topics\.availability\.priority: no value 'shiping'"):
        build_lexicon(data)


def test_an_exclusive_group_that_does_not_exist_is_an_error(data):
    data["topics"]["manufacturing"]["exclusive"] = ["foundries"]
    with pytest.raises(LexiconError, match="no value group 'foundries'"):
        build_lexicon(data)


def test_a_value_pattern_that_does_not_compile_is_an_error(data):
    data["topics"]["memory"]["values"]["type"]["HBM9"] = ["re:HBM(9"]
    with pytest.raises(LexiconError, match=r"topics\.memory\.values\.type\.HBM9: bad pattern"):
        build_lexicon(data)


# Negation reaches only its scope --------------------------------------------------------


def test_without_denies_only_the_words_it_governs(extractor):
    claims = body(
        extractor,
        "Huawei's Ascend 910C is fabricated by SMIC on its N+2 process, a technology SMIC "
        "developed without access to extreme ultraviolet lithography tools.",
    )
    assert ("huawei", "ascend-910c", "manufacturing", "affirm", "SMIC") in keys(claims)
    assert not [c for c in claims if c.polarity == "deny"]


def test_it_is_no_secret_is_not_a_denial(extractor):
    claims = body(extractor, "It is no secret that Huawei's Ascend 910C is built for inference.")
    assert ("huawei", "ascend-910c", "workload", "affirm", "inference") in keys(claims)


def test_a_suspension_denies_shipping_but_not_an_unrelated_claim(extractor):
    claims = body(
        extractor, "Shipments of Nvidia's H20 were suspended after the export licence notice."
    )
    assert ("nvidia", "h20", "availability", "deny", "shipping") in keys(claims)
    assert not [c for c in claims if c.topic == "export_controls" and c.polarity == "deny"]


def test_unrelated_to_is_a_denial(extractor):
    claims = body(extractor, "Huawei said the Ascend 910C's production is unrelated to TSMC.")
    assert ("huawei", "ascend-910c", "manufacturing", "deny", "TSMC") in keys(claims)


def test_a_verdict_after_the_claim_still_denies_it(extractor):
    claims = body(
        extractor, "The claim that the Ascend 910B was made by TSMC does not hold up, Huawei said."
    )
    assert ("huawei", "ascend-910b", "manufacturing", "deny", "TSMC") in keys(claims)


def test_cut_off_by_restrictions_is_a_ban_not_a_denial(extractor):
    claims = body(extractor, "Earlier U.S. restrictions cut off Nvidia's H800 from China.")
    assert ("nvidia", "h800", "export_controls", "affirm", "banned") in keys(claims)


# Roles -------------------------------------------------------------------------------


def test_a_memory_maker_supplying_a_customer_makes_no_chip_claim_of_its_own(extractor):
    claims = body(extractor, "SK Hynix has completed development of HBM4 and shipped samples.")
    assert not [c for c in claims if c.vendor == "sk-hynix" and c.topic == "memory"]


def test_the_company_said_speaks_for_the_subject_not_its_foundry(extractor):
    claims = body(extractor, "Huawei's Ascend 910C is made by SMIC, the company said.")
    assert {c.origin for c in claims if c.value == "SMIC"} == {"Huawei"}


# Values: yields, unit volumes, currencies -------------------------------------------------


def test_a_yield_is_a_manufacturing_value(extractor):
    claims = body(extractor, "Huawei is targeting a yield of 60 per cent for the Ascend 910C.")
    assert ("huawei", "ascend-910c", "manufacturing", "affirm", "yield 60%") in keys(claims)
    statement = next(c.statement for c in claims if c.value == "yield 60%")
    assert statement == "Huawei Ascend 910C: yield 60%"


def test_a_unit_volume_is_a_business_value_of_the_named_chip(extractor):
    claims = body(extractor, "Huawei aims to produce about 100,000 of the 910C processors.")
    business = [c for c in claims if c.topic == "business"]
    assert [(c.chip, c.value) for c in business] == [
        ("ascend-910c", "100,000 of the 910C processors")
    ]


@pytest.mark.parametrize(
    "amount",
    ["CNY2.88 billion", "RMB 5bn", "¥80 billion", "€1.2bn", "2.88 billion yuan", "$15bn"],
)
def test_amounts_in_many_currencies_are_business_figures(extractor, amount):
    claims = body(extractor, f"Cambricon reported first-half revenue of {amount}.")
    assert [(c.topic, c.value) for c in claims if c.topic == "business"] == [("business", amount)]


def test_a_business_remark_without_a_figure_or_event_is_no_claim(extractor):
    claims = body(extractor, "Cambricon attributed the growth of its revenue to new customers.")
    assert not [c for c in claims if c.topic == "business"]


def test_orders_placed_are_a_business_claim_without_a_figure(extractor):
    claims = body(extractor, "ByteDance has placed large orders for Cambricon's MLU590.")
    assert [c.vendor for c in claims if c.topic == "business" and c.value == "orders"]


# Headlines and the main chip ---------------------------------------------------------


def test_a_headline_yields_claims_marked_as_the_headlines(extractor):
    claims = extractor.extract(
        "Nvidia's H20 banned from China", "Analysts were surprised on Monday.", 0.7
    )
    assert [(c.chip, c.value, c.headline) for c in claims if c.topic == "export_controls"] == [
        ("h20", "banned", True)
    ]


def test_a_chipless_claim_takes_the_single_main_chip_of_its_vendor(extractor):
    claims = body(
        extractor,
        "Huawei's Ascend 910C is its flagship accelerator. The company is targeting a yield "
        "of 60 per cent.",
        title="Huawei lifts yields of the Ascend 910C",
    )
    assert ("huawei", "ascend-910c", "manufacturing", "affirm", "yield 60%") in keys(claims)


def test_without_a_single_main_chip_a_chipless_claim_stays_chipless(extractor):
    claims = body(
        extractor,
        "Huawei sells the Ascend 910B and the Ascend 910C. The company is targeting a yield of "
        "60 per cent.",
        title="Huawei chips",
    )
    assert ("huawei", None, "manufacturing", "affirm", "yield 60%") in keys(claims)


def test_a_supplier_sentence_gives_the_customer_memory_only_for_a_named_chip(extractor):
    claims = body(
        extractor,
        "Samsung's 12-layer HBM3E chips have passed Nvidia's qualification tests. "
        "Micron supplies HBM3E for Nvidia's B300.",
    )
    nvidia = {(c.chip, c.topic, c.value) for c in claims if c.vendor == "nvidia"}
    assert ("b300", "memory", "HBM3E") in nvidia
    assert not [c for c in nvidia if c[0] is None]
    assert not [c for c in nvidia if c[1] == "availability"]


def test_a_clause_naming_its_own_supplier_does_not_take_the_one_the_sentence_opens_with(
    extractor,
):
    claims = body(
        extractor,
        "SK hynix will hold over half of the HBM market this year; Samsung has yet to ship "
        "HBM3E for Nvidia's B300.",
    )
    b300 = {(c.polarity, c.value) for c in claims if c.chip == "b300" and c.topic == "memory"}
    assert ("deny", "Samsung") in b300
    assert ("deny", "SK hynix") not in b300


def test_the_chips_of_the_subject_use_memory_made_by_a_supplier(extractor):
    claims = body(
        extractor,
        "Huawei's Ascend 910C is its flagship. The chips also use HBM2E memory made by Samsung.",
    )
    assert ("huawei", "ascend-910c", "memory", "affirm", "HBM2E") in keys(claims)
    assert ("huawei", "ascend-910c", "memory", "affirm", "Samsung") in keys(claims)


def test_a_specific_memory_type_makes_the_generic_hbm_redundant(extractor):
    claims = body(extractor, "Huawei's Ascend 910C packs high-bandwidth memory of the HBM2E kind.")
    memory = {c.value for c in claims if c.topic == "memory"}
    assert "HBM2E" in memory and "HBM" not in memory


def test_a_date_alone_is_no_availability_claim(extractor):
    claims = body(extractor, "Cambricon has been on the US Entity List since late 2022.")
    assert not [c for c in claims if c.topic == "availability"]


def test_a_roadmap_date_is_development(extractor):
    # docs/vocabulary.md: a schedule is development with no value, not an availability stage.
    claims = body(
        extractor, "The roadmap starts with the Ascend 950PR in the first quarter of 2026."
    )
    assert ("huawei", "ascend-950pr", "development", "affirm", "") in keys(claims)
    assert "availability" not in {c.topic for c in claims}


def test_not_saying_is_no_denial(extractor):
    claims = body(extractor, "Huawei did not give shipment figures for the Ascend 910C.")
    assert not [c for c in claims if c.polarity == "deny"]


# Attribution: who speaks -------------------------------------------------------------


def origins(claims, value=None):
    return {c.origin for c in claims if value is None or c.value == value}


def test_an_officer_named_once_is_the_origin_by_full_name_when_named_by_surname(extractor):
    claims = body(
        extractor,
        "AMD reported record revenue. Chief executive Lisa Su told analysts the MI450 is on "
        "track. Su said the MI450 uses TSMC's 2nm process, with 432GB per GPU.",
    )
    assert origins(claims, "TSMC") == {"Lisa Su"}


def test_a_person_named_with_a_title_is_the_origin_by_full_name(extractor):
    claims = body(
        extractor,
        "President Donald Trump said on Monday that Nvidia will be allowed to ship its H200 to "
        "approved customers in China.",
    )
    assert origins(claims, "licensed") == {"Donald Trump"}


def test_an_unnamed_source_speaking_to_this_outlet_is_no_origin(extractor):
    claims = extractor.extract(
        "Kunlun",
        "A person familiar with Kunlunxin's supply chain told Tom's Hardware the P800 is "
        "fabricated by Samsung.",
        0.7,
        "Tom's Hardware",
    )
    assert origins([c for c in claims if not c.headline], "Samsung") == {""}


def test_a_teardown_firm_that_found_something_is_the_origin(extractor):
    claims = body(
        extractor,
        "TechInsights, which dismantled several samples of the Ascend 910C, found a logic die "
        "made by TSMC.",
    )
    assert origins(claims, "TSMC") == {"TechInsights"}


def test_a_company_reporting_its_results_is_the_origin(extractor):
    claims = body(
        extractor, "Nvidia Corporation (NASDAQ:NVDA) reported quarterly revenue of $46.7 billion."
    )
    assert origins(claims, "$46.7 billion") == {"NVIDIA"}


def test_a_research_note_stating_its_own_findings_has_no_origin(extractor):
    # docs/vocabulary.md: the publisher is never the origin; the firm still vouches for it.
    claims = extractor.extract(
        "China supply", "Each Ascend 910C needs eight stacks of HBM2E.", 0.7, "SemiAnalysis"
    )
    stated = [c for c in claims if not c.headline and c.value == "HBM2E"]
    assert origins(stated) == {""}
    assert {c.basis["origin_from"] for c in stated} == {"first-party outlet"}


def test_a_publisher_naming_itself_is_no_origin(extractor):
    # A research firm's own report, and a vendor's own newsroom, speak in their own name.
    report = extractor.extract(
        "HBM",
        "TrendForce expects Samsung's HBM3E not to be used in the B300 at first.",
        0.8,
        "TrendForce",
    )
    newsroom = extractor.extract(
        "Rubin CPX",
        "NVIDIA today announced that Rubin CPX carries 128GB of GDDR7 memory.",
        0.7,
        "NVIDIA (press release)",
    )
    assert origins([c for c in report + newsroom if not c.headline]) == {""}


def test_another_outlets_research_firm_stays_the_origin(extractor):
    claims = extractor.extract(
        "HBM",
        "TrendForce expects Samsung's HBM3E not to be used in the B300 at first.",
        0.9,
        "Reuters",
    )
    assert origins([c for c in claims if not c.headline]) == {"TrendForce"}


def test_a_chinese_company_speaking_after_a_time_and_place_is_the_origin(extractor):
    claims = body(extractor, "寒武纪今日在互动平台表示，思元590已向多家互联网客户批量供货。")
    assert origins(claims, "shipping") == {"Cambricon"}


# Performance needs a figure or a comparison; shipping needs to happen -----------------


def test_a_comparison_is_a_performance_value(extractor):
    claims = body(extractor, "The H200 is considerably more powerful than the H20, Nvidia said.")
    performance = [c for c in claims if c.topic == "performance"]
    assert [(c.chip, c.value) for c in performance] == [("h200", "more powerful than the H20")]


def test_performance_without_a_figure_or_comparison_is_no_claim(extractor):
    claims = body(extractor, "Huawei aims to roughly double computing power with each generation.")
    assert not [c for c in claims if c.topic == "performance"]


@pytest.mark.parametrize(
    "sentence",
    [
        "Nvidia could ship $2 billion to $5 billion of H20 revenue next quarter.",
        "The H20 was the most capable chip Nvidia could still legally ship to China.",
        "Nvidia's guidance excludes any H20 shipments to China.",
    ],
)
def test_shipping_as_a_possibility_is_no_availability_claim(extractor, sentence):
    assert not [c for c in body(extractor, sentence) if c.topic == "availability"]


# Reference: the nearest compatible subject, not the headline's vendor -----------------


def test_the_company_refers_to_the_vendor_just_talked_about_not_the_headlines(extractor):
    claims = body(
        extractor,
        "Huawei's Ascend 910C ships in volume. Huawei also sells servers.\n"
        "Nvidia, meanwhile, designed the H20 for China. The company said the chip is used "
        "mainly for inference.",
        title="Huawei's Ascend 910C ships in volume",
    )
    assert ("nvidia", "h20", "workload", "affirm", "inference") in keys(claims)
    assert not [c for c in claims if c.vendor == "huawei" and c.topic == "workload"]


def test_the_company_after_a_foundry_sentence_is_still_the_storys_subject(extractor):
    claims = body(
        extractor,
        "Huawei unveiled the Ascend 910C on Monday. SMIC makes the chip on its N+2 process. "
        "The company said the chip is built for training.",
        title="Huawei unveils the Ascend 910C",
    )
    assert ("huawei", "ascend-910c", "workload", "affirm", "training") in keys(claims)


@pytest.mark.parametrize(
    "founders",
    [
        "The company, set up in 2020 by former AMD engineers, has not yet turned a profit.",
        "The firm, started by former Advanced Micro Devices Inc. staff, is loss-making.",
        "Founded in 2020 by ex-Nvidia staff, MetaX has not yet turned a profit.",
        "A one-time Intel manager said MetaX has not yet turned a profit.",
    ],
)
def test_a_former_employer_of_the_founders_is_no_antecedent(extractor, founders):
    claims = body(
        extractor,
        f"MetaX raised 4.2 billion yuan in its Shanghai listing. {founders} "
        "It lost 1.4 billion yuan last year, according to the prospectus.",
        title="MetaX doubles on its debut",
    )
    assert ("metax", None, "business", "affirm", "1.4 billion yuan") in keys(claims)
    assert {c.vendor for c in claims} == {"metax"}


def test_his_company_is_the_one_the_founder_started_not_his_old_employer(extractor):
    claims = body(
        extractor,
        "Moore Threads rose fourfold on its first trading day. Its founder spent a decade "
        "running Nvidia's China arm before starting Moore Threads in 2020. His company's "
        "GPUs run MUSA, a software platform that it says can take CUDA code.",
        title="Moore Threads quadruples on debut",
    )
    software = {(c.vendor, c.value) for c in claims if c.topic == "software"}
    assert software and {vendor for vendor, _ in software} == {"moore-threads"}


def test_a_vendor_named_only_as_an_object_is_the_next_references_antecedent(extractor):
    claims = body(
        extractor,
        "Huawei keeps releasing new Ascend chips on a regular cadence. The new rules are bad "
        "news for Nvidia. The company said it would book a $5.5 billion charge.",
        title="US warns buyers off Ascend chips",
    )
    assert ("nvidia", None, "business", "affirm", "$5.5 billion") in keys(claims)
    assert not [c for c in claims if c.vendor == "huawei" and c.topic == "business"]


def test_a_chip_that_also_has_the_feature_is_a_yardstick_not_the_subject(extractor):
    claims = body(
        extractor,
        "The new part, which Nvidia calls the B30A, is a single-die Blackwell design. It "
        "would pair HBM with NVLink, two things the H20 also has.",
        title="Nvidia readies a Blackwell chip for China",
    )
    memory = {(c.chip, c.value) for c in claims if c.topic == "memory"}
    assert memory == {("b30a", "HBM")}


def test_a_flagship_named_after_of_is_no_subject_of_the_next_clause(extractor):
    claims = body(
        extractor,
        "The B30A offers about half the compute of the flagship B300 and would still beat "
        "the H20 on speed.",
        title="Nvidia readies a Blackwell chip for China",
    )
    performance = {c.chip for c in claims if c.topic == "performance"}
    assert performance == {"b30a"}


def test_a_speaker_set_off_by_commas_is_no_subject_of_the_clause_after_it(extractor):
    claims = body(
        extractor,
        "Google is pushing to sell its TPUs to other companies, taking on Nvidia. Meta may "
        "rent TPU v6e capacity from Google Cloud next year. Google's seventh-generation TPU, "
        "Ironwood, went on sale to cloud customers this month. The chip was built mainly for "
        "inference work, Google has said, and carries 192GB of HBM3E.",
        title="Google courts Meta for its TPUs",
    )
    memory = {(c.chip, c.value) for c in claims if c.topic == "memory"}
    assert memory == {("ironwood", "192GB"), ("ironwood", "HBM3E")}


def test_a_chip_the_apposition_calls_next_generation_is_the_chip_developed(extractor):
    claims = body(
        extractor,
        "MetaX sells the Xiyun C500 to cloud providers. The Xiyun C600, the company's "
        "next-generation chip, has been taped out.",
        title="MetaX doubles on its debut",
    )
    assert ("metax", "metax-c600", "development", "affirm", "") in keys(claims)


def test_a_sentence_too_short_to_claim_still_names_the_next_references_antecedent(extractor):
    claims = body(
        extractor,
        "Chinese accelerator makers have plenty of logic dies. Take Cambricon. The company "
        "bought about 100,000 wafers from SMIC last year.",
        title="China's accelerator makers are short of memory, not logic",
    )
    business = {c.vendor for c in claims if c.topic == "business"}
    assert business == {"cambricon"}


def test_an_owner_in_the_predicate_leaves_the_chip_the_subject_of_the_next_clause(extractor):
    claims = body(
        extractor,
        "Huawei is doubling output of the Ascend 910C this year. The Ascend 910B is "
        "Huawei's main training part and has shipped in volume to Chinese cloud providers; "
        "the 910C packs two such dies.",
        title="Huawei ramps up Ascend 910C output",
    )
    availability = {c.chip for c in claims if c.topic == "availability"}
    assert availability == {"ascend-910b"}


# The issue's own examples ---------------------------------------------------------------


def test_an_ex_employee_telling_the_ft_is_neither_the_foundry_nor_the_origin(extractor):
    claims = body(
        extractor, "An ex-Samsung executive told the FT that Huawei's new part comes from SMIC."
    )
    assert keys(claims) == {("huawei", None, "manufacturing", "affirm", "SMIC")}
    assert origins(claims) == {"Financial Times"}


def test_the_chief_executive_of_amd_named_after_the_title_is_the_origin_not_amd(extractor):
    # Issue 10: the speaker is the source; AMD is only the employer in an apposition.
    claims = body(extractor, "The chief executive of AMD, Lisa Su, said the MI450 is made by TSMC.")
    assert origins(claims, "TSMC") == {"Lisa Su"}


def test_a_predecessors_foundry_is_not_the_chips(extractor):
    claims = body(extractor, "The Ascend 910C moves on from the Samsung-made predecessor.")
    assert not [c for c in claims if c.value == "Samsung"]


def test_the_ft_citing_people_familiar_is_the_origin(extractor):
    claims = body(
        extractor,
        "The FT, citing people familiar with the matter, reports that Huawei's Ascend 910C is "
        "made by SMIC.",
    )
    assert origins(claims, "SMIC") == {"Financial Times"}


def test_a_charge_for_the_one_chip_a_sentence_names_is_that_chips(extractor):
    # docs/vocabulary.md: business names the chip its figure is about.
    claims = body(extractor, "Nvidia books a $5.5 billion charge as U.S. curbs H20 sales to China.")
    business = [c for c in claims if c.topic == "business"]
    assert [(c.vendor, c.chip) for c in business] == [("nvidia", "h20")]


def test_a_companys_revenue_stays_chipless_beside_a_chip_in_another_clause(extractor):
    claims = body(
        extractor, "Nvidia's revenue rose to $44 billion, the company said, as H20 sales fell."
    )
    business = [c for c in claims if c.topic == "business"]
    assert business and all(c.chip is None for c in business)


def test_a_company_figure_in_a_story_about_one_chip_does_not_take_that_chip(extractor):
    # docs/vocabulary.md: business is not given the article's main chip (measured against
    # the outside readings on 2026-12-01); a figure naming the chip keeps it.
    claims = body(
        extractor,
        "Nvidia is selling the H20 again in China. The company expects revenue of about "
        "$54 billion this quarter. Chinese buyers have ordered 300,000 H20 chips since July.",
        title="Nvidia resumes H20 sales in China",
    )
    business = {(c.chip, c.value) for c in claims if c.topic == "business"}
    assert [chip for chip, value in business if "$54 billion" in value] == [None]
    assert [chip for chip, value in business if "300,000" in value] == ["h20"]


def test_a_designers_own_memory_is_in_house_hbm(extractor):
    claims = body(extractor, "The 950PR will carry Huawei's first in-house HBM, called HiBL 1.0.")
    memory = {c.value for c in claims if c.topic == "memory"}
    assert memory == {"in-house HBM"}


def test_a_chip_after_an_enumeration_with_articles_is_not_what_the_part_refers_to(extractor):
    claims = body(
        extractor,
        "Nvidia designed the H20 for China. Nvidia designed it after U.S. restrictions cut off "
        "the H100 and the H800, and the part was aimed mainly at inference.",
        title="Nvidia's H20",
    )
    workload = {(c.chip, c.value) for c in claims if c.topic == "workload"}
    assert ("h800", "inference") not in workload


def test_an_approval_is_a_licence_only_where_exports_are_spoken_of(extractor):
    buyback = body(extractor, "Nvidia's board also approved an additional $60 billion buyback.")
    assert not [c for c in buyback if c.topic == "export_controls"]
    waiting = body(extractor, "AMD's MI308 is still awaiting approval to be sold to China.")
    assert ("amd", "mi308", "export_controls", "deny", "licensed") in keys(waiting)


def test_a_chip_developed_years_ago_is_no_development_news(extractor):
    claims = body(
        extractor,
        "The Hanguang 800, which T-Head unveiled in 2019, was made on TSMC's 12nm process.",
    )
    assert not [c for c in claims if c.topic == "development"]
    assert ("alibaba", "hanguang-800", "manufacturing", "affirm", "TSMC") in keys(claims)


def test_the_yardstick_of_a_comparison_is_not_the_subject(extractor):
    claims = body(
        extractor,
        "Nvidia's B30A uses a single die. That would give it roughly half the raw compute of "
        "the dual-die B300.",
        title="Nvidia's B30A for China",
    )
    performance = [c for c in claims if c.topic == "performance"]
    assert {c.chip for c in performance} == {"b30a"}


def test_needing_a_licence_is_a_ban(extractor):
    claims = body(
        extractor, "AMD's MI308 accelerator now also needs a licence to be sold to China."
    )
    assert ("amd", "mi308", "export_controls", "affirm", "banned") in keys(claims)


def test_not_reaches_the_predicate_after_it_not_a_phrase_further_on(extractor):
    claims = body(
        extractor, "Nvidia said it has not shipped any H20 based on those export licences."
    )
    assert ("nvidia", "h20", "availability", "deny", "shipping") in keys(claims)
    assert not [c for c in claims if c.topic == "export_controls" and c.polarity == "deny"]


def test_none_granted_denies_the_licence_the_clause_before_spoke_of(extractor):
    claims = body(
        extractor,
        "The B30A can only ship with a licence from Washington, and none has been granted.",
    )
    assert ("nvidia", "b30a", "export_controls", "deny", "licensed") in keys(claims)


def test_cannot_use_a_foundry_is_a_denial_of_that_foundry(extractor):
    claims = body(
        extractor,
        "Cambricon has been on the US Entity List since late 2022 and cannot use TSMC for "
        "advanced chips.",
    )
    assert ("cambricon", None, "manufacturing", "deny", "TSMC") in keys(claims)


def test_domestic_companies_described_are_no_supply_chain_claim(extractor):
    claims = body(
        extractor,
        "Beijing has discouraged domestic technology companies from ordering Nvidia's H20.",
    )
    assert not [c for c in claims if c.topic == "supply_chain"]


def test_a_supply_chain_claim_is_the_vendors_even_when_a_chip_is_named(extractor):
    # docs/vocabulary.md: supply_chain is vendor-level, never a chip.
    claims = body(
        extractor,
        "Huawei has denied that its Ascend 910C processors were manufactured by TSMC, saying "
        "the chips were domestically produced.",
    )
    assert ("huawei", None, "supply_chain", "affirm", "domestic") in keys(claims)


def test_despite_its_claims_of_self_sufficiency_is_no_domestic_claim(extractor):
    claims = body(
        extractor,
        "Huawei's flagship still depends on foreign technology, despite its claims of "
        "self-sufficiency.",
    )
    assert {c.value for c in claims if c.topic == "supply_chain"} == {"foreign"}


def test_the_memory_maker_a_sentence_opens_with_supplies_the_named_chip(extractor):
    claims = body(
        extractor,
        "Micron, which counts Nvidia as its largest HBM customer, supplies HBM3E for the B300.",
    )
    assert ("nvidia", "b300", "memory", "affirm", "HBM3E") in keys(claims)
    assert ("nvidia", "b300", "memory", "affirm", "Micron") in keys(claims)
    statement = next(c.statement for c in claims if c.value == "Micron")
    assert statement.endswith("memory Micron")


def test_relying_on_a_foreign_memory_maker_is_a_foreign_supply_chain(extractor):
    # No word says "foreign": the supplier's country does (Samsung, a Korean memory maker).
    claims = body(
        extractor, "Cambricon still leans on a stockpile, relying on HBM2E from Samsung for now."
    )
    assert ("cambricon", None, "supply_chain", "affirm", "foreign") in keys(claims)


def test_memory_drawn_from_a_foreign_stockpile_is_a_foreign_supply_chain(extractor):
    claims = body(
        extractor, "The first Ascend 950PR boards will use HBM2E drawn from stocks of SK hynix."
    )
    assert ("huawei", None, "supply_chain", "affirm", "foreign") in keys(claims)


def test_no_longer_relying_on_a_foreign_foundry_is_no_foreign_supply_chain(extractor):
    claims = body(extractor, "Huawei no longer relies on TSMC for the Ascend 910C.")
    assert ("huawei", None, "supply_chain", "affirm", "foreign") not in keys(claims)


def test_an_american_designer_relying_on_a_foreign_supplier_is_no_supply_chain_claim(extractor):
    # domestic/foreign is the self-sufficiency question of Chinese chipmakers.
    claims = body(extractor, "Nvidia relies on SK hynix for the HBM3E in the B300.")
    assert "supply_chain" not in {c.topic for c in claims}


def test_relying_on_a_domestic_foundry_is_no_foreign_supply_chain(extractor):
    claims = body(extractor, "Cambricon relies on SMIC for the MLU590.")
    assert ("cambricon", None, "supply_chain", "affirm", "foreign") not in keys(claims)


def test_a_reliance_that_is_over_is_no_foreign_supply_chain(extractor):
    claims = body(extractor, "Until now, Cambricon relied on HBM2E made by Samsung for the MLU590.")
    assert ("cambricon", None, "supply_chain", "affirm", "foreign") not in keys(claims)


def test_memory_used_rather_than_bought_abroad_is_no_foreign_supply_chain(extractor):
    claims = body(
        extractor,
        "The MLU690 will carry CXMT's HBM3 rather than HBM bought from SK hynix, Cambricon said.",
    )
    assert ("cambricon", None, "supply_chain", "affirm", "foreign") not in keys(claims)


def test_production_moved_to_mainland_suppliers_is_a_domestic_supply_chain(extractor):
    claims = body(extractor, "Biren later moved its production to mainland suppliers.")
    assert ("biren", None, "supply_chain", "affirm", "domestic") in keys(claims)


def test_made_entirely_within_chinas_supply_chain_is_domestic(extractor):
    claims = body(
        extractor, "MetaX says the C600 is built entirely within China's own supply chain."
    )
    assert ("metax", None, "supply_chain", "affirm", "domestic") in keys(claims)


def test_mainland_suppliers_expected_to_win_orders_are_no_supply_chain_claim(extractor):
    claims = body(extractor, "Analysts expect mainland suppliers to win more of Huawei's orders.")
    assert "supply_chain" not in {c.topic for c in claims}


def said(chip, value, polarity="affirm", topic="software", vendor="nvidia"):
    return ExtractedClaim(vendor, chip, topic, polarity, value, "", "", "", 0.7)


def test_a_chipless_claim_saying_what_the_article_says_of_one_chip_is_that_chips():
    # "…the H20 has no backdoors." then "The company repeated there was no backdoor."
    claims = [
        said("h20", "backdoor", "deny"),
        said(None, "backdoor", "deny"),
        said(None, "backdoor", "affirm"),  # the article says no chip affirms it: left alone
        said(None, "CUDA"),
    ]
    found = rule_chipless_echo_takes_the_chip(claims)
    assert [(c.chip, c.polarity, c.value) for c in found] == [
        ("h20", "deny", "backdoor"),
        ("h20", "deny", "backdoor"),
        (None, "affirm", "backdoor"),
        (None, "affirm", "CUDA"),
    ]


def test_a_chipless_echo_of_two_chips_or_of_a_vendor_level_topic_stays_chipless():
    two = [said("h20", "HBM3", topic="memory"), said("h200", "HBM3", topic="memory")]
    found = rule_chipless_echo_takes_the_chip([*two, said(None, "HBM3", topic="memory")])
    assert found[-1].chip is None
    business = [said("h20", "orders", topic="business"), said(None, "orders", topic="business")]
    assert rule_chipless_echo_takes_the_chip(business)[-1].chip is None


# The story's new chip, once it is given a name ---------------------------------------------


def test_a_new_chip_known_by_a_name_is_the_chip_its_development_is_about(extractor):
    claims = body(
        extractor,
        "Cambricon is developing a new training processor that would outperform its MLU590, "
        "two people said. The chip, known internally as the MLU690, will use a single die. "
        "The design would carry HBM3 memory. Cambricon hopes to send samples to customers "
        "by the end of the year.",
    )
    development = {c.chip for c in claims if c.topic == "development"}
    assert development == {"mlu690"}
    assert ("cambricon", "mlu690", "memory", "affirm", "HBM3") in keys(claims)


def test_a_part_people_refer_to_by_a_name_later_in_the_lead_is_the_storys_chip(extractor):
    claims = body(
        extractor,
        "Nvidia is preparing a cheaper AI chipset for China that will cost far less than the "
        "H20, sources said. Prices would range from $6,500 to $8,000. It would skip advanced "
        "packaging. Some people in the supply chain refer to the part as the B40.",
    )
    assert ("nvidia", "b40", "development", "affirm", "") in keys(claims)
    assert not any(c.topic == "development" and c.chip == "h20" for c in claims)


def test_a_code_named_processor_takes_the_development_said_of_it(extractor):
    claims = body(
        extractor,
        "Huawei is working on a new AI processor that would replace the Ascend 910C in its "
        "clusters, according to people familiar with the plans. The processor, code-named "
        "the Ascend 950DT, is due next year.",
    )
    assert ("huawei", "ascend-950dt", "development", "affirm", "") in keys(claims)
    assert ("huawei", None, "development", "affirm", "") not in keys(claims)


def test_the_successor_of_a_named_new_chip_is_not_that_chip(extractor):
    claims = body(
        extractor,
        "Nvidia is developing a new AI chip for China, two people said. The chip, tentatively "
        "called the B30A, uses a single die. Nvidia is also developing a next-generation "
        "part for 2027.",
    )
    later = [c for c in claims if c.topic == "development" and "2027" in c.quote]
    assert later and all(c.chip is None for c in later)


# Which chip a clause's development is about ----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "chip"),
    [
        (
            "The MI355X began shipping in June, and the company is on track to launch the "
            "MI450 series next year.",
            "mi400",
        ),
        (
            "The H20 sold well in China, and the company plans to launch the B30A next year.",
            "b30a",
        ),
        (
            "The Ascend 910C is in mass production, and the company is preparing to launch "
            "the Ascend 950PR.",
            "ascend-950pr",
        ),
    ],
)
def test_the_company_launching_a_chip_is_no_naming_of_the_chip_before(extractor, text, chip):
    development = {c.chip for c in body(extractor, text) if c.topic == "development"}
    assert development == {chip}


@pytest.mark.parametrize(
    ("text", "rival"),
    [
        ("Nvidia is preparing a cheaper Blackwell chip for China after H20 curbs.", "h20"),
        ("Nvidia is preparing a new chip that is faster than the H20.", "h20"),
        ("Huawei is developing a new processor to replace the Ascend 910B.", "ascend-910b"),
    ],
)
def test_a_new_chip_is_not_the_one_named_as_a_time_or_a_yardstick(extractor, text, rival):
    claims = body(extractor, text)
    assert not [c for c in claims if c.topic == "development" and c.chip == rival]


def test_a_new_version_of_a_named_chip_is_still_that_chip(extractor):
    claims = body(extractor, "Amazon is developing a new version of its Inferentia2 chip.")
    assert ("amazon", "inferentia2", "development", "affirm", "") in keys(claims)


@pytest.mark.parametrize(
    ("title", "text", "expected"),
    [
        (
            "Nvidia's H20 curbs hit Tencent",
            "Tencent's training fleet consists almost entirely of Nvidia hardware.",
            ("nvidia", None, "workload", "affirm", "training"),
        ),
        (
            "Nvidia's H20 sells slowly",
            "Meta uses Nvidia GPUs to train its Llama models.",
            ("nvidia", None, "workload", "affirm", "training"),
        ),
        (
            "AMD's MI308 is cleared for China",
            "Baidu still trains its Ernie models on AMD accelerators.",
            ("amd", None, "workload", "affirm", "training"),
        ),
    ],
)
def test_a_buyers_work_on_a_makers_hardware_stays_chipless(extractor, title, text, expected):
    # docs/vocabulary.md: "trains models on Nvidia GPUs" is chipless on the vendor, not the
    # story's main chip.
    assert expected in keys(c for c in extractor.extract(title, text, 0.7) if not c.headline)


@pytest.mark.parametrize(
    ("title", "text", "vendor"),
    [
        (
            "TSMC die found in Huawei's Ascend 910B",
            "Huawei has been barred since 2020 from buying chips made with US technology "
            "without a licence.",
            "huawei",
        ),
        (
            "Cambricon ramps the MLU590",
            "Cambricon has been cut off from buying TSMC wafers without a licence since 2022.",
            "cambricon",
        ),
        (
            "Moore Threads launches the MTT S4000",
            "Moore Threads is blocked from acquiring American chips without a license.",
            "moore-threads",
        ),
    ],
)
def test_a_company_barred_from_buying_is_the_companys_ban(extractor, title, text, vendor):
    claims = [c for c in extractor.extract(title, text, 0.7) if not c.headline]
    assert (vendor, None, "export_controls", "affirm", "banned") in keys(claims)
    assert not [c for c in claims if c.topic == "export_controls" and c.chip]


def test_a_licence_requirement_on_sales_is_still_the_storys_chips(extractor):
    claims = extractor.extract(
        "Nvidia's H20 needs a licence",
        "Nvidia said sales of its chips to China now require a licence.",
        0.7,
    )
    assert ("nvidia", "h20", "export_controls", "affirm", "banned") in keys(claims)


@pytest.mark.parametrize(
    ("text", "chip"),
    [
        (
            "Chinese authorities told the largest tech companies to pause orders for Nvidia's "
            "H200 chips.",
            "h200",
        ),
        (
            "Several internet companies have been told to hold off on placing H200 orders.",
            "h200",
        ),
        ("Regulators urged firms to suspend purchases of the H20.", "h20"),
    ],
)
def test_buyers_told_to_pause_orders_is_a_ban_not_business(extractor, text, chip):
    # docs/vocabulary.md: Beijing telling companies to avoid or stop buying a chip is banned.
    claims = body(extractor, text)
    assert ("nvidia", chip, "export_controls", "affirm", "banned") in keys(claims)
    assert "business" not in {c.topic for c in claims}


def test_a_seller_pausing_its_own_orders_is_no_ban(extractor):
    claims = body(extractor, "Nvidia said it had paused orders for the H20.")
    assert "export_controls" not in {c.topic for c in claims}


@pytest.mark.parametrize(
    ("title", "text", "yardstick", "its_value"),
    [
        (
            "Intel's Gaudi 3 in depth",
            "Each die is fabbed by TSMC on its 5nm process, a jump from the 7nm node used for "
            "Gaudi 2.",
            "gaudi-2",
            "7nm",
        ),
        (
            "AWS's Trainium3 arrives",
            "Each die is built on a 3nm process, up from 5nm for Trainium2.",
            "trainium2",
            "5nm",
        ),
        (
            "Microsoft's Maia 200 is late",
            "Its dies are made by TSMC on a 3nm node, compared with 5nm for the Maia 100.",
            "maia-100",
            "5nm",
        ),
    ],
)
def test_a_yardstick_named_after_a_comparison_keeps_only_its_own_values(
    extractor, title, text, yardstick, its_value
):
    claims = [c for c in extractor.extract(title, text, 0.7) if not c.headline]
    assert {c.value for c in claims if c.chip == yardstick} <= {its_value}
    assert [c for c in claims if c.topic == "manufacturing" and c.chip != yardstick]
