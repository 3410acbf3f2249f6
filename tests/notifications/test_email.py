"""E-mails through a real SMTP server (aiosmtpd) on loopback: literal text, no header injection."""

from __future__ import annotations

import email
import email.policy
import logging
import socket
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from email.message import Message
from typing import Any

import pytest
import sqlalchemy as sa
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from flask import Flask
from sqlalchemy.orm import Session

from catalog.config import Settings
from catalog.notifications.dispatcher import dispatch_pending
from catalog.notifications.mailer import MAX_ATTEMPTS, send_pending_emails
from catalog.notifications.models import Notification
from catalog.permissions import Role
from catalog.users.models import User
from tests import factories
from tests.webhooks.helpers import event, settled

SMTP_PASSWORD = "smtp-canary-9f3b"
TRICKY = "{0.__class__} ${x} %(y)s\r\nBcc: evil@example.com"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Mailbox:
    port: int
    messages: list[tuple[list[str], Message]] = field(default_factory=list)

    async def handle_DATA(self, _server: Any, _session: Any, envelope: Any) -> str:
        self.messages.append(
            (
                list(envelope.rcpt_tos),
                email.message_from_bytes(envelope.content, policy=email.policy.default),
            )
        )
        return "250 OK"


def _authenticate(
    _server: Any, _session: Any, _envelope: Any, _mechanism: str, data: Any
) -> AuthResult:
    ok = isinstance(data, LoginPassword) and (data.login, data.password) == (
        b"catalog",
        SMTP_PASSWORD.encode(),
    )
    return AuthResult(success=ok)


@pytest.fixture
def mailbox() -> Iterator[Mailbox]:
    box = Mailbox(_free_port())
    controller = Controller(
        box,
        hostname="127.0.0.1",
        port=box.port,
        authenticator=_authenticate,
        auth_require_tls=False,
        auth_exclude_mechanism=["LOGIN"],
    )
    controller.start()
    try:
        yield box
    finally:
        controller.stop()


@pytest.fixture
def mail_settings(app: Flask, mailbox: Mailbox) -> Settings:
    return replace(
        app.config["CATALOG"],
        smtp_host="127.0.0.1",
        smtp_port=mailbox.port,
        smtp_username="catalog",
        smtp_password=SMTP_PASSWORD,
        smtp_from="catalog@example.com",
        smtp_starttls="false",
    )


def _proposer(session: Session) -> User:
    return factories.user(session, "pia", roles=[(Role.CONTRIBUTOR, None)], email="pia@example.com")


def test_user_text_is_sent_literally_and_cannot_add_headers(
    session: Session, mail_settings: Settings, mailbox: Mailbox, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    pia = _proposer(session)
    event(
        session,
        "change_request.decided",
        {
            "request_id": 3,
            "domain_id": None,
            "status": "rejected",
            "decider_id": None,
            "proposer_id": pia.id,
            "title": TRICKY,
            "comment": "Use {title} and ${y}",
        },
    )
    assert dispatch_pending(session, mail_settings, now=settled()) == 1
    assert send_pending_emails(session, mail_settings) == 1

    [(recipients, message)] = mailbox.messages
    assert recipients == ["pia@example.com"]
    assert message["Bcc"] is None
    assert message["From"] == "catalog@example.com"
    assert message["Subject"] == (
        "Your change request was rejected: {0.__class__} ${x} %(y)s Bcc: evil@example.com"
    )
    body = message.get_payload(decode=True).decode()
    assert "Comment: Use {title} and ${y}" in body
    assert "Open it in the catalog: /change-requests/3" in body
    sent = session.scalars(sa.select(Notification)).one()
    assert sent.emailed_at is not None and sent.email_attempts == 1
    # Sent once only.
    assert send_pending_emails(session, mail_settings) == 0
    assert SMTP_PASSWORD not in caplog.text


def test_no_email_without_an_address_or_when_declined(
    session: Session, mail_settings: Settings, mailbox: Mailbox
) -> None:
    from catalog.notifications.service import set_preferences

    pia = _proposer(session)
    nobody = factories.user(session, "nemo")
    set_preferences(session, pia.id, digest=False, email=False)
    for user in (pia, nobody):
        event(
            session, "change_request.stale", {"request_id": 1, "proposer_id": user.id, "title": "t"}
        )
    assert dispatch_pending(session, mail_settings, now=settled()) == 2
    assert send_pending_emails(session, mail_settings) == 0
    assert mailbox.messages == []


def test_a_mail_server_that_is_down_is_tried_again_later(
    session: Session, mail_settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    pia = _proposer(session)
    event(session, "change_request.stale", {"request_id": 1, "proposer_id": pia.id, "title": "t"})
    dispatch_pending(session, mail_settings, now=settled())
    down = replace(mail_settings, smtp_port=_free_port())
    for _ in range(MAX_ATTEMPTS + 1):
        assert send_pending_emails(session, down) == 0
    pending = session.scalars(sa.select(Notification)).one()
    assert (pending.emailed_at, pending.email_attempts) == (None, MAX_ATTEMPTS)
    assert "ConnectionRefusedError" in caplog.text and SMTP_PASSWORD not in caplog.text
