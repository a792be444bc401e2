"""``werkzeug.utils``: ``secure_filename``, ``redirect``, ``append_slash_redirect``,
``send_file``, ``send_from_directory``, ``import_string``, ``find_modules``,
``get_content_type``, ``cached_property`` and the ``environ_property`` /
``header_property`` accessors."""

from __future__ import annotations

import importlib
import io
import mimetypes
import os
import pkgutil
import re
import sys
import typing as t
import unicodedata
from time import time
from urllib.parse import quote
from zlib import adler32

from markupsafe import escape

from .datastructures import Headers
from .exceptions import NotFound, RequestedRangeNotSatisfiable
from .http import http_date
from .security import _windows_device_files, safe_join
from .wsgi import make_conditional, wrap_file

if t.TYPE_CHECKING:  # pragma: no cover
    from datetime import datetime

    from _typeshed.wsgi import WSGIEnvironment

    from .datastructures import Headers as _Headers
    from .wrappers import Response

_T = t.TypeVar("_T")
_V = t.TypeVar("_V")
_missing: t.Any = object()
_filename_ascii_strip_re = re.compile(r"[^A-Za-z0-9_.-]")


class cached_property(property, t.Generic[_T]):
    """A :func:`property` computed once and stored on the instance (in its
    ``__dict__``, or the ``_cache_<name>`` slot); assigning sets the stored
    value, deleting clears it so the next read computes it again."""

    def __init__(
        self,
        fget: t.Callable[[t.Any], _T],
        name: str | None = None,
        doc: str | None = None,
    ) -> None:
        super().__init__(fget, doc=doc)
        self.__name__ = name or fget.__name__
        self.slot_name = f"_cache_{self.__name__}"
        self.__module__ = fget.__module__

    def __set__(self, obj: object, value: _T) -> None:
        if hasattr(obj, "__dict__"):
            obj.__dict__[self.__name__] = value
        else:
            setattr(obj, self.slot_name, value)

    def __get__(self, obj: object, type: type | None = None) -> _T:  # type: ignore[override]
        if obj is None:
            return self  # type: ignore[return-value]
        obj_dict = getattr(obj, "__dict__", None)
        if obj_dict is not None:
            value: _T = obj_dict.get(self.__name__, _missing)
        else:
            value = getattr(obj, self.slot_name, _missing)
        if value is _missing:
            value = self.fget(obj)  # type: ignore[misc]
            if obj_dict is not None:
                obj_dict[self.__name__] = value
            else:
                setattr(obj, self.slot_name, value)
        return value

    def __delete__(self, obj: object) -> None:
        if hasattr(obj, "__dict__"):
            del obj.__dict__[self.__name__]
        else:
            setattr(obj, self.slot_name, _missing)


class _DictAccessorProperty(t.Generic[_V]):
    """An attribute stored under ``name`` in a mapping of the instance;
    ``load_func`` converts on read (``default`` when it raises ``ValueError``
    or ``TypeError``), ``dump_func`` on write."""

    read_only = False

    def __init__(
        self,
        name: str,
        default: _V | None = None,
        load_func: t.Callable[[str], _V] | None = None,
        dump_func: t.Callable[[_V], str] | None = None,
        read_only: bool | None = None,
        doc: str | None = None,
    ) -> None:
        self.name = name
        self.default = default
        self.load_func = load_func
        self.dump_func = dump_func
        if read_only is not None:
            self.read_only = read_only
        self.__doc__ = doc

    def lookup(self, instance: t.Any) -> t.MutableMapping[str, t.Any]:
        raise NotImplementedError

    def __get__(self, instance: t.Any | None, owner: type) -> t.Any:
        if instance is None:
            return self
        storage = self.lookup(instance)
        if self.name not in storage:
            return self.default
        value = storage[self.name]
        if self.load_func is not None:
            try:
                return self.load_func(value)
            except (ValueError, TypeError):
                return self.default
        return value

    def __set__(self, instance: t.Any, value: _V) -> None:
        if self.read_only:
            raise AttributeError("read only property")
        storage = self.lookup(instance)
        storage[self.name] = value if self.dump_func is None else self.dump_func(value)

    def __delete__(self, instance: t.Any) -> None:
        if self.read_only:
            raise AttributeError("read only property")
        self.lookup(instance).pop(self.name, None)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name}>"


class environ_property(_DictAccessorProperty[_V]):
    """An attribute read from ``obj.environ`` (read only unless
    ``read_only=False``)."""

    read_only = True

    def lookup(self, obj: t.Any) -> WSGIEnvironment:
        return obj.environ  # type: ignore[no-any-return]


class header_property(_DictAccessorProperty[_V]):
    """An attribute read from and written to ``obj.headers``."""

    def lookup(self, obj: t.Any) -> _Headers:  # type: ignore[override]
        return obj.headers  # type: ignore[no-any-return]


# Types of the XDG mime info that have a charset in their IANA registration.
_charset_mimetypes = {
    "application/ecmascript",
    "application/javascript",
    "application/sql",
    "application/xml",
    "application/xml-dtd",
    "application/xml-external-parsed-entity",
}


