"""Sources and their connections through the API: validation, masking, encryption, audit."""

from __future__ import annotations

import json
import logging
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask

from catalog.audit.models import AuditAction, AuditEvent
from catalog.connectors import service
from catalog.connectors.base import ConnectorError
from catalog.connectors.config import unseal
from catalog.connectors.models import SourceConnection
from catalog.errors import NotFound
from tests import factories
from tests.connectors.test_sql import MARIADB_ADMIN_URL, _mariadb_available

MASK = "********"


def settings_of(app: Flask):
    return app.config["CATALOG"]


@pytest.fixture
def crm(session):
    source = factories.source(session, "crm", domain=factories.domain(session, "sales"))
    session.commit()
    return source


@pytest.fixture
def shop_db(tmp_path: Path) -> str:
    import sqlite3

    path = tmp_path / "shop.db"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY)")
    db.close()
    return f"sqlite:///{path}"


def put_connection(client, key="crm", **body):
    return client.put(f"/api/v1/sources/{key}/connection", json=body)


def events(session, action: AuditAction) -> list[AuditEvent]:
    session.expire_all()
    return list(session.scalars(sa.select(AuditEvent).where(AuditEvent.action == str(action))))


# --- connectors and sources -----------------------------------------------------------------


def test_connectors_are_listed_with_their_forms(admin_client):
    response = admin_client.get("/api/v1/connectors")
    assert response.status_code == 200
    sql = next(c for c in response.json["items"] if c["name"] == "sql")
    assert sql["label"] == "SQL database"
    fields = {f["name"]: f for f in sql["fields"]}
    assert fields["url"]["required"] and fields["url"]["type"] == "string"
    assert fields["password"]["type"] == "secret"
    assert fields["include_schemas"]["type"] == "list"
    assert fields["batch_size"]["default"] == 500


def test_create_and_change_a_source(admin_client, session):
    factories.domain(session, "finance")
    session.commit()
    created = admin_client.post(
        "/api/v1/sources",
        json={"key": "ledger", "name": "Ledger", "platform": "postgresql", "domain": "finance"},
    )
    assert created.status_code == 201, created.json
    assert created.json["domain"]["key"] == "finance"
    assert created.json["dataset_count"] == 0
    assert admin_client.get("/api/v1/sources/ledger").json["name"] == "Ledger"

    again = admin_client.post(
        "/api/v1/sources", json={"key": "ledger", "name": "Other", "platform": "mysql"}
    )
    assert again.status_code == 409
    assert admin_client.get("/api/v1/sources/ledger").json["name"] == "Ledger"

    changed = admin_client.patch(
        "/api/v1/sources/ledger", json={"name": "General ledger", "domain": None}
    )
    assert changed.status_code == 200, changed.json
    assert changed.json["name"] == "General ledger" and changed.json["domain"] is None
    assert changed.json["platform"] == "postgresql"

    [created_event] = events(session, AuditAction.SOURCE_CREATED)
    assert created_event.target_id == "ledger" and created_event.actor_label == "ada-admin"
    [changed_event] = events(session, AuditAction.SOURCE_CHANGED)
    assert changed_event.details == {
        "name": {"from": "Ledger", "to": "General ledger"},
        "domain": {"from": "finance", "to": None},
    }


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"key": "Bad Key", "name": "N", "platform": "postgresql"}, "key"),
        ({"key": "ok", "name": "N", "platform": "postgresql", "domain": "nowhere"}, "domain"),
        ({"key": "ok", "name": "", "platform": "postgresql"}, "name"),
        ({"key": "ok", "name": "N"}, "platform"),
        ({"key": "ok", "name": "N", "platform": "pg", "colour": "red"}, "colour"),
    ],
)
def test_bad_sources_are_refused_naming_the_field(admin_client, body, field):
    response = admin_client.post("/api/v1/sources", json=body)
    assert response.status_code == 422, response.json
    assert field in response.json["errors"]


