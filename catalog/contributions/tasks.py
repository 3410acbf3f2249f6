"""What every job worker does in its maintenance pass for contributions: escalate overdue
requests, turn outbox events into notifications and webhook deliveries, send e-mails and
the daily digest.

Each step is safe when several workers run it at once: the dispatchers claim their
outbox cursor, escalation and digests are conditional updates.
"""

from __future__ import annotations

from datetime import UTC, datetime

from catalog.config import Settings, load_settings
from catalog.contributions.service import escalate_overdue
from catalog.db import Database, utcnow
from catalog.jobs import periodic
from catalog.notifications import dispatcher as notifications
from catalog.notifications.mailer import send_pending_emails
from catalog.webhooks import dispatcher as webhooks

# The digest of the day's held requests goes out in the worker's first pass after this hour.
DIGEST_HOUR_UTC = 7


@periodic("contributions: escalate overdue requests")
def escalate(database: Database, _settings: Settings | None = None) -> int:
    with database.transaction() as session:
        return escalate_overdue(session)


@periodic("notifications and webhooks: dispatch outbox events")
def dispatch(database: Database, settings: Settings | None = None) -> int:
    settings = settings or load_settings()
    with database.transaction() as session:
        created = notifications.dispatch_pending(session, settings)
    with database.transaction() as session:
        created += webhooks.dispatch_pending(session, settings)
    # E-mails go out after the notifications are committed, outside their transaction.
    with database.transaction() as session:
        send_pending_emails(session, settings)
    return created


@periodic("notifications: daily digest")
def digest(database: Database, settings: Settings | None = None) -> int:
    """Items held up to today's digest hour go out together; later ones wait for tomorrow's."""
    now = utcnow()
    cutoff = datetime(now.year, now.month, now.day, DIGEST_HOUR_UTC, tzinfo=UTC)
    if now < cutoff:
        return 0
    with database.transaction() as session:
        return notifications.send_digests(session, settings or load_settings(), cutoff)
