"""Assertion summaries (chips.assertions): what claims assert, one row per asserting
article, filled from the claims already stored. Their stored corroborations start unknown,
so the first recount of each writes every claim's count."""

import hashlib
from collections import Counter

import django.db.models.deletion
from django.db import migrations, models


def _key_text(vendor_id, chip_id, topic, polarity, value):
    # As chips.assertions.key_text (a migration keeps its own copy).
    text = f"{vendor_id}/{chip_id or '-'}/{topic}/{polarity}/{value}"
    if len(text) > 500:
        digest = hashlib.sha1(text.encode(), usedforsecurity=False).hexdigest()
        text = f"{text[:459]}#{digest}"
    return text


def fill(apps, schema_editor):
    Claim = apps.get_model("chips", "Claim")
    Assertion = apps.get_model("chips", "Assertion")
    AssertionReport = apps.get_model("chips", "AssertionReport")
    reports = Counter()
    articles = {}
    spelling = {}
    rows = (
        Claim.objects.exclude(status="rejected")
        .order_by("pk")
        .values_list(
            "article_id",
            "article__duplicate_of_id",
            "article__source_id",
            "vendor_id",
            "chip_id",
            "topic",
            "polarity",
            "value",
        )
    )
    for article_id, duplicate_of, source_id, vendor, chip, topic, polarity, value in rows.iterator(
        chunk_size=5000
    ):
        key = (vendor, chip, topic, polarity, value.casefold())
        spelling.setdefault(key, value)
        reports[(article_id, key)] += 1
        articles[article_id] = (duplicate_of or article_id, source_id)
    Assertion.objects.bulk_create(
        [
            Assertion(
                key=_key_text(*key),
                vendor_id=key[0],
                chip_id=key[1],
                topic=key[2],
                polarity=key[3],
                value=value[:200],
            )
            for key, value in spelling.items()
        ],
        batch_size=1000,
    )
    ids = dict(Assertion.objects.values_list("key", "pk"))
    AssertionReport.objects.bulk_create(
        (
            AssertionReport(
                assertion_id=ids[_key_text(*key)],
                article_id=article_id,
                story_id=articles[article_id][0],
                source_id=articles[article_id][1],
                claims=count,
            )
            for (article_id, key), count in reports.items()
        ),
        batch_size=1000,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("chips", "0014_fts_triggers_on_text_only"),
        ("newsfeed", "0005_feed_entries"),
    ]

    operations = [
        migrations.CreateModel(
            name="Assertion",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("key", models.CharField(max_length=500, unique=True)),
                ("topic", models.CharField(max_length=20)),
                ("polarity", models.CharField(max_length=10)),
                ("value", models.CharField(blank=True, max_length=200)),
                ("corroborations", models.PositiveIntegerField(blank=True, null=True)),
                (
                    "chip",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="chips.chip",
                    ),
                ),
                (
                    "vendor",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="chips.vendor",
                    ),
                ),
            ],
        ),
        migrations.CreateModel(
            name="AssertionReport",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("story_id", models.BigIntegerField()),
                ("source_id", models.BigIntegerField(blank=True, null=True)),
                ("claims", models.PositiveIntegerField(default=1)),
                (
                    "article",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="newsfeed.article",
                    ),
                ),
                (
                    "assertion",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="reports",
                        to="chips.assertion",
                    ),
                ),
            ],
        ),
        migrations.AddIndex(
            model_name="assertion",
            index=models.Index(fields=["vendor", "topic", "chip"], name="assertion_scope_idx"),
        ),
        migrations.AddIndex(
            model_name="assertionreport",
            index=models.Index(fields=["assertion", "story_id"], name="assertion_report_story_idx"),
        ),
        migrations.AddIndex(
            model_name="assertionreport",
            index=models.Index(fields=["article"], name="assertion_report_article_idx"),
        ),
        migrations.AddConstraint(
            model_name="assertionreport",
            constraint=models.UniqueConstraint(
                fields=("assertion", "article"), name="assertion_report_unique"
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
