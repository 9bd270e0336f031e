from django.db import migrations
from django.db.models import Exists, OuterRef, Q


def mark_analysed(apps, schema_editor):
    """Articles analysed before analysis had a state (they have mentions or automatic
    claims) are done; the rest newsfeed's migration left pending, for the sweep."""
    Article = apps.get_model("newsfeed", "Article")
    VendorMention = apps.get_model("chips", "VendorMention")
    ChipMention = apps.get_model("chips", "ChipMention")
    Claim = apps.get_model("chips", "Claim")
    has_results = (
        Exists(VendorMention.objects.filter(article=OuterRef("pk")))
        | Exists(ChipMention.objects.filter(article=OuterRef("pk")))
        | Exists(Claim.objects.filter(article=OuterRef("pk"), method="auto"))
    )
    Article.objects.filter(Q(analysis_state="pending") & has_results).update(
        analysis_state="done", analysis_next_at=None
    )


class Migration(migrations.Migration):
    dependencies = [
        ("chips", "0008_claim_verdict_note"),
        ("newsfeed", "0004_analysis_state"),
    ]

    operations = [migrations.RunPython(mark_analysed, migrations.RunPython.noop)]
