"""The admin blueprint: a dashboard behind a token, with its own templates
(``admin/templates/admin/``) and static files (served at ``/admin/static/``)."""

from __future__ import annotations

import typing as t

from ..framework import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from ..store import get_store

bp = Blueprint(
    "admin",
    __name__,
    url_prefix="/admin",
    template_folder="templates",
    static_folder="static",
)

#: Endpoints open to everyone: the login page and the blueprint's static files.
PUBLIC_ENDPOINTS = {"admin.login", "admin.static"}


@bp.before_request
def require_login() -> None:
    """Every admin page but the public ones needs a logged-in session."""
    if request.endpoint not in PUBLIC_ENDPOINTS and not session.get("admin"):
        abort(401)


@bp.errorhandler(401)
def unauthorized(error: Exception) -> tuple[str, int]:
    return render_template("admin/denied.html"), 401


@bp.context_processor
def admin_context() -> dict[str, t.Any]:
    """Only the admin blueprint's templates see ``admin_nav``."""
    return {
        "admin_nav": [
            ("Dashboard", url_for(".dashboard")),
            ("Shop", url_for("shop.index")),
        ]
    }


@bp.route("/login", methods=["GET", "POST"])
def login() -> str | Response:
    if request.method == "POST":
        if request.form.get("token") == current_app.config["ADMIN_TOKEN"]:
            session["admin"] = True
            flash("Welcome back.")
            return redirect(url_for(".dashboard"))
        flash("Wrong token.", "error")
    return render_template("admin/login.html")


@bp.post("/logout")
def logout() -> Response:
    session.pop("admin", None)
    return redirect(url_for("shop.index"))


@bp.route("/")
def dashboard() -> str:
    items = sorted(get_store().items.values(), key=lambda item: item.id)
    return render_template("admin/dashboard.html", items=items)


@bp.post("/items")
def add_item() -> Response:
    name = request.form.get("name", "").strip()
    price = request.form.get("price", type=float)
    if not name or price is None:
        flash("An item needs a name and a price.", "error")
    else:
        item = get_store().add(name, price)
        flash(f"Added {item.name}.")
    return redirect(url_for(".dashboard"))
