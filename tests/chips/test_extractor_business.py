"""Business claims as real outlets word them (issue 10, business recall): margins, fleets,
deals in gigawatts, shares in words, stakes, named customers, planned listings, and orders or
counts that buyers place, which are the seller's business."""

import pytest

from tests.chips.extracting import body, business

# Business as outlets word it: margins, fleets, deals in gigawatts, shares, stakes,
# customer lists, listings planned, buyers' orders ---------------------------------------


@pytest.mark.parametrize(
    ("sentence", "vendor", "value"),
    [
        ("Micron said its gross margin should climb to about 61%.", "micron", "61"),
        ("Samsung's operating margin was 38 percent in the quarter.", "samsung", "38"),
        ("Google runs a cluster of 20,000 Ironwood chips for its own models.", "google", "20,000"),
        ("Meta is using more than 300,000 MTIA chips in its data centres.", "meta", "300,000"),
        ("A startup will deploy 2 gigawatts of AMD Instinct GPUs from 2027.", "amd", "2 gigawatts"),
        ("SK hynix makes about 35 percent of its NAND at its Dalian site.", "sk-hynix", "35"),
    ],
)
def test_margins_fleets_gigawatts_and_output_shares_are_business_figures(
    extractor, sentence, vendor, value
):
    found = business(body(extractor, sentence))
    assert [v for ven, pol, v in found if ven == vendor and pol == "affirm" and value in v]


def test_a_market_share_far_from_its_figure_is_still_a_share(extractor):
    sentence = "AMD's share of the Chinese accelerator market has slid this year to about 3%."
    found = business(body(extractor, sentence))
    assert [v for ven, _, v in found if ven == "amd" and "3%" in v and "share" in v]


def test_a_share_said_in_words_drops_its_determiner(extractor):
    # (and is written as a percentage: docs/vocabulary.md "Figures in digits")
    claims = body(extractor, "Micron will hold nearly a third of the HBM market next year.")
    assert ("micron", "affirm", "nearly 33% of HBM market") in business(claims)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Half of Moore Threads's revenue last year came from one cloud customer.",
            ("moore-threads", "affirm", "50% of Moore Threads's revenue"),
        ),
        (
            "A quarter of Micron's memory sales now go to data centres in Asia.",
            ("micron", "affirm", "25% of Micron's memory sales"),
        ),
        (
            "Roughly two-thirds of the MI308 shipments ended up with Alibaba.",
            ("amd", "affirm", "67% of MI308 shipments"),
        ),
    ],
)
def test_a_share_in_words_as_the_subject_is_a_business_figure_in_digits(
    extractor, sentence, expected
):
    assert expected in business(body(extractor, sentence))


def test_a_share_in_words_of_its_revenue_is_the_speakers(extractor):
    claims = body(extractor, "Biren said half of its revenue came from two state-run clouds.")
    assert ("biren", "affirm", "50% of revenue") in business(claims)


def test_a_share_in_words_of_people_or_time_is_no_business_figure(extractor):
    claims = body(extractor, "Half of Enflame's engineers spent a third of the year on software.")
    assert not business(claims)


def test_a_chip_unit_raising_money_or_selling_a_stake_is_its_parents_business(extractor):
    # The catalogue names the unit as its parent (seeds/vendors.json aliases).
    assert ("baidu", "affirm", "3 billion yuan") in business(
        body(extractor, "Kunlunxin raised 3 billion yuan from two state funds.")
    )
    assert ("alibaba", "affirm", "30 per cent stake") in business(
        body(extractor, "Alibaba holds about 30 per cent of Pingtouge, its chip arm.")
    )


def test_a_majority_of_a_market_or_an_output_is_a_share_in_words(extractor):
    claims = body(extractor, "Google takes the majority of Broadcom's custom-chip output.")
    assert ("google", "affirm", "the majority of Broadcom's custom-chip output") in business(claims)
    claims = body(extractor, "Samsung hopes to win a majority of the HBM4 market next year.")
    assert ("samsung", "affirm", "a majority of HBM4 market") in business(claims)


def test_a_majority_of_people_is_no_share(extractor):
    claims = body(extractor, "Huawei said the majority of its engineers work on software.")
    assert not business(claims)


def test_a_share_of_usable_chips_doubling_is_no_business_claim(extractor):
    claims = body(extractor, "Huawei has doubled the share of usable dies from each wafer.")
    assert not [c for c in claims if c.topic == "business"]


def test_a_stake_is_the_owners_claim(extractor):
    claims = body(extractor, "Alibaba owns roughly 40 per cent of the chip unit, T-Head.")
    assert ("alibaba", "affirm", "40 per cent stake") in business(claims)


def test_a_stake_held_by_a_company_outside_the_catalogue_is_no_claim_of_the_owned(extractor):
    claims = body(extractor, "A state fund owns about 12% of Cambricon, filings show.")
    assert not [c for c in claims if c.topic == "business" and "stake" in c.value]


@pytest.mark.parametrize(
    ("sentence", "value"),
    [
        (
            "Enflame's first customers include Tencent Cloud, Meitu and Zhipu.",
            "customers include Tencent Cloud, Meitu and Zhipu",
        ),
        (
            "Biren's cards are used by China Telecom, China Unicom and a few universities.",
            "customers include China Telecom and China Unicom",
        ),
    ],
)
def test_a_list_of_named_customers_is_business_with_the_names(extractor, sentence, value):
    assert value in {v for *_, v in business(body(extractor, sentence))}


def test_used_by_an_unnamed_kind_of_buyer_lists_no_customer(extractor):
    claims = body(extractor, "The MetaX C500 is used by Chinese universities for research.")
    assert not [c for c in claims if c.value.startswith("customers include")]


@pytest.mark.parametrize(
    "sentence",
    [
        "Enflame is preparing to list in Shanghai next year.",
        "Biren's shares tripled on their first day of trading in Hong Kong.",
    ],
)
def test_a_planned_listing_or_a_first_trading_day_is_a_listing(extractor, sentence):
    assert "listing" in {v for *_, v in business(body(extractor, sentence))}


