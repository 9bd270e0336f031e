"""Issue 10, missed claims: how outlets word orders, prices, volumes, listings, growth
and market positions, one spec each (and what those cues must not take)."""

import pytest

from tests.chips.extracting import body, business, keys

# Business: orders, prices, write-offs, deliveries -------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "Nvidia had ordered 200,000 H20 chips from its foundry.",
        "Analysts put the price of the H20 at $11,000 apiece.",
        "Nvidia has written off $4.5 billion of H20 inventory.",
        "Cambricon is targeting deliveries of about 400,000 accelerators next year.",
        "Nvidia's Data Center segment contributed $39.1 billion in the quarter.",
    ],
)
def test_orders_prices_write_offs_and_deliveries_with_a_figure_are_business(extractor, sentence):
    claims = body(extractor, sentence)
    assert [c for c in claims if c.topic == "business" and c.polarity == "affirm"]


def test_a_share_price_is_no_business_figure(extractor):
    claims = body(extractor, "Hygon offered Sugon holders a swap price of 70 yuan a share.")
    assert not [c for c in claims if c.topic == "business"]


@pytest.mark.parametrize(
    "sentence",
    [
        "Analysts estimate buyers have ordered hundreds of thousands of Huawei's chips.",
        "Huawei could ship about 600,000 of them this year, an analyst estimated.",
    ],
)
def test_a_unit_volume_without_a_unit_noun_is_a_business_figure(extractor, sentence):
    assert ("huawei", "affirm") in {(v, p) for v, p, _ in business(body(extractor, sentence))}


# Business events: growth, listings, exits, antitrust, market positions ---------------


@pytest.mark.parametrize(
    ("sentence", "value"),
    [
        ("SMIC doubles its 5nm capacity.", "double 5nm capacity"),
        ("SMIC plans to double its 5nm capacity next year.", "double 5nm capacity"),
        ("Cambricon wants to produce three times as many chips next year.", "triple output"),
        ("Cambricon aims to triple its chip output in 2027.", "triple output"),
    ],
)
def test_growth_in_output_or_capacity_has_one_spelling(extractor, sentence, value):
    assert {v for *_, v in business(body(extractor, sentence))} == {value}


def test_doubling_without_a_business_cue_is_no_business_claim(extractor):
    claims = body(extractor, "SK hynix's new stacks double the number of I/O pins.")
    assert not [c for c in claims if c.topic == "business"]


@pytest.mark.parametrize(
    "sentence",
    [
        "Baidu's chip unit Kunlunxin files for a Hong Kong listing.",
        "Moore Threads listed in Shanghai in December.",
        "Biren made its Hong Kong debut on Friday.",
    ],
)
def test_a_listing_applied_for_or_made_is_a_business_event(extractor, sentence):
    assert {v for *_, v in business(body(extractor, sentence))} == {"listing"}


def test_pulling_out_of_a_market_is_an_exit(extractor):
    claims = body(extractor, "Micron is pulling out of the market for server chips in China.")
    assert ("micron", "affirm", "exit") in business(claims)


def test_an_antitrust_finding_is_a_business_claim(extractor):
    claims = body(extractor, "Regulators said Nvidia had violated antitrust law.")
    assert ("nvidia", "affirm", "antitrust") in business(claims)


@pytest.mark.parametrize(
    ("sentence", "vendor", "value"),
    [
        ("Huawei remains the largest domestic supplier.", "huawei", "largest domestic supplier"),
        ("Huawei is China's biggest supplier of AI chips.", "huawei", "biggest supplier"),
    ],
)
def test_a_market_position_is_a_business_claim_in_the_storys_words(
    extractor, sentence, vendor, value
):
    assert (vendor, "affirm", value) in business(body(extractor, sentence))


@pytest.mark.parametrize(
    "sentence",
    [
        "Hygon calls off its merger with top shareholder Sugon.",
        "Tencent and Alibaba had been among Nvidia's largest buyers.",
        "Huawei's Ascend 910C is Nvidia's main rival in China.",
    ],
)
def test_a_rival_a_buyer_or_a_shareholder_described_is_no_market_position(extractor, sentence):
    values = {v for *_, v in business(body(extractor, sentence))}
    assert not [v for v in values if "largest" in v or "main" in v or "top" in v]


# Development: launches, release plans, roadmaps ----------------------------------------


