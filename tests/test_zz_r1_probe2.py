from catalog.permissions import Role
from tests import factories


def test_probe2(session, accounts, admin_client):
    sales = factories.domain(session, "sales")
    crm = factories.source(session, "crm", domain=sales)
    ds = factories.dataset(session, "customers", source=crm)
    factories.tag(session, "gold", "quality")
    session.commit()
    ana = accounts.client_for("ana", roles=[(Role.CONTRIBUTOR, None)])
    out = []
    for client, method, url, body in [
        (admin_client, "PATCH", "/api/v1/domains/sales", {"name": "\ud800"}),
        (admin_client, "POST", "/api/v1/domains", {"key": "k1", "name": "\ud800"}),
        (admin_client, "PATCH", "/api/v1/tags/gold", {"label": "\ud800"}),
        (ana, "POST", f"/api/v1/datasets/{ds.id}/comments", {"body": "\ud800"}),
        (ana, "POST", "/api/v1/source-suggestions", {"name": "\ud800", "system": "s", "contents": "c", "justification": "j"}),
    ]:
        r = client.open(url, method=method, json=body, query_string={"q": "\ud800"} if method == "GET" else None)
        out.append((method, url, r.status_code))
    print(out)
    open("/tmp/r1/probe2.txt", "w").write(repr(out))
