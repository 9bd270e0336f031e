"""Analyse an article: record which vendors and chips it names.

Safe to run any number of times: the article's mentions are replaced as a
whole inside one transaction.
"""

from __future__ import annotations

from django.db import transaction

from chips.models import Chip, ChipMention, Vendor, VendorMention
from chips.tagging import Mentions, MentionTagger, Target
from newsfeed.models import Article


def build_tagger() -> MentionTagger:
    entries: list[tuple[Target, list[str]]] = []
    for vendor in Vendor.objects.only("slug", "name", "aliases"):
        entries.append((Target("vendor", vendor.slug, vendor.slug), [vendor.name, *vendor.aliases]))
    for chip in Chip.objects.select_related("vendor").only(
        "slug", "name", "aliases", "vendor__slug"
    ):
        entries.append((Target("chip", chip.slug, chip.vendor.slug), [chip.name, *chip.aliases]))
    return MentionTagger(entries)


def article_text_for_tagging(article: Article) -> str:
    return f"{article.title}\n\n{article.body}"


@transaction.atomic
def record_mentions(article: Article, mentions: Mentions) -> None:
    VendorMention.objects.filter(article=article).delete()
    ChipMention.objects.filter(article=article).delete()
    vendor_ids = dict(Vendor.objects.filter(slug__in=mentions.vendors).values_list("slug", "pk"))
    chip_ids = dict(Chip.objects.filter(slug__in=mentions.chips).values_list("slug", "pk"))
    VendorMention.objects.bulk_create(
        VendorMention(article=article, vendor_id=vendor_ids[slug], count=n)
        for slug, n in mentions.vendors.items()
        if slug in vendor_ids
    )
    ChipMention.objects.bulk_create(
        ChipMention(article=article, chip_id=chip_ids[slug], count=n)
        for slug, n in mentions.chips.items()
        if slug in chip_ids
    )


def analyze_article(article_id: int, tagger: MentionTagger | None = None) -> Mentions:
    article = Article.objects.get(pk=article_id)
    mentions = (tagger or build_tagger()).tag(article_text_for_tagging(article))
    record_mentions(article, mentions)
    return mentions
