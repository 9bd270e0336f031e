"""Issue 10, sentences no editor labels: classes of sentence that name a vendor and a
topic's words but claim nothing a reader of the dashboard would weigh (a release's
safe-harbour paragraph, a stock's debut, a buyer's use of other makers' chips, ...).
Each class is specified by several sentences of our own, and by the claims beside them
that must survive."""

import pytest

from tests.chips.extracting import body, keys, topics

# A release's safe-harbour paragraph ----------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Such statements involve risks and uncertainties, including changes in export rules, "
        "the Company's ability to secure foundry capacity and HBM supply, and competition.",
        "Actual results may differ materially from those in forward-looking statements about "
        "Cambricon's shipments of the MLU590 and its orders from cloud customers.",
        "Readers should not place undue reliance on statements about MetaX's C600 production "
        "schedule, which speak only as of today.",
        "This release contains forward-looking statements within the meaning of the safe "
        "harbor provisions, including statements about Nvidia's H20 licences and revenue.",
    ],
)
def test_a_safe_harbour_sentence_is_no_claim(extractor, text):
    assert not body(extractor, text)


def test_a_release_outside_its_safe_harbour_still_claims(extractor):
    claims = body(
        extractor,
        "Cambricon said the MLU590 is made by SMIC. Such statements involve "
        "risks and uncertainties, including the Company's ability to secure wafer capacity.",
    )
    assert ("cambricon", "mlu590", "manufacturing", "affirm", "SMIC") in keys(claims)
    assert all("uncertainties" not in c.quote for c in claims)


# A stock's debut is a listing, not a chip's -------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Moore Threads is due to debut on Shanghai's STAR Market next month.",
        "MetaX debuted in Shanghai in December with gains of more than 400%.",
        "Enflame's filing follows blockbuster debuts by its rivals.",
        "Biren will debut in Hong Kong on Friday, the exchange said.",
    ],
)
def test_a_market_debut_is_no_chip_in_development(extractor, text):
    assert "development" not in topics(body(extractor, text))


def test_a_chips_debut_is_still_development(extractor):
    claims = body(extractor, "Huawei plans to debut the Ascend 950PR in the first quarter.")
    assert ("huawei", "ascend-950pr", "development", "affirm", "") in keys(claims)


# A buyer's use of other makers' chips is no claim about chips of its own ----------------


@pytest.mark.parametrize(
    "text",
    [
        "Tencent says it has stockpiled enough graphics processors to keep training its "
        "models for years.",
        "Microsoft could turn to other chips for inference, including compliant parts and "
        "smaller GPUs, its finance chief said.",
        "Meta now plans its inference clusters around domestic chips, one of the people said.",
        "Alibaba told analysts it had many options for inference chips.",
        "Amazon uses Cambricon's accelerators mainly for inference in one region.",
    ],
)
def test_a_cloud_buying_chips_claims_nothing_of_its_own(extractor, text):
    claims = body(extractor, text)
    vendors = {"tencent", "microsoft", "meta", "alibaba", "amazon"}
    assert not [
        c for c in claims if c.vendor in vendors and c.topic in {"workload", "availability"}
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Meta begins testing its first in-house AI training chip.",
            ("meta", None, "availability", "affirm", "testing"),
        ),
        (
            "Alibaba's new AI inference chip is made by SMIC.",
            ("alibaba", None, "workload", "affirm", "inference"),
        ),
        (
            "Baidu has deployed its Kunlun chips at scale in its cloud, alongside "
            "accelerators it bought from Nvidia.",
            ("baidu", None, "availability", "affirm", "shipping"),
        ),
    ],
)
def test_a_clouds_own_chips_keep_their_claims(extractor, text, expected):
    assert expected in keys(body(extractor, text))


# Testing as a source of figures, validation as praise ---------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "These are vendor figures from Intel's own testing of the Gaudi 3, and we would "
        "wait for independent results.",
        "AMD quoted results from the company's tests of the MI355X against the B200.",
        "Analysts called the OpenAI deal a validation of AMD's data centre roadmap.",
        "Cambricon's shares rose on what investors saw as a vindication of its strategy for "
        "the MLU590.",
    ],
)
def test_testing_that_yields_figures_or_praise_is_no_stage(extractor, text):
    claims = body(extractor, text)
    assert not [c for c in claims if c.topic == "availability" and c.value == "testing"]
    assert "development" not in topics(claims)


def test_a_chip_in_testing_is_still_testing(extractor):
    claims = body(extractor, "Alibaba has begun testing the Zhenwu PPU with a few customers.")
    assert ("alibaba", "t-head-ppu", "availability", "affirm", "testing") in keys(claims)


# A chip described by its origin is no development news ---------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "The Ascend 910C is widely seen as the most capable AI chip developed in China.",
        "Baidu's cloud runs the Kunlun P800 beside processors designed by local start-ups.",
        "MetaX sells the C500, one of few accelerators developed entirely at home.",
    ],
)
def test_a_chip_described_by_its_origin_is_no_development(extractor, text):
    assert "development" not in topics(body(extractor, text))


