"""Who a claim is attributed to: one spec per attribution rule (docs/vocabulary.md,
"Labelling conventions": a named person speaking is the origin, not their employer; a company
speaking without a named person is the origin; the publisher never is). Sentences are
written for these tests in the way wire stories attribute."""

from __future__ import annotations

import re

import pytest

from chips.claims import ClaimExtractor, ExtractedClaim


def stated(extractor: ClaimExtractor, text: str, source: str | None = None) -> list[ExtractedClaim]:
    return [c for c in extractor.extract("A chip story", text, 0.7, source) if not c.headline]


def origins(claims: list[ExtractedClaim]) -> set[str]:
    return {c.origin for c in claims}


@pytest.mark.parametrize(
    ("text", "origin"),
    [
        # An adverb between the company and its verb.
        ("Amazon also said Trainium now handles inference work.", "Amazon"),
        ("Micron has said its HBM3E goes into the B300.", "Micron"),
        # The catalogue's lower-case name, and a rival named as such.
        ("SK hynix said it supplies the HBM3E for the B300.", "SK hynix"),
        ("Rival SK hynix has said it supplies HBM3E for the B300.", "SK hynix"),
        # An unnamed officer speaks for the company.
        ("A Google spokesperson said Ironwood is made by TSMC.", "Google"),
        ("An Nvidia spokesperson said the H20 carries no backdoor.", "NVIDIA"),
        # The subject goes on to speak: "…, saying".
        ("Huawei on Friday laid out its plans, saying the Ascend 950PR uses HBM.", "Huawei"),
        # A unit the catalogue files under its company speaks as the company, alone or
        # with its owner named before it (docs/vocabulary.md).
        ("T-Head said the Zhenwu PPU carries 96GB of HBM2E.", "Alibaba"),
        ("Alibaba's T-Head said its Zhenwu PPU is now in volume use.", "Alibaba"),
        # The company a prospectus or filing belongs to.
        (
            "Moore Threads listed in Shanghai. The MTT S5000 is made by SMIC, according to "
            "the company's prospectus.",
            "Moore Threads",
        ),
    ],
)
def test_a_company_speaking_without_a_named_person_is_the_origin(
    extractor: ClaimExtractor, text: str, origin: str
) -> None:
    # (The sentence before a "the company" gives the reference, and is nobody's.)
    claims = [c for c in stated(extractor, text) if re.search(r"sa(?:id|ying)|according", c.quote)]
    assert claims and origins(claims) == {origin}


@pytest.mark.parametrize(
    ("text", "origin"),
    [
        # The wire's inverted attribution at the end speaks the whole sentence, even when
        # the sentence opens with the employer.
        (
            "AMD expects TSMC to make the MI450 on 2nm, said Jean Hu, chief financial officer "
            "of AMD.",
            "Jean Hu",
        ),
        ("The MI355X is shipping to Oracle, said Lisa Su, AMD's chief executive.", "Lisa Su"),
        # An apposition with a lower-case title.
        ("Shen Dou, president of Baidu AI Cloud, said the Kunlun P800 runs inference.", "Shen Dou"),
        (
            "Jeffrey Kessler, the Commerce Department's under secretary, told senators that "
            "Huawei can make 200,000 Ascend chips this year.",
            "Jeffrey Kessler",
        ),
        # Reported speech in a later sentence: "he said", "she said".
        (
            "CFO Colette Kress spoke first. If rules allow, Nvidia could ship $2 billion of H20 "
            "revenue in the third quarter, she said.",
            "Colette Kress",
        ),
        (
            "Chief executive Jensen Huang took questions. The H20 is made by TSMC, he said.",
            "Jensen Huang",
        ),
    ],
)
def test_a_named_person_speaking_is_the_origin_not_their_employer(
    extractor: ClaimExtractor, text: str, origin: str
) -> None:
    claims = stated(extractor, text)
    assert claims and origins(claims) == {origin}


@pytest.mark.parametrize(
    ("text", "origin"),
    [
        (
            "A teardown by TechInsights last year found a TSMC-made die in the Ascend 910B.",
            "TechInsights",
        ),
        (
            "The T-Head PPU carries 96GB of HBM2E, according to a comparison table shown on "
            "China Central Television.",
            "CCTV",
        ),
        # An agency, not the country that owns it.
        (
            "Taiwan's International Trade Administration said Huawei needs a licence, putting "
            "the Ascend 910C under export controls.",
            "International Trade Administration",
        ),
    ],
)
def test_a_cited_finding_or_broadcast_is_the_origin(
    extractor: ClaimExtractor, text: str, origin: str
) -> None:
    claims = stated(extractor, text)
    assert claims and origins(claims) == {origin}


