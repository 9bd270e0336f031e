"""Claim extraction from text (pure: the seed catalogue, no database)."""

from __future__ import annotations

import pytest

from chips.claims import ClaimExtractor, Sentence, Subject, split_sentences
from chips.lexicons import build_lexicon, load_lexicon
from tests.chips.extracting import keys


def claims_of(extractor, text, title="A chip story", reliability=0.7):
    return extractor.extract(title, text, reliability)


# Sentences ------------------------------------------------------------------------------


def test_sentences_do_not_break_after_abbreviations_or_inside_decimals():
    text = "Nvidia Corp. sold 1.5 million H20 chips in the U.S. last year. Sales fell."
    assert [s.text for s in split_sentences(text)] == [
        "Nvidia Corp. sold 1.5 million H20 chips in the U.S. last year.",
        "Sales fell.",
    ]


def test_chinese_sentences_end_at_chinese_punctuation():
    pieces = [s.text for s in split_sentences("华为发布了新芯片。寒武纪否认了传闻！")]
    assert pieces == ["华为发布了新芯片。", "寒武纪否认了传闻！"]


def test_a_line_without_a_full_stop_is_a_heading_of_its_own():
    sentences = split_sentences("Huawei Ships Ascend 910C\nIt is made by SMIC.")
    assert [(s.text, s.heading) for s in sentences] == [
        ("Huawei Ships Ascend 910C", True),
        ("It is made by SMIC.", False),
    ]


# Subjects -------------------------------------------------------------------------------


def test_the_chip_and_the_company_refer_to_the_articles_main_subject(extractor):
    claims = claims_of(
        extractor,
        "Huawei unveiled the Ascend 910C on Monday. The chip is manufactured by SMIC. "
        "The company said the chip relies on domestic suppliers.",
        title="Huawei's Ascend 910C arrives, Ascend 910C is fast",
    )
    assert ("huawei", "ascend-910c", "manufacturing", "affirm", "SMIC") in keys(claims)
    # supply_chain is vendor-level (docs/vocabulary.md): "the chip relies on…" stays chipless.
    assert ("huawei", None, "supply_chain", "affirm", "domestic") in keys(claims)


def test_a_sentence_opening_with_it_refers_to_the_main_subject(extractor):
    claims = claims_of(
        extractor, "Cambricon reported record revenue. It is made by TSMC, analysts say."
    )
    assert ("cambricon", None, "manufacturing", "affirm", "TSMC") in keys(claims)


def test_a_rival_named_after_than_is_not_the_subject(extractor):
    claims = claims_of(extractor, "Huawei's chip is made by SMIC, unlike chips from Nvidia.")
    assert {c.vendor for c in claims} == {"huawei"}


def test_a_foundry_named_as_the_value_is_not_the_subject(extractor):
    claims = claims_of(extractor, "SMIC is making the Ascend 910C on its 7nm process.")
    assert ("huawei", "ascend-910c", "manufacturing", "affirm", "7nm") in keys(claims)
    assert "smic" not in {c.vendor for c in claims if c.topic == "manufacturing"}


def test_one_sentence_can_make_claims_about_several_vendors(extractor):
    claims = claims_of(
        extractor, "Nvidia's H20 is banned in China, while AMD's MI308 is made by TSMC."
    )
    assert {("nvidia", "export_controls"), ("amd", "manufacturing")} <= {
        (c.vendor, c.topic) for c in claims
    }


def test_the_main_subject_is_the_most_mentioned_vendor_of_headline_and_lead(extractor):
    main = extractor.main_subject(
        "Alibaba develops new AI chip to counter Nvidia",
        [Sentence("Alibaba has built a chip, Alibaba said.")],
    )
    assert main == Subject("alibaba")


# Topics and values ----------------------------------------------------------------------

