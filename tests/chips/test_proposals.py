"""Chips the catalogue lacks: found next to a known vendor or product line, proposed to
editors, and tagged once accepted."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse

from chips.analysis import analyze_article, reanalyze
from chips.models import Chip, ChipMention, ChipProposal, Claim
from chips.proposals import ProposalCatalogue, find_unknown_chips, product_line
from tests.chips.conftest import SEEDS
from tests.factories import ArticleFactory, UserFactory

# The seed catalogue without the chips the examples below name, as if they were new.
LEFT_OUT = {"ascend-950pr", "metax-c600", "kunlun-p800", "mi400", "mlu690"}


@pytest.fixture(scope="module")
def catalogue() -> ProposalCatalogue:
    vendors = json.loads((SEEDS / "vendors.json").read_text())
    chips = json.loads((SEEDS / "chips.json").read_text())
    return ProposalCatalogue.build(
        [(v["slug"], v["name"], v["aliases"]) for v in vendors],
        [(c["vendor"], c["name"], c["aliases"]) for c in chips if c["slug"] not in LEFT_OUT],
        quiet_vendors=[v["slug"] for v in vendors if v["kind"] in {"foundry", "memory"}],
    )


def found(text: str, catalogue: ProposalCatalogue) -> set[tuple[str, str, str]]:
    return {(p.vendor, p.name, p.key) for p in find_unknown_chips(text, catalogue)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Huawei will ship the Ascend 950PR next spring.", ("huawei", "Ascend 950PR", "950pr")),
        ("MetaX C600 samples reached customers.", ("metax", "C600", "c600")),
        ("Baidu's Kunlun P800 powers the cluster.", ("baidu", "Kunlun P800", "p800")),
        ("AMD's Instinct MI450 comes next year.", ("amd", "Instinct MI450", "mi450")),
        ("寒武纪思元690芯片已经量产。", ("cambricon", "思元690", "690")),
        ("Huawei's 960B is said to follow.", ("huawei", "960B", "960b")),
        ("Google's TPU v8 is in design.", ("google", "TPU v8", "v8")),
    ],
)
def test_a_model_number_after_a_vendor_or_product_line_is_proposed(catalogue, text, expected):
    assert found(text, catalogue) == {expected}


@pytest.mark.parametrize(
    "text",
    [
        "Huawei 2025 roadmap leaked.",  # a year
        "The Ascend 2026 launch slipped.",  # a year after a product line
        "Nvidia 80GB parts are scarce.",  # a unit
        "Huawei 5nm chips are rumoured.",  # a process size
        "Huawei 1,000 engineers work on it.",  # a number
        "The Ascend 500 million yuan order was signed.",  # an amount
        "Cambricon 30% growth was reported.",  # a percentage
        "Intel 18A is the node in question.",  # a process node, not a chip
        "TSMC N3E capacity is sold out.",  # a foundry names nodes
        "Samsung HBM3E passed qualification.",  # a memory maker names memory
        "Huawei's Ascend 910C is made by SMIC.",  # already in the catalogue
        "Nvidia H20 sales resumed.",  # already in the catalogue (an alias)
        "Huawei P7 was mentioned.",  # too short after a vendor's name
        "Microsoft 365 subscribers grew.",  # a bare number after a vendor's name
        "Huawei's Ascend 3.5 software is out.",  # a version number
        "Nvidia $500 price cut.",  # a price
    ],
)
def test_what_is_not_a_new_chip_is_not_proposed(catalogue, text):
    assert found(text, catalogue) == set()


def test_a_model_named_twice_is_proposed_once_with_its_first_sentence(catalogue):
    text = "Huawei showed the Ascend 950PR. Later, the Ascend 950PR was priced.\nMore."
    proposals = find_unknown_chips(text, catalogue)
    assert [(p.name, p.example) for p in proposals] == [
        ("Ascend 950PR", "Huawei showed the Ascend 950PR.")
    ]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Ascend 910C", ("Ascend", "910C")),
        ("Instinct MI300X", ("Instinct", "MI300X")),
        ("昇腾910C", ("昇腾", "910C")),
        ("GB200 NVL72", ("", "NVL72")),
        ("Trainium2", ("", "")),
        ("Kunlun II", ("", "")),
    ],
)
def test_product_lines_are_the_words_before_a_model_number(name, expected):
    assert product_line(name) == expected


# --- During analysis ----------------------------------------------------------------------

NEW_CHIP_TEXT = "Huawei's Ascend 960 is made by SMIC, the company said."


@pytest.fixture
def article(seeded):
    return ArticleFactory(title="Huawei news", text=NEW_CHIP_TEXT)


def test_analysis_proposes_an_unknown_chip(article):
    analyze_article(article.pk)
    proposal = ChipProposal.objects.get()
    assert (proposal.vendor.slug, proposal.name, proposal.key) == ("huawei", "Ascend 960", "960")
    assert proposal.first_article == article and proposal.example == NEW_CHIP_TEXT
    assert (proposal.seen_count, proposal.status) == (1, "pending")


def test_re_analysis_never_duplicates_and_counts_distinct_articles(article):
    analyze_article(article.pk)
    reanalyze([article.pk, article.pk])
    assert ChipProposal.objects.get().seen_count == 1
    other = ArticleFactory(title="More on Huawei", text="Huawei's Ascend 960 is coming.")
    analyze_article(other.pk)
    proposal = ChipProposal.objects.get()
    assert proposal.seen_count == 2 and proposal.first_article == article


def test_an_article_that_no_longer_names_it_stops_counting(article):
    analyze_article(article.pk)
    article.text = "Huawei said nothing new."
    article.save()
    analyze_article(article.pk)
    assert ChipProposal.objects.get().seen_count == 0


# --- The editors' queue in the admin ---------------------------------------------------------


@pytest.fixture
def admin_client(client, db):
    user = get_user_model().objects.create_superuser("boss", password="pw")
    client.force_login(user)
    client.user = user
    return client


URL = "/admin/chips/chipproposal/"


def test_the_queue_lists_pending_proposals_only_by_default(admin_client, article):
    analyze_article(article.pk)
    other = ArticleFactory(text="MetaX C900 is planned.")
    analyze_article(other.pk)
    ChipProposal.objects.filter(key="c900").update(status="rejected")
    page = admin_client.get(URL).content.decode()
    assert "Ascend 960" in page and "C900" not in page
    assert "C900" in admin_client.get(URL + "?status=all").content.decode()


def test_accepting_adds_the_chip_tags_it_and_points_claims_at_it(admin_client, article):
    analyze_article(article.pk)
    claim = Claim.objects.get(article=article, topic="manufacturing", value="SMIC")
    assert claim.chip is None
    proposal = ChipProposal.objects.get()
    response = admin_client.post(
        URL, {"action": "accept_proposals", "_selected_action": [proposal.pk]}, follow=True
    )
    assert "1 chips added (Ascend 960)" in response.content.decode()
    chip = Chip.objects.get(vendor__slug="huawei", name="Ascend 960")
    assert chip.aliases == ["Ascend 960", "960"]
    proposal.refresh_from_db()
    assert (proposal.status, proposal.chip, proposal.reviewed_by) == (
        "accepted",
        chip,
        admin_client.user,
    )
    assert ChipMention.objects.filter(article=article, chip=chip).exists()
    assert Claim.objects.get(article=article, topic="manufacturing", value="SMIC").chip == chip
    # The accepted chip is known now: analysing again proposes nothing more.
    reanalyze([article.pk])
    assert ChipProposal.objects.count() == 1 and ChipProposal.objects.get().seen_count == 1


def test_rejecting_keeps_it_out_of_the_queue_for_good(admin_client, article):
    analyze_article(article.pk)
    proposal = ChipProposal.objects.get()
    admin_client.post(URL, {"action": "reject_proposals", "_selected_action": [proposal.pk]})
    proposal.refresh_from_db()
    assert proposal.status == "rejected" and proposal.reviewed_by == admin_client.user
    reanalyze([article.pk])
    assert ChipProposal.objects.get().status == "rejected"
    assert not Chip.objects.filter(name="Ascend 960").exists()
    assert "Ascend 960" not in admin_client.get(URL).content.decode()


def test_editors_may_accept_and_viewers_only_look(client, article):
    analyze_article(article.pk)
    proposal = ChipProposal.objects.get()
    viewer = UserFactory(username="v", is_staff=True)
    viewer.groups.add(Group.objects.get(name="Viewers"))
    client.force_login(viewer)
    page = client.get(URL)
    assert page.status_code == 200 and "accept_proposals" not in page.content.decode()
    client.post(URL, {"action": "accept_proposals", "_selected_action": [proposal.pk]})
    assert not Chip.objects.filter(name="Ascend 960").exists()

    editor = UserFactory(username="e", is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    assert "accept_proposals" in client.get(URL).content.decode()
    client.post(URL, {"action": "accept_proposals", "_selected_action": [proposal.pk]})
    assert Chip.objects.filter(name="Ascend 960").exists()


def test_the_queue_takes_a_constant_number_of_queries(
    admin_client, article, django_assert_max_num_queries
):
    analyze_article(article.pk)
    for n in range(10):
        analyze_article(ArticleFactory(text=f"MetaX C{700 + n} is planned.").pk)
    with django_assert_max_num_queries(12):
        assert admin_client.get(reverse("admin:chips_chipproposal_changelist")).status_code == 200


def test_a_proposals_page_shows_its_example_and_the_articles_that_named_it(admin_client, article):
    analyze_article(article.pk)
    other = ArticleFactory(title="<b>More</b> on Huawei", text="Huawei's Ascend 960 is coming.")
    analyze_article(other.pk)
    proposal = ChipProposal.objects.get()
    page = admin_client.get(reverse("admin:chips_chipproposal_change", args=[proposal.pk]))
    html = page.content.decode()
    assert page.status_code == 200 and NEW_CHIP_TEXT.replace("'", "&#x27;") in html
    assert reverse("admin:newsfeed_article_change", args=[other.pk]) in html
    assert "&lt;b&gt;More&lt;/b&gt; on Huawei" in html  # titles are escaped
