"""Issue 10, tuning4: how outlets word export licences and their requirements, rules that
cover a chip, and a chip that is out (running, on offer, sampling), one spec each, with
what those cues must not take. Sentences are our own."""

import pytest

from tests.chips.extracting import body, keys


def exports(claims):
    return {k for k in keys(claims) if k[2] == "export_controls"}


# A licence that names no chip is the story's chip's ----------------------------------------

STORY = "The deal covers Nvidia's H20 and AMD's MI308, people familiar with it said. "


@pytest.mark.parametrize(
    "sentence",
    [
        "Nvidia and AMD have agreed to hand Washington 15% of their China chip sales in "
        "exchange for export licences.",
        "Both companies agreed to a revenue share in return for licences to sell in China.",
        "Nvidia has received the first of those licences, two officials said.",
    ],
)
def test_a_granted_licence_naming_no_chip_takes_the_storys_chip(extractor, sentence):
    claims = body(extractor, STORY + sentence.replace("Both companies", "Nvidia and AMD"))
    assert ("nvidia", "h20", "export_controls", "affirm", "licensed") in keys(claims)


def test_a_headline_licence_takes_the_storys_chips(extractor):
    claims = extractor.extract(
        "Nvidia, AMD to pay US a cut of China sales in exchange for export licences",
        STORY,
        0.7,
    )
    headline = {k for c in claims if c.headline for k in keys([c])}
    assert ("nvidia", "h20", "export_controls", "affirm", "licensed") in headline
    assert ("amd", "mi308", "export_controls", "affirm", "licensed") in headline


@pytest.mark.parametrize(
    "sentence",
    [
        # What licences leave out, and licences promised or pending, license nothing.
        "The licences do not stretch to Nvidia's Blackwell parts.",
        "Nvidia said officials had assured it that licences would be granted soon.",
        "Jensen Huang said Beijing was still finalising the buyers' licences.",
        "Nvidia has not yet received any licences.",
    ],
)
def test_a_chipless_licence_left_out_promised_or_pending_takes_no_chip(extractor, sentence):
    claims = body(extractor, STORY + sentence)
    assert not [c for c in claims if c.topic == "export_controls" and c.quote == sentence]


def test_a_chipless_licence_in_a_story_without_a_main_chip_licenses_nothing(extractor):
    text = "Nvidia and AMD will give Washington a share of sales in return for export licences."
    assert not exports(body(extractor, text))


# Licence requirements and rules that cover a chip are bans --------------------------------


def test_a_licence_one_must_obtain_is_a_ban(extractor):
    claims = body(
        extractor,
        "Officials told Nvidia it must obtain a licence before exporting the H20 to China.",
    )
    assert exports(claims) == {("nvidia", "h20", "export_controls", "affirm", "banned")}


@pytest.mark.parametrize(
    ("sentence", "chips"),
    [
        (
            "Both the H100 and the H200 have been barred from shipment to China without a "
            "licence since the rules were tightened.",
            {("nvidia", "h100"), ("nvidia", "h200")},
        ),
        (
            "The H20 and the MI308 cannot be sold to Chinese buyers without an export licence.",
            {("nvidia", "h20"), ("amd", "mi308")},
        ),
        ("AMD's MI308 is prohibited from export without a licence.", {("amd", "mi308")}),
        ("The H20 now requires a licence to ship to China.", {("nvidia", "h20")}),
        (
            "Nvidia's B30A needs an export licence before it can be sold there.",
            {("nvidia", "b30a")},
        ),
    ],
)
def test_a_sale_barred_without_a_licence_bans_every_chip_named(extractor, sentence, chips):
    # A licence requirement is a ban (docs/vocabulary.md), not a licence granted or denied,
    # and not a shipment either.
    claims = body(extractor, sentence)
    assert exports(claims) == {
        (vendor, chip, "export_controls", "affirm", "banned") for vendor, chip in chips
    }
    assert not [c for c in claims if c.topic == "availability"]


def test_a_chipless_licence_requirement_is_the_storys_chip(extractor):
    claims = body(
        extractor,
        "Nvidia booked a charge on the H20, its China chip. Nvidia said the licence "
        "requirement would remain in force with no end date.",
    )
    assert ("nvidia", None, "export_controls", "affirm", "banned") not in keys(claims)
    assert ("nvidia", "h20", "export_controls", "affirm", "banned") in keys(claims)


@pytest.mark.parametrize(
    "sentence",
    [
        "AMD said the new rules also cover its MI308 accelerators.",
        "AMD said the same restrictions apply to the MI308.",
    ],
)
def test_rules_that_cover_a_chip_ban_it(extractor, sentence):
    claims = body(extractor, sentence)
    assert ("amd", "mi308", "export_controls", "affirm", "banned") in keys(claims)


