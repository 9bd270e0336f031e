"""Issue 10, the chip-level event topics on real-style news: `development` (a chip exists,
is in the works, unveiled, taped out) and `availability` (a stage reached: testing,
sampling, shipping, mass production). Each spec reads a class of sentence, not one story."""

import pytest

from tests.chips.extracting import body, keys, topics

# A plan word is a plan only for the stage it governs ------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        # a relative clause: the count is of chips already shipped
        "That would still be well below the 400,000 Ascend chips that Huawei shipped in 2024.",
        # a comma: the samples are out, general availability is the plan
        "Cambricon says its MLU690 is sampling with server makers now, with general "
        "availability through three cloud partners planned for the autumn.",
        # "and" after the stage: a new predicate, its own plan
        "Biren has shipped BR106 samples to two customers and hopes to begin mass production "
        "by the end of the year.",
    ],
)
def test_a_plan_word_elsewhere_in_the_clause_leaves_a_stage_reached(extractor, text):
    claims = body(extractor, text)
    assert "development" not in topics(claims)


@pytest.mark.parametrize(
    ("text", "chip"),
    [
        ("Mass production of the MLU690 is scheduled for the second half.", "mlu690"),
        ("Nvidia hopes to hand H20 samples to Chinese buyers as early as next month.", "h20"),
        ("AMD's MI400 series is slated to ship in 2026.", "mi400"),
        ("Volume production of the B30A is pencilled in for June.", "b30a"),
    ],
)
def test_a_plan_said_of_the_stage_is_development(extractor, text, chip):
    claims = body(extractor, text)
    assert ("development", chip) in {(c.topic, c.chip) for c in claims}
    assert "availability" not in topics(claims)


def test_a_stage_reached_as_scheduled_is_reached(extractor):
    claims = body(
        extractor, "Cambricon said the MLU690 entered volume production in March as scheduled."
    )
    assert ("cambricon", "mlu690", "availability", "affirm", "mass production") in keys(claims)


# A buyer's testing is the tested chip's stage -------------------------------------------


@pytest.mark.parametrize(
    ("text", "vendor", "chip"),
    [
        ("Alibaba and Tencent have both tested Cambricon's accelerators.", "cambricon", None),
        (
            "The company has been evaluating servers built on Huawei's Ascend 910C for inference.",
            "huawei",
            "ascend-910c",
        ),
        ("Microsoft is trialling AMD's MI355X in two Azure regions.", "amd", "mi355x"),
    ],
)
def test_a_buyer_testing_a_makers_chip_is_the_chips_testing(extractor, text, vendor, chip):
    claims = [c for c in body(extractor, text) if c.topic == "availability"]
    assert {(c.vendor, c.chip, c.value) for c in claims} == {(vendor, chip, "testing")}


def test_testing_ones_own_chip_stays_the_makers(extractor):
    claims = body(extractor, "Amazon is testing Trainium3 with a handful of large customers.")
    assert ("amazon", "trainium3", "availability", "affirm", "testing") in keys(claims)


def test_a_chip_tested_by_a_buyer_keeps_its_maker(extractor):
    claims = body(extractor, "Samsung's HBM3E is being tested by Nvidia.")
    assert {c.vendor for c in claims if c.topic == "availability"} <= {"samsung"}


# Words of testing, shipping or launching that name no stage ------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "All figures come from Intel's own testing of the Gaudi 3.",
        "AMD quoted results from internal tests of the MI355X.",
        "Nvidia's lab testing puts the B300 well ahead of the H200.",
    ],
)
def test_a_vendors_own_benchmarks_are_no_testing_stage(extractor, text):
    assert "availability" not in topics(body(extractor, text))


@pytest.mark.parametrize(
    "text",
    [
        "Regulators told large platforms to stop testing the RTX Pro 6000D.",
        "Beijing instructed cloud providers to halt testing and ordering of the H20.",
    ],
)
def test_a_regulator_stopping_tests_denies_the_testing_stage(extractor, text):
    # docs/vocabulary.md "Bans": a stopped test is the stage denied, never reached.
    stages = {(c.topic, c.polarity, c.value) for c in body(extractor, text)}
    assert ("availability", "deny", "testing") in stages
    assert ("availability", "affirm", "testing") not in stages


def test_guidance_to_avoid_buying_is_no_testing_stage(extractor):
    text = "The agency has asked state firms to avoid buying Nvidia's H20."
    assert "availability" not in topics(body(extractor, text))


@pytest.mark.parametrize(
    "text",
    [
        "Analysts called the deal a strong validation of AMD's data centre GPU roadmap.",
        "Investors saw the order as validation for Cambricon's strategy.",
        "It is the clearest validation yet of Huawei's approach to AI chips.",
    ],
)
def test_a_validation_of_a_strategy_is_no_qualification(extractor, text):
    assert "availability" not in topics(body(extractor, text))