def test_a_chip_being_developed_is_still_development(extractor):
    claims = body(extractor, "Huawei has developed the Ascend 950PR in China with local parts.")
    assert ("huawei", "ascend-950pr", "development", "affirm", "") in keys(claims)


@pytest.mark.parametrize(
    "text",
    [
        "Cambricon said on Friday it had not released any product called the MLU690.",
        "Cambricon said it does not make any chip named the MLU690, calling the posts false.",
        "A Cambricon spokesperson said the MLU690 does not exist.",
    ],
)
def test_a_chips_existence_denied_is_development_denied(extractor, text):
    claims = body(extractor, text)
    assert ("cambricon", "mlu690", "development", "deny", "") in keys(claims)
    assert ("cambricon", "mlu690", "development", "affirm", "") not in keys(claims)


def test_a_chip_named_in_a_rule_is_no_development(extractor):
    claims = body(extractor, "Washington said any chip named H20 must carry an export licence.")
    assert "development" not in topics(claims)


# Capacity coming on line and a rule's effect on shipments are no chip's stage ----------


@pytest.mark.parametrize(
    "text",
    [
        "TSMC's AP8 facility in Tainan, a former display plant, began CoWoS production this year.",
        "TSMC said a second Arizona fab, which will use 3nm technology, would begin volume "
        "production in 2027.",
        "SMIC's new Shanghai line started volume production last month.",
        "The curbs could affect Samsung's shipments to Chinese customers this year.",
        "Export rules may hit sales of the H20 and the availability of memory for domestic "
        "accelerators.",
    ],
)
def test_capacity_and_a_rules_effect_are_no_availability(extractor, text):
    claims = body(extractor, text)
    assert not [c for c in claims if c.topic in {"availability", "development"}]


def test_a_memory_makers_product_entering_production_still_is(extractor):
    claims = body(extractor, "SK Hynix began mass production of HBM4 at its M15X plant.")
    assert ("sk-hynix", None, "availability", "affirm", "mass production") in keys(claims)


# An opening condition is a premise, not a claim ----------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Once the stock of TSMC-made dies runs out, Huawei's Ascend 910C output will depend on "
        "how fast it can grow.",
        "Without a steady source of HBM, Huawei's output of the 910C will be capped, they said.",
        "If Nvidia ever ships the B30A to China, analysts say local designers would lose "
        "their easiest customers.",
        "Unless Samsung passes Nvidia's tests, the Korean firm will keep losing share.",
    ],
)
def test_what_an_opening_condition_names_is_no_claim(extractor, text):
    claims = body(extractor, text)
    premise = text.split(",")[0]
    assert not [c for c in claims if c.clause[1] and c.clause[1] <= len(premise)]
    assert not {
        ("huawei", "ascend-910c", "manufacturing", "affirm", "TSMC"),
        ("huawei", "ascend-910c", "memory", "deny", "HBM"),
        ("nvidia", "b30a", "availability", "affirm", "shipping"),
    } & keys(claims)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "If demand holds, the MLU590 is made by SMIC, Cambricon said.",
            ("cambricon", "mlu590", "manufacturing", "affirm", "SMIC"),
        ),
        (
            "Once the TSMC die bank runs out, Huawei will rely on SMIC to make the Ascend 910C.",
            ("huawei", "ascend-910c", "manufacturing", "affirm", "SMIC"),
        ),
    ],
)
def test_the_main_clause_after_a_condition_keeps_its_claim(extractor, text, expected):
    claims = body(extractor, text)
    assert expected in keys(claims)
    assert ("huawei", "ascend-910c", "manufacturing", "affirm", "TSMC") not in keys(claims)


def test_a_condition_after_the_main_clause_is_read_as_before(extractor):
    claims = body(
        extractor, "Huawei said the 910C would be made by SMIC if production moves entirely."
    )
    assert ("huawei", "ascend-910c", "manufacturing", "affirm", "SMIC") in keys(claims)


# Background the article recalls only to doubt it ----------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "The new finding does not sit comfortably with reports last spring that SMIC's 5nm "
        "line was producing the Ascend 910C.",
        "The teardown contradicts earlier claims that the Ascend 910C is made by SMIC.",
        "That casts doubt on reports that Samsung supplies the HBM3E for the Ascend 910C.",
    ],
)
def test_a_report_recalled_only_to_be_doubted_is_no_claim(extractor, text):
    # docs/vocabulary.md "Background the article doubts": the recalled report is no claim.
    assert body(extractor, text) == []


def test_the_doubting_clause_keeps_its_own_claim(extractor):
    text = (
        "The Ascend 910C dies were made by TSMC, which does not sit well with reports that SMIC "
        "was making the chip."
    )
    found = keys(body(extractor, text))
    assert ("huawei", "ascend-910c", "manufacturing", "affirm", "TSMC") in found
    assert ("huawei", "ascend-910c", "manufacturing", "affirm", "SMIC") not in found


def test_a_report_confirmed_is_still_a_claim(extractor):
    text = "TechInsights confirmed reports that SMIC makes the Ascend 910C on its 7nm process."
    assert ("huawei", "ascend-910c", "manufacturing", "affirm", "SMIC") in keys(
        body(extractor, text)
    )