def test_changing_an_unknown_source_is_404(admin_client):
    assert admin_client.patch("/api/v1/sources/nope", json={"name": "x"}).status_code == 404
    assert admin_client.get("/api/v1/sources/nope/connection").status_code == 404


# --- saving connections ---------------------------------------------------------------------


def test_save_and_read_a_connection(admin_client, crm, shop_db, session):
    assert admin_client.get("/api/v1/sources/crm/connection").status_code == 404
    saved = put_connection(
        admin_client,
        connector="sql",
        config={"url": shop_db, "password": "pw-1", "include_schemas": ["main"]},
        schedule="  0 3 * * *",
    )
    assert saved.status_code == 200, saved.json
    assert saved.json["config"] == {
        "url": shop_db,
        "password": MASK,
        "include_schemas": ["main"],
        "exclude_schemas": [],
        "include_tables": [],
        "exclude_tables": [],
        "batch_size": 500,
    }
    assert saved.json["schedule"] == "0 3 * * *"
    next_run = datetime.fromisoformat(saved.json["next_run_at"])
    assert next_run.utcoffset() == timedelta(0)
    assert (next_run.hour, next_run.minute) == (3, 0)
    assert datetime.now(UTC) < next_run <= datetime.now(UTC) + timedelta(days=1)
    assert admin_client.get("/api/v1/sources/crm/connection").json == saved.json

    [event] = events(session, AuditAction.CONNECTION_SAVED)
    assert event.details["secrets_changed"] == ["password"]
    assert event.details["settings"]["url"] == shop_db

    disabled = put_connection(
        admin_client, connector="sql", config={"url": shop_db}, schedule="0 3 * * *", enabled=False
    )
    assert disabled.json["next_run_at"] is None and disabled.json["enabled"] is False


def sql(schedule: str = "", **config):
    return {"connector": "sql", "config": {"url": "sqlite:///x.db", **config}, "schedule": schedule}


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"connector": "oracle-magic", "config": {}}, "connector"),
        ({"connector": "sql", "config": {}}, "config.url"),
        (sql(colour="red"), "config.colour"),
        (sql(batch_size="9"), "config.batch_size"),
        (sql(batch_size=0), "config.batch_size"),
        (sql(include_tables="a*"), "config.include_tables"),
        (sql(password=7), "config.password"),
        (sql(url="postgresql://u:pw-in-url@db/x"), "config.url"),
        (sql(schedule="every day"), "schedule"),
        (sql(schedule="0 0 3 * * *"), "schedule"),
        (sql(schedule="61 * * * *"), "schedule"),
    ],
)
def test_bad_connections_are_refused_naming_the_field(admin_client, crm, body, field):
    response = put_connection(admin_client, **body)
    assert response.status_code == 422, response.json
    assert field in response.json["errors"], response.json
    assert "pw-in-url" not in response.get_data(as_text=True)
    assert admin_client.get("/api/v1/sources/crm/connection").status_code == 404


def test_masked_secret_round_trip(app, admin_client, crm, session):
    # Never reached: the connector connects only when tested or run.
    url = "postgresql://reader@db.example.com:5432/sales"
    put_connection(admin_client, connector="sql", config={"url": url, "password": "s3cret-A"})
    shown = admin_client.get("/api/v1/sources/crm/connection").json
    assert shown["config"]["password"] == MASK

    # The form saved back as shown, with one other change: the stored secret stays.
    shown["config"]["batch_size"] = 50
    kept = put_connection(admin_client, connector="sql", config=shown["config"])
    assert kept.status_code == 200, kept.json
    session.expire_all()
    connector = service.connector_for(session, settings_of(app), crm)
    assert connector.engine.url.password == "s3cret-A"
    assert connector.batch_size == 50
    assert events(session, AuditAction.CONNECTION_SAVED)[-1].details["secrets_changed"] == []

    # A secret left out also keeps its value; an empty string clears it.
    put_connection(admin_client, connector="sql", config={"url": url})
    session.expire_all()
    assert service.connector_for(session, settings_of(app), crm).engine.url.password == "s3cret-A"
    cleared = put_connection(admin_client, connector="sql", config={"url": url, "password": ""})
    assert cleared.json["config"]["password"] == ""
    session.expire_all()
    assert service.connector_for(session, settings_of(app), crm).engine.url.password is None


