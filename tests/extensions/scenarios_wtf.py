"""Flask-WTF (with WTForms): CSRF-protected forms (valid token -> 200; missing
token -> 400 through ``errorhandler(400)`` and through a ``CSRFError``
handler), and ``FileField`` + ``FileRequired`` with a real upload."""

from __future__ import annotations

import io
import typing as t

import flask
from flask_wtf import CSRFProtect, FlaskForm
from flask_wtf.csrf import CSRFError
from flask_wtf.file import FileAllowed, FileField, FileRequired
from support import hidden_value, summary
from werkzeug.exceptions import BadRequest
from werkzeug.utils import secure_filename
from wtforms import StringField
from wtforms.validators import DataRequired


class NameForm(FlaskForm):
    name = StringField("name", validators=[DataRequired()])


class UploadForm(FlaskForm):
    document = FileField(validators=[FileRequired(), FileAllowed(["txt", "csv"])])


def make_app(**config: t.Any) -> flask.Flask:
    app = flask.Flask(__name__)
    app.config.update(SECRET_KEY="wtf-secret", **config)

    @app.route("/name", methods=["GET", "POST"])
    def name() -> t.Any:
        form = NameForm()
        if form.validate_on_submit():
            return f"hello {form.name.data}"
        if flask.request.method == "POST":
            return {"errors": form.errors}, 422
        return flask.render_template_string(
            "<form method=post>{{ form.csrf_token }}{{ form.name }}</form>", form=form
        )

    @app.route("/upload", methods=["GET", "POST"])
    def upload() -> t.Any:
        form = UploadForm()
        if form.validate_on_submit():
            data = form.document.data
            return {
                "filename": secure_filename(data.filename),
                "size": len(data.read()),
                "mimetype": data.mimetype,
                "is_werkzeug_file": type(data).__name__,
            }
        if flask.request.method == "POST":
            return {"errors": form.errors}, 422
        return flask.render_template_string("{{ form.csrf_token }}", form=form)

    return app


def _token(client: t.Any, url: str) -> str:
    return hidden_value(client.get(url).get_data(as_text=True), "csrf_token")


def scenario_csrf_valid_token() -> dict[str, t.Any]:
    client = make_app().test_client()
    token = _token(client, "/name")
    response = client.post("/name", data={"csrf_token": token, "name": "ada"})
    assert response.status_code == 200, response.get_data(as_text=True)
    return summary(response)


def scenario_csrf_missing_token_in_form() -> dict[str, t.Any]:
    client = make_app().test_client()
    _token(client, "/name")  # the session has a token, the form does not
    response = client.post("/name", data={"name": "ada"})
    return summary(response)


def scenario_csrf_protect_missing_token_errorhandler_400() -> dict[str, t.Any]:
    app = make_app()
    CSRFProtect(app)

    @app.errorhandler(400)
    def bad_request(error: BadRequest) -> t.Any:
        return {
            "handled_by": "errorhandler(400)",
            "description": error.description,
        }, 400

    response = app.test_client().post("/name", data={"name": "ada"})
    assert response.status_code == 400
    return summary(response)


def scenario_csrf_protect_csrferror_handler() -> dict[str, t.Any]:
    app = make_app()
    CSRFProtect(app)

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError) -> t.Any:
        return {"handled_by": "CSRFError", "description": error.description}, 400

    client = app.test_client()
    missing = client.post("/name", data={"name": "ada"})
    assert missing.status_code == 400
    token = _token(client, "/name")
    valid = client.post("/name", data={"name": "ada"}, headers={"X-CSRFToken": token})
    bad = client.post("/name", data={"name": "ada", "csrf_token": "forged"})
    return {"missing": summary(missing), "valid": summary(valid), "bad": summary(bad)}


def scenario_csrf_protect_default_response() -> dict[str, t.Any]:
    app = make_app()
    CSRFProtect(app)
    response = app.test_client().post("/name", data={"name": "ada"})
    assert response.status_code == 400
    assert "The CSRF token is missing." in response.get_data(as_text=True)
    return summary(response, "Content-Type")


def scenario_filefield_upload() -> dict[str, t.Any]:
    client = make_app(WTF_CSRF_ENABLED=False).test_client()
    response = client.post(
        "/upload",
        data={
            "document": (io.BytesIO(b"a,b\n1,2\n"), "../../prices 2024.csv", "text/csv")
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    return summary(response)


def scenario_filefield_upload_with_csrf() -> dict[str, t.Any]:
    client = make_app().test_client()
    token = _token(client, "/upload")
    response = client.post(
        "/upload",
        data={"csrf_token": token, "document": (io.BytesIO(b"hello"), "a.txt")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    return summary(response)


def scenario_filefield_required_and_allowed() -> dict[str, t.Any]:
    client = make_app(WTF_CSRF_ENABLED=False).test_client()
    missing = client.post("/upload", data={}, content_type="multipart/form-data")
    wrong = client.post(
        "/upload",
        data={"document": (io.BytesIO(b"MZ"), "tool.exe")},
        content_type="multipart/form-data",
    )
    return {"missing": summary(missing), "wrong_type": summary(wrong)}


def scenario_json_body_with_csrf_header_and_exempt_view() -> dict[str, t.Any]:
    app = make_app()
    csrf = CSRFProtect(app)

    @app.post("/hook")
    @csrf.exempt
    def hook() -> str:
        return "exempt"

    client = app.test_client()
    token = _token(client, "/name")
    with_header = client.post(
        "/name", json={"name": "json"}, headers={"X-CSRFToken": token}
    )
    without = client.post("/name", json={"name": "json"})
    return {
        "with_header": summary(with_header),
        "without": summary(without, body=False),
        "exempt": summary(client.post("/hook")),
    }