@pytest.mark.parametrize(
    ("sentence", "chip", "polarity"),
    [
        ("Tencent, Baidu and ByteDance had placed big orders for the H200.", "h200", "affirm"),
        ("Baidu, Alibaba and Tencent ordered large numbers of H20s in 2024.", "h20", "affirm"),
        ("Alibaba and Tencent moved their orders away from Nvidia's H20.", "h20", "deny"),
    ],
)
def test_orders_placed_by_listed_buyers_are_the_sellers_business(
    extractor, sentence, chip, polarity
):
    claims = [c for c in body(extractor, sentence) if c.topic == "business"]
    assert {(c.vendor, c.chip, c.polarity) for c in claims} == {("nvidia", chip, polarity)}


def test_holding_a_share_of_a_market_is_no_stake(extractor):
    claims = body(extractor, "Samsung held about 35% of the DRAM market last quarter.")
    values = {v for *_, v in business(claims)}
    assert values and not [v for v in values if "stake" in v]


def test_a_count_of_another_vendors_chips_bought_is_the_sellers_volume(extractor):
    claims = body(extractor, "Oracle said it will deploy tens of thousands of AMD's MI355X chips.")
    assert {(c.vendor, c.chip) for c in claims if c.topic == "business"} == {("amd", "mi355x")}


def test_money_spent_on_another_vendors_chips_stays_the_buyers(extractor):
    claims = body(extractor, "Alibaba spent $3 billion on H20 chips last year.")
    assert ("alibaba", "business") in {(c.vendor, c.topic) for c in claims}


def test_revenue_growth_as_a_percentage_is_a_business_figure(extractor):
    claims = body(extractor, "MetaX said its revenue climbed about 320% in the first half.")
    assert [v for ven, _, v in business(claims) if ven == "metax" and "320%" in v]


def test_a_chip_matched_is_a_yardstick_not_the_subject_of_a_deployment(extractor):
    claims = body(extractor, "Cambricon's chip matches Nvidia's H20 as a bank deploys 8,192 units.")
    assert ("nvidia", "business") not in {(c.vendor, c.topic) for c in claims}


def test_a_foundrys_output_of_a_customers_chip_stays_the_foundrys(extractor):
    claims = body(extractor, "SMIC could make at most a few hundred thousand 910B chips a year.")
    assert ("smic", None) in {(c.vendor, c.chip) for c in claims if c.topic == "business"}


@pytest.mark.parametrize(
    ("sentence", "vendor"),
    [
        ("Micron is still Nvidia's biggest HBM supplier, analysts say.", "micron"),
        ("Samsung passed Nvidia's tests last month and received purchase orders.", "samsung"),
        (
            "SK hynix supplies HBM3E for Nvidia's B300, and it expects its HBM market share "
            "to reach 55 percent next year.",
            "sk-hynix",
        ),
    ],
)
def test_a_suppliers_standing_and_orders_are_the_suppliers_not_its_customers(
    extractor, sentence, vendor
):
    vendors = {c.vendor for c in body(extractor, sentence) if c.topic == "business"}
    assert vendors == {vendor}


def test_a_customer_that_acts_in_a_suppliers_sentence_keeps_its_claim(extractor):
    claims = body(extractor, "TSMC said Nvidia ordered 250,000 H20 chipsets in March.")
    assert {(c.vendor, c.chip) for c in claims if c.topic == "business"} == {("nvidia", "h20")}


@pytest.mark.parametrize(
    "sentence",
    [
        "TSMC has halted shipments to a Chinese design house.",
        "TSMC stopped shipping to the crypto-mining chip designer last year.",
    ],
)
def test_a_supplier_halting_shipments_to_a_customer_is_affirmed_business(extractor, sentence):
    assert ("tsmc", "affirm", "halted shipments") in business(body(extractor, sentence))


def test_a_chips_shipments_halted_stay_a_denied_availability(extractor):
    claims = body(extractor, "AMD halted shipments of the MI308 to China in April.")
    assert ("amd", "mi308", "availability", "deny") in {
        (c.vendor, c.chip, c.topic, c.polarity) for c in claims
    }
    assert not [c for c in claims if c.value == "halted shipments"]


def test_money_a_buyer_would_spend_on_a_named_sellers_chips_is_the_sellers_deal(extractor):
    claims = body(extractor, "Meta is in talks to spend billions of dollars on AMD's GPUs.")
    assert {c.vendor for c in claims if c.topic == "business"} == {"amd"}


def test_a_described_company_opening_a_sentence_is_the_storys_company(extractor):
    claims = extractor.extract(
        "Micron posts record revenue",
        "Micron beat forecasts. The world's third-largest DRAM maker reported revenue of "
        "$9.3 billion for the quarter.",
        0.7,
    )
    assert [c for c in claims if c.vendor == "micron" and "9.3" in c.value and not c.headline]


def test_a_chinese_report_opening_with_the_company_is_about_the_storys_company(extractor):
    claims = extractor.extract(
        "壁仞科技港股上市",
        "壁仞科技今日在香港上市。招股书显示，公司2024年营业收入为3.37亿元。",
        0.7,
    )
    assert [c for c in claims if c.vendor == "biren" and "3.37亿元" in c.value]


def test_a_halt_told_as_the_time_of_something_else_is_no_halt_claim(extractor):
    claims = body(extractor, "TSMC said the die was made before it halted shipments to Huawei.")
    assert not [c for c in claims if c.value == "halted shipments"]


def test_a_report_of_orders_judged_not_true_denies_the_orders(extractor):
    claims = body(
        extractor,
        "Moore Threads said online posts claiming it had received orders from Tencent "
        "were not true.",
    )
    assert ("moore-threads", "deny") in {(v, p) for v, p, _ in business(claims)}


@pytest.mark.parametrize(
    ("sentence", "value"),
    [
        ("Biren plans to deliver as many as 40,000 accelerators next year.", "40,000"),
        ("MetaX aims to more than double its production of GPUs in 2026.", "double output"),
        ("Enflame's inventory rose to CNY1.2 billion at the end of June.", "CNY1.2 billion"),
        ("Baidu's cloud GPUs are fully booked through March, the company said.", "fully booked"),
    ],
)
def test_deliveries_production_inventory_and_full_books_are_business(extractor, sentence, value):
    assert [v for *_, v in business(body(extractor, sentence)) if value in v]