@pytest.mark.parametrize(
    "sentence",
    [
        "Washington's curbs on sales of the H20 to China took it out of Chinese data centres.",
        "An official said the B30A would stay off limits as well.",
    ],
)
def test_curbs_on_a_chips_sales_and_a_chip_off_limits_are_bans(extractor, sentence):
    claims = body(extractor, sentence)
    assert {k[4] for k in exports(claims) if k[3] == "affirm"} == {"banned"}


def test_a_chip_left_out_of_a_licence_deal_is_not_licensed(extractor):
    claims = body(extractor, "Nvidia's Rubin generation is not part of the deal, Trump said.")
    assert ("nvidia", "rubin", "export_controls", "deny", "licensed") in keys(claims)


def test_as_part_of_an_agreement_is_no_licence(extractor):
    claims = body(
        extractor, "As part of the agreement, AMD will supply MI450 chips to OpenAI from 2026."
    )
    assert not exports(claims)


def test_an_arrangement_that_covers_a_chip_is_no_ban(extractor):
    claims = body(extractor, "The licensing arrangement covers Nvidia's H20.")
    assert ("nvidia", "h20", "export_controls", "affirm", "banned") not in keys(claims)


@pytest.mark.parametrize(
    "sentence",
    [
        "Regulators have discouraged firms such as Tencent, ByteDance and Baidu from buying "
        "the H20.",
        "The note cites Beijing's guidance against H20 purchases.",
        "Customs officers have tightened checks on imports of Nvidia's H20 at several ports.",
    ],
)
def test_beijing_steering_buyers_off_a_chip_is_a_ban(extractor, sentence):
    claims = body(extractor, sentence)
    assert ("nvidia", "h20", "export_controls", "affirm", "banned") in keys(claims)


@pytest.mark.parametrize(
    "sentence",
    [
        "Beijing's cyberspace watchdog told Tencent and others to stop testing the MI308.",
        "Officials said several cloud groups could no longer test the MI308.",
        "Regulators told the platforms to end tests of the MI308 and to halt purchases.",
    ],
)
def test_buyers_told_to_stop_testing_a_chip_deny_its_testing(extractor, sentence):
    # docs/vocabulary.md "Bans": a stopped test is the stage denied, beside any ban.
    claims = body(extractor, sentence)
    assert ("amd", "mi308", "availability", "deny", "testing") in keys(claims)
    assert ("amd", "mi308", "availability", "affirm", "testing") not in keys(claims)


def test_an_order_to_stop_testing_and_buying_is_a_ban_and_a_test_denied(extractor):
    claims = body(
        extractor, "The regulator told large platforms to stop testing and ordering the MI308."
    )
    assert {
        ("amd", "mi308", "availability", "deny", "testing"),
        ("amd", "mi308", "export_controls", "affirm", "banned"),
    } <= keys(claims)


def test_a_vendor_testing_a_chip_is_still_testing(extractor):
    claims = body(extractor, "AMD said Tencent is testing the MI308 in its data centres.")
    assert ("amd", "mi308", "availability", "affirm", "testing") in keys(claims)


def test_a_ban_that_lists_two_chips_bans_both(extractor):
    claims = body(
        extractor,
        "Regulators told large platforms to stop buying Nvidia's RTX Pro 6000D and to avoid "
        "the H20.",
    )
    assert {
        ("nvidia", "rtx-6000d", "export_controls", "affirm", "banned"),
        ("nvidia", "h20", "export_controls", "affirm", "banned"),
    } <= exports(claims)


def test_a_ban_does_not_reach_a_chip_it_spares(extractor):
    claims = body(extractor, "The rules bar the H20 but allow the H200.")
    assert ("nvidia", "h200", "export_controls", "affirm", "banned") not in keys(claims)


def test_a_foundry_barred_from_a_customer_bans_the_customer(extractor):
    claims = body(extractor, "TSMC has not been allowed to make chips for Huawei since 2020.")
    assert exports(claims) == {("huawei", None, "export_controls", "affirm", "banned")}


def test_a_foundrys_own_stop_without_a_customer_named_stays_its_own(extractor):
    claims = body(extractor, "TSMC is not allowed to ship advanced AI chips to China.")
    assert ("huawei", None, "export_controls", "affirm", "banned") not in keys(claims)


def test_the_entity_list_bans_the_company_not_its_chip(extractor):
    claims = body(
        extractor,
        "Biren still sells BR104 cards made from dies it stocked up on before it joined the "
        "Entity List in 2023.",
    )
    assert ("biren", None, "export_controls", "affirm", "banned") in keys(claims)
    assert not [c for c in claims if c.topic == "export_controls" and c.chip]


@pytest.mark.parametrize(
    "sentence",
    [
        "MetaX warns that stricter export controls could disrupt its supply of memory.",
        "Risks include a broader US ban on HBM sales to China and slower yields at SMIC.",
    ],
)
def test_a_ban_that_may_come_is_a_risk_not_a_ban(extractor, sentence):
    assert not exports(body(extractor, sentence))


