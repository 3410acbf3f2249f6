"""A dataset's discussion through the API: plain-text comments, oldest first."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa

from catalog import create_app
from catalog.audit.models import AuditEvent
from catalog.datasets.models import Dataset
from catalog.discussion.models import DatasetComment
from catalog.ingestion.engine import remove_absent
from catalog.outbox.models import OutboxEvent
from catalog.permissions import Role
from catalog.sources.models import Source
from catalog.users.models import User
from tests import factories
from tests.conftest import Accounts, BrowserClient


@pytest.fixture
def world(session, accounts, viewer_client) -> dict[str, Any]:
    sales, finance = factories.domain(session, "sales"), factories.domain(session, "finance")
    crm = factories.source(session, "crm", domain=sales)
    ledger = factories.source(session, "ledger", domain=finance)
    customers = factories.dataset(session, "customers", source=crm)
    invoices = factories.dataset(session, "invoices", source=ledger)
    session.commit()
    return {
        "customers": customers.id,
        "invoices": invoices.id,
        "ana": accounts.client_for(
            "ana", roles=[(Role.CONTRIBUTOR, None)], display_name="Ana Lima"
        ),
        "sofia": accounts.client_for("sofia", roles=[(Role.STEWARD, "sales")]),
        "vera": viewer_client,
    }


def comment(client, dataset_id: int, body: Any = "Is this refreshed daily?"):
    return client.post(f"/api/v1/datasets/{dataset_id}/comments", json={"body": body})


def thread(client, dataset_id: int, **query: Any):
    return client.get(f"/api/v1/datasets/{dataset_id}/comments", query_string=query)


def test_a_comment_is_stored_as_plain_text_with_its_author_audit_and_event(world, session):
    body = "<script>alert(1)</script> **not bold** [x](javascript:alert(1))"
    made = comment(world["ana"], world["customers"], body)
    assert made.status_code == 201, made.json
    assert made.json["body"] == body  # stored and returned as written: the UI shows text
    assert made.json["author"] == {"username": "ana", "display_name": "Ana Lima"}
    assert made.json["created_at"]

    read = thread(world["vera"], world["customers"])
    assert read.status_code == 200, read.json
    assert read.json["total"] == 1
    assert read.json["items"] == [made.json]

    ana = session.scalar(sa.select(User.id).where(User.username == "ana"))
    domain_id = session.get(Dataset, world["customers"]).domain_id
    events = session.scalars(
        sa.select(OutboxEvent).where(
            OutboxEvent.topic == "dataset.commented",
            OutboxEvent.subject_id == world["customers"],
        )
    ).all()
    assert [(e.subject_type, e.payload) for e in events] == [
        (
            "dataset",
            {
                "comment_id": made.json["id"],
                "dataset_id": world["customers"],
                "domain_id": domain_id,
                "actor_id": ana,
            },
        )
    ]
    audited = session.scalars(
        sa.select(AuditEvent).where(AuditEvent.action == "dataset.commented")
    ).all()
    assert [(a.actor_label, a.target_type, a.target_id, a.details) for a in audited] == [
        ("ana", "dataset", str(world["customers"]), {"comment_id": made.json["id"]})
    ]


def test_the_thread_reads_oldest_first_a_page_at_a_time(world):
    for n in range(5):
        assert comment(world["ana"], world["customers"], f"comment {n}").status_code == 201
    # Another dataset's discussion stays apart.
    assert comment(world["sofia"], world["customers"], "steward").status_code == 201
    assert comment(world["ana"], world["invoices"], "elsewhere").status_code == 201

    first = thread(world["vera"], world["customers"], per_page=4)
    assert first.status_code == 200
    assert [c["body"] for c in first.json["items"]] == [f"comment {n}" for n in range(4)]
    assert (first.json["total"], first.json["pages"]) == (6, 2)
    second = thread(world["vera"], world["customers"], per_page=4, page=2)
    assert [c["body"] for c in second.json["items"]] == ["comment 4", "steward"]
    assert second.json["items"][1]["author"]["username"] == "sofia"
    assert [c["body"] for c in thread(world["vera"], world["invoices"]).json["items"]] == [
        "elsewhere"
    ]


def test_an_empty_thread(world):
    read = thread(world["vera"], world["customers"])
    assert read.status_code == 200
    assert read.json == {"items": [], "page": 1, "pages": 1, "per_page": 50, "total": 0}


def test_unknown_dataset_is_404(world):
    assert thread(world["vera"], 999_999).status_code == 404
    assert comment(world["ana"], 999_999).status_code == 404
    # Beyond a database id: simply not found, never an overflow.
    assert thread(world["vera"], 2**40).status_code == 404


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"body": ""},
        {"body": "   \n\t "},
        {"body": "x" * 5_001},
        {"body": 42},
        {"body": None},
        {"body": "ok", "extra": 1},
    ],
)
def test_bad_bodies_are_422_and_store_nothing(world, session, body):
    made = world["ana"].post(f"/api/v1/datasets/{world['customers']}/comments", json=body)
    assert made.status_code == 422, made.json
    assert made.json["status"] == 422
    count = session.scalar(sa.select(sa.func.count()).select_from(DatasetComment))
    assert count == 0


def test_the_longest_comment_is_kept_whole(world):
    made = comment(world["ana"], world["customers"], "é" * 5_000)
    assert made.status_code == 201, made.json
    assert made.json["body"] == "é" * 5_000


@pytest.mark.parametrize("query", [{"page": 0}, {"per_page": 501}, {"page": "x"}, {"sort": "new"}])
def test_bad_queries_are_422(world, query):
    assert thread(world["vera"], world["customers"], **query).status_code == 422


def test_who_may_comment(world, accounts):
    assert comment(world["vera"], world["customers"]).status_code == 403
    # A contributor limited to another domain reads the discussion but does not write in it.
    limited = accounts.client_for("lena", roles=[(Role.CONTRIBUTOR, "finance")])
    assert thread(limited, world["customers"]).status_code == 200
    assert comment(limited, world["customers"]).status_code == 403
    assert comment(limited, world["invoices"]).status_code == 201
    assert comment(world["sofia"], world["customers"]).status_code == 201


def test_a_reader_of_one_domain_neither_reads_nor_writes_other_domains_threads(
    world, app_config, database, session
):
    """As in search and "recently viewed": with no default role, a steward of sales sees
    the discussions of sales datasets only; another domain's thread is not there for them."""
    assert comment(world["ana"], world["invoices"], "finance only").status_code == 201
    scoped = create_app({**app_config, "default_role": ""}, database=database)
    scoped.test_client_class = BrowserClient
    steward = Accounts(scoped, session).client_for("sam", roles=[(Role.STEWARD, "sales")])

    assert thread(steward, world["customers"]).status_code == 200
    hidden = thread(steward, world["invoices"])
    assert hidden.status_code == 404, hidden.json
    assert "finance only" not in hidden.get_data(as_text=True)
    assert comment(steward, world["invoices"]).status_code == 404
    assert comment(steward, world["customers"]).status_code == 201


