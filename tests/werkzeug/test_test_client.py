"""``flaskcompat.werkzeug.test``: Werkzeug's Client moved out of the Flask
client; ``FlaskClient`` keeps the app's environ defaults across redirects."""

from __future__ import annotations

import flaskcompat
from flaskcompat.testing import FlaskClient
from flaskcompat.werkzeug.test import Client, EnvironBuilder, TestResponse


def test_flask_client_is_werkzeugs() -> None:
    assert issubclass(FlaskClient, Client)
    assert FlaskClient.resolve_redirect is Client.resolve_redirect
    assert FlaskClient.get is Client.get


def test_environ_base_kept_across_redirects() -> None:
    app = flaskcompat.Flask(__name__)

    @app.route("/start")
    def start() -> flaskcompat.Response:
        return flaskcompat.redirect("/end")

    @app.route("/end")
    def end() -> str:
        return f"{flaskcompat.request.remote_addr} {flaskcompat.request.user_agent}"

    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = "10.0.0.1"
    rv = client.get("/start", follow_redirects=True)
    assert rv.get_data(as_text=True).startswith("10.0.0.1 Werkzeug/")
    assert [r.status_code for r in rv.history] == [302]


def test_open_with_a_builder() -> None:
    app = flaskcompat.Flask(__name__)

    @app.route("/m", methods=["PUT"])
    def m() -> str:
        return flaskcompat.request.method

    builder = EnvironBuilder("/m", method="PUT")
    rv = app.test_client().open(builder)
    assert isinstance(rv, TestResponse) and rv.get_data() == b"PUT"
    rv = Client(app).open(builder)
    assert rv.get_data() == b"PUT"
