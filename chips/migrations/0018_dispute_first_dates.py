"""Each dispute keeps its sides' first dates (Conflict.first_a / first_b), filled here
from the members already attached, so a claim joining no longer scans them."""

from django.db import migrations, models
from django.db.models import Min


def fill_first_dates(apps, schema_editor):
    """Each side's earliest claimed_at among its members: one grouped query, then one
    UPDATE per dispute (a one-off over the disputes there are)."""
    Conflict = apps.get_model("chips", "Conflict")
    ConflictClaim = apps.get_model("chips", "ConflictClaim")
    firsts: dict[int, dict[str, object]] = {}
    rows = (
        ConflictClaim.objects.values("conflict_id", "side")
        .annotate(first=Min("claim__claimed_at"))
        .order_by()
    )
    for row in rows:
        firsts.setdefault(row["conflict_id"], {})[f"first_{row['side']}"] = row["first"]
    for pk, dates in firsts.items():
        Conflict.objects.filter(pk=pk).update(**dates)


class Migration(migrations.Migration):
    dependencies = [
        ("chips", "0017_claim_indexes_covered"),
    ]

    operations = [
        migrations.AddField(
            model_name="conflict",
            name="first_a",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="conflict",
            name="first_b",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="historicalconflict",
            name="first_a",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="historicalconflict",
            name="first_b",
            field=models.DateTimeField(blank=True, null=True),
        ),
        # Backwards the columns are simply dropped: nothing to undo.
        migrations.RunPython(fill_first_dates, migrations.RunPython.noop),
    ]
