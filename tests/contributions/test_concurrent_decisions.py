"""Reviewers racing on one request through the real app: exactly one decision is recorded."""

from __future__ import annotations

import threading
from pathlib import Path

import sqlalchemy as sa

from catalog import migrate
from catalog.app import create_app
from catalog.contributions.models import Review
from catalog.db import Database
from catalog.permissions import Role
from tests import factories
from tests.conftest import PASSWORD, BrowserClient

REVIEWERS = 8
ROUNDS = 3


def test_concurrent_reviewers_one_decision_wins(fresh_database_url: str, tmp_path: Path):
    migrate.upgrade(fresh_database_url)
    database = Database(fresh_database_url)
    with database.transaction() as session:
        sales = factories.domain(session, "sales")
        crm = factories.source(session, "crm", domain=sales)
        dataset_id = factories.dataset(session, "customers", source=crm).id
        for n in range(ROUNDS):
            factories.tag(session, f"tag-{n}")
        factories.user(session, "ana", roles=[(Role.CONTRIBUTOR, None)])
        for n in range(REVIEWERS):
            factories.user(session, f"steward-{n}", roles=[(Role.STEWARD, "sales")])
    app = create_app(
        {
            "database_url": fresh_database_url,
            "data_dir": str(tmp_path),
            "search_worker": "off",
            "jobs_worker": "off",
            "login_attempts_per_address": 1000,
        },
        database=database,
    )
    app.test_client_class = BrowserClient

    def signed_in(username: str):
        client = app.test_client()
        answer = client.post(
            "/api/v1/auth/session", json={"username": username, "password": PASSWORD}
        )
        assert answer.status_code == 200, answer.json
        return client

    proposer = signed_in("ana")
    reviewers = [signed_in(f"steward-{n}") for n in range(REVIEWERS)]
    for round_ in range(ROUNDS):
        made = proposer.post(
            "/api/v1/change-requests",
            json={
                "items": [
                    {
                        "kind": "tag.add",
                        "dataset_id": dataset_id,
                        "payload": {"tag": f"tag-{round_}"},
                    }
                ]
            },
        )
        assert made.status_code == 201, made.json
        request_id = made.json["id"]
        start = threading.Barrier(REVIEWERS)
        statuses: list[int] = []

        def review(
            client,
            decision: str,
            start: threading.Barrier = start,
            request_id: int = request_id,
            statuses: list[int] = statuses,
        ) -> None:
            start.wait()
            answer = client.post(
                f"/api/v1/change-requests/{request_id}/decision", json={"decision": decision}
            )
            statuses.append(answer.status_code)

        threads = [
            threading.Thread(target=review, args=(c, "approve" if n % 2 else "reject"))
            for n, c in enumerate(reviewers)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert sorted(statuses) == [200] + [409] * (REVIEWERS - 1), statuses
        with database.transaction() as session:
            reviews = session.scalar(
                sa.select(sa.func.count())
                .select_from(Review)
                .where(Review.request_id == request_id)
            )
            assert reviews == 1
    database.dispose()
