"""Explainable confidence: what the extractor records about how it reached a claim's
confidence, how analysis keeps it, and how the claim's page and export show it."""

import io
import json

import pytest
from django.core.management import call_command

from chips.analysis import analyze_article
from chips.claims import EXTRACTOR_VERSION
from chips.learning.claim_filter import extractor_version
from chips.models import Claim
from tests.factories import (
    ArticleFactory,
    ChipFactory,
    ClaimFactory,
    SourceFactory,
    VendorFactory,
)

HEADLINE = "Huawei's Ascend 910C is made by SMIC"
BODY = "Huawei's Ascend 910C is reportedly made by TSMC, according to TechInsights."


# --- The extractor records its reasons --------------------------------------------------


def test_a_body_claim_records_its_hedges_origin_and_outlet(extractor):
    claims = extractor.extract("Chip news", BODY, reliability=0.6)
    tsmc = next(c for c in claims if c.value == "TSMC")
    assert tsmc.headline is False
    assert tsmc.basis["hedges"] == ["reportedly"]
    assert tsmc.basis["hedge_factor"] < 1
    assert tsmc.basis["origin"] == "TechInsights"
    assert tsmc.basis["origin_kind"] == "listed"
    assert tsmc.basis["outlet_reliability"] == 0.6
    assert tsmc.basis["headline"] is False


def test_a_claim_found_only_in_the_headline_is_marked_as_such(extractor):
    claims = extractor.extract(HEADLINE, BODY, reliability=0.6)
    smic = next(c for c in claims if c.value == "SMIC")
    assert smic.headline is True and smic.basis["headline"] is True
    assert smic.basis["hedges"] == [] and smic.basis["origin_kind"] == "none"


def test_a_company_speaking_for_itself_is_an_origin_of_kind_company(extractor):
    claims = extractor.extract("Chip news", "Cambricon said its MLU590 is built by SMIC.", 0.6)
    assert claims and claims[0].basis["origin_kind"] == "company"


# --- Analysis keeps it --------------------------------------------------------------------


@pytest.fixture
def huawei_article(seeded):
    source = SourceFactory(name="Chip Daily", domain="chipdaily.example", reliability=0.6)
    return ArticleFactory(title=HEADLINE, text=BODY, source=source, feed=None)


def test_analysis_stores_the_basis_headline_flag_and_extractor_version(huawei_article):
    analyze_article(huawei_article.pk)
    tsmc = Claim.objects.get(article=huawei_article, value="TSMC")
    smic = Claim.objects.get(article=huawei_article, value="SMIC")
    # The rules' version, joined by the learned filter's (chips.learning.claim_filter).
    assert tsmc.extractor_version == extractor_version()
    assert tsmc.extractor_version.startswith(f"{EXTRACTOR_VERSION}+filter-")
    assert 0 < tsmc.confidence_basis["filter_score"] <= 1
    assert tsmc.confidence_basis["hedges"] == ["reportedly"]
    assert tsmc.confidence_basis["outlet_reliability"] == 0.6
    assert (tsmc.headline, smic.headline) == (False, True)


def test_analysis_fills_the_basis_of_a_claim_found_before_it_was_recorded(huawei_article):
    analyze_article(huawei_article.pk)
    Claim.objects.filter(article=huawei_article).update(
        confidence_basis={}, extractor_version="", headline=False
    )
    result = analyze_article(huawei_article.pk)
    assert result.claims_updated >= 2
    smic = Claim.objects.get(article=huawei_article, value="SMIC")
    assert smic.headline and smic.extractor_version == extractor_version() and smic.confidence_basis


def test_analysing_again_changes_nothing(huawei_article):
    analyze_article(huawei_article.pk)
    before = list(Claim.objects.filter(article=huawei_article).values().order_by("pk"))
    result = analyze_article(huawei_article.pk)
    assert result.claims_updated == 0 and result.claims_created == 0
    assert list(Claim.objects.filter(article=huawei_article).values().order_by("pk")) == before


# --- The claim's page shows how confidence was reached ---------------------------------------


