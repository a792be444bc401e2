"""Werkzeug's request object (``werkzeug.wrappers.Request``) for one WSGI
environ; Flask's ``Request`` (:mod:`flaskcompat.wrappers`) subclasses it.

Creating a :class:`Request` only stores the environ; every value is computed
on first access and cached on the instance, so building one per request costs
almost nothing.

It does not go through ``bottle.BaseRequest``: Bottle's values differ from
Werkzeug's almost everywhere (latin-1 paths, query strings and forms,
``FormsDict`` instead of multi dicts, ``remote_addr`` from
``X-Forwarded-For``, proxy headers in ``url``, ``SimpleCookie`` parsing), and
its ``DictProperty`` caching is slower than instance attributes. A body that
Bottle already read is shared (see :mod:`flaskcompat.formparser`).
"""

from __future__ import annotations

import functools
import json
import typing as t
from io import BytesIO

from ..datastructures import (
    Authorization,
    CombinedMultiDict,
    EnvironHeaders,
    FileStorage,
    ImmutableList,
    ImmutableMultiDict,
    MultiDict,
    iter_multi_items,
)
from ..exceptions import BadRequest, HTTPException, UnsupportedMediaType
from ..formparser import FormDataParser, default_stream_factory, parse_qs
from ..http import parse_list_header, parse_options_header
from ..sansio.http import _parse_cookie_pairs
from ..sansio.utils import _environ_host as _get_host
from ..sansio.utils import get_content_length
from ..urls import current_url
from ..user_agent import UserAgent as UserAgent
from ..wsgi import get_input_stream
from .descriptors import _lazy
from .headers_mixin import RequestHeadersMixin

if t.TYPE_CHECKING:
    import typing_extensions as te
    from _typeshed.wsgi import WSGIApplication, WSGIEnvironment



def _wsgi_decode(value: str) -> str:
    """A WSGI (latin-1) string to text; invalid UTF-8 becomes U+FFFD."""
    if value.isascii():
        return value
    return value.encode("latin1").decode(errors="replace")


_dsetdefault: t.Any = dict.setdefault


def _from_pairs(
    cls: type[MultiDict[str, t.Any]], pairs: list[tuple[str, t.Any]]
) -> MultiDict[str, t.Any]:
    """``cls(pairs)``, filled directly when ``cls`` is ImmutableMultiDict."""
    if cls is not ImmutableMultiDict:
        return cls(pairs)
    rv: MultiDict[str, t.Any] = cls()
    for key, value in pairs:
        _dsetdefault(rv, key, []).append(value)
    return rv