@pytest.mark.parametrize(
    ("sentence", "vendor", "chip"),
    [
        ("AMD launches the Instinct MI355X at its event.", "amd", "mi355x"),
        ("Nvidia to launch a cheaper Blackwell chip for China.", "nvidia", None),
        ("Huawei plans to release its Ascend 950PR next spring.", "huawei", "ascend-950pr"),
        ("Nvidia is preparing a new accelerator for Chinese buyers.", "nvidia", None),
        ("The Ascend 950PR will be followed by the Ascend 950DT.", "huawei", "ascend-950pr"),
    ],
)
def test_a_launch_a_release_plan_or_a_roadmap_is_development(extractor, sentence, vendor, chip):
    claims = body(extractor, sentence)
    assert (vendor, chip, "development", "affirm", "") in keys(claims)


def test_a_launch_as_a_noun_is_no_development(extractor):
    claims = body(extractor, "Analysts publish notes about Kunlunxin's P800 around each launch.")
    assert not [c for c in claims if c.topic == "development"]


def test_a_name_after_comma_and_opens_its_own_clause_as_its_subject(extractor):
    claims = body(
        extractor,
        "Baidu's Kunlunxin filed for a Hong Kong listing, and Huawei plans to release its "
        "Ascend 950PR in the spring.",
    )
    assert {(c.vendor, c.topic) for c in claims} >= {
        ("baidu", "business"),
        ("huawei", "development"),
    }
    assert ("baidu", "development") not in {(c.vendor, c.topic) for c in claims}


# Output plans and ceilings -------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "value"),
    [
        (
            "Huawei plans to make 500,000 Ascend 910C packages next year.",
            "500,000 Ascend 910C packages",
        ),
        ("Huawei aims to turn out as many as 1.2 million dies.", "1.2 million dies"),
        ("Huawei can make no more than 150,000 advanced AI chips.", "150,000 advanced AI chips"),
    ],
)
def test_a_planned_output_or_its_ceiling_is_an_affirmed_unit_volume(extractor, sentence, value):
    assert ("huawei", "affirm", value) in business(body(extractor, sentence))


def test_a_market_value_is_no_business_figure(extractor):
    claims = body(extractor, "The rally gave Cambricon a market value of about 500 billion yuan.")
    assert not [c for c in claims if c.topic == "business"]


# Export controls: names between the verb and its preposition -----------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "China bars Nvidia, AMD and Intel chips from state-funded data centres.",
        "The guidance could shut Nvidia, AMD and Intel out of China's state market.",
    ],
)
def test_every_vendor_barred_or_shut_out_is_banned(extractor, sentence):
    banned = {
        c.vendor
        for c in body(extractor, sentence)
        if c.topic == "export_controls" and c.value == "banned"
    }
    assert banned == {"nvidia", "amd", "intel"}


# Software: a backdoor or a remote shutdown ------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "polarity"),
    [
        ("The regulator asked Nvidia about backdoor risks in the H20.", "affirm"),
        ("Experts said the H20 could be tracked and shut down remotely.", "affirm"),
        ("Nvidia said the H20 has no backdoors.", "deny"),
        ("Nvidia said there was no hidden way into the H20.", "deny"),
    ],
)
def test_a_backdoor_is_a_software_claim_on_the_chip(extractor, sentence, polarity):
    claims = body(extractor, sentence)
    assert ("nvidia", "h20", "software", polarity, "backdoor") in keys(claims)


# Software: a model a chip runs ------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Google's Ironwood already runs Gemini models for its search business.",
            ("google", "ironwood", "software", "affirm", "Gemini"),
        ),
        (
            "Cambricon said the MLU590 supports Qwen3 out of the box.",
            ("cambricon", "mlu590", "software", "affirm", "Qwen3"),
        ),
        (
            "Microsoft's Maia 200 will power OpenAI's GPT-5.2 models in Azure.",
            ("microsoft", "maia-200", "software", "affirm", "GPT-5.2"),
        ),
        (
            "Huawei said it completed day-zero adaptation of V3.2-Exp on the Ascend 910C.",
            ("huawei", "ascend-910c", "software", "affirm", "DeepSeek V3.2-Exp"),
        ),
        (
            "MetaX said its GPUs have been adapted to mainstream models including DeepSeek, "
            "Llama and Tencent's Hunyuan.",
            ("metax", None, "software", "affirm", "Hunyuan"),
        ),
        ("沐曦称其GPU已适配通义千问等大模型。", ("metax", None, "software", "affirm", "Qwen")),
    ],
)
def test_a_named_model_a_chip_runs_is_its_software(extractor, sentence, expected):
    # docs/vocabulary.md: a model a chip runs is software compatibility, the model the value.
    claims = body(extractor, sentence)
    assert expected in keys(claims)
    assert not [c for c in claims if c.topic == "workload"]


