"""The lineage of a dataset: what feeds it and what it feeds, dataset by dataset and
column by column."""

from __future__ import annotations

from flask.views import MethodView

from catalog.auth.principal import current_principal
from catalog.db import get_session
from catalog.lineage import service
from catalog.lineage.schemas import LineageGraphSchema, LineageQuery
from catalog.permissions import Permission
from catalog.web.api import Blueprint, requires

blp = Blueprint("lineage", __name__, url_prefix="/api/v1/datasets", description="Lineage")


@blp.route("/<int:dataset_id>/lineage")
class DatasetLineage(MethodView):
    @requires(Permission.CATALOG_READ)
    @blp.query(LineageQuery)
    @blp.response(200, LineageGraphSchema)
    @blp.alt_response(404, description="There is no such dataset")
    def get(
        self, dataset_id: int, direction: service.Direction, depth: int
    ) -> service.LineageGraph:
        """The lineage graph around a dataset

        Breadth-first from the dataset, upstream and/or downstream, up to ``depth`` hops;
        a cycle is followed once. Datasets that left their source are included, flagged
        ``removed``. Each edge carries the job that moves the data (``via``), its column
        lineage when known, and the provenance of the run that declared it last. Datasets of
        domains the caller may not read are left out (and not walked through).
        """
        return service.lineage_graph(
            get_session(),
            dataset_id,
            direction,
            depth,
            readable=current_principal().readable_domains(),
        )