def get_content_type(mimetype: str, charset: str) -> str:
    """``mimetype`` with ``; charset=...`` appended if it is a text type."""
    if (
        mimetype.startswith("text/")
        or mimetype in _charset_mimetypes
        or mimetype.endswith("+xml")
    ):
        mimetype += f"; charset={charset}"
    return mimetype


def secure_filename(filename: str) -> str:
    """An ASCII-only file name safe to join to a directory: separators become
    ``_``, other characters than letters, digits, ``_.-`` are dropped, leading
    and trailing dots and underscores stripped (Windows device names get a
    ``_`` prefix). The result may be empty."""
    filename = unicodedata.normalize("NFKD", filename)
    filename = filename.encode("ascii", "ignore").decode("ascii")
    for sep in os.sep, os.path.altsep:
        if sep:
            filename = filename.replace(sep, " ")
    filename = str(
        _filename_ascii_strip_re.sub("", "_".join(filename.split()))
    ).strip("._")
    if (
        os.name == "nt"
        and filename
        and filename.split(".")[0].upper() in _windows_device_files
    ):
        filename = f"_{filename}"
    return filename


def append_slash_redirect(environ: WSGIEnvironment, code: int = 308) -> Response:
    """Redirect to the environ's URL with a slash appended: a relative URL
    changing the last segment only (``/user/42`` -> ``42/``), query kept."""
    tail = environ["PATH_INFO"].rpartition("/")[2]
    new_path = "./" if not tail else f"{tail}/"
    query_string = environ.get("QUERY_STRING")
    if query_string:
        new_path = f"{new_path}?{query_string}"
    return redirect(new_path, code)


def find_modules(
    import_path: str, include_packages: bool = False, recursive: bool = False
) -> t.Iterator[str]:
    """The dotted names of the modules of a package (packages too with
    ``include_packages``; sub-packages' modules with ``recursive``)."""
    module = import_string(import_path)
    path = getattr(module, "__path__", None)
    if path is None:
        raise ValueError(f"{import_path!r} is not a package")
    basename = f"{module.__name__}."
    for _importer, modname, ispkg in pkgutil.iter_modules(path):
        modname = basename + modname
        if ispkg:
            if include_packages:
                yield modname
            if recursive:
                yield from find_modules(modname, include_packages, True)
        else:
            yield modname


class ImportStringError(ImportError):
    """``import_string`` could not import the named object."""

    def __init__(self, import_name: str, exception: BaseException) -> None:
        self.import_name = import_name
        self.exception = exception
        super().__init__(f"import_string() failed for {import_name!r}: {exception}")


def import_string(import_name: str, silent: bool = False) -> t.Any:
    """Import an object from a dotted path (``pkg.mod.name`` or ``pkg.mod:name``)."""
    import_name = import_name.replace(":", ".")
    try:
        try:
            __import__(import_name)
        except ImportError:
            if "." not in import_name:
                raise
        else:
            return sys.modules[import_name]
        module_name, obj_name = import_name.rsplit(".", 1)
        module = importlib.import_module(module_name)
        try:
            return getattr(module, obj_name)
        except AttributeError as e:
            raise ImportError(e) from None
    except ImportError as e:
        if not silent:
            raise ImportStringError(import_name, e).with_traceback(
                sys.exc_info()[2]
            ) from None
    return None


def redirect(
    location: str, code: int = 302, Response: type[Response] | None = None
) -> Response:
    """A response redirecting to ``location`` (an IRI; the Location header is
    sent URI-encoded), with Werkzeug's small HTML body."""
    from .wrappers import Response as DefaultResponse

    response_class = DefaultResponse if Response is None else Response
    html_location = escape(location)
    response = response_class(
        "<!doctype html>\n"
        "<html lang=en>\n"
        "<title>Redirecting...</title>\n"
        "<h1>Redirecting...</h1>\n"
        "<p>You should be redirected automatically to the target URL: "
        f'<a href="{html_location}">{html_location}</a>. If not, click the link.\n',
        code,
        mimetype="text/html",
    )
    response.headers["Location"] = location
    return response


