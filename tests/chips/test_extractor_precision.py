"""Issue 10, precision on real-style news: sentences that mention a topic's words without
claiming anything about the chip (a past launch, a policy's date, a memory maker's own
product, memory as a market), one spec each."""

import pytest

from chips.claims import (
    ExtractedClaim,
    SentenceFacts,
    rule_memory_availability_is_the_memory_makers,
    share_moves,
)
from tests.chips.extracting import body, keys, topics

# Development ------------------------------------------------------------------------------


def test_a_self_developed_chip_is_not_a_chip_in_development(extractor):
    claims = body(extractor, "Baidu switched on a cluster of its self-developed Kunlun P800 chips.")
    assert "development" not in topics(claims)


def test_developing_a_chip_is_still_development(extractor):
    claims = body(extractor, "Cambricon is developing the MLU690 for large model training.")
    assert ("cambricon", "mlu690", "development", "affirm", "") in keys(claims)


def test_rules_introduced_in_a_year_are_no_chip_development(extractor):
    claims = body(
        extractor, "Nvidia's H200 was already barred from China under rules introduced in 2023."
    )
    assert "development" not in topics(claims)
    assert ("nvidia", "h200", "export_controls", "affirm", "banned") in keys(claims)


def test_a_chip_unveiled_last_month_is_no_development_news(extractor):
    claims = body(
        extractor,
        "Analysts expect Huawei to share more details of the Ascend 950PR, which it unveiled "
        "in September.",
    )
    assert "development" not in topics(claims)


def test_a_chinese_launch_word_is_availability_not_development(extractor):
    claims = body(extractor, "百度的昆仑芯P800已于今年初推出，主要用于推理。")
    assert "development" not in topics(claims)


def test_the_next_generation_in_chinese_is_in_development(extractor):
    claims = body(extractor, "据悉，寒武纪下一代思元690计划于明年推出。")
    assert ("cambricon", "mlu690", "development", "affirm", "") in keys(claims)


def test_an_undisclosed_schedule_is_no_claim(extractor):
    claims = body(
        extractor, "Cambricon said it had not disclosed any tape-out schedule for the MLU690."
    )
    assert not claims


# Export controls as a point in time ---------------------------------------------------------


def test_stockpiled_before_the_curbs_took_effect_is_no_ban_of_the_chip(extractor):
    claims = body(
        extractor,
        "Huawei's Ascend 910C uses HBM2E made by Samsung that was stockpiled before U.S. curbs "
        "took effect.",
    )
    assert "export_controls" not in topics(claims)
    assert ("huawei", "ascend-910c", "memory", "affirm", "Samsung") in keys(claims)


def test_bought_before_the_us_banned_exports_is_no_ban_of_the_chip(extractor):
    claims = body(
        extractor,
        "The Ascend 910C packs HBM2E stacks from SK Hynix that were bought before the US "
        "banned HBM exports to China.",
    )
    assert "export_controls" not in topics(claims)


def test_since_the_us_tightened_export_controls_dates_another_claim(extractor):
    claims = body(
        extractor,
        "Huawei has struggled to source memory since the US tightened export controls last "
        "December.",
    )
    assert "export_controls" not in topics(claims)


def test_a_chip_banned_in_its_own_clause_is_still_banned(extractor):
    claims = body(extractor, "Since April the H20 has been banned from sale to China.")
    assert ("nvidia", "h20", "export_controls", "affirm", "banned") in keys(claims)


# A memory maker's product, memory as a market ----------------------------------------------


def test_hbm_samples_delivered_to_a_designer_are_not_its_chips_sampling(extractor):
    claims = body(extractor, "CXMT has delivered HBM3 samples to Huawei for its next accelerator.")
    assert not [c for c in claims if c.topic == "availability" and c.vendor == "huawei"]


def test_a_memory_maker_shipping_hbm_to_a_customer_is_no_customer_shipping(extractor):
    claims = body(
        extractor,
        "SK Hynix and Micron have been shipping 12-layer HBM3E to Nvidia for the B300.",
    )
    assert not [c for c in claims if c.topic == "availability" and c.vendor == "nvidia"]


def test_a_chip_shipping_next_to_its_hbm_still_ships(extractor):
    claims = body(extractor, "Nvidia began shipping the B300, which carries 288GB of HBM3E.")
    assert ("nvidia", "b300", "availability", "affirm", "shipping") in keys(claims)


def test_memory_as_a_market_is_no_chips_memory(extractor):
    claims = body(
        extractor,
        "Meta's MTIA and other programmes are expected to account for 30% of HBM demand.",
    )
    assert "memory" not in topics(claims)


def test_a_supplier_not_to_be_used_is_denied_and_the_memory_type_is_not(extractor):
    claims = body(
        extractor, "TrendForce expects Samsung's HBM3E not to be used in Nvidia's B300 at first."
    )
    memory = {(c.polarity, c.value) for c in claims if c.topic == "memory"}
    assert ("deny", "Samsung") in memory
    assert ("deny", "HBM3E") not in memory
    assert not [c for c in claims if c.topic == "memory" and c.polarity == "affirm"]


def test_teardown_samples_are_no_sampling(extractor):
    claims = body(
        extractor,
        "TechInsights, which dismantled several samples of the Ascend 910C, found a TSMC die.",
    )
    assert "availability" not in topics(claims)


# Export controls name what they cover ------------------------------------------------------


def test_licences_that_name_no_chip_license_nothing(extractor):
    claims = body(extractor, "The licences will not extend to Nvidia's newest products.")
    assert "export_controls" not in topics(claims)


def test_a_licence_for_a_named_chip_stands(extractor):
    claims = body(extractor, "Nvidia has received export licences to sell the H20 in China.")
    assert ("nvidia", "h20", "export_controls", "affirm", "licensed") in keys(claims)


def test_a_vendor_on_the_entity_list_is_banned_without_a_chip(extractor):
    claims = body(extractor, "Cambricon has been on the U.S. Entity List since 2022.")
    assert ("cambricon", None, "export_controls", "affirm", "banned") in keys(claims)


def test_a_memory_makers_licence_for_its_plants_stands_without_a_chip(extractor):
    claims = body(
        extractor,
        "Washington has given Samsung and SK hynix yearly licences to ship US tools to their "
        "Chinese fabs.",
    )
    assert ("samsung", None, "export_controls", "affirm", "licensed") in keys(claims)
    assert ("sk-hynix", None, "export_controls", "affirm", "licensed") in keys(claims)


def test_a_foundry_named_near_another_vendors_licence_gets_none(extractor):
    claims = body(
        extractor,
        "The outlook hinges on SMIC's yields and on whether the US decides to license "
        "Blackwell parts for China.",
    )
    assert ("smic", None, "export_controls", "affirm", "licensed") not in keys(claims)


def test_waivers_taken_away_are_a_ban_not_a_licence(extractor):
    claims = body(
        extractor,
        "The Commerce Department will strip Samsung and SK hynix of the waivers covering "
        "their Chinese plants.",
    )
    exports = {c for c in keys(claims) if c[2] == "export_controls"}
    assert exports == {
        ("samsung", None, "export_controls", "affirm", "banned"),
        ("sk-hynix", None, "export_controls", "affirm", "banned"),
    }


def test_a_revoked_licence_is_a_ban(extractor):
    claims = body(extractor, "Washington later revoked the licence it had issued for the H20.")
    assert {c for c in keys(claims) if c[2] == "export_controls"} == {
        ("nvidia", "h20", "export_controls", "affirm", "banned")
    }


def test_validated_end_user_status_removed_is_a_ban(extractor):
    claims = body(
        extractor, "Officials said they were removing the VEU status of SK hynix's China unit."
    )
    assert ("sk-hynix", None, "export_controls", "affirm", "banned") in keys(claims)


def test_rules_barring_a_named_memory_maker_ban_it(extractor):
    # The names between "bar" and "from selling" are the banned, not the value.
    claims = body(extractor, "US rules bar Micron from selling its newest HBM to Chinese buyers.")
    assert ("micron", None, "export_controls", "affirm", "banned") in keys(claims)


def test_easing_a_bottleneck_is_no_licence(extractor):
    claims = body(
        extractor,
        "Huawei and its foundry SMIC have eased the bottlenecks that held back 910C output.",
    )
    assert "export_controls" not in topics(claims)


def test_easing_export_restrictions_is_a_licence(extractor):
    claims = body(extractor, "Washington eased export restrictions on Nvidia's H20 in July.")
    assert ("nvidia", "h20", "export_controls", "affirm", "licensed") in keys(claims)


def test_a_foundry_obeying_export_rules_is_not_banned(extractor):
    claims = body(
        extractor,
        "TSMC said it abides by all applicable laws, including export controls, and reviews "
        "its customers.",
    )
    assert "export_controls" not in topics(claims)


def test_a_memory_maker_banned_by_beijing_is_banned(extractor):
    claims = body(extractor, "Micron's China data centre business was hurt by Beijing's ban.")
    assert ("micron", None, "export_controls", "affirm", "banned") in keys(claims)


def test_entities_on_the_restricted_list_are_not_the_speaker(extractor):
    claims = body(
        extractor,
        "Samsung said it has no business relationship with entities on the restricted list.",
    )
    assert "export_controls" not in topics(claims)


def test_technology_licensed_from_another_company_is_no_export_licence(extractor):
    claims = body(
        extractor,
        "Hygon's DCU K100 grew out of technology licensed from AMD in 2016.",
    )
    assert "export_controls" not in topics(claims)


# Buyers, listings, packaging ----------------------------------------------------------------


def test_listed_buyers_place_no_orders_of_their_own(extractor):
    claims = body(
        extractor,
        "Chinese groups including ByteDance, Alibaba and Tencent had placed large orders for "
        "accelerators this spring.",
    )
    assert not [c for c in claims if c.topic == "business" and c.vendor in {"alibaba", "tencent"}]


def test_a_vendor_winning_orders_on_its_own_still_claims_them(extractor):
    claims = body(extractor, "Kunlunxin has won orders from China Mobile worth 1 billion yuan.")
    assert [c for c in claims if c.topic == "business" and c.vendor == "baidu"]


def test_a_listing_day_is_no_chip_shipping(extractor):
    claims = body(extractor, "沐曦股份上市首日市值破千亿，曦云C600基于国产供应链。")
    assert "availability" not in topics(claims)


def test_packaging_and_test_is_no_customer_testing(extractor):
    claims = body(extractor, "公司强调，曦云C600从晶圆制造到封装测试均在境内完成。")
    assert "availability" not in topics(claims)


# Who reports, who lists, who is measured against --------------------------------------------


def test_reports_in_foreign_media_are_no_supply_chain_claim(extractor):
    claims = body(
        extractor,
        "Cambricon said reports in foreign media about its supply chain were inaccurate.",
    )
    assert "supply_chain" not in topics(claims)


def test_the_largest_domestic_supplier_is_a_market_position(extractor):
    claims = body(extractor, "Huawei remains the largest domestic supplier by a wide margin.")
    assert "supply_chain" not in topics(claims)


def test_a_chip_relying_on_foreign_parts_is_still_foreign(extractor):
    # supply_chain is vendor-level (docs/vocabulary.md): Huawei's, not the chip's.
    claims = body(extractor, "Huawei's Ascend 910C still relies on foreign suppliers for HBM.")
    assert ("huawei", None, "supply_chain", "affirm", "foreign") in keys(claims)


def test_licence_requirements_on_a_chip_are_a_ban(extractor):
    claims = body(
        extractor, "AMD said U.S. licence requirements on its MI308 would cost it $800 million."
    )
    assert ("amd", "mi308", "export_controls", "affirm", "banned") in keys(claims)
    assert ("amd", "mi308", "export_controls", "affirm", "licensed") not in keys(claims)


def test_before_the_licensing_requirement_took_effect_is_a_date(extractor):
    claims = body(
        extractor,
        "Before the licensing requirement took effect, Nvidia sold $4.6 billion of H20 products.",
    )
    assert "export_controls" not in topics(claims)


def test_a_stock_market_debut_is_no_chip_development(extractor):
    claims = body(extractor, "Biren Technology made its Hong Kong debut on Friday.")
    assert "development" not in topics(claims)


def test_the_vendor_measured_against_makes_no_performance_claim(extractor):
    claims = body(extractor, "Industry insiders said Chinese processors still trail Nvidia's.")
    assert not [c for c in claims if c.topic == "performance" and c.vendor == "nvidia"]


def test_a_chip_that_beats_a_rival_keeps_its_claim(extractor):
    claims = body(extractor, "Huawei says the Ascend 910C beats Nvidia's H20 on inference.")
    assert [c for c in claims if c.topic == "performance" and c.vendor == "huawei"]


def test_hbm2e_with_a_small_e_is_hbm2e(extractor):
    claims = body(extractor, "Intel's Gaudi 3 carries 128GB of HBM2e.")
    assert ("intel", "gaudi-3", "memory", "affirm", "HBM2E") in keys(claims)


# Business events without a figure ------------------------------------------------------------


def test_absorbing_a_parent_company_is_a_merger(extractor):
    claims = body(extractor, "Hygon plans to absorb its parent Sugon through a share swap.")
    assert ("hygon", None, "business", "affirm", "merger") in keys(claims)


