"""Differential fuzzing of routing (hypothesis): real Flask and flaskcompat get
the same random requests and must answer alike - the same status, the same
``Location`` for redirects, the same ``Allow`` methods, and for a match the same
endpoint, view arguments and built URLs.

Three apps: one with every converter, method, slash and default case on the
path alone; one with subdomain matching (``SERVER_NAME`` with a port, fixed and
variable subdomains, a blueprint and a nested one on their own subdomains); one
with host matching (fixed hosts, a host with a port, a variable host, a static
host). Hosts are drawn near the configured ones: case changes, ports, extra or
missing labels, malformed names; a request whose host is outside ``SERVER_NAME``
must give the same warning on both sides. The runs are derandomized and bounded.
"""

from __future__ import annotations

import typing as t
import warnings

import flask
from fuzz_support import (
    ALL_METHODS,
    DIFFERENTIAL_EXAMPLES,
    ROUTING_RULES,
    Environ,
    WSGIResult,
    _header_value,
    _settings,
    call_wsgi,
    check_well_formed,
    copy_environ,
    make_environ,
    methods,
    path_infos,
    query_strings,
)
from hypothesis import example, given
from hypothesis import strategies as st

import flaskcompat

# -- the routing-only app, on both implementations ----------------------------


def build_routing_app(impl: t.Any) -> t.Any:
    """Views answer their endpoint and view arguments, nothing else."""
    app = impl.Flask(f"fuzz_routing_{impl.__name__}", static_folder=None)
    request = impl.request

    def view(**view_args: t.Any) -> str:
        args = sorted((k, repr(v)) for k, v in view_args.items())
        return f"{request.endpoint} {args}"

    for rule, options in ROUTING_RULES:
        app.add_url_rule(rule, view_func=view, **{"endpoint": rule, **options})
    app.add_url_rule("/echo", view_func=view, methods=ALL_METHODS)
    app.add_url_rule("/echo/<path:rest>", view_func=view, methods=ALL_METHODS)
    return app


ROUTING = {
    "flask": build_routing_app(flask),
    "flaskcompat": build_routing_app(flaskcompat),
}

_HOSTS = [
    "example.com", "EXAMPLE.com:8080", "Example.COM", "[::1]:80", "[::1", "bad host",
    "h:1:2", "xn--caf-dma.test", "café.test", "a..b", "127.0.0.1:443", "", "x:80",
]  # fmt: skip


@st.composite
def routing_environs(draw: st.DrawFn) -> Environ:
    """A request without a body: what routing looks at."""
    headers = []
    if draw(st.integers(0, 2)) > 0:
        headers.append(("Host", draw(st.sampled_from(_HOSTS) | _header_value)))
    return make_environ(
        method=draw(methods()),
        path_info=draw(path_infos()),
        query=draw(st.sampled_from(["", "", "a=1&b=%C3%A9", "x"]) | query_strings()),
        headers=headers,
        script_name=draw(st.sampled_from(["", "", "", "/app", "/app/", "/Ã¼nÃ¯"])),
        scheme=draw(st.sampled_from(["http", "https"])),
    )


def compare_routing(environ: Environ) -> None:
    """Flask and flaskcompat route the same request the same way."""
    flask_result = call_wsgi(ROUTING["flask"], copy_environ(environ))
    compat_result = call_wsgi(ROUTING["flaskcompat"], copy_environ(environ))
    check_well_formed(compat_result, environ["REQUEST_METHOD"].upper())
    assert compat_result.code == flask_result.code, (compat_result, flask_result)
    assert compat_result.header("Location") == flask_result.header("Location")
    if flask_result.code == 200:
        assert compat_result.body == flask_result.body
    # Werkzeug lists the methods in set order (it varies with the hash seed).
    assert _allowed(compat_result) == _allowed(flask_result)


def _allowed(result: WSGIResult) -> set[str] | None:
    allow = result.header("Allow")
    return None if allow is None else set(allow.split(", "))


def _routing_example(
    method: str, path: str, query: str = "", host: str | None = None
) -> t.Any:
    headers = [] if host is None else [("Host", host)]
    return example(environ=make_environ(method, path, query, headers))


@_settings(DIFFERENTIAL_EXAMPLES)
@given(environ=routing_environs())
# Found by the fuzzing (fixed in routing): an empty PATH_INFO redirects to
# "/"; a host IDNA refuses is a 400; the redirect keeps the query as UTF-8.
@_routing_example("GET", "")
@_routing_example("GET", "/", host="a..b")
@_routing_example("GET", "/slash", host="a." + "b" * 64)
@_routing_example("GET", "", "\x80")
@_routing_example("GET", "/slash", "a=%C3%A9&b=\xc3\xa9&c=\xff", "EXAMPLE.com:8080")
# The edges the strategies aim at.
@_routing_example("GET", "//int//5")
@_routing_example("GET", "/path/a//b/edit")
@_routing_example("OPTIONS", "/methods")
@_routing_example("get", "/get-only")
@_routing_example("GET", "/users/page/1", "x=1")
@_routing_example("GET", "/any/caf\u00c3\u00a9")
@_routing_example("GET", "/raw/a/b")
@_routing_example("GET", "/x/1.5")
@_routing_example("GET", "/x/a/b/z")
@_routing_example("GET", "/uuid/12345678-1234-5678-1234-56781234567A")
@_routing_example("GET", "/slash", host="bad host")
@_routing_example("GET", "/slash", host="[::1]:80")
def test_routing_matches_flask(environ: Environ) -> None:
    compare_routing(environ)