def test_a_count_in_the_thousands_of_chips_is_a_volume_without_another_cue(extractor):
    claims = body(
        extractor, "A telecom operator has installed 12,288 MetaX C500 cards at one site."
    )
    assert [c for c in claims if c.topic == "business" and "12,288" in c.value]


@pytest.mark.parametrize(
    "sentence",
    [
        "Huawei's SuperPoD links 8,192 Ascend chips in one system.",
        "Ironwood scales to 9,216 chips in a single pod.",
    ],
)
def test_a_pods_size_is_a_spec_not_a_volume(extractor, sentence):
    assert not [c for c in body(extractor, sentence) if c.topic == "business"]


def test_a_sentence_opening_with_revenue_is_about_the_storys_company(extractor):
    claims = extractor.extract(
        "MetaX results",
        "MetaX published its results. Revenue for the half rose about 4-fold to 900 million yuan.",
        0.7,
    )
    assert [c for c in claims if c.vendor == "metax" and "900 million yuan" in c.value]


def test_usable_chips_off_the_production_line_are_no_output_growth(extractor):
    claims = body(
        extractor, "Huawei doubled the share of good dies coming off the production line."
    )
    assert not [c for c in claims if c.topic == "business"]


def test_reports_of_orders_also_judged_not_accurate_are_denied(extractor):
    claims = body(
        extractor, "Reports of large orders from Tencent were also not accurate, Biren said."
    )
    assert ("biren", "deny") in {(v, p) for v, p, _ in business(claims)}


def test_a_count_of_two_named_chips_stays_the_companys(extractor):
    claims = body(extractor, "Cambricon will make 200,000 Siyuan 590 and Siyuan 690 chips.")
    assert ("cambricon", None) in {(c.vendor, c.chip) for c in claims if c.topic == "business"}


def test_a_first_batch_of_a_named_chip_counts_for_that_chip(extractor):
    claims = body(extractor, "The deal begins with 12,000 GB300 superchips next year, Nvidia said.")
    assert ("nvidia", "b300") in {(c.vendor, c.chip) for c in claims if c.topic == "business"}


def test_a_debut_after_an_ipo_is_one_claim_with_its_amount(extractor):
    claims = body(extractor, "Enflame jumps 120% in Shanghai debut after 6 billion yuan IPO.")
    assert {v for *_, v in business(claims)} == {"6 billion yuan IPO"}


def test_revenue_beside_a_listing_is_no_ipo_amount(extractor):
    claims = body(
        extractor, "Biren, which listed in January, reported revenue of 500 million yuan."
    )
    assert not [v for *_, v in business(claims) if "IPO" in v]


@pytest.mark.parametrize(
    ("sentence", "value"),
    [
        ("SK hynix will go on supplying two Chinese phone makers.", "keeps supplying"),
        ("Samsung continues to sell to Chinese clients with data centres abroad.", "keeps selling"),
    ],
)
def test_a_supply_that_goes_on_is_business(extractor, sentence, value):
    assert value in {v for *_, v in business(body(extractor, sentence))}


def test_purchase_orders_that_never_materialized_are_denied(extractor):
    claims = body(extractor, "AMD said purchase orders from Chinese buyers never materialized.")
    assert ("amd", "deny", "orders") in business(claims)


def test_a_segment_opening_a_sentence_is_the_storys_company(extractor):
    claims = extractor.extract(
        "AMD results", "AMD beat forecasts. The Data Center segment contributed $4.3 billion.", 0.7
    )
    assert [c for c in claims if c.vendor == "amd" and "4.3" in c.value and not c.headline]


def test_a_product_still_on_sale_is_no_ongoing_supply_to_customers(extractor):
    claims = body(extractor, "Nvidia continues to sell the RTX 6000D, a workstation chip.")
    assert not [c for c in claims if c.value in {"keeps selling", "keeps supplying"}]


# Growth names what grows, in one normal form (docs/vocabulary.md "Growth is the verb and
# what grows"): a headline, its story and a denial of it say one value, so they can dispute.
@pytest.mark.parametrize(
    ("sentence", "value"),
    [
        ("Moore Threads Plans to Triple GPU Output Next Year", "triple output"),
        ("Moore Threads hopes to more than triple its production of GPUs.", "triple output"),
        ("Moore Threads denied reports of tripled 2027 output.", "triple output"),
        ("Biren expects to make twice as many GPUs next year.", "double output"),
        ("Analysts expect Micron's HBM revenue to roughly double next year.", "double HBM revenue"),
        (
            "Analysts expect Samsung's operating profit to more than double.",
            "double operating profit",
        ),
        ("SMIC intends to double its 28nm and 40nm capacity.", "double 28nm and 40nm capacity"),
    ],
)
def test_growth_names_what_grows_in_one_form(extractor, sentence, value):
    assert value in {v for *_, v in business(body(extractor, sentence))}


# A figure after a relative aside belongs to the subject before it --------------------------


@pytest.mark.parametrize(
    ("sentence", "vendor", "figure"),
    [
        (
            "Sales at Micron's memory unit, which makes its HBM, climbed 48% in the quarter.",
            "micron",
            "48%",
        ),
        (
            "Hygon's revenue, which comes mostly from server CPUs, rose 55% last year.",
            "hygon",
            "55%",
        ),
    ],
)
def test_a_figure_after_a_relative_aside_reaches_the_cue_before_it(
    extractor, sentence, vendor, figure
):
    found = business(body(extractor, sentence))
    assert [v for ven, pol, v in found if ven == vendor and pol == "affirm" and figure in v]


def test_the_aside_itself_stays_its_own_clause(extractor):
    # The aside's denial is no denial of the growth after it.
    claims = body(
        extractor,
        "Hygon's revenue, which does not include Sugon's servers, rose 55% last year.",
    )
    assert ("hygon", "affirm") in {(v, p) for v, p, _ in business(claims)}


# A denial that refers back to the previous sentence's figure ---------------------------


