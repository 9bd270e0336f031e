"""manage.py export {feeds,articles,claims,conflicts}: JSON Lines on stdout."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand

from chips.exporting import EXPORTERS


class Command(BaseCommand):
    help = "Write feeds, articles, claims or conflicts as JSON Lines (one object per row)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("kind", choices=sorted(EXPORTERS), help="what to export")

    def handle(self, *args: Any, kind: str, **options: Any) -> None:
        for record in EXPORTERS[kind]():
            # ensure_ascii=False keeps Chinese names readable; one line per row.
            self.stdout.write(json.dumps(record, ensure_ascii=False))
