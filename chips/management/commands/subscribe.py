"""manage.py subscribe EMAIL [--vendor SLUG ...] [--frequency F] [--min-confidence PERCENT]."""

from __future__ import annotations

import argparse

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from chips.digests.subscriptions import subscribe
from chips.models import DigestFrequency
from chips.units import BadPercent, parse_confidence, percent_label


def confidence_argument(text: str) -> float:
    try:
        return parse_confidence(text)
    except BadPercent:
        # argparse turns this into "argument --min-confidence: ..." and exit status 2.
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a percentage between 0 and 100 (e.g. 60)"
        ) from None


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
        parser.add_argument(
            "--min-confidence",
            type=confidence_argument,
            metavar="PERCENT",
            help="0-100, e.g. 60 (a fraction below 1 such as 0.6 is read as 60 too)",
        )

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
            f"min confidence {percent_label(subscription.min_confidence)}"
        )
