"""Dataset page views: the web UI reports them; "recently viewed" lists them back."""

from __future__ import annotations

from typing import Any

import marshmallow as ma
from flask.views import MethodView
from marshmallow import fields, validate

from catalog.auth.principal import current_principal
from catalog.datasets import views
from catalog.datasets.schemas import DatasetSummarySchema
from catalog.db import get_session
from catalog.permissions import Permission
from catalog.web.api import Blueprint, requires

blp = Blueprint(
    "dataset_views",
    __name__,
    url_prefix="/api/v1",
    description="Dataset page views: recently viewed datasets and popularity",
)


class RecentlyViewedQuery(ma.Schema):
    limit = fields.Integer(
        load_default=10,
        validate=validate.Range(min=1, max=views.MAX_RECENT),
        metadata={"description": f"At most {views.MAX_RECENT}."},
    )


class RecentlyViewedDatasetSchema(DatasetSummarySchema):
    viewed_at = fields.AwareDateTime(
        required=True, metadata={"description": "When I last opened its page"}
    )


class RecentlyViewedSchema(ma.Schema):
    items = fields.List(fields.Nested(RecentlyViewedDatasetSchema), required=True)


@blp.route("/datasets/<int:dataset_id>/views")
class DatasetViews(MethodView):
    @requires(Permission.CATALOG_READ)
    @blp.response(204)
    def post(self, dataset_id: int) -> None:
        """Record that I opened this dataset's page (the web UI calls it; repeated views
        within 30 minutes count once). Popularity in search counts distinct viewers over
        the last 90 days, recomputed every 10 minutes."""
        principal = current_principal()
        assert principal.user is not None  # CATALOG_READ is never held anonymously
        views.record_view(
            get_session(), principal.user, dataset_id, readable=principal.readable_domains()
        )


@blp.route("/me/recently-viewed")
class RecentlyViewed(MethodView):
    @requires(Permission.CATALOG_READ)
    @blp.query(RecentlyViewedQuery)
    @blp.response(200, RecentlyViewedSchema)
    def get(self, limit: int) -> dict[str, Any]:
        """The datasets whose pages I opened, most recent first (removed datasets left out)"""
        principal = current_principal()
        assert principal.user is not None  # CATALOG_READ is never held anonymously
        found = views.recently_viewed(
            get_session(), principal.user.id, limit, readable=principal.readable_domains()
        )
        for recent in found:
            recent.dataset.viewed_at = recent.viewed_at  # type: ignore[attr-defined]
        return {"items": [recent.dataset for recent in found]}
