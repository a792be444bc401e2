"""``werkzeug.sansio.utils``: the request's host, URL and content length from
plain values, without a WSGI environ (:mod:`..wsgi` reads them from one)."""

from __future__ import annotations

import re
import typing as t

from ..exceptions import SecurityError
from ..http import parse_list_header, plain_int
from ..urls import current_url as get_current_url

if t.TYPE_CHECKING:  # pragma: no cover
    from _typeshed.wsgi import WSGIEnvironment

__all__ = ["get_content_length", "get_current_url", "get_host", "host_is_trusted"]

_host_re = re.compile(
    r"([a-z0-9.-]+|\[[a-f0-9]*:[a-f0-9.:]+])(?::[0-9]+)?", re.ASCII | re.IGNORECASE
)


def host_is_trusted(
    hostname: str | None, trusted_list: t.Collection[str] | None = None
) -> bool:
    """Whether ``host[:port]`` is made of valid characters and, if
    ``trusted_list`` is given, matches one of its domains (``.example.com``
    matches subdomains too; the port is ignored)."""
    if not hostname or _host_re.fullmatch(hostname) is None:
        return False
    return _matches_trusted(hostname, trusted_list)


def _matches_trusted(hostname: str, trusted_list: t.Collection[str] | None) -> bool:
    if not trusted_list:
        return True
    if isinstance(trusted_list, str):
        trusted_list = [trusted_list]
    hostname = hostname.partition(":")[0]
    for ref in trusted_list:
        suffix_match = ref.startswith(".")
        if suffix_match:
            ref = ref[1:]
        try:
            ref = ref.partition(":")[0].encode("idna").decode("ascii")
        except UnicodeError:
            return False
        if ref == hostname or (suffix_match and hostname.endswith(f".{ref}")):
            return True
    return False


def get_host(
    scheme: str,
    host_header: str | None,
    server: tuple[str, int | None] | None = None,
    trusted_hosts: t.Collection[str] | None = None,
) -> str:
    """``host[:port]`` from the Host header, else the server address (a Unix
    socket, port ``None``, is ignored), the scheme's default port left out;
    ``""`` when neither is known or the value has invalid characters.

    :raise SecurityError: the host is not in ``trusted_hosts``.
    """
    if host_header is not None:
        host = host_header
    elif server is not None and server[1] is not None:
        host = server[0]
        if ":" in host and host[0] != "[":
            host = f"[{host}]"
        host = f"{host}:{server[1]}"
    else:
        return ""
    if scheme in {"http", "ws"}:
        host = host.removesuffix(":80")
    elif scheme in {"https", "wss"}:
        host = host.removesuffix(":443")
    if _host_re.fullmatch(host) is None:
        if trusted_hosts:
            raise SecurityError(f"Host {host!r} is not trusted.")
        return ""
    if trusted_hosts and not _matches_trusted(host, trusted_hosts):
        raise SecurityError(f"Host {host!r} is not trusted.")
    return host


def _environ_host(
    environ: WSGIEnvironment, scheme: str, trusted_hosts: t.Collection[str] | None
) -> str:
    """:func:`get_host` with the values of a WSGI environ."""
    host_header = environ.get("HTTP_HOST")
    if host_header is not None:  # the server address is not needed
        return get_host(scheme, host_header, None, trusted_hosts)
    name = environ.get("SERVER_NAME")
    server: tuple[str, int | None] | None = None
    if name is not None:
        try:
            port: int | None = int(environ.get("SERVER_PORT"))  # type: ignore[arg-type]
        except (TypeError, ValueError):
            port = None  # a unix socket
        server = (name, port)
    return get_host(scheme, None, server, trusted_hosts)


def get_content_length(
    http_content_length: str | None = None,
    http_transfer_encoding: str | None = None,
) -> int | None:
    """``Content-Length`` as an int: ``None`` if absent or the body is chunked,
    0 if it is not a plain non-negative integer."""
    if http_content_length is None or (
        http_transfer_encoding is not None
        and "chunked" in (x.lower() for x in parse_list_header(http_transfer_encoding))
    ):
        return None
    if http_content_length.isdigit() and http_content_length.isascii():
        return int(http_content_length)
    try:
        return max(0, plain_int(http_content_length))
    except ValueError:
        return 0
