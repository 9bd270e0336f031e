"""A digest delivered through a real SMTP server on loopback, read back as a mail client would."""

import email
import socket
from email import policy

import pytest
from aiosmtpd.controller import Controller

from chips.digests.sending import send_due_digests
from tests.chips.digesting import NOW, claim_at, subscriber

pytestmark = pytest.mark.django_db


class Mailbox:
    def __init__(self):
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"


def free_loopback_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp_server(settings):
    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=free_loopback_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 10
    yield mailbox
    controller.stop()


def test_a_digest_goes_through_smtp_with_both_parts_and_the_unsubscribe_headers(
    smtp_server, settings
):
    settings.SITE_URL = "https://chipwatch.example"
    claim_at(statement="Ascend 910C dies were made by TSMC")
    subscriber(email="reader@example.com")

    report = send_due_digests(NOW)

    assert report.count("sent") == 1
    [envelope] = smtp_server.envelopes
    assert envelope.rcpt_tos == ["reader@example.com"]
    message = email.message_from_bytes(envelope.original_content, policy=policy.default)
    assert message["Subject"] == "ChipWatch daily digest: 1 new claim — 28 Nov"
    # Long headers may be folded (legal in RFC 5322); clients unfold them.
    assert (
        message["List-Unsubscribe"]
        .strip()
        .startswith("<https://chipwatch.example/digests/unsubscribe/")
    )
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message["Message-ID"]
    assert message.get_content_type() == "multipart/alternative"
    text = message.get_body(preferencelist=("plain",))
    html = message.get_body(preferencelist=("html",))
    assert "Ascend 910C dies were made by TSMC" in text.get_content()
    assert "Ascend 910C dies were made by TSMC" in html.get_content()
    assert "<!doctype html>" in html.get_content()