def test_that_figure_denied_in_the_next_sentence_is_a_denied_figure(extractor):
    claims = body(
        extractor,
        "Local media said Biren planned to ship 80,000 accelerators next year.\n\n"
        "Biren said that figure was not accurate.",
    )
    found = [c for c in claims if c.topic == "business" and "80,000" in c.value]
    assert [(c.vendor, c.polarity) for c in found] == [("biren", "deny")]
    assert found[0].quote.startswith("Biren said that figure")


def test_a_figure_judged_wrong_leaves_other_sentences_alone(extractor):
    claims = body(
        extractor,
        "Biren's revenue rose 40% to CNY2 billion in the first half.\n\n"
        "Analysts said the chips sell well.\n\n"
        "The company said that estimate was wrong.",
    )
    assert ("biren", "affirm") in {(v, p) for v, p, _ in business(claims)}


def test_a_part_of_a_count_just_given_is_a_volume_of_its_own(extractor):
    claims = body(
        extractor,
        "Biren plans to deliver about 90,000 accelerators next year.\n\n"
        "As many as 40,000 of those would be its BR100 and BR104 cards, the people said.",
    )
    found = {v for ven, pol, v in business(claims) if ven == "biren" and pol == "affirm"}
    assert [v for v in found if v.startswith("40,000") and "cards" in v]


def test_its_after_a_plural_subject_is_the_chip_makers(extractor):
    claims = body(
        extractor,
        "Nvidia said demand in China had weakened.\n\n"
        "Alibaba and ByteDance have placed orders for its H20 chips worth $16 billion.",
    )
    found = [c for c in claims if c.topic == "business" and "16 billion" in c.value]
    assert {(c.vendor, c.chip) for c in found} == {("nvidia", "h20")}


def test_forecasts_called_misleading_deny_the_previous_sentences_figure(extractor):
    claims = body(
        extractor,
        "Online posts said MetaX would ship 120,000 accelerators next year.\n\n"
        "MetaX said those shipment forecasts were misleading and asked investors to ignore them.",
    )
    found = [c for c in claims if c.topic == "business" and "120,000" in c.value]
    assert [(c.vendor, c.polarity) for c in found] == [("metax", "deny")]


def test_reports_called_untrue_at_the_top_deny_the_headlines_figure(extractor):
    claims = extractor.extract(
        "Biren calls reports of doubled 2026 output false",
        "Biren said on Friday that recent reports about its customers and production "
        "forecasts were untrue.\n\nThe company said it would take legal action.",
        0.7,
    )
    found = [(c.vendor, c.polarity, c.headline) for c in claims if c.topic == "business"]
    assert ("biren", "deny", False) in found
    assert ("biren", "deny", True) in found


def test_reports_called_untrue_far_down_do_not_reach_the_headline(extractor):
    claims = extractor.extract(
        "Biren calls reports of doubled 2026 output false",
        "Biren makes GPUs in Shanghai.\n\nIt sells them to internet companies.\n\n"
        "Earlier reports about its board were untrue, it said.",
        0.7,
    )
    assert not [c for c in claims if c.topic == "business" and not c.headline]


# Values a reader can compare: an amount in words gives way to the event, reserved
# capacity says which, a company's own market sizing is a figure ---------------------------


@pytest.mark.parametrize(
    ("sentence", "vendor", "value"),
    [
        (
            "ByteDance is in talks to spend billions of dollars on AMD's accelerators.",
            "amd",
            "deal talks",
        ),
        (
            "Cambricon said it had not received orders from Tencent worth billions of yuan.",
            "cambricon",
            "orders",
        ),
        (
            "Moore Threads won orders worth tens of billions of yuan last year, a broker claimed.",
            "moore-threads",
            "orders",
        ),
    ],
)
def test_an_amount_in_words_beside_an_event_leaves_the_event_as_the_value(
    extractor, sentence, vendor, value
):
    assert [v for ven, _, v in business(body(extractor, sentence)) if ven == vendor] == [value]


def test_an_amount_in_words_alone_is_still_the_value(extractor):
    claims = body(
        extractor, "Intel expects the foundry deal to bring in tens of billions of dollars."
    )
    assert ("intel", "affirm", "tens of billions of dollars") in business(claims)


@pytest.mark.parametrize(
    ("sentence", "vendor", "value"),
    [
        (
            "AMD has reserved CoWoS capacity at TSMC for its next accelerator.",
            "amd",
            "reserved CoWoS capacity",
        ),
        (
            "Nvidia has booked additional SoIC capacity for 2027.",
            "nvidia",
            "reserved SoIC capacity",
        ),
        ("Google has secured more capacity for its TPUs next year.", "google", "reserved capacity"),
    ],
)
def test_reserved_capacity_says_which_capacity_when_the_story_does(
    extractor, sentence, vendor, value
):
    assert (vendor, "affirm", value) in business(body(extractor, sentence))


def test_a_capacity_shortfall_is_no_reservation(extractor):
    claims = body(extractor, "SMIC faces a capacity shortage at its 7nm lines, analysts say.")
    assert ("smic", "affirm", "capacity shortfall") in business(claims)


@pytest.mark.parametrize(
    ("sentence", "vendor", "number"),
    [
        ("China is a $50 billion market opportunity for Nvidia this year.", "nvidia", "50"),
        ("AMD sees a $30 billion opportunity in AI accelerators by 2028.", "amd", "30"),
        (
            "Huawei puts the opportunity in data centre chips at about 200 billion yuan.",
            "huawei",
            "200",
        ),
    ],
)
def test_a_companys_sizing_of_its_opportunity_is_a_business_figure(
    extractor, sentence, vendor, number
):
    found = business(body(extractor, sentence))
    assert [v for ven, _, v in found if ven == vendor and number in v]


def test_an_opportunity_without_a_figure_is_no_claim(extractor):
    claims = body(extractor, "Nvidia sees a big opportunity in China, Huang said.")
    assert not [c for c in claims if c.topic == "business"]


# Money and orders that are no business claim of the vendor named -------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "TSMC is reviewing orders for AI chips from its Chinese customers, people said.",
        "Analysts expect Samsung to scrutinise orders from Chinese chip designers more closely.",
        "SMIC will vet new orders from customers on the Entity List, the company said.",
    ],
)
def test_a_foundry_vetting_orders_is_compliance_not_business(extractor, sentence):
    assert not [c for c in body(extractor, sentence) if c.topic == "business"]


