"""``RequestMapAdapter``: a map bound to one request, lazily.

Not a module of Werkzeug's: Werkzeug binds a map to a request with
``Map.bind_to_environ``, which reads the host, script root and query string at
once. Flask's app binds one adapter per request, most of which only match; this
adapter reads those values when a URL is built or a redirect made.
"""

from __future__ import annotations

import typing as t

from .hosts import encode_host as _encode_host
from .hosts import server_and_subdomain
from .map import Map, MapAdapter


class RequestMapAdapter(MapAdapter):
    """The adapter of one request, bound lazily: without host or subdomain
    matching, the host, script root, scheme and query string are read from the
    request only when a URL is built or a redirect is made, so matching a
    request costs no URL parsing.

    ``server_name`` and ``subdomain`` are what Flask's ``create_url_adapter``
    passes to ``bind_to_environ``: ``SERVER_NAME`` (None under host matching)
    and the default subdomain (None with subdomain or host matching).
    """

    _root: str | None = None

    def __init__(
        self,
        map: Map,
        request: t.Any,
        server_name: str | None,
        subdomain: str | None = "",
    ) -> None:
        self.map = map
        self._request = request
        self._script_name: str | None = None
        self._external_bases: dict[tuple[str, str | None], str] | None = None
        environ = request.environ
        # An empty PATH_INFO (an app mounted at SCRIPT_NAME, requested without
        # the slash) is matched as "", so "/" redirects to the slash, as in Werkzeug.
        self.path_info = request.path if environ.get("PATH_INFO", "/") else ""
        self.default_method = request.method
        self.websocket = False
        if subdomain is None:
            # Host or subdomain matching: the host is needed to match.
            host = request.host.lower()
            server_name, subdomain = server_and_subdomain(
                map, host, request.scheme, server_name, subdomain
            )
            self._server_name: str | None = _encode_host(server_name)
        else:
            self._server_name = None
            name = (
                server_name
                or environ.get("HTTP_HOST")
                or environ.get("SERVER_NAME")
                or ""
            )
            if name[:1] == "." or ".." in name or len(name) > 63:
                # An empty or over-long label: Werkzeug's bind answers 400.
                _encode_host(server_name or request.host)
            self._hint = server_name
        self.subdomain = subdomain

    @property
    def server_name(self) -> str:  # type: ignore[override]
        if self._server_name is None:
            request = self._request
            name = self._hint
            if name is None:
                name = request.host
            else:
                name, _ = server_and_subdomain(
                    self.map, request.host.lower(), request.scheme, name, ""
                )
            self._server_name = _encode_host(name)
        return self._server_name

    @property
    def script_name(self) -> str:  # type: ignore[override]
        script_name = self._script_name
        if script_name is None:
            script_name = self._script_name = f"{self._request.script_root}/"
        return script_name

    @property
    def url_scheme(self) -> str:  # type: ignore[override]
        return str(self._request.scheme)

    @property
    def query_args(self) -> t.Any:
        return self._request.query_string

    def _external_base(self, domain_part: str, url_scheme: str | None) -> str:
        # The request's host, scheme and root do not change: remember them.
        key = (domain_part, url_scheme)
        bases = self._external_bases
        if bases is None:
            bases = self._external_bases = {}
        base = bases.get(key)
        if base is None:
            base = bases[key] = super()._external_base(domain_part, url_scheme)
        return base
