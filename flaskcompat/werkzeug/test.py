"""Test environs: ``EnvironBuilder``, the WSGI environ of a test request.

``werkzeug.test.EnvironBuilder`` reproduced without Werkzeug (Flask's
``flask.testing.EnvironBuilder`` adds the app's defaults): the environ keys,
the form and multipart encodings (boundary style included) and the path
encoding are Werkzeug 3.1's.
"""

from __future__ import annotations

import base64
import json as _json
import mimetypes
import sys
import typing as t
from collections import defaultdict
from io import BytesIO
from random import random
from time import time
from urllib.parse import unquote, urlencode, urlsplit, urlunsplit

from .datastructures import (
    CombinedMultiDict,
    EnvironHeaders,
    FileMultiDict,
    Headers,
    MultiDict,
    iter_multi_items,
)
from .urls import iri_to_uri, wsgi_decoding_dance, wsgi_encoding_dance
from .wrappers import Request
from .wrappers.response import get_content_type

if t.TYPE_CHECKING:  # pragma: no cover
    import typing_extensions as te
    from _typeshed.wsgi import WSGIEnvironment



def _urlencode(query: t.Any) -> str:
    """Encode form or query pairs the way Werkzeug does (``None`` is skipped)."""
    items = [x for x in iter_multi_items(query) if x[1] is not None]
    return urlencode(items, safe="!$'()*,/:;?@")


def _iter_data(data: t.Mapping[str, t.Any]) -> t.Iterator[tuple[str, t.Any]]:
    """The pairs of a ``data`` mapping: list values repeat, tuples are files."""
    if isinstance(data, MultiDict):
        yield from data.items(multi=True)
    else:
        for key, value in data.items():
            if isinstance(value, list):
                for v in value:
                    yield key, v
            else:
                yield key, value


def _encode_multipart(
    data: t.Mapping[str, t.Any], boundary: str | None = None
) -> tuple[BytesIO, int, str]:
    """Encode fields and files as ``multipart/form-data`` with Werkzeug's
    boundary and layout. Returns the body stream, its length and the boundary.
    """
    if boundary is None:
        boundary = f"---------------WerkzeugFormPart_{time()}{random()}"
    sep = b"\r\n--" + boundary.encode()
    out = BytesIO()
    write = out.write

    for key, value in _iter_data(data):
        reader = getattr(value, "read", None)
        write(sep + b'\r\nContent-Disposition: form-data; name="%s"' % key.encode())

        if reader is None:
            write(b"\r\n")
            chunk = (value if isinstance(value, str) else str(value)).encode()
            if chunk:
                write(b"\r\n" + chunk)
            continue

        filename = getattr(value, "filename", getattr(value, "name", None))
        content_type = getattr(value, "content_type", None)

        if content_type is None:
            content_type = (
                filename and mimetypes.guess_type(filename)[0]
            ) or "application/octet-stream"

        headers: Headers = value.headers
        headers.update([("Content-Type", content_type)])

        if filename is not None:
            write(b'; filename="%s"' % filename.encode())

        write(b"\r\n")

        for name, header_value in headers:
            if name.lower() != "content-disposition":
                write(f"{name}: {header_value}\r\n".encode())

        chunk = reader(16384)

        if chunk:
            write(b"\r\n")

        while chunk:
            write(chunk)
            chunk = reader(16384)

    write(sep + b"--\r\n")
    length = out.tell()
    out.seek(0)
    return out, length, boundary


def stream_encode_multipart(
    data: t.Mapping[str, t.Any],
    use_tempfile: bool = True,
    threshold: int = 1024 * 500,
    boundary: str | None = None,
) -> tuple[t.IO[bytes], int, str]:
    """``data`` (fields, and files as file objects, ``(file, name)`` tuples or
    ``FileStorage``) as a multipart body: ``(stream, length, boundary)``. The
    body stays in memory (``use_tempfile`` and ``threshold`` are accepted)."""
    return _encode_multipart(data, boundary)


def encode_multipart(
    values: t.Mapping[str, t.Any], boundary: str | None = None
) -> tuple[str, bytes]:
    """``values`` as a multipart body: ``(boundary, data)``."""
    stream, _, boundary = _encode_multipart(values, boundary)
    return boundary, stream.read()