def test_options_no_allowed_methods() -> None:
    """OPTIONS on a URL only a non-strict-slash rule matches: Werkzeug finds no
    allowed method (its slash fallback does not record methods)."""
    environ = make_environ("OPTIONS", "/loose")
    flask_result = call_wsgi(ROUTING["flask"], copy_environ(environ))
    compat_result = call_wsgi(ROUTING["flaskcompat"], copy_environ(environ))
    assert flask_result.code == compat_result.code == 200
    assert compat_result.header("Allow") == flask_result.header("Allow") is None


# -- hosts and subdomains ----------------------------------------------------------

SERVER_NAME = "example.test:8080"


def build_subdomain_app(impl: t.Any) -> t.Any:
    """Subdomain matching: views answer their endpoint, arguments and URLs built
    for every endpoint (relative on their own subdomain, external elsewhere)."""
    app = impl.Flask(
        f"fuzz_subdomains_{impl.__name__}", subdomain_matching=True, static_folder=None
    )
    app.config["SERVER_NAME"] = SERVER_NAME
    request, url_for = impl.request, impl.url_for

    def view(**view_args: t.Any) -> str:
        args = sorted((k, repr(v)) for k, v in view_args.items())
        built = [
            url_for("root"),
            url_for("api_root", q="1"),
            url_for("user", user="bob", id=3),
            url_for("admin.panel"),
            url_for("admin.deep.inner", _external=True),
        ]
        return f"{request.endpoint} {args} {built}"

    app.add_url_rule("/", "root", view)
    app.add_url_rule("/", "api_root", view, subdomain="api")
    app.add_url_rule("/items/", "items", view, subdomain="api", methods=["GET", "POST"])
    app.add_url_rule("/u/<int:id>", "user", view, subdomain="<user>")
    app.add_url_rule("/any/<path:p>", "anywhere", view, subdomain="<sub>")
    admin = impl.Blueprint("admin", __name__, subdomain="admin")
    deep = impl.Blueprint("deep", __name__, subdomain="deep")
    admin.add_url_rule("/panel", "panel", view)
    deep.add_url_rule("/inner/", "inner", view)
    admin.register_blueprint(deep)
    app.register_blueprint(admin)
    return app


def build_host_app(impl: t.Any) -> t.Any:
    """Host matching: the same kind of views on fixed and variable hosts."""
    app = impl.Flask(
        f"fuzz_hosts_{impl.__name__}", host_matching=True, static_folder=None
    )
    request, url_for = impl.request, impl.url_for

    def view(**view_args: t.Any) -> str:
        args = sorted((k, repr(v)) for k, v in view_args.items())
        built = [
            url_for("a_root"),
            url_for("b_page", n=2),
            url_for("profile", user="joe", tab="x"),
            url_for("shared"),
        ]
        return f"{request.endpoint} {args} {built}"

    app.add_url_rule("/", "a_root", view, host="a.test")
    app.add_url_rule("/page/<int:n>", "a_page", view, host="a.test")
    app.add_url_rule("/page/<int:n>", "b_page", view, host="b.test:8080")
    app.add_url_rule("/dir/", "b_dir", view, host="b.test:8080", methods=["POST"])
    app.add_url_rule("/p", "profile", view, host="<user>.users.test")
    app.add_url_rule("/shared", "shared", view, host="a.test")
    app.add_url_rule("/shared", "shared", view, host="b.test:8080")
    return app


DOMAIN_APPS = {
    name: {"flask": build(flask), "flaskcompat": build(flaskcompat)}
    for name, build in (("subdomains", build_subdomain_app), ("hosts", build_host_app))
}

_LABELS = ["", "api", "admin", "deep.admin", "deep", "bob", "a.b", "API", "x-y", "-"]
_BASES = [
    "example.test:8080", "EXAMPLE.test:8080", "example.test", "example.test:80",
    "other.test", "test:8080", "a.test", "A.Test:80", "b.test:8080", "b.test",
    "users.test", "joe.users.test", "a..test", ".a.test", "a.test.", "é.test",
    "x" * 64 + ".test", "[::1]:8080", "a.test:8x", "a test",
]  # fmt: skip
_DOMAIN_PATHS = [
    "/", "/items", "/items/", "/u/3", "/u/x", "/u/03", "/any/a/b", "/panel",
    "/inner", "/inner/", "/page/1", "/page/x", "/dir", "/dir/", "/p", "/shared",
    "//page//2", "/u//4",
]  # fmt: skip


