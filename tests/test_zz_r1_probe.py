"""Temporary probe (r1 review): odd payloads against the new routes; prints non-2xx/4xx."""
from __future__ import annotations

import pytest

from catalog.permissions import Role
from tests import factories

BAD_BODIES = [
    None, [], "x", 1, {"key": None}, {"key": "A B"}, {"key": "é"}, {"key": "a" * 81},
    {"key": "ok-key", "name": None}, {"key": "ok-key", "name": 1}, {"key": "ok-key", "name": "x\x00"},
    {"key": "ok-key", "name": " "}, {"key": "ok-key", "name": "n", "description": None},
    {"key": "ok-key", "name": "n", "domain": ""}, {"key": "ok-key", "name": "n", "domain": "nope"},
    {"key": "ok-key", "name": "n", "domain": 5}, {"key": "-bad", "name": "n"},
    {"key": "ok-key", "name": "n", "extra": 1}, {"key": "ok-key", "label": "n"},
    {"key": "ok-key", "label": "\ud800"}, {"name": "\ud800"}, {"label": None}, {},
    {"description": "x" * 20001}, {"name": "y" * 256},
]


def test_probe(session, accounts, admin_client):
    sales = factories.domain(session, "sales")
    crm = factories.source(session, "crm", domain=sales)
    ds = factories.dataset(session, "customers", source=crm)
    factories.tag(session, "gold", "quality")
    session.commit()
    ana = accounts.client_for("ana", roles=[(Role.CONTRIBUTOR, None)])
    odd = []
    targets = [
        ("POST", "/api/v1/domains"), ("PATCH", "/api/v1/domains/sales"),
        ("POST", "/api/v1/vocabularies"), ("PATCH", "/api/v1/vocabularies/quality"),
        ("POST", "/api/v1/vocabularies/quality/tags"), ("PATCH", "/api/v1/tags/gold"),
        ("POST", f"/api/v1/datasets/{ds.id}/comments"),
    ]
    for method, url in targets:
        client = ana if "comments" in url else admin_client
        for body in BAD_BODIES:
            r = client.open(url, method=method, json=body)
            if r.status_code >= 500 or (r.status_code < 400 and body not in ({}, )):
                odd.append((method, url, repr(body)[:60], r.status_code, (r.json or {}).get("detail")))
        for raw in [b"{", b"\xff\xfe", b"null", b'{"body": "a"}{'] :
            r = client.open(url, method=method, data=raw, content_type="application/json")
            if r.status_code >= 500:
                odd.append((method, url, raw, r.status_code, None))
    for url in ["/api/v1/domains/%00", "/api/v1/domains/" + "a" * 5000, "/api/v1/tags/..%2f", "/api/v1/vocabularies/%C3%A9"]:
        for m in ["PATCH", "DELETE"]:
            r = admin_client.open(url, method=m, json={"name": "x"})
            if r.status_code >= 500:
                odd.append((m, url, "", r.status_code, None))
    queries = [
        {"created_before": "0001-01-01T00:00:00+01:00"}, {"created_before": "9999-12-31T23:59:59-05:00"},
        {"created_before": "2026-01-01"}, {"created_before": "2026-01-01T00:00:00"},
        {"created_before": "x"}, {"stale": "maybe"}, {"stale": "true"}, {"stale": "false", "page": 1000000},
        {"stale": "true", "reviewable": "true"},
    ]
    for q in queries:
        r = ana.get("/api/v1/change-requests", query_string=q)
        odd.append(("GET", "/change-requests", q, r.status_code, (r.json or {}).get("detail")))
    for q in [{"updated_since": "0001-01-01T00:00:00+01:00"}]:
        r = ana.get("/api/v1/datasets", query_string=q)
        odd.append(("GET", "/datasets", q, r.status_code, None))
    for q in [{"since": "0001-01-01T00:00:00+01:00"}]:
        r = admin_client.get("/api/v1/audit-events", query_string=q)
        odd.append(("GET", "/audit", q, r.status_code, None))
    r = admin_client.get("/api/v1/connections")
    odd.append(("GET", "/connections", "", r.status_code, r.json))
    r = ana.get(f"/api/v1/datasets/{ds.id}/comments", query_string={"page": 1000000, "per_page": 500})
    odd.append(("GET", "comments deep", "", r.status_code, None))
    r = ana.get("/api/v1/auth/me")
    odd.append(("GET", "/me", "", r.status_code, r.json))
    for o in odd:
        print(o)
    with open("/tmp/r1/probe.txt", "w") as fh:
        fh.write("\n".join(map(repr, odd)))
