"""Property-based fuzzing of request parsing (hypothesis).

Random requests - methods (standard and odd tokens), paths (unicode, valid and
invalid percent-escapes, double slashes, dot segments, very long), query strings,
headers and bodies (form, multipart with random boundaries, JSON, garbage) - are
built as the WSGI environ a server would pass: ``PATH_INFO`` is the server's
percent-decoding of the request target as latin-1 text of the raw bytes.

Properties:

- every request gets a well-formed WSGI response: ``start_response`` called
  once with a ``"NNN Reason"`` status and a list of ``(str, str)`` headers
  (token names, latin-1 values without CR/LF), a body iterable of bytes whose
  ``Content-Length`` is right, ``close()`` called, the contexts popped and the
  teardown functions run, upload files closed; the status is below 500
  unless the view raised on purpose;
- the header properties (``accept_*``, ``range``, ``if_*``, ...) raise on the
  same requests as Werkzeug's; a redirect to user input answers as Flask's.
The routing differential (Flask and flaskcompat route alike, hosts and
subdomains included) is in ``test_fuzz_routing.py``; the environs and strategies
both use are in ``fuzz_support.py``. The runs are derandomized and bounded (see
``_settings``) to keep CI stable.
"""

from __future__ import annotations

import json
import typing as t

import flask
from fuzz_support import (
    _MAX_CONTENT_LENGTH,
    ABORT_CODES,
    ALL_METHODS,
    FULL_APP_EXAMPLES,
    ROUTING_RULES,
    Environ,
    WSGIResult,
    _settings,
    call_wsgi,
    check_well_formed,
    copy_environ,
    environs,
    make_environ,
)
from hypothesis import example, given

import flaskcompat
from flaskcompat.ctx import has_app_context, has_request_context

#: in Werkzeug, or parses.
PARSED_HEADERS = (
    "accept_mimetypes", "accept_languages", "accept_charsets", "accept_encodings",
    "authorization", "cache_control", "if_match", "if_none_match",
    "if_modified_since", "if_unmodified_since", "if_range", "range", "user_agent",
    "access_route", "referrer", "origin", "pragma", "date", "is_secure",
    "access_control_request_headers", "access_control_request_method",
    "content_encoding", "content_md5", "max_forwards", "mimetype_params",
    "content_length", "host", "url", "full_path", "remote_addr",
)  # fmt: skip


class FullApp(t.NamedTuple):
    app: t.Any
    teardowns: list[tuple[str | None, str | None]]
    streams: list[str]  # the streamed bodies that started


def build_full_app(impl: t.Any) -> FullApp:
    """Routes with every converter, methods, strict slashes; ``/echo`` reads
    args, form, JSON, files, cookies, headers and the session."""
    app = impl.Flask(f"fuzz_full_{impl.__name__}", static_folder=None)
    app.logger.disabled = True  # /raise logs its 500 on purpose
    app.config.update(SECRET_KEY="fuzz", MAX_CONTENT_LENGTH=_MAX_CONTENT_LENGTH)
    request, session = impl.request, impl.session
    teardowns: list[tuple[str | None, str | None]] = []
    streams: list[str] = []

    @app.teardown_request
    def count_teardown(exc: BaseException | None) -> None:
        teardowns.append((request.endpoint, type(exc).__name__ if exc else None))

    @app.after_request
    def cookie_from_args(response: t.Any) -> t.Any:
        if "c" in request.args:
            response.set_cookie("c", request.args["c"])
        return response

    def describe(**view_args: t.Any) -> dict[str, t.Any]:
        return {"endpoint": request.endpoint, "view_args": repr(view_args)}

    for rule, options in ROUTING_RULES:
        app.add_url_rule(rule, view_func=describe, **{"endpoint": rule, **options})

    def probe(name: str) -> str:
        try:
            repr(getattr(request, name))
        except Exception as e:  # Werkzeug raises on some malformed headers
            return type(e).__name__
        return "ok"

    @app.route("/echo", methods=ALL_METHODS)
    @app.route("/echo/<path:rest>", methods=ALL_METHODS)
    def echo(rest: str = "") -> dict[str, t.Any]:
        # A part without a name has the key None (as in Werkzeug): lists, not
        # dicts, so the JSON encoder does not sort mixed keys.
        files = [
            [key, f.filename, f.content_type, len(f.read())]
            for key, f in request.files.items(multi=True)
        ]
        rv = {
            "rest": rest,
            "method": request.method,
            "urls": [request.path, request.full_path, request.url, request.base_url,
                     request.url_root, request.host_url, request.host],
            "args": request.args.to_dict(flat=False),
            "form": list(request.form.items(multi=True)),
            "values": list(request.values.items(multi=True)),
            "files": files,
            "json": request.get_json(silent=True),
            "data": len(request.get_data()),
            "cookies": request.cookies.to_dict(flat=False),
            "headers": list(request.headers.items()),
            "content": [request.content_type, request.content_length,
                        request.mimetype, request.mimetype_params],
            "parsed": {name: probe(name) for name in PARSED_HEADERS},
            "session": repr(dict(session)),
        }  # fmt: skip
        session["seen"] = session.get("seen", 0) + 1
        return rv

    @app.route("/json", methods=ALL_METHODS)
    def json_view() -> dict[str, t.Any]:
        return {"json": request.get_json()}  # 400 or 415 on bad input

    @app.route("/form", methods=ALL_METHODS)
    def form_view() -> dict[str, t.Any]:
        return {"form": list(request.form.items()), "files": list(request.files)}

    @app.route("/raise", methods=ALL_METHODS)
    def raise_view() -> t.NoReturn:
        raise RuntimeError("raised on purpose")

    @app.route("/abort/<int:code>")
    def abort_view(code: int) -> str:
        if code in ABORT_CODES:
            impl.abort(code)
        return "no such code"

    @app.route("/go")
    def go() -> t.Any:
        return impl.redirect(request.args.get("next", "/"))

    @app.route("/build")
    def build() -> str:
        return impl.url_for(
            "echo",
            rest=request.args.get("x", "x") or "x",
            _anchor=request.args.get("a"),
            **{k: v for k, v in request.args.items() if k not in ("x", "a")},
        )

    @app.route("/stream")
    def stream() -> t.Any:
        def generate() -> t.Iterator[str]:
            streams.append(request.endpoint)
            yield request.path
            yield from request.args

        return impl.Response(impl.stream_with_context(generate()))

    return FullApp(app, teardowns, streams)


