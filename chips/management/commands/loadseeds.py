"""Load seeds/: vendors, chips, feeds, the seed article and its curated claims."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from chips.analysis import analyze_article, build_tagger
from chips.models import Claim
from chips.seeding import detect_conflicts, load_chips, load_claims, load_vendors
from config.schedule import ensure_periodic_tasks
from newsfeed.seeding import load_articles, load_feeds


class Command(BaseCommand):
    help = "Load the seed catalogue, feeds, seed article and curated claims. Safe to run again."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--dir",
            default=str(settings.BASE_DIR / "seeds"),
            help="Seed folder (default: the project's seeds/)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        seed_dir = Path(options["dir"])
        if not seed_dir.is_dir():
            raise CommandError(f"No seed folder at {seed_dir}")

        def read(name: str) -> list[dict]:
            path = seed_dir / name
            try:
                return json.loads(path.read_text(encoding="utf-8"))
            except FileNotFoundError:
                raise CommandError(f"Missing seed file {path}") from None
            except json.JSONDecodeError as exc:
                raise CommandError(f"{path} is not valid JSON: {exc}") from None

        try:
            with transaction.atomic():
                vendors = load_vendors(read("vendors.json"))
                chips = load_chips(read("chips.json"))
                feeds = load_feeds(read("feeds.json"))
                articles = load_articles(read("articles.json"), seed_dir)
                claims = load_claims(read("claims.json"))
        except (KeyError, ValueError) as exc:
            raise CommandError(f"Bad seed data: {exc!r}") from exc

        # Tag only the articles this run created, so a second run is a no-op. Analysis
        # also checks every claim of those articles, curated ones included, for conflicts.
        if articles.created_ids:
            tagger = build_tagger()
            for article_id in articles.created_ids:
                analyze_article(article_id, tagger=tagger)
        # Curated claims new to an article that was already there were not analysed.
        analysed = set(articles.created_ids)
        detect_conflicts(
            Claim.objects.filter(pk__in=claims.created_ids)
            .exclude(article_id__in=analysed)
            .values_list("pk", flat=True)
        )
        schedules = ensure_periodic_tasks()

        for label, count in [
            ("vendors", vendors),
            ("chips", chips),
            ("feeds", feeds),
            ("articles", articles),
            ("claims", claims),
        ]:
            self.stdout.write(f"{label:<9} {count}")
        self.stdout.write(f"schedules {schedules} created")
        self.stdout.write(self.style.SUCCESS("Seeds loaded."))
