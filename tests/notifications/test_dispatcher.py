"""Who is told what: outbox events written directly, dispatched, and the digest."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from sqlalchemy.orm import Session

from catalog.config import Settings
from catalog.db import utcnow
from catalog.notifications.dispatcher import dispatch_pending, send_digests
from catalog.notifications.models import DigestItem, Notification
from catalog.notifications.service import set_preferences
from catalog.permissions import Role
from catalog.users.models import User
from tests import factories
from tests.notifications.helpers import inbox
from tests.webhooks.helpers import event, settled


@pytest.fixture
def settings(app: Flask) -> Settings:
    configured: Settings = app.config["CATALOG"]
    return configured


@pytest.fixture
def people(session: Session) -> dict[str, User]:
    sales = factories.domain(session, "sales")
    factories.domain(session, "hr")
    made = {
        "proposer": factories.user(session, "pia", roles=[(Role.CONTRIBUTOR, None)]),
        "steward": factories.user(session, "sam", roles=[(Role.STEWARD, "sales")]),
        "hr_steward": factories.user(session, "hal", roles=[(Role.STEWARD, "hr")]),
        "admin": factories.user(session, "ada", roles=[(Role.ADMIN, None)]),
        "digest": factories.user(session, "dora", roles=[(Role.STEWARD, "sales")]),
    }
    set_preferences(session, made["digest"].id, digest=True, email=True)
    made["sales"] = sales  # type: ignore[assignment]
    return made


def _inbox(session: Session) -> dict[str, list[tuple[Any, ...]]]:
    return inbox(session, Notification.topic, Notification.title, Notification.link)


def test_stewards_of_the_domain_hear_of_new_requests_but_not_the_proposer(
    session: Session, settings: Settings, people: dict[str, User]
) -> None:
    event(
        session,
        "change_request.submitted",
        {
            "request_id": 5,
            "domain_id": people["sales"].id,
            "kinds": ["add_tag"],
            "proposer_id": people["proposer"].id,
            "title": "Gold tag",
        },
    )
    assert dispatch_pending(session, settings, now=settled()) == 2
    expected = [("change_request.submitted", "New change request: Gold tag", "/change-requests/5")]
    assert _inbox(session) == {"sam": expected, "ada": expected}
    held = session.scalars(sa.select(DigestItem)).one()
    assert (held.user_id, held.title) == (people["digest"].id, "New change request: Gold tag")
    body = session.scalars(sa.select(Notification.body)).first()
    assert body == "pia proposed add_tag. It awaits review."
    # Handled once: the cursor moved with the notifications.
    assert dispatch_pending(session, settings, now=settled()) == 0


def test_a_request_without_a_domain_goes_to_global_reviewers_only(
    session: Session, settings: Settings, people: dict[str, User]
) -> None:
    payload = {"request_id": 6, "domain_id": None, "kinds": [], "title": "t"}
    event(session, "change_request.submitted", {**payload, "proposer_id": people["admin"].id})
    assert dispatch_pending(session, settings, now=settled()) == 0  # the admin proposed it
    assert _inbox(session) == {}


def test_the_proposer_hears_of_decisions_comments_by_others_and_staleness(
    session: Session, settings: Settings, people: dict[str, User]
) -> None:
    proposer, steward = people["proposer"].id, people["steward"].id
    common = {"request_id": 9, "domain_id": people["sales"].id, "proposer_id": proposer}
    event(
        session,
        "change_request.decided",
        {
            **common,
            "status": "partially_applied",
            "decider_id": steward,
            "title": "T",
            "comment": "Only the first tag.",
        },
    )
    event(session, "change_request.commented", {**common, "author_id": steward, "title": "T"})
    event(session, "change_request.commented", {**common, "author_id": proposer, "title": "T"})
    event(session, "change_request.stale", {**common, "title": "T"})
    event(session, "dataset.changed", {})
    assert dispatch_pending(session, settings, now=settled()) == 3
    assert [t for t, _, _ in _inbox(session)["pia"]] == [
        "change_request.decided",
        "change_request.commented",
        "change_request.stale",
    ]
    decided = session.scalars(sa.select(Notification).order_by(Notification.id)).first()
    assert decided is not None
    assert decided.title == "Your change request was partly approved: T"
    assert decided.body == "sam partly approved it.\n\nComment: Only the first tag."


def test_authors_hear_of_resolved_issues_and_triaged_suggestions(
    session: Session, settings: Settings, people: dict[str, User]
) -> None:
    author = people["proposer"].id
    event(
        session,
        "quality_issue.resolved",
        {
            "issue_id": 1,
            "dataset_id": 3,
            "domain_id": None,
            "reporter_id": author,
            "title": "Nulls",
        },
    )
    event(
        session,
        "source_suggestion.triaged",
        {"suggestion_id": 2, "status": "accepted", "author_id": author, "title": "ERP"},
    )
    event(session, "quality_issue.reported", {"issue_id": 1, "reporter_id": author})
    assert dispatch_pending(session, settings, now=settled()) == 2
    assert _inbox(session)["pia"] == [
        (
            "quality_issue.resolved",
            "The quality issue you reported was resolved: Nulls",
            "/datasets/3",
        ),
        (
            "source_suggestion.triaged",
            "Your source suggestion is now accepted: ERP",
            "/source-suggestions/2",
        ),
    ]


def test_a_malformed_event_is_skipped_not_blocking(
    session: Session, settings: Settings, people: dict[str, User]
) -> None:
    event(session, "change_request.stale", {"title": "no request id"})
    event(
        session,
        "change_request.stale",
        {"request_id": 1, "proposer_id": people["proposer"].id, "title": "ok"},
    )
    assert dispatch_pending(session, settings, now=settled()) == 1


def test_the_digest_gathers_the_day_into_one_notification(
    session: Session, settings: Settings, people: dict[str, User]
) -> None:
    for number, title in ((1, "First"), (2, "{0.__class__} ${x}")):
        event(
            session,
            "change_request.submitted",
            {
                "request_id": number,
                "domain_id": people["sales"].id,
                "kinds": ["x"],
                "proposer_id": people["proposer"].id,
                "title": title,
            },
        )
    dispatch_pending(session, replace(settings, smtp_host="mail.example"), now=settled())
    assert "dora" not in _inbox(session)

    assert send_digests(session, settings, utcnow()) == 1
    digest = session.scalars(
        sa.select(Notification).where(Notification.user_id == people["digest"].id)
    ).one()
    assert digest.title == "2 new change requests to review"
    assert digest.body == (
        "- New change request: First (/change-requests/1)\n"
        "- New change request: {0.__class__} ${x} (/change-requests/2)"
    )
    assert send_digests(session, settings, utcnow()) == 0