def test_anonymous_callers_are_refused(world, client):
    assert thread(client, world["customers"]).status_code == 401
    assert comment(client, world["customers"]).status_code == 401


def test_a_removed_dataset_may_still_be_discussed(world, session):
    crm = session.scalar(sa.select(Source).where(Source.key == "crm"))
    remove_absent(session, crm, [])
    session.commit()
    assert session.get(Dataset, world["customers"]).is_removed
    made = comment(world["ana"], world["customers"], "Where did it go?")
    assert made.status_code == 201, made.json


def test_comments_leave_with_their_dataset_and_outlive_their_author(world, session):
    made = comment(world["ana"], world["customers"]).json
    session.execute(sa.delete(User).where(User.username == "ana"))
    session.commit()
    shown = thread(world["vera"], world["customers"]).json["items"]
    assert [(c["id"], c["author"]) for c in shown] == [(made["id"], None)]


def test_owners_and_earlier_participants_hear_of_a_new_comment(world, session, app):
    from catalog.business.models import DatasetOwner, OwnerRole
    from catalog.notifications.dispatcher import dispatch_pending
    from catalog.notifications.models import Notification
    from tests.notifications.helpers import inbox as notified
    from tests.webhooks.helpers import settled

    olga = factories.user(session, "olga", roles=[(Role.VIEWER, None)])
    session.add(
        DatasetOwner(
            dataset_id=world["customers"],
            role=OwnerRole.OWNER,
            user_id=olga.id,
            provenance_id=factories.provenance(session).id,
        )
    )
    session.commit()
    settings = app.config["CATALOG"]

    def inbox() -> dict[str, list[tuple[Any, ...]]]:
        dispatch_pending(session, settings, now=settled())
        session.commit()
        return notified(session, Notification.title, Notification.body, Notification.link)

    assert comment(world["ana"], world["customers"], "Is this refreshed daily?").status_code == 201
    link = f"/datasets/{world['customers']}?tab=discussion"
    first = ("New comment on customers", "Ana Lima wrote:\n\nIs this refreshed daily?", link)
    assert inbox() == {"olga": [first]}  # the owner; never the author herself

    long_reply = "Yes, at 6:00. " + "x" * 400
    assert comment(world["sofia"], world["customers"], long_reply).status_code == 201
    assert comment(world["sofia"], world["invoices"], "Elsewhere").status_code == 403
    found = inbox()
    reply = found["ana"][0]
    assert reply[0] == "New comment on customers"
    assert reply[1].startswith("sofia wrote:\n\nYes, at 6:00. xxx") and reply[1].endswith("…")
    assert len(reply[1]) < 340  # the start of the comment, not all of it
    assert found["olga"] == [first, reply]
    assert "sofia" not in found
