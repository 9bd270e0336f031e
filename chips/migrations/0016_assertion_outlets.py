"""Assertions count their reports' outlets and outlet-less stories as reports come and go
(chips.assertions), so a recount no longer groups every report: filled from the reports."""

from django.db import migrations, models


def fill(apps, schema_editor):
    Assertion = apps.get_model("chips", "Assertion")
    AssertionReport = apps.get_model("chips", "AssertionReport")
    outlets, sourceless, stories = {}, {}, {}
    rows = AssertionReport.objects.values_list("assertion_id", "story_id", "source_id")
    for assertion_id, story_id, source_id in rows.iterator(chunk_size=5000):
        if source_id is None:
            sourceless.setdefault(assertion_id, set()).add(story_id)
        else:
            outlets.setdefault(assertion_id, set()).add(source_id)
        stories.setdefault((assertion_id, story_id), set()).add(source_id)
    mixed = {assertion_id for (assertion_id, _), origins in stories.items() if len(origins) > 1}
    for assertion in Assertion.objects.all().iterator(chunk_size=2000):
        assertion.outlets = len(outlets.get(assertion.pk, ()))
        assertion.sourceless = len(sourceless.get(assertion.pk, ()))
        assertion.mixed = assertion.pk in mixed
        assertion.save(update_fields=["outlets", "sourceless", "mixed"])


class Migration(migrations.Migration):
    dependencies = [
        ("chips", "0015_assertion_summaries"),
        ("newsfeed", "0005_feed_entries"),
    ]

    operations = [
        migrations.AddField(
            model_name="assertion",
            name="mixed",
            field=models.BooleanField(default=False),
        ),
        migrations.AddField(
            model_name="assertion",
            name="outlets",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="assertion",
            name="sourceless",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.AddIndex(
            model_name="assertionreport",
            index=models.Index(
                fields=["assertion", "source_id"], name="assertion_report_source_idx"
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