@pytest.mark.parametrize(
    "text",
    [
        # The company told is not the one telling.
        "In May, Washington told Nvidia that the H20 needs an export licence.",
        # Nobody on the record: unnamed regulators.
        "Regulators told large Chinese platforms to stop buying the H20.",
        # A figure's tail is no name ("288GB of HBM3E, says…").
        "AMD's MI355X carries 288GB of HBM3E, says little about yields.",
    ],
)
def test_no_origin_where_no_one_is_cited(extractor: ClaimExtractor, text: str) -> None:
    claims = stated(extractor, text)
    assert claims and origins(claims) == {""}


def test_analysts_who_follow_a_company_are_not_the_company(extractor: ClaimExtractor) -> None:
    # They told this very outlet (spelled in full as the publisher): no origin at all.
    claims = stated(
        extractor,
        "Two analysts who follow the company told Caixin that the MTT S5000 is made by SMIC.",
        "Caixin Global",
    )
    assert claims and origins(claims) == {""}


@pytest.mark.parametrize(
    ("text", "origin"),
    [
        # A source cited earlier, named again by what it is.
        (
            "Nvidia asked Samsung to pause H20 memory work, The Information reported. Mass "
            "production of the H20 has stopped, the report said.",
            "The Information",
        ),
        (
            "Alibaba built a new inference chip, the Wall Street Journal reported. The chip "
            "is being tested by customers now, the newspaper said.",
            "The Wall Street Journal",
        ),
        (
            "The PPU rivals the H20, according to a comparison table shown on China Central "
            "Television. According to the table, the PPU carries 96GB of HBM2E.",
            "CCTV",
        ),
        # A prospectus or a company's own report is the company's.
        (
            "Biren listed in Hong Kong. The company now relies on domestic suppliers for its "
            "newer chips, the prospectus said.",
            "Biren Technology",
        ),
        (
            "Founded by former AMD engineers, MetaX sells the C500 for AI training, "
            "according to its prospectus.",
            "MetaX",
        ),
    ],
)
def test_a_source_named_again_by_what_it_is_keeps_its_origin(
    extractor: ClaimExtractor, text: str, origin: str
) -> None:
    last = re.split(r"(?<=\.) ", text)[-1]
    claims = [c for c in stated(extractor, text) if c.quote == last]
    assert claims and origins(claims) == {origin}


def test_a_quotation_going_on_after_its_attribution_is_the_speakers(
    extractor: ClaimExtractor,
) -> None:
    text = (
        '"We follow the rules Washington sets," Nvidia said. "We have not shipped the H20 '
        'to China for months."'
    )
    claims = [c for c in stated(extractor, text) if c.topic == "availability"]
    assert claims and origins(claims) == {"NVIDIA"}


def test_it_said_is_the_company_a_reference_opening_the_sentence_stands_for(
    extractor: ClaimExtractor,
) -> None:
    text = (
        "Nvidia expects a $5.5 billion charge. AMD, too, was hit. The company expects a "
        "charge of up to $800 million for its MI308, it said in a filing."
    )
    claims = [c for c in stated(extractor, text) if "MI308" in c.quote]
    assert claims and origins(claims) == {"AMD"}


def test_a_wire_story_republished_elsewhere_is_still_the_wires(
    extractor: ClaimExtractor,
) -> None:
    # Reuters wrote it ("(Reuters) -"): people telling Reuters are nobody on the record.
    text = (
        "WASHINGTON, Aug 11 (Reuters) - The Commerce Department began licensing the H20 on "
        "Friday, two officials told Reuters."
    )
    claims = stated(extractor, text, "Investing.com")
    assert claims and origins(claims) == {""}


@pytest.mark.parametrize(
    ("text", "origin"),
    [
        (
            "Scott Guthrie, Microsoft's executive VP of cloud and AI, said the Maia 200 runs "
            "inference for Azure.",
            "Scott Guthrie",
        ),
        (
            "MetaX, which filed for a listing this year, has said its C600 was built on a "
            "fully domestic supply chain.",
            "MetaX",
        ),
        (
            "In its prospectus, MetaX warns that it depends on foreign suppliers for HBM.",
            "MetaX",
        ),
    ],
)
def test_appositions_and_warnings_name_the_speaker(
    extractor: ClaimExtractor, text: str, origin: str
) -> None:
    claims = stated(extractor, text)
    assert claims and origins(claims) == {origin}


def test_a_title_case_headline_names_the_company_not_its_verb(
    extractor: ClaimExtractor,
) -> None:
    claims = extractor.extract(
        "Cambricon Says Reports It Will Triple Output Are False",
        "Cambricon denied that it will triple output next year.",
        0.7,
    )
    headline = [c for c in claims if c.headline]
    assert headline and origins(headline) <= {"Cambricon", ""}
    assert "Cambricon Says" not in origins(claims)