def test_a_model_in_a_list_of_them_is_one_label_each(extractor):
    claims = body(
        extractor,
        "MetaX said its GPUs have been adapted to mainstream models including DeepSeek, "
        "Llama and Tencent's Hunyuan.",
    )
    assert {c.value for c in claims if c.topic == "software"} == {"DeepSeek", "Llama", "Hunyuan"}


def test_the_new_model_is_the_one_the_story_names(extractor):
    # docs/vocabulary.md: "the new model", "the adaptation" and the bare family of a story
    # about one version are that version.
    claims = extractor.extract(
        "Moore Threads GPUs run DeepSeek's new model",
        "DeepSeek released V3.2-Exp on Monday. Moore Threads said it had adapted its MUSA "
        "stack to the new model within hours. Biren said it had also completed adaptation.",
        0.7,
    )
    software = {(c.vendor, c.value) for c in claims if c.topic == "software"}
    assert ("moore-threads", "DeepSeek V3.2-Exp") in software
    assert ("biren", "DeepSeek V3.2-Exp") in software
    assert ("moore-threads", "DeepSeek") not in software
    assert not [c for c in claims if c.value == "the story's model"]


def test_an_unnamed_model_with_no_model_in_the_story_names_nothing(extractor):
    claims = body(extractor, "Biren said it had completed adaptation for its BR100.")
    assert "software" not in {c.topic for c in claims}


@pytest.mark.parametrize(
    "sentence",
    [
        # Training a model on a chip is its workload, not its compatibility.
        "The Kunlun P800 powers a cluster that Baidu uses to train its Ernie models.",
        # A chatbot the work serves is no model run.
        "Baidu said the P800 runs most of the inference work behind its Ernie chatbot.",
        # DeepSeek the company is no model.
        "DeepSeek runs its services on Huawei's Ascend 910C, the company said.",
    ],
)
def test_a_model_trained_or_a_product_served_is_no_software(extractor, sentence):
    claims = body(extractor, sentence)
    assert not [c for c in claims if c.topic == "software"]


# Performance: comparisons as outlets word them --------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "value"),
    [
        (
            "Analysts say the Ascend 910C is roughly level with Nvidia's H100.",
            "level with Nvidia's H100",
        ),
        ("Huawei's Ascend 910C claims H100-class performance.", "H100-class performance"),
        (
            "Huawei said its Ascend chips trail their U.S. rivals by a generation.",
            "a generation behind",
        ),
        ("Huawei's Ascend 910C is still a generation behind Nvidia's best.", "a generation behind"),
    ],
)
def test_comparisons_outlets_word_differently_are_performance_claims(extractor, sentence, value):
    claims = body(extractor, sentence)
    assert value in {c.value for c in claims if c.topic == "performance" and c.vendor == "huawei"}


def test_a_memory_makers_own_speed_figure_is_its_performance(extractor):
    claims = body(extractor, "Micron says its HBM4 stacks exceed 2.5TB/s of bandwidth each.")
    assert ("micron", None, "performance", "affirm", "2.5TB/s") in keys(claims)


def test_a_memory_maker_named_as_a_rival_makes_no_performance_claim(extractor):
    claims = body(extractor, "Samsung trailed SK hynix through the HBM3 generation.")
    assert not [c for c in claims if c.topic == "performance"]


# Export controls: instructions, discouragement, import approvals --------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "Regulators told Tencent and other groups to cancel orders for the RTX Pro 6000D.",
        "Regulators told buyers to end tests of the RTX Pro 6000D and to halt purchases.",
        "Earlier guidance urged buyers to avoid the chips, meaning the RTX Pro 6000D.",
        "Beijing told large buyers to limit RTX Pro 6000D purchases to special cases.",
        "Sales of the RTX Pro 6000D fell after Beijing discouraged companies from buying it.",
    ],
)
def test_an_instruction_not_to_buy_is_a_ban(extractor, sentence):
    claims = body(extractor, sentence)
    assert ("nvidia", "rtx-6000d", "export_controls", "affirm", "banned") in keys(claims)
    assert not [c for c in claims if c.topic == "export_controls" and c.polarity == "deny"]


def test_rules_that_bar_a_company_from_receiving_technology_ban_it(extractor):
    claims = body(extractor, "Rules bar Huawei from receiving U.S. technology.")
    assert ("huawei", None, "export_controls", "affirm", "banned") in keys(claims)


@pytest.mark.parametrize(
    "sentence",
    [
        "China has approved its first batch of imports of Nvidia's H200 chips.",
        "China approves first Nvidia H200 imports for three groups.",
    ],
)
def test_an_approval_of_imports_is_a_licence(extractor, sentence):
    claims = body(extractor, sentence)
    assert ("nvidia", "h200", "export_controls", "affirm", "licensed") in keys(claims)


