"""Drop the claim indexes other indexes already serve (issue 13: each index is work on every
claim inserted).

article_id, vendor_id and chip_id lose their foreign-key indexes: each is the first column of
another index (the unique (article_id, fingerprint); the vendor and chip timelines), which
answers the same lookups. (vendor_id, topic) is the start of claim_vendor_topic_time_idx.

The indexes are dropped by name: AlterField(db_index=False) would rebuild chips_claim on
SQLite (a copy of every row) and, with the old table, lose its full-text and tally triggers.
"""

import django.db.models.deletion
from django.db import migrations, models

# Django's names for the foreign keys' indexes (table and column hashed), as 0001 made them.
FK_INDEXES = {
    "chips_claim_article_id_cccc754e": "article_id",
    "chips_claim_vendor_id_c7a33be0": "vendor_id",
    "chips_claim_chip_id_cbf11fc9": "chip_id",
}


class Migration(migrations.Migration):
    dependencies = [
        ("chips", "0016_assertion_outlets"),
        ("newsfeed", "0005_feed_entries"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="claim",
            name="claim_vendor_topic_idx",
        ),
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    f'DROP INDEX IF EXISTS "{name}"',
                    f'CREATE INDEX IF NOT EXISTS "{name}" ON "chips_claim" ("{column}")',
                )
                for name, column in FK_INDEXES.items()
            ],
            state_operations=[
                migrations.AlterField(
                    model_name="claim",
                    name="article",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="claims",
                        to="newsfeed.article",
                    ),
                ),
                migrations.AlterField(
                    model_name="claim",
                    name="chip",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="claims",
                        to="chips.chip",
                    ),
                ),
                migrations.AlterField(
                    model_name="claim",
                    name="vendor",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="claims",
                        to="chips.vendor",
                    ),
                ),
            ],
        ),
    ]