def test_calling_off_a_merger_denies_it(extractor):
    claims = body(extractor, "Hygon has called off its merger with Sugon, the companies said.")
    assert ("hygon", None, "business", "deny", "merger") in keys(claims)


def test_leaving_a_market_is_an_exit(extractor):
    claims = body(extractor, "Micron will exit the China server chip business.")
    assert ("micron", None, "business", "affirm", "exit") in keys(claims)


def test_buying_a_hyphenated_startup_is_an_acquisition(extractor):
    claims = body(extractor, "Meta agreed in September to buy RISC-V chip startup Rivos.")
    assert ("meta", None, "business", "affirm", "acquisition") in keys(claims)


# Workloads and comparisons as outlets write them ---------------------------------------------


def test_train_and_serve_models_is_training_and_inference(extractor):
    claims = body(extractor, "Alibaba already uses the PPU at scale to train and serve its models.")
    assert ("alibaba", "t-head-ppu", "workload", "affirm", "training") in keys(claims)
    assert ("alibaba", "t-head-ppu", "workload", "affirm", "inference") in keys(claims)


def test_used_to_run_ai_models_is_inference(extractor):
    claims = body(
        extractor, "Nvidia's H20 is mainly used by Chinese cloud companies to run AI models."
    )
    assert ("nvidia", "h20", "workload", "affirm", "inference") in keys(claims)


@pytest.mark.parametrize(
    "text",
    [
        "Google's Ironwood already runs Gemini models in its own data centres.",
        "The Ascend 910C now runs DeepSeek models for three state-owned cloud providers.",
        "Nvidia says the B300 is the only accelerator that runs every AI model.",
        "The MLU590 is designed to run models built with PyTorch and other common frameworks.",
    ],
)
def test_running_a_named_model_or_every_model_names_no_workload(extractor, text):
    # docs/vocabulary.md: merely running a model names no workload; running models built
    # with a framework is compatibility.
    assert ("workload", "inference") not in {(c.topic, c.value) for c in body(extractor, text)}


def test_used_to_run_large_language_models_is_inference(extractor):
    claims = body(
        extractor, "Cambricon's MLU590 is used mostly to run large language models for banks."
    )
    assert ("cambricon", "mlu590", "workload", "affirm", "inference") in keys(claims)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Meta uses Nvidia GPUs to train its Llama models.",
            ("nvidia", None, "workload", "affirm", "training"),
        ),
        (
            "Tencent's training fleet consists almost entirely of Nvidia hardware.",
            ("nvidia", None, "workload", "affirm", "training"),
        ),
        (
            "Alibaba is testing servers based on Huawei's Ascend 910C for inference.",
            ("huawei", "ascend-910c", "workload", "affirm", "inference"),
        ),
        (
            "Alibaba is testing servers based on Huawei's Ascend 910C for inference.",
            ("huawei", "ascend-910c", "availability", "affirm", "testing"),
        ),
    ],
)
def test_a_cloud_buyers_work_on_anothers_hardware_is_the_hardwares(extractor, text, expected):
    # docs/vocabulary.md: a customer's models on a chip are the chip's workload, chipless
    # on its vendor when no chip is named; the buyer gets no workload of its own.
    claims = body(extractor, text)
    assert expected in keys(claims)
    assert not [c for c in claims if c.vendor in {"meta", "tencent", "alibaba"}]


def test_a_buyer_training_its_models_on_unnamed_chips_names_no_workload(extractor):
    claims = body(
        extractor, "Tencent says it has enough high-end chips to keep training its AI models."
    )
    assert "workload" not in topics(claims)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Google trains its Gemini models on its own TPUs.",
            ("google", None, "workload", "affirm", "training"),
        ),
        (
            "Alibaba already uses the PPU at scale to train and serve its Qwen models.",
            ("alibaba", "t-head-ppu", "workload", "affirm", "inference"),
        ),
    ],
)
def test_a_cloud_company_at_work_on_its_own_chips_keeps_the_workload(extractor, text, expected):
    assert expected in keys(body(extractor, text))


@pytest.mark.parametrize(
    "text",
    [
        # Past experience is a reason for a deal, not what the chip is for.
        "Anthropic said it chose Google's TPUs because its teams had years of experience "
        "training and serving its models on them.",
        # Generic customers or developers.
        "Customers also train and serve models on Amazon's Trainium2 through Bedrock.",
        "Most Chinese developers still train their biggest models on Nvidia hardware.",
        "Nvidia's H20 sold well as Chinese customers were keen to use the H20 to run AI models.",
        # A relationship named after the work.
        "An Anthropic spokesperson said Amazon remained its primary training partner.",
        # Software named after the work.
        "Huawei said the Ascend 910C supports the model through open-source inference engines.",
    ],
)
def test_what_someone_once_did_on_a_chip_is_no_workload(extractor, text):
    # docs/vocabulary.md: what a chip is for is its workload; what someone once did on it
    # is not.
    assert "workload" not in topics(body(extractor, text))


def test_training_a_version_of_a_model_is_training(extractor):
    claims = body(
        extractor, "Baidu said it used the Kunlun P800 to train a smaller version of its model."
    )
    assert ("baidu", "kunlun-p800", "workload", "affirm", "training") in keys(claims)


def test_a_workload_made_cheaper_is_performance(extractor):
    claims = body(
        extractor, "Cambricon said its MLU590 had cut the cost of long-context inference."
    )
    assert "workload" not in topics(claims)
    assert (
        "cambricon",
        "mlu590",
        "performance",
        "affirm",
        "lower cost of long-context inference",
    ) in keys(claims)


def test_a_named_customers_plan_is_still_the_chips_workload(extractor):
    claims = body(
        extractor, "Anthropic plans to use up to a million of Google's TPUs to train its models."
    )
    assert ("google", None, "workload", "affirm", "training") in keys(claims)


def test_the_card_refers_to_the_story_chip(extractor):
    claims = extractor.extract(
        "摩尔线程MTT S4000发布", "该卡配备48GB GDDR6显存，主要面向大模型训练。", 0.7
    )
    assert ("moore-threads", "mtt-s4000", "workload", "affirm", "training") in keys(claims)


def test_comparable_to_a_rival_chip_is_a_performance_comparison(extractor):
    claims = body(extractor, "Alibaba says the PPU's performance is comparable to Nvidia's H20.")
    assert [c for c in claims if c.topic == "performance" and c.vendor == "alibaba"]
    assert not [c for c in claims if c.topic == "performance" and c.vendor == "nvidia"]


def test_the_story_chip_as_yardstick_gets_no_claim_of_its_own(extractor):
    claims = extractor.extract(
        "Nvidia's H20 faces rivals",
        "Nvidia's H20 sells well in China.\n\nIndustry sources say its performance is "
        "comparable to the H20.",
        0.7,
    )
    assert not [c for c in claims if c.topic == "performance" and c.chip == "h20"]


# Headlines ------------------------------------------------------------------------------------


def heads(extractor, title):
    return [c for c in extractor.extract(title, "", 0.7) if c.headline]


def test_a_foundry_die_in_a_headline_is_a_manufacturing_claim(extractor):
    claims = heads(extractor, "Teardown finds TSMC die inside Huawei's Ascend 910C")
    assert ("huawei", "ascend-910c", "manufacturing", "affirm", "TSMC") in keys(claims)


def test_output_unrelated_to_a_foundry_denies_it(extractor):
    claims = heads(extractor, "Huawei says Ascend 910C output unrelated to TSMC")
    assert ("huawei", "ascend-910c", "manufacturing", "deny", "TSMC") in keys(claims)


def test_can_sell_to_china_is_a_licence(extractor):
    claims = heads(
        extractor, "Trump says Nvidia can sell H200 chips to approved customers in China"
    )
    assert ("nvidia", "h200", "export_controls", "affirm", "licensed") in keys(claims)


def test_wont_be_sold_to_china_is_a_ban_not_a_denial(extractor):
    claims = heads(extractor, "White House tells agencies Nvidia's B30A won't be sold to China")
    assert ("nvidia", "b30a", "export_controls", "affirm", "banned") in keys(claims)
    assert not [c for c in claims if c.polarity == "deny"]


@pytest.mark.parametrize(
    ("title", "chip"),
    [
        ("Huawei to mass-produce Ascend 910C in the first quarter", "ascend-910c"),
        ("Nvidia to resume H20 shipments to China after licences arrive", "h20"),
        ("Moore Threads said to start shipping MTT S5000 in volume next month", "mtt-s5000"),
    ],
)
def test_a_headlines_bare_infinitive_is_a_plan_not_a_stage_reached(extractor, title, chip):
    # Headline style writes the future as "X to ship": the chip is on its way (development),
    # as "will ship" would be in the story.
    claims = [c for c in heads(extractor, title) if c.chip == chip]
    assert [(c.topic, c.value) for c in claims if c.topic in {"availability", "development"}] == [
        ("development", "")
    ]


@pytest.mark.parametrize(
    "title",
    [
        "Moore Threads begins to ship MTT S5000 to data centres",
        "Cambricon ships Siyuan 590 to banks in a push to win customers",
    ],
)
def test_a_stage_begun_or_a_preposition_in_a_headline_stays_a_stage(extractor, title):
    claims = heads(extractor, title)
    assert "availability" in topics(claims)
    assert "development" not in topics(claims)


# A ban's object -------------------------------------------------------------------------------


def test_a_ban_in_its_own_clause_is_of_the_chip_it_names(extractor):
    claims = heads(
        extractor, "Huawei readies mass shipments of Ascend 910C as U.S. curbs H20 sales"
    )
    assert ("nvidia", "h20", "export_controls", "affirm", "banned") in keys(claims)
    assert not [c for c in claims if c.topic == "export_controls" and c.vendor == "huawei"]


def test_rules_that_barred_an_older_chip_ban_that_chip(extractor):
    claims = body(
        extractor,
        "The H20 was developed for China after earlier U.S. rules barred sales of the H100.",
    )
    assert ("nvidia", "h100", "export_controls", "affirm", "banned") in keys(claims)
    assert ("nvidia", "h20", "export_controls", "affirm", "banned") not in keys(claims)


def test_steering_buyers_away_from_a_chip_is_a_ban(extractor):
    claims = body(extractor, "Beijing told companies to steer clear of Nvidia's H20 processors.")
    assert ("nvidia", "h20", "export_controls", "affirm", "banned") in keys(claims)


def test_rules_that_bar_a_sale_are_a_ban(extractor):
    claims = body(
        extractor, "Micron's HBM goes to Nvidia, and U.S. export rules bar its sale to China."
    )
    assert ("micron", None, "export_controls", "affirm", "banned") in keys(claims)


def test_can_no_longer_sell_is_a_ban_not_a_denial(extractor):
    claims = body(extractor, "Nvidia can no longer sell the H20 in China.")
    assert ("nvidia", "h20", "export_controls", "affirm", "banned") in keys(claims)
    assert not [c for c in claims if c.topic == "export_controls" and c.polarity == "deny"]


def test_without_a_licence_denies_the_licence_not_the_ban(extractor):
    claims = body(
        extractor,
        "Huawei, which is on the Entity List, is barred from buying U.S. technology without a "
        "licence.",
    )
    assert ("huawei", None, "export_controls", "deny", "banned") not in keys(claims)
    assert ("huawei", None, "export_controls", "affirm", "banned") in keys(claims)


def test_what_a_model_is_trained_on_does_training(extractor):
    claims = body(extractor, "Google said its Gemini model was trained entirely on its TPU v7.")
    assert [c for c in claims if c.topic == "workload" and c.value == "training"]


def test_failing_to_train_on_a_chip_denies_training(extractor):
    claims = heads(extractor, "DeepSeek delays new model after failing to train it on Huawei chips")
    assert ("huawei", None, "workload", "deny", "training") in keys(claims)


def test_fabricated_domestically_is_a_domestic_supply_chain(extractor):
    claims = body(
        extractor, "Analysts believe Cambricon's current chips are fabricated domestically."
    )
    assert ("cambricon", None, "supply_chain", "affirm", "domestic") in keys(claims)


# Intentions, rivalry, other companies ---------------------------------------------------------


def test_an_intent_to_ship_is_no_shipping_yet(extractor):
    claims = body(extractor, "Huawei intends to ship its Ascend 910C to customers in volume.")
    assert "availability" not in topics(claims)


def test_readying_mass_shipments_is_no_shipping_yet(extractor):
    claims = heads(extractor, "Huawei readies mass shipments of Ascend 910C")
    assert "availability" not in topics(claims)


def test_a_plan_to_ship_a_number_of_chips_is_a_business_volume(extractor):
    # docs/vocabulary.md: volumes are business, with no availability label beside them.
    claims = body(extractor, "Huawei plans to ship about 600,000 Ascend 910C dies next year.")
    volumes = [c for c in claims if c.topic == "business" and c.chip == "ascend-910c"]
    assert volumes and "600,000" in volumes[0].value
    assert not topics(claims) & {"availability", "development"}


