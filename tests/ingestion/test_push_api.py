"""The push API through the real stack: connector tokens, HTTP, the engine, the database."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pydantic
import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient

from catalog import create_app
from catalog.datasets.models import Dataset
from catalog.datasets.service import (
    add_column_tag,
    add_dataset_tag,
    set_business_description,
    set_column_business_description,
)
from catalog.ingestion import push
from catalog.ingestion.api import PushedBatchSchema, PushedColumnSchema, PushedDatasetSchema
from catalog.ingestion.models import ConnectorRun, RunKind, RunStatus
from catalog.outbox.models import OutboxEvent
from catalog.permissions import Role
from catalog.provenance.models import Origin, Provenance
from catalog.users.service import find_user
from tests import factories
from tests.token_helpers import access_token, bearer, new_api_client

PROBLEM = "application/problem+json"


def table(name: str, *columns: tuple[str, str], **fields: Any) -> dict[str, Any]:
    """A pushed dataset of source crm; columns as (name, data_type)."""
    return {
        "urn": f"urn:crm:{name}",
        "name": name,
        "qualified_name": f"public.{name}",
        "columns": [{"name": c, "data_type": t} for c, t in columns],
        **fields,
    }


@dataclass
class Connector:
    client: FlaskClient
    headers: dict[str, str]
    username: str

    def push(self, items: list[Any], mode: str = "upsert", source: str = "crm") -> Any:
        return self.post({"mode": mode, "items": items}, source=source)

    def post(self, body: Any, source: str = "crm", **kwargs: Any) -> Any:
        url = f"/api/v1/sources/{source}/datasets/batch"
        if "data" in kwargs:
            return self.client.post(url, headers=self.headers, **kwargs)
        return self.client.post(url, json=body, headers=self.headers)

    def get(self, path: str) -> Any:
        response = self.client.get(path, headers=self.headers)
        assert response.status_code == 200, response.json
        return response.json

    def dataset(self, name: str) -> Any:
        return self.get(f"/api/v1/datasets/by-urn?urn=urn:crm:{name}")


def connector_for(app, admin_client, *sources: str) -> Connector:
    client_id, secret = new_api_client(admin_client, name="pusher", sources=list(sources))
    token = access_token(app.test_client(), client_id, secret)
    return Connector(app.test_client(), bearer(token), client_id)


@pytest.fixture
def crm(session):
    source = factories.source(session, "crm", domain=factories.domain(session, "sales"))
    factories.source(session, "erp")
    session.commit()
    return source


@pytest.fixture
def connector(app, admin_client, crm) -> Connector:
    return connector_for(app, admin_client, "crm")


def runs(session) -> list[ConnectorRun]:
    session.expire_all()
    return list(session.scalars(sa.select(ConnectorRun).order_by(ConnectorRun.id)))


def count(session, model: Any) -> int:
    return session.scalar(sa.select(sa.func.count()).select_from(model)) or 0


def item_errors(response: Any) -> dict[str, str]:
    assert response.status_code == 422, response.json
    assert response.mimetype == PROBLEM
    return {e["pointer"]: e["message"] for e in response.json["errors"]["items"]}


# --- storing batches ------------------------------------------------------------------------


def test_a_first_push_creates_datasets_and_records_its_run(connector, session):
    response = connector.push(
        [
            table(
                "customers",
                ("id", "bigint"),
                ("email", "text"),
                description="One row per customer",
                row_count=12,
                source_updated_at="2025-03-01T08:00:00+01:00",
            ),
            table("orders", ("id", "bigint"), kind="view"),
        ]
    )
    assert response.status_code == 200, response.json
    body = response.json
    assert body == {
        "run_id": body["run_id"],
        "mode": "upsert",
        "created": 2,
        "updated": 0,
        "unchanged": 0,
        "removed": 0,
        "removed_urns": [],
        "errors": [],
    }
    [run] = runs(session)
    account = find_user(session, connector.username)
    assert (run.id, run.kind, run.status, run.trigger) == (
        body["run_id"],
        RunKind.PUSH,
        RunStatus.SUCCEEDED,
        "push",
    )
    assert (run.created, run.updated, run.unchanged, run.removed) == (2, 0, 0, 0)
    assert run.started_by_id == account.id and run.started_by_label == account.username
    assert run.started_at <= run.finished_at and run.error == ""

    customers = connector.dataset("customers")
    assert customers["technical_description"] == "One row per customer"
    assert customers["row_count"] == 12
    assert customers["source_updated_at"] == "2025-03-01T07:00:00+00:00"
    assert customers["domain"]["key"] == "sales"
    assert [(c["name"], c["data_type"], c["ordinal"]) for c in customers["columns"]] == [
        ("id", "bigint", 1),
        ("email", "text", 2),
    ]
    provenance = customers["technical_provenance"]
    assert provenance["origin"] == "connector_run"
    assert provenance["connector_run_id"] == run.id
    assert provenance["actor"]["username"] == connector.username
    assert connector.dataset("orders")["kind"] == "view"


def test_the_same_batch_twice_changes_nothing(connector, session):
    batch = [table("customers", ("id", "bigint")), table("orders", ("id", "bigint"))]
    assert connector.push(batch).json["created"] == 2
    versions = dict(session.execute(sa.select(Dataset.urn, Dataset.version)).all())
    events, changes = count(session, OutboxEvent), len(connector_history(connector, "customers"))

    again = connector.push(batch)
    assert again.status_code == 200
    assert {k: again.json[k] for k in ("created", "updated", "unchanged", "removed")} == {
        "created": 0,
        "updated": 0,
        "unchanged": 2,
        "removed": 0,
    }
    session.expire_all()
    assert dict(session.execute(sa.select(Dataset.urn, Dataset.version)).all()) == versions
    assert count(session, OutboxEvent) == events
    assert len(connector_history(connector, "customers")) == changes
    assert [(r.status, r.unchanged) for r in runs(session)] == [
        (RunStatus.SUCCEEDED, 0),
        (RunStatus.SUCCEEDED, 2),
    ]


def test_a_push_never_touches_what_people_said(connector, session):
    """The ownership rule: technical metadata changes, business metadata and its provenance stay."""
    first = [table("customers", ("id", "bigint"), ("email", "text"), ("name", "text"))]
    assert connector.push(first).status_code == 200
    customers = session.scalar(sa.select(Dataset).where(Dataset.urn == "urn:crm:customers"))
    email = next(c for c in customers.columns if c.name == "email")
    analyst = factories.user(session, "ann-analyst")
    steward = factories.user(session, "sam-steward")
    people = Provenance(
        origin=Origin.CHANGE_REQUEST, actor=analyst, approver=steward, reference="request 7"
    )
    session.add(people)
    set_business_description(session, customers, "Everyone who bought something", people)
    add_dataset_tag(session, customers, factories.tag(session, "gold"), people)
    add_column_tag(session, email, factories.tag(session, "personal", "privacy"), people)
    set_column_business_description(session, email, "Where invoices go", people)
    session.commit()

    # Everything technical changes, and a column leaves.
    changed = table(
        "customers",
        ("name", "varchar(200)"),
        ("id", "integer"),
        kind="view",
        qualified_name="crm.customers",
        description="Customers, from the CRM",
        row_count=99,
    )
    assert connector.push([changed]).json["updated"] == 1
    after = connector.dataset("customers")
    assert (after["kind"], after["qualified_name"], after["row_count"]) == (
        "view",
        "crm.customers",
        99,
    )
    assert after["technical_description"] == "Customers, from the CRM"
    assert_people_kept(after, email_removed=True)
    drop_run = after["technical_provenance"]["connector_run_id"]

    # The column comes back with its business metadata.
    changed["columns"].append({"name": "email", "data_type": "text"})
    assert connector.push([changed]).json["updated"] == 1
    back = connector.dataset("customers")
    assert_people_kept(back, email_removed=False)
    assert [c["name"] for c in back["columns"]] == ["name", "id", "email"]
    assert back["technical_provenance"]["connector_run_id"] > drop_run


def assert_people_kept(dataset: dict[str, Any], *, email_removed: bool) -> None:
    assert dataset["business_description"] == "Everyone who bought something"
    for provenance in (
        dataset["business_description_provenance"],
        dataset["tags"][0]["provenance"],
    ):
        assert provenance["origin"] == "change_request"
        assert provenance["actor"]["username"] == "ann-analyst"
        assert provenance["approver"]["username"] == "sam-steward"
    assert [t["key"] for t in dataset["tags"]] == ["gold"]
    email = next(c for c in dataset["columns"] if c["name"] == "email")
    assert (email["removed_at"] is not None) is email_removed
    assert email["business_description"] == "Where invoices go"
    assert email["business_description_provenance"]["actor"]["username"] == "ann-analyst"
    assert [t["key"] for t in email["tags"]] == ["personal"]
    assert email["tags"][0]["provenance"]["reference"] == "request 7"


def test_snapshot_mode_removes_absent_datasets_and_restores_them(connector, session):
    all_three = [table(n, ("id", "bigint")) for n in ("customers", "orders", "invoices")]
    connector.push(all_three)
    assert connector.push(all_three[:1], mode="upsert").json["removed"] == 0

    snapshot = connector.push(all_three[:1], mode="snapshot")
    assert snapshot.status_code == 200
    assert snapshot.json["mode"] == "snapshot"
    assert snapshot.json["removed"] == 2
    assert snapshot.json["removed_urns"] == ["urn:crm:invoices", "urn:crm:orders"]
    assert connector.dataset("orders")["removed_at"] is not None
    assert connector.dataset("customers")["removed_at"] is None
    assert runs(session)[-1].removed == 2

    back = connector.push(all_three, mode="snapshot")
    assert {k: back.json[k] for k in ("updated", "unchanged", "removed")} == {
        "updated": 2,
        "unchanged": 1,
        "removed": 0,
    }
    assert connector.dataset("orders")["removed_at"] is None


# --- the schema history ------------------------------------------------------------------------


def connector_history(connector: Connector, name: str, **params: Any) -> list[dict[str, Any]]:
    dataset_id = connector.dataset(name)["id"]
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return connector.get(f"/api/v1/datasets/{dataset_id}/schema-changes?{query}")["items"]


def test_schema_changes_are_in_the_history_newest_first(connector, viewer_client):
    run_ids = []

    def pushed(*items: dict[str, Any], mode: str = "upsert") -> None:
        response = connector.push(list(items), mode=mode)
        assert response.status_code == 200, response.json
        run_ids.append(response.json["run_id"])

    pushed(table("customers", ("id", "int"), ("email", "text")))
    pushed(table("customers", ("id", "bigint"), ("phone", "text")))  # type, add, remove
    pushed(table("customers", ("id", "bigint"), ("phone", "text"), ("email", "text")))
    pushed(table("orders", ("id", "int")), mode="snapshot")  # customers removed
    pushed(table("customers", ("id", "bigint"), ("phone", "text"), ("email", "text")))

    dataset_id = connector.dataset("customers")["id"]
    page = viewer_client.get(f"/api/v1/datasets/{dataset_id}/schema-changes").json
    seen = [
        (c["kind"], c["column"], c["before"], c["after"], run_ids.index(c["run_id"]) + 1)
        for c in page["items"]
    ]
    assert seen == [
        ("dataset_restored", "", "", "", 5),
        ("dataset_removed", "", "", "", 4),
        ("column_restored", "email", "", "", 3),
        ("column_removed", "email", "text", "", 2),
        ("column_added", "phone", "", "text", 2),
        ("type_changed", "id", "int", "bigint", 2),
        ("dataset_added", "", "", "", 1),
    ]
    assert {c["run_kind"] for c in page["items"]} == {"push"}
    assert all(c["recorded_at"].endswith("+00:00") for c in page["items"])
    assert (page["total"], page["pages"]) == (7, 1)

    second = viewer_client.get(f"/api/v1/datasets/{dataset_id}/schema-changes?per_page=3&page=2")
    assert [c["kind"] for c in second.json["items"]] == [
        "column_removed",
        "column_added",
        "type_changed",
    ]
    assert (second.json["total"], second.json["pages"]) == (7, 3)

    missing = viewer_client.get("/api/v1/datasets/999999/schema-changes")
    assert missing.status_code == 404 and missing.mimetype == PROBLEM
    bad_page = viewer_client.get(f"/api/v1/datasets/{dataset_id}/schema-changes?page=0")
    assert bad_page.status_code == 422 and "page" in bad_page.json["errors"]


# --- refusals -------------------------------------------------------------------------------


def test_bad_items_are_named_by_pointer_and_nothing_is_stored(connector, session):
    good = table("customers", ("id", "bigint"))
    bad = {
        "urn": "urn:crm:orders",
        "kind": "cube",
        "colour": "blue",
        "description": "nul \x00 inside",
        "row_count": -1,
        "source_updated_at": "2025-03-01T08:00:00",
        "columns": [
            {"name": "id"},
            {"name": ""},
            {"name": "x" * 256},
            {"name": "total", "data_type": 12, "nullable": "perhaps"},
        ],
    }
    response = connector.push([good, bad])
    errors = item_errors(response)
    assert errors == {
        "/items/1/name": "Missing data for required field.",
        "/items/1/kind": errors["/items/1/kind"],
        "/items/1/colour": "Unknown field.",
        "/items/1/description": "Must not contain NUL characters.",
        "/items/1/row_count": "Input should be greater than or equal to 0.",
        "/items/1/source_updated_at": "Input should have timezone info.",
        "/items/1/columns/1/name": "String should have at least 1 character.",
        "/items/1/columns/2/name": "String should have at most 255 characters.",
        "/items/1/columns/3/data_type": "Input should be a valid string.",
        "/items/1/columns/3/nullable": (
            "Input should be a valid boolean, unable to interpret input."
        ),
    }
    assert "'table'" in errors["/items/1/kind"]
    assert response.json["detail"].startswith("The batch was not stored: /items/1/")
    assert count(session, Dataset) == 0
    [run] = runs(session)
    assert (run.kind, run.status, run.created) == (RunKind.PUSH, RunStatus.FAILED, 0)
    assert run.error.startswith("The batch was not stored: /items/1/")
    assert run.started_by_label == connector.username


def test_a_urn_given_twice_names_both_items(connector, session):
    response = connector.push(
        [table("customers"), table("orders"), table("customers", ("id", "int"))]
    )
    assert item_errors(response) == {"/items/2/urn": "Duplicate URN: also at /items/0."}
    assert count(session, Dataset) == 0
    assert [r.status for r in runs(session)] == [RunStatus.FAILED]


def test_a_dataset_of_another_source_refuses_the_batch(connector, session):
    erp = factories.source(session, "erp")
    factories.dataset(session, "ledger", source=erp, urn="urn:crm:ledger")
    session.commit()
    response = connector.push([table("customers"), table("ledger", ("id", "int"))])
    assert item_errors(response) == {
        "/items/1/urn": "This dataset belongs to another source.",
    }
    assert count(session, Dataset) == 1  # the ledger only: customers was rolled back
    assert runs(session)[-1].status == RunStatus.FAILED


def test_only_a_connector_bound_to_the_source_may_push(app, admin_client, accounts, connector):
    elsewhere = connector_for(app, admin_client, "erp")
    refused = elsewhere.push([table("customers")])
    assert refused.status_code == 403 and refused.mimetype == PROBLEM
    assert "crm" in refused.json["detail"]
    assert elsewhere.push([table("customers")], source="erp").status_code == 200

    # An administrator holds every permission but metadata:write, signed in or by token.
    assert (
        admin_client.post("/api/v1/sources/crm/datasets/batch", json={"items": []}).status_code
        == 403
    )
    token = admin_client.post(
        "/api/v1/me/tokens", json={"name": "script", "scopes": ["catalog:read", "metadata:write"]}
    ).json["token"]
    by_token = app.test_client().post(
        "/api/v1/sources/crm/datasets/batch", json={"items": []}, headers=bearer(token)
    )
    assert by_token.status_code == 403
    steward = accounts.client_for("stu", roles=[(Role.STEWARD, None)])
    assert steward.post("/api/v1/sources/crm/datasets/batch", json={"items": []}).status_code == 403
    assert app.test_client().post("/api/v1/sources/crm/datasets/batch").status_code == 401

    unknown = connector.push([table("customers")], source="nowhere")
    assert unknown.status_code == 404 and unknown.mimetype == PROBLEM


def test_limits_and_unreadable_bodies(app_config, database, connector, session):
    too_many = connector.push([{"urn": f"u{i}", "name": "n"} for i in range(push.MAX_ITEMS + 1)])
    assert list(item_errors(too_many)) == ["/items"]
    assert str(push.MAX_ITEMS) in item_errors(too_many)["/items"]

    wide = table("wide", *((f"c{i}", "int") for i in range(push.MAX_COLUMNS + 1)))
    assert list(item_errors(connector.push([wide]))) == ["/items/0/columns"]

    no_items = connector.post({"mode": "append"})
    assert item_errors(no_items) == {
        "/mode": "Input should be 'upsert' or 'snapshot'.",
        "/items": "Missing data for required field.",
    }
    assert item_errors(connector.post([1, 2])) == {"": "Input should be an object."}

    not_json = connector.post(None, data="{not json", content_type="application/json")
    assert not_json.status_code == 400 and not_json.mimetype == PROBLEM
    assert "not valid JSON" in not_json.json["detail"]
    as_text = connector.post(None, data="{}", content_type="text/plain")
    assert as_text.status_code == 415 and as_text.mimetype == PROBLEM

    small = create_app({**app_config, "max_request_bytes": 4096}, database=database)
    big = [table("customers", *((f"column_{i}", "text") for i in range(200)))]
    response = small.test_client().post(
        "/api/v1/sources/crm/datasets/batch", json={"items": big}, headers=connector.headers
    )
    assert response.status_code == 413 and response.mimetype == PROBLEM
    assert response.json["status"] == 413
    failed = [r for r in runs(session) if r.status == RunStatus.FAILED]
    # Every refused batch left a failed run (not the 415: that was not a batch).
    assert len(failed) == 6
    assert failed[-1].error.startswith("Refused:")
    assert count(session, Dataset) == 0


def test_the_openapi_document_describes_the_body_read(client):
    spec = client.get("/api/v1/openapi.json").json
    operation = spec["paths"]["/api/v1/sources/{key}/datasets/batch"]["post"]
    body = operation["requestBody"]["content"]["application/json"]["schema"]
    assert body == {"$ref": "#/components/schemas/PushedBatch"}
    assert "5,000 datasets" in operation["description"]
    assert {"200", "403", "404", "413", "422"} <= set(operation["responses"])
    schemas = spec["components"]["schemas"]
    assert schemas["PushedBatch"]["required"] == ["items"]

    # What the documentation says is exactly what the fast reader reads.
    for documented, read in (
        (PushedBatchSchema, push.PushedBatchBody),
        (PushedDatasetSchema, push.PushedDataset),
        (PushedColumnSchema, push.PushedColumn),
    ):
        fields = documented().fields
        enforced = pydantic.TypeAdapter(read).json_schema()
        assert set(fields) == set(enforced["properties"])
        assert {n for n, f in fields.items() if f.required} == set(enforced["required"])


def test_values_beyond_what_a_database_stores_are_refused(connector, session):
    huge = {**table("huge", ("id", "bigint")), "row_count": 2**64}
    late = {**table("late", ("id", "bigint")), "source_updated_at": "9999-12-31T23:59:59-01:00"}
    errors = item_errors(connector.push([huge, late]))
    assert set(errors) == {"/items/0/row_count", "/items/1/source_updated_at"}
    assert count(session, Dataset) == 0
    [run] = runs(session)
    assert run.status is RunStatus.FAILED
