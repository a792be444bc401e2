"""A shop split into blueprints, built by an app factory.

- ``shop`` (shop.py): the public pages and file downloads;
- ``admin`` (admin/): a token-protected dashboard with its own templates and
  static files, mounted at ``/admin``;
- ``api`` (api.py): a JSON API of class-based views (``MethodView``), nested
  as ``/api/v1``.

Configuration comes from ``default_settings.py``, then ``settings.json``, then
``MULTI_BLUEPRINT_*`` environment variables (``MULTI_BLUEPRINT_PAGE_SIZE=5``),
then the mapping given to :func:`create_app`.

Run it with ``python -m multi_blueprint`` from the ``examples`` folder. To run
it on Flask, change the one import line in ``framework.py``.
"""

from __future__ import annotations

import json
import typing as t

from . import admin, api, default_settings, shop
from .framework import Flask, render_template
from .store import Store

SEED_ITEMS = [("Teapot", 18.5), ("Kettle", 32.0), ("Mug", 6.25)]


def create_app(test_config: t.Mapping[str, t.Any] | None = None) -> Flask:
    """Make and configure an app with its blueprints and a fresh store."""
    app = Flask(__name__)
    app.config.from_object(default_settings)
    app.config.from_file("settings.json", load=json.load, silent=True)
    app.config.from_prefixed_env("MULTI_BLUEPRINT")
    if test_config is not None:
        app.config.from_mapping(test_config)
    app.extensions["store"] = Store(SEED_ITEMS)

    app.register_blueprint(shop.bp)
    app.register_blueprint(admin.bp)
    app.register_blueprint(api.bp, url_prefix="/api")

    @app.errorhandler(404)
    def page_not_found(error: Exception) -> tuple[str, int]:
        return render_template("404.html"), 404

    return app
