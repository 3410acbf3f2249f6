from __future__ import annotations

from typing import Any

from flask.views import MethodView
from sqlalchemy.orm import Session

from catalog.auth.principal import current_principal
from catalog.business.view import business_view
from catalog.datasets import service
from catalog.datasets.models import Dataset
from catalog.datasets.schemas import (
    DatasetDetailSchema,
    DatasetListQuery,
    DatasetPageSchema,
    DatasetUrnQuery,
)
from catalog.db import get_session
from catalog.permissions import Permission
from catalog.web.api import Blueprint, requires
from catalog.web.schemas import page_envelope

blp = Blueprint("datasets", __name__, url_prefix="/api/v1/datasets", description="Datasets")


@blp.route("")
class Datasets(MethodView):
    @requires(Permission.CATALOG_READ)
    @blp.query(DatasetListQuery)
    @blp.response(200, DatasetPageSchema)
    def get(self, page: int, per_page: int, sort: str, **filters: Any) -> dict[str, Any]:
        """List datasets, filtered and sorted, one page at a time

        Only the datasets of the domains the caller may read.
        """
        datasets, total, column_counts = service.list_datasets(
            get_session(),
            service.DatasetFilters(
                domain=filters.get("domain"),
                source=filters.get("source"),
                tags=filters.get("tag", ()),
                kind=filters.get("kind"),
                updated_since=filters.get("updated_since"),
                include_removed=filters.get("include_removed", False),
            ),
            readable=current_principal().readable_domains(),
            sort=sort,
            page=page,
            per_page=per_page,
        )
        items = [_summary(d, column_counts.get(d.id, 0)) for d in datasets]
        return page_envelope(items, page=page, per_page=per_page, total=total)


def _summary(dataset: Dataset, column_count: int) -> Dataset:
    dataset.column_count = column_count  # type: ignore[attr-defined]
    return dataset


def _with_business(session: Session, dataset: Dataset) -> Dataset:
    """The detail view shows what people said (personal data, owners, trust) and propose."""
    for name, value in business_view(session, dataset.id).items():
        setattr(dataset, name, value)
    return dataset


@blp.route("/<int:dataset_id>")
class DatasetById(MethodView):
    @requires(Permission.CATALOG_READ)
    @blp.response(200, DatasetDetailSchema)
    def get(self, dataset_id: int) -> Dataset:
        """Get a dataset with its columns, tags, business metadata and open proposals"""
        session, readable = get_session(), current_principal().readable_domains()
        return _with_business(session, service.get_dataset(session, dataset_id, readable=readable))


@blp.route("/by-urn")
class DatasetByUrn(MethodView):
    @requires(Permission.CATALOG_READ)
    @blp.query(DatasetUrnQuery)
    @blp.response(200, DatasetDetailSchema)
    def get(self, urn: str) -> Dataset:
        """Get a dataset by its URN"""
        session, readable = get_session(), current_principal().readable_domains()
        return _with_business(session, service.get_dataset_by_urn(session, urn, readable=readable))
