"""``debughelpers``: ``DebugFilesKeyError`` for a file field sent without
``multipart/form-data``, ``FormDataRoutingRedirect`` for a body a redirect would
drop, ``EXPLAIN_TEMPLATE_LOADING``'s report (with the blueprint hint), and
``logging.wsgi_errors_stream``."""

from __future__ import annotations

import io
import logging
import sys
import typing as t

import pytest
from jinja2 import TemplateNotFound

TEMPLATES = __file__.rsplit("/", 1)[0] + "/templates"


def _debug_module(impl: t.Any) -> t.Any:
    import importlib

    return importlib.import_module(f"{impl.name}.debughelpers")


def _logging_module(impl: t.Any) -> t.Any:
    import importlib

    return importlib.import_module(f"{impl.name}.logging")


# -- DebugFilesKeyError ----------------------------------------------------------


@pytest.fixture
def upload_app(app: t.Any, impl: t.Any) -> t.Any:
    @app.route("/upload", methods=["POST"])
    def upload() -> str:
        return impl.request.files["file"].filename  # type: ignore[no-any-return]

    return app


@pytest.mark.api("Request")
def test_files_key_error_explains_the_enctype_in_debug_mode(
    impl: t.Any, upload_app: t.Any
) -> None:
    upload_app.debug = True
    client = upload_app.test_client()
    with pytest.raises(_debug_module(impl).DebugFilesKeyError) as exc_info:
        client.post("/upload", data={"file": "report.pdf"})
    message = str(exc_info.value)
    assert "You tried to access the file 'file' in the request.files" in message
    assert "'application/x-www-form-urlencoded' instead of" in message
    assert 'enctype="multipart/form-data"' in message
    assert "This was submitted: 'report.pdf'" in message
    assert isinstance(exc_info.value, KeyError)
    assert isinstance(exc_info.value, AssertionError)


@pytest.mark.api("Request")
def test_files_key_error_is_a_plain_400_outside_debug_mode(upload_app: t.Any) -> None:
    rv = upload_app.test_client().post("/upload", data={"file": "report.pdf"})
    assert rv.status_code == 400


@pytest.mark.api("Request")
def test_files_lookup_of_other_keys_is_unchanged_in_debug_mode(
    impl: t.Any, app: t.Any
) -> None:
    app.debug = True

    @app.route("/other", methods=["POST"])
    def other() -> str:
        try:
            impl.request.files["missing"]
        except KeyError as e:
            return type(e).__name__
        return "found"

    rv = app.test_client().post("/other", data={"field": "x"})
    assert rv.text == "BadRequestKeyError"


@pytest.mark.api("Request")
def test_multipart_uploads_are_untouched_in_debug_mode(
    impl: t.Any, upload_app: t.Any
) -> None:
    upload_app.debug = True
    rv = upload_app.test_client().post(
        "/upload", data={"file": (io.BytesIO(b"data"), "a.txt")}
    )
    assert rv.text == "a.txt"


# -- FormDataRoutingRedirect ------------------------------------------------------


@pytest.fixture
def slash_app(app: t.Any, impl: t.Any) -> t.Any:
    @app.route("/user/", methods=["GET", "POST"])
    def user() -> str:
        return impl.request.form.get("status", "no form")  # type: ignore[no-any-return]

    return app


@pytest.mark.api("Flask")
def test_308_slash_redirect_keeps_the_form_in_debug_mode(slash_app: t.Any) -> None:
    slash_app.debug = True
    client = slash_app.test_client()
    rv = client.post("/user", data={"status": "success"}, follow_redirects=True)
    assert rv.text == "success"