@pytest.mark.parametrize(
    "sentence",
    [
        "Large internet companies have been told to hold off on placing H200 orders for now.",
        "Beijing has discouraged purchases of the H20 since the summer.",
        "Regulators urged data centres to avoid placing new orders for the RTX Pro 6000D.",
    ],
)
def test_buyers_held_back_by_beijing_place_no_orders(extractor, sentence):
    assert not [c for c in body(extractor, sentence) if c.topic == "business"]


def test_orders_shifted_away_after_beijing_discouraged_purchases_are_still_lost(extractor):
    claims = body(
        extractor,
        "ByteDance, Alibaba and Baidu shifted orders away from Nvidia's H20 after Beijing "
        "discouraged purchases.",
    )
    assert ("nvidia", "deny", "orders") in business(claims)


@pytest.mark.parametrize(
    "sentence",
    [
        "Such statements involve risks and uncertainties, including Cambricon's ability to "
        "secure foundry capacity.",
        "This release contains forward-looking statements about MetaX's revenue of 1 billion "
        "yuan next year.",
        "Forward-looking statements, such as Biren's plan to ship 100,000 cards, may differ "
        "from results.",
    ],
)
def test_a_safe_harbour_paragraph_carries_no_claim(extractor, sentence):
    assert not body(extractor, sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "Moore Threads and MetaX both soared more than 400% on their first day of trading.",
        "MetaX debuted in Shanghai in December with gains of more than 400%.",
        "Shares of Biren jumped 76% in their Hong Kong debut last week.",
    ],
)
def test_a_peers_trading_debut_in_another_companys_story_is_no_claim(extractor, sentence):
    claims = extractor.extract(
        "Baidu's Kunlunxin files for Hong Kong IPO",
        f"Baidu said its chip unit Kunlunxin has filed for a Hong Kong listing. {sentence}",
        0.7,
    )
    listed = {c.vendor for c in claims if c.topic == "business" and c.value == "listing"}
    assert listed == {"baidu"}


def test_the_storys_own_companys_debut_is_its_listing(extractor):
    claims = extractor.extract(
        "Moore Threads soars in Shanghai debut",
        "Shares of Moore Threads jumped more than fivefold on their first day of trading.",
        0.7,
    )
    assert ("moore-threads", "affirm", "listing") in business([c for c in claims if not c.headline])


# Tables and lists: a company's line with its figures, a release's key figures -------------


def test_a_share_table_gives_each_company_its_share(extractor):
    claims = extractor.extract(
        "Memory makers' HBM shares",
        "Demand for HBM keeps growing, the tracker says.\n"
        "Estimated 2026 HBM shares (by revenue):\n"
        "SK hynix: 48%\nSamsung: 33%\nMicron: 19%",
        0.7,
    )
    found = business([c for c in claims if not c.headline])
    assert {("sk-hynix", "affirm", "48%"), ("samsung", "affirm", "33%")} <= found
    assert ("micron", "affirm", "19%") in found


def test_a_unit_table_row_names_its_company_and_chip(extractor):
    claims = extractor.extract(
        "China AI accelerator units",
        "We update our unit estimates for 2026E / 2027E.\n"
        "Moore Threads (MTT S4000): 40,000 / 70,000\n"
        "Alibaba T-Head PPU: 90,000 / 150,000\n"
        "Others (MetaX, Biren, Hygon): 100,000 / 200,000",
        0.7,
    )
    rows = {(c.vendor, c.chip, c.value) for c in claims if c.topic == "business"}
    assert ("moore-threads", "mtt-s4000", "40,000 / 70,000") in rows
    assert ("alibaba", "t-head-ppu", "90,000 / 150,000") in rows
    # A group's row is no one company's figure.
    assert not [r for r in rows if r[0] in {"metax", "biren", "hygon"}]


def test_a_unit_table_row_may_write_thousands_short_and_keep_the_last_estimate(extractor):
    claims = extractor.extract(
        "China AI accelerator units",
        "We trim our 2026 unit estimates (previous in brackets).\n"
        "Moore Threads (MTT S4000): 45k (60k)\n"
        "Hygon: 1.2mn",
        0.7,
    )
    rows = {(c.vendor, c.value) for c in claims if c.topic == "business"}
    assert ("moore-threads", "45k") in rows
    assert ("hygon", "1.2mn") in rows


def test_a_table_row_of_several_chips_is_the_companys_figure(extractor):
    claims = extractor.extract(
        "China AI accelerator units",
        "Our 2027 unit estimates by vendor.\n"
        "Cambricon (MLU590 plus successors): 300k\n"
        "Moore Threads (MTT S4000): 60k",
        0.7,
    )
    rows = {(c.vendor, c.chip, c.value) for c in claims if c.topic == "business"}
    assert ("cambricon", None, "300k") in rows
    assert ("moore-threads", "mtt-s4000", "60k") in rows


def test_rows_keyed_by_year_are_the_figures_of_the_company_their_heading_names(extractor):
    claims = extractor.extract(
        "Our Micron model",
        "We lift our estimates after the call.\n\n"
        "Estimates (Micron HBM revenue, $bn)\n"
        "2025A: 8.0\n"
        "2026E: 14.5\n\n"
        "Risks\n"
        "2027E: 19.0",
        0.7,
    )
    rows = {(c.vendor, c.value) for c in claims if c.topic == "business"}
    assert {("micron", "8.0"), ("micron", "14.5")} <= rows
    # A heading that names no company gives its rows to nobody.
    assert not [r for r in rows if r[1] == "19.0"]


def test_a_year_row_after_a_sentence_is_no_companys_figure(extractor):
    claims = extractor.extract(
        "Micron outlook",
        "Micron said demand stayed strong.\n2026E: 14.5",
        0.7,
    )
    assert not [c for c in claims if c.topic == "business" and c.value == "14.5"]


@pytest.mark.parametrize(
    ("sentence", "value"),
    [
        ("AMD's MI308 is priced below Huawei's Ascend 910B, dealers say.", "priced below"),
        ("Nvidia's next China part is expected to sell for less than the H20.", "H20"),
    ],
)
def test_a_price_below_a_rivals_is_business_without_a_figure(extractor, sentence, value):
    found = business(body(extractor, sentence))
    assert [v for ven, pol, v in found if pol == "affirm" and v.startswith("priced below")]
    assert [v for *_, v in found if value in v]


