"""``werkzeug.middleware.proxy_fix``: :class:`ProxyFix`, trust the
``X-Forwarded-*`` headers set by a known number of proxies."""

from __future__ import annotations

import typing as t

from ..http import parse_list_header

if t.TYPE_CHECKING:  # pragma: no cover
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

__all__ = ["ProxyFix"]


class ProxyFix:
    """Rewrite the environ from ``X-Forwarded-For``/``-Proto``/``-Host``/
    ``-Port``/``-Prefix``, trusting the last ``x_for``, ``x_proto``, ...
    values of each (0 ignores a header). The original values are kept in
    ``environ["werkzeug.proxy_fix.orig"]``.

    Only trust as many values as there are proxies in front of the app that
    set the header: a client can send any value itself.
    """

    def __init__(
        self,
        app: WSGIApplication,
        x_for: int = 1,
        x_proto: int = 1,
        x_host: int = 0,
        x_port: int = 0,
        x_prefix: int = 0,
    ) -> None:
        self.app = app
        self.x_for = x_for
        self.x_proto = x_proto
        self.x_host = x_host
        self.x_port = x_port
        self.x_prefix = x_prefix

    def _get_real_value(self, trusted: int, value: str | None) -> str | None:
        """The ``trusted``-th value from the end of a list header, or ``None``
        if there are fewer values."""
        if not (trusted and value):
            return None
        values = parse_list_header(value)
        if len(values) >= trusted:
            return values[-trusted]
        return None

    def __call__(
        self, environ: WSGIEnvironment, start_response: StartResponse
    ) -> t.Iterable[bytes]:
        """Rewrite the environ, then call the wrapped app."""
        environ_get = environ.get
        environ["werkzeug.proxy_fix.orig"] = {
            key: environ_get(key)
            for key in (
                "REMOTE_ADDR",
                "wsgi.url_scheme",
                "HTTP_HOST",
                "SERVER_NAME",
                "SERVER_PORT",
                "SCRIPT_NAME",
            )
        }

        x_for = self._get_real_value(self.x_for, environ_get("HTTP_X_FORWARDED_FOR"))
        if x_for:
            environ["REMOTE_ADDR"] = x_for

        x_proto = self._get_real_value(
            self.x_proto, environ_get("HTTP_X_FORWARDED_PROTO")
        )
        if x_proto:
            environ["wsgi.url_scheme"] = x_proto

        x_host = self._get_real_value(self.x_host, environ_get("HTTP_X_FORWARDED_HOST"))
        if x_host:
            environ["HTTP_HOST"] = environ["SERVER_NAME"] = x_host
            # "]" ends an IPv6 address without a port
            if ":" in x_host and not x_host.endswith("]"):
                environ["SERVER_NAME"], environ["SERVER_PORT"] = x_host.rsplit(":", 1)

        x_port = self._get_real_value(self.x_port, environ_get("HTTP_X_FORWARDED_PORT"))
        if x_port:
            host = environ.get("HTTP_HOST")
            if host:
                if ":" in host and not host.endswith("]"):
                    host = host.rsplit(":", 1)[0]
                environ["HTTP_HOST"] = f"{host}:{x_port}"
            environ["SERVER_PORT"] = x_port

        x_prefix = self._get_real_value(
            self.x_prefix, environ_get("HTTP_X_FORWARDED_PREFIX")
        )
        if x_prefix:
            environ["SCRIPT_NAME"] = x_prefix

        return self.app(environ, start_response)