TOPIC_CASES = [
    ("Huawei is developing a new AI chip for data centres.", "development", ""),
    ("Baidu's Kunlun P800 is designed for inference workloads.", "workload", "inference"),
    ("The MLU590 is used for training large models, Cambricon said.", "workload", "training"),
    ("Huawei's Ascend 910C is fabricated by TSMC.", "manufacturing", "TSMC"),
    ("The Ascend 910B is built on a 7-nanometer process, Huawei said.", "manufacturing", "7nm"),
    # A process named only by its foundry name gives the foundry, not an nm figure
    # (docs/vocabulary.md, "A node is the size the story writes").
    ("Huawei's Ascend 910C uses SMIC's N+2 node.", "manufacturing", "SMIC"),
    ("Huawei's Ascend 910C uses SMIC's 7nm N+2 node.", "manufacturing", "7nm"),
    ("MetaX said its C600 relies on domestic suppliers.", "supply_chain", "domestic"),
    ("Alibaba's chip still depends on foreign technology.", "supply_chain", "foreign"),
    ("Google's Ironwood carries 192GB of HBM3E memory.", "memory", "HBM3E"),
    ("Nvidia's H20 uses memory stacks from SK hynix.", "memory", "SK hynix"),
    ("Intel's Gaudi 3 is 50% faster than the H100 in benchmarks.", "performance", "50% faster"),
    ("Moore Threads says the MTT S5000 supports PyTorch.", "software", "PyTorch"),
    ("Biren has begun sampling the BR100 to customers.", "availability", "sampling"),
    ("Huawei began mass production of the Ascend 910C.", "availability", "mass production"),
    ("The U.S. banned exports of Nvidia's H20 to China.", "export_controls", "banned"),
    ("Washington lifted the ban on Nvidia's H20 exports.", "export_controls", "licensed"),
    ("Cambricon reported revenue of $400 million last quarter.", "business", "$400 million"),
]


@pytest.mark.parametrize(("sentence", "topic", "value"), TOPIC_CASES)
def test_each_topic_is_recognised_with_its_normalised_value(extractor, sentence, topic, value):
    found = {(c.topic, c.value) for c in claims_of(extractor, sentence)}
    assert (topic, value) in found


def test_foundry_names_are_normalised(extractor):
    claims = claims_of(
        extractor,
        "Huawei's Ascend 910C is manufactured by Semiconductor Manufacturing International Corp.",
    )
    assert ("manufacturing", "SMIC") in {(c.topic, c.value) for c in claims}


# Polarity -------------------------------------------------------------------------------

NEGATIONS = [
    "Huawei's Ascend 910B is not made by TSMC.",
    "Huawei's Ascend 910B is no longer made by TSMC.",
    "Huawei said the Ascend 910B has nothing to do with TSMC manufacturing.",
    "The claim that the Ascend 910B was made by TSMC does not hold up, Huawei said.",
    "Huawei denied that the Ascend 910B was manufactured by TSMC.",
    "Huawei refuted reports that TSMC manufactured the Ascend 910B.",
    "Reports that TSMC manufactured Huawei's Ascend 910B are false.",
    "TSMC halted manufacturing of the Ascend 910B for Huawei.",
]


@pytest.mark.parametrize("sentence", NEGATIONS)
def test_negations_and_denials_make_the_claim_deny(extractor, sentence):
    claims = [c for c in claims_of(extractor, sentence) if c.topic == "manufacturing"]
    assert claims and {(c.vendor, c.polarity, c.value) for c in claims} == {
        ("huawei", "deny", "TSMC")
    }


def test_not_only_is_not_a_negation(extractor):
    claims = claims_of(extractor, "Not only is Huawei's Ascend 910C made by SMIC, it ships.")
    assert ("manufacturing", "affirm") in {(c.topic, c.polarity) for c in claims}


def test_a_denial_in_one_clause_does_not_flip_the_other(extractor):
    claims = claims_of(
        extractor,
        "Huawei's Ascend chips are ideal for inference workloads, but for training, "
        "they are no match.",
    )
    assert ("workload", "affirm", "inference") in {(c.topic, c.polarity, c.value) for c in claims}
    assert ("workload", "deny", "training") in {(c.topic, c.polarity, c.value) for c in claims}


# Origin and confidence ------------------------------------------------------------------

ORIGINS = [
    (
        "According to The Wall Street Journal, Huawei's chip is made by SMIC.",
        "The Wall Street Journal",
    ),
    ("Huawei's chip is made by SMIC, according to a report by WSJ.", "The Wall Street Journal"),
    ("Bloomberg reported that Huawei's chip is made by SMIC.", "Bloomberg"),
    ("Huawei's chip is made by SMIC, an executive told Reuters.", "Reuters"),
    ("Huawei said in a statement that its chip is made by SMIC.", "Huawei"),
    ("Huawei's chip is made by SMIC, sources familiar with the matter said.", ""),
]


@pytest.mark.parametrize(("sentence", "origin"), ORIGINS)
def test_claims_carry_the_primary_source_they_are_attributed_to(extractor, sentence, origin):
    claims = [c for c in claims_of(extractor, sentence) if c.topic == "manufacturing"]
    assert claims and {c.origin for c in claims} == {origin}


def firmness(extractor, sentence, reliability=0.7):
    (claim,) = [
        c
        for c in claims_of(extractor, sentence, reliability=reliability)
        if c.topic == "manufacturing"
    ]
    return claim.confidence


HEDGED = [
    "Huawei's Ascend 910C is reportedly made by SMIC.",
    "Huawei's Ascend 910C is said to be made by SMIC.",
    "Huawei's Ascend 910C is likely made by SMIC.",
    "Huawei's Ascend 910C is rumoured to be made by SMIC.",
    "Huawei's Ascend 910C could be made by SMIC.",
    "Huawei's Ascend 910C may be made by SMIC, sources say.",
]


@pytest.mark.parametrize("sentence", HEDGED)
def test_hedged_language_lowers_confidence(extractor, sentence):
    firm = firmness(extractor, "Huawei's Ascend 910C is made by SMIC.")
    assert firmness(extractor, sentence) < firm


def test_confidence_is_shaped_by_the_outlets_reliability(extractor):
    sentence = "Huawei's Ascend 910C is made by SMIC."
    assert firmness(extractor, sentence, 0.9) > firmness(extractor, sentence, 0.4)
    assert 0 < firmness(extractor, sentence, 0.0) < firmness(extractor, sentence, 1.0) <= 1


def test_a_hedge_in_the_headline_weakens_claims_about_the_main_subject(extractor):
    text = "Huawei's Ascend 910C is made by SMIC."
    plain = claims_of(extractor, text, title="Huawei ships Ascend 910C")
    hedged = claims_of(extractor, text, title="Huawei reportedly ships Ascend 910C")
    assert hedged[0].confidence < plain[0].confidence


def test_statements_are_short_and_readable(extractor):
    claims = claims_of(extractor, "Alibaba's new chip is reportedly made by SMIC.")
    (claim,) = [c for c in claims if c.topic == "manufacturing"]
    assert claim.statement == "Alibaba: manufacturing by SMIC (reported)"


# Junk -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Is Huawei's Ascend 910C made by SMIC?",
        "Follow Wccftech on Google to get more of our news coverage in your feeds.",
        "The foundry industry is moving to 3nm processes.",
        "Subscribe to our newsletter for Nvidia news on training chips.",
    ],
)
def test_questions_boilerplate_and_sentences_without_a_subject_make_no_claim(extractor, text):
    assert claims_of(extractor, text) == []