# Memory: the chip's own memory, however the sentence refers to it --------------------------


def test_a_foundry_a_chip_uses_is_no_subject_of_its_memory(extractor):
    claims = body(extractor, "Su said the MI450 uses TSMC's 2nm process and HBM4.")
    assert ("amd", "mi400", "memory", "affirm", "HBM4") in keys(claims)
    assert not [c for c in claims if c.vendor == "tsmc"]


def test_each_chip_refers_to_the_storys_chip(extractor):
    claims = extractor.extract(
        "AWS ships Trainium3", "Each chip packs 144GB of HBM3E, AWS said.", 0.7
    )
    assert ("amazon", "trainium3", "memory", "affirm", "HBM3E") in keys(claims)


# Manufacturing: who makes the chips ------------------------------------------------------


def test_a_foundry_that_has_not_made_a_designers_chips_is_denied(extractor):
    claims = body(
        extractor,
        "The MTT S5000 is made by SMIC, and TSMC has not made chips for Moore Threads since 2023.",
    )
    assert ("moore-threads", "mtt-s5000", "manufacturing", "deny", "TSMC") in keys(claims)
    assert ("moore-threads", "mtt-s5000", "manufacturing", "affirm", "SMIC") in keys(claims)


def test_chips_taped_out_at_a_foundry_are_made_there(extractor):
    claims = body(extractor, "Nvidia said its Rubin chips have been taped out at TSMC.")
    assert ("nvidia", "rubin", "manufacturing", "affirm", "TSMC") in keys(claims)


@pytest.mark.parametrize(
    "sentence",
    [
        "The Entity List bars TSMC from making chips for Huawei's Ascend 910B.",
        "TSMC stopped making chips for Huawei's Ascend 910B in 2020.",
    ],
)
def test_a_barred_or_stopped_supply_names_no_foundry(extractor, sentence):
    claims = body(extractor, sentence)
    assert not [c for c in claims if c.topic == "manufacturing" and c.polarity == "affirm"]


@pytest.mark.parametrize(
    ("sentence", "vendor", "foundry"),
    [
        ("SMIC, which makes most of Huawei's chips, declined to comment.", "huawei", "SMIC"),
        ("SMIC, which is China's largest chipmaker, makes Huawei's chips.", "huawei", "SMIC"),
    ],
)
def test_a_foundry_a_relative_clause_follows_makes_the_chips(extractor, sentence, vendor, foundry):
    manufacturing = {
        (c.vendor, c.polarity, c.value)
        for c in body(extractor, sentence)
        if c.topic == "manufacturing"
    }
    assert (vendor, "affirm", foundry) in manufacturing


@pytest.mark.parametrize(
    ("sentence", "vendor"),
    [
        ("TSMC, which stopped making chips for Cambricon, declined to comment.", "cambricon"),
        ("The listing is symbolic, since TSMC no longer supplies Huawei.", "huawei"),
        ("TSMC stopped taking orders from Huawei in 2020.", "huawei"),
        ("TSMC stopped making chips for Huawei's Ascend 910B in 2020.", "huawei"),
    ],
)
def test_a_foundry_that_no_longer_supplies_a_designer_is_denied(extractor, sentence, vendor):
    manufacturing = {
        (c.vendor, c.polarity, c.value)
        for c in body(extractor, sentence)
        if c.topic == "manufacturing"
    }
    assert manufacturing == {(vendor, "deny", "TSMC")}


@pytest.mark.parametrize(
    "sentence",
    [
        "Washington's rules bar TSMC from making chips for Huawei.",
        "Since 2020 export controls have prevented TSMC from manufacturing chips for Huawei.",
        "Under the sanctions TSMC is barred from fabricating chips for Huawei.",
        "The new rules forced TSMC to stop producing chips for Huawei.",
        # The customer as the owner of the chips made.
        "Under the sanctions TSMC is prohibited from making Huawei's processors.",
    ],
)
def test_a_foundry_barred_from_a_designer_is_denied_and_the_designer_banned(extractor, sentence):
    # Both claims are the sentence's: the ban, and that the foundry no longer makes the
    # designer's chips (a barred supply is never one the foundry keeps up).
    found = keys(body(extractor, sentence))
    assert ("huawei", None, "manufacturing", "deny", "TSMC") in found
    assert ("huawei", None, "manufacturing", "affirm", "TSMC") not in found