@st.composite
def domain_hosts(draw: st.DrawFn) -> str | None:
    """A Host header near the apps' hosts (or none, or a random value)."""
    kind = draw(st.integers(0, 9))
    if kind == 0:
        return None
    if kind == 1:
        return draw(_header_value)
    label = draw(st.sampled_from(_LABELS))
    base = draw(st.sampled_from(_BASES))
    return f"{label}.{base}" if label else base


#: Requests each app answers (app, host, path): the starting points of mutation.
_MATCHING = [
    ("subdomains", "example.test:8080", "/"),
    ("subdomains", "api.example.test:8080", "/"),
    ("subdomains", "api.example.test:8080", "/items/"),
    ("subdomains", "bob.example.test:8080", "/u/3"),
    ("subdomains", "x.y.example.test:8080", "/any/a/b"),
    ("subdomains", "admin.example.test:8080", "/panel"),
    ("subdomains", "deep.admin.example.test:8080", "/inner/"),
    ("hosts", "a.test", "/"),
    ("hosts", "a.test", "/page/7"),
    ("hosts", "b.test:8080", "/page/8"),
    ("hosts", "b.test:8080", "/dir/"),
    ("hosts", "joe.users.test", "/p"),
    ("hosts", "b.test:8080", "/shared"),
]


def _mutate_host(draw: st.DrawFn, host: str) -> str:
    kind = draw(st.integers(0, 7))
    if kind == 0:
        return host.upper()
    if kind == 1:
        return host.partition(":")[0]
    if kind == 2:
        return f"{draw(st.sampled_from(_LABELS[1:]))}.{host}"
    if kind == 3:
        return host.partition(".")[2]
    if kind == 4:
        return host + draw(st.sampled_from([":80", ":443", ":8080", ".", "..x"]))
    return host


def _mutate_path(draw: st.DrawFn, path: str) -> str:
    kind = draw(st.integers(0, 7))
    if kind == 0:
        return path[:-1] if path.endswith("/") and path != "/" else path + "/"
    if kind == 1:
        return path.replace("/", "//", 1)
    return path


@st.composite
def domain_environs(draw: st.DrawFn) -> tuple[str, Environ]:
    """An app's name and a request for it: mostly a request it answers, its
    host and path sometimes mangled; else a host and path drawn at random."""
    if draw(st.integers(0, 3)) > 0:
        name, host, path = draw(st.sampled_from(_MATCHING))
        host_header: str | None = _mutate_host(draw, host)
        path = _mutate_path(draw, path)
    else:
        name = draw(st.sampled_from(sorted(DOMAIN_APPS)))
        host_header = draw(domain_hosts())
        path = draw(st.sampled_from(_DOMAIN_PATHS) | path_infos())
    environ = make_environ(
        method=draw(st.sampled_from(["GET", "GET", "POST", "HEAD"]) | methods()),
        path_info=path,
        query=draw(st.sampled_from(["", "a=1"])),
        headers=[] if host_header is None else [("Host", host_header)],
        script_name=draw(st.sampled_from(["", "", "/app"])),
        scheme=draw(st.sampled_from(["http", "https"])),
    )
    return name, environ


def _call_recording_warnings(
    app: t.Any, environ: Environ
) -> tuple[WSGIResult, list[str]]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = call_wsgi(app, copy_environ(environ))
    return result, [str(w.message) for w in caught]


def compare_domain_routing(name: str, environ: Environ) -> None:
    """Both implementations route a host/subdomain request alike."""
    apps = DOMAIN_APPS[name]
    flask_result, flask_warnings = _call_recording_warnings(apps["flask"], environ)
    compat_result, compat_warnings = _call_recording_warnings(
        apps["flaskcompat"], environ
    )
    check_well_formed(compat_result, environ["REQUEST_METHOD"].upper())
    assert compat_result.code == flask_result.code, (compat_result, flask_result)
    assert compat_result.header("Location") == flask_result.header("Location")
    if flask_result.code == 200:
        assert compat_result.body == flask_result.body
    assert _allowed(compat_result) == _allowed(flask_result)
    assert compat_warnings == flask_warnings


def _domain_example(
    app: str, path: str, host: str | None, method: str = "GET"
) -> t.Any:
    headers = [] if host is None else [("Host", host)]
    return example(case=(app, make_environ(method, path, "", headers)))


@_settings(DIFFERENTIAL_EXAMPLES)
@given(case=domain_environs())
@_domain_example("subdomains", "/", "api.example.test:8080")
@_domain_example("subdomains", "/items", "api.example.test:8080", "POST")
@_domain_example("subdomains", "/u/3", "bob.example.test:8080")
@_domain_example("subdomains", "/inner", "deep.admin.example.test:8080")
@_domain_example("subdomains", "/u/3", "other.test")
@_domain_example("subdomains", "/", "a..b")
@_domain_example("hosts", "/page/2", "b.test:8080")
@_domain_example("hosts", "/dir", "b.test:8080", "POST")
@_domain_example("hosts", "/p", "joe.users.test")
@_domain_example("hosts", "/", "a..test")
@_domain_example("hosts", "/", "a.test\x01")
def test_host_and_subdomain_routing_matches_flask(case: tuple[str, Environ]) -> None:
    compare_domain_routing(*case)