# A chip at work, on offer or sampling is out ----------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "chip"),
    [
        ("Ironwood already runs Google's Gemini models in its own data centres.", "ironwood"),
        ("The Maia 200 is now running in an Azure region in Iowa.", "maia-200"),
        ("Huawei has been offering the Ascend 910C to big Chinese cloud customers.", "ascend-910c"),
        ("A first batch of 910C parts has already reached customers.", "ascend-910c"),
        ("MetaX sells the Xiyun C500 to cloud operators.", "metax-c500"),
        ("T-Head says the Zhenwu PPU is in volume use across Alibaba Cloud.", "t-head-ppu"),
        ("Huawei has been offering the 910B as a replacement for the H20.", "ascend-910b"),
    ],
)
def test_a_chip_at_work_or_on_offer_is_shipping(extractor, sentence, chip):
    claims = body(extractor, sentence)
    assert ("affirm", "shipping") in {
        (c.polarity, c.value) for c in claims if c.topic == "availability" and c.chip == chip
    }


def test_a_chip_never_offered_to_customers_is_not_shipping(extractor):
    claims = body(extractor, "The Maia 100 was never offered to Azure customers for rent.")
    assert ("microsoft", "maia-100", "availability", "deny", "shipping") in keys(claims)


def test_a_chip_shipped_to_no_customer_is_not_shipping(extractor):
    claims = body(extractor, "Nvidia said it shipped no H20s to Chinese customers last quarter.")
    assert ("nvidia", "h20", "availability", "deny", "shipping") in keys(claims)


def test_selling_to_customers_is_business_not_shipping(extractor):
    # Labelled sets read "sells to outside customers" as a business claim (its customers).
    claims = body(extractor, "Kunlunxin sells to outside customers, including a large bank.")
    assert "availability" not in {c.topic for c in claims}


def test_a_chip_that_runs_on_a_process_is_not_shipping(extractor):
    claims = body(extractor, "The 910C now runs on SMIC's N+2 process.")
    assert "availability" not in {c.topic for c in claims}


def test_a_model_number_is_no_unit_count(extractor):
    claims = body(
        extractor, "Huawei has begun sampling Atlas 350 cards built on the 950PR to customers."
    )
    assert ("huawei", "ascend-950pr", "availability", "affirm", "sampling") in keys(claims)


@pytest.mark.parametrize(
    "sentence",
    [
        "Analysts think Nvidia could sell $15 billion of H20s this year if shipments resume.",
        "Tencent said it had enough chips in stock to train its next models.",
    ],
)
def test_conditional_shipments_and_a_buyers_stock_are_not_shipping(extractor, sentence):
    claims = body(extractor, sentence)
    assert ("affirm", "shipping") not in {
        (c.polarity, c.value) for c in claims if c.topic == "availability"
    }


@pytest.mark.parametrize(
    "sentence",
    [
        "The H20 has been barred from China without a licence, and no such licence has been "
        "granted.",
        "The H20 needs a licence to ship to China, and none has been granted.",
    ],
)
def test_a_licence_refused_after_a_licence_requirement_leaves_the_ban(extractor, sentence):
    # The refusal denies the licence the ban requires; it does not deny the ban.
    claims = exports(body(extractor, sentence))
    assert ("nvidia", "h20", "export_controls", "affirm", "banned") in claims
    assert ("nvidia", "h20", "export_controls", "deny", "banned") not in claims
    assert ("nvidia", "h20", "export_controls", "affirm", "licensed") not in claims


# A government letting a chip be sold or shipped licenses it ---------------------------------


@pytest.mark.parametrize(
    ("sentence", "vendor", "chip"),
    [
        (
            "The White House said it would allow the H20 to be exported to vetted buyers in China.",
            "nvidia",
            "h20",
        ),
        ("Commerce officials cleared AMD to sell the MI308 to Chinese firms.", "amd", "mi308"),
        (
            "The president said he would let Nvidia ship the H200 to approved buyers.",
            "nvidia",
            "h200",
        ),
        ("Washington has permitted exports of the MI308 to China since August.", "amd", "mi308"),
    ],
)
def test_a_government_allowing_a_chips_sale_licenses_it(extractor, sentence, vendor, chip):
    # A permission is a licence granted (docs/vocabulary.md), not a chip on its way nor a
    # shipment: "will allow it to be shipped" is no plan to ship.
    claims = body(extractor, sentence)
    assert exports(claims) == {(vendor, chip, "export_controls", "affirm", "licensed")}
    assert not [c for c in claims if c.topic in {"development", "availability"}]