@pytest.mark.parametrize(
    "sentence",
    [
        "Huawei's Ascend 910C is now in mass production at SMIC.",
        "Huawei's Ascend 910C, which entered volume production at SMIC this year, rivals the H100.",
    ],
)
def test_production_at_a_foundry_names_the_foundry(extractor, sentence):
    # The stage is availability's word; where the chip is produced is still manufacturing.
    found = keys(body(extractor, sentence))
    assert ("huawei", "ascend-910c", "manufacturing", "affirm", "SMIC") in found


def test_a_foundry_barred_unless_licensed_makes_no_foundry_claim(extractor):
    # A licence requirement says neither that the foundry makes the chips nor that it does
    # not.
    claims = body(
        extractor,
        "Huawei sits on the Entity List, which bars TSMC from making chips for it without a "
        "licence.",
    )
    assert not [c for c in claims if c.topic == "manufacturing"]
    assert ("huawei", None, "export_controls", "affirm", "banned") in keys(claims)


@pytest.mark.parametrize(
    "sentence",
    [
        # A supply of memory, not of a foundry's chips.
        "Samsung supplies HBM3E to Nvidia.",
        "Nvidia's B300 uses HBM3E from Samsung, which also makes chips for Tesla.",
        # Orders a designer stops taking are its own business, not a foundry.
        "Nvidia stopped taking orders for the H20.",
    ],
)
def test_a_supply_or_orders_name_no_foundry_without_one(extractor, sentence):
    claims = body(extractor, sentence)
    assert not [c for c in claims if c.topic == "manufacturing"]


def test_the_customer_a_foundry_supplies_is_the_subject_not_a_name_in_an_apposition(extractor):
    claims = body(
        extractor,
        "TSMC, the main supplier of Nvidia's AI processors, stopped taking orders from Huawei.",
    )
    manufacturing = {(c.vendor, c.polarity, c.value) for c in claims if c.topic == "manufacturing"}
    assert manufacturing == {("huawei", "deny", "TSMC")}


def test_a_relative_clause_names_another_customer_of_the_same_foundry(extractor):
    claims = body(extractor, "Nvidia's H20 is made by TSMC, which also makes chips for AMD.")
    assert ("nvidia", "h20", "manufacturing", "affirm", "TSMC") in keys(claims)
    assert ("amd", None, "manufacturing", "affirm", "TSMC") in keys(claims)


def test_chips_a_designer_orders_from_a_foundry_are_made_there(extractor):
    claims = body(extractor, "Nvidia had ordered 300,000 H20 chips from TSMC for Chinese buyers.")
    assert ("nvidia", "h20", "manufacturing", "affirm", "TSMC") in keys(claims)


@pytest.mark.parametrize(
    "sentence",
    [
        "Nvidia ordered more HBM3E chips from Samsung.",
        "ByteDance ordered 100,000 H20 chips from Nvidia.",
    ],
)
def test_chips_ordered_from_a_memory_maker_or_a_designer_name_no_foundry(extractor, sentence):
    assert not [c for c in body(extractor, sentence) if c.topic == "manufacturing"]


def test_it_after_an_opening_phrase_is_the_stories_chip(extractor):
    claims = body(
        extractor,
        "Google's Ironwood is its seventh TPU. Like earlier generations, it is fabricated by "
        "Taiwan Semiconductor Manufacturing Co.",
    )
    assert ("google", "ironwood", "manufacturing", "affirm", "TSMC") in keys(claims)


def test_a_foundry_referred_to_as_it_that_has_not_supplied_a_designer_is_denied(extractor):
    claims = body(
        extractor,
        "TSMC said it traced the die to an order placed by Sophgo, and that it has not "
        "supplied Huawei since September 2020.",
    )
    manufacturing = {(c.vendor, c.polarity, c.value) for c in claims if c.topic == "manufacturing"}
    assert manufacturing == {("huawei", "deny", "TSMC")}


def test_a_memory_maker_referred_to_as_it_supplies_memory_not_chips(extractor):
    claims = body(extractor, "Samsung said it supplies Nvidia with HBM3E.")
    assert not [c for c in claims if c.topic == "manufacturing"]


def test_the_die_a_foundry_makes_is_the_stories_chip_not_the_foundrys(extractor):
    claims = body(
        extractor,
        "Huawei's Ascend 910C powers the system. SMIC also makes the die on its N+2 7nm process.",
    )
    assert ("huawei", "ascend-910c", "manufacturing", "affirm", "SMIC") in keys(claims)


# Origins: an instruction's addressee is no source ------------------------------------------


def test_companies_told_to_halt_purchases_are_not_the_claims_source(extractor):
    claims = body(
        extractor,
        "The regulator told Tencent, Alibaba and other groups to halt purchases of the "
        "RTX Pro 6000D.",
    )
    assert {c.origin for c in claims if c.topic == "export_controls"} == {""}