@pytest.mark.api("Flask")
def test_redirect_that_drops_the_form_raises_in_debug_mode(
    impl: t.Any, slash_app: t.Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    slash_app.debug = True
    monkeypatch.setattr(impl.werkzeug.routing.RequestRedirect, "code", 301)
    client = slash_app.test_client()
    with pytest.raises(_debug_module(impl).FormDataRoutingRedirect) as exc_info:
        client.post("/user", data={"status": "error"})
    message = str(exc_info.value)
    assert "A request was sent to 'http://localhost/user'" in message
    assert "canonical URL 'http://localhost/user/'" in message
    assert "The URL was defined with a trailing slash." in message
    assert "This exception is only raised in debug mode." in message
    assert isinstance(exc_info.value, AssertionError)


@pytest.mark.api("Flask")
def test_redirect_that_drops_the_form_is_a_redirect_outside_debug_mode(
    impl: t.Any, slash_app: t.Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(impl.werkzeug.routing.RequestRedirect, "code", 301)
    client = slash_app.test_client()
    rv = client.post("/user", data={"status": "x"})
    assert rv.status_code == 301
    assert rv.headers["Location"] == "http://localhost/user/"
    slash_app.debug = True
    # GET, HEAD and OPTIONS carry no form: redirected as usual
    assert client.get("/user").status_code == 301


# -- EXPLAIN_TEMPLATE_LOADING -------------------------------------------------------


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@pytest.fixture
def explained(impl: t.Any) -> tuple[t.Any, _Collect]:
    """An app explaining its template loading, with a blueprint of its own."""
    app = impl.Flask("conformance_app", root_path=TEMPLATES, template_folder=".")
    app.config.update(TESTING=True, EXPLAIN_TEMPLATE_LOADING=True)
    bp = impl.Blueprint(
        "frontend", "frontend_bp", root_path=TEMPLATES, template_folder="bp"
    )

    @bp.route("/bp/<name>")
    def bp_view(name: str) -> str:
        return impl.render_template(name, value=1)  # type: ignore[no-any-return]

    @app.route("/app/<name>")
    def app_view(name: str) -> str:
        return impl.render_template(name, value=1)  # type: ignore[no-any-return]

    app.register_blueprint(bp)
    handler = _Collect()
    app.logger.handlers[:] = [handler]
    app.logger.setLevel(logging.INFO)
    return app, handler


@pytest.mark.api("Flask", "render_template", "Blueprint")
def test_explain_found_template(explained: tuple[t.Any, _Collect]) -> None:
    app, handler = explained
    rv = app.test_client().get("/bp/only_bp.html")
    assert rv.text == "only in the blueprint: 1"
    [message] = handler.messages
    lines = message.splitlines()
    assert lines[0] == "Locating template 'only_bp.html':"
    assert lines[1] == "    1: trying loader of application 'conformance_app'"
    assert "       class: jinja2.loaders.FileSystemLoader" in lines
    assert "       -> no match" in lines
    assert "    2: trying loader of blueprint 'frontend' (frontend_bp)" in lines
    assert any(line.startswith("       -> found (") for line in lines)
    assert "Error" not in message and "blueprint 'frontend'." not in message


@pytest.mark.api("Flask", "render_template", "Blueprint")
def test_explain_missing_template_names_the_blueprint(
    impl: t.Any, explained: tuple[t.Any, _Collect]
) -> None:
    app, handler = explained
    with pytest.raises(TemplateNotFound):
        app.test_client().get("/bp/missing.html")
    [message] = handler.messages
    assert "Error: the template could not be found." in message
    assert (
        "  The template was looked up from an endpoint that belongs"
        " to the blueprint 'frontend'." in message
    )
    assert "  Maybe you did not place a template in the right folder?" in message


@pytest.mark.api("Flask", "render_template", "Blueprint")
def test_explain_template_found_twice(explained: tuple[t.Any, _Collect]) -> None:
    app, handler = explained
    rv = app.test_client().get("/bp/shadowed.html")
    assert rv.status_code == 200
    [message] = handler.messages
    assert "Warning: multiple loaders returned a match for the template." in message
    assert "to the blueprint 'frontend'." in message


@pytest.mark.api("Flask", "render_template")
def test_explain_outside_a_blueprint_has_no_hint(
    impl: t.Any, explained: tuple[t.Any, _Collect]
) -> None:
    app, handler = explained
    with pytest.raises(TemplateNotFound):
        app.test_client().get("/app/missing.html")
    [message] = handler.messages
    assert "Error: the template could not be found." in message
    assert "blueprint 'frontend'." not in message


@pytest.mark.api("Flask", "render_template")
def test_explain_helper_logs_at_info(impl: t.Any, app: t.Any) -> None:
    handler = _Collect()
    app.logger.handlers[:] = [handler]
    app.logger.setLevel(logging.INFO)
    _debug_module(impl).explain_template_loading_attempts(app, "x.html", [])
    assert handler.messages == [
        "Locating template 'x.html':\nError: the template could not be found."
    ]


# -- wsgi_errors_stream ---------------------------------------------------------------


@pytest.mark.api("Flask")
def test_wsgi_errors_stream_is_a_proxy(impl: t.Any, app: t.Any) -> None:
    stream = _logging_module(impl).wsgi_errors_stream
    assert isinstance(stream, impl.werkzeug.local.LocalProxy)
    assert stream._get_current_object() is sys.stderr
    errors = io.StringIO()
    with app.test_request_context(errors_stream=errors):
        assert stream._get_current_object() is errors
        stream.write("to wsgi.errors\n")
    assert errors.getvalue() == "to wsgi.errors\n"


@pytest.mark.api("Flask")
def test_default_handler_logs_to_wsgi_errors(impl: t.Any, app: t.Any) -> None:
    log = _logging_module(impl)
    app.logger.handlers[:] = [log.default_handler]
    app.logger.propagate = False
    errors = io.StringIO()
    try:
        with app.test_request_context(errors_stream=errors):
            app.logger.error("went wrong")
    finally:
        app.logger.propagate = True
    assert "ERROR in test_debughelpers: went wrong" in errors.getvalue()
