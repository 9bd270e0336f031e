"""Signing in and out; DASHBOARD_REQUIRE_LOGIN closes every dashboard page to strangers."""

import pytest

from newsfeed.models import Article
from tests.factories import ChipFactory, ClaimFactory, ConflictFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery"


def dashboard_urls() -> list[str]:
    chip = ChipFactory(slug="zeta-1")
    claim = ClaimFactory(vendor=chip.vendor, chip=chip)
    ConflictFactory(claim_a=claim)
    return [
        "/",
        "/vendors/",
        f"/vendors/{claim.vendor.slug}/",
        "/chips/zeta-1/",
        "/conflicts/",
        f"/claims/{claim.pk}/",
        f"/articles/{Article.objects.first().pk}/",
        "/search/?q=chip",
        "/feeds/",
    ]


def test_reading_needs_no_sign_in_by_default(client):
    for url in dashboard_urls():
        assert client.get(url).status_code == 200, url


def test_with_require_login_every_page_sends_strangers_to_the_login_page(client, settings):
    settings.DASHBOARD_REQUIRE_LOGIN = True
    for url in dashboard_urls():
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/login/?next="), url


def test_with_require_login_an_htmx_request_redirects_the_whole_page(client, settings):
    settings.DASHBOARD_REQUIRE_LOGIN = True
    response = client.get("/feeds/", HTTP_HX_REQUEST="true")
    assert response["HX-Redirect"].startswith("/accounts/login/?next=")


def test_with_require_login_a_signed_in_viewer_reads_every_page(viewer_client, settings):
    settings.DASHBOARD_REQUIRE_LOGIN = True
    for url in dashboard_urls():
        assert viewer_client.get(url).status_code == 200, url


def test_the_login_page_signs_a_user_in_and_returns_to_the_page(client, viewer):
    assert client.get("/accounts/login/").status_code == 200
    response = client.post(
        "/accounts/login/", {"username": "viewer", "password": PASSWORD, "next": "/conflicts/"}
    )
    assert response.status_code == 302 and response["Location"] == "/conflicts/"
    assert "Log out" in client.get("/").content.decode()


def test_a_wrong_password_is_refused_with_a_message(client, viewer):
    response = client.post("/accounts/login/", {"username": "viewer", "password": "nope"})
    assert response.status_code == 200
    assert "correct username and password" in response.content.decode()


def test_logging_out_is_a_post(viewer_client):
    response = viewer_client.post("/accounts/logout/")
    assert response.status_code == 302
    assert "Log in" in viewer_client.get("/").content.decode()


def test_the_setting_reads_the_environment(monkeypatch):
    from config.env import env_bool

    monkeypatch.setenv("DASHBOARD_REQUIRE_LOGIN", "1")
    assert env_bool("DASHBOARD_REQUIRE_LOGIN", False) is True