def test_a_company_that_told_an_outlet_is_still_the_source(extractor):
    claims = body(extractor, "Nvidia's H20 is sold out, an Nvidia spokesperson told Reuters.")
    assert {c.origin for c in claims} == {"NVIDIA"}


# Performance: measures, shares of a rival, how a part is built ----------------------------


def performance(claims):
    return {(c.vendor, c.chip, c.value) for c in claims if c.topic == "performance"}


@pytest.mark.parametrize(
    ("sentence", "chip", "figure"),
    [
        ("The MetaX C600 talks to its neighbours at up to 800 GB/s.", "metax-c600", "800 GB/s"),
        (
            "Its stacks on the Kunlun P800 move data at 9.2 gigabits per second per pin.",
            "kunlun-p800",
            "9.2 gigabits per second",
        ),
        (
            "AWS says Trainium3 offers about four times the compute of its predecessor.",
            "trainium3",
            "4x the compute of its predecessor",
        ),
    ],
)
def test_a_measure_in_a_unit_of_speed_is_a_performance_claim(extractor, sentence, chip, figure):
    values = {(c, v) for _, c, v in performance(body(extractor, sentence))}
    assert (chip, figure) in values


@pytest.mark.parametrize(
    ("sentence", "share"),
    [
        ("Analysts reckon the Ascend 910C reaches roughly 60% of the H100's performance.", "60%"),
        ("The Ascend 910C manages about 70 percent of the performance of Nvidia's H100.", "70"),
    ],
)
def test_a_share_of_a_rivals_speed_is_a_performance_claim(extractor, sentence, share):
    found = performance(body(extractor, sentence))
    assert any(c == "ascend-910c" and share in v for _, c, v in found), found


def test_falling_short_of_a_rival_is_said_in_few_words(extractor):
    claims = body(extractor, "Microsoft's Maia 200 will fall far short of Nvidia's Blackwell.")
    assert ("microsoft", "maia-200", "short of Blackwell") in performance(claims)


def test_dies_in_one_package_say_how_the_part_is_built(extractor):
    claims = body(extractor, "The Ascend 910C joins two 910B dies in a single package.")
    assert ("huawei", "ascend-910c", "two 910B dies") in performance(claims)


def test_a_single_die_is_how_the_part_is_built_too(extractor):
    # docs/vocabulary.md: dies per package are performance, one die included.
    claims = body(extractor, "Nvidia's cut-down B30A is said to be built around a single die.")
    assert ("nvidia", "b30a", "a single die") in performance(claims)


def test_a_pronoun_after_plural_speakers_is_the_storys_subject(extractor):
    claims = body(
        extractor,
        "Alibaba's Zhenwu PPU carries 96GB of HBM2E.\n\n"
        "Industry sources say its overall performance beats Nvidia's A800.",
    )
    assert ("alibaba", "t-head-ppu") in {(v, c) for v, c, _ in performance(claims)}


def test_a_pronoun_after_a_short_uncommaed_opening_is_the_storys_subject(extractor):
    claims = body(
        extractor,
        "Huawei's CloudMatrix 384 links 384 Ascend 910C processors.\n\n"
        "By our count it delivers about 300 petaflops of dense BF16 compute, roughly 1.7 "
        "times what Nvidia's GB200 NVL72 offers, and it has 3.6 times the memory capacity "
        "of Nvidia's rack.",
    )
    found = performance(claims)
    assert {v for v, _, _ in found} == {"huawei"}
    assert any("3.6x" in value for _, _, value in found)


def test_chips_from_named_makers_open_a_comparison_for_each_maker(extractor):
    claims = body(
        extractor,
        "Officials now judge that domestic chips from Huawei and Cambricon match or exceed "
        "the performance of the H20.",
    )
    assert {v for v, _, _ in performance(claims)} == {"huawei", "cambricon"}


def test_the_memory_maker_reference_is_the_memory_maker(extractor):
    claims = body(
        extractor,
        "Micron's HBM4 will go into Nvidia's Vera Rubin.\n\n"
        "The U.S. memory maker said its HBM4 had reached speeds above 11 Gbps.",
        title="Memory makers line up for Vera Rubin",
    )
    assert ("micron", None, "11 Gbps") in performance(claims)
    assert not [c for c in claims if c.topic == "performance" and c.vendor == "nvidia"]


