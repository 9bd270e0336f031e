"""manage.py subscribe and manage.py senddigests."""

import io
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone

from chips.models import Digest, Subscription
from tests.chips.digesting import claim_at, subscriber
from tests.factories import VendorFactory

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


@pytest.fixture
def vendors():
    return VendorFactory(slug="nvidia"), VendorFactory(slug="huawei")


def test_subscribe_creates_a_subscription_for_the_vendors_given(vendors):
    out = run(
        "subscribe", "Ana@Example.com", "--vendor", "nvidia", "--vendor", "huawei",
        "--frequency", "weekly", "--min-confidence", "0.6",
    )  # fmt: skip
    sub = Subscription.objects.get()
    assert sub.email == "ana@example.com" and sub.frequency == "weekly"
    assert sub.min_confidence == 0.6 and sub.is_active
    assert sorted(sub.vendors.values_list("slug", flat=True)) == ["huawei", "nvidia"]
    assert out.startswith("subscribed ana@example.com: weekly, huawei, nvidia")


def test_subscribe_takes_the_minimum_confidence_in_percent(vendors):
    out = run("subscribe", "ana@example.com", "--min-confidence", "60")
    assert Subscription.objects.get().min_confidence == 0.6
    assert out.rstrip().endswith("min confidence 60 %")


def test_subscribe_refuses_a_confidence_that_is_not_a_percentage(vendors):
    with pytest.raises(CommandError, match="not a percentage between 0 and 100"):
        run("subscribe", "ana@example.com", "--min-confidence", "250")
    assert not Subscription.objects.exists()


def test_running_subscribe_again_updates_the_same_subscription(vendors):
    run("subscribe", "ana@example.com", "--vendor", "nvidia", "--frequency", "weekly")
    Subscription.objects.update(is_active=False)
    out = run("subscribe", "ana@example.com", "--vendor", "huawei")
    sub = Subscription.objects.get()
    assert list(sub.vendors.values_list("slug", flat=True)) == ["huawei"]
    assert sub.frequency == "weekly" and sub.is_active  # kept, and re-activated
    assert out.startswith("updated ana@example.com")


def test_subscribe_without_vendors_follows_all_of_them(vendors):
    assert "all vendors" in run("subscribe", "ana@example.com", "--frequency", "daily")


def test_an_unknown_vendor_is_a_clear_error_and_saves_nothing(vendors):
    with pytest.raises(CommandError, match=r"unknown vendor.*: nvidiaa"):
        run("subscribe", "ana@example.com", "--vendor", "nvidiaa", "--vendor", "huawei")
    assert not Subscription.objects.exists()


def test_a_misspelt_vendor_gets_a_suggestion(vendors):
    with pytest.raises(CommandError, match=r"hauwei \(did you mean huawei\?\)"):
        run("subscribe", "ana@example.com", "--vendor", "hauwei")
    assert not Subscription.objects.exists()


def test_the_suggestion_also_comes_from_names_and_aliases(db):
    VendorFactory(slug="alibaba", name="Alibaba", aliases=["T-Head", "Pingtouge"])
    with pytest.raises(CommandError, match=r"did you mean alibaba\?"):
        run("subscribe", "ana@example.com", "--vendor", "pingtoge")


def test_a_vendor_like_no_other_gets_no_suggestion(vendors):
    with pytest.raises(CommandError) as error:
        run("subscribe", "ana@example.com", "--vendor", "zzzzzz")
    assert "did you mean" not in str(error.value)


def test_a_bad_email_is_a_clear_error(vendors):
    with pytest.raises(CommandError, match="valid email"):
        run("subscribe", "not-an-address", "--vendor", "nvidia")
    assert not Subscription.objects.exists()


def yesterday():
    return timezone.now() - timedelta(days=1)


def test_senddigests_dry_run_lists_what_it_would_send_and_sends_and_records_nothing():
    claim_at(yesterday())
    subscriber(email="ana@example.com")
    out = run("senddigests", "--dry-run")
    assert "would send ana@example.com daily" in out and "1 claims" in out
    assert (
        out.strip()
        .splitlines()[-1]
        .startswith("dry run, nothing sent: 1 due: 0 sent, 1 would send")
    )
    assert mail.outbox == [] and not Digest.objects.exists()


def test_senddigests_sends_and_prints_a_line_per_subscriber_and_a_summary():
    claim_at(yesterday())
    subscriber(email="ana@example.com")
    out = run("senddigests")
    lines = out.strip().splitlines()
    assert lines[0].startswith("sent       ana@example.com daily")
    assert lines[-1] == "1 due: 1 sent, 0 would send, 0 empty, 0 failed, 0 skipped"
    assert len(mail.outbox) == 1
    assert run("senddigests").strip() == "0 due: 0 sent, 0 would send, 0 empty, 0 failed, 0 skipped"