def test_a_headline_makes_its_own_claim_marked_and_less_confident_than_the_story(extractor):
    claims = claims_of(
        extractor,
        "Huawei's Ascend 910C is made by SMIC, the company said.",
        title="Huawei's Ascend 910C is made by SMIC",
    )
    smic = sorted((c for c in claims if c.value == "SMIC"), key=lambda c: c.headline)
    assert [c.headline for c in smic] == [False, True]
    story, headline = smic
    assert headline.quote == "Huawei's Ascend 910C is made by SMIC"
    assert headline.confidence < story.confidence
    assert headline.basis["headline"] is True
    # The headline names no source; the story that says the same does.
    assert headline.origin == story.origin == "Huawei"


def test_the_headline_as_the_texts_first_line_counts_once_with_the_storys_quote(extractor):
    title = "Huawei's Ascend 910C made by TSMC, teardown shows"
    text = f"{title}\nA teardown found that Huawei's Ascend 910C contains dies made by TSMC."
    claims = [c for c in claims_of(extractor, text, title=title) if c.value == "TSMC"]
    assert [c.headline for c in claims] == [False, True]
    assert claims[0].quote.startswith("A teardown found")


# Lexicons are data -----------------------------------------------------------------------


def test_an_editor_can_extend_the_lexicon_with_a_new_cue_and_value(extractor, tmp_path):
    import tomllib

    from chips.lexicons import LEXICON_PATH

    data = tomllib.loads(LEXICON_PATH.read_text())
    data["topics"]["manufacturing"]["values"]["foundry"]["Tower"] = ["Tower Semiconductor"]
    custom = ClaimExtractor(extractor.catalogue, build_lexicon(data))
    sentence = "Cambricon's MLU370 is made by Tower Semiconductor."
    assert ("manufacturing", "Tower") in {(c.topic, c.value) for c in claims_of(custom, sentence)}
    assert "Tower" not in {c.value for c in claims_of(extractor, sentence)}


def test_the_shipped_lexicon_covers_every_topic_of_design_md():
    from chips.models import Topic

    assert set(load_lexicon().topics) == set(Topic.values)


# Generalisation rules (measured on tests/chips/holdout/) ---------------------------------


def test_a_negation_does_not_spread_across_and_into_the_next_predicate(extractor):
    claims = claims_of(
        extractor, "Biren was added to the Entity List in 2023 and cannot use advanced nodes."
    )
    assert ("biren", None, "export_controls", "affirm", "banned") in keys(claims)
    assert not [c for c in claims if c.topic == "export_controls" and c.polarity == "deny"]


def test_each_coordinated_predicate_keeps_its_own_polarity(extractor):
    claims = claims_of(
        extractor, "Cambricon's MLU590 is built for inference and is not designed for training."
    )
    assert {
        ("cambricon", "mlu590", "workload", "affirm", "inference"),
        ("cambricon", "mlu590", "workload", "deny", "training"),
    } <= keys(claims)


def test_telling_buyers_to_stop_buying_a_chip_is_a_ban_on_the_chip_not_a_buyer_claim(extractor):
    claims = claims_of(
        extractor, "Beijing told firms such as Baidu and Tencent to stop buying Nvidia's H20."
    )
    assert keys(claims) == {("nvidia", "h20", "export_controls", "affirm", "banned")}


def test_a_refusal_to_allow_sales_is_a_ban(extractor):
    claims = claims_of(extractor, "Washington will not allow AMD to sell the MI308 in China.")
    assert ("amd", "mi308", "export_controls", "affirm", "banned") in keys(claims)


def test_complying_with_export_controls_is_no_claim_about_a_ban(extractor):
    claims = claims_of(
        extractor, "AMD said it has complied with all U.S. export controls on the MI308."
    )
    assert not [c for c in claims if c.topic == "export_controls"]


def test_a_review_label_in_a_headline_is_not_a_testing_claim(extractor):
    claims = extractor.extract(
        "Intel Gaudi 3 Tested: Faster Than The H100 At Inference",
        "Intel Gaudi 3 ships to customers now.",
    )
    assert ("availability", "testing") not in {(c.topic, c.value) for c in claims}


def test_a_refusal_to_comment_makes_no_claim(extractor):
    assert claims_of(extractor, "Samsung declined to comment on HBM orders from Nvidia.") == []