def test_the_chips_after_a_memory_maker_are_its_memory(extractor):
    claims = body(
        extractor,
        "Samsung's HBM4 stacks twelve layers of DRAM.\n\n"
        "The chips run at up to 11 gigabits per second per pin.",
        title="Samsung to ship HBM4 for Nvidia's Vera Rubin",
    )
    assert {(v, c) for v, c, _ in performance(claims)} == {("samsung", None)}


# Product lines: "Huawei's latest Ascend" in a story about the Ascend 910C ----------------


def test_a_product_line_named_is_the_main_chip_of_that_line(extractor):
    claims = body(
        extractor,
        "Huawei ships the Ascend 910C in volume.\n\n"
        "Huawei's latest Ascend is made by SMIC on its N+2 process.",
        title="Huawei ships the Ascend 910C",
    )
    made = {(c.chip, c.value) for c in claims if c.topic == "manufacturing"}
    assert ("ascend-910c", "SMIC") in made


@pytest.mark.parametrize(
    ("sentence", "part"),
    [
        ("Alibaba says its Zhenwu PPU can hold its own against Nvidia's H20.", "H20"),
        ("Microsoft's Maia 200 claims triple Trainium3's FP4 grunt.", "Trainium3"),
        ("Maia 200 offers better FP8 performance than Google's Ironwood.", "Ironwood"),
        ("Google says Ironwood delivers four times better performance per chip.", "4x better"),
        ("The MI355X generates up to 40% more tokens per dollar, AMD says.", "40%"),
    ],
)
def test_comparisons_in_plainer_words_are_performance_claims(extractor, sentence, part):
    values = [v for _, _, v in performance(body(extractor, sentence))]
    assert any(part in value for value in values), values


def test_a_vendor_above_which_a_figure_stands_is_the_yardstick(extractor):
    claims = body(
        extractor,
        "Maia 200 offers FP8 performance above Google's seventh-generation TPU, and delivers "
        "30% better performance per dollar.",
    )
    assert {v for v, _, _ in performance(claims)} == {"microsoft"}


@pytest.mark.parametrize(
    ("sentence", "chip", "part"),
    [
        (
            "Tests by a Chinese lab suggest the Ascend 910C reaches 60% of Nvidia's H100 "
            "performance when serving models.",
            "ascend-910c",
            "60%",
        ),
        (
            "The Ascend 910C achieves 60% of the inference performance of Nvidia's H100.",
            "ascend-910c",
            "60%",
        ),
        ("On paper the Ascend 910C approaches the H100.", "ascend-910c", "H100"),
        ("The Ascend 910B exceeds Nvidia's A100 by about 20% in training.", "ascend-910b", "A100"),
        ("Analysts call the MLU590 roughly comparable to an Nvidia A100.", "mlu590", "A100"),
        ("The Kunlun P800 still lags well behind the H100 in training.", "kunlun-p800", "H100"),
    ],
)
def test_a_named_chip_measured_against_is_a_performance_comparison(extractor, sentence, chip, part):
    found = performance(body(extractor, sentence))
    assert any(c == chip and part in v for _, c, v in found), found


@pytest.mark.parametrize(
    ("sentence", "chip", "part"),
    [
        ("Cambricon says the MLU590 is three times as fast as the A100.", "mlu590", "A100"),
        ("AMD says the MI355X offers 4x the inference throughput of the MI300X.", "mi355x", "4x"),
    ],
)
def test_multiples_of_a_rival_are_performance_comparisons(extractor, sentence, chip, part):
    found = performance(body(extractor, sentence))
    assert any(c == chip and part in v for _, c, v in found), found


@pytest.mark.parametrize(
    ("sentence", "vendor", "chip", "part"),
    [
        ("测试显示，华为昇腾910C的推理性能达到英伟达H100的60%。", "huawei", "ascend-910c", "60%"),
        ("摩尔线程称，MTT S5000的单卡性能超越英伟达A800。", "moore-threads", "mtt-s5000", "A800"),
        ("寒武纪表示，思元590的算力是上一代的3倍。", "cambricon", "mlu590", "3倍"),
        ("沐曦曦云C600的FP16算力达到1 PFLOPS。", "metax", "metax-c600", "1 PFLOPS"),
    ],
)
def test_chinese_comparisons_and_figures_are_performance_claims(
    extractor, sentence, vendor, chip, part
):
    found = performance(body(extractor, sentence))
    assert any((v, c) == (vendor, chip) and part in value for v, c, value in found), found
    assert not [
        c for c in body(extractor, sentence) if c.topic == "performance" and c.vendor == "nvidia"
    ]


