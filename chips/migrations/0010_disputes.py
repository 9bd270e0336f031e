"""Conflicts become disputes: one row per question with every claim on each side.

Each old pair row (claim_a, claim_b) becomes the question it asked: vendor, chip, topic
and the two contested values (or the one value affirmed and denied), with both claims as
members. Pairs asking the same question merge into one dispute: a settled pair first
(an editor's decision wins), else the oldest; notes are all kept. Nothing is lost: every
claim of every pair is a member of its question's dispute afterwards.
"""

import hashlib

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

# Frozen copies of chips.conflicts at the time of this migration (app code may change).
VENDOR_LEVEL_TOPICS = {"supply_chain", "business"}
KEY_LENGTH = 500


def question_key(vendor_id, chip_id, topic, value_a, value_b):
    first, second = sorted((value_a.casefold(), value_b.casefold()))
    values = f"{first}|{second}" if first != second else f"{first}|not"
    key = f"{vendor_id}/{chip_id or '-'}/{topic}/{values}"
    if len(key) > KEY_LENGTH:
        digest = hashlib.sha1(key.encode(), usedforsecurity=False).hexdigest()
        key = f"{key[: KEY_LENGTH - 41]}#{digest}"
    return key


def pairs_to_disputes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        # Check foreign keys as rows change, so the ALTER TABLEs after this step find
        # no pending trigger events.
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    Conflict = apps.get_model("chips", "Conflict")
    ConflictClaim = apps.get_model("chips", "ConflictClaim")
    kept = {}
    rows = Conflict.objects.select_related("claim_a", "claim_b").order_by("pk")
    # Settled pairs first: when pairs merge, the editor's decision is the one kept.
    rows = sorted(rows, key=lambda row: (row.status == "open", row.pk))
    for row in rows:
        a, b = row.claim_a, row.claim_b
        value_of_a, value_of_b = a.value or "", b.value or ""
        if value_of_a.casefold() == value_of_b.casefold():
            value_a = value_b = value_of_a
            sides = {a.pk: "a" if a.polarity == "affirm" else "b"}
            sides[b.pk] = "b" if sides[a.pk] == "a" else "a"
        else:
            value_a, value_b = sorted((value_of_a, value_of_b), key=str.casefold)
            sides = {a.pk: "a" if value_of_a.casefold() == value_a.casefold() else "b"}
            sides[b.pk] = "b" if sides[a.pk] == "a" else "a"
        chip_id = None if row.topic in VENDOR_LEVEL_TOPICS else (a.chip_id or b.chip_id)
        key = question_key(row.vendor_id, chip_id, row.topic, value_a, value_b)
        target = kept.get(key)
        if target is None:
            row.chip_id = chip_id
            row.value_a, row.value_b = value_a, value_b
            row.question_key = key
            row.outcome = "not_a_contradiction" if row.status == "dismissed" else ""
            row.save()
            kept[key] = target = row
        else:
            changed = False
            if row.note and row.note not in target.note:
                target.note = f"{target.note}\n\n{row.note}".strip()
                changed = True
            if row.detected_at < target.detected_at:
                target.detected_at = row.detected_at
                changed = True
            if changed:
                target.save()
            row.delete()
        ConflictClaim.objects.bulk_create(
            [
                ConflictClaim(conflict_id=target.pk, claim_id=pk, side=side)
                for pk, side in sides.items()
            ],
            ignore_conflicts=True,
        )
    # A ban, then licences: a change of state rather than a contradiction.
    for conflict in Conflict.objects.filter(topic="export_controls"):
        values = {conflict.value_a.casefold(): "a", conflict.value_b.casefold(): "b"}
        if set(values) != {"banned", "licensed"}:
            continue
        dates = {"a": [], "b": []}
        for member in ConflictClaim.objects.filter(conflict=conflict).select_related("claim"):
            dates[member.side].append(member.claim.claimed_at.date())
        banned, licensed = dates[values["banned"]], dates[values["licensed"]]
        if banned and licensed and all(day > min(banned) for day in licensed):
            conflict.kind = "change"
            conflict.save()