class Request(RequestHeadersMixin):
    """The request object (:data:`flask.request`) for one WSGI environ.

    Creating it is cheap: all values are computed when first read. Subclass it
    and set :attr:`Flask.request_class` to customise. The parsed headers
    (``accept_mimetypes``, ``cache_control``, ``if_match``, ``range``...) come
    from :class:`~flaskcompat.wrappers.headers_mixin.RequestHeadersMixin`.
    """

    parameter_storage_class: type[MultiDict[str, t.Any]] = ImmutableMultiDict
    dict_storage_class: type[MultiDict[str, t.Any]] = ImmutableMultiDict
    list_storage_class: type[list[t.Any]] = ImmutableList
    user_agent_class: type[UserAgent] = UserAgent
    #: The parser of form bodies (:meth:`make_form_data_parser`).
    form_data_parser_class: type[FormDataParser] = FormDataParser
    #: Host names accepted in :attr:`host`; ``None`` trusts every host.
    trusted_hosts: list[str] | None = None
    json_module: t.Any = json

    #: Most bytes read from the body (413 beyond); ``None``: no limit.
    max_content_length: int | None = None
    #: Largest non-file form field in bytes (413 beyond).
    max_form_memory_size: int | None = 500_000
    #: Most multipart parts (413 beyond).
    max_form_parts: int | None = 1000
    _cached_data: bytes | None = None
    _cached_json: tuple[t.Any, t.Any] = (Ellipsis, Ellipsis)

    def __init__(
        self,
        environ: WSGIEnvironment,
        populate_request: bool = True,
        shallow: bool = False,
    ) -> None:
        self.environ = environ
        #: Reading the body is refused when true.
        self.shallow = shallow
        #: The request method, upper case (``GET``, ``POST``...).
        self.method: str = environ.get("REQUEST_METHOD", "GET").upper()
        path = environ.get("PATH_INFO") or ""
        if not path.isascii():
            path = path.encode("latin1").decode(errors="replace")
        if path[:1] != "/" or path[1:2] == "/":
            path = "/" + path.lstrip("/")
        #: The path after :attr:`root_path`, always starting with one ``/``.
        self.path: str = path
        if populate_request and not shallow:
            environ["werkzeug.request"] = self

    def __repr__(self) -> str:
        try:
            url = self.url
        except Exception as e:
            url = f"(invalid URL: {e})"
        return f"<{type(self).__name__} {url!r} [{self.method}]>"

    # --- URL ------------------------------------------------------------------

    @_lazy
    def scheme(self) -> str:
        """The URL scheme, ``http`` or ``https``."""
        return self.environ.get("wsgi.url_scheme", "http")  # type: ignore[no-any-return]

    @property
    def is_secure(self) -> bool:
        """Whether the request came over HTTPS (or WSS)."""
        return self.scheme in {"https", "wss"}

    @_lazy
    def server(self) -> tuple[str, int | None] | None:
        """``(SERVER_NAME, SERVER_PORT)``; the port is ``None`` for a socket."""
        name = self.environ.get("SERVER_NAME")
        if name is None:
            return None
        try:
            port: int | None = int(self.environ.get("SERVER_PORT"))  # type: ignore[arg-type]
        except (TypeError, ValueError):
            port = None
        return name, port

    @_lazy
    def root_path(self) -> str:
        """The mount prefix (``SCRIPT_NAME``) without a trailing slash."""
        return _wsgi_decode(self.environ.get("SCRIPT_NAME") or "").rstrip("/")

    @property
    def script_root(self) -> str:
        """Alias of :attr:`root_path`."""
        return self.root_path

    @_lazy
    def query_string(self) -> bytes:
        """The raw query string (bytes)."""
        return self.environ.get("QUERY_STRING", "").encode("latin1")  # type: ignore[no-any-return]

    @_lazy
    def full_path(self) -> str:
        """:attr:`path` plus ``?`` and the query string."""
        return f"{self.path}?{self.query_string.decode(errors='flaskcompat.url_quote')}"

    @_lazy
    def host(self) -> str:
        """``host[:port]`` the request was sent to, checked against
        :attr:`trusted_hosts`.
        """
        return _get_host(self.environ, self.scheme, self.trusted_hosts)

    @_lazy
    def url(self) -> str:
        """The full URL (an IRI) with scheme, host, root path, path and query."""
        return current_url(
            self.scheme, self.host, self.root_path, self.path, self.query_string
        )

    @_lazy
    def base_url(self) -> str:
        """Like :attr:`url` without the query string."""
        return current_url(self.scheme, self.host, self.root_path, self.path)

    @_lazy
    def root_url(self) -> str:
        """Scheme, host and root path, e.g. ``https://example.com/app/``."""
        return current_url(self.scheme, self.host, self.root_path)

    @property
    def url_root(self) -> str:
        """Alias of :attr:`root_url`."""
        return self.root_url

    @_lazy
    def host_url(self) -> str:
        """Scheme and host only, e.g. ``https://example.com/``."""
        return current_url(self.scheme, self.host)

    @_lazy
    def args(self) -> MultiDict[str, str]:
        """The parsed query string; invalid UTF-8 escapes stay percent-encoded."""
        # Werkzeug's strict decode fails on raw non-UTF-8 bytes; they are
        # kept percent-encoded instead, like invalid escapes.
        qs = self.__dict__.get("query_string")
        if qs is not None:  # read or assigned already
            text = qs.decode(errors="flaskcompat.url_quote")
        else:
            text = self.environ.get("QUERY_STRING", "")
            if not text.isascii():
                text = text.encode("latin1").decode(errors="flaskcompat.url_quote")
        if not text:
            return self.parameter_storage_class()
        return _from_pairs(self.parameter_storage_class, parse_qs(text))

    # --- headers and client ---------------------------------------------------

    @_lazy
    def headers(self) -> EnvironHeaders:
        """The request headers (read-only, case-insensitive)."""
        return EnvironHeaders(self.environ)

    @_lazy
    def remote_addr(self) -> str | None:
        """The client address (``REMOTE_ADDR``)."""
        return self.environ.get("REMOTE_ADDR")

    @_lazy
    def access_route(self) -> list[str]:
        """The ``X-Forwarded-For`` addresses, else ``[remote_addr]``."""
        forwarded = self.environ.get("HTTP_X_FORWARDED_FOR")
        if forwarded is not None:
            return self.list_storage_class(parse_list_header(forwarded))
        if self.remote_addr is not None:
            return self.list_storage_class([self.remote_addr])
        return self.list_storage_class()

    @property
    def remote_user(self) -> str | None:
        """The user the server authenticated (``REMOTE_USER``)."""
        return self.environ.get("REMOTE_USER")

    @_lazy
    def cookies(self) -> MultiDict[str, str]:
        """The request cookies, all values of repeated names kept."""
        cookie = self.environ.get("HTTP_COOKIE")
        if not cookie:
            return self.dict_storage_class()
        return _from_pairs(self.dict_storage_class, _parse_cookie_pairs(cookie))

    @_lazy
    def user_agent(self) -> UserAgent:
        """The ``User-Agent`` header as :attr:`user_agent_class`."""
        return self.user_agent_class(self.environ.get("HTTP_USER_AGENT", ""))

    @_lazy
    def authorization(self) -> Authorization | None:
        """The parsed ``Authorization`` header, or ``None``."""
        return Authorization.from_header(self.environ.get("HTTP_AUTHORIZATION"))

    @property
    def referrer(self) -> str | None:
        """The ``Referer`` header."""
        return self.environ.get("HTTP_REFERER")

    @property
    def origin(self) -> str | None:
        """The ``Origin`` header."""
        return self.environ.get("HTTP_ORIGIN")

    # --- body metadata --------------------------------------------------------

    @property
    def content_type(self) -> str | None:
        """The ``Content-Type`` header."""
        return self.environ.get("CONTENT_TYPE")

    @_lazy
    def content_length(self) -> int | None:
        """The ``Content-Length`` as an int; ``None`` if missing or chunked."""
        return get_content_length(
            self.environ.get("CONTENT_LENGTH"),
            self.environ.get("HTTP_TRANSFER_ENCODING"),
        )

    @property
    def content_encoding(self) -> str | None:
        """The ``Content-Encoding`` header."""
        return self.environ.get("HTTP_CONTENT_ENCODING")

    @_lazy
    def _parsed_content_type(self) -> tuple[str, dict[str, str]]:
        return parse_options_header(self.environ.get("CONTENT_TYPE", ""))

    @property
    def mimetype(self) -> str:
        """The content type without parameters, lower case; ``""`` if none."""
        return self._parsed_content_type[0].lower()

    @property
    def mimetype_params(self) -> dict[str, str]:
        """The content type parameters, e.g. ``{"charset": "utf-8"}``."""
        return self._parsed_content_type[1]

    @property
    def is_json(self) -> bool:
        """Whether the mimetype is ``application/json`` or ``application/*+json``."""
        mt = self.mimetype
        return mt == "application/json" or (
            mt.startswith("application/") and mt.endswith("+json")
        )

    # --- body -----------------------------------------------------------------

    @property
    def input_stream(self) -> t.IO[bytes]:
        """The raw ``wsgi.input``, without any limit; prefer :attr:`stream`."""
        return self.environ["wsgi.input"]  # type: ignore[no-any-return]

    @_lazy
    def stream(self) -> t.IO[bytes]:
        """The body stream, limited to ``Content-Length`` and
        :attr:`max_content_length`. Empty after form data was parsed.
        """
        if self.shallow:
            raise RuntimeError(
                "This request was created with 'shallow=True', reading"
                " from the input stream is disabled."
            )
        return get_input_stream(
            self.environ, max_content_length=self.max_content_length
        )

    @t.overload
    def get_data(
        self,
        cache: bool = True,
        as_text: t.Literal[False] = False,
        parse_form_data: bool = False,
    ) -> bytes: ...
    @t.overload
    def get_data(
        self,
        cache: bool = True,
        as_text: t.Literal[True] = ...,
        parse_form_data: bool = False,
    ) -> str: ...
    def get_data(
        self, cache: bool = True, as_text: bool = False, parse_form_data: bool = False
    ) -> bytes | str:
        """Read the body (cached unless ``cache`` is false). Returns ``b""``
        once form data was parsed; ``parse_form_data`` parses it first.
        """
        rv = self._cached_data
        if rv is None:
            if parse_form_data:
                self._load_form_data()
            rv = self.stream.read()
            if cache:
                self._cached_data = rv
        if as_text:
            return rv.decode(errors="replace")
        return rv

    @_lazy
    def data(self) -> bytes:
        """The body, or ``b""`` if it was form data (see :meth:`get_data`)."""
        return self.get_data(parse_form_data=True)

    def _get_file_stream(
        self,
        total_content_length: int | None,
        content_type: str | None,
        filename: str | None = None,
        content_length: int | None = None,
    ) -> t.IO[bytes]:
        """The container an uploaded file is written to; override to change."""
        return default_stream_factory(
            total_content_length=total_content_length,
            filename=filename,
            content_type=content_type,
            content_length=content_length,
        )

    def make_form_data_parser(self) -> FormDataParser:
        """The :attr:`form_data_parser_class` instance that parses the body,
        with this request's limits and :meth:`_get_file_stream`."""
        return self.form_data_parser_class(
            self._get_file_stream,
            self.max_form_memory_size,
            self.max_content_length,
            self.parameter_storage_class,
            max_form_parts=self.max_form_parts,
        )

    def _load_form_data(self) -> None:
        d = self.__dict__
        if "form" in d:
            return
        if self.environ.get("CONTENT_TYPE"):
            cached = self._cached_data
            stream = self.stream if cached is None else BytesIO(cached)
            mimetype, options = self._parsed_content_type
            data = self.make_form_data_parser().parse(
                stream, mimetype.lower(), self.content_length, options
            )
        else:
            cls = self.parameter_storage_class
            data = self.stream, cls(), cls()
        d["stream"], d["form"], d["files"] = data

    @_lazy
    def form(self) -> MultiDict[str, str]:
        """URL-encoded or multipart form fields (files are in :attr:`files`)."""
        self._load_form_data()
        return self.__dict__["form"]  # type: ignore[no-any-return]

    @_lazy
    def files(self) -> MultiDict[str, FileStorage]:
        """Uploaded files of a ``multipart/form-data`` body."""
        self._load_form_data()
        return self.__dict__["files"]  # type: ignore[no-any-return]

    @_lazy
    def values(self) -> CombinedMultiDict[str, str]:
        """:attr:`args` and :attr:`form` together (only ``args`` for GET)."""
        sources = [self.args]
        if self.method != "GET":
            sources.append(self.form)
        return CombinedMultiDict(
            d if isinstance(d, MultiDict) else MultiDict(d) for d in sources
        )

    # --- JSON -----------------------------------------------------------------

    @property
    def json(self) -> t.Any | None:
        """:meth:`get_json` with the defaults: 415 if not JSON, 400 if invalid."""
        return self.get_json()

    def get_json(
        self, force: bool = False, silent: bool = False, cache: bool = True
    ) -> t.Any | None:
        """The body parsed as JSON.

        Without ``force`` a non-JSON mimetype fails (415); malformed data
        fails through :meth:`on_json_loading_failed` (400). ``silent`` returns
        ``None`` instead of failing.
        """
        if cache and self._cached_json[silent] is not Ellipsis:
            return self._cached_json[silent]
        if not (force or self.is_json):
            if not silent:
                return self.on_json_loading_failed(None)
            return None
        data = self.get_data(cache=cache)
        try:
            try:
                rv = self.json_module.loads(data)
            except RecursionError:
                # Deep nesting is the client's mistake too: 400, not a 500
                # (Flask lets the RecursionError through).
                raise ValueError("The JSON document is nested too deeply.") from None
        except ValueError as e:
            if silent:
                rv = None
                if cache:
                    self._cached_json = (self._cached_json[0], rv)
            else:
                rv = self.on_json_loading_failed(e)
                if cache:
                    self._cached_json = (rv, self._cached_json[1])
        else:
            if cache:
                self._cached_json = (rv, rv)
        return rv

    def on_json_loading_failed(self, e: ValueError | None) -> t.Any:
        """Called when JSON is not loaded: 415 for a wrong content type, else
        400 with the parse error as the description.
        """
        if e is None:
            raise UnsupportedMediaType(
                "Did not attempt to load JSON data because the request"
                " Content-Type was not 'application/json'."
            )
        raise BadRequest(f"Failed to decode JSON object: {e}")

    # --- Werkzeug's constructors ------------------------------------------------

    @classmethod
    def from_values(cls, *args: t.Any, **kwargs: t.Any) -> te.Self:
        """A request built from the test client's arguments (``path``,
        ``method``, ``data``, ``json``, ``headers``...), without an app."""
        from ..test import EnvironBuilder

        builder = EnvironBuilder(*args, **kwargs)
        try:
            return cls(builder.get_environ())
        finally:
            builder.close()

    @classmethod
    def application(cls, f: t.Callable[[te.Self], WSGIApplication]) -> WSGIApplication:
        """Decorate ``f(request) -> response`` into a WSGI application; an
        ``HTTPException`` it raises becomes its error response."""

        @functools.wraps(f)
        def application(*args: t.Any) -> t.Iterable[bytes]:
            request = cls(args[-2])
            with request:
                try:
                    resp = f(*args[:-2] + (request,))
                except HTTPException as e:
                    resp = e.get_response(args[-2])
                return resp(*args[-2:])

        return t.cast("WSGIApplication", application)

    # --- cleanup --------------------------------------------------------------

    def close(self) -> None:
        """Close the uploaded files."""
        files = self.__dict__.get("files")
        if files:  # most requests never parse files
            for _key, value in iter_multi_items(files):
                value.close()

    def __enter__(self) -> te.Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
