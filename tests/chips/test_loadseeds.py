"""manage.py loadseeds: the catalogue, feeds, seed article and curated claims."""

import io
import json
import shutil

import pytest
from django.core.management import CommandError, call_command
from django.forms.models import model_to_dict

from chips.models import Chip, ChipMention, ChipProposal, Claim, Conflict, Vendor, VendorMention
from newsfeed.models import Article, Feed, Source

DESIGN_VENDOR_SLUGS = {
    "nvidia", "amd", "intel", "google", "amazon", "microsoft", "meta", "huawei",
    "alibaba", "baidu", "tencent", "cambricon", "metax", "moore-threads", "biren",
    "enflame", "hygon", "smic", "tsmc", "samsung", "sk-hynix", "micron",
}  # fmt: skip
SEED_URL = (
    "https://wccftech.com/alibaba-reportedly-develops-new-ai-chip-to-counter-nvidia-uncertainty/"
)
ALL_MODELS = [
    Vendor, Chip, Source, Feed, Article, Claim, VendorMention, ChipMention, Conflict, ChipProposal
]  # fmt: skip
CURATED_CLAIMS = 20  # 12 from the seed story, 8 from other public reports

pytestmark = pytest.mark.django_db


def snapshot() -> dict[str, list[dict]]:
    return {
        model.__name__: [model_to_dict(row) for row in model.objects.order_by("pk")]
        for model in ALL_MODELS
    }


def test_it_loads_every_vendor_slug_of_the_design(seeded):
    assert set(Vendor.objects.values_list("slug", flat=True)) >= DESIGN_VENDOR_SLUGS


@pytest.mark.parametrize(
    ("slug", "aliases"),
    [
        ("nvidia", {"Team Green", "Nvidia Corp", "英伟达"}),
        ("huawei", {"HiSilicon", "华为", "海思"}),
        ("alibaba", {"T-Head", "Alibaba Cloud", "阿里巴巴", "平头哥"}),
        ("cambricon", {"寒武纪"}),
        ("metax", {"沐曦"}),
        ("smic", {"中芯国际"}),
    ],
)
def test_vendors_carry_english_and_chinese_aliases(seeded, slug, aliases):
    assert aliases <= set(Vendor.objects.get(slug=slug).aliases)


def test_it_loads_at_least_forty_well_known_chips_with_aliases(seeded):
    assert Chip.objects.count() >= 40
    names = {name.casefold() for name in Chip.objects.values_list("name", flat=True)}
    for expected in ["H100", "H20", "B200", "B30A", "MI300X", "Gaudi 3", "Trainium2",
                     "Ascend 910B", "Ascend 910C", "Hanguang 800"]:  # fmt: skip
        assert expected.casefold() in names, expected
    for chip in Chip.objects.all():
        assert chip.aliases, f"{chip.slug} has no aliases"


def test_feeds_are_real_active_https_feeds_with_a_source(seeded):
    feeds = list(Feed.objects.select_related("source"))
    assert len(feeds) >= 10
    for feed in feeds:
        assert feed.url.startswith("https://"), feed.url
        assert feed.is_active and feed.source is not None


def test_the_seed_article_is_stored_with_its_text_and_vendors(seeded):
    article = Article.objects.get(url=SEED_URL)
    assert article.author == "Muhammad Zuhair"
    assert article.source.name == "Wccftech"
    assert "relies completely on domestic technologies" in article.text
    tagged = set(article.vendor_mentions.values_list("vendor__slug", flat=True))
    assert {"alibaba", "nvidia", "huawei", "smic", "cambricon", "metax"} <= tagged


def test_the_twelve_curated_claims_quote_the_article_verbatim(seeded):
    article = Article.objects.get(url=SEED_URL)
    # Analysis of the seed article may add automatic claims beside the curated ones.
    claims = list(article.claims.filter(method="curated").select_related("vendor", "chip"))
    assert len(claims) == 12
    for claim in claims:
        assert claim.quote in article.text
        assert claim.method == Claim.Method.CURATED
        assert claim.status == Claim.Status.UNVERIFIED
    by_value = {(c.vendor.slug, c.topic, c.polarity, c.value): c for c in claims}
    domestic = by_value[("alibaba", "supply_chain", "affirm", "domestic")]
    assert domestic.origin == "The Wall Street Journal"
    smic = by_value[("alibaba", "manufacturing", "affirm", "SMIC")]
    assert smic.confidence < domestic.confidence  # "likely" is weaker than a firm statement
    assert ("huawei", "workload", "deny", "training") in by_value
    rtx = by_value[
        ("nvidia", "performance", "affirm", "17% fewer cores, 14% less VRAM, lower clocks")
    ]
    assert rtx.chip.slug == "rtx-6000d"


def test_running_it_twice_changes_nothing(seeded):
    before = snapshot()
    out = io.StringIO()
    call_command("loadseeds", stdout=out)
    assert snapshot() == before
    assert "0 created" in out.getvalue()


def test_a_second_run_keeps_editors_edits(seeded):
    nvidia = Vendor.objects.get(slug="nvidia")
    nvidia.aliases = ["Nvidia"]
    nvidia.name = "Nvidia (edited)"
    nvidia.save()
    claim = Claim.objects.first()
    claim.status = Claim.Status.VERIFIED
    claim.confidence = 0.99
    claim.save()
    Feed.objects.filter(pk=Feed.objects.first().pk).update(title="Renamed by an editor")

    call_command("loadseeds", stdout=io.StringIO())

    nvidia.refresh_from_db()
    claim.refresh_from_db()
    assert nvidia.name == "Nvidia (edited)" and nvidia.aliases == ["Nvidia"]
    assert (claim.status, claim.confidence) == (Claim.Status.VERIFIED, 0.99)
    assert Feed.objects.filter(title="Renamed by an editor").count() == 1
    assert Claim.objects.filter(method=Claim.Method.CURATED).count() == CURATED_CLAIMS