def test_the_claims_page_explains_its_confidence(client, huawei_article):
    analyze_article(huawei_article.pk)
    tsmc = Claim.objects.get(article=huawei_article, value="TSMC")
    page = client.get(tsmc.get_absolute_url()).content.decode()
    section = page.split('id="basis"')[1].split('id="conflicts"')[0]
    assert "<q>reportedly</q>" in section
    assert "TechInsights" in section and "a source ChipWatch rates" in section
    assert "Chip Daily" in section and "reliability 60 %" in section
    assert "in the body of the article" in section
    assert f"extractor {extractor_version()}" in section
    assert "Learned filter" in section
    assert f"scored {tsmc.confidence_basis['filter_score']:.2f}" in section
    assert f"{round(tsmc.confidence * 100)} %" in section


def test_a_headline_claim_says_it_came_from_the_headline(client, huawei_article):
    analyze_article(huawei_article.pk)
    smic = Claim.objects.get(article=huawei_article, value="SMIC")
    page = client.get(smic.get_absolute_url()).content.decode()
    assert "in the headline (weaker than the body)" in page
    assert "none: asserted outright" in page


def test_a_curated_claim_says_an_editor_set_its_confidence(client, db):
    claim = ClaimFactory(method=Claim.Method.CURATED, origin="Reuters")
    page = client.get(claim.get_absolute_url()).content.decode()
    assert "No breakdown was recorded for this claim: an editor set its confidence" in page
    assert 'Reuters <span class="muted">(a named source)</span>' in page


# --- Corroboration by independent sources -------------------------------------------------


@pytest.fixture
def same_thing(db):
    """One claim and others saying the same thing: one from another outlet (and a
    syndicated copy of that story elsewhere), one from the claim's own outlet, one
    rejected, one saying something else."""
    vendor = VendorFactory(slug="huawei", name="Huawei")
    chip = ChipFactory(vendor=vendor, slug="ascend-910c", name="Ascend 910C")
    own = SourceFactory(name="Own Outlet", domain="own.example")
    other = SourceFactory(name="Other Outlet", domain="other.example")
    third = SourceFactory(name="Syndicating Outlet", domain="third.example")
    fields = {"vendor": vendor, "chip": chip, "topic": "manufacturing", "value": "TSMC"}
    claim = ClaimFactory(article__source=own, **fields)
    original = ArticleFactory(source=other, url="https://other.example/story")
    copy = ArticleFactory(source=third, duplicate_of=original)
    return {
        "claim": claim,
        "original": ClaimFactory(article=original, **fields),
        "copy": ClaimFactory(article=copy, **fields),
        "same_outlet": ClaimFactory(article__source=own, **fields),
        "rejected": ClaimFactory(article__source=SourceFactory(), status="rejected", **fields),
        "different": ClaimFactory(article__source=SourceFactory(), **{**fields, "value": "SMIC"}),
    }


def test_corroboration_lists_each_independent_source_once_with_a_link(client, same_thing):
    page = client.get(same_thing["claim"].get_absolute_url()).content.decode()
    section = page.split('id="corroboration"')[1].split('id="conflicts"')[0]
    assert "1 other independent source (syndicated copies count once)" in section
    assert same_thing["original"].get_absolute_url() in section
    assert "Other Outlet" in section and "and 1 more article from it" in section
    assert 'href="https://other.example/story"' in section
    for left_out in ("same_outlet", "rejected", "different", "copy"):
        assert f'href="{same_thing[left_out].get_absolute_url()}"' not in section, left_out


def test_a_claim_nobody_else_makes_says_so(client, db):
    claim = ClaimFactory()
    page = client.get(claim.get_absolute_url()).content.decode()
    assert "No other independent source says the same yet." in page


def test_the_claims_page_runs_as_many_queries_with_many_corroborations(count_queries, db):
    claim = ClaimFactory()
    fields = {"vendor": claim.vendor, "topic": claim.topic, "value": claim.value}
    ClaimFactory(**fields)
    few = count_queries(claim.get_absolute_url())
    for _ in range(10):
        ClaimFactory(**fields, article__source=SourceFactory())
    assert count_queries(claim.get_absolute_url()) == few


# --- Export ---------------------------------------------------------------------------------


def test_export_claims_gives_headline_and_extractor_version(huawei_article):
    analyze_article(huawei_article.pk)
    out = io.StringIO()
    call_command("export", "claims", stdout=out)
    rows = {
        row["value"]: row
        for row in map(json.loads, out.getvalue().splitlines())
        if row["article_url"] == huawei_article.url
    }
    assert rows["SMIC"]["headline"] is True and rows["TSMC"]["headline"] is False
    assert rows["TSMC"]["extractor_version"] == extractor_version()