def send_file(
    path_or_file: os.PathLike[str] | str | t.IO[bytes],
    environ: WSGIEnvironment,
    mimetype: str | None = None,
    as_attachment: bool = False,
    download_name: str | None = None,
    conditional: bool = True,
    etag: bool | str = True,
    last_modified: datetime | int | float | None = None,
    max_age: None | (int | t.Callable[[str | None], int | None]) = None,
    use_x_sendfile: bool = False,
    response_class: type[Response] | None = None,
    _root_path: os.PathLike[str] | str | None = None,
) -> Response:
    """Send a file (a trusted path, or a binary file object such as
    :class:`io.BytesIO`) as Werkzeug does.

    The MIME type is guessed from ``download_name`` (which defaults to the
    file's name) and ``Content-Disposition`` names the file (``filename*``
    for non-ASCII names). A path adds ``Last-Modified`` and an ``ETag``;
    ``max_age`` makes ``Cache-Control`` public, else it is ``no-cache``.
    With ``conditional``, ``If-None-Match``/``If-Modified-Since`` give 304 and
    a single ``Range`` gives 206 (416 if unsatisfiable). ``use_x_sendfile``
    leaves the body to the server (``X-Sendfile``). The file is closed when
    the response is. ``_root_path`` is for Flask's wrapper: paths are joined
    to it. Never pass a path from the client: use :func:`send_from_directory`.
    """
    if response_class is None:
        from .wrappers import Response

        response_class = Response

    path: str | None = None
    file: t.IO[bytes] | None = None
    size: int | None = None
    mtime: float | None = None
    headers = Headers()

    if isinstance(path_or_file, (os.PathLike, str)) or hasattr(
        path_or_file, "__fspath__"
    ):
        path_or_file = t.cast("os.PathLike[str] | str", path_or_file)
        # Flask passes app.root_path, so its wrapper need not handle paths.
        if _root_path is not None:
            path = os.path.join(_root_path, path_or_file)
        else:
            path = os.path.abspath(path_or_file)
        stat = os.stat(path)
        size = stat.st_size
        mtime = stat.st_mtime
    else:
        file = path_or_file

    if download_name is None and path is not None:
        download_name = os.path.basename(path)

    if mimetype is None:
        if download_name is None:
            raise TypeError(
                "Unable to detect the MIME type because a file name is"
                " not available. Either set 'download_name', pass a"
                " path instead of a file, or set 'mimetype'."
            )
        mimetype, encoding = mimetypes.guess_type(download_name)
        if mimetype is None:
            mimetype = "application/octet-stream"
        # An encoding on an attachment makes browsers save a .tar.gz
        # decompressed, so it is only sent inline.
        if encoding is not None and not as_attachment:
            headers.set("Content-Encoding", encoding)

    if download_name is not None:
        try:
            download_name.encode("ascii")
        except UnicodeEncodeError:
            simple = unicodedata.normalize("NFKD", download_name)
            simple = simple.encode("ascii", "ignore").decode("ascii")
            # safe = RFC 5987 attr-char
            quoted = quote(download_name, safe="!#$&+-.^_`|~")
            names = {"filename": simple, "filename*": f"UTF-8''{quoted}"}
        else:
            names = {"filename": download_name}
        value = "attachment" if as_attachment else "inline"
        headers.set("Content-Disposition", value, **names)
    elif as_attachment:
        raise TypeError(
            "No name provided for attachment. Either set"
            " 'download_name' or pass a path instead of a file."
        )

    data: t.Iterable[bytes] | None
    if use_x_sendfile and path is not None:
        headers["X-Sendfile"] = path
        data = None
    else:
        if file is None:
            # Closed by the response (its body iterator's close()).
            file = open(t.cast(str, path), "rb")  # noqa: SIM115
        elif isinstance(file, io.BytesIO):
            size = file.getbuffer().nbytes
        elif isinstance(file, io.TextIOBase):
            raise ValueError("Files must be opened in binary mode or use BytesIO.")
        data = wrap_file(environ, file)

    rv = response_class(
        data, mimetype=mimetype, headers=headers, direct_passthrough=True
    )
    if size is not None:
        rv.headers["Content-Length"] = str(size)
    if last_modified is not None:
        rv.headers["Last-Modified"] = http_date(last_modified)
    elif mtime is not None:
        rv.headers["Last-Modified"] = http_date(mtime)

    # Flask passes app.get_send_file_max_age, which needs the path.
    if callable(max_age):
        max_age = max_age(path)
    if max_age is None:
        rv.headers["Cache-Control"] = "no-cache"
    else:
        directive = "public" if max_age > 0 else "no-cache"
        rv.headers["Cache-Control"] = f"{directive}, max-age={int(max_age)}"
        rv.headers["Expires"] = http_date(int(time() + max_age))

    if isinstance(etag, str):
        rv.set_etag(etag)
    elif etag and path is not None:
        check = adler32(path.encode()) & 0xFFFFFFFF
        rv.set_etag(f"{mtime}-{size}-{check}")

    if conditional:
        try:
            rv = make_conditional(rv, environ, accept_ranges=True, complete_length=size)
        except RequestedRangeNotSatisfiable:
            if file is not None:
                file.close()
            raise
        # Some X-Sendfile servers send the file even with a 304.
        if rv.status_code == 304:
            rv.headers.pop("x-sendfile", None)

    return rv


def send_from_directory(
    directory: os.PathLike[str] | str,
    path: os.PathLike[str] | str,
    environ: WSGIEnvironment,
    **kwargs: t.Any,
) -> Response:
    """Send the file at ``path`` (from the client) inside the trusted
    ``directory`` with :func:`send_file` (``kwargs`` go to it).

    :raises NotFound: ``path`` would escape ``directory`` (see
        :func:`~flaskcompat.security.safe_join`) or is not a regular file.
    """
    path_str = safe_join(os.fspath(directory), os.fspath(path))
    if path_str is None:
        raise NotFound()
    # Flask passes app.root_path, so its wrapper need not handle paths.
    if "_root_path" in kwargs:
        path_str = os.path.join(kwargs["_root_path"], path_str)
    if not os.path.isfile(path_str):
        raise NotFound()
    return send_file(path_str, environ, **kwargs)