@pytest.mark.parametrize(
    ("text", "origin"),
    [
        # An officer with stacked titles, in the inverted attribution, from the company's
        # own investor site: the officer, though the company is the publisher.
        (
            "AMD expects the deal to bring in billions of dollars of revenue, said Jean Hu, "
            "executive vice president and chief financial officer of AMD.",
            "Jean Hu",
        ),
        # A research house's analysts as the subject.
        (
            "Bernstein analysts estimate that the Ascend 950PR offers 6% of the performance "
            "of Nvidia's Vera Rubin.",
            "Bernstein",
        ),
        # "its executives say": the company of the sentence.
        (
            "Huawei sells the CloudMatrix as a domestic system, and its executives say the "
            "company no longer relies on foreign suppliers.",
            "Huawei",
        ),
        # A described company: "the U.S. memory maker".
        (
            "Micron is the third supplier. The U.S. memory maker said its HBM4 had reached "
            "speeds above 11 Gbps.",
            "Micron",
        ),
        # A long lead before "…, saying".
        (
            "SHANGHAI, May 2 (Reuters) - Huawei on Thursday laid out its plans for AI chips "
            "through 2028 for the first time in public, saying the Ascend 950PR would carry "
            "HBM it developed itself.",
            "Huawei",
        ),
    ],
)
def test_more_ways_a_speaker_is_named(extractor: ClaimExtractor, text: str, origin: str) -> None:
    claims = stated(extractor, text, "AMD" if "Jean Hu" in text else None)
    last = re.split(r"(?<=\.) ", text)[-1]
    claims = [c for c in claims if c.quote.endswith(last) or "Reuters" in text]
    assert claims and origins(claims) == {origin}


def test_the_spokesperson_said_is_the_company_whose_spokesperson_spoke_before(
    extractor: ClaimExtractor,
) -> None:
    text = (
        'An Nvidia spokesperson said the company follows the rules. "We have not shipped '
        'the H20 to China for months," the spokesperson said.'
    )
    claims = [c for c in stated(extractor, text) if c.topic == "availability"]
    assert claims and origins(claims) == {"NVIDIA"}


@pytest.mark.parametrize(
    ("text", "writers", "speakers"),
    [
        # "…, after …": the writer's account of why, not the company's words.
        (
            "Nvidia said last month it had sold no H20 chips to Chinese customers, after "
            "Beijing discouraged purchases of the H20.",
            {"export_controls"},
            set(),
        ),
        # A clause set before ", and Intel said …" is the writer's.
        (
            "The Gaudi 3 is made by TSMC on a 5nm process, and Intel said this year that "
            "Falcon Shores will not be sold commercially.",
            {"manufacturing"},
            set(),
        ),
        # "; we expect …" in a research note: the note's own view, after the company's words.
        (
            "Huawei says the Ascend 950PR will use its own HBM; we expect early units to use "
            "HBM2E from Samsung instead.",
            {"HBM2E", "Samsung"},
            {"in-house HBM"},
        ),
        # A reason the speaker gives stays theirs.
        (
            "Amazon said it will not release a new Inferentia2 chip, as Trainium now handles "
            "inference as well.",
            set(),
            {"workload"},
        ),
    ],
)
def test_the_writers_clause_beside_a_speakers_words_has_no_origin(
    extractor: ClaimExtractor, text: str, writers: set[str], speakers: set[str]
) -> None:
    claims = stated(extractor, text)
    for claim in claims:
        if {claim.topic, claim.value} & writers:
            assert claim.origin == "", claim
        if {claim.topic, claim.value} & speakers:
            assert claim.origin, claim
    found = {x for c in claims for x in (c.topic, c.value)}
    assert writers | speakers <= found


@pytest.mark.parametrize(
    ("text", "origin"),
    [
        # A company described rather than named: the nearest company of that kind.
        (
            "SK hynix had a strong quarter. The world's largest HBM maker reported "
            "third-quarter revenue of 24.45 trillion won.",
            "SK hynix",
        ),
        (
            "Huawei designs the Ascend 910C. The Ascend 910C is made on SMIC's 7nm process, "
            "the foundry said.",
            "SMIC",
        ),
        (
            "Nvidia makes the H20 at TSMC. The chipmaker said the H20 is shipping to customers "
            "in China.",
            "NVIDIA",
        ),
        # "It" booking a figure is the company's reported figure (docs/vocabulary.md).
        (
            "Cambricon published its results. It booked a net profit of CNY1.04 billion.",
            "Cambricon",
        ),
        # A chip's listing on its maker's website is the maker's word.
        (
            "The Zhenwu 810E carries 96GB of HBM2e memory and links to other chips at 700 GB/s "
            "over an interconnect T-Head designed itself, according to the listing.",
            "Alibaba",
        ),
    ],
)
def test_a_described_company_or_it_reporting_is_the_company(
    extractor: ClaimExtractor, text: str, origin: str
) -> None:
    last = re.split(r"(?<=\.) ", text)[-1]
    claims = [c for c in stated(extractor, text) if c.quote.endswith(last[:40]) or last in c.quote]
    assert claims and origins(claims) == {origin}