def test_a_government_refusing_to_allow_a_chips_sale_bans_it(extractor):
    claims = body(extractor, "Officials will not allow the H200 to be shipped to Chinese buyers.")
    assert exports(claims) == {("nvidia", "h200", "export_controls", "affirm", "banned")}


@pytest.mark.parametrize(
    "sentence",
    [
        "Nvidia's H20 was sold to Chinese resellers without the required licences.",
        "Prosecutors say a broker exported the H20 without the licences federal rules demand.",
    ],
)
def test_a_sale_made_without_the_licences_is_a_ban(extractor, sentence):
    claims = body(extractor, sentence)
    assert exports(claims) == {("nvidia", "h20", "export_controls", "affirm", "banned")}
    assert not [c for c in claims if c.topic == "availability"]


# Smuggling stories: the case is no chip, the smuggled exports no stage reached -----------


def test_a_case_prosecutors_unveil_is_no_chip_in_development(extractor):
    claims = body(
        extractor,
        "Federal prosecutors on Tuesday unveiled a fraud case over $40 million of Nvidia H100 "
        "GPUs routed through Malaysia.",
    )
    assert "development" not in {c.topic for c in claims}


@pytest.mark.parametrize(
    "sentence",
    [
        "The ring shipped the AMD MI308 parts to Shenzhen over two years without the licences "
        "the rules require for exports to China.",
        "Investigators say the MI308 boards were exported illegally through a Dubai broker.",
        "Thousands of smuggled MI308 shipments reached Chinese data centres last year.",
        "Workers listed the MI308 boards on shipping papers as network cards.",
    ],
)
def test_smuggled_or_unlicensed_exports_are_no_shipping(extractor, sentence):
    claims = body(extractor, sentence)
    assert not [c for c in claims if c.topic == "availability"]


def test_unlicensed_exports_still_ban_the_chip(extractor):
    claims = body(
        extractor,
        "The ring shipped the AMD MI308 parts to Shenzhen over two years without the licences "
        "the rules require for exports to China.",
    )
    assert ("amd", "mi308", "export_controls", "affirm", "banned") in exports(claims)


# A door opened to sales, and the chips a licence deal leaves out --------------------------


def test_a_headline_opening_the_door_to_a_chips_sales_licenses_it(extractor):
    claims = extractor.extract("Washington opens door to MI308 exports to China", "", 0.7)
    assert ("amd", "mi308", "export_controls", "affirm", "licensed") in keys(claims)


def test_each_chip_left_out_of_the_sales_allowed_is_not_licensed(extractor):
    claims = body(
        extractor,
        "He said AMD's newer MI350 and upcoming MI400 chips would not be included, and that the "
        "Commerce Department was still drafting the rules.",
    )
    assert {
        ("amd", "mi355x", "export_controls", "deny", "licensed"),
        ("amd", "mi400", "export_controls", "deny", "licensed"),
    } <= exports(claims)


def test_a_chip_left_out_of_a_forecast_is_no_licence_question(extractor):
    claims = body(extractor, "The MI400 chips would not be included in the revenue guidance.")
    assert not exports(claims)


def test_a_listing_as_a_point_in_time_bans_nobody(extractor):
    claims = body(
        extractor,
        "Biren: its BR100 dies were largely made at TSMC before the October 2023 Entity List "
        "designation.",
    )
    assert not exports(claims)


@pytest.mark.parametrize(
    "sentence",
    [
        "Roughly 400,000 dies were ordered for the Ascend 910B in 2023 before TSMC cut off the "
        "channel.",
        "A teardown of the Ascend 910B found a TSMC die, three years after Washington cut it off "
        "from its foundry.",
    ],
)
def test_a_cut_off_as_a_point_in_time_bans_nothing(extractor, sentence):
    assert not exports(body(extractor, sentence))


def test_a_cut_off_that_still_holds_is_a_ban(extractor):
    claims = body(extractor, "Huawei has been cut off from TSMC since 2020.")
    assert ("huawei", None, "export_controls", "affirm", "banned") in exports(claims)


def test_a_ban_just_after_which_something_happened_is_still_a_ban(extractor):
    claims = body(
        extractor,
        "Huawei began shipping the 910C just after Washington cut off the MI308's sales to China.",
    )
    assert ("amd", "mi308", "export_controls", "affirm", "banned") in exports(claims)


@pytest.mark.parametrize(
    ("sentence", "vendor", "chip"),
    [
        (
            "Nvidia was told a license was required to ship its H20 accelerator to China.",
            "nvidia",
            "h20",
        ),
        (
            "AMD was told that licences would be needed to export the MI308 to China.",
            "amd",
            "mi308",
        ),
    ],
)
def test_a_licence_requirement_in_the_passive_is_a_ban(extractor, sentence, vendor, chip):
    assert exports(body(extractor, sentence)) == {
        (vendor, chip, "export_controls", "affirm", "banned")
    }
