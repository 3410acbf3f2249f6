from __future__ import annotations

from typing import Any

from flask.views import MethodView

from catalog.auth.principal import current_principal
from catalog.db import get_session
from catalog.permissions import Permission
from catalog.search import service
from catalog.search.backend import Facet, Sort, Suggestion
from catalog.search.schemas import (
    BrowseSchema,
    SearchArgs,
    SearchPageSchema,
    SuggestArgs,
    SuggestionListSchema,
)
from catalog.web.api import Blueprint, requires

blp = Blueprint("search", __name__, url_prefix="/api/v1", description="Search and browse")


@blp.route("/search")
class Search(MethodView):
    @requires(Permission.CATALOG_READ)
    @blp.query(SearchArgs)
    @blp.response(200, SearchPageSchema)
    def get(
        self,
        q: str,
        facets: list[Facet],
        sort: str,
        page: int,
        per_page: int,
        include_removed: bool,
        **filters: list[str],
    ) -> dict[str, Any]:
        """Search datasets and their columns, with filters, facet counts and highlights

        A page beyond the last is empty and still gives the total. Hits are described as
        the catalog holds them now; the index follows changes within about a second.
        """
        session = get_session()
        return service.search(
            session,
            service.get_backend(),
            service.SearchRequest(
                text=q,
                filters={Facet(name): values for name, values in filters.items()},
                facets=facets,
                sort=Sort(sort),
                page=page,
                per_page=per_page,
                include_removed=include_removed,
            ),
            visible=service.visible_domains(session, current_principal()),
        )


@blp.route("/search/suggest")
class Suggest(MethodView):
    @requires(Permission.CATALOG_READ)
    @blp.query(SuggestArgs)
    @blp.response(200, SuggestionListSchema)
    def get(self, q: str, limit: int) -> dict[str, list[Suggestion]]:
        """Autocomplete: datasets, columns and tags that start with what was typed"""
        session = get_session()
        items = service.suggest(
            session,
            service.get_backend(),
            q,
            limit=limit,
            visible=service.visible_domains(session, current_principal()),
        )
        return {"items": items}


@blp.route("/browse")
class Browse(MethodView):
    @requires(Permission.CATALOG_READ)
    @blp.response(200, BrowseSchema)
    def get(self) -> dict[str, list[dict[str, Any]]]:
        """Datasets counted by domain, by source and by tag (for a browse page)"""
        session = get_session()
        return service.browse(
            session, visible=service.visible_domains(session, current_principal())
        )