@pytest.mark.parametrize(
    "text",
    [
        'The forecast "excludes any revenue from MI308 shipments to China," the CFO said.',
        "Guidance does not include sales from H20 deliveries this quarter.",
        "The outlook for H20 shipments was left out of the forecast.",
    ],
)
def test_revenue_from_shipments_is_no_shipping_news(extractor, text):
    assert "availability" not in topics(body(extractor, text))


@pytest.mark.parametrize(
    "text",
    [
        "Tencent could switch to compliant chips available in China for inference.",
        "Baidu said GPUs available to Chinese buyers fall short of its needs.",
        "Alibaba relies on accelerators now available on the domestic market.",
    ],
)
def test_chips_of_a_kind_available_in_a_market_are_no_chip_on_sale(extractor, text):
    assert "availability" not in topics(body(extractor, text))


@pytest.mark.parametrize(
    "text",
    [
        "Huawei plans to raise its shipments of the 910B this year.",
        "Cambricon expects to double deliveries of the MLU590 in 2026.",
        "Nvidia aims to boost sales of the H20 in the second half.",
    ],
)
def test_growing_shipments_is_no_stage_nor_plan(extractor, text):
    assert not topics(body(extractor, text)) & {"availability", "development"}


@pytest.mark.parametrize(
    "text",
    [
        "The B300 is far faster than anything Nvidia has been able to ship to China.",
        "AMD was unable to ship the MI308 for most of the year.",
        "Few chips Huawei is able to deliver match the H100.",
    ],
)
def test_what_a_vendor_is_able_to_ship_is_no_shipping(extractor, text):
    claims = body(extractor, text)
    assert not [c for c in claims if c.topic == "availability" and c.polarity == "affirm"]
    assert "development" not in topics(claims)


def test_a_count_of_a_models_plural_is_business_not_availability(extractor):
    for text in (
        "Nvidia shipped roughly 1mn H20s to China in 2024.",
        "Huawei delivered about 300,000 910Cs last year.",
        "Huawei has shipped more than 300 Atlas 900 SuperPoDs to customers.",
    ):
        assert "availability" not in topics(body(extractor, text)), text


# Development words that name no chip in the works ----------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "The Ascend 910B is often called the most capable AI chip developed in China.",
        "MetaX says its newest chip was developed entirely with domestic components.",
        "Cambricon's processors are developed using local design tools.",
    ],
)
def test_where_or_with_what_a_chip_was_developed_is_no_development_news(extractor, text):
    assert "development" not in topics(body(extractor, text))


@pytest.mark.parametrize(
    "text",
    [
        "Samsung signed a contract to produce Tesla's next-generation AI chips in Texas.",
        "SMIC will manufacture a customer's new accelerator on its 7nm line.",
        "TSMC is set to make Apple's future server chips in Arizona.",
    ],
)
def test_making_another_companys_next_chip_is_no_development(extractor, text):
    assert "development" not in topics(body(extractor, text))


# A chip with a schedule is on its way -----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "vendor", "chip"),
    [
        ("The deal covers the MI355X and the MI450 due next year.", "amd", "mi400"),
        (
            "The stacks also go into Google's Ironwood TPU, expected later this year.",
            "google",
            "ironwood",
        ),
        (
            "SK hynix said its first HBM4 will go into Nvidia's Rubin GPUs, due in the second "
            "half of 2026.",
            "nvidia",
            "rubin",
        ),
        ("Huawei said its next Ascend generation will arrive next year.", "huawei", None),
    ],
)
def test_a_chip_due_or_expected_at_a_time_is_in_development(extractor, text, vendor, chip):
    claims = body(extractor, text)
    assert (vendor, chip, "development", "affirm", "") in keys(claims)


@pytest.mark.parametrize(
    "text",
    [
        "Cambricon's revenue is expected next year to double.",
        "A decision on the licences is due next month.",
        "Huawei's results are scheduled for the first quarter.",
    ],
)
def test_a_figure_or_decision_due_is_no_chip_development(extractor, text):
    assert "development" not in topics(body(extractor, text))


def test_a_system_due_with_a_count_of_chips_is_not_the_chips_schedule(extractor):
    claims = body(
        extractor,
        "Huawei also showed a rack with 8,192 Ascend 950DT chips, due in the fourth quarter.",
    )
    assert ("huawei", "ascend-950dt", "development") not in {
        (c.vendor, c.chip, c.topic) for c in claims
    }


# Samples and shipments that are no stage ------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "TechInsights found TSMC-made dies in samples of the 910B last year.",
        "Analysts saw Samsung memory in two samples of the Ascend 910C.",
        "Researchers found SK hynix HBM among samples from Huawei's 910C boards.",
    ],
)
def test_samples_a_teardown_examined_are_no_sampling(extractor, text):
    assert "sampling" not in {c.value for c in body(extractor, text)}


@pytest.mark.parametrize(
    "text",
    [
        "The government told Nvidia a licence was required to ship its H20 to China.",
        "AMD said a license is needed to sell the MI308 in China.",
        "A licence would be required for exports of the H20.",
    ],
)
def test_a_licence_required_to_ship_is_no_shipping_claim(extractor, text):
    assert "availability" not in topics(body(extractor, text))