def test_competing_for_orders_is_no_orders_claim(extractor):
    claims = body(
        extractor,
        "Hygon's DCU accelerators compete with Huawei's Ascend chips for orders from server "
        "makers.",
    )
    assert "business" not in topics(claims)


def test_domestic_suppliers_picking_up_orders_are_other_companies(extractor):
    claims = body(
        extractor,
        "Huawei has been offering its Ascend 910C, and analysts expect domestic suppliers to "
        "pick up orders.",
    )
    assert "supply_chain" not in topics(claims)


def test_an_opening_comparison_points_ahead_to_the_main_clause(extractor):
    claims = extractor.extract(
        "Nvidia's Rubin will use HBM4",
        "Nvidia's Rubin platform arrives next year.\n\nUnlike its HBM3E, Samsung's HBM4 uses "
        "a logic base die made on its own 4nm foundry process.",
        0.7,
    )
    assert not [c for c in claims if c.chip == "rubin" and not c.headline and "4nm" in c.quote]


def test_a_previewed_chip_is_in_development(extractor):
    claims = body(extractor, "AMD also previewed the MI400 series, due in 2026.")
    assert ("amd", "mi400", "development", "affirm", "") in keys(claims)


def test_completing_development_is_development_news(extractor):
    claims = body(extractor, "SK hynix said it has completed development of HBM4.")
    assert ("sk-hynix", None, "development", "affirm", "") in keys(claims)


def test_cut_off_from_a_foundry_is_a_ban_not_its_denial(extractor):
    claims = body(
        extractor,
        "Huawei was cut off from TSMC in 2020 when Washington extended its export controls.",
    )
    assert ("huawei", None, "export_controls", "affirm", "banned") in keys(claims)
    assert ("huawei", None, "export_controls", "deny", "banned") not in keys(claims)


def test_halting_production_still_denies_production(extractor):
    claims = body(extractor, "Nvidia asked suppliers to halt production of the H20.")
    assert ("nvidia", "h20", "availability", "deny", "mass production") in keys(claims)


def test_deployments_as_a_noun_are_no_shipping(extractor):
    claims = body(
        extractor,
        "Huawei's CloudMatrix 384, built from 910C processors, is the reference point for "
        "large domestic deployments.",
    )
    assert "availability" not in topics(claims)


def test_chips_deployed_still_ship(extractor):
    claims = body(extractor, "Nvidia's B300 has been deployed by several cloud providers.")
    assert ("nvidia", "b300", "availability", "affirm", "shipping") in keys(claims)


def test_technology_available_in_china_is_no_chip_on_sale(extractor):
    claims = body(
        extractor, "Huawei's chips would be built with manufacturing technology available in China."
    )
    assert "availability" not in topics(claims)


def test_targeting_deliveries_is_no_shipping_yet(extractor):
    claims = body(extractor, "Cambricon is targeting deliveries of 500,000 accelerators next year.")
    assert "availability" not in topics(claims)


def test_memory_that_failed_a_customers_tests_is_denied(extractor):
    claims = body(extractor, "Samsung's HBM3E had earlier failed Nvidia's tests for the B300.")
    memory = {(c.polarity, c.value) for c in claims if c.topic == "memory"}
    assert ("deny", "Samsung") in memory
    assert not [p for p, _ in memory if p == "affirm"]


def test_a_clause_naming_another_chip_of_the_vendor_is_about_that_chip(extractor):
    claims = body(
        extractor,
        "SK hynix remains the main supplier of HBM3E for Nvidia's B300, and it is also first "
        "in line to supply HBM4 for the Rubin platform.",
    )
    assert ("nvidia", "rubin", "memory", "affirm", "HBM4") in keys(claims)
    assert ("nvidia", "b300", "memory", "affirm", "HBM4") not in keys(claims)


def test_a_chip_in_a_speed_comparison_stays_the_yardstick(extractor):
    claims = extractor.extract(
        "Nvidia's B30A for China",
        "The new chip, called the B30A, could deliver about half the raw computing power of "
        "the B300.",
        0.7,
    )
    assert [c for c in claims if c.topic == "performance" and c.chip == "b30a"]


def test_both_companies_refers_back_to_the_story_company(extractor):
    claims = extractor.extract(
        "Hygon to absorb Sugon",
        "Hygon will absorb its parent Sugon in a share swap.\n\nBoth companies were added to "
        "the US Entity List in 2019.",
        0.7,
    )
    assert ("hygon", None, "export_controls", "affirm", "banned") in keys(claims)


# Values and chips a clause does not govern ------------------------------------------------


def test_a_memory_makers_next_product_is_not_its_customers_memory(extractor):
    # Written for this spec: the second clause is the supplier's own product news.
    claims = body(
        extractor,
        "Micron, which lists Nvidia as its biggest customer, supplies HBM3E for the B300 and "
        "has begun sampling HBM4.",
    )
    assert ("nvidia", "b300", "memory", "affirm", "HBM3E") in keys(claims)
    assert ("nvidia", "b300", "memory", "affirm", "Micron") in keys(claims)
    assert not [c for c in claims if c.topic == "memory" and c.value == "HBM4"]


def test_a_chip_named_in_the_suppliers_clause_keeps_its_memory(extractor):
    claims = body(
        extractor,
        "SK Hynix, which provides most of the HBM3E in Nvidia's B300, said it had finished "
        "developing HBM4.",
    )
    assert ("nvidia", "b300", "memory", "affirm", "HBM3E") in keys(claims)
    assert not [c for c in claims if c.topic == "memory" and c.value == "HBM4"]


# Topic boundaries: availability only where the vocabulary gives the sentence to it --------


def test_a_foundry_stopping_shipments_is_no_availability_of_its_own(extractor):
    claims = body(
        extractor, "TSMC will stop shipping advanced AI chips to Chinese customers from Monday."
    )
    assert not [c for c in claims if c.topic == "availability" and c.vendor == "tsmc"]


def test_a_foundry_starting_volume_production_on_a_process_is_still_availability(extractor):
    claims = body(extractor, "TSMC has started volume production on its N2 process.")
    assert ("tsmc", None, "availability", "affirm", "mass production") in keys(claims)


def test_orders_that_could_not_be_shipped_are_business_not_shipping(extractor):
    claims = body(
        extractor,
        "Nvidia sold $4.6 billion of H20 products in the quarter; a further $2.5 billion of "
        "H20 orders could not be shipped.",
    )
    assert "availability" not in topics(claims)


def test_licences_for_shipments_are_export_controls_not_shipping(extractor):
    claims = body(
        extractor, "AMD has received export licences for some MI308 shipments to customers."
    )
    assert "availability" not in topics(claims)
    assert ("amd", "mi308", "export_controls", "affirm", "licensed") in keys(claims)


def test_shipments_to_resume_once_licences_arrive_are_a_plan(extractor):
    # The licence is no shipment's object here; the resumption is a plan (development).
    claims = body(extractor, "AMD would resume MI308 shipments once licences were approved.")
    assert ("amd", "mi308", "development", "affirm", "") in keys(claims)
    assert "availability" not in topics(claims)


def test_a_date_beside_orders_is_no_launch_date(extractor):
    claims = body(
        extractor,
        "Cloud providers placed orders for the Ascend 910C in the first quarter of 2025.",
    )
    assert "availability" not in topics(claims)


def test_a_sentence_opening_with_rather_than_claims_only_its_main_clause(extractor):
    claims = body(
        extractor,
        "Instead of depending on foreign vendors, Huawei has assembled a domestic supply chain "
        "for its Ascend processors.",
    )
    supply = {(c.polarity, c.value) for c in claims if c.topic == "supply_chain"}
    assert supply == {("affirm", "domestic")}


def test_a_negated_tail_denies_the_foundry_it_names(extractor):
    claims = body(extractor, "Baidu's Kunlun P800 is now made at SMIC, not at Samsung.")
    assert ("baidu", "kunlun-p800", "manufacturing", "affirm", "SMIC") in keys(claims)
    assert ("baidu", "kunlun-p800", "manufacturing", "deny", "Samsung") in keys(claims)
    assert ("baidu", "kunlun-p800", "manufacturing", "affirm", "Samsung") not in keys(claims)


def test_a_bare_name_denied_after_a_comma_is_the_foundry_denied(extractor):
    claims = body(
        extractor,
        "Analysts say most Ascend 910C packages sold so far carry dies made by TSMC, not SMIC.",
    )
    assert ("huawei", "ascend-910c", "manufacturing", "affirm", "TSMC") in keys(claims)
    assert ("huawei", "ascend-910c", "manufacturing", "deny", "SMIC") in keys(claims)
    assert ("huawei", "ascend-910c", "manufacturing", "affirm", "SMIC") not in keys(claims)


def test_a_negated_tail_takes_its_cue_across_a_time_clause(extractor):
    claims = body(
        extractor,
        "Two engineers said most Ascend 910C dies were fabricated by TSMC before 2024, "
        "not by SMIC.",
    )
    assert ("huawei", "ascend-910c", "manufacturing", "deny", "SMIC") in keys(claims)


def test_a_negated_tail_shares_the_subject_of_the_clause_it_takes_its_cue_from(extractor):
    claims = body(extractor, "The bulk of Ascend 910C packages carry dies made by TSMC, not SMIC.")
    assert ("huawei", "ascend-910c", "manufacturing", "deny", "SMIC") in keys(claims)


def test_a_bare_name_denied_is_no_claim_when_it_is_no_value_of_the_topic(extractor):
    claims = body(extractor, "Huawei designed the Ascend 910C itself, not Alibaba.")
    assert not [c for c in claims if c.polarity == "deny"]


def test_a_speakers_employer_is_no_foundry(extractor):
    claims = body(
        extractor, "A former TSMC process engineer said the Ascend 910C is fabricated by SMIC."
    )
    foundries = {c.value for c in claims if c.topic == "manufacturing"}
    assert foundries == {"SMIC"}


def test_readying_mass_production_is_not_mass_production_yet(extractor):
    claims = body(
        extractor,
        "SK hynix said it has completed development of HBM4 and set up a mass production "
        "system for it.",
    )
    assert "availability" not in topics(claims)


def test_starting_mass_production_of_a_memory_is_still_availability(extractor):
    claims = body(extractor, "SK hynix began mass production of 12-layer HBM4 in March.")
    assert ("sk-hynix", None, "availability", "affirm", "mass production") in keys(claims)


def test_what_a_ban_costs_is_business_not_a_ban(extractor):
    claims = body(
        extractor, "Nvidia said the curbs would cost it $5.5 billion in charges on the H20."
    )
    assert "export_controls" not in topics(claims)


def test_revenue_from_licensed_sales_is_no_licence_claim(extractor):
    claims = body(
        extractor,
        "Officials expect to receive 15% of the revenue generated from licensed H20 sales.",
    )
    assert "export_controls" not in topics(claims)


def test_a_named_memory_product_alone_is_in_house_hbm(extractor):
    # The labelled sets never take a product's name as a memory value: it is the
    # designer's own HBM, whatever the maker calls it.
    claims = body(extractor, "The Ascend 950DT will be fitted with the larger HiZQ 2.0 memory.")
    assert ("huawei", "ascend-950dt", "memory", "affirm", "in-house HBM") in keys(claims)


def test_a_named_memory_product_beside_its_maker_is_in_house_hbm(extractor):
    claims = body(extractor, "Huawei fits the Ascend 950PR with its own HiBL 1.0 stacks.")
    memory = {c.value for c in claims if c.topic == "memory"}
    assert memory == {"in-house HBM"}


def test_an_unnamed_in_house_memory_stays_in_house(extractor):
    claims = body(extractor, "The Ascend 950PR will use Huawei's own HBM.")
    assert ("huawei", "ascend-950pr", "memory", "affirm", "in-house HBM") in keys(claims)


def test_a_chip_outpaced_in_the_headline_is_not_what_the_chip_refers_to(extractor):
    claims = extractor.extract(
        "Nvidia's B30A Brings Blackwell to China, Outpacing the H20",
        "Nvidia is readying a China accelerator. It would far outrun the H20, and the H20 "
        "remains on sale.\n\nLike the H20, the B30A keeps high-bandwidth memory.\n\n"
        "Nvidia wants to ship samples next month.\n\nThe chip would be built at TSMC.",
        0.7,
    )
    foundry = {c.chip for c in claims if c.topic == "manufacturing" and c.value == "TSMC"}
    assert foundry == {"b30a"}


def test_what_ipo_money_funds_is_no_workload(extractor):
    claims = body(
        extractor, "摩尔线程本次发行募资约80亿元，主要投向新一代AI训练推理一体芯片的研发。"
    )
    assert "workload" not in topics(claims)


def test_a_chip_mainly_used_for_training_is_still_a_training_chip(extractor):
    claims = body(extractor, "曦云C500配备64GB HBM2E显存，主要用于大模型训练。")
    assert ("metax", "metax-c500", "workload", "affirm", "training") in keys(claims)


def test_production_at_a_named_foundry_is_manufacturing_not_availability(extractor):
    claims = body(
        extractor, "Huawei said the current production of the 910C is unrelated to TSMC's fabs."
    )
    assert not [c for c in claims if c.topic == "availability" and c.vendor == "huawei"]


