"""/digests/ for subscribers, the editors' preview, the admin, the task and its schedule."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from chips.digests.periods import period_for
from chips.models import Digest, Subscription
from chips.tasks import send_digests
from config.schedule import DEFAULT_PERIODIC_TASKS
from tests.chips.digesting import claim_at, subscriber
from tests.factories import VendorFactory

pytestmark = pytest.mark.django_db

User = get_user_model()


@pytest.fixture
def reader(client):
    user = User.objects.create_user("reader", email="Reader@Example.com", password="x")
    client.force_login(user)
    return user


@pytest.fixture
def news():
    vendor = VendorFactory(slug="nvidia", name="NVIDIA")
    claim_at(timezone.now() - timedelta(days=1), vendor=vendor, statement="<b>H20</b> resumes")
    return vendor


def test_anonymous_visitors_are_sent_to_sign_in(client, settings, db):
    response = client.get("/digests/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse(settings.LOGIN_URL) + "?next=/digests/")
    assert client.get(reverse(settings.LOGIN_URL)).status_code == 200


def test_a_signed_in_user_subscribes_with_their_address(client, reader, news):
    page = client.get("/digests/").content.decode()
    assert 'value="reader@example.com"' in page and "NVIDIA" in page
    response = client.post(
        "/digests/",
        {"email": "reader@example.com", "vendors": [news.pk], "frequency": "weekly",
         "min_confidence": "0.5", "is_active": "on"},
    )  # fmt: skip
    assert response.status_code == 302
    sub = Subscription.objects.get()
    assert sub.user == reader and sub.frequency == "weekly" and sub.min_confidence == 0.5
    assert list(sub.vendors.all()) == [news]


def test_a_user_edits_their_own_subscription_and_one_made_for_their_address(client, reader, news):
    made_by_command = subscriber(email="reader@example.com")
    client.post(
        "/digests/",
        {"email": "reader@example.com", "frequency": "daily", "min_confidence": "0.2"},
    )
    made_by_command.refresh_from_db()
    assert made_by_command.user == reader and made_by_command.min_confidence == 0.2
    assert not made_by_command.is_active  # unticked box: no more digests
    assert Subscription.objects.count() == 1


def test_a_user_cannot_take_over_someone_elses_address(client, reader):
    # Without the link sent to that address nothing moves (tests/chips/test_digests_confirm.py).
    subscriber(email="boss@example.com")
    response = client.post(
        "/digests/", {"email": "Boss@Example.com", "frequency": "daily", "min_confidence": "0"}
    )
    assert response.status_code == 302 and response["Location"] == "/digests/?sent=1"
    assert Subscription.objects.get().user is None


def test_a_bad_confidence_is_shown_on_the_form(client, reader):
    response = client.post(
        "/digests/", {"email": "reader@example.com", "frequency": "daily", "min_confidence": "150"}
    )
    assert response.status_code == 200 and not Subscription.objects.exists()
    assert "Enter a percentage between 0 and 100" in response.content.decode()


def test_the_digest_form_takes_and_shows_confidence_in_percent(client, reader):
    response = client.post(
        "/digests/", {"email": "reader@example.com", "frequency": "daily", "min_confidence": "60"}
    )
    assert response.status_code == 302
    assert Subscription.objects.get().min_confidence == 0.6
    page = client.get("/digests/").content.decode()
    assert 'name="min_confidence" value="60"' in page and "Min. confidence (%)" in page


def preview_url(sub: Subscription) -> str:
    return f"/digests/preview/{sub.pk}/"


def test_the_preview_needs_an_editor(client, reader, news):
    sub = subscriber()
    assert client.get(preview_url(sub)).status_code == 403
    client.logout()
    assert client.get(preview_url(sub)).status_code == 302


def test_an_editor_with_the_view_permission_previews_the_next_digest(client, reader, news):
    reader.user_permissions.add(Permission.objects.get(codename="view_subscription"))
    sub = subscriber(email="ana@example.com")
    response = client.get(preview_url(sub))
    assert response.status_code == 200
    page = response.content.decode()
    assert "ChipWatch daily digest: 1 new claim" in page and "ana@example.com" in page
    assert "<b>H20</b>" not in page
    assert 'href="?part=text"' in page
    text = client.get(preview_url(sub) + "?part=text")
    assert text["Content-Type"].startswith("text/plain") and "<b>H20</b> resumes" in text.text
    assert mail.outbox == []


def test_the_preview_frames_the_whole_html_part_from_its_own_sandboxed_url(client, reader, news):
    # It used to put the already-escaped email in srcdoc="…", cut at its first quote.
    reader.user_permissions.add(Permission.objects.get(codename="view_subscription"))
    sub = subscriber(email="ana@example.com")
    page = client.get(preview_url(sub)).content.decode()
    assert '<iframe class="email-preview" title="HTML part of the digest" src="?part=html"' in page
    assert "srcdoc" not in page and "{#" not in page  # no template comment shown as text
    html = client.get(preview_url(sub) + "?part=html")
    assert html["Content-Type"] == "text/html; charset=utf-8"
    assert html["X-Frame-Options"] == "SAMEORIGIN"  # the site denies framing elsewhere
    assert html["Content-Security-Policy"].startswith("sandbox allow-popups")
    assert "default-src 'none'" in html["Content-Security-Policy"]
    body = html.content.decode()
    assert body.startswith("<!doctype html>") and body.rstrip().endswith("</html>")
    assert "ChipWatch daily digest" in body and "&lt;b&gt;H20&lt;/b&gt; resumes" in body
    assert '<base target="_blank">' in body  # links leave the frame
    assert client.get("/")["X-Frame-Options"] == "DENY"


def test_staff_preview_from_the_admin(admin_client, news):
    sub = subscriber(email="ana@example.com")
    changelist = admin_client.get("/admin/chips/subscription/").content.decode()
    assert preview_url(sub) in changelist
    response = admin_client.post(
        "/admin/chips/subscription/",
        {"action": "preview_next_digest", "_selected_action": [sub.pk]},
    )
    assert response.status_code == 302 and response["Location"] == preview_url(sub)
    assert admin_client.get(preview_url(sub)).status_code == 200


def test_the_digest_log_is_read_only_in_the_admin(admin_client):
    assert admin_client.get("/admin/chips/digest/").status_code == 200
    assert admin_client.get("/admin/chips/digest/add/").status_code == 403


def test_the_navigation_links_to_digests(client, db):
    assert 'href="/digests/"' in client.get("/").content.decode()


def test_the_task_sends_the_due_digests_and_is_on_the_hourly_schedule(news):
    subscriber()
    assert send_digests() == {"sent": 1, "would send": 0, "empty": 0, "failed": 0, "skipped": 0}
    assert send_digests()["sent"] == 0
    entry = next(e for e in DEFAULT_PERIODIC_TASKS if e["task"] == "chips.send_digests")
    assert entry["every_seconds"] == 3600


def test_the_pages_take_a_constant_number_of_queries(
    admin_client, admin_user, django_assert_max_num_queries
):
    vendors = VendorFactory.create_batch(15)
    for vendor in vendors:
        claim_at(timezone.now() - timedelta(days=1), vendor=vendor)
    sub = subscriber(vendors=vendors[:10], user=admin_user, email="admin@example.com")
    with django_assert_max_num_queries(6):
        assert admin_client.get("/digests/").status_code == 200
    with django_assert_max_num_queries(10):
        assert admin_client.get(preview_url(sub)).status_code == 200


def test_an_admin_releases_a_stuck_digest_from_the_log(admin_client):
    period = period_for("daily", timezone.now())
    digest = Digest.objects.create(
        subscription=subscriber(),
        frequency="daily",
        period_start=period.start,
        period_end=period.end,
        status="sending",
        attempts=1,
    )
    response = admin_client.post(
        "/admin/chips/digest/", {"action": "release_for_retry", "_selected_action": [digest.pk]}
    )
    assert response.status_code == 302
    digest.refresh_from_db()
    assert digest.status == "pending" and digest.attempts == 0


def test_the_preview_runs_as_many_queries_with_much_more_news(client, reader, news, count_queries):
    reader.user_permissions.add(Permission.objects.get(codename="view_subscription"))
    sub = subscriber(email="ana@example.com")
    few = count_queries(preview_url(sub)), count_queries(preview_url(sub) + "?part=html")
    for i in range(10):
        claim = claim_at(timezone.now() - timedelta(days=1), vendor=news, statement=f"News {i}")
        claim.give_verdict("verified", reader, note=f"Reason {i}")
    assert (count_queries(preview_url(sub)), count_queries(preview_url(sub) + "?part=html")) == few