def test_variables_are_stored_literally(app, admin_client, crm, session):
    saved = put_connection(
        admin_client,
        connector="sql",
        config={
            "url": "sqlite:///$HOME/shop.db",
            "password": "$HOME",
            "include_tables": ["${USER}_*"],
        },
    )
    assert saved.status_code == 200, saved.json
    assert saved.json["config"]["url"] == "sqlite:///$HOME/shop.db"
    assert saved.json["config"]["include_tables"] == ["${USER}_*"]
    session.expire_all()
    stored = session.get(SourceConnection, crm.id)
    assert unseal(settings_of(app), crm.id, stored.secrets) == {"password": "$HOME"}
    connector = service.connector_for(session, settings_of(app), crm)
    assert connector.tables.include == ("${USER}_*",)
    # The file looked for is literally "$HOME/shop.db", which does not exist.
    with pytest.raises(ConnectorError, match="unable to open database file"):
        connector.test_connection()


def test_connector_for_needs_a_connection_and_its_own_source(
    app, admin_client, crm, shop_db, session
):
    with pytest.raises(NotFound):
        service.connector_for(session, settings_of(app), crm)
    put_connection(admin_client, connector="sql", config={"url": shop_db, "password": "pw-bound"})
    # Secrets are bound to their source: copied to another source's row, they do not decrypt.
    other = factories.source(session, "erp")
    session.expire_all()
    stored = session.get(SourceConnection, crm.id)
    session.add(
        SourceConnection(
            source_id=other.id,
            connector="sql",
            settings=dict(stored.settings),
            secrets=stored.secrets,
        )
    )
    session.flush()
    with pytest.raises(ConnectorError, match="cannot be read"):
        service.connector_for(session, settings_of(app), other)


# --- testing connections --------------------------------------------------------------------


def test_test_the_stored_connection_or_values_laid_over_it(admin_client, crm, shop_db, tmp_path):
    assert admin_client.post("/api/v1/sources/crm/connection/test").status_code == 404
    put_connection(admin_client, connector="sql", config={"url": shop_db})

    stored = admin_client.post("/api/v1/sources/crm/connection/test")
    assert stored.status_code == 200, stored.json
    assert stored.json["ok"] is True
    assert stored.json["message"].startswith("Connected to SQLite")

    missing = tmp_path / "missing.db"
    trial = admin_client.post(
        "/api/v1/sources/crm/connection/test", json={"config": {"url": f"sqlite:///{missing}"}}
    )
    assert trial.json["ok"] is False
    assert "unable to open database file" in trial.json["message"]
    # A trial is not saved.
    assert admin_client.get("/api/v1/sources/crm/connection").json["config"]["url"] == shop_db

    bad = admin_client.post(
        "/api/v1/sources/crm/connection/test", json={"config": {"batch_size": "many"}}
    )
    assert bad.status_code == 422 and "config.batch_size" in bad.json["errors"]


# --- the canary: a secret that must never come back out -------------------------------------


@pytest.fixture
def maria_database():
    if not _mariadb_available():
        pytest.skip("MariaDB is not reachable")
    return MARIADB_ADMIN_URL.replace("mysql+pymysql", "mysql")