def test_a_designer_starting_mass_production_without_a_foundry_is_availability(extractor):
    claims = body(extractor, "Cambricon began mass production of the MLU590 in March.")
    assert ("cambricon", "mlu590", "availability", "affirm", "mass production") in keys(claims)


def test_a_node_named_twice_is_one_process_in_nanometres(extractor):
    claims = body(
        extractor,
        "Amazon's Trainium3 is built on a 3nm process, which in practice means TSMC's N3.",
    )
    nodes = {c.value for c in claims if c.topic == "manufacturing" and c.value != "TSMC"}
    assert nodes == {"3nm"}


def test_a_foundry_node_alone_is_no_size(extractor):
    # docs/vocabulary.md "A node is the size the story writes": N3P is a name, not 3nm.
    claims = body(extractor, "Amazon's Trainium3 is made by TSMC on its N3P process.")
    manufacturing = {c.value for c in claims if c.topic == "manufacturing"}
    assert manufacturing == {"TSMC"}


def test_an_angstrom_node_keeps_its_name(extractor):
    claims = body(extractor, "Microsoft's next Maia will be made by Intel on its 18A process.")
    assert [c for c in claims if c.topic == "manufacturing" and c.value == "18A"]


def test_a_foundry_node_written_beside_its_nm_class_is_that_class(extractor):
    claims = body(extractor, "Cambricon's MLU590 is made by SMIC on its N+2 7nm process.")
    nodes = {c.value for c in claims if c.topic == "manufacturing" and c.value != "SMIC"}
    assert nodes == {"7nm"}


def test_smics_node_names_name_smic_and_no_size(extractor):
    claims = body(extractor, "Huawei's Ascend 910C is made on its N+2 process.")
    assert {c.value for c in claims if c.topic == "manufacturing"} == {"SMIC"}
    claims = body(extractor, "SMIC will build Huawei's Ascend 950PR on its N+3 process.")
    assert {c.value for c in claims if c.topic == "manufacturing"} == {"SMIC"}


# Precision on topics: a ban's object, chips described by their shipping ----------------------


def test_a_ban_clause_naming_nothing_bans_the_product_just_before_it(extractor):
    claims = body(
        extractor,
        "Cambricon's sales are rising as buyers look for substitutes for Nvidia's H20, which "
        "the U.S. now requires a licence to export.",
    )
    assert ("nvidia", "h20", "export_controls", "affirm", "banned") in keys(claims)
    assert not [c for c in claims if c.topic == "export_controls" and c.vendor == "cambricon"]


def test_a_ban_in_a_later_clause_is_not_the_sentence_subjects(extractor):
    claims = body(
        extractor,
        "Huawei plans to ship its Ascend 910C widely, offering buyers an alternative to "
        "Nvidia's H20 just after Washington curbed the American chip's sales.",
    )
    assert ("nvidia", "h20", "export_controls", "affirm", "banned") in keys(claims)
    assert not [c for c in claims if c.topic == "export_controls" and c.vendor == "huawei"]


def test_lifting_a_ban_on_shipments_is_a_licence_not_shipping(extractor):
    claims = body(extractor, "Washington has lifted its ban on H20 shipments, Nvidia said.")
    assert ("nvidia", "h20", "export_controls", "affirm", "licensed") in keys(claims)
    assert "availability" not in topics(claims)


def test_chips_described_by_their_shipping_are_no_shipping_news(extractor):
    claims = body(
        extractor,
        "Most of the Ascend 910C dies shipped so far were fabricated by TSMC, and the memory "
        "on shipping 910Cs comes from Samsung.",
    )
    assert "availability" not in topics(claims)
    assert ("huawei", "ascend-910c", "manufacturing", "affirm", "TSMC") in keys(claims)


def test_shipping_a_chip_is_still_shipping(extractor):
    claims = body(extractor, "Huawei has shipped the Ascend 910B to cloud providers this year.")
    assert ("huawei", "ascend-910b", "availability", "affirm", "shipping") in keys(claims)


def test_a_chip_name_is_no_unit_count(extractor):
    claims = body(
        extractor, "SMIC produces additional 910C dies on its 7nm line, the company said."
    )
    assert "business" not in topics(claims)


def test_a_count_of_a_chip_is_a_unit_volume(extractor):
    claims = body(extractor, "Huawei shipped 100,000 910C chips to cloud providers last year.")
    assert [c for c in claims if c.topic == "business" and c.value.startswith("100,000")]


def test_a_model_or_software_developed_in_house_is_no_chip_in_development(extractor):
    claims = body(
        extractor,
        "Huawei said its Pangu model was developed independently, and its compiler and software "
        "stack were both developed in-house.",
    )
    assert "development" not in topics(claims)


def test_a_ban_clause_after_an_object_bans_that_object_not_the_subject(extractor):
    claims = body(
        extractor,
        "Cambricon pitches its MLU590 as a replacement for Nvidia's processors, which U.S. "
        "rules have largely locked out of China.",
    )
    assert ("nvidia", None, "export_controls", "affirm", "banned") in keys(claims)
    assert not [c for c in claims if c.topic == "export_controls" and c.vendor == "cambricon"]


def test_a_ban_with_its_year_dates_something_else(extractor):
    claims = body(
        extractor,
        "Huawei still holds dies that TSMC fabricated before a 2020 ban, the people said.",
    )
    assert "export_controls" not in topics(claims)


def test_buyers_told_to_cancel_orders_is_a_ban_not_lost_orders(extractor):
    claims = heads(extractor, "Beijing tells tech firms to cancel orders for Nvidia's H20")
    assert ("nvidia", "h20", "export_controls", "affirm", "banned") in keys(claims)
    assert "business" not in topics(claims)


def test_shipping_goods_to_a_listed_company_is_no_chip_shipping(extractor):
    claims = body(
        extractor,
        "Taiwan put Huawei on its entity list, so suppliers need a permit before shipping goods "
        "to the company.",
    )
    assert "availability" not in topics(claims)


def test_a_memory_makers_production_plan_is_not_its_customers_development(extractor):
    # A plan read from availability words ("would ramp HBM4 production") became development;
    # the rule that gives HBM production to the memory maker still sees it.
    text = "Micron would start volume production of HBM4 for Nvidia's Rubin in 2026."
    plan = ExtractedClaim(
        vendor="nvidia",
        chip="rubin",
        topic="development",
        polarity="affirm",
        value="",
        statement="",
        quote=text,
        origin="",
        confidence=0.5,
        basis={"availability_value": "mass production"},
    )
    facts = SentenceFacts(text, False, [], frozenset({"rubin"}))
    kept = rule_memory_availability_is_the_memory_makers(plan, facts, extractor.catalogue)
    assert kept is None


def test_it_refers_to_the_subject_before_an_object(extractor):
    claims = body(
        extractor,
        "Huawei's Ascend 910C has become the mainstay of data centres trying to replace Nvidia "
        "hardware, though it is used mostly for inference.",
    )
    assert ("huawei", "ascend-910c", "workload", "affirm", "inference") in keys(claims)
    assert not [c for c in claims if c.vendor == "nvidia" and c.topic == "workload"]


def test_inference_as_a_market_is_no_workload(extractor):
    claims = body(extractor, "Nvidia and AMD dominate inference in data centres today.")
    assert "workload" not in topics(claims)
    claims = body(extractor, "Intel wants a bigger share of the inference market.")
    assert "workload" not in topics(claims)


def test_products_described_by_their_memory_are_no_memory_claim(extractor):
    claims = body(extractor, "Nvidia and AMD lead the market with HBM-based accelerators.")
    assert "memory" not in topics(claims)


def test_orders_for_the_chip_are_that_chips_business(extractor):
    claims = extractor.extract(
        "Nvidia's H20 in demand",
        "Nvidia's H20 sells well in China. Cloud providers placed orders worth at least "
        "$12 billion for the chip this quarter.",
    )
    business = [c for c in claims if c.topic == "business" and not c.headline]
    assert business and {c.chip for c in business} == {"h20"}


def test_being_cut_off_from_foreign_technology_is_a_ban_not_a_reliance(extractor):
    claims = body(
        extractor,
        "Biren was put on the Entity List in 2023, which cut it off from American technology.",
    )
    assert ("biren", None, "export_controls", "affirm", "banned") in keys(claims)
    assert "supply_chain" not in topics(claims)
    claims = body(extractor, "Rules bar Huawei from receiving U.S. technology without a licence.")
    assert "supply_chain" not in topics(claims)


def test_relying_on_foreign_suppliers_is_still_a_foreign_supply_chain(extractor):
    claims = body(extractor, "Huawei still relies on foreign suppliers for its memory.")
    assert ("huawei", None, "supply_chain", "affirm", "foreign") in keys(claims)


def test_technology_restrictions_are_no_supply_chain(extractor):
    claims = body(
        extractor,
        "Baidu unveiled two new chips, which experts said would help domestic enterprises amid "
        "US technology restrictions.",
    )
    assert "supply_chain" not in topics(claims)


def test_a_sentence_opening_with_rival_names_the_rival_as_subject(extractor):
    claims = body(extractor, "Rival Samsung has yet to pass Nvidia's HBM4 qualification tests.")
    assert "performance" not in topics(claims)
    assert not [c for c in claims if c.vendor == "nvidia" and c.topic == "availability"]


def test_doubling_production_is_business_growth_not_a_production_stage(extractor):
    claims = body(
        extractor, "Huawei is preparing to double production of its Ascend 910C next year."
    )
    assert not topics(claims) & {"availability", "development"}


def test_several_hundred_thousand_chips_are_a_volume_not_a_plan(extractor):
    claims = body(
        extractor, "Huawei is expected to ship several hundred thousand Ascend 910C chips in 2026."
    )
    assert "business" in topics(claims)
    assert not topics(claims) & {"availability", "development"}


def test_shipping_chipmaking_tools_to_a_factory_is_no_chip_shipping(extractor):
    claims = body(
        extractor,
        "The waivers let Samsung ship American chipmaking tools to its factories in China.",
    )
    assert not topics(claims) & {"availability", "development"}


def test_a_known_name_with_an_unknown_model_suffix_is_another_product(extractor):
    claims = extractor.extract(
        "Nvidia unveils Rubin CPX for long-context inference",
        "Nvidia announced Rubin CPX, a GPU for long-context inference. Rubin CPX carries 128GB "
        "of GDDR7 memory.",
    )
    assert claims and all(c.chip is None for c in claims if c.vendor == "nvidia")


def test_a_form_factor_after_a_chip_name_is_the_same_chip(extractor):
    claims = body(extractor, "Nvidia's H100 SXM uses HBM3 memory, and the H20 GPU uses HBM3 too.")
    assert {c.chip for c in claims if c.topic == "memory"} == {"h100", "h20"}


def test_listed_buyers_of_another_vendors_chip_make_no_business_claim(extractor):
    claims = body(
        extractor,
        "ByteDance, Alibaba and Tencent were cleared to buy more than 300,000 H20 chips in all.",
    )
    assert not [c for c in claims if c.topic == "business" and c.vendor != "nvidia"]


def test_listed_makers_of_their_own_chips_keep_their_volumes(extractor):
    claims = body(extractor, "Amazon and Microsoft shipped 100,000 of their own chips this year.")
    assert {c.vendor for c in claims if c.topic == "business"} == {"amazon", "microsoft"}


@pytest.mark.parametrize(
    "text",
    [
        "Moore Threads will spend most of the proceeds on next-generation chips for AI training.",
        "MetaX said the proceeds would fund its next AI training and inference chips.",
    ],
)
def test_what_ipo_proceeds_are_spent_on_is_no_development_or_workload(extractor, text):
    assert not topics(body(extractor, text)) & {"development", "workload"}


# Performance and references: what a comparison or a reference must not take --------------


def test_matching_a_rivals_software_is_no_performance_claim(extractor):
    claims = body(extractor, "Analysts say Huawei cannot yet match Nvidia's software ecosystem.")
    assert "performance" not in topics(claims)


def test_a_rival_after_a_possessive_and_an_age_is_still_the_yardstick(extractor):
    claims = body(
        extractor,
        "Maia 200 offers three times the FP4 performance of Amazon's third-generation "
        "Trainium, and delivers 30% better performance per dollar.",
    )
    assert not [c for c in claims if c.topic == "performance" and c.vendor == "amazon"]


def test_the_vendors_next_chip_does_not_take_the_main_chip(extractor):
    claims = body(
        extractor,
        "Huawei is doubling output of the Ascend 910C.\n\n"
        "Analysts estimate that Huawei's next chip, the Ascend 950, will deliver about 6% of "
        "the performance of Nvidia's Vera Rubin.",
        title="Huawei to double Ascend 910C output",
    )
    found = {(c.chip, c.value) for c in claims if c.topic == "performance"}
    assert found and all(chip is None for chip, _ in found)


def test_products_hosted_from_makers_are_objects_not_subjects(extractor):
    claims = body(
        extractor,
        "The site also hosts accelerators from MetaX and Biren, and operators are in talks "
        "with Moore Threads.",
    )
    assert not [c for c in claims if c.vendor in {"metax", "biren"}]