class Migration(migrations.Migration):
    dependencies = [
        ("chips", "0009_analysed_articles"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="ConflictClaim",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("side", models.CharField(choices=[("a", "A"), ("b", "B")], max_length=1)),
                (
                    "prior_status",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("unverified", "Unverified"),
                            ("verified", "Verified"),
                            ("disputed", "Disputed"),
                            ("rejected", "Rejected"),
                        ],
                        max_length=12,
                    ),
                ),
                ("joined_at", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "claim",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="memberships",
                        to="chips.claim",
                    ),
                ),
                (
                    "conflict",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="memberships",
                        to="chips.conflict",
                    ),
                ),
            ],
            options={
                "indexes": [
                    models.Index(fields=["claim", "conflict"], name="conflict_claim_claim_idx")
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("conflict", "claim"), name="conflict_claim_unique"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("side__in", ["a", "b"])),
                        name="conflict_claim_side_valid",
                    ),
                ],
            },
        ),
        migrations.RemoveConstraint(model_name="conflict", name="conflict_unique_pair"),
        migrations.RemoveConstraint(model_name="conflict", name="conflict_pair_ordered"),
        migrations.RemoveIndex(model_name="conflict", name="conflict_status_idx"),
        migrations.RenameField(model_name="conflict", old_name="resolution_note", new_name="note"),
        migrations.RenameField(
            model_name="historicalconflict", old_name="resolution_note", new_name="note"
        ),
        migrations.AddField(
            model_name="conflict",
            name="chip",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="conflicts",
                to="chips.chip",
            ),
        ),
        migrations.AddField(
            model_name="conflict",
            name="kind",
            field=models.CharField(
                choices=[("contradiction", "Contradiction"), ("change", "Change over time")],
                default="contradiction",
                max_length=16,
            ),
        ),
        migrations.AddField(
            model_name="conflict",
            name="outcome",
            field=models.CharField(
                blank=True,
                choices=[
                    ("a_holds", "A holds"),
                    ("b_holds", "B holds"),
                    ("both_true_in_time", "Both true at their time"),
                    ("not_a_contradiction", "Not a contradiction"),
                ],
                default="",
                max_length=24,
            ),
        ),
        # Filled in by pairs_to_disputes, then made unique.
        migrations.AddField(
            model_name="conflict",
            name="question_key",
            field=models.CharField(max_length=500, null=True),
        ),
        migrations.AddField(
            model_name="conflict",
            name="value_a",
            field=models.CharField(blank=True, max_length=200),
        ),
        migrations.AddField(
            model_name="conflict",
            name="value_b",
            field=models.CharField(blank=True, max_length=200),
        ),
        migrations.AddField(
            model_name="historicalconflict",
            name="chip",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="chips.chip",
            ),
        ),
        migrations.AddField(
            model_name="historicalconflict",
            name="kind",
            field=models.CharField(
                choices=[("contradiction", "Contradiction"), ("change", "Change over time")],
                default="contradiction",
                max_length=16,
            ),
        ),
        migrations.AddField(
            model_name="historicalconflict",
            name="outcome",
            field=models.CharField(
                blank=True,
                choices=[
                    ("a_holds", "A holds"),
                    ("b_holds", "B holds"),
                    ("both_true_in_time", "Both true at their time"),
                    ("not_a_contradiction", "Not a contradiction"),
                ],
                default="",
                max_length=24,
            ),
        ),
        migrations.AddField(
            model_name="historicalconflict",
            name="question_key",
            field=models.CharField(db_index=True, default="", max_length=500),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="historicalconflict",
            name="value_a",
            field=models.CharField(blank=True, max_length=200),
        ),
        migrations.AddField(
            model_name="historicalconflict",
            name="value_b",
            field=models.CharField(blank=True, max_length=200),
        ),
        migrations.RunPython(pairs_to_disputes, migrations.RunPython.noop, elidable=False),
        migrations.AlterField(
            model_name="conflict",
            name="question_key",
            field=models.CharField(max_length=500, unique=True),
        ),
        migrations.RemoveField(model_name="conflict", name="claim_a"),
        migrations.RemoveField(model_name="conflict", name="claim_b"),
        migrations.RemoveField(model_name="historicalconflict", name="claim_a"),
        migrations.RemoveField(model_name="historicalconflict", name="claim_b"),
        migrations.AddField(
            model_name="conflict",
            name="claims",
            field=models.ManyToManyField(
                related_name="conflicts", through="chips.ConflictClaim", to="chips.claim"
            ),
        ),
        migrations.AddIndex(
            model_name="conflict",
            index=models.Index(
                fields=["status", "-detected_at", "-id"], name="conflict_status_idx"
            ),
        ),
        migrations.AddIndex(
            model_name="conflict",
            index=models.Index(
                fields=["chip", "status", "-detected_at", "-id"], name="conflict_chip_time_idx"
            ),
        ),
        migrations.AddConstraint(
            model_name="conflict",
            constraint=models.CheckConstraint(
                condition=models.Q(("kind__in", ["contradiction", "change"])),
                name="conflict_kind_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="conflict",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("outcome", ""),
                    (
                        "outcome__in",
                        ["a_holds", "b_holds", "both_true_in_time", "not_a_contradiction"],
                    ),
                    _connector="OR",
                ),
                name="conflict_outcome_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="conflict",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("status", "open"), _negated=True),
                    ("outcome", ""),
                    _connector="OR",
                ),
                name="conflict_open_has_no_outcome",
            ),
        ),
    ]
