"""manage.py loadseeds: the catalogue, feeds, seed article and curated claims."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.forms.models import model_to_dict

from chips.models import Chip, ChipMention, Claim, Vendor, VendorMention
from newsfeed.models import Article, Feed, Source

DESIGN_VENDOR_SLUGS = {
    "nvidia", "amd", "intel", "google", "amazon", "microsoft", "meta", "huawei",
    "alibaba", "baidu", "tencent", "cambricon", "metax", "moore-threads", "biren",
    "enflame", "hygon", "smic", "tsmc", "samsung", "sk-hynix", "micron",
}  # fmt: skip
SEED_URL = (
    "https://wccftech.com/alibaba-reportedly-develops-new-ai-chip-to-counter-nvidia-uncertainty/"
)
ALL_MODELS = [Vendor, Chip, Source, Feed, Article, Claim, VendorMention, ChipMention]

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
    assert Claim.objects.filter(method=Claim.Method.CURATED).count() == 12


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
