"""Issue 10's figures on the labelled sets, measured through the export contract.

Runs the real pipeline (analyze_article) over each labelled set in a throwaway SQLite
database, reads back what `manage.py export articles|claims|conflicts` would print, and
scores it (tests/chips/devset/scoring.py holds the rules): claim precision (stored
claims fully right), strict recall (labels found with the right vendor, topic and
polarity), origin accuracy, stored conflicts that are real, expected contradictions and
questions found, a per-topic breakdown, tagging figures and ms per article.

`--set NAME` measures one set; the default `all` measures every set but `blind`, which
is for measuring only and runs when asked by name. `--misses` lists, per article, the
spurious claims and tags, missed labels and tags, wrong origins and missed conflicts.
`--quick` skips the extraction-speed loop.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.chips import devset  # noqa: E402 (needs the repo on the path)

SET_NAMES = list(devset.SETS)
BLIND_REMINDER = (
    "blind is for measuring, not tuning: never read its misses or its stories to change "
    "the rules; tune on tuning, tuning2, tuning3, tuning4, tuning5, tuning6, tuning7 and "
    "tuning8 (and devset, holdout, fresh)."
)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="skip the extraction-speed loop")
    parser.add_argument(
        "--misses", action="store_true", help="list spurious and missed claims, tags, conflicts"
    )
    parser.add_argument(
        "--set",
        dest="which",
        choices=[*SET_NAMES, "all"],
        default="all",
        help="which labelled set to measure (default: all but blind)",
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

        call_command("migrate", verbosity=0, stdout=io.StringIO())
        seeding.load_vendors(json.loads((REPO / "seeds" / "vendors.json").read_text()))
        seeding.load_chips(json.loads((REPO / "seeds" / "chips.json").read_text()))
        names = [n for n in SET_NAMES if n != "blind"] if args.which == "all" else [args.which]
        measured = []
        for name in names:
            if not list((devset.SETS[name] / "articles").glob("*.json")):
                print(f"{name}: no articles in {devset.SETS[name].relative_to(REPO)}, skipped\n")
                continue
            measured.append(report_set(devset, name, args.misses))
        if args.which == "all":
            print(f"blind left out: `--set blind` measures it. Reminder: {BLIND_REMINDER}")
        if measured and not args.quick:
            speed(measured[-1])


def report_set(devset, name: str, misses: bool) -> list:
    """Analyse one labelled set in a clean database and print its figures."""
    from chips.models import Claim, Conflict
    from newsfeed.models import Article

    # Each set is measured on its own: no conflicts with another set's claims.
    Conflict.objects.all().delete()
    Claim.objects.all().delete()
    Article.objects.all().delete()
    directory = devset.SETS[name]
    articles = devset.load_articles(directory)
    started = time.perf_counter()
    pks = devset.ingest(articles)
    elapsed = time.perf_counter() - started
    score = devset.evaluate(articles, pks, directory)
    print(
        f"== {name}: {len(articles)} articles, {score.recall.total} labels, "
        f"{len(devset.load_conflicts(directory))} expected conflict pairs; "
        f"{elapsed * 1000 / len(articles):.1f} ms per article"
    )
    print(f"  precision (stored claims fully right)   {score.precision}")
    print(f"  strict recall (labels found)            {score.recall}")
    causes = ", ".join(f"{cause} {n}" for cause, n in score.wrong_causes.most_common())
    print(f"  wrong claims by cause                   {causes or 'none'}")
    confusions = ", ".join(
        f"{stored}→{labelled} {n}"
        for (stored, labelled), n in score.topic_confusions.most_common(8)
    )
    print(f"  topic stored→labelled (most common)     {confusions or 'none'}")
    print(f"  origin right, among fully-right claims  {score.origins}")
    print(f"  stored conflicts real                   {score.conflicts_real}")
    print(f"  expected contradictions found           {score.contradictions_found}")
    print(f"  expected questions found                {score.questions_found}")
    for kind in ("vendors", "chips"):
        tagging = getattr(score, kind)
        print(f"  tagging {kind:8} precision {tagging.precision}  recall {tagging.recall}")
    print(f"  {'topic':16} {'precision':>16} {'strict recall':>16}")
    for topic in sorted(score.by_topic):
        t = score.by_topic[topic]
        print(f"  {topic:16} {t.precision!s:>16} {t.recall!s:>16}")
    if misses:
        print(f"  -- {name} misses (spurious / missed / origin / conflict):")
        for miss in sorted(score.misses, key=lambda m: (m.article, m.kind)):
            print(f"  {miss}")
    if name == "blind":
        print(f"  Reminder: {BLIND_REMINDER}")
    print()
    return articles


def speed(articles: list) -> None:
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


if __name__ == "__main__":
    main()
