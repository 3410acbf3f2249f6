"""My notifications through the API: paging, unread filter and count, marking read, preferences."""

from __future__ import annotations

import sqlalchemy as sa
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from catalog.notifications.models import Notification
from catalog.users.models import User
from tests.conftest import Accounts

MINE = "/api/v1/me/notifications"
PREFERENCES = "/api/v1/me/notification-preferences"


def _notify(session: Session, username: str, count: int) -> list[int]:
    user_id = session.scalars(sa.select(User.id).where(User.username == username)).one()
    made = [
        Notification(user_id=user_id, topic="change_request.stale", title=f"n{i}", body="b")
        for i in range(count)
    ]
    session.add_all(made)
    session.commit()
    return [n.id for n in made]


def test_list_page_filter_and_mark_read(accounts: Accounts, session: Session) -> None:
    client = accounts.client_for("nina")
    accounts.client_for("otto")
    ids = _notify(session, "nina", 3)
    others = _notify(session, "otto", 1)

    page = client.get(f"{MINE}?per_page=2")
    assert page.status_code == 200
    assert [n["title"] for n in page.json["items"]] == ["n2", "n1"]
    assert (page.json["total"], page.json["pages"], page.json["unread"]) == (3, 2, 3)

    marked = client.post(f"{MINE}/read", json={"ids": [ids[0], ids[2]]})
    assert marked.status_code == 200 and marked.json == {"unread": 1}
    unread = client.get(f"{MINE}?unread=true")
    assert [n["title"] for n in unread.json["items"]] == ["n1"]
    assert unread.json["items"][0]["read_at"] is None

    refused = client.post(f"{MINE}/read", json={"ids": [ids[1], others[0]]})
    assert refused.status_code == 422
    assert refused.json["errors"] == {"ids": [f"Unknown notification: {others[0]}"]}

    assert client.post(f"{MINE}/read", json={"all": True}).json == {"unread": 0}
    # The other person's notification is untouched.
    assert session.get(Notification, others[0]).read_at is None  # type: ignore[union-attr]


def test_mark_read_needs_ids_or_all(viewer_client: FlaskClient) -> None:
    for body in ({}, {"ids": [1], "all": True}, {"all": False}, {"ids": []}):
        refused = viewer_client.post(f"{MINE}/read", json=body)
        assert refused.status_code == 422, body
        assert "ids" in refused.json["errors"]
    assert viewer_client.get(f"{MINE}?unread=maybe").json["errors"] == {
        "unread": ["Not a valid boolean."]
    }


def test_preferences_default_then_chosen(viewer_client: FlaskClient) -> None:
    assert viewer_client.get(PREFERENCES).json == {"digest": False, "email": True}
    chosen = viewer_client.put(PREFERENCES, json={"digest": True, "email": False})
    assert chosen.status_code == 200 and chosen.json == {"digest": True, "email": False}
    assert viewer_client.get(PREFERENCES).json == {"digest": True, "email": False}
    missing = viewer_client.put(PREFERENCES, json={"digest": True})
    assert missing.status_code == 422 and list(missing.json["errors"]) == ["email"]