def test_a_clause_denying_the_report_before_it_flips_that_claim(extractor):
    claims = claims_of(extractor, "有报道称思元590由台积电代工，寒武纪对此予以否认。")
    assert ("cambricon", "mlu590", "manufacturing", "deny", "TSMC") in keys(claims)
    assert ("cambricon", "mlu590", "manufacturing", "affirm", "TSMC") not in keys(claims)


def test_a_workload_named_in_a_speed_comparison_is_a_yardstick(extractor):
    claims = claims_of(extractor, "Gaudi 3 is 40% faster than the H100 at training Llama models.")
    assert "performance" in {c.topic for c in claims}
    assert "workload" not in {c.topic for c in claims}


def test_halting_production_is_availability_not_the_suppliers_foundry(extractor):
    claims = claims_of(extractor, "Nvidia asked suppliers including Samsung to halt production.")
    assert ("nvidia", None, "availability", "deny", "mass production") in keys(claims)
    assert "manufacturing" not in {c.topic for c in claims}


def test_a_headline_without_the_chip_restates_the_texts_claim_about_the_chip(extractor):
    claims = extractor.extract(
        "Microsoft's next AI chip delayed", "Microsoft's Maia 200 has been delayed to 2026."
    )
    # A delay is development (docs/vocabulary.md); the headline's chipless claim takes the
    # article's single main chip of Microsoft.
    delayed = [c for c in claims if c.topic in {"availability", "development"}]
    assert [(c.topic, c.chip, c.headline) for c in delayed] == [
        ("development", "maia-200", False),
        ("development", "maia-200", True),
    ]


def test_an_enumeration_of_subjects_shares_the_claim(extractor):
    claims = claims_of(extractor, "AMD and Intel have booked packaging capacity for 2026.")
    assert {"amd", "intel"} <= {c.vendor for c in claims if c.topic == "business"}


def test_a_chinese_passive_agent_is_not_the_subject(extractor):
    claims = claims_of(extractor, "壁仞科技否认了将被阿里巴巴收购的传闻。")
    assert {(c.vendor, c.topic, c.polarity) for c in claims} == {("biren", "business", "deny")}


def test_a_sentence_opening_with_it_is_said_to_refers_to_the_main_subject(extractor):
    claims = extractor.extract("Cambricon MLU690 details leak", "It is said to be made by SMIC.")
    assert ("cambricon", "manufacturing", "SMIC") in {(c.vendor, c.topic, c.value) for c in claims}


def test_reported_speech_after_a_comma_has_its_own_polarity(extractor):
    claims = claims_of(extractor, "Huawei denies TSMC link, says its chips are made domestically")
    assert ("huawei", None, "supply_chain", "affirm", "domestic") in keys(claims)


@pytest.mark.parametrize(
    ("sentence", "origin"),
    [
        ("Huawei Technologies said the Ascend 910C is made by SMIC.", "Huawei"),
        ("An AMD spokesperson told Reuters the MI308 is shipping now.", "AMD"),
        ("百度表示，昆仑芯P800主要用于推理。", "Baidu"),
        ("Cambricon said in a post on X that the MLU590 is shipping.", "Cambricon"),
        ("Analysts at Bernstein said Huawei's Ascend 910C is made by SMIC.", "Bernstein"),
        ("Two sources told Reuters the H20 is made by TSMC.", "Reuters"),
    ],
)
def test_a_company_speaking_for_itself_is_the_origin(extractor, sentence, origin):
    claims = claims_of(extractor, sentence)
    assert claims and {c.origin for c in claims} == {origin}