def test_a_singular_speaker_keeps_its_own_it(extractor):
    claims = body(
        extractor,
        "SK hynix runs a large DRAM fab in Wuxi.\n\n"
        "The bureau said it intends to grant licences that keep existing fabs running.",
    )
    assert not [c for c in claims if c.vendor == "sk-hynix" and c.topic == "export_controls"]


def test_a_memory_products_own_shipping_is_not_the_designers(extractor):
    claims = body(
        extractor,
        "Huawei says the Ascend 950PR will use its own HBM, but checks suggest that CXMT's "
        "HBM3 will not ship in volume before next year.",
        title="Huawei readies the Ascend 950PR",
    )
    assert not [c for c in claims if c.topic == "availability" and c.vendor == "huawei"]


# Supply chain: where a vendor's parts come from, not its market or its name ----------------


def test_domestic_demand_is_a_market_not_a_supply_chain(extractor):
    claims = body(
        extractor,
        "Cambricon Technologies returned to profit in the half as domestic demand for AI "
        "computing kept rising.",
    )
    assert "supply_chain" not in topics(claims)


def test_technologies_in_a_company_name_is_no_technology_relied_on(extractor):
    claims = body(extractor, "Biren Technology, a domestic GPU designer, reported a wider loss.")
    assert "supply_chain" not in topics(claims)


def test_buyers_turning_to_local_suppliers_say_nothing_of_a_vendors_supply_chain(extractor):
    claims = body(
        extractor,
        "Cut off from Nvidia's best parts, Chinese buyers are turning to local suppliers.",
    )
    assert "supply_chain" not in topics(claims)


def test_home_grown_efforts_are_in_house_chips_not_a_domestic_supply_chain(extractor):
    claims = body(
        extractor, "Few analysts think the cloud giants' home-grown efforts will hurt Nvidia soon."
    )
    assert "supply_chain" not in topics(claims)


def test_no_longer_relying_on_foreign_parts_is_a_domestic_supply_chain(extractor):
    claims = body(extractor, "Huawei says it no longer relies on foreign suppliers for the 910C.")
    supply = [c for c in claims if c.topic == "supply_chain"]
    assert {(c.vendor, c.polarity, c.value) for c in supply} == {("huawei", "affirm", "domestic")}
    assert "relies on domestic technology" in supply[0].statement


# Product lines: a line's name is the main chip only when the main chip is of that line ----


def chips_of(claims, topic):
    return {c.chip for c in claims if c.topic == topic}


def test_another_product_line_is_not_the_main_chip(extractor):
    claims = body(
        extractor,
        "Nvidia resumed H20 sales in China this month.\n\n"
        "Nvidia's Blackwell chips are made by TSMC on its 4NP process.",
        title="Nvidia resumes H20 sales",
    )
    assert chips_of(claims, "manufacturing") == {None}


def test_an_unknown_model_of_the_line_is_not_the_main_chip(extractor):
    claims = body(
        extractor,
        "Baidu's Kunlun P800 runs most of its own inference work.\n\n"
        "Baidu says the Kunlun M100 is built for inference.",
        title="Baidu's Kunlun P800 in use",
    )
    workload = [c for c in claims if c.topic == "workload" and "M100" in c.quote]
    assert workload and all(c.chip is None for c in workload)


def test_the_lines_next_chip_is_not_the_main_chip(extractor):
    claims = body(
        extractor,
        "Google made Ironwood generally available this month.\n\n"
        "Google's next TPU will be made by TSMC on its 2nm process.",
        title="Google's Ironwood goes on sale",
    )
    assert chips_of(claims, "manufacturing") == {None}


def test_a_series_by_model_number_is_its_chips(extractor):
    claims = body(
        extractor,
        "Huawei ships the Ascend 910C in volume.\n\n"
        "Huawei will pair the 950 series with memory it developed itself.",
        title="Huawei ships the Ascend 910C",
    )
    assert "ascend-910c" not in chips_of(claims, "memory")


def test_a_line_described_beside_its_named_chip_does_not_block_the_main_chip(extractor):
    claims = body(
        extractor,
        "Nvidia is readying the B30A for China.\n\n"
        "It would offer roughly half the raw compute of the B300, far more than the "
        "Hopper-based H20.",
        title="Nvidia readies the B30A for China",
    )
    assert "b30a" in chips_of(claims, "performance")


# Business: a supplier's rank, and money that is no business figure ---------------------------


def test_a_suppliers_rank_at_a_chipmaker_is_the_suppliers_business(extractor):
    claims = body(extractor, "Micron expects to stay AMD's second-largest HBM supplier in 2026.")
    business = [c for c in claims if c.topic == "business"]
    assert [(c.vendor, c.value) for c in business] == [
        ("micron", "AMD's second-largest HBM supplier")
    ]


def test_an_unnamed_main_customer_is_no_rank(extractor):
    claims = body(extractor, "Samsung began delivering HBM4 stacks to its largest customer in May.")
    assert "business" not in topics(claims)


def test_share_buybacks_are_no_business_figure(extractor):
    claims = body(extractor, "AMD's board also authorised a further $6 billion of share buybacks.")
    assert "business" not in topics(claims)


def test_a_valuation_in_a_funding_round_is_no_business_figure(extractor):
    claims = body(extractor, "Biren was valued at 14 billion yuan in its latest funding round.")
    assert "business" not in topics(claims)


# Development and availability: what is no chip news ---------------------------------------


def test_next_generation_infrastructure_is_no_chip_in_development(extractor):
    claims = body(
        extractor,
        "OpenAI will use AMD Instinct GPUs to build its next-generation AI infrastructure.",
    )
    assert "development" not in topics(claims)


def test_a_cadence_of_launches_is_no_chip_launch(extractor):
    claims = body(
        extractor, "Intel said it will move to a yearly cadence of data center GPU launches."
    )
    assert "development" not in topics(claims)


def test_by_the_time_a_chip_ships_dates_something_else(extractor):
    claims = body(
        extractor,
        "Intel said its software stack will be ready by the time Jaguar Shores ships next year.",
    )
    assert not topics(claims) & {"availability", "development"}


# Memory: generic HBM beside where it comes from ------------------------------------------------


def test_struggling_to_source_hbm_is_no_memory_claim(extractor):
    claims = body(extractor, "Cambricon has found it hard to secure enough high-bandwidth memory.")
    assert "memory" not in topics(claims)


def test_hbm_relied_on_from_a_supplier_is_the_supplier_not_generic_hbm(extractor):
    claims = body(
        extractor, "The Ascend 910C still relies on high-bandwidth memory stockpiled from Samsung."
    )
    assert ("huawei", "ascend-910c", "memory", "affirm", "HBM") not in keys(claims)


def test_generic_hbm_beside_the_chips_own_memory_adds_nothing(extractor):
    claims = body(extractor, "The Ascend 950PR carries Huawei's own HiBL 1.0, a cheaper HBM.")
    memory = {c.value for c in claims if c.topic == "memory"}
    assert "HBM" not in memory and memory


def test_a_chip_that_keeps_hbm_still_says_so(extractor):
    claims = body(extractor, "Like the H20, the B30A keeps high-bandwidth memory.")
    assert ("nvidia", "b30a", "memory", "affirm", "HBM") in keys(claims)


# Business: orders a ban cancels, relationships that ended ----------------------------------------


def test_orders_a_ban_forces_its_seller_to_cancel_are_no_business_claim(extractor):
    claims = body(
        extractor,
        "Washington barred sales of the MI308 in April, forcing AMD to write down stock and "
        "cancel orders.",
    )
    assert "business" not in topics(claims)


def test_no_business_relationship_is_a_denial_of_business_with_the_company_named(extractor):
    claims = body(extractor, "Micron said it has no business relationship with Huawei.")
    business = [c for c in claims if c.topic == "business"]
    assert [(c.vendor, c.polarity, c.value) for c in business] == [
        ("micron", "deny", "business with Huawei")
    ]


def test_a_company_has_no_business_relationship_with_itself(extractor):
    claims = body(extractor, "Sophgo said it had no business relationship with Huawei at all.")
    assert not [c for c in claims if c.topic == "business" and c.vendor == "huawei"]


def test_a_foundry_that_has_not_supplied_a_customer_denies_the_customers_foundry(extractor):
    # docs/vocabulary.md: the supplier's denied supply is the customer's manufacturing denial,
    # and no business claim of the supplier's beside it.
    claims = body(
        extractor,
        "The Ascend 910C at the centre of the dispute is Huawei's main training part. TSMC "
        "said it has not supplied Huawei since the US rules took effect in 2020.",
    )
    assert ("huawei", "ascend-910c", "manufacturing", "deny", "TSMC") in keys(claims)
    assert not [c for c in claims if c.topic == "business"]


# Supply chain: a Chinese vendor's self-sufficiency, not a country's policy ---------------------


def test_a_us_vendors_homegrown_chip_is_its_own_design_not_a_supply_chain(extractor):
    claims = body(extractor, "Meta has started to deploy its homegrown MTIA accelerator widely.")
    assert "supply_chain" not in topics(claims)


def test_a_national_push_for_self_sufficiency_is_no_vendors_supply_chain(extractor):
    claims = body(
        extractor, "MetaX has gained more than most from Beijing's drive for chip self-sufficiency."
    )
    assert "supply_chain" not in topics(claims)


def test_relying_on_an_american_designers_chips_is_a_foreign_supply_chain(extractor):
    claims = body(extractor, "Tencent still relies on Nvidia GPUs for most of its model training.")
    assert ("tencent", None, "supply_chain", "affirm", "foreign") in keys(claims)


def test_a_share_price_move_is_no_performance_figure(extractor):
    claims = body(extractor, "Hygon shares opened 3.3% lower on Wednesday after the news.")
    assert "performance" not in topics(claims)


# Share moves: read, so that no other topic is read from them (docs/vocabulary.md "A share
# move or a market value is no claim") -----------------------------------------------------


def named(text, *names):
    """The (start, end, vendor) of each name, as the extractor's candidates give them."""
    found = []
    for name, vendor in names:
        start = text.index(name)
        found.append((start, start + len(name), vendor))
    return found


@pytest.mark.parametrize(
    ("text", "names", "expected"),
    [
        (
            "Shares of Micron fell 3% after the company cut its outlook.",
            [("Micron", "micron")],
            [("micron", "shares down 3%")],
        ),
        (
            "Samsung shares rose 2.4 percent, while SK hynix lost 0.7 percent.",
            [("Samsung", "samsung"), ("SK hynix", "sk-hynix")],
            [("samsung", "shares up 2.4%"), ("sk-hynix", "shares down 0.7%")],
        ),
        (
            # An index's move is nobody's.
            "Intel shares dropped about 5% in New York, and the Nasdaq index slid 1%.",
            [("Intel", "intel")],
            [("intel", "shares down about 5%")],
        ),
        (
            # A rally naming several companies: each one named.
            "Cambricon and Hygon both jumped more than 8% in Shanghai on Tuesday.",
            [("Cambricon", "cambricon"), ("Hygon", "hygon")],
            [("cambricon", "shares up more than 8%"), ("hygon", "shares up more than 8%")],
        ),
        (
            "Baidu's Hong Kong-listed shares have more than doubled this year.",
            [("Baidu", "baidu")],
            [("baidu", "shares more than double")],
        ),
        (
            "Moore Threads, which listed last week, slipped 4.1 per cent in Shanghai.",
            [("Moore Threads", "moore-threads")],
            [("moore-threads", "shares down 4.1%")],
        ),
        (
            "The rally gave Cambricon a market value of about 500 billion yuan.",
            [("Cambricon", "cambricon")],
            [("cambricon", "market value about 500 billion yuan")],
        ),
    ],
)
def test_share_moves_say_whose_shares_moved_and_how(text, names, expected):
    found = [(vendor, value) for vendor, value, _ in share_moves(text, named(text, *names), None)]
    assert found == expected


def test_a_bare_share_move_is_the_storys_company():
    found = share_moves("The stock rose 4% in late trading.", [], "amd")
    assert [(vendor, value) for vendor, value, _ in found] == [("amd", "shares up 4%")]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Nvidia shares its reference design with server makers.", [("Nvidia", "nvidia")]),
        ("Huawei's shareholders approved the plan on Friday.", [("Huawei", "huawei")]),
        ("AMD's market share rose to 8% last year.", [("AMD", "amd")]),
        ("Cambricon's revenue rose 40% in the quarter.", [("Cambricon", "cambricon")]),
        ("SMIC rose to prominence as China's main foundry.", [("SMIC", "smic")]),
    ],
)
def test_shares_shared_or_a_market_share_move_no_stock(text, names):
    assert share_moves(text, named(text, *names), None) == []


def test_a_company_whose_shares_moved_is_no_foundry_of_anothers_chips(extractor):
    claims = body(
        extractor,
        "Hygon Information Technology also ended limit-up, while Semiconductor Manufacturing "
        "International Corp (SMIC) gained 7% in Hong Kong.",
    )
    assert "manufacturing" not in topics(claims)