class _ClosingFlaskRequest(flask.Request):
    """Werkzeug leaves a part's temporary file open when a multipart body ends
    early (a short Content-Length): close every file it made, or the
    ResourceWarning fails a later test."""

    def _get_file_stream(self, *args: t.Any, **kwargs: t.Any) -> t.IO[bytes]:
        stream = super()._get_file_stream(*args, **kwargs)
        self.__dict__.setdefault("_fuzz_streams", []).append(stream)
        return stream

    def close(self) -> None:
        super().close()
        for stream in self.__dict__.get("_fuzz_streams", ()):
            stream.close()


class _TrackedRequest(flaskcompat.Request):
    """Records the temporary files of uploads: all are closed after a request."""

    streams: t.ClassVar[list[t.IO[bytes]]] = []

    def _get_file_stream(self, *args: t.Any, **kwargs: t.Any) -> t.IO[bytes]:
        stream = super()._get_file_stream(*args, **kwargs)
        self.streams.append(stream)
        return stream


FULL = build_full_app(flaskcompat)
FULL.app.request_class = _TrackedRequest
FULL_FLASK = build_full_app(flask)  # the oracle of header parsing and /go
FULL_FLASK.app.request_class = _ClosingFlaskRequest


def _outcome(app: t.Any, environ: Environ) -> tuple[t.Any, ...]:
    """The status and Location of a response, or the exception raised."""
    try:
        result = call_wsgi(app, environ)
    except (ValueError, UnicodeError) as e:
        return ("raised", type(e).__name__)
    check_well_formed(result, environ["REQUEST_METHOD"].upper())
    return (result.code, result.header("Location"))


def _is_utf8(wsgi_text: str) -> bool:
    try:
        wsgi_text.encode("latin-1").decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def check_full_app(environ: Environ) -> WSGIResult | None:
    """Send one request to the full app and check every property."""
    oracle_environ = copy_environ(environ)
    FULL.teardowns.clear()
    FULL.streams.clear()
    _TrackedRequest.streams.clear()
    if environ["PATH_INFO"] == "/go":
        # A redirect to user input: as in Flask, a URL with a newline or a bad
        # host name fails when the response is sent.
        outcome = _outcome(FULL.app, environ)
        if _is_utf8(environ["QUERY_STRING"]):
            assert outcome == _outcome(FULL_FLASK.app, oracle_environ)
        else:  # Werkzeug fails on it; flaskcompat keeps such bytes percent-encoded
            assert outcome[0] == "raised" or outcome[0] < 500, outcome
        assert len(FULL.teardowns) == 1 and not has_request_context()
        return None
    result = call_wsgi(FULL.app, environ)
    method = environ["REQUEST_METHOD"].upper()
    check_well_formed(result, method)
    assert not has_request_context() and not has_app_context(), "a context leaked"
    assert all(stream.closed for stream in _TrackedRequest.streams), "a file is open"
    endpoints = {endpoint for endpoint, _ in FULL.teardowns}
    assert len(endpoints) == 1, FULL.teardowns  # all teardowns of this request
    (endpoint,) = endpoints
    # A stream_with_context body pushes the contexts again: a second teardown.
    assert len(FULL.teardowns) == 1 + FULL.streams.count(endpoint), FULL.teardowns
    if endpoint == "raise_view":
        assert result.code == 500, result
        assert FULL.teardowns[0][1] == "RuntimeError"
    else:
        assert result.code < 500, (result.status, result.body[:2000])
    if endpoint == "echo" and result.code == 200 and method != "HEAD":
        expected = call_wsgi(FULL_FLASK.app, oracle_environ)
        if expected.code == 200:
            parsed = json.loads(result.body)["parsed"]
            assert parsed == json.loads(expected.body)["parsed"]
    return result


# -- the properties -------------------------------------------------------------


@_settings(FULL_APP_EXAMPLES)
@given(environ=environs())
@example(environ=make_environ("GET", "/stream", "a=1&b"))
@example(environ=make_environ("HEAD", "/stream"))
@example(environ=make_environ("POST", "/raise"))
@example(environ=make_environ("GET", "/go", "next=%0D%0ASet-Cookie:%20x=1"))
@example(environ=make_environ("GET", "/go", "next=http://a..b/"))
def test_full_app_answers_every_request_well_formed(environ: Environ) -> None:
    check_full_app(environ)
