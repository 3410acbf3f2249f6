from tests import factories


def test_viewer_lists_a_dataset(session, viewer_client):
    sales = factories.domain(session)
    crm = factories.source(session, domain=sales)
    factories.dataset(session, "customers", source=crm)
    session.commit()
    response = viewer_client.get("/api/v1/datasets")
    assert response.status_code == 200
    assert [d["name"] for d in response.json["items"]] == ["customers"]
