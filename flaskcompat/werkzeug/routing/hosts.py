"""A request's host as Werkzeug's ``Map.bind`` and ``Map.bind_to_environ`` read
it: the IDNA-encoded server name (400 when it cannot be encoded) and the
subdomain, what precedes the server name in the host."""

from __future__ import annotations

import typing as t
import warnings

from ..exceptions import BadHost

if t.TYPE_CHECKING:  # pragma: no cover
    from .map import Map


def encode_host(host: str) -> str:
    """``host[:port]`` as Werkzeug's ``Map.bind`` makes it: lower case, the name
    IDNA-encoded; :exc:`BadHost` (400) when IDNA refuses the name."""
    name, sep, port = host.lower().partition(":")
    if name.isascii() and len(name) < 64 and name[:1] != "." and ".." not in name:
        # What the codec does with an ASCII name: no label empty or too long.
        return f"{name}{sep}{port}"
    try:
        name = name.encode("idna").decode("ascii")
    except UnicodeError as e:
        raise BadHost() from e
    return f"{name}{sep}{port}"


def server_and_subdomain(
    map: Map,
    wsgi_server_name: str,
    scheme: str,
    server_name: str | None,
    subdomain: str | None,
) -> tuple[str, str | None]:
    """Werkzeug's reading of the server name and the subdomain of a request
    (``server_name``: a hint such as ``SERVER_NAME``, its standard port
    dropped); a host outside ``server_name`` gets the ``<invalid>``
    subdomain, which no rule matches, and a warning."""
    if server_name is None:
        server_name = wsgi_server_name
    else:
        server_name = server_name.lower()
        if scheme in {"http", "ws"} and server_name.endswith(":80"):
            server_name = server_name[:-3]
        elif scheme in {"https", "wss"} and server_name.endswith(":443"):
            server_name = server_name[:-4]
    if subdomain is None and not map.host_matching:
        cur_server_name = wsgi_server_name.split(".")
        real_server_name = server_name.split(".")
        offset = -len(real_server_name)
        if cur_server_name[offset:] != real_server_name:
            warnings.warn(
                f"Current server name {wsgi_server_name!r} doesn't match"
                f" configured server name {server_name!r}",
                stacklevel=4,
            )
            subdomain = "<invalid>"
        else:
            subdomain = ".".join(filter(None, cur_server_name[:offset]))
    return server_name, subdomain