@pytest.mark.parametrize(
    ("title", "origin"),
    [
        # The headline's subject goes on to speak with no subject of its own.
        ("Alibaba's T-Head lists Zhenwu 810E AI chip, claims H20-class performance", "Alibaba"),
        ("SK hynix posts record profit, says 2026 HBM is sold out", "SK hynix"),
        # Calling a report false is the company speaking.
        ("Cambricon calls reports that it will triple output false", "Cambricon"),
        # Nobody named speaks: no origin, and a product line never speaks ("cheaper"
        # holds no "per").
        ("Nvidia to launch cheaper Blackwell chip for China after H20 curbs, sources say", ""),
        ("Huawei's Ascend 910C is made on SMIC's 7nm process, says report", ""),
    ],
)
def test_a_headline_with_the_speaker_left_out(
    extractor: ClaimExtractor, title: str, origin: str
) -> None:
    headline = [c for c in extractor.extract(title, "", 0.7, "Reuters") if c.headline]
    assert headline and {c.origin or "" for c in headline} == {origin}


def test_the_news_before_a_headlines_says_is_the_writers(extractor: ClaimExtractor) -> None:
    # Only the words after "says" are the company's; the launch itself is news.
    title = "AMD launches Instinct MI355X with 288GB of HBM3E, says it matches Nvidia's B200"
    headline = [c for c in extractor.extract(title, "", 0.7, "Reuters") if c.headline]
    by_topic = {c.topic: c.origin or "" for c in headline}
    assert by_topic.get("performance") == "AMD"
    assert by_topic.get("memory") == ""


@pytest.mark.parametrize(
    ("text", "origin"),
    [
        # The one informing speaks, a government office included.
        (
            "The White House has informed federal agencies that Nvidia may sell the H20 in "
            "China under licence.",
            "White House",
        ),
        ("AMD notified its customers that the MI308 now needs a licence for China.", "AMD"),
        # Informed in the passive: the one named after "by".
        ("Nvidia was notified by the White House that the H20 requires a licence.", "White House"),
        # The company informed is not the one speaking, as with "told Nvidia that…".
        ("Washington informed Nvidia that the H20 requires an export licence.", ""),
    ],
)
def test_informed_and_notified_name_the_one_informing(
    extractor: ClaimExtractor, text: str, origin: str
) -> None:
    claims = stated(extractor, text)
    assert claims and origins(claims) == {origin}


@pytest.mark.parametrize(
    "text",
    [
        "摩尔线程申请在科创板上市。招股书显示，MTT S5000由中芯国际代工。",
        "摩尔线程申请在科创板上市。根据招股书，MTT S5000由中芯国际代工。",
        "摩尔线程申请在科创板上市。据招股说明书，MTT S5000由中芯国际代工。",
    ],
)
def test_a_chinese_prospectus_is_the_listing_companys_own(
    extractor: ClaimExtractor, text: str
) -> None:
    # As "according to the company's prospectus": the company's own document, not a report.
    claims = [c for c in stated(extractor, text) if "招股" in c.quote]
    assert claims and origins(claims) == {"Moore Threads"}


@pytest.mark.parametrize(
    ("text", "origin"),
    [
        # The officer who tells analysts, set off by a comma after the company's plans,
        # speaks the sentence (docs/vocabulary.md: the person speaking, not the employer).
        (
            "SK hynix expects to start HBM4 deliveries for Nvidia's Rubin this quarter, CFO "
            "Kim Woo-hyun told analysts on the earnings call.",
            "Kim Woo-hyun",
        ),
        (
            "AMD expects the MI450 to ship in the third quarter, Chief Executive Lisa Su told "
            "investors.",
            "Lisa Su",
        ),
        # A wire named the same way is not a person: the company spoke first.
        ("Samsung said its HBM4 is in qualification with Nvidia, Reuters reported.", "Samsung"),
    ],
)
def test_an_officer_telling_analysts_after_a_comma_speaks_for_the_sentence(
    extractor: ClaimExtractor, text: str, origin: str
) -> None:
    claims = stated(extractor, text)
    assert claims and origins(claims) == {origin}