def test_the_password_never_leaves(
    app, admin_client, crm, session, caplog, maria_database, shop_db
):
    caplog.set_level(logging.DEBUG)
    canary = f"canary-{uuid.uuid4().hex}"
    other_canary = f"canary-{uuid.uuid4().hex}"
    seen: list[str] = []

    def keep(response):
        seen.append(response.get_data(as_text=True))
        return response

    # MariaDB refuses root with a password: every test below fails, with the driver's words.
    keep(
        put_connection(
            admin_client, connector="sql", config={"url": maria_database, "password": canary}
        )
    )
    keep(admin_client.get("/api/v1/sources/crm/connection"))
    failed = keep(admin_client.post("/api/v1/sources/crm/connection/test"))
    assert failed.json["ok"] is False and "Access denied" in failed.json["message"]
    trial = keep(
        admin_client.post(
            "/api/v1/sources/crm/connection/test", json={"config": {"password": other_canary}}
        )
    )
    assert trial.json["ok"] is False and "Access denied" in trial.json["message"]
    # The same secret when the database accepts the connection, and on a form saved back.
    keep(
        admin_client.post(
            "/api/v1/sources/crm/connection/test",
            json={"config": {"url": shop_db, "password": MASK}},
        )
    )
    keep(
        put_connection(
            admin_client, connector="sql", config={"url": maria_database, "password": MASK}
        )
    )
    keep(admin_client.get("/api/v1/audit-events?per_page=100"))
    keep(admin_client.get("/api/v1/openapi.json"))

    session.expire_all()
    row = session.get(SourceConnection, crm.id)
    assert row.secrets.startswith("v1.")
    audit = [
        json.dumps(
            {"details": e.details, "target": e.target_id, "actor": e.actor_label}, default=str
        )
        for e in session.scalars(sa.select(AuditEvent))
    ]
    raw_row = session.execute(
        sa.text("SELECT * FROM source_connections WHERE source_id = :id"), {"id": crm.id}
    ).one()
    places = {
        "responses": "\n".join(seen),
        "log": caplog.text + "\n".join(r.getMessage() for r in caplog.records),
        "audit": "\n".join(audit),
        "row": json.dumps(list(raw_row), default=str),
    }
    for place, text in places.items():
        assert canary not in text, place
        assert other_canary not in text, place
    # And yet it is stored: the connector gets it back.
    assert service.connector_for(session, settings_of(app), crm).engine.url.password == canary


def test_secrets_in_the_url_query_and_schedules_that_never_come_round_are_refused(admin_client):
    admin_client.post(
        "/api/v1/sources", json={"key": "q-src", "name": "Q", "platform": "postgresql"}
    )
    url = "/api/v1/sources/q-src/connection"
    leaky = {"connector": "sql", "config": {"url": "postgresql://reader@db/x?password=hunter2"}}
    answer = admin_client.put(url, json=leaky)
    assert answer.status_code == 422, answer.json
    assert "config.url" in answer.json["errors"], answer.json
    assert "hunter2" not in answer.get_data(as_text=True)
    never = {"connector": "sql", "config": {"url": "sqlite:////tmp/x.db"}, "schedule": "0 0 30 2 *"}
    answer = admin_client.put(url, json=never)
    assert answer.status_code == 422, answer.json
    assert "schedule" in answer.json["errors"]


def test_a_stored_secret_never_follows_a_changed_url(app, admin_client, crm, session):
    url = "postgresql://reader@db.example.com:5432/sales"
    put_connection(admin_client, connector="sql", config={"url": url, "password": "s3cret-B"})
    elsewhere = "postgresql://reader@attacker.example:5432/sales"
    tested = admin_client.post(
        "/api/v1/sources/crm/connection/test", json={"config": {"url": elsewhere}}
    )
    assert tested.status_code == 200, tested.json
    assert tested.json["ok"] is False  # the host does not exist
    moved = put_connection(
        admin_client, connector="sql", config={"url": elsewhere, "password": MASK}
    )
    assert moved.status_code == 200, moved.json
    assert moved.json["config"]["password"] == ""
    session.expire_all()
    assert service.connector_for(session, settings_of(app), crm).engine.url.password is None