@pytest.mark.parametrize(
    "sentence",
    [
        "Moore Threads, which listed last week, slipped 4.1 per cent in Shanghai.",
        "Shares of SMIC edged up 1.4 per cent in Hong Kong, while Hygon slipped 0.5 per cent.",
    ],
)
def test_shares_that_slipped_are_no_chip_slipping(extractor, sentence):
    assert "development" not in topics(body(extractor, sentence))


@pytest.mark.parametrize(
    "sentence",
    [
        "Shares of Micron fell 3% after the company cut its outlook.",
        "Analysts said Hygon's stock may rise 10% if the deal closes.",
        "The rally gave Cambricon a market value of about 500 billion yuan.",
    ],
)
def test_a_share_move_or_a_market_value_is_still_no_claim(extractor, sentence):
    assert not [c for c in body(extractor, sentence) if c.topic == "business"]


def test_a_delay_beside_a_share_move_is_still_a_delay(extractor):
    claims = body(
        extractor,
        "Shares of Cambricon slipped 2% in Shanghai after it said the MLU690 had slipped "
        "into next year.",
    )
    assert "development" in topics(claims)


# Open questions and conditions assert nothing ---------------------------------------------------


def test_an_open_question_is_no_claim(extractor):
    assert not body(extractor, "It is still unclear whether the Ascend 910C is made by TSMC.")
    assert not body(extractor, "Investors asked whether the MI308 would be banned as well.")


def test_a_claim_quoted_before_a_question_keeps_its_claim(extractor):
    claims = body(
        extractor,
        '"The B300 uses our HBM3E," the Micron chief said when asked whether it had lost share.',
    )
    assert "memory" in topics(claims)


def test_shipments_that_may_resume_are_no_shipping(extractor):
    claims = body(
        extractor, "Nvidia could sell $10 billion of H20s this year if shipments resume in full."
    )
    assert "availability" not in topics(claims)


def test_a_rivals_stack_named_as_the_yardstick_is_not_the_vendors_own(extractor):
    claims = body(extractor, "Cambricon's NeuWare, its answer to Nvidia's CUDA, keeps improving.")
    assert ("cambricon", None, "software", "affirm", "CUDA") not in keys(claims)
    claims = body(extractor, "Developers say the MLU590's tools still lag behind Nvidia's CUDA.")
    assert not [c for c in claims if c.vendor == "cambricon" and c.value == "CUDA"]


def test_compatibility_with_cuda_is_still_a_software_claim(extractor):
    claims = body(extractor, "Moore Threads says its MUSA platform is compatible with CUDA.")
    assert ("moore-threads", None, "software", "affirm", "CUDA") in keys(claims)


# A nickname names no party ---------------------------------------------------------------------


def test_a_foreign_vendor_as_a_chinese_ones_nickname_is_no_subject(extractor):
    claims = body(
        extractor,
        'Cambricon, which traders call "China\'s Nvidia", reported revenue of 2.9 billion yuan. '
        "The company also raised 4 billion yuan in a share sale.",
    )
    assert {c.vendor for c in claims} == {"cambricon"}


def test_a_chinese_vendor_after_chinas_is_the_subject(extractor):
    claims = body(extractor, "China's Huawei said its Ascend 910C is made by SMIC.")
    assert ("huawei", "ascend-910c", "manufacturing", "affirm", "SMIC") in keys(claims)


def test_behind_a_company_or_close_to_a_sum_is_no_speed_comparison(extractor):
    for sentence in (
        "Nvidia fell behind AMD in the race for OpenAI's business.",
        "Cambricon expects revenue close to 5 billion yuan this year.",
    ):
        assert "performance" not in topics(body(extractor, sentence)), sentence


def test_the_entity_list_bans_the_company_not_the_chip_named_beside_it(extractor):
    claims = body(
        extractor,
        "Moore Threads, whose MTT S4000 was made by TSMC, lost access to the foundry after it "
        "was added to the Entity List in 2023.",
    )
    banned = [c for c in claims if c.topic == "export_controls"]
    assert [(c.vendor, c.chip, c.value) for c in banned] == [("moore-threads", None, "banned")]


def test_a_stack_after_than_is_the_yardstick(extractor):
    claims = body(extractor, "Biren's software ecosystem is still far smaller than CUDA.")
    assert not [c for c in claims if c.topic == "software" and c.value == "CUDA"]


def test_a_clause_opening_with_whether_is_an_open_question(extractor):
    assert not body(
        extractor, "Whether SMIC makes the Ascend 950 in volume will decide the roadmap."
    )


def test_product_launches_as_a_noun_are_no_chip_launch(extractor):
    claims = body(
        extractor, "Cambricon said online talk about new product launches for the MLU690 was false."
    )
    assert "development" not in topics(claims)


def test_a_foundry_process_developed_is_no_chip_in_development(extractor):
    claims = body(extractor, "N+3 is SMIC's 5nm-class process, developed without EUV tools.")
    assert "development" not in topics(claims)


def test_a_debut_beside_shares_is_a_stock_debut_not_a_chip(extractor):
    claims = body(
        extractor, "The debut follows that of MetaX, whose shares rose sevenfold on the first day."
    )
    assert "development" not in topics(claims)


def test_buyers_steered_away_from_a_vendor_is_that_vendors_ban_not_the_subjects(extractor):
    claims = body(
        extractor,
        "Cambricon wants to triple output next year, as Beijing steers Chinese companies away "
        "from Nvidia Corp. hardware.",
    )
    banned = {c.vendor for c in claims if c.topic == "export_controls"}
    assert banned == {"nvidia"}


def test_what_still_relies_on_foreign_parts_beats_the_home_grown_pitch(extractor):
    claims = body(
        extractor,
        "The C600, which MetaX pitches as home-grown, will still ship with HBM from foreign "
        "suppliers.",
    )
    supply = {c.value for c in claims if c.topic == "supply_chain"}
    assert supply == {"foreign"}


# Manufacturing: a foundry's capacity is not where a chip is made -----------------------------


def test_a_foundrys_capacity_is_no_chips_foundry_or_node(extractor):
    claims = body(
        extractor,
        "Huawei may ship fewer Ascend 910C packages, because SMIC's 7nm capacity is still tight.",
    )
    assert "manufacturing" not in topics(claims)
    claims = body(
        extractor,
        "SMIC plans to double its 7nm-class capacity next year, with most of it reserved for "
        "Huawei's Ascend 950PR.",
    )
    assert not [c for c in claims if c.topic == "manufacturing" and c.vendor == "huawei"]


def test_a_chip_made_by_a_foundry_stays_beside_the_foundrys_new_capacity(extractor):
    claims = body(
        extractor,
        "Cambricon, whose MLU590 is also made by SMIC, expects a larger share of the new capacity.",
    )
    assert ("cambricon", "mlu590", "manufacturing", "affirm", "SMIC") in keys(claims)


# A bid, a memory stack's die, a stock's debut: no claim of the chip --------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "Samsung is seeking a share of the first Rubin orders by offering HBM4 at a lower price.",
        "Micron and SK hynix are racing to supply HBM4 for Nvidia's Rubin.",
        "Samsung is competing with SK hynix to win HBM4 orders for the Rubin platform.",
    ],
)
def test_a_memory_makers_bid_names_no_supplier_of_the_chip(extractor, sentence):
    # The Rubin uses HBM4; who will supply it is what the makers are still bidding for.
    claims = body(extractor, sentence)
    assert ("nvidia", "rubin", "memory", "affirm", "HBM4") in keys(claims)
    memory_values = {c.value for c in claims if c.topic == "memory"}
    assert not memory_values & {"Samsung", "SK hynix", "Micron"}
    assert not [c for c in claims if c.topic == "business" and c.value == "orders"]


def test_a_supplier_that_supplies_is_still_named(extractor):
    claims = body(extractor, "SK hynix supplies HBM3E for Nvidia's B300.")
    assert ("nvidia", "b300", "memory", "affirm", "SK hynix") in keys(claims)


@pytest.mark.parametrize(
    "sentence",
    [
        "Samsung will supply HBM4 for Nvidia's Rubin built on a 4nm logic base die.",
        "The HBM4 that SK hynix ships for the Rubin uses a base die made by TSMC on its 3nm "
        "process.",
        "For the Rubin, Micron's HBM4 stacks sit on a 12nm base die of its own.",
    ],
)
def test_a_memory_stacks_base_die_is_not_the_chips_process(extractor, sentence):
    claims = body(extractor, sentence)
    assert "memory" in topics(claims)
    assert "manufacturing" not in topics(claims)


@pytest.mark.parametrize(
    "sentence",
    [
        "Moore Threads and MetaX debuted in Shanghai in December with gains of more than 400%.",
        "Moore Threads is due to debut on Shanghai's STAR Market next month.",
        "Kunlunxin's filing follows strong debuts by rivals in Shanghai and Hong Kong.",
    ],
)
def test_a_companys_market_debut_is_no_chip_in_development(extractor, sentence):
    assert "development" not in topics(body(extractor, sentence))


def test_a_chip_debuted_at_an_event_is_still_development(extractor):
    claims = body(extractor, "Huawei debuted the Ascend 950PR at its Shanghai conference.")
    assert ("huawei", "ascend-950pr", "development", "affirm", "") in keys(claims)


# Whose chips: a buyer's use, a memory maker shipping for a chip ------------------------------


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Alibaba, Baidu and Tencent have all tested Huawei's chips, people familiar said.",
            ("huawei", None, "availability", "affirm", "testing"),
        ),
        (
            "Tencent uses Enflame's accelerators mainly for inference in its cloud.",
            ("enflame", None, "workload", "affirm", "inference"),
        ),
        (
            "ByteDance and Alibaba are testing Cambricon's Siyuan 590 chips.",
            ("cambricon", "mlu590", "availability", "affirm", "testing"),
        ),
    ],
)
def test_a_buyers_use_of_another_makers_chips_is_that_makers(extractor, sentence, expected):
    claims = body(extractor, sentence)
    assert expected in keys(claims)
    buyers = {"alibaba", "baidu", "tencent"}
    assert not [c for c in claims if c.vendor in buyers]


@pytest.mark.parametrize(
    ("sentence", "chip"),
    [
        ("Micron, which was first to ship HBM3E for the H200 in 2024, is now qualified.", "h200"),
        ("Samsung continues to ship HBM3 for the H20, which Nvidia sells in China.", "h20"),
        ("Samsung is now shipping HBM3E to AMD for the MI350 series.", "mi355x"),
    ],
)
def test_memory_shipped_for_a_named_chip_is_that_chips_memory(extractor, sentence, chip):
    claims = body(extractor, sentence)
    assert chip in {c.chip for c in claims if c.topic == "memory"}
    assert "availability" not in topics(claims)


@pytest.mark.parametrize(
    "sentence",
    [
        "Samsung has begun shipping HBM4 samples to Nvidia and AMD.",
        "Micron said its HBM3E 12-high stacks are now shipping in volume to AMD for the MI355X.",
    ],
)
def test_a_memory_makers_own_product_news_stays_its_own(extractor, sentence):
    claims = body(extractor, sentence)
    assert [c for c in claims if c.topic == "availability" and c.vendor in {"samsung", "micron"}]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Samsung's 12-high HBM3E has not yet passed Nvidia's qualification for the B300.",
            ("nvidia", "b300", "memory", "deny", "Samsung"),
        ),
        (
            "Samsung has passed Nvidia's HBM4 qualification tests, according to industry sources.",
            ("nvidia", None, "memory", "affirm", "Samsung"),
        ),
        (
            "Micron, long a laggard in HBM, has meanwhile passed AMD's qualification tests for "
            "its 12-high stacks.",
            ("amd", None, "memory", "affirm", "Micron"),
        ),
    ],
)
def test_a_memory_makers_qualification_is_the_customers_memory_supplier(
    extractor, sentence, expected
):
    # Who supplies the chipmaker's memory is the question; the maker keeps no bare
    # "qualification" (docs/vocabulary.md: a supplier's denied supply is the customer's).
    claims = body(extractor, sentence)
    assert expected in keys(claims)
    assert not [c for c in claims if c.topic == "business"]
    assert not [c for c in claims if c.topic == "memory" and c.polarity != expected[3]]


@pytest.mark.parametrize(
    ("sentence", "kept", "dropped"),
    [
        (
            "Ironwood is made on a TSMC 5nm-class process, and analysts expect the next "
            "generation to move to 3nm.",
            ("google", "ironwood", "manufacturing", "affirm", "5nm"),
            "3nm",
        ),
        (
            "The B200 carries HBM3E, and its successor will use HBM4.",
            ("nvidia", "b200", "memory", "affirm", "HBM3E"),
            "HBM4",
        ),
        (
            "Huawei's 910C is made by SMIC, while its next-generation Ascend 950 will use HBM "
            "developed in-house.",
            ("huawei", "ascend-910c", "manufacturing", "affirm", "SMIC"),
            "HBM",
        ),
    ],
)
def test_a_successors_spec_is_not_the_chip_named_before_it(extractor, sentence, kept, dropped):
    claims = body(extractor, sentence)
    assert kept in keys(claims)
    assert not [c for c in claims if c.chip == kept[1] and c.value == dropped]