class EnvironBuilder:
    """Build a WSGI environ for a test request from Werkzeug's arguments
    (``path``, ``base_url``, ``query_string``, ``method``, ``headers``,
    ``data``, ``json``, ``content_type``, ``environ_base``, ...). Without
    ``base_url`` the scheme and host come from an absolute ``path``, else
    ``http://localhost/``.

    ``data`` may be a ``str``/``bytes``/file body, or a dict or
    :class:`~flaskcompat.datastructures.MultiDict` of form values in which file
    objects, ``(file, filename[, content_type])`` tuples and
    :class:`~flaskcompat.datastructures.FileStorage` values are uploaded files.
    ``json`` is dumped with :meth:`json_dumps` and sent as ``application/json``.
    """

    #: The server protocol of the environ.
    server_protocol = "HTTP/1.1"

    #: The ``wsgi.version`` of the environ.
    wsgi_version = (1, 0)

    #: The class :meth:`get_request` builds.
    request_class: type[Request] = Request

    _args: MultiDict[str, t.Any] | None
    _query_string: str | None
    _input_stream: t.IO[bytes] | None
    _form: MultiDict[str, t.Any] | None
    _files: FileMultiDict | None

    def __init__(
        self,
        path: str = "/",
        base_url: str | None = None,
        query_string: t.Mapping[str, t.Any] | str | bytes | None = None,
        method: str = "GET",
        input_stream: t.IO[bytes] | None = None,
        content_type: str | None = None,
        content_length: int | None = None,
        errors_stream: t.IO[str] | None = None,
        multithread: bool = False,
        multiprocess: bool = False,
        run_once: bool = False,
        headers: Headers | t.Iterable[tuple[str, str]] | None = None,
        data: t.IO[bytes] | str | bytes | t.Mapping[str, t.Any] | None = None,
        environ_base: t.Mapping[str, t.Any] | None = None,
        environ_overrides: t.Mapping[str, t.Any] | None = None,
        mimetype: str | None = None,
        json: t.Any = None,
        auth: tuple[str, str] | t.Any | None = None,
    ) -> None:
        if base_url is None:
            url = urlsplit(path)
            base_url = f"{url.scheme or 'http'}://{url.netloc or 'localhost'}/"
            path = url.path
            if url.query:
                path = f"{path}?{url.query}"

        if query_string is not None and "?" in path:
            raise ValueError("Query string is defined in the path and as an argument")

        request_uri = urlsplit(path)

        if query_string is None and "?" in path:
            query_string = request_uri.query

        self.path = iri_to_uri(request_uri.path)
        self.request_uri = path
        self.base_url = iri_to_uri(base_url)

        if isinstance(query_string, bytes):
            query_string = query_string.decode()

        if isinstance(query_string, str):
            self.query_string = query_string
        elif query_string is None:
            self.args = MultiDict()
        else:
            self.args = (
                query_string
                if isinstance(query_string, MultiDict)
                else MultiDict(query_string)
            )

        self.method = method
        self.headers = headers if isinstance(headers, Headers) else Headers(headers)

        if content_type is not None:
            self.content_type = content_type

        self.errors_stream = sys.stderr if errors_stream is None else errors_stream
        self.multithread = multithread
        self.multiprocess = multiprocess
        self.run_once = run_once
        self.environ_base = environ_base
        self.environ_overrides = environ_overrides
        self.input_stream = input_stream
        self.content_length = content_length
        self.closed = False

        if auth is not None:
            if isinstance(auth, tuple):
                token = base64.b64encode(f"{auth[0]}:{auth[1]}".encode()).decode()
                self.headers.set("Authorization", f"Basic {token}")
            else:
                self.headers.set("Authorization", auth.to_header())

        if json is not None:
            if data is not None:
                raise TypeError("can't provide both json and data")

            data = self.json_dumps(json)

            if self.content_type is None:
                self.content_type = "application/json"

        if data:
            if input_stream is not None:
                raise TypeError("can't provide input stream and data")

            if hasattr(data, "read"):
                data = t.cast("t.IO[bytes]", data).read()

            if isinstance(data, str):
                data = data.encode()

            if isinstance(data, bytes):
                self.input_stream = BytesIO(data)

                if self.content_length is None:
                    self.content_length = len(data)
            else:
                for key, value in _iter_data(data):
                    if isinstance(value, tuple):
                        self.files.add_file(key, *value)
                    elif hasattr(value, "read"):
                        self.files.add_file(key, value)
                    else:
                        self.form.setlistdefault(key).append(value)

        if mimetype is not None:
            self.mimetype = mimetype

    def json_dumps(self, obj: t.Any, **kwargs: t.Any) -> str:
        """Serialize ``obj`` to JSON (the standard library's ``json``)."""
        return _json.dumps(obj, **kwargs)

    @classmethod
    def from_environ(cls, environ: WSGIEnvironment, **kwargs: t.Any) -> te.Self:
        """Turn an environ back into a builder; ``kwargs`` override the values
        taken from the environ.
        """
        headers = Headers(EnvironHeaders(environ))
        out = {
            "path": wsgi_decoding_dance(environ["PATH_INFO"]),
            "base_url": cls._make_base_url(
                environ["wsgi.url_scheme"],
                headers.pop("Host"),
                wsgi_decoding_dance(environ["SCRIPT_NAME"]),
            ),
            "query_string": wsgi_decoding_dance(environ["QUERY_STRING"]),
            "method": environ["REQUEST_METHOD"],
            "input_stream": environ["wsgi.input"],
            "content_type": headers.pop("Content-Type", None),
            "content_length": headers.pop("Content-Length", None),
            "errors_stream": environ["wsgi.errors"],
            "multithread": environ["wsgi.multithread"],
            "multiprocess": environ["wsgi.multiprocess"],
            "run_once": environ["wsgi.run_once"],
            "headers": headers,
        }
        out.update(kwargs)
        return cls(**out)

    @staticmethod
    def _make_base_url(scheme: str, host: str, script_root: str) -> str:
        return urlunsplit((scheme, host, script_root, "", "")).rstrip("/") + "/"

    @property
    def base_url(self) -> str:
        """The URL scheme, host and root path the request is made under."""
        return self._make_base_url(self.url_scheme, self.host, self.script_root)

    @base_url.setter
    def base_url(self, value: str) -> None:
        scheme, netloc, script_root, qs, anchor = urlsplit(value)

        if qs or anchor:
            raise ValueError("base url must not contain a query string or fragment")

        self.script_root = script_root.rstrip("/")
        self.host = netloc
        self.url_scheme = scheme

    @property
    def content_type(self) -> str | None:
        """The request's content type, from the headers or the form data."""
        ct = self.headers.get("Content-Type")

        if ct is None and not self._input_stream:
            if self._files:
                return "multipart/form-data"

            if self._form:
                return "application/x-www-form-urlencoded"

            return None

        return ct

    @content_type.setter
    def content_type(self, value: str | None) -> None:
        if value is None:
            self.headers.pop("Content-Type", None)
        else:
            self.headers["Content-Type"] = value

    @property
    def mimetype(self) -> str | None:
        """The content type without parameters."""
        ct = self.content_type
        return ct.split(";")[0].strip() if ct else None

    @mimetype.setter
    def mimetype(self, value: str) -> None:
        self.content_type = get_content_type(value, "utf-8")

    @property
    def content_length(self) -> int | None:
        """The ``Content-Length`` header as an int."""
        return self.headers.get("Content-Length", type=int)

    @content_length.setter
    def content_length(self, value: int | None) -> None:
        if value is None:
            self.headers.pop("Content-Length", None)
        else:
            self.headers["Content-Length"] = str(value)

    @property
    def form(self) -> MultiDict[str, t.Any]:
        """The form values; unavailable once an input stream is set."""
        if self._input_stream is not None:
            raise AttributeError("an input stream is defined")

        if self._form is None:
            self._form = MultiDict()

        return self._form

    @form.setter
    def form(self, value: MultiDict[str, t.Any]) -> None:
        self._input_stream = None
        self._form = value

    @property
    def files(self) -> FileMultiDict:
        """The uploaded files; unavailable once an input stream is set."""
        if self._input_stream is not None:
            raise AttributeError("an input stream is defined")

        if self._files is None:
            self._files = FileMultiDict()

        return self._files

    @files.setter
    def files(self, value: FileMultiDict) -> None:
        self._input_stream = None
        self._files = value

    @property
    def input_stream(self) -> t.IO[bytes] | None:
        """The raw request body; setting it clears :attr:`form` and :attr:`files`."""
        return self._input_stream

    @input_stream.setter
    def input_stream(self, value: t.IO[bytes] | None) -> None:
        self._input_stream = value
        self._form = None
        self._files = None

    @property
    def query_string(self) -> str:
        """The query string, encoded from :attr:`args` unless set as a string."""
        if self._query_string is None:
            if self._args is not None:
                return _urlencode(self._args)

            return ""

        return self._query_string

    @query_string.setter
    def query_string(self, value: str | None) -> None:
        self._query_string = value
        self._args = None

    @property
    def args(self) -> MultiDict[str, t.Any]:
        """The URL arguments; unavailable once a query string is set."""
        if self._query_string is not None:
            raise AttributeError("a query string is defined")

        if self._args is None:
            self._args = MultiDict()

        return self._args

    @args.setter
    def args(self, value: MultiDict[str, t.Any] | None) -> None:
        self._query_string = None
        self._args = value

    @property
    def server_name(self) -> str:
        """The host name without the port."""
        return self.host.split(":", 1)[0]

    @property
    def server_port(self) -> int:
        """The port from the host, or the scheme's default port."""
        pieces = self.host.split(":", 1)

        if len(pieces) == 2:
            try:
                return int(pieces[1])
            except ValueError:
                pass

        return 443 if self.url_scheme == "https" else 80

    def close(self) -> None:
        """Close the files added to :attr:`files`."""
        if self.closed:
            return

        for f in self._files.values() if self._files is not None else ():
            f.close()

        self.closed = True

    def get_environ(self) -> WSGIEnvironment:
        """Return the built WSGI environ."""
        input_stream = self._input_stream
        content_length = self.content_length
        content_type = self.content_type
        mimetype = content_type.split(";")[0].strip() if content_type else None

        if input_stream is not None:
            start_pos = input_stream.tell()
            input_stream.seek(0, 2)
            end_pos = input_stream.tell()
            input_stream.seek(start_pos)
            content_length = end_pos - start_pos
        elif mimetype == "multipart/form-data":
            input_stream, content_length, boundary = _encode_multipart(
                CombinedMultiDict([self.form, self.files])
            )
            content_type = f'{mimetype}; boundary="{boundary}"'
        elif mimetype == "application/x-www-form-urlencoded":
            form_encoded = _urlencode(self.form).encode("ascii")
            content_length = len(form_encoded)
            input_stream = BytesIO(form_encoded)
        else:
            input_stream = BytesIO()

        result: WSGIEnvironment = {}

        if self.environ_base:
            result.update(self.environ_base)

        raw_uri = wsgi_encoding_dance(self.request_uri)
        result.update(
            {
                "REQUEST_METHOD": self.method,
                "SCRIPT_NAME": wsgi_encoding_dance(unquote(self.script_root)),
                "PATH_INFO": wsgi_encoding_dance(unquote(self.path)),
                "QUERY_STRING": wsgi_encoding_dance(self.query_string),
                "REQUEST_URI": raw_uri,
                "RAW_URI": raw_uri,
                "SERVER_NAME": self.server_name,
                "SERVER_PORT": str(self.server_port),
                "HTTP_HOST": self.host,
                "SERVER_PROTOCOL": self.server_protocol,
                "wsgi.version": self.wsgi_version,
                "wsgi.url_scheme": self.url_scheme,
                "wsgi.input": input_stream,
                "wsgi.errors": self.errors_stream,
                "wsgi.multithread": self.multithread,
                "wsgi.multiprocess": self.multiprocess,
                "wsgi.run_once": self.run_once,
            }
        )

        if content_type is not None:
            result["CONTENT_TYPE"] = content_type

        if content_length is not None:
            result["CONTENT_LENGTH"] = str(content_length)

        combined_headers: defaultdict[str, list[str]] = defaultdict(list)

        for key, value in self.headers:
            lkey = key.lower()

            if lkey != "content-type" and lkey != "content-length":
                combined_headers[f"HTTP_{key.upper().replace('-', '_')}"].append(value)

        for key, values in combined_headers.items():
            result[key] = ", ".join(values)

        if self.environ_overrides:
            result.update(self.environ_overrides)

        return result

    def get_request(self, cls: type[Request] | None = None) -> Request:
        """Return a request object (:attr:`request_class`) for the environ."""
        if cls is None:
            cls = self.request_class

        return cls(self.get_environ())


def create_environ(*args: t.Any, **kwargs: t.Any) -> WSGIEnvironment:
    """A WSGI environ from :class:`EnvironBuilder`'s arguments."""
    builder = EnvironBuilder(*args, **kwargs)
    try:
        return builder.get_environ()
    finally:
        builder.close()


# The client half of werkzeug.test; it needs EnvironBuilder, defined above.
from ._test_client import Client as Client  # noqa: E402
from ._test_client import ClientRedirectError as ClientRedirectError  # noqa: E402
from ._test_client import Cookie as Cookie  # noqa: E402
from ._test_client import TestResponse as TestResponse  # noqa: E402
from ._test_client import run_wsgi_app as run_wsgi_app  # noqa: E402
