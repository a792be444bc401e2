"""The public pages: the item list, an item's page and file downloads."""

from __future__ import annotations

from .framework import (
    Blueprint,
    Response,
    abort,
    current_app,
    render_template,
    request,
    send_from_directory,
)
from .store import get_store

bp = Blueprint("shop", __name__)


@bp.app_template_filter("money")
def money(value: float) -> str:
    """``{{ 6.25|money }}`` -> ``6.25 EUR`` (the ``CURRENCY`` setting)."""
    currency = current_app.config.get("CURRENCY", "USD")
    return f"{value:.2f} {currency}"


@bp.route("/")
def index() -> str:
    page = request.args.get("page", 1, type=int)
    items = get_store().page(page, current_app.config["PAGE_SIZE"])
    return render_template("index.html", items=items, page=page)


@bp.route("/items/<int:item_id>")
def item(item_id: int) -> str:
    found = get_store().get(item_id)
    if found is None:
        abort(404)
    return render_template("item.html", item=found)


@bp.route("/downloads/<path:filename>")
def download(filename: str) -> Response:
    """A file of ``DOWNLOAD_FOLDER`` (relative to the app), as an attachment."""
    return send_from_directory(
        current_app.config["DOWNLOAD_FOLDER"], filename, as_attachment=True
    )
