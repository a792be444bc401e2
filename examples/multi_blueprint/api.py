"""The JSON API: ``/api/v1/items/`` and ``/api/v1/items/<id>``, written as
``MethodView`` classes on a ``v1`` blueprint nested in ``api``."""

from __future__ import annotations

import typing as t

from .framework import Blueprint, abort, current_app, request, url_for, views
from .store import Item, get_store

bp = Blueprint("api", __name__)
v1 = Blueprint("v1", __name__, url_prefix="/v1")


@bp.errorhandler(400)
@bp.errorhandler(404)
def json_error(error: t.Any) -> tuple[dict[str, t.Any], int]:
    """Errors of the API's own views answer in JSON (an unknown URL under
    ``/api`` is the app's 404: routing failed before a view was chosen)."""
    return {"error": error.name, "description": error.description}, error.code


@v1.after_request
def add_version(response: t.Any) -> t.Any:
    response.headers["X-API-Version"] = "1"
    return response


def _item_or_404(item_id: int) -> Item:
    item = get_store().get(item_id)
    if item is None:
        abort(404, description=f"No item {item_id}.")
    return item


def _validated(data: t.Any, partial: bool = False) -> dict[str, t.Any]:
    """The ``name`` and ``price`` fields of a JSON body, or a 400."""
    if not isinstance(data, dict):
        abort(400, description="Send a JSON object.")
    fields = {key: data[key] for key in ("name", "price") if key in data}
    if not partial and len(fields) < 2:
        abort(400, description="'name' and 'price' are required.")
    if "name" in fields and not isinstance(fields["name"], str):
        abort(400, description="'name' must be a string.")
    if "price" in fields and not isinstance(fields["price"], (int, float)):
        abort(400, description="'price' must be a number.")
    return fields


class ItemListAPI(views.MethodView):
    """``GET`` a page of items (``?page=``), ``POST`` a new one."""

    init_every_request = False

    def get(self) -> dict[str, t.Any]:
        page = request.args.get("page", 1, type=int)
        items = get_store().page(page, current_app.config["PAGE_SIZE"])
        return {"page": page, "items": [item.to_dict() for item in items]}

    def post(self) -> tuple[dict[str, t.Any], int, dict[str, str]]:
        fields = _validated(request.get_json(silent=True))
        item = get_store().add(fields["name"], fields["price"])
        location = url_for(".item", item_id=item.id)
        return item.to_dict(), 201, {"Location": location}


class ItemAPI(views.MethodView):
    """``GET``, ``PATCH`` or ``DELETE`` one item."""

    init_every_request = False

    def get(self, item_id: int) -> dict[str, t.Any]:
        return _item_or_404(item_id).to_dict()

    def patch(self, item_id: int) -> dict[str, t.Any]:
        item = _item_or_404(item_id)
        for key, value in _validated(
            request.get_json(silent=True), partial=True
        ).items():
            setattr(item, key, value)
        return item.to_dict()

    def delete(self, item_id: int) -> tuple[str, int]:
        _item_or_404(item_id)
        get_store().remove(item_id)
        return "", 204


v1.add_url_rule("/items/", view_func=ItemListAPI.as_view("items"))
v1.add_url_rule("/items/<int:item_id>", view_func=ItemAPI.as_view("item"))
bp.register_blueprint(v1)
