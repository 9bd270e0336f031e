"""manage.py reanalyze [--all | --article ID]: re-run tagging, extraction and conflicts.

Run it after editing the vendor/chip catalogue or chips/lexicons/claims.toml. It is the
same function the Celery task runs, so it never duplicates claims and never loses an
editor's verdict.
"""

from __future__ import annotations

import argparse
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from chips.analysis import AnalysisResult, reanalyze
from newsfeed.models import Article

# The largest id a 64-bit integer column holds; a bigger one cannot name an article,
# and SQLite would refuse to even compare it.
MAX_ID = 2**63 - 1


def article_id(text: str) -> int:
    # argparse prints "argument --article: <message>" and exits with status 2.
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not 0 < value <= MAX_ID:
        raise argparse.ArgumentTypeError(
            f"no article can have id {value}: ids run from 1 to {MAX_ID}"
        )
    return value


class Command(BaseCommand):
    help = "Re-analyse articles (mentions, claims, conflicts) after the lexicons changed."

    def add_arguments(self, parser) -> None:
        group = parser.add_mutually_exclusive_group(required=True)
        group.add_argument("--all", action="store_true", help="every article")
        group.add_argument(
            "--article", type=article_id, action="append", metavar="ID", help="one article"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        ids = None
        if options["article"]:
            ids = options["article"]
            missing = set(ids) - set(
                Article.objects.filter(pk__in=ids).values_list("pk", flat=True)
            )
            if missing:
                raise CommandError(f"no article with id {', '.join(map(str, sorted(missing)))}")
        verbosity = options["verbosity"]

        def progress(index: int, total: int, article_id: int, result: AnalysisResult) -> None:
            if verbosity >= 1:
                self.stdout.write(
                    f"[{index}/{total}] article {article_id}: {len(result.vendors)} vendors, "
                    f"{len(result.chips)} chips, {result.claims} claims "
                    f"(+{result.claims_created} -{result.claims_removed}), "
                    f"{result.conflicts} conflicts"
                )

        total = reanalyze(ids, progress=progress)
        articles = len(ids) if ids is not None else Article.objects.count()
        self.stdout.write(
            self.style.SUCCESS(
                f"Reanalysed {articles} articles: {total.claims_created} claims created, "
                f"{total.claims_updated} updated, {total.claims_kept} kept, "
                f"{total.claims_removed} removed; {total.conflicts} conflicts found."
            )
        )
