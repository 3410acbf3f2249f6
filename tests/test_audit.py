"""The audit log: what is recorded, who may read it, and that its chain is tamper-evident."""

from __future__ import annotations

import subprocess
import sys

import pytest
import sqlalchemy as sa

from catalog.audit.models import AuditAction, AuditChain, AuditEvent
from catalog.audit.service import Actor, record, verify_chain
from catalog.permissions import Role
from tests import factories
from tests.conftest import PASSWORD


def actions(client, **query):
    response = client.get("/api/v1/audit-events", query_string=query)
    assert response.status_code == 200, response.json
    return [e["action"] for e in response.json["items"]]


def test_sign_in_success_and_failure_are_recorded_with_address(app, admin_client, session):
    factories.user(session, "sam")
    session.commit()
    client = app.test_client()
    client.post("/api/v1/auth/session", json={"username": "sam", "password": "wrong one"})
    client.post("/api/v1/auth/session", json={"username": "ghost", "password": "wrong one"})
    client.post("/api/v1/auth/session", json={"username": "sam", "password": PASSWORD})
    client.delete("/api/v1/auth/session")
    events = admin_client.get("/api/v1/audit-events?action=auth").json["items"]
    summary = [(e["action"], e["target_id"], e["actor"]) for e in events[:4]]
    assert summary[0][0] == "auth.signed_out" and summary[0][2] == "sam"
    assert summary[1][0] == "auth.sign_in_succeeded" and summary[1][2] == "sam"
    assert summary[2] == ("auth.sign_in_failed", "ghost", "anonymous")
    assert summary[3] == ("auth.sign_in_failed", "sam", "anonymous")
    assert all(e["remote_addr"] == "127.0.0.1" for e in events[:4])
    assert "wrong one" not in str(events)


def test_user_creation_and_grants_are_recorded(admin_client, session):
    factories.domain(session, "sales")
    factories.user(session, "stew", roles=[(Role.STEWARD, "sales")])
    session.commit()
    events = admin_client.get("/api/v1/audit-events?action=role.granted&actor=system").json["items"]
    stew = [e for e in events if e["details"]["username"] == "stew"]
    assert stew[0]["details"] == {
        "username": "stew",
        "role": "steward",
        "domain": "sales",
        "origin": "manual",
    }
    assert "user.created" in actions(admin_client, target_type="user")


def test_filters_and_pagination(admin_client, session):
    for n in range(5):
        record(
            session,
            AuditAction.USER_DEACTIVATED,
            Actor(label="ops"),
            target_type="user",
            target_id=n,
        )
    session.commit()
    page = admin_client.get("/api/v1/audit-events?actor=ops&per_page=2&page=2").json
    assert page["total"] == 5
    assert [e["target_id"] for e in page["items"]] == ["2", "1"]
    assert actions(admin_client, actor="nobody") == []
    response = admin_client.get("/api/v1/audit-events?domain=atlantis")
    assert response.status_code == 422


@pytest.mark.parametrize("role", [None, Role.STEWARD, Role.CONTRIBUTOR])
def test_only_admins_read_the_log(accounts, session, role):
    factories.domain(session, "sales")
    roles = [(role, "sales")] if role else []
    client = accounts.client_for("someone", roles=roles)
    assert client.get("/api/v1/audit-events").status_code == 403


def test_the_chain_verifies(session):
    for n in range(3):
        record(session, AuditAction.USER_CREATED, Actor(label="t"), target_id=n)
    session.commit()
    report = verify_chain(session)
    assert report.intact
    assert report.events >= 3


def test_events_cannot_be_updated_or_deleted(session):
    event = record(session, AuditAction.USER_CREATED, Actor(label="t"), target_id=1)
    session.commit()
    for statement in (
        sa.update(AuditEvent).where(AuditEvent.id == event.id).values(actor_label="someone else"),
        sa.delete(AuditEvent).where(AuditEvent.id == event.id),
    ):
        with pytest.raises(sa.exc.DatabaseError, match="append-only"), session.begin_nested():
            session.execute(statement)


def test_verify_names_the_first_broken_link(tmp_path):
    """Tampering (triggers dropped, as an attacker with database access could) is caught."""
    from catalog import migrate
    from catalog.db import Database

    url = f"sqlite:///{tmp_path / 'audit.db'}"
    migrate.upgrade(url)
    database = Database(url)
    with database.transaction() as session:
        for n in range(1, 6):
            record(session, AuditAction.USER_CREATED, Actor(label="t"), target_id=n)
    with database.engine.begin() as connection:
        connection.exec_driver_sql("DROP TRIGGER audit_events_no_update")
        connection.exec_driver_sql("DROP TRIGGER audit_events_no_delete")
        connection.exec_driver_sql("UPDATE audit_events SET target_id = '99' WHERE sequence = 3")
    cli = [sys.executable, "-c", "from catalog.cli import main; main()", "audit", "verify"]
    env = {"CATALOG_DATABASE_URL": url, "CATALOG_DATA_DIR": str(tmp_path), "PATH": "/usr/bin"}
    result = subprocess.run(cli, capture_output=True, text=True, env=env, timeout=60)
    assert result.returncode == 1
    assert "BROKEN at event #3" in result.stderr
    assert "changed" in result.stderr

    with database.engine.begin() as connection:
        connection.exec_driver_sql("UPDATE audit_events SET target_id = '3' WHERE sequence = 3")
        connection.exec_driver_sql("DELETE FROM audit_events WHERE sequence = 5")
    with database.transaction() as session:
        report = verify_chain(session)
    assert (report.broken_at, report.reason) == (5, "events after it were removed")

    with database.engine.begin() as connection:
        connection.exec_driver_sql("DELETE FROM audit_events WHERE sequence = 2")
    with database.transaction() as session:
        assert verify_chain(session).broken_at == 2
    database.dispose()


def test_concurrent_appends_never_fork_the_chain(fresh_database_url):
    """Each append claims the chain head with a write first, so sequences never collide."""
    import threading

    from catalog import migrate
    from catalog.db import Database

    migrate.upgrade(fresh_database_url)
    database = Database(fresh_database_url)
    errors: list[BaseException] = []

    def append() -> None:
        try:
            for _ in range(5):
                with database.transaction() as session:
                    record(session, AuditAction.USER_CREATED, Actor(label="race"), target_id=0)
        except Exception as error:
            errors.append(error)

    threads = [threading.Thread(target=append) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with database.transaction() as session:
        assert verify_chain(session).intact
        head = session.get(AuditChain, 1)
        assert head is not None and head.length >= 40
    database.dispose()
