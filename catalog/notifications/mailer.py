"""E-mail for notifications: plain text, built with the standard library, sent over SMTP.

Notifications that want an e-mail are sent after they are committed, in batches, so a
slow or broken mail server never holds back the dispatcher or rolls anything back.
The SMTP password is used to sign in and never appears in a log or an error.
"""

from __future__ import annotations

import logging
import smtplib
import ssl
import unicodedata
from datetime import datetime
from email.message import EmailMessage

import sqlalchemy as sa
from sqlalchemy.orm import Session

from catalog.config import Settings
from catalog.db import utcnow
from catalog.notifications.models import Notification
from catalog.users.models import User

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
SMTP_TIMEOUT_SECONDS = 10
IMPLICIT_TLS_PORT = 465


def _one_line(text: str) -> str:
    """A header value: control characters (CR, LF, ...) become spaces, so none can add a header."""
    cleaned = "".join(" " if unicodedata.category(ch) == "Cc" else ch for ch in text)
    return " ".join(cleaned.split())


def build_email(settings: Settings, to: str, notification: Notification) -> EmailMessage:
    """The notification as a plain-text e-mail; its text is inserted literally."""
    message = EmailMessage()
    message["From"] = settings.smtp_from
    message["To"] = to
    message["Subject"] = _one_line(notification.title)
    body = notification.body
    if notification.link:
        body += "\n\nOpen it in the catalog: " + notification.link
    message.set_content(body + "\n")
    return message


def _connect(settings: Settings) -> smtplib.SMTP:
    if settings.smtp_port == IMPLICIT_TLS_PORT:
        smtp: smtplib.SMTP = smtplib.SMTP_SSL(
            settings.smtp_host,
            settings.smtp_port,
            timeout=SMTP_TIMEOUT_SECONDS,
            context=ssl.create_default_context(),
        )
    else:
        smtp = smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=SMTP_TIMEOUT_SECONDS)
        if settings.smtp_starttls.lower() == "true":
            smtp.starttls(context=ssl.create_default_context())
    if settings.smtp_username:
        smtp.login(settings.smtp_username, settings.smtp_password)
    return smtp


def send_pending_emails(
    session: Session, settings: Settings, *, now: datetime | None = None, limit: int = 100
) -> int:
    """Send the e-mails of notifications that want one; the number sent (flushes only)."""
    if not settings.smtp_host:
        return 0
    pending = list(
        session.execute(
            sa.select(Notification, User.email)
            .join(User, User.id == Notification.user_id)
            .where(
                Notification.email_wanted.is_(True),
                Notification.emailed_at.is_(None),
                Notification.email_attempts < MAX_ATTEMPTS,
            )
            .order_by(Notification.id)
            .limit(limit)
        )
    )
    if not pending:
        return 0
    moment = now or utcnow()
    sent = 0
    attempted: set[int] = set()
    try:
        with _connect(settings) as smtp:
            for notification, address in pending:
                attempted.add(notification.id)
                notification.email_attempts += 1
                try:
                    smtp.send_message(build_email(settings, address, notification))
                except smtplib.SMTPRecipientsRefused:
                    log.warning("e-mail of notification %d refused by the server", notification.id)
                    continue
                notification.emailed_at = moment
                sent += 1
    except (OSError, smtplib.SMTPException) as error:
        # The error's type only: never the settings, which hold the password.
        log.warning("SMTP server %s failed: %s", settings.smtp_host, type(error).__name__)
        for notification, _ in pending:
            if notification.id not in attempted:
                notification.email_attempts += 1
    session.flush()
    return sent
