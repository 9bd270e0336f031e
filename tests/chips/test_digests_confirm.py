"""A new address gets digests only once its owner opens the signed link sent to it, and
/digests/ says the same whether or not an address is subscribed already."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from chips.models import Subscription
from tests.chips.digesting import subscriber
from tests.factories import VendorFactory

pytestmark = pytest.mark.django_db
User = get_user_model()


@pytest.fixture
def reader(client):
    user = User.objects.create_user("reader", email="reader@example.com", password="x")
    client.force_login(user)
    return user


def post_settings(client, email: str, **more):
    data = {"email": email, "frequency": "weekly", "min_confidence": "40", "is_active": "on"}
    return client.post("/digests/", {**data, **more})


def link_in(message) -> str:
    """The path of the confirmation link in an email (the test client needs no host)."""
    [path] = re.findall(r"https?://[^/\s]+(/digests/confirm/[^/\s]+/)", message.body)
    return path


def test_a_new_address_gets_a_link_and_no_digests_until_it_is_confirmed(client, reader):
    mine = subscriber(email="reader@example.com", user=reader)
    response = post_settings(client, "New@Example.com")
    assert response.status_code == 302 and response["Location"] == "/digests/?sent=1"
    mine.refresh_from_db()
    assert mine.email == "reader@example.com"  # digests stay where they were
    assert mine.frequency == "weekly" and mine.min_confidence == 0.4  # the rest is saved
    [message] = mail.outbox
    assert message.to == ["new@example.com"] and "reader" in message.body
    page = client.get("/digests/?sent=1").content.decode()
    assert "we emailed a link to the address you entered" in page
    assert "Until then they go to reader@example.com." in page


def test_opening_the_link_asks_and_confirming_moves_the_digests(client, reader):
    mine = subscriber(email="reader@example.com", user=reader)
    post_settings(client, "new@example.com")
    url = link_in(mail.outbox[0])
    client.logout()  # the link works from any browser: the inbox is the proof
    asked = client.get(url).content.decode()
    assert "Send ChipWatch digests to new@example.com?" in asked
    mine.refresh_from_db()
    assert mine.email == "reader@example.com"  # a mail scanner opening the link changes nothing
    done = client.post(url).content.decode()
    assert "ChipWatch digests now go to new@example.com" in done
    mine.refresh_from_db()
    assert mine.email == "new@example.com" and Subscription.objects.count() == 1
    client.post(url)  # twice is harmless
    assert Subscription.objects.get().email == "new@example.com"


def test_the_page_says_the_same_whether_or_not_an_address_is_subscribed(client, reader):
    subscriber(email="boss@example.com")
    taken = post_settings(client, "boss@example.com")
    free = post_settings(client, "nobody@example.com")
    assert (taken.status_code, taken["Location"]) == (free.status_code, free["Location"])
    assert len(mail.outbox) == 2
    # And nothing moved: boss@ keeps its subscription, with no account.
    boss = Subscription.objects.get(email="boss@example.com")
    assert boss.user is None and boss.frequency == "daily"


def test_whoever_confirms_an_address_gets_its_subscription_with_their_settings(client, reader):
    nvidia = VendorFactory(slug="nvidia")
    subscriber(email="boss@example.com", min_confidence=0.9)
    post_settings(client, "boss@example.com", vendors=[nvidia.pk])
    assert not Subscription.objects.filter(user=reader).exists()  # nothing before the link
    client.post(link_in(mail.outbox[0]))
    boss = Subscription.objects.get(email="boss@example.com")
    assert boss.user == reader and boss.min_confidence == 0.4 and boss.frequency == "weekly"
    assert list(boss.vendors.all()) == [nvidia]


def test_a_new_subscriber_with_another_address_is_created_on_confirmation(client, reader):
    post_settings(client, "elsewhere@example.com")
    assert not Subscription.objects.exists()
    client.post(link_in(mail.outbox[0]))
    made = Subscription.objects.get()
    assert (made.user, made.email, made.frequency) == (reader, "elsewhere@example.com", "weekly")


def test_the_account_address_needs_no_link(client, reader):
    assert post_settings(client, "reader@example.com")["Location"] == "/digests/?saved=1"
    assert Subscription.objects.get().email == "reader@example.com" and mail.outbox == []


@pytest.mark.parametrize("damage", ["tampered", "expired"])
def test_a_damaged_or_expired_link_changes_nothing(client, reader, monkeypatch, damage):
    mine = subscriber(email="reader@example.com", user=reader)
    post_settings(client, "new@example.com")
    url = link_in(mail.outbox[0])
    if damage == "tampered":
        # Another character than the one there (a signature holds an "x" one time in 64).
        url = url[:-3] + ("y" if url[-3] == "x" else "x") + url[-2:]
    else:
        monkeypatch.setattr("chips.digests.confirmation.CONFIRM_MAX_AGE", timedelta(seconds=-1))
    response = client.post(url)
    assert response.status_code == 400
    assert "This confirmation link is not valid" in response.content.decode()
    mine.refresh_from_db()
    assert mine.email == "reader@example.com"


def test_a_link_for_an_account_since_disabled_is_refused(client, reader):
    post_settings(client, "new@example.com")
    User.objects.filter(pk=reader.pk).update(is_active=False)
    assert client.post(link_in(mail.outbox[0])).status_code == 400
    assert not Subscription.objects.exists()