@pytest.mark.parametrize(
    ("title", "body", "origin"),
    [
        (
            "AMD ships MI355X",
            "Chief Executive Lisa Su said AMD's MI355X is shipping now.",
            "Lisa Su",
        ),
        (
            "AMD ships MI355X",
            "Lisa Su, AMD's chief executive, spoke on Tuesday. Su said the MI355X is shipping now.",
            "Lisa Su",
        ),
    ],
)
def test_a_named_speaker_is_the_origin_not_the_employer(extractor, title, body, origin):
    # Issue 10: the speaker's employer is the wrong party when a named person speaks.
    claims = [c for c in extractor.extract(title, body) if c.topic == "availability"]
    assert claims and {c.origin for c in claims} == {origin}


def test_an_analysts_view_is_hedged(extractor):
    plain = claims_of(extractor, "Huawei's Ascend 910C is made by SMIC.")
    analyst = claims_of(extractor, "Analysts say Huawei's Ascend 910C is made by SMIC.")
    assert analyst[0].confidence < plain[0].confidence


def test_a_clause_after_rather_than_is_denied(extractor):
    claims = claims_of(extractor, "Biren's BR100 is made by SMIC rather than by TSMC.")
    assert {
        ("biren", "br100", "manufacturing", "affirm", "SMIC"),
        ("biren", "br100", "manufacturing", "deny", "TSMC"),
    } <= keys(claims)


def test_news_called_untrue_is_denied(extractor):
    claims = claims_of(extractor, "沐曦表示，网传曦云C600已经量产的消息不实。")
    assert ("metax", "metax-c600", "availability", "deny", "mass production") in keys(claims)


def test_a_missed_target_is_denied(extractor):
    claims = claims_of(extractor, "AMD said MI308 sales missed its $800 million target.")
    assert ("amd", "mi308", "business", "deny", "$800 million") in keys(claims)


def test_an_undisclosed_figure_makes_no_claim(extractor):
    assert claims_of(extractor, "Cambricon did not disclose performance figures for MLU690.") == []


def test_discouraging_purchases_of_a_chip_is_a_ban(extractor):
    claims = claims_of(extractor, "Beijing has been discouraging purchases of AMD's MI308.")
    assert ("amd", "mi308", "export_controls", "affirm", "banned") in keys(claims)


def test_complying_with_licence_terms_is_no_licence_claim(extractor):
    claims = claims_of(extractor, "AMD said it would comply with the licensing terms for MI308.")
    assert not [c for c in claims if c.topic == "export_controls"]


def test_a_vendors_named_officer_is_the_origin_not_the_vendor(extractor):
    claims = claims_of(extractor, "Intel CEO Lip-Bu Tan said Gaudi 3 is shipping now.")
    assert claims and {c.origin for c in claims} == {"Lip-Bu Tan"}


def test_the_company_speaking_is_the_vendor_it_refers_to(extractor):
    claims = extractor.extract(
        "Cambricon revenue soars",
        "Cambricon reported record revenue. The company denied a report of $7 billion orders.",
    )
    denied = [c for c in claims if c.polarity == "deny"]
    assert denied and {c.origin for c in denied} == {"Cambricon"}


@pytest.mark.parametrize(
    "sentence",
    [
        "Huawei will launch the Ascend 950PR in the first quarter of 2026.",
        "Huawei's Ascend 950PR launch is set for Q1 2026.",
        "华为昇腾950PR计划于2026年第一季度推出。",
    ],
)
def test_a_launch_quarter_is_development_in_every_spelling(extractor, sentence):
    # docs/vocabulary.md: a launch date is a plan, development with no value.
    claims = claims_of(extractor, sentence)
    assert ("huawei", "ascend-950pr", "development", "affirm", "") in keys(claims)
    assert "availability" not in {c.topic for c in claims}


def test_a_contrast_denies_the_other_attribute_not_the_one_just_affirmed(extractor):
    claims = claims_of(
        extractor, "Biren's BR100 uses its own HBM design rather than HBM bought from Samsung."
    )
    assert ("biren", "br100", "memory", "deny", "Samsung") in keys(claims)
    assert ("biren", "br100", "memory", "deny", "HBM") not in keys(claims)