def test_a_chip_due_is_never_its_foundrys_development(extractor):
    for text in (
        "TSMC makes the current part; the next generation, the Ascend 950 series, is due "
        "next year.",
        "SMIC will make the next generation, the Kunlun M100 series, due in 2026.",
        "TSMC said the successor, a new accelerator series, is expected later this year.",
    ):
        claims = body(extractor, text)
        assert not [c for c in claims if c.topic == "development" and c.vendor in {"tsmc", "smic"}]


# A roadmap laid out, not the word alone ---------------------------------------------------


@pytest.mark.parametrize(
    ("text", "vendor"),
    [
        ("Huawei set out a three-year roadmap for its Ascend processors.", "huawei"),
        ("Cambricon published a multi-year roadmap for its Siyuan accelerators.", "cambricon"),
        ("AMD detailed its data centre GPU roadmap at the event.", "amd"),
    ],
)
def test_a_roadmap_laid_out_is_development(extractor, text, vendor):
    assert (vendor, "development") in {(c.vendor, c.topic) for c in body(extractor, text)}


@pytest.mark.parametrize(
    "text",
    [
        "Analysts said Baidu's roadmap showed how far China's chip industry has come.",
        "The deal is a validation of AMD's data centre GPU roadmap.",
        "Amazon has folded Inferentia into the Trainium roadmap.",
    ],
)
def test_a_roadmap_mentioned_in_passing_is_no_development(extractor, text):
    assert "development" not in topics(body(extractor, text))


# A sale counted as none is shipping denied -------------------------------------------------


@pytest.mark.parametrize(
    ("text", "vendor", "chip"),
    [
        ("Nvidia sold no H20s to China in the quarter.", "nvidia", "h20"),
        ("AMD has not sold any MI308 accelerators to China this year.", "amd", "mi308"),
        ("Cambricon said it sold no MLU690 units before the launch.", "cambricon", "mlu690"),
    ],
)
def test_sold_none_is_shipping_denied(extractor, text, vendor, chip):
    assert (vendor, chip, "availability", "deny", "shipping") in keys(body(extractor, text))


# A relative clause speaks of the chip it hangs on -----------------------------------------


@pytest.mark.parametrize(
    ("text", "vendor", "chip"),
    [
        (
            "When Braga finally arrives, The Information's sources expect it to fall short of "
            "Nvidia's Blackwell parts, which started shipping in volume last year.",
            "nvidia",
            None,
        ),
        (
            "When Braga does arrive, insiders expect it to fall well short of Nvidia's "
            "Blackwell parts, which began shipping late last year.",
            "nvidia",
            None,
        ),
        (
            "If the Maia 200 does arrive on time, Reuters' sources expect it to lag AMD's "
            "MI355X, which began shipping in June.",
            "amd",
            "mi355x",
        ),
    ],
)
def test_a_stage_in_a_relative_clause_is_its_antecedents(extractor, text, vendor, chip):
    stages = {(c.vendor, c.chip) for c in body(extractor, text) if c.topic == "availability"}
    assert stages == {(vendor, chip)}


# A foundry named beside a stage, in another predicate ------------------------------------


@pytest.mark.parametrize(
    ("text", "vendor", "chip"),
    [
        (
            "The MI355X, built on TSMC's N3P process and now in volume production, ships widely.",
            "amd",
            "mi355x",
        ),
        (
            "Huawei's 910C is made by SMIC and entered mass production in May.",
            "huawei",
            "ascend-910c",
        ),
        ("The B300 uses TSMC's 4NP node, and it is now in full production.", "nvidia", "b300"),
    ],
)
def test_a_foundry_in_another_predicate_leaves_the_stage(extractor, text, vendor, chip):
    assert (vendor, chip, "availability", "affirm", "mass production") in keys(
        body(extractor, text)
    )


def test_production_said_of_a_foundry_is_still_manufacturing(extractor):
    for text in (
        "The current production of the 910C is unrelated to TSMC's fabs.",
        "Production of the MLU690 at SMIC is small.",
        "Mass production of the 910B by SMIC has begun.",
    ):
        assert "availability" not in topics(body(extractor, text)), text


# A development verb names its chip in its object ------------------------------------------


@pytest.mark.parametrize(
    ("text", "chip"),
    [
        (
            "She said the MI355X, which began shipping in the third quarter, was being "
            "deployed by cloud providers, and that AMD was on track to launch the MI450 "
            "series next year.",
            "mi400",
        ),
        (
            "Huawei said the 910C sells well and it would unveil the Ascend 950PR in September.",
            "ascend-950pr",
        ),
        (
            "Nvidia said the H20, which it tailored for China, is in stock, and it will "
            "release the B30A soon.",
            "b30a",
        ),
    ],
)
def test_the_chip_launched_is_the_development_verbs_object(extractor, text, chip):
    developed = {c.chip for c in body(extractor, text) if c.topic == "development"}
    assert developed == {chip}