def test_a_releases_key_figures_are_the_companys_results(extractor):
    claims = extractor.extract(
        "AMD reports fourth-quarter results",
        "AMD reported fourth-quarter results on Tuesday.\n"
        "Key figures:\n"
        "- Revenue: $10.3 billion, up 34% year over year\n"
        "- GAAP net loss: $1.2 billion, after impairments\n"
        "- Q1 revenue guidance: $9.5 billion to $10.1 billion",
        0.7,
    )
    values = {v for ven, _, v in business([c for c in claims if not c.headline]) if ven == "amd"}
    assert [v for v in values if "10.3" in v]
    assert [v for v in values if "1.2 billion" in v]
    assert [v for v in values if "9.5" in v and "10.1" in v]


@pytest.mark.parametrize(
    ("sentence", "vendor", "number"),
    [
        ("Biren lost a combined 3.1 billion yuan over the past three years.", "biren", "3.1"),
        ("Moore Threads posted a net loss of 1.6 billion yuan for 2024.", "moore-threads", "1.6"),
        ("Intel's foundry unit had an operating loss of $2.3 billion.", "intel", "2.3"),
    ],
)
def test_losses_are_business_figures(extractor, sentence, vendor, number):
    found = business(body(extractor, sentence))
    assert [v for ven, _, v in found if ven == vendor and number in v]


def test_a_colon_in_a_sentence_still_breaks_its_clauses(extractor):
    claims = body(extractor, "Nvidia's message to investors was blunt: demand is strong.")
    assert not [c for c in claims if c.topic == "business" and c.value == "strong"]


# A licence fee is a share of the licensed chip's sales; counts as notes write them -------


@pytest.mark.parametrize(
    ("sentence", "vendor", "chip"),
    [
        (
            "Nvidia agreed to pay the US government 15% of its revenue from China sales.",
            "nvidia",
            "h20",
        ),
        (
            "AMD will give the U.S. government 15 per cent of the revenue from certain chip sales.",
            "amd",
            "mi308",
        ),
        (
            "Nvidia can sell in China, with the US government taking a 25% cut of the sales.",
            "nvidia",
            "h20",
        ),
    ],
)
def test_a_revenue_share_paid_for_licences_is_the_licensed_chips(extractor, sentence, vendor, chip):
    claims = extractor.extract(
        "Washington clears the H20 and the MI308 for China",
        f"Nvidia's H20 and AMD's MI308 can again be sold in China. {sentence}",
        0.7,
    )
    assert [
        c
        for c in claims
        if c.topic == "business"
        and c.vendor == vendor
        and c.chip == chip
        and ("15" in c.value or "25" in c.value)
    ]


def test_a_companys_share_of_revenue_from_a_market_stays_the_companys(extractor):
    claims = extractor.extract(
        "Nvidia's H20 sales slow",
        "Nvidia's H20 has sold slowly in China. Nvidia drew 17% of its revenue from China "
        "last year.",
        0.7,
    )
    shares = [c for c in claims if c.topic == "business" and "17%" in c.value]
    assert shares and all(c.chip is None for c in shares)


@pytest.mark.parametrize(
    ("sentence", "vendor", "number"),
    [
        ("Anthropic agreed to access up to 1mn TPUs from Google.", "google", "1mn"),
        ("We estimate AMD's MI355X units of ~400k in 2025.", "amd", "400k"),
        ("Huawei shipped about 1.2mn Ascend chips last year, analysts say.", "huawei", "1.2mn"),
    ],
)
def test_counts_in_mn_and_k_are_volumes(extractor, sentence, vendor, number):
    claims = body(extractor, sentence)
    assert [c for c in claims if c.topic == "business" and c.vendor == vendor and number in c.value]
    assert not [c for c in claims if c.topic == "availability"]


# Prices against a rival and how much of its output a supplier sells to one customer -----


@pytest.mark.parametrize(
    ("sentence", "vendor", "value"),
    [
        (
            "In some deals the H20 has sold at a 12% discount to Huawei's Ascend 910B.",
            "nvidia",
            "12% discount",
        ),
        (
            "Huawei has priced the Ascend 910C at a 20 per cent premium over the H20.",
            "huawei",
            "20 per cent premium",
        ),
        (
            "AMD sells the MI308 at roughly a 15% discount to Nvidia's H20, dealers say.",
            "amd",
            "15% discount",
        ),
    ],
)
def test_a_price_against_a_rivals_is_a_business_figure(extractor, sentence, vendor, value):
    found = business(body(extractor, sentence))
    assert [v for ven, _, v in found if ven == vendor and value in v]


@pytest.mark.parametrize(
    ("sentence", "vendor", "value"),
    [
        (
            "SK Hynix Inc. sells almost all of its HBM to Nvidia Corp.",
            "sk-hynix",
            "almost all of its HBM sold to Nvidia",
        ),
        (
            "Micron sells most of its HBM3E to AMD, analysts say.",
            "micron",
            "most of its HBM3E sold to AMD",
        ),
        (
            "Samsung sells half of its HBM to Google and Broadcom.",
            "samsung",
            "50% of its HBM sold to Google",
        ),
    ],
)
def test_how_much_of_its_output_a_supplier_sells_to_one_customer(
    extractor, sentence, vendor, value
):
    assert (vendor, "affirm", value) in business(body(extractor, sentence))


# Shares in a ranking, and whose revenue "its" is after a market ---------------------------


@pytest.mark.parametrize(
    ("sentence", "ranked"),
    [
        (
            "Counterpoint estimates SK hynix held 57% of the HBM market, followed by Samsung "
            "with 27% and Micron with 16%.",
            {("samsung", "27% share"), ("micron", "16% share")},
        ),
        (
            "Nvidia held about 80% of the AI accelerator market, ahead of AMD with roughly 9%.",
            {("amd", "9% share")},
        ),
        (
            "TSMC's share of the foundry market rose to 67%, with Samsung with 8% a distant "
            "second.",
            {("samsung", "8% share")},
        ),
    ],
)
def test_each_company_ranked_after_a_market_leader_takes_its_share(extractor, sentence, ranked):
    found = {(ven, v) for ven, pol, v in business(body(extractor, sentence)) if pol == "affirm"}
    assert ranked <= found