def test_a_successor_named_in_its_clause_keeps_its_spec(extractor):
    claims = body(
        extractor, "The MI355X uses HBM3E; the next generation, the MI400, moves to HBM4."
    )
    assert ("amd", "mi400", "memory", "affirm", "HBM4") in keys(claims)
    assert ("amd", "mi355x", "memory", "affirm", "HBM3E") in keys(claims)


@pytest.mark.parametrize(
    "sentence",
    [
        "Huawei's shipments came from a stockpile of roughly 2.9 million dies that TSMC "
        "fabricated for Sophgo in 2023-24.",
        "An analysis has suggested that as many as two million TSMC-made dies may have "
        "reached Huawei through intermediaries.",
        "Cambricon drew on about 300,000 chips that TSMC made for it before the rules changed.",
    ],
)
def test_dies_a_foundry_made_for_a_designer_are_the_designers_volume(extractor, sentence):
    claims = body(extractor, sentence)
    volumes = [c for c in claims if c.topic == "business"]
    assert volumes and {c.vendor for c in volumes} <= {"huawei", "cambricon"}


def test_a_foundrys_own_output_stays_its_own(extractor):
    claims = body(extractor, "TSMC shipped 1.2 million CoWoS wafers last year.")
    assert [c.vendor for c in claims if c.topic == "business"] == ["tsmc"]


@pytest.mark.parametrize(
    ("sentence", "expected", "not_expected"),
    [
        (
            "Its products include the Yunsui T20 training card and the S60 inference card.",
            ("enflame", "cloudblazer-t20", "workload", "affirm", "training"),
            ("enflame", "cloudblazer-t20", "workload", "affirm", "inference"),
        ),
        (
            "Cambricon sells the MLU370 inference card alongside the Siyuan 590 training chip.",
            ("cambricon", "mlu590", "workload", "affirm", "training"),
            ("cambricon", "mlu370", "workload", "affirm", "training"),
        ),
        (
            "Huawei pitches the Ascend 910C for training, while the 910B handles inference.",
            ("huawei", "ascend-910b", "workload", "affirm", "inference"),
            ("huawei", "ascend-910c", "workload", "affirm", "inference"),
        ),
    ],
)
def test_a_workload_goes_to_the_model_it_qualifies(extractor, sentence, expected, not_expected):
    claims = keys(body(extractor, sentence))
    assert expected in claims
    assert not_expected not in claims


def test_a_workload_qualifying_no_model_stays_the_chips(extractor):
    claims = keys(body(extractor, "The Ascend 910C is used for training and inference."))
    assert ("huawei", "ascend-910c", "workload", "affirm", "inference") in claims
    assert ("huawei", "ascend-910c", "workload", "affirm", "training") in claims


@pytest.mark.parametrize(
    "sentence",
    [
        "The report lifted Alphabet towards a $4tn valuation.",
        "Kunlunxin raised funds at a 21 billion yuan valuation in its latest round.",
        "Cambricon's rally left it near a record 600 billion yuan valuation.",
    ],
)
def test_a_valuation_told_before_the_word_is_no_business_figure(extractor, sentence):
    assert not [c for c in body(extractor, sentence) if c.topic == "business"]


@pytest.mark.parametrize(
    "sentence",
    [
        "HBM bit demand is set to grow 70% in 2025, driven by Nvidia's Blackwell family and "
        "AMD's MI350 series.",
        "HBM consumption will double next year on the back of Nvidia's B300.",
        "HBM shipments are rising with AMD's MI355X ramp.",
    ],
)
def test_memory_demand_told_as_a_market_is_no_chips_memory(extractor, sentence):
    assert "memory" not in topics(body(extractor, sentence))


# Chip references: a relative clause, a product the catalogue does not know ----------------


def test_a_relative_clause_after_a_chip_is_about_that_chip(extractor):
    claims = body(
        extractor,
        "The H200 is far more powerful than the H20 that Washington licensed for China.",
    )
    licensed = [c for c in claims if c.topic == "export_controls"]
    assert [(c.chip, c.value) for c in licensed] == [("h20", "licensed")]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "SK hynix makes the memory for Nvidia's B300, which began shipping in September.",
            ("nvidia", "b300", "availability", "affirm", "shipping"),
        ),
        (
            "Samsung supplies HBM3E for AMD's MI350 series, which entered volume production "
            "this summer.",
            ("amd", "mi355x", "availability", "affirm", "mass production"),
        ),
        (
            "Micron, a supplier of HBM to Nvidia and AMD, works with Huawei's rival "
            "Cambricon, which started mass production of the Siyuan 590 last year.",
            ("cambricon", "mlu590", "availability", "affirm", "mass production"),
        ),
    ],
)
def test_a_which_clause_is_about_the_name_right_before_its_comma(extractor, sentence, expected):
    # Not the supplier who opens the sentence: the relative pronoun stands for its antecedent.
    claims = body(extractor, sentence)
    assert expected in keys(claims)
    suppliers = {"sk-hynix", "samsung", "micron"}
    assert not [c for c in claims if c.vendor in suppliers and c.topic == "availability"]


@pytest.mark.parametrize(
    "sentence",
    [
        "Baidu said Kunlunxin would launch the M100, optimized for inference, next year.",
        "A teardown found Baidu's Kirin-like X300 module is built for inference.",
    ],
)
def test_a_model_the_catalogue_does_not_know_does_not_take_the_main_chip(extractor, sentence):
    claims = body(
        extractor,
        "Baidu's Kunlun P800 handles most of its inference work.\n\n" + sentence,
        title="Baidu's Kunlun P800 at work",
    )
    later = [c for c in claims if c.topic == "workload" and c.quote != claims[0].quote]
    assert later and all(c.chip is None for c in later)


# Contrasts and yardsticks ----------------------------------------------------------------------


def test_a_contrast_set_off_by_commas_does_not_flip_the_predicate_after_it(extractor):
    claims = body(
        extractor,
        "The MI308's memory capacity, rather than its raw compute, made it popular for inference.",
    )
    assert ("amd", "mi308", "workload", "affirm", "inference") in keys(claims)


def test_a_contrast_without_an_opening_comma_still_denies_what_it_names(extractor):
    claims = body(extractor, "The Ascend 910C is made by SMIC rather than TSMC, Huawei said.")
    assert ("huawei", "ascend-910c", "manufacturing", "deny", "TSMC") in keys(claims)


def test_the_workloads_a_speed_comparison_is_measured_on_are_its_yardstick(extractor):
    claims = body(
        extractor,
        "Trainium3 delivers four times better performance per chip for both training and "
        "inference workloads.",
    )
    assert "workload" not in topics(claims)


def test_tools_a_foundry_uses_name_no_foundry_of_the_chip(extractor):
    claims = body(
        extractor,
        "Huawei's Ascend 910C chips are fabricated by SMIC on its N+2 process, a 7nm-class "
        "technology that SMIC developed without access to the lithography tools used by TSMC.",
    )
    foundries = {c.value for c in claims if c.topic == "manufacturing"}
    assert "SMIC" in foundries and "TSMC" not in foundries


def test_being_cut_off_from_a_foundrys_manufacturing_is_a_ban_not_a_foundry_claim(extractor):
    claims = body(
        extractor, "Biren's listing in 2023 cut it off from TSMC's advanced manufacturing."
    )
    assert "manufacturing" not in topics(claims)


def test_testing_a_rule_requires_is_no_chip_in_testing(extractor):
    claims = body(
        extractor,
        "Washington cleared the H200 for sale in China under rules that require third-party "
        "testing of every shipment.",
    )
    assert "availability" not in topics(claims)


def test_unnamed_local_alternatives_being_available_is_no_named_chip_on_sale(extractor):
    claims = body(
        extractor,
        "Officials asked buyers why they still want H20s when comparable local processors are "
        "available.",
    )
    assert "availability" not in topics(claims)


def test_a_suppliers_own_memory_type_names_the_supplier_not_the_type(extractor):
    claims = body(extractor, "AMD will show MI400 accelerators fitted with Samsung's HBM4 in June.")
    memory = {c.value for c in claims if c.topic == "memory"}
    assert memory == {"Samsung"}


# The first person in a quotation ------------------------------------------------------------


def test_we_in_a_quotation_is_the_speakers_company(extractor):
    claims = body(
        extractor,
        "Chief executive Jensen Huang of Nvidia spoke in Taipei on Tuesday. "
        '"Export rules stop us from selling our fastest accelerators in China," Huang said.',
    )
    assert ("nvidia", None, "export_controls", "affirm", "banned") in keys(claims)


def test_we_in_a_quotation_carried_on_is_still_the_speakers(extractor):
    claims = body(
        extractor,
        'AMD spoke about China. "Demand is strong," AMD said. '
        '"Export rules stop us from selling our fastest accelerators in China."',
    )
    assert ("amd", None, "export_controls", "affirm", "banned") in keys(claims)


def test_we_outside_quotation_marks_is_the_writers(extractor):
    claims = body(
        extractor,
        "Chief executive Jensen Huang of Nvidia spoke in Taipei on Tuesday. "
        "We think export rules stop us from selling our fastest accelerators in China.",
    )
    assert "nvidia" not in {c.vendor for c in claims if c.topic == "export_controls"}


def test_an_unnamed_speakers_we_is_nobodys(extractor):
    claims = body(
        extractor,
        "Nvidia spoke in Taipei on Tuesday. "
        '"Export rules stop us from selling our fastest accelerators in China," one person said.',
    )
    assert "export_controls" not in topics(claims)


def test_rules_that_keep_a_vendor_from_shipping_are_no_shipping(extractor):
    claims = body(extractor, "The rules prevent Nvidia from shipping its best chips to China.")
    assert "availability" not in topics(claims)


def test_a_roadmap_weighed_in_general_is_no_chip_in_development(extractor):
    claims = body(
        extractor,
        'Nvidia spoke about China. "We consider a range of products for our roadmap," '
        "an Nvidia spokesperson said.",
    )
    assert "development" not in topics(claims)


def test_memory_a_chip_designer_develops_is_no_chip_in_development(extractor):
    claims = body(
        extractor,
        "Huawei keeps drawing on its stock of Samsung HBM2E for the 910C while it develops "
        "its own high-bandwidth memory for next year's parts.",
    )
    assert "development" not in topics(claims)
    claims = body(extractor, "Both new Ascend parts carry memory that Huawei developed itself.")
    assert "development" not in topics(claims)


def test_a_memory_makers_own_memory_development_is_still_its_development(extractor):
    claims = body(extractor, "SK hynix is developing HBM4 stacks for next year's accelerators.")
    assert ("sk-hynix", None, "development", "affirm", "") in keys(claims)


def test_a_chip_developed_with_memory_is_still_development(extractor):
    claims = body(extractor, "Cambricon is developing the MLU690, which will use HBM3 memory.")
    assert ("cambricon", "mlu690", "development", "affirm", "") in keys(claims)


# Chips named only to describe another ------------------------------------------------------


def test_a_chip_derived_from_another_is_not_that_other_chip(extractor):
    claims = extractor.extract(
        "Nvidia readies the B40 for China",
        "Nvidia will launch the B40 for China. People familiar with it say the chip is "
        "derived from the RTX Pro 6000D and will carry GDDR7 memory.",
        0.7,
    )
    assert ("nvidia", "b40", "memory", "affirm", "GDDR7") in keys(claims)
    assert "rtx-6000d" not in {c.chip for c in claims}


def test_a_class_named_after_a_chip_is_not_that_chip(extractor):
    claims = extractor.extract(
        "Biren's BR100 story",
        "Biren designs the BR100. Its BR166, which joins two BR100-class dies in a package, "
        "began shipping to customers in the spring.",
        0.7,
    )
    shipping = [c for c in claims if c.topic == "availability" and not c.headline]
    assert shipping and all(c.chip is None for c in shipping)


def test_the_yields_of_a_chips_class_are_that_chips_even_beside_another_chip(extractor):
    # Two Huawei chips in the lead leave the story without a main chip: the yield must come
    # from the class name itself, not from the article's context.
    claims = body(
        extractor,
        "Huawei is readying the Ascend 950PR while it ships the Ascend 910B in volume.\n\n"
        "Brokers put SMIC's output at 30,000 wafers a month, with 910B-class yields near 35%.",
        title="Huawei's accelerators in 2026",
    )
    assert ("huawei", "ascend-910b", "manufacturing", "affirm", "yield 35%") in keys(claims)


def test_a_yield_a_few_words_from_its_figure_is_the_value(extractor):
    claims = body(
        extractor,
        "Yields for the Ascend 950PR die on N+3 stand at roughly 30%, a source said.",
    )
    assert ("huawei", "ascend-950pr", "manufacturing", "affirm", "yield 30%") in keys(claims)


def test_a_next_generation_chip_is_not_the_chip_named_before_it(extractor):
    claims = body(
        extractor,
        "Huawei will build roughly 600,000 Ascend 910C chips in 2026, and it is readying its "
        "next-generation Ascend 950 family.",
    )
    assert ("huawei", None, "development", "affirm", "") in keys(claims)
    assert ("huawei", "ascend-910c", "development", "affirm", "") not in keys(claims)


