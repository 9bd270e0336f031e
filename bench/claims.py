"""Quality of tagging, claim extraction and conflict detection on the development set.

Runs the real pipeline (analyze_article) over tests/chips/devset/ in a throwaway SQLite
database and prints tagging precision/recall, claim precision/recall by topic and
conflict recall. `--quick` skips the timing loop; `--misses` lists what was not found.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="skip the timing loop")
    parser.add_argument("--misses", action="store_true", help="list labels not found")
    parser.add_argument(
        "--set",
        dest="which",
        choices=["devset", "holdout", "fresh", "all"],
        default="all",
        help="which labelled set to measure (default: all)",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
        os.environ.pop("CELERY_BROKER_URL", None)
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
        import django

        django.setup()
        from django.core.management import call_command

        from chips import seeding
        from tests.chips import devset

        call_command("migrate", verbosity=0, stdout=io.StringIO())
        import json

        seeding.load_vendors(json.loads((REPO / "seeds" / "vendors.json").read_text()))
        seeding.load_chips(json.loads((REPO / "seeds" / "chips.json").read_text()))
        names = ["devset", "holdout", "fresh"] if args.which == "all" else [args.which]
        for name in names:
            articles = report_set(devset, name, args.misses)
        if not args.quick:
            from chips.analysis import build_catalogue, reanalyze
            from chips.claims import ClaimExtractor

            extractor = ClaimExtractor(build_catalogue())
            text = "\n\n".join(a["text"] for a in articles) * 10
            started = time.perf_counter()
            extractor.extract("Throughput", text, 0.7)
            seconds = time.perf_counter() - started
            print(
                f"extraction: {len(text) / 1000 / seconds:.0f} kB of text per second "
                f"({len(text) // 1000} kB in {seconds * 1000:.0f} ms)"
            )

            started = time.perf_counter()
            reanalyze()
            per_article = (time.perf_counter() - started) / len(articles) * 1000
            print(f"reanalysis: {per_article:.1f} ms per article (idempotent re-run)")


def report_set(devset, name: str, misses: bool) -> list:
    """Analyse one labelled set in a clean database and print its figures."""
    from chips.models import Claim, Conflict
    from newsfeed.models import Article

    # Each set is measured on its own: no conflicts with the other set's claims.
    Conflict.objects.all().delete()
    Claim.objects.all().delete()
    Article.objects.all().delete()
    directory = devset.SETS[name]
    articles = devset.load_articles(directory)
    started = time.perf_counter()
    pks = devset.ingest(articles)
    elapsed = time.perf_counter() - started
    report = devset.evaluate(articles, pks, directory)
    print(f"{name}: {len(articles)} articles, analysed in {elapsed * 1000:.0f} ms")
    for name, counts in (("vendors", report.vendors), ("chips", report.chips)):
        print(
            f"tagging {name:8} precision {counts.precision:.2f}  recall {counts.recall:.2f}"
            f"  ({counts.true_positives} of {counts.predicted} found, "
            f"{counts.expected} expected)"
        )
    c = report.claims
    print(
        f"claims   all      precision {c.precision:.2f}  recall {c.recall:.2f}"
        f"  ({c.predicted} predicted, {c.found}/{c.expected} labels found)"
    )
    for topic in sorted(report.by_topic):
        t = report.by_topic[topic]
        print(
            f"  {topic:16} precision {t.precision:.2f}  recall {t.recall:.2f}"
            f"  ({t.true_positives}/{t.predicted} predicted, {t.found}/{t.expected} labels)"
        )
    k = report.conflicts
    print(
        f"conflicts recall {k.recall:.2f} ({k.found}/{k.expected} expected pairs found, "
        f"{k.predicted} disputes stored)"
    )
    if misses:
        for miss in report.misses:
            print("  missed:", miss)
        for extra in report.spurious:
            print("  spurious:", extra)
    o = report.origins
    print(f"origins  {o.found}/{o.expected} found labels with an origin name it")
    return articles


if __name__ == "__main__":
    main()