@pytest.mark.parametrize(
    ("sentence", "polarity"),
    [
        ("The Ascend 910C falls short of the H100 in training.", "affirm"),
        ("Huawei says the Ascend 910C does not fall short of the H100.", "deny"),
    ],
)
def test_falling_short_is_the_comparison_not_its_denial(extractor, sentence, polarity):
    claims = [c for c in body(extractor, sentence) if c.topic == "performance"]
    assert [(c.chip, c.polarity, c.value) for c in claims] == [
        ("ascend-910c", polarity, "short of H100")
    ]


@pytest.mark.parametrize(
    ("sentence", "chip", "part"),
    [
        ("The Ascend 910C moves data at about 1,800 GB/s.", "ascend-910c", "1,800 GB/s"),
        ("Google says an Ironwood pod reaches 42.5 exaflops.", "ironwood", "42.5 exaflops"),
        ("Cambricon says the MLU590 edges out Nvidia's A100 in inference.", "mlu590", "A100"),
        ("AMD claims the MI355X outclasses the B200 on some models.", "mi355x", "B200"),
    ],
)
def test_more_ways_to_state_speed(extractor, sentence, chip, part):
    found = performance(body(extractor, sentence))
    assert any(c == chip and part in v for _, c, v in found), found


def test_a_model_to_be_released_is_a_launch_plan(extractor):
    claims = body(extractor, "AMD said it would release the MI400 in the third quarter.")
    assert ("amd", "mi400", "development", "affirm", "") in keys(claims)
    claims = body(extractor, "Nvidia will release 2026 guidance in May.")
    assert "development" not in {c.topic for c in claims}


@pytest.mark.parametrize(
    "sentence",
    [
        "Packaging checks point to no MI400 volume before 2028.",
        "Meaningful volumes of the MI400 would not arrive until the fourth quarter, a broker said.",
    ],
)
def test_a_dated_not_before_on_volume_denies_shipping(extractor, sentence):
    # docs/vocabulary.md "Plans are development": a dated "not before" is the stage denied,
    # so it can meet the maker's word that the chip ships.
    assert ("amd", "mi400", "availability", "deny", "shipping") in keys(body(extractor, sentence))


def test_volume_production_before_a_date_is_no_volume_denial(extractor):
    claims = body(extractor, "The MI400 entered volume production before 2026 began.")
    assert ("amd", "mi400", "availability", "deny", "shipping") not in keys(claims)


def test_an_aside_after_the_year_keeps_its_own_clause(extractor):
    claims = body(
        extractor, "The Maia 200 won't enter mass production until 2027, a delay of a year."
    )
    assert ("microsoft", "maia-200", "availability", "deny", "mass production") in keys(claims)
    assert ("microsoft", "maia-200", "development", "affirm", "") in keys(claims)


@pytest.mark.parametrize(
    "sentence",
    [
        "AMD rejected claims that the MI400 had slipped, saying it remains on course to ship in"
        " the third quarter.",
        "AMD brushed off talk that the MI400 is running late and said the part stays on track to"
        " ship this autumn.",
    ],
)
def test_a_schedule_said_while_denying_a_delay_is_shipping(extractor, sentence):
    found = keys(body(extractor, sentence))
    assert ("amd", "mi400", "availability", "affirm", "shipping") in found
    assert ("amd", "mi400", "development", "affirm", "") not in found


def test_a_plain_schedule_stays_development(extractor):
    for sentence in [
        "The MI400 remains on course to ship in the third quarter.",
        "AMD has not denied that the MI400 slipped, and said it will ship next year.",
    ]:
        found = keys(body(extractor, sentence))
        assert ("amd", "mi400", "development", "affirm", "") in found, sentence
        assert "availability" not in {topic for _, _, topic, _, _ in found}, sentence


def test_a_stage_pushed_into_a_later_year_is_a_delay(extractor):
    claims = body(
        extractor, "Design changes delayed the Maia 200, pushing mass production into 2026."
    )
    assert ("microsoft", "maia-200", "development", "affirm", "") in keys(claims)
    assert "availability" not in {c.topic for c in claims}


def test_a_spec_sheets_lines_are_the_storys_chips(extractor):
    text = (
        "AMD detailed the MI355X at its Advancing AI event. The chip's specifications, as AMD "
        "listed them:\n\n- FP8 compute: 10 PFLOPS per chip\n- Memory: 288GB of HBM3E, 8 TB/s"
    )
    claims = {
        (c.vendor, c.chip, c.topic, c.value)
        for c in extractor.extract("AMD details MI355X", text, 0.7)
        if not c.headline
    }
    assert ("amd", "mi355x", "memory", "HBM3E") in claims
    assert ("amd", "mi355x", "memory", "288GB") in claims
    assert any(k[:3] == ("amd", "mi355x", "performance") for k in claims)
