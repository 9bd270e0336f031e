"""Day one: the digest due covers yesterday, before a new subscriber arrived, so they can
preview the period in progress, and `senddigests --dry-run --period current` lists it."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone

from chips.digests.periods import Period, current_period
from chips.models import Digest
from tests.chips.digesting import claim_at, subscriber

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("frequency", "start", "end"),
    [
        ("daily", datetime(2026, 11, 25, tzinfo=UTC), datetime(2026, 11, 26, tzinfo=UTC)),
        ("weekly", datetime(2026, 11, 23, tzinfo=UTC), datetime(2026, 11, 30, tzinfo=UTC)),
    ],
)
def test_the_current_period_is_the_one_in_progress(frequency, start, end):
    wednesday = datetime(2026, 11, 25, 15, 30, tzinfo=UTC)
    assert current_period(frequency, wednesday) == Period(frequency, start, end)


def run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_dry_run_of_the_current_period_shows_what_came_in_today():
    claim_at(timezone.now(), statement="Fresh news")
    subscriber(email="new@example.com")
    # The digest due (yesterday) is empty for someone who arrived with today's news...
    assert "empty      new@example.com" in run("senddigests", "--dry-run")
    # ...and today's so far is not.
    out = run("senddigests", "--dry-run", "--period", "current")
    today = timezone.now().strftime("%Y-%m-%d")
    assert f"would send new@example.com daily {today}: 1 claims" in out
    assert (
        out.strip()
        .splitlines()[-1]
        .startswith("dry run, nothing sent: 1 in progress: 0 sent, 1 would send")
    )
    assert mail.outbox == [] and not Digest.objects.exists()


def test_the_current_period_cannot_be_sent_only_previewed():
    with pytest.raises(CommandError, match="--period current goes with --dry-run only"):
        run("senddigests", "--period", "current")
    assert mail.outbox == []


def test_a_new_subscriber_previews_their_own_digest_so_far(client):
    user = get_user_model().objects.create_user("ana", email="ana@example.com")
    client.force_login(user)
    claim_at(timezone.now(), statement="Fresh news")
    mine = subscriber(email="ana@example.com", user=user)
    settings_page = client.get("/digests/").content.decode()
    assert f'href="/digests/preview/{mine.pk}/?period=current"' in settings_page
    page = client.get(f"/digests/preview/{mine.pk}/?period=current").content.decode()
    assert "Digest so far for ana@example.com" in page and "1 new claim" in page
    assert 'src="?part=html&amp;period=current"' in page
    html = client.get(f"/digests/preview/{mine.pk}/?part=html&period=current").content.decode()
    assert "Fresh news" in html
    # The digest due covers yesterday: nothing in it yet.
    assert "would not be sent" in client.get(f"/digests/preview/{mine.pk}/").content.decode()
    assert mail.outbox == [] and not Digest.objects.exists()


def test_a_subscriber_cannot_preview_someone_elses_digest(client):
    client.force_login(get_user_model().objects.create_user("ana"))
    other = subscriber(email="boss@example.com")
    assert client.get(f"/digests/preview/{other.pk}/?period=current").status_code == 403
