"""manage.py subscribe EMAIL [--vendor SLUG ...] [--frequency daily|weekly] [--min-confidence X]."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from chips.digests import subscribe
from chips.models import DigestFrequency


class Command(BaseCommand):
    help = (
        "Subscribe an address to digests, or update its subscription. Without --vendor it "
        "follows every vendor; --frequency and --min-confidence keep their value when left out."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("email")
        parser.add_argument(
            "--vendor", action="append", default=[], metavar="SLUG", help="Vendor to follow."
        )
        parser.add_argument("--frequency", choices=DigestFrequency.values)
        parser.add_argument("--min-confidence", type=float, metavar="X", help="0..1")

    def handle(self, *args, email: str, vendor: list[str], **options) -> None:
        try:
            subscription, created = subscribe(
                email, vendor, options["frequency"], options["min_confidence"]
            )
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from None
        vendors = ", ".join(sorted(v.slug for v in subscription.vendors.all())) or "all vendors"
        verb = "subscribed" if created else "updated"
        self.stdout.write(
            f"{verb} {subscription.email}: {subscription.frequency}, {vendors}, "
            f"min confidence {subscription.min_confidence:g}"
        )