def test_a_successor_named_after_the_cue_is_the_chip_in_development(extractor):
    claims = body(extractor, "Its successor, which analysts call the MLU690, is due next year.")
    assert {c.chip for c in claims if c.topic == "development"} == {"mlu690"}
    claims = body(extractor, "Amazon has no plans for a new version of its Inferentia2 chip.")
    assert {c.chip for c in claims if c.topic == "development"} <= {"inferentia2"}


def test_a_sites_total_compute_is_no_chips_performance(extractor):
    claims = body(
        extractor,
        "The carrier has installed 8,000 MI355X accelerators. Together the chips provide "
        "1,200 petaflops, and the operator plans 5,000 petaflops once the site is finished.",
    )
    assert "performance" not in topics(claims)


def test_a_vendors_own_system_figure_is_still_performance(extractor):
    claims = body(
        extractor,
        "A CloudMatrix 384 built from Ascend 910C chips delivers about 300 petaflops of BF16.",
    )
    assert "performance" in topics(claims)


def test_a_backdoor_denial_in_passing_is_background(extractor):
    claims = body(
        extractor,
        "Nvidia has halted H20 production after Beijing told Chinese companies to stop buying "
        "the chip. Nvidia repeated that the H20 contains no backdoors.",
        title="Nvidia pauses H20 work after Beijing guidance",
    )
    assert "software" not in topics(claims)


def test_a_backdoor_denial_in_a_story_about_it_is_a_claim(extractor):
    claims = body(
        extractor,
        "Nvidia said the H20 contains no backdoors.",
        title="Nvidia denies its H20 chips carry backdoors after regulator's summons",
    )
    assert ("nvidia", "h20", "software", "deny", "backdoor") in keys(claims)


def test_the_bandwidth_of_a_chips_memory_is_no_speed_of_the_chip(extractor):
    claims = body(
        extractor, "The MI355X carries 288GB of HBM3E memory delivering 8 TB/s of bandwidth."
    )
    assert "performance" not in topics(claims)
    claims = body(extractor, "The PPU offers 700GB/s of chip-to-chip bandwidth.")
    assert "performance" in topics(claims)


def test_when_a_yardstick_ships_is_said_in_passing(extractor):
    claims = body(
        extractor,
        "Huawei said its new pod will offer four times the compute of the Vera Rubin NVL144 "
        "system that Nvidia plans to ship next year.",
    )
    assert not [c for c in claims if c.vendor == "nvidia"]


# Non-vendor subjects: a country, a government or an industry as a whole ------------------


def test_a_countrys_plan_is_no_claim_of_the_vendor_named_after_it(extractor):
    claims = body(
        extractor,
        "Beijing plans to double the country's output of AI accelerators by 2027, with two "
        "new fabs set aside for Huawei and more capacity at SMIC.",
        title="Huawei's next Ascend chip",
    )
    assert not [c for c in claims if c.topic == "manufacturing"]
    # The plan is nobody's; the fabs set aside for a company are its business.
    found = {(c.vendor, c.value) for c in claims if c.topic == "business"}
    assert found == {("huawei", "dedicated fabrication plants")}


def test_an_industrys_shipments_are_no_vendors(extractor):
    claims = body(
        extractor,
        "Chinese chipmakers as a group shipped about 1.2 million accelerators last year, "
        "with Huawei taking about half.",
    )
    assert not [c for c in claims if c.topic == "business"]
    claims = body(
        extractor,
        "Chinese chipmakers as a group now make most of their AI chips at SMIC, with Huawei "
        "the largest customer.",
    )
    assert not [c for c in claims if c.topic == "manufacturing"]


def test_a_vendor_after_its_countrys_possessive_is_still_the_subject(extractor):
    claims = body(extractor, "China's Cambricon plans to triple its output of chips next year.")
    assert [c for c in claims if c.vendor == "cambricon" and c.topic == "business"]


def test_a_governments_rules_about_a_vendor_stay_its_export_controls(extractor):
    claims = body(extractor, "Washington plans to bar Nvidia from selling the B30A in China.")
    assert [c for c in claims if c.vendor == "nvidia" and c.topic == "export_controls"]


def test_the_company_after_a_supplier_named_alone_is_the_supplier(extractor):
    claims = body(
        extractor,
        "Nvidia has cleared Samsung's HBM3E for its B300 and GB300 systems, people said. "
        "Nvidia declined to comment. Samsung's memory arm has also gained from rising DRAM "
        "prices. Analysts expect the company's quarterly operating profit to more than double.",
        title="Nvidia clears Samsung HBM3E for B300",
    )
    found = {(c.vendor, c.value) for c in claims if c.topic == "business"}
    assert ("samsung", "double operating profit") in found
    assert not [v for v, _ in found if v == "nvidia"]


# A supplier's development, plans to ramp, volumes and revenue from shipments ----------------------


@pytest.mark.parametrize(
    "text",
    [
        "Samsung signed a contract to make Tesla's next-generation AI6 chips in Texas.",
        "TSMC is developing its 1.4nm process for production in 2028.",
        "SMIC has unveiled a new 5nm-class process for its Chinese customers.",
    ],
)
def test_a_supplier_has_no_chip_in_development_but_its_memory(extractor, text):
    assert "development" not in topics(body(extractor, text))


def test_a_memory_makers_development_of_its_stacks_stays(extractor):
    claims = body(extractor, "SK hynix has completed development of HBM4 for its customers.")
    assert ("sk-hynix", None, "development", "affirm", "") in keys(claims)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Micron plans to ramp HBM4 in calendar 2026.", ("micron", None)),
        ("Nvidia expects to ramp the Rubin GPU next year.", ("nvidia", "rubin")),
        ("Samsung is on track to ramp HBM4 production in the second quarter.", ("samsung", None)),
    ],
)
def test_a_plan_to_ramp_a_part_is_development(extractor, text, expected):
    assert (*expected, "development", "affirm", "") in keys(body(extractor, text))


@pytest.mark.parametrize(
    "text",
    [
        "Huawei plans to raise its shipments of the 910C this year.",
        "Cambricon expects to increase deliveries of the MLU590 next quarter.",
        "AMD's outlook includes no revenue from MI308 shipments to China.",
        "Nvidia booked $4 billion of revenue from H20 shipments in the quarter.",
    ],
)
def test_more_shipments_or_revenue_from_them_is_no_stage_or_plan(extractor, text):
    assert not topics(body(extractor, text)) & {"availability", "development"}


def test_samples_to_power_next_generation_platforms_are_no_development(extractor):
    claims = body(extractor, "Micron ships HBM4 samples to power next-generation AI platforms.")
    assert "development" not in topics(claims)
    assert ("micron", None, "availability", "affirm", "sampling") in keys(claims)


@pytest.mark.parametrize(
    ("sentence", "chip", "yardstick"),
    [
        (
            "The H200, which couples the Hopper design with 141 gigabytes of HBM3E memory, is "
            "about six times as fast as the H20.",
            "h200",
            "h20",
        ),
        (
            "Nvidia's B300, which uses 12-high HBM3E stacks, sells for twice the price of the "
            "B200.",
            "b300",
            "b200",
        ),
        (
            "The MI355X, which carries HBM3E memory, will be priced well below the MI300X.",
            "mi355x",
            "mi300x",
        ),
    ],
)
def test_a_relative_clauses_memory_is_the_chip_it_hangs_on(extractor, sentence, chip, yardstick):
    # A chip named after the relative clause closes belongs to the main clause.
    memory = {k[1] for k in keys(body(extractor, sentence)) if k[2] == "memory"}
    assert memory == {chip}
    assert yardstick not in memory


# Words lifted from the wrong clause (tuning7's outside reading) ---------------------------


def test_a_cue_word_inside_a_foundrys_name_is_no_manufacturing_cue(extractor):
    claims = body(
        extractor,
        "Moore Threads also jumped, while Semiconductor Manufacturing International Corp "
        "(SMIC) fell 3% in Hong Kong.",
    )
    assert "manufacturing" not in topics(claims)


@pytest.mark.parametrize(
    "sentence",
    [
        "The MLU370 is made by Semiconductor Manufacturing International Corp.",
        "Semiconductor Manufacturing International Corp is producing most of the MLU370 chips.",
    ],
)
def test_a_foundry_named_in_full_beside_a_real_cue_still_makes_the_chip(extractor, sentence):
    claims = body(extractor, sentence)
    assert ("cambricon", "mlu370", "manufacturing", "affirm", "SMIC") in keys(claims)


def test_a_share_price_slip_is_no_delay(extractor):
    claims = body(extractor, "Shares of TSMC rose 2 per cent, while Cambricon slipped 1.4%.")
    assert not topics(claims) & {"development", "availability"}


def test_stock_built_for_deliveries_to_come_is_no_shipping(extractor):
    claims = body(
        extractor,
        "Cambricon's inventory rose to 2 billion yuan, which analysts read as preparation for "
        "larger deliveries of the MLU590.",
    )
    assert "availability" not in topics(claims)


@pytest.mark.parametrize(
    "sentence",
    [
        "Huawei said its Ascend chips ran the model through the open-source inference engines "
        "vLLM and SGLang.",
        "Huawei published its inference scripts for the Ascend 910C.",
    ],
)
def test_software_named_for_inference_is_no_workload(extractor, sentence):
    assert "workload" not in topics(body(extractor, sentence))


def test_a_memory_to_follow_later_is_not_the_chips_memory_now(extractor):
    claims = body(
        extractor,
        "First 950PR units will carry HBM bought from SK hynix, with HiZQ 2.0 following later "
        "in 2027.",
    )
    memory = {k[4] for k in keys(claims) if k[2] == "memory"}
    assert memory == {"SK hynix"}


@pytest.mark.parametrize(
    "sentence",
    [
        "Huawei said the Ascend 950 design was engineered around the resources available to it "
        "in China.",
        "Huawei says the Ascend 950DT will be its fastest part when it becomes available in the "
        "fourth quarter of 2026.",
    ],
)
def test_resources_available_and_an_availability_to_come_are_no_shipping(extractor, sentence):
    assert "availability" not in topics(body(extractor, sentence))


def test_chips_a_buyer_acquired_are_no_takeover(extractor):
    claims = body(
        extractor,
        "Its papers mention Nvidia's A100 chips, which it acquired before Washington tightened "
        "the rules.",
    )
    assert "business" not in topics(claims)


def test_a_takeover_is_still_an_acquisition(extractor):
    claims = body(extractor, "AMD acquired ZT Systems for $4.9 billion.")
    assert any(k[2] == "business" and "acquisition" in k[4] for k in keys(claims))


def test_the_share_of_output_a_reliance_covers_is_no_market_share(extractor):
    claims = body(
        extractor,
        "Biren relies on imported HBM and on TSMC-made dies for the bulk of its 2026 output.",
    )
    assert "business" not in topics(claims)


def test_units_shipped_with_a_model_number_in_their_name_are_a_volume(extractor):
    claims = body(
        extractor,
        "More than 200 Atlas 800 A2 SuperPoD units have already been shipped to customers, "
        "Huawei said.",
    )
    assert "availability" not in topics(claims)


# Background said in passing (tuning5, tuning6) ---------------------------------------------


def test_a_superlative_deployment_describes_the_chip_and_ships_nothing(extractor):
    claims = body(
        extractor, "Huawei's Ascend 910B, its most widely deployed part, is made by SMIC."
    )
    assert "availability" not in topics(claims)
    assert ("huawei", "ascend-910b", "manufacturing", "affirm", "SMIC") in keys(claims)


def test_other_foundries_american_technology_is_no_foreign_supply_chain(extractor):
    claims = body(
        extractor,
        "Biren has been on the Entity List since October 2023, which cut it off from TSMC and "
        "other foundries using American technology.",
    )
    assert "supply_chain" not in topics(claims)


def test_the_tools_a_foundry_uses_make_no_chip_of_its_customers(extractor):
    claims = body(
        extractor,
        "Huawei has been barred since 2020 from buying chips made with U.S. technology, a rule "
        "that cut it off from TSMC, which uses American tools in its fabs. The Ascend 910B is its "
        "main AI chip.",
    )
    assert "manufacturing" not in topics(claims)


@pytest.mark.parametrize(
    "sentence",
    [
        "Nvidia's H20 is made by TSMC and was banned from sale to China in April.",
        "The H20, manufactured by TSMC, was banned from export to China.",
    ],
)
def test_a_maker_named_in_its_role_is_no_subject_of_the_chips_ban(extractor, sentence):
    # The product is what the ban is on; the foundry is only where it is made.
    found = keys(body(extractor, sentence))
    assert ("nvidia", "h20", "export_controls", "affirm", "banned") in found
    assert ("nvidia", "h20", "manufacturing", "affirm", "TSMC") in found
    assert not [k for k in found if k[0] == "tsmc"]


def test_a_foundrys_own_stop_under_export_controls_stays_its_ban(extractor):
    claims = body(
        extractor,
        "TSMC will stop shipping advanced AI chips to Chinese customers under US export controls.",
    )
    assert ("tsmc", None, "export_controls", "affirm", "banned") in keys(claims)
