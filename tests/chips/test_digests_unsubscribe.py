"""Unsubscribing from digests: a confirmation on GET, a POST (also one-click), tampering refused."""

import pytest
from django.core import signing
from django.test import Client

from chips.digests.mail import unsubscribe_token
from chips.models import Subscription
from tests.chips.digesting import subscriber

pytestmark = pytest.mark.django_db


@pytest.fixture
def sub():
    return subscriber(email="ana@example.com")


def url(token: str) -> str:
    return f"/digests/unsubscribe/{token}/"


def active(sub: Subscription) -> bool:
    sub.refresh_from_db()
    return sub.is_active


def test_the_link_shows_a_confirmation_and_changes_nothing(client, sub):
    response = client.get(url(unsubscribe_token(sub)))
    assert response.status_code == 200
    page = response.content.decode()
    assert "ana@example.com" in page and '<form method="post"' in page
    assert active(sub)


def test_confirming_unsubscribes(client, sub):
    response = client.post(url(unsubscribe_token(sub)))
    assert response.status_code == 200
    assert "You are unsubscribed" in response.content.decode()
    assert not active(sub)


def test_a_one_click_post_from_a_mail_client_works_without_a_csrf_token(sub):
    mail_client = Client(enforce_csrf_checks=True)
    response = mail_client.post(
        url(unsubscribe_token(sub)),
        data="List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert not active(sub)


def test_unsubscribing_twice_is_harmless(client, sub):
    token = unsubscribe_token(sub)
    client.post(url(token))
    assert client.post(url(token)).status_code == 200
    assert "already unsubscribed" in client.get(url(token)).content.decode()


def test_a_tampered_token_is_refused_and_changes_nothing(client, sub):
    other = subscriber(email="bob@example.com")
    token = unsubscribe_token(sub)
    _, rest = token.split(":", 1)
    forged = unsubscribe_token(other).split(":", 1)[0] + ":" + rest  # bob's id, ana's signature
    for bad in (forged, token[:-3] + "abc", "not-a-token"):
        for method in (client.get, client.post):
            response = method(url(bad))
            assert response.status_code == 400
            assert "not valid" in response.content.decode()
    assert active(sub) and active(other)


def test_a_token_is_only_good_for_unsubscribing(client, sub):
    other_purpose = signing.dumps(sub.pk, salt="some.other.purpose")
    assert client.post(url(other_purpose)).status_code == 400
    assert active(sub)