def test_a_missing_seed_folder_is_a_clear_error(db, tmp_path):
    with pytest.raises(CommandError, match="No seed folder"):
        call_command("loadseeds", dir=str(tmp_path / "nowhere"), stdout=io.StringIO())


def test_broken_seed_json_is_a_clear_error_and_loads_nothing(db, tmp_path, settings):
    seeds = settings.BASE_DIR / "seeds"
    for name in ["vendors.json", "chips.json", "articles.json", "claims.json"]:
        (tmp_path / name).write_text((seeds / name).read_text())
    (tmp_path / "feeds.json").write_text("[{not json")
    with pytest.raises(CommandError, match=r"feeds\.json is not valid JSON"):
        call_command("loadseeds", dir=str(tmp_path), stdout=io.StringIO())
    assert Vendor.objects.count() == 0  # all or nothing


# --- Curated claims from other public reports: a dispute on the board at first start -------


def exported(kind: str) -> list[dict]:
    out = io.StringIO()
    call_command("export", kind, stdout=out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_each_report_is_a_dated_article_with_its_outlet_and_link_summarised_in_our_words(seeded):
    reports = Article.objects.exclude(url=SEED_URL).select_related("source")
    assert reports.count() == 7
    for article in reports:
        assert article.url.startswith("https://") and article.source is not None
        assert article.published_at is not None and article.published_at.year in (2024, 2025)
        assert article.text.startswith("ChipWatch summary, in our own words, of a ")
        assert article.source.name in article.text
        curated = article.claims.filter(method=Claim.Method.CURATED)
        assert curated.exists()
        for claim in curated:
            assert claim.quote in article.text  # the article page can mark it
            assert claim.claimed_at == article.published_at  # the report's real date


def contested(vendor: str, chip: str, topic: str) -> set[frozenset[str]]:
    """The pairs of values contested on a question, from `export conflicts`."""
    values = dict(Claim.objects.values_list("pk", "value"))
    return {
        frozenset({values[row["claim_a"]], values[row["claim_b"]]})
        for row in exported("conflicts")
        if (row["vendor"], row["chip"], row["topic"]) == (vendor, chip, topic)
    }


@pytest.mark.parametrize(
    ("chip", "topic", "values"),
    [
        ("ascend-910c", "manufacturing", {"SMIC", "TSMC"}),  # Reuters' sources vs a teardown
        ("ascend-910b", "manufacturing", {"SMIC", "TSMC"}),
        ("h20", "export_controls", {"banned", "licensed"}),  # April's ban, July's licences
    ],
)
def test_a_first_run_has_real_disputes_on_the_board(seeded, chip, topic, values):
    vendor = Chip.objects.get(slug=chip).vendor.slug
    assert frozenset(values) in contested(vendor, chip, topic)


def test_the_home_page_shows_the_dispute_and_the_reports_on_day_one(client, seeded):
    page = client.get("/").content.decode()
    assert "Huawei&#x27;s Ascend 910C is made by SMIC (N+2)" in page
    assert "Huawei&#x27;s Ascend 910C dies were made by TSMC" in page
    assert "Bloomberg" in page and "Taipei Times" in page


def test_the_reports_corroborate_the_seed_story_as_an_independent_source(seeded):
    domestic = Claim.objects.get(
        article__url=SEED_URL, method="curated", topic="supply_chain", value="domestic"
    )
    assert domestic.corroborations == 2  # Wccftech and Business Standard, both after the WSJ


def test_a_curated_claim_added_to_an_article_already_loaded_is_checked_for_conflicts(
    db, tmp_path, settings
):
    seeds = settings.BASE_DIR / "seeds"
    for name in ["vendors.json", "chips.json", "feeds.json", "articles.json"]:
        (tmp_path / name).write_text((seeds / name).read_text())
    shutil.copytree(seeds / "articles", tmp_path / "articles")
    claims = json.loads((seeds / "claims.json").read_text())
    teardown = next(c for c in claims if c["chip"] == "ascend-910c" and c["value"] == "TSMC")
    # First the teardown's article without the claim (nor its sentence, which analysis
    # would find by itself); then the curated claim arrives for the article already there.
    (tmp_path / "claims.json").write_text(json.dumps([c for c in claims if c is not teardown]))
    text_file = tmp_path / "articles" / "bloomberg-2025-10-03-ascend-910c-teardown.txt"
    text_file.write_text(text_file.read_text().replace(teardown["quote"], ""))
    # The headline says it too ("Teardown finds TSMC dies … in Huawei's Ascend 910C").
    articles = json.loads((tmp_path / "articles.json").read_text())
    for article in articles:
        if article["text_file"].endswith("ascend-910c-teardown.txt"):
            article["title"] = "Teardown looks inside Huawei's Ascend 910C"
    (tmp_path / "articles.json").write_text(json.dumps(articles))
    call_command("loadseeds", dir=str(tmp_path), stdout=io.StringIO())
    assert frozenset({"SMIC", "TSMC"}) not in contested("huawei", "ascend-910c", "manufacturing")

    (tmp_path / "claims.json").write_text(json.dumps(claims))
    call_command("loadseeds", dir=str(tmp_path), stdout=io.StringIO())
    assert frozenset({"SMIC", "TSMC"}) in contested("huawei", "ascend-910c", "manufacturing")
