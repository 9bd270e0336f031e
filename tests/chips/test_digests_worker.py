"""The beat's task, run by a real Celery worker, mails a digest through a real SMTP server."""

from __future__ import annotations

import email
from datetime import timedelta
from email import policy

import pytest
from django.utils import timezone

from chips.models import Digest
from chips.tasks import send_digests
from tests.chips.digesting import claim_at, subscriber
from tests.chips.test_digests_smtp import Mailbox, free_loopback_port
from tests.config.test_celery_worker import require_services, worker  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def mailbox():
    from aiosmtpd.controller import Controller

    box = Mailbox()
    controller = Controller(box, hostname="127.0.0.1", port=free_loopback_port())
    controller.start()
    yield box, controller.port
    controller.stop()


@pytest.fixture
def mailing_worker(mailbox, monkeypatch, request):
    """A worker whose outgoing mail goes to the loopback SMTP server (set before it starts)."""
    _, port = mailbox
    monkeypatch.delenv("EMAIL_BACKEND", raising=False)
    monkeypatch.setenv("EMAIL_URL", f"smtp://127.0.0.1:{port}")
    return request.getfixturevalue("worker")


def test_the_send_digests_task_delivers_once_through_a_worker(mailing_worker, mailbox):
    box, _ = mailbox
    claim_at(timezone.now() - timedelta(days=1), statement="Hanguang 800 ships")
    subscriber(email="reader@example.com")

    first = send_digests.apply_async(queue=mailing_worker).get(timeout=90)
    second = send_digests.apply_async(queue=mailing_worker).get(timeout=90)

    assert first["sent"] == 1 and second["sent"] == 0
    [envelope] = box.envelopes
    message = email.message_from_bytes(envelope.original_content, policy=policy.default)
    assert envelope.rcpt_tos == ["reader@example.com"]
    assert "Hanguang 800 ships" in message.get_body(preferencelist=("plain",)).get_content()
    assert Digest.objects.get().status == "sent"