def test_a_figure_with_no_share_before_it_gives_no_ranked_share(extractor):
    claims = body(extractor, "Huawei ships the 910C with 20% more memory than the 910B.")
    assert not [c for c in claims if c.topic == "business"]


def test_its_revenue_after_a_market_is_the_company_just_named(extractor):
    claims = extractor.extract(
        "US curbs hit memory makers",
        "Samsung is the most exposed of the memory makers. China accounts for about 25% of "
        "its HBM revenue, analysts estimate.",
        0.7,
    )
    assert [
        c for c in claims if c.vendor == "samsung" and c.topic == "business" and "25%" in c.value
    ]


@pytest.mark.parametrize(
    ("sentence", "vendor", "number"),
    [
        ("Nvidia's data center GPUs carry gross margins north of 70 per cent.", "nvidia", "70"),
        (
            "Intel said the gross margin in the fourth quarter should be about 39.5%.",
            "intel",
            "39.5",
        ),
        ("AMD's operating margins have risen to 24% this year.", "amd", "24"),
    ],
)
def test_margins_in_the_plural_or_told_at_length_are_figures(extractor, sentence, vendor, number):
    found = business(body(extractor, sentence))
    assert [v for ven, _, v in found if ven == vendor and number in v]


# The general fallback: a company's figure in a clause no topic's cue claimed ---------------


@pytest.mark.parametrize(
    ("sentence", "vendor", "figure"),
    [
        # A warrant or shares granted, an amount brought in, a count of a model's units.
        (
            "Cambricon granted a Shanghai investor a warrant for up to 12 million of its shares.",
            "cambricon",
            "12 million",
        ),
        (
            "Micron's memory unit brought in $4.2 billion over the two quarters.",
            "micron",
            "$4.2 billion",
        ),
        (
            "Analysts put it at roughly 400,000 H20s that Nvidia handed to Chinese buyers.",
            "nvidia",
            "400,000",
        ),
        (
            "Samsung earmarked 8 trillion won for its Pyeongtaek memory lines.",
            "samsung",
            "8 trillion won",
        ),
        (
            "AMD's share of it, on the company's own reckoning, has shrunk from about 20 percent "
            "to near zero.",
            "amd",
            "20 percent",
        ),
    ],
)
def test_a_companys_figure_no_cue_claims_is_still_its_business(extractor, sentence, vendor, figure):
    found = business(body(extractor, sentence))
    assert [v for ven, pol, v in found if ven == vendor and pol == "affirm" and figure in v]


@pytest.mark.parametrize(
    "sentence",
    [
        # A share price, a market's size, money returned to shareholders, a valuation.
        "Nvidia's shares climbed 4% in late trading on Tuesday.",
        "China's AI chip market will be worth $50 billion by 2027, Nvidia said.",
        "AMD set aside another $6 billion for share buybacks.",
        "Hygon was worth about 300 billion yuan at Friday's close.",
        # Another party's figure with the company only its object; counts of no product.
        "Prosecutors say a $90 million smuggling ring moved Nvidia H100s through Malaysia.",
        "Huawei's Pangu model has 135 billion parameters.",
        "Huawei's developer programme counts 2 million developers.",
    ],
)
def test_a_figure_that_is_no_companys_business_makes_no_fallback_claim(extractor, sentence):
    assert not business(body(extractor, sentence))


@pytest.mark.parametrize(
    ("sentence", "vendor", "figure"),
    [
        (
            "That is small next to Nvidia's data centre business, which brought in $18.4 billion.",
            "nvidia",
            "$18.4 billion",
        ),
        (
            "Samsung's foundry division, which lost about 2 trillion won in the quarter, is "
            "cutting staff.",
            "samsung",
            "2 trillion won",
        ),
        (
            "The figure compares with Micron's memory unit, which earned $2.1 billion last year.",
            "micron",
            "$2.1 billion",
        ),
    ],
)
def test_a_figure_in_a_relative_clause_is_the_business_of_the_unit_it_hangs_on(
    extractor, sentence, vendor, figure
):
    found = business(body(extractor, sentence))
    assert [v for ven, pol, v in found if ven == vendor and pol == "affirm" and figure in v]


@pytest.mark.parametrize(
    ("sentence", "vendor", "figure"),
    [
        (
            "Intel had shipped fewer than 100,000 Gaudi accelerators this year, a number Intel "
            "declined to comment on.",
            "intel",
            "100,000",
        ),
        (
            "Cambricon booked $400 million of orders from a cloud provider, a figure the company "
            "did not comment on.",
            "cambricon",
            "$400 million",
        ),
        (
            "Huawei plans to ship 600,000 Ascend 910C dies next year, a target Huawei declined to "
            "confirm.",
            "huawei",
            "600,000",
        ),
    ],
)
def test_a_refusal_in_an_appositive_leaves_the_figure_before_it_standing(
    extractor, sentence, vendor, figure
):
    found = business(body(extractor, sentence))
    assert [v for ven, pol, v in found if ven == vendor and pol == "affirm" and figure in v]


def test_a_refusal_that_is_the_whole_sentence_still_claims_nothing(extractor):
    assert not body(extractor, "Nvidia declined to comment on how many H20s it sold.")


@pytest.mark.parametrize(
    ("sentence", "value"),
    [
        ("Enflame's parent said the unit had filed for a Shanghai IPO.", "IPO"),
        ("Biren filed for an initial public offering in Hong Kong.", "IPO"),
        ("Kunlunxin has filed for a Hong Kong listing ahead of its IPO.", "listing"),
        ("Kunlunxin has filed for a Hong Kong listing.", "listing"),
    ],
)
def test_an_ipo_keeps_the_word_the_sentence_gives_it(extractor, sentence, value):
    # A reader writes "Hong Kong IPO filing" for an IPO and "Hong Kong listing" for a listing.
    assert value in {v for *_, v in business(body(extractor, sentence))}


