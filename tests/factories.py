"""factory_boy factories for the domain models."""

from __future__ import annotations

import factory
from django.utils import timezone

from chips.conflicts import advance_firsts, question_key
from chips.models import (
    Chip,
    Claim,
    Conflict,
    ConflictClaim,
    Subscription,
    Vendor,
    VendorMention,
)
from newsfeed.models import Article, Feed, Source


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source
        django_get_or_create = ["domain"]

    name = factory.Sequence(lambda n: f"Outlet {n}")
    domain = factory.Sequence(lambda n: f"outlet{n}.example")
    reliability = 0.7


class FeedFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Feed

    url = factory.Sequence(lambda n: f"https://outlet{n}.example/feed.xml")
    title = factory.Sequence(lambda n: f"Feed {n}")
    source = factory.SubFactory(SourceFactory)


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    feed = factory.SubFactory(FeedFactory)
    source = factory.SelfAttribute("feed.source")
    url = factory.Sequence(lambda n: f"https://outlet.example/news/{n}")
    title = factory.Sequence(lambda n: f"Chip story {n}")
    text = "A story about chips."
    published_at = factory.LazyFunction(timezone.now)


class VendorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Vendor
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"vendor-{n}")
    name = factory.Sequence(lambda n: f"Vendor {n}")
    aliases = factory.LazyFunction(list)


class ChipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Chip

    vendor = factory.SubFactory(VendorFactory)
    slug = factory.Sequence(lambda n: f"chip-{n}")
    name = factory.Sequence(lambda n: f"Chip {n}")


class ClaimFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Claim

    article = factory.SubFactory(ArticleFactory)
    vendor = factory.SubFactory(VendorFactory)
    topic = "manufacturing"
    polarity = "affirm"
    value = "TSMC"
    statement = factory.Sequence(lambda n: f"Claim number {n}")
    quote = factory.Sequence(lambda n: f"Sentence number {n} of the article.")
    confidence = 0.7
    claimed_at = factory.LazyFunction(timezone.now)


class ConflictFactory(factory.django.DjangoModelFactory):
    """A dispute with one claim per side (SMIC vs TSMC by default).

    ConflictFactory(claim_a=claim) puts a given claim on side A;
    ConflictFactory(claim_b__statement="...") passes fields to side B's new claim.
    """

    class Meta:
        model = Conflict
        skip_postgeneration_save = True

    vendor = factory.SubFactory(VendorFactory)
    chip = None
    topic = "manufacturing"
    value_a = "SMIC"
    value_b = "TSMC"
    question_key = factory.LazyAttribute(
        lambda c: question_key(
            c.vendor.pk, c.chip.pk if c.chip else None, c.topic, c.value_a, c.value_b
        )
    )

    @factory.post_generation
    def claim_a(self, create, extracted, **kwargs):
        _side(self, "a", extracted, self.value_a, kwargs)

    @factory.post_generation
    def claim_b(self, create, extracted, **kwargs):
        _side(self, "b", extracted, self.value_b, kwargs)


def _side(conflict: Conflict, side: str, claim: Claim | None, value: str, fields: dict) -> None:
    if claim is None:
        fields = {
            "vendor": conflict.vendor,
            "chip": conflict.chip,
            "topic": conflict.topic,
            "value": value,
            "polarity": "deny" if side == "b" and conflict.is_polarity else "affirm",
            **fields,
        }
        claim = ClaimFactory(**fields)
    ConflictClaim.objects.create(conflict=conflict, claim=claim, side=side)
    # As a claim joining does: the side's first date stays true.
    advance_firsts({conflict.pk: {side: claim.claimed_at}})
    first = Conflict.objects.values_list(f"first_{side}", flat=True).get(pk=conflict.pk)
    setattr(conflict, f"first_{side}", first)


class VendorMentionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VendorMention

    article = factory.SubFactory(ArticleFactory)
    vendor = factory.SubFactory(VendorFactory)
    count = 1


class SubscriptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Subscription
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"reader{n}@example.com")
    frequency = "daily"
    min_confidence = 0.0

    @factory.post_generation
    def vendors(self, create, extracted, **kwargs):
        if create and extracted:
            self.vendors.set(extracted)


class UserFactory(factory.django.DjangoModelFactory):
    """A signed-in reader with no permissions (a viewer)."""

    class Meta:
        model = "auth.User"
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    password = factory.django.Password("correct horse battery")

    @factory.post_generation
    def permissions(self, create, extracted, **kwargs):
        """UserFactory(permissions=["chips.change_claim"]) grants those permissions."""
        if not create or not extracted:
            return
        from django.contrib.auth.models import Permission

        for perm in extracted:
            app_label, codename = perm.split(".")
            self.user_permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )
