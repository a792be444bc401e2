"""Scenarios where the time goes past routing: request bodies (POST JSON, a
100 KB multipart upload), a bigger session write, request hooks and templates
(``render_template_string`` of a repeated source, ``render_template`` beside
Jinja alone)."""

from __future__ import annotations

import json
import random
import re
import typing as t
from types import ModuleType

import bottle
import jinja2
from apps_basic import jinja_env, load_session, session_cookie
from scenario import (
    DISTINCT,
    SECRET,
    TEMPLATE_DIR,
    Input,
    Scenario,
    flask_app,
    json_body,
    not_found,
    read_body,
    respond,
    spread,
)

if t.TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

JSON_BODIES = 2_000
JSON_SIZE = 1_024
UPLOADS = 64
UPLOAD_SIZE = 100_000
BOUNDARY = "----benchBoundary7MA4YWxkTrZu0gW"
SESSIONS = 5_000
ROWS = [
    {"name": f"row {i} <&>", "qty": i * 3, "price": i * 1.75} for i in range(1, 21)
]
ROWS50 = [
    {"name": f"line {i} & co", "qty": i, "price": i * 0.5, "done": i % 3 == 0}
    for i in range(1, 51)
]
SOURCE = """\
<h1>{{ title }}</h1>
<table>
{% for row in rows %}<tr class="{{ loop.cycle('a', 'b') }}"><td>{{ loop.index }}</td>\
<td>{{ row.name }}</td><td>{{ row.qty }}</td>\
<td>{{ "%.2f"|format(row.price) }}</td></tr>
{% endfor %}</table>
"""


# post_json: POST a 1 KB JSON object, get_json(), echo it with jsonify


def _payload(i: int) -> bytes:
    data: dict[str, t.Any] = {
        "id": i,
        "user": f"user{i}",
        "tags": [f"t{i % 13}", "x", "y"],
        "items": [
            {"sku": f"s{i}-{k}", "qty": k, "price": round(1.5 * k + i % 7, 2)}
            for k in range(8)
        ],
        "note": "",
    }
    size = len(json.dumps(data).encode())
    data["note"] = "n" * max(0, JSON_SIZE - size)
    return json.dumps(data).encode()


def post_json_inputs() -> list[Input]:
    bodies = [_payload(i) for i in range(JSON_BODIES)]
    return [Input("/echo", body=body) for body in bodies]


def post_json_flask(flask: ModuleType) -> WSGIApplication:
    app = flask_app(flask)

    @app.post("/echo")
    def echo() -> t.Any:
        return flask.jsonify(flask.request.get_json())

    return app  # type: ignore[no-any-return]


def post_json_bottle() -> WSGIApplication:
    app = bottle.Bottle()

    @app.post("/echo")
    def echo() -> str:
        data = bottle.request.json
        bottle.response.content_type = "application/json"
        return json_body(data)

    return app  # type: ignore[no-any-return]


def post_json_raw() -> WSGIApplication:
    def app(environ: WSGIEnvironment, start_response: StartResponse) -> list[bytes]:
        data = json.loads(read_body(environ))
        return respond(start_response, json_body(data), "application/json")

    return app


# multipart100k: a multipart/form-data upload, one text field and a 100 KB file


def _upload(i: int) -> bytes:
    content = random.Random(i).randbytes(UPLOAD_SIZE)
    return b"".join(
        [
            f"--{BOUNDARY}\r\n".encode(),
            b'Content-Disposition: form-data; name="title"\r\n\r\n',
            f"upload {i}\r\n".encode(),
            f"--{BOUNDARY}\r\n".encode(),
            f'Content-Disposition: form-data; name="file"; filename="f{i}.bin"\r\n'
            .encode(),
            b"Content-Type: application/octet-stream\r\n\r\n",
            content,
            f"\r\n--{BOUNDARY}--\r\n".encode(),
        ]
    )


def multipart_inputs() -> list[Input]:
    return [Input("/upload", body=_upload(i)) for i in range(UPLOADS)]


def multipart_flask(flask: ModuleType) -> WSGIApplication:
    app = flask_app(flask)

    @app.post("/upload")
    def upload() -> str:
        request = flask.request
        file = request.files["file"]
        data = file.read()
        return f"{request.form['title']}: {file.filename} {len(data)} {data[:4].hex()}"

    return app  # type: ignore[no-any-return]


def multipart_bottle() -> WSGIApplication:
    app = bottle.Bottle()

    @app.post("/upload")
    def upload() -> str:
        request = bottle.request
        file = request.files["file"]
        data = file.file.read()
        title = request.forms.getunicode("title")
        return f"{title}: {file.raw_filename} {len(data)} {data[:4].hex()}"

    return app  # type: ignore[no-any-return]


def parse_multipart(body: bytes, boundary: bytes) -> dict[str, tuple[str, bytes]]:
    """The least a multipart parser does: split on the boundary, read each part's
    name and filename; ``{name: (filename, content)}``."""
    fields = {}
    for part in body.split(b"--" + boundary)[1:-1]:
        head, _, content = part.partition(b"\r\n\r\n")
        disposition = head.decode("latin-1")
        name = re.search(r' name="([^"]*)"', disposition)
        filename = re.search(r' filename="([^"]*)"', disposition)
        if name is not None:
            fields[name.group(1)] = (
                filename.group(1) if filename else "",
                content[:-2],  # the CRLF before the next boundary
            )
    return fields


def multipart_raw() -> WSGIApplication:
    def app(environ: WSGIEnvironment, start_response: StartResponse) -> list[bytes]:
        boundary = environ["CONTENT_TYPE"].partition("boundary=")[2].encode()
        fields = parse_multipart(read_body(environ), boundary)
        filename, data = fields["file"]
        title = fields["title"][1].decode()
        return respond(
            start_response, f"{title}: {filename} {len(data)} {data[:4].hex()}"
        )

    return app


# session_write: a login session (4 keys, a list) read, changed and written


def session_write_inputs() -> list[Input]:
    return [
        Input(f"/cart/add/{i}", cookie=spread(i, SESSIONS)) for i in range(DISTINCT)
    ]


def _login(uid: int) -> dict[str, t.Any]:
    return {"uid": uid, "name": f"user {uid}", "cart": [uid % 10], "visits": 0}


def _add(session: dict[str, t.Any], item: int) -> str:
    session["cart"] = [*session["cart"], item]
    session["visits"] += 1
    return (
        f"{session['name']}: {len(session['cart'])} items, last {item}, "
        f"visits {session['visits']}"
    )


def session_write_flask(flask: ModuleType) -> WSGIApplication:
    app = flask_app(flask)
    app.secret_key = SECRET

    @app.route("/login/<int:uid>")
    def login(uid: int) -> str:
        flask.session.update(_login(uid))
        return "logged in"

    @app.route("/cart/add/<int:item>")
    def add(item: int) -> str:
        session = flask.session
        session["cart"] = [*session["cart"], item]
        session["visits"] += 1
        return (
            f"{session['name']}: {len(session['cart'])} items, last {item}, "
            f"visits {session['visits']}"
        )

    return app  # type: ignore[no-any-return]


def session_write_bottle() -> WSGIApplication:
    app = bottle.Bottle()

    def save(session: dict[str, t.Any]) -> None:
        bottle.response.set_cookie(
            "s", json.dumps(session), secret=SECRET, path="/", httponly=True
        )

    @app.route("/login/<uid:int>")
    def login(uid: int) -> str:
        save(_login(uid))
        return "logged in"

    @app.route("/cart/add/<item:int>")
    def add(item: int) -> str:
        session = json.loads(bottle.request.get_cookie("s", "{}", secret=SECRET))
        text = _add(session, item)
        save(session)
        return text

    return app  # type: ignore[no-any-return]


def session_write_raw() -> WSGIApplication:
    login = re.compile(r"/login/(\d+)\Z")
    add = re.compile(r"/cart/add/(\d+)\Z")

    def app(environ: WSGIEnvironment, start_response: StartResponse) -> list[bytes]:
        path = environ["PATH_INFO"]
        match = login.match(path)
        if match is not None:
            cookie = session_cookie(_login(int(match.group(1))))
            return respond(start_response, "logged in", headers=(cookie,))
        match = add.match(path)
        if match is None:
            return not_found(start_response)
        session = load_session(environ.get("HTTP_COOKIE", ""))
        text = _add(session, int(match.group(1)))
        return respond(start_response, text, headers=(session_cookie(session),))

    return app


# hooks: before_request, after_request and teardown_request on every request


def hooks_inputs() -> list[Input]:
    return [Input(f"/h/{spread(i, DISTINCT)}") for i in range(DISTINCT)]


def hooks_flask(flask: ModuleType) -> WSGIApplication:
    app = flask_app(flask)
    finished = [0]

    @app.before_request
    def load_user() -> None:
        flask.g.user = "ada"

    @app.after_request
    def tag(response: t.Any) -> t.Any:
        response.headers["X-User"] = flask.g.user
        return response

    @app.teardown_request
    def count(error: BaseException | None) -> None:
        finished[0] += 1

    @app.route("/h/<int:id>")
    def view(id: int) -> str:
        return f"{flask.g.user} {id}"

    return app  # type: ignore[no-any-return]


def hooks_bottle() -> WSGIApplication:
    app = bottle.Bottle()
    finished = [0]

    @app.hook("before_request")
    def load_user() -> None:
        bottle.request.environ["bench.user"] = "ada"

    @app.hook("after_request")
    def tag() -> None:
        bottle.response.set_header("X-User", bottle.request.environ["bench.user"])
        finished[0] += 1

    @app.route("/h/<id:int>")
    def view(id: int) -> str:
        return f"{bottle.request.environ['bench.user']} {id}"

    return app  # type: ignore[no-any-return]


def hooks_raw() -> WSGIApplication:
    pattern = re.compile(r"/h/(\d+)\Z")
    finished = [0]

    def before(environ: WSGIEnvironment) -> None:
        environ["bench.user"] = "ada"

    def after(environ: WSGIEnvironment, headers: list[tuple[str, str]]) -> None:
        headers.append(("X-User", environ["bench.user"]))

    def teardown() -> None:
        finished[0] += 1

    def app(environ: WSGIEnvironment, start_response: StartResponse) -> list[bytes]:
        try:
            match = pattern.match(environ["PATH_INFO"])
            if match is None:
                return not_found(start_response)
            before(environ)
            headers: list[tuple[str, str]] = []
            after(environ, headers)
            text = f"{environ['bench.user']} {int(match.group(1))}"
            return respond(start_response, text, headers=tuple(headers))
        finally:
            teardown()

    return app


# render_template_string: one 20-row source rendered again and again


def rts_inputs() -> list[Input]:
    return [Input(f"/report/{spread(i, DISTINCT)}") for i in range(DISTINCT)]


def rts_flask(flask: ModuleType) -> WSGIApplication:
    app = flask_app(flask)

    @app.route("/report/<int:n>")
    def report(n: int) -> str:
        return flask.render_template_string(  # type: ignore[no-any-return]
            SOURCE, title=f"Report {n}", rows=ROWS
        )

    return app  # type: ignore[no-any-return]


def rts_bottle() -> WSGIApplication:
    app = bottle.Bottle()

    @app.route("/report/<n:int>")
    def report(n: int) -> str:
        return bottle.template(  # type: ignore[no-any-return]
            SOURCE,
            template_adapter=bottle.Jinja2Template,
            template_settings={"autoescape": True},
            title=f"Report {n}",
            rows=ROWS,
        )

    return app  # type: ignore[no-any-return]


def rts_raw() -> WSGIApplication:
    template = jinja2.Environment(autoescape=True).from_string(SOURCE)
    pattern = re.compile(r"/report/(\d+)\Z")

    def app(environ: WSGIEnvironment, start_response: StartResponse) -> list[bytes]:
        match = pattern.match(environ["PATH_INFO"])
        if match is None:
            return not_found(start_response)
        body = template.render(title=f"Report {int(match.group(1))}", rows=ROWS)
        return respond(start_response, body)

    return app


# render_template: a 50-row table template file; the raw floor is Jinja alone


def rt_inputs() -> list[Input]:
    return [Input(f"/table/{spread(i, DISTINCT)}") for i in range(DISTINCT)]


def rt_flask(flask: ModuleType) -> WSGIApplication:
    app = flask_app(flask)

    @app.route("/table/<int:n>")
    def table(n: int) -> str:
        return flask.render_template(  # type: ignore[no-any-return]
            "table.html", title=f"Table {n}", rows=ROWS50
        )

    return app  # type: ignore[no-any-return]


def rt_bottle() -> WSGIApplication:
    template = bottle.Jinja2Template(
        name="table.html", lookup=[TEMPLATE_DIR], autoescape=True
    )
    app = bottle.Bottle()

    @app.route("/table/<n:int>")
    def table(n: int) -> str:
        return template.render(  # type: ignore[no-any-return]
            title=f"Table {n}", rows=ROWS50
        )

    return app  # type: ignore[no-any-return]


def rt_raw() -> WSGIApplication:
    template = jinja_env().get_template("table.html")
    pattern = re.compile(r"/table/(\d+)\Z")

    def app(environ: WSGIEnvironment, start_response: StartResponse) -> list[bytes]:
        match = pattern.match(environ["PATH_INFO"])
        if match is None:
            return not_found(start_response)
        body = template.render(title=f"Table {int(match.group(1))}", rows=ROWS50)
        return respond(start_response, body)

    return app


SCENARIOS = [
    Scenario(
        "post_json", "POST 1 KB JSON, get_json, echoed", "POST",
        "POST /echo (1 KB JSON <i>)", post_json_inputs, post_json_flask,
        post_json_bottle, post_json_raw, content_type="application/json",
        requires=("jsonify",),
        bottle_note="request.json, then json.dumps(compact, sort_keys) + newline",
        note=f"{JSON_BODIES:,} distinct bodies of {JSON_SIZE:,} bytes",
    ),
    Scenario(
        "multipart100k", "multipart upload, 100 KB file", "POST",
        "POST /upload (title + 100 KB file <i>)", multipart_inputs,
        multipart_flask, multipart_bottle, multipart_raw,
        content_type=f"multipart/form-data; boundary={BOUNDARY}",
        bottle_note="request.files / request.forms.getunicode (the body stays "
        "under Bottle's MEMFILE_MAX, 102,400 bytes, so it is not spooled to disk)",
        note=f"{UPLOADS} distinct bodies, a {UPLOAD_SIZE:,}-byte random file "
        "each; the raw floor splits on the boundary",
    ),
    Scenario(
        "session_write", "login session (4 keys) read+write", "GET",
        "GET /cart/add/<i> (cookie <i>)", session_write_inputs,
        session_write_flask, session_write_bottle, session_write_raw,
        prime="/login/{i}", primed=SESSIONS,
        bottle_note="no sessions in Bottle: the dict as JSON in a signed cookie "
        "(response.set_cookie(secret=...), HMAC over a pickled string)",
        note=f"{SESSIONS:,} distinct cookies, each implementation's own format",
    ),
    Scenario(
        "hooks", "before + after + teardown hooks", "GET", "GET /h/<id>",
        hooks_inputs, hooks_flask, hooks_bottle, hooks_raw,
        bottle_note="before_request and after_request hooks; Bottle has no "
        "teardown hook, its after_request does the teardown's work",
    ),
    Scenario(
        "render_template_string", "render_template_string, 20-row loop",
        "GET", "GET /report/<n>", rts_inputs, rts_flask, rts_bottle, rts_raw,
        requires=("render_template_string",),
        bottle_note="bottle.template(source, template_adapter=Jinja2Template): "
        "Bottle caches the compiled template keyed by the source",
        note="the same source every time; the raw floor compiles it once",
    ),
    Scenario(
        "render_template", "render_template, 50-row table", "GET",
        "GET /table/<n>", rt_inputs, rt_flask, rt_bottle, rt_raw,
        requires=("render_template",),
        bottle_note="bottle.Jinja2Template of the same file, compiled once",
        note="the raw floor is Jinja alone (get_template once, render): "
        "fc/raw is render_template's cost over Jinja's",
    ),
]  # fmt: skip