# Business said without a figure: chips held in store, a cut paid to a government, revenue
# no longer expected, capital spending raised or cut -----------------------------------------


@pytest.mark.parametrize(
    ("sentence", "vendor", "value"),
    [
        (
            "Alibaba said it holds enough advanced GPUs to keep serving its cloud customers.",
            "alibaba",
            "enough advanced GPUs to keep serving",
        ),
        (
            "Tencent reckons it has enough chips to carry on training for two more years.",
            "tencent",
            "enough chips to keep training",
        ),
    ],
)
def test_chips_a_company_holds_in_store_are_its_business(extractor, sentence, vendor, value):
    found = business(body(extractor, sentence))
    assert [v for ven, pol, v in found if ven == vendor and pol == "affirm" and value in v]


@pytest.mark.parametrize(
    "sentence",
    [
        "AMD may sell the MI308 in China if a fifth of the proceeds goes to the US government.",
        "Nvidia got its licence by promising the US government a share of the sales.",
    ],
)
def test_a_cut_of_sales_paid_to_a_government_in_words_is_the_sellers_business(extractor, sentence):
    found = business(body(extractor, sentence))
    assert [v for _, pol, v in found if pol == "affirm" and v.endswith("to the government")]


def test_a_share_of_revenue_with_no_government_is_no_fee(extractor):
    found = business(body(extractor, "Nvidia said a share of the revenue came from gaming."))
    assert not [v for *_, v in found if "government" in v]


@pytest.mark.parametrize(
    ("sentence", "vendor", "value"),
    [
        ("Micron does not expect meaningful HBM revenue from China.", "micron", "HBM revenue"),
        ("AMD doesn't expect any sales of the MI308 in China this year.", "amd", "sales"),
        ("Intel no longer forecasts significant Gaudi sales this year.", "intel", "Gaudi sales"),
    ],
)
def test_revenue_no_longer_expected_is_a_denied_business_claim(extractor, sentence, vendor, value):
    found = business(body(extractor, sentence))
    assert [v for ven, pol, v in found if ven == vendor and pol == "deny" and value in v]


@pytest.mark.parametrize(
    ("sentence", "vendor", "value"),
    [
        ("Samsung plans to increase its capital spending in 2027.", "samsung", "higher"),
        ("Intel will cut capital expenditure again next year.", "intel", "lower"),
    ],
)
def test_capital_spending_raised_or_cut_is_business(extractor, sentence, vendor, value):
    found = business(body(extractor, sentence))
    assert (vendor, "affirm", f"{value} capital spending") in found


@pytest.mark.parametrize(
    "sentence",
    [
        "Cambricon's founder holds about 30% of the shares.",
        "The company's chairman, a co-founder, owns roughly 12% of the stock.",
    ],
)
def test_a_stake_a_companys_person_holds_is_not_the_companys(extractor, sentence):
    claims = extractor.extract("Cambricon reports results", sentence, 0.7)
    assert not [c for c in claims if not c.headline and c.value.endswith(" stake")]


@pytest.mark.parametrize(
    ("sentence", "vendor", "value"),
    [
        (
            "Samsung is said to supply nearly half of America's high-end server memory market.",
            "samsung",
            "nearly 50% of America's high-end server memory market",
        ),
        (
            "Intel said its share of the Chinese market for data-centre GPUs had dropped to "
            "nearly zero.",
            "intel",
            "zero",
        ),
    ],
)
def test_a_share_in_words_of_a_long_named_market_or_gone_to_zero_is_business(
    extractor, sentence, vendor, value
):
    found = business(body(extractor, sentence))
    assert [v for ven, pol, v in found if ven == vendor and pol == "affirm" and value in v]


@pytest.mark.parametrize(
    ("sentence", "polarity"),
    [
        ("Biren said its GPU business became profitable in the second half.", "affirm"),
        ("Biren's chip unit has not yet turned profitable.", "deny"),
    ],
)
def test_turning_profitable_is_business_even_without_a_figure(extractor, sentence, polarity):
    assert ("biren", polarity, "profit") in business(body(extractor, sentence))


@pytest.mark.parametrize(
    ("sentence", "vendor", "value"),
    [
        (
            "Intel signed a five-year agreement with Microsoft for Gaudi chips.",
            "intel",
            "Microsoft",
        ),
        ("Google struck a long-term supply deal with Anthropic.", "google", "Anthropic"),
    ],
)
def test_a_deal_signed_with_a_named_partner_is_the_signers_business(
    extractor, sentence, vendor, value
):
    assert (vendor, "affirm", f"agreement with {value}") in business(body(extractor, sentence))


def test_a_share_sale_oversubscribed_is_business(extractor):
    sentence = "The retail tranche of Biren's share sale was oversubscribed 2,000 times."
    assert [v for ven, _, v in business(body(extractor, sentence)) if ven == "biren"]


# A company figure in a sentence that names no company is the story's main company's -----


@pytest.mark.parametrize(
    ("sentence", "figure"),
    [
        ("Research and development spending rose 12% to 480 million yuan.", "480 million yuan"),
        ("The IPO raised 6.5 billion yuan in Shanghai.", "6.5 billion yuan"),
        ("Revenue for the third quarter came to $2.4 billion.", "$2.4 billion"),
        ("The net loss narrowed to 310 million yuan.", "310 million yuan"),
    ],
)
def test_a_figure_naming_no_company_is_the_main_companys(extractor, sentence, figure):
    text = f"Cambricon reported results on Friday. {sentence}"
    claims = body(extractor, text, title="Cambricon posts record quarter")
    assert [v for ven, pol, v in business(claims) if ven == "cambricon" and figure in v]


@pytest.mark.parametrize(
    "sentence",
    [
        "China's AI chip market grew 45% to $19 billion last year.",
        "Exports of integrated circuits rose 20% to $60 billion.",
        "The government will spend 300 billion yuan on computing centres.",
    ],
)
def test_a_market_or_economy_figure_is_no_companys(extractor, sentence):
    text = f"Cambricon reported results on Friday. {sentence}"
    claims = body(extractor, text, title="Cambricon posts record quarter")
    assert not [c for c in claims if c.topic == "business" and sentence[:20] in c.quote]
