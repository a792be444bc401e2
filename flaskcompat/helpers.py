"""Flask's helper functions: ``url_for``, ``redirect``, ``abort``,
``make_response`` and the debug flags."""

from __future__ import annotations

import functools
import importlib.util
import os
import sys
import typing as t

from .globals import _cv_app, _cv_request, _no_app_msg
from .werkzeug.exceptions import abort as _base_abort
from .werkzeug.utils import redirect as _base_redirect

if t.TYPE_CHECKING:  # pragma: no cover
    from .werkzeug.wrappers import Response as BaseResponse
    from .wrappers import Response


@functools.lru_cache(maxsize=256)
def _split_blueprint_path(name: str) -> list[str]:
    """``"a.b.c"`` -> ``["a.b.c", "a.b", "a"]`` (cached: do not mutate)."""
    out = [name]
    if "." in name:
        out.extend(_split_blueprint_path(name.rpartition(".")[0]))
    return out


def get_debug_flag() -> bool:
    """Whether debug mode is on from the ``FLASK_DEBUG`` environment variable."""
    val = os.environ.get("FLASK_DEBUG")
    return bool(val and val.lower() not in {"0", "false", "no"})


def get_load_dotenv(default: bool = True) -> bool:
    """Whether ``.env`` files should be loaded (``FLASK_SKIP_DOTENV``)."""
    val = os.environ.get("FLASK_SKIP_DOTENV")
    if not val:
        return default
    return val.lower() in ("0", "false", "no")


#: ``Flask.url_for``, set when the app module is imported (it imports this one).
_flask_url_for: t.Any = None


def url_for(
    endpoint: str,
    *,
    _anchor: str | None = None,
    _method: str | None = None,
    _scheme: str | None = None,
    _external: bool | None = None,
    **values: t.Any,
) -> str:
    """Build a URL for ``endpoint`` with the current app (see ``Flask.url_for``)."""
    ctx = _cv_app.get(None)
    if ctx is None:
        raise RuntimeError(_no_app_msg)
    app = ctx.app
    if not app._plain_url_for and type(app).url_for is not _flask_url_for:
        return app.url_for(
            endpoint,
            _anchor=_anchor,
            _method=_method,
            _scheme=_scheme,
            _external=_external,
            **values,
        )
    if (
        _anchor is None
        and _method is None
        and _scheme is None
        and app._plain_url_for
        and not app.url_default_functions
        and endpoint[:1] != "."
    ):
        # The common case in a view: one rule, its variables given.
        req_ctx = _cv_request.get(None)
        if req_ctx is not None:
            adapter = req_ctx.url_adapter
            if adapter is not None:
                rv = adapter.build_fast(endpoint, values, _external)  # type: ignore[arg-type]
                if rv is not None:
                    return rv
    return app._url_for(endpoint, values, _anchor, _method, _scheme, _external)


def redirect(
    location: str, code: int = 302, Response: type[BaseResponse] | None = None
) -> BaseResponse:
    """A redirect response; uses ``current_app.redirect`` inside an app context."""
    ctx = _cv_app.get(None)
    if ctx is not None:
        return ctx.app.redirect(location, code=code)
    return _base_redirect(location, code=code, Response=Response)


def abort(code: int | Response, *args: t.Any, **kwargs: t.Any) -> t.NoReturn:
    """Raise the HTTP exception for ``code`` (or with a response), using
    ``current_app.aborter`` inside an app context."""
    ctx = _cv_app.get(None)
    if ctx is not None:
        ctx.app.aborter(code, *args, **kwargs)
    _base_abort(code, *args, **kwargs)


def make_response(*args: t.Any) -> Response:
    """Turn a view's return value (or its parts) into a response object."""
    ctx = _cv_app.get(None)
    if ctx is None:
        raise RuntimeError(_no_app_msg)
    app = ctx.app
    if not args:
        return app.response_class()
    if len(args) == 1:
        args = args[0]
    return app.make_response(args)


# --- sending files -------------------------------------------------------------
# Imports stay inside the functions below so that this section only appends to
# the module (other sections are edited concurrently); they are cheap lookups.

if t.TYPE_CHECKING:  # pragma: no cover
    from datetime import datetime

#: Flask 2.0's deprecated ``send_file`` spellings and their new names.
_RENAMED_SEND_FILE_KWARGS = {
    "attachment_filename": "download_name",
    "add_etags": "etag",
    "cache_timeout": "max_age",
}


def _prepare_send_file_kwargs(**kwargs: t.Any) -> dict[str, t.Any]:
    """Fill in the app's defaults (environ, ``USE_X_SENDFILE``,
    ``response_class``, ``root_path``, ``get_send_file_max_age``) and map the
    older parameter names, with a :exc:`DeprecationWarning`, as Flask 2.0 did.
    """
    import warnings

    from .globals import current_app, request

    for old, new in _RENAMED_SEND_FILE_KWARGS.items():
        value = kwargs.pop(old, None)
        if value is not None:
            warnings.warn(
                f"The '{old}' parameter has been renamed to '{new}'.",
                DeprecationWarning,
                stacklevel=3,
            )
            kwargs[new] = value
    if kwargs.get("max_age") is None:
        kwargs["max_age"] = current_app.get_send_file_max_age
    kwargs.update(
        environ=request.environ,
        use_x_sendfile=current_app.config["USE_X_SENDFILE"],
        response_class=current_app.response_class,
        _root_path=current_app.root_path,
    )
    return kwargs


def send_file(
    path_or_file: os.PathLike[t.AnyStr] | str | t.IO[bytes],
    mimetype: str | None = None,
    as_attachment: bool = False,
    download_name: str | None = None,
    conditional: bool = True,
    etag: bool | str = True,
    last_modified: datetime | int | float | None = None,
    max_age: None | (int | t.Callable[[str | None], int | None]) = None,
    *,
    attachment_filename: str | None = None,
    add_etags: bool | None = None,
    cache_timeout: int | None = None,
) -> BaseResponse:
    """Send a file (a path relative to the app's ``root_path``, or a binary
    file object) for the current request; see :func:`flaskcompat.utils.send_file`.

    ``max_age`` defaults to :meth:`Flask.get_send_file_max_age`, and
    ``USE_X_SENDFILE`` turns on ``X-Sendfile``. ``attachment_filename``,
    ``add_etags`` and ``cache_timeout`` are Flask 2.0's deprecated names of
    ``download_name``, ``etag`` and ``max_age``.
    """
    from .werkzeug.utils import send_file as _send_file

    return _send_file(
        **_prepare_send_file_kwargs(
            path_or_file=path_or_file,
            mimetype=mimetype,
            as_attachment=as_attachment,
            download_name=download_name,
            conditional=conditional,
            etag=etag,
            last_modified=last_modified,
            max_age=max_age,
            attachment_filename=attachment_filename,
            add_etags=add_etags,
            cache_timeout=cache_timeout,
        )
    )


def send_from_directory(
    directory: os.PathLike[str] | str,
    path: os.PathLike[str] | str | None = None,
    *,
    filename: str | None = None,
    **kwargs: t.Any,
) -> BaseResponse:
    """Send the file at ``path`` (from the client) inside ``directory``
    (trusted, relative to the app's ``root_path``); 404 if it would escape
    the directory or is not a file. ``kwargs`` go to :func:`send_file`.

    ``filename`` is Flask 2.0's deprecated name of ``path``.
    """
    import warnings

    from .werkzeug.utils import send_from_directory as _send_from_directory

    if filename is not None:
        warnings.warn(
            "The 'filename' parameter has been renamed to 'path'.",
            DeprecationWarning,
            stacklevel=2,
        )
        path = filename
    if path is None:
        raise TypeError(
            "send_from_directory() missing 1 required positional argument: 'path'"
        )
    return _send_from_directory(directory, path, **_prepare_send_file_kwargs(**kwargs))


def safe_join(directory: str, *pathnames: str) -> str:
    """Join untrusted ``pathnames`` to ``directory``, raising
    :exc:`~flaskcompat.exceptions.NotFound` if they would escape it.

    Deprecated since Flask 2.0: use :func:`flaskcompat.security.safe_join`
    (``werkzeug.utils.safe_join``), which returns ``None`` instead.
    """
    import warnings

    from .werkzeug.exceptions import NotFound
    from .werkzeug.security import safe_join as _safe_join

    warnings.warn(
        "'flask.helpers.safe_join' is deprecated. Use"
        " 'flaskcompat.security.safe_join' ('werkzeug.utils.safe_join')"
        " instead.",
        DeprecationWarning,
        stacklevel=2,
    )
    path = _safe_join(directory, *pathnames)
    if path is None:
        raise NotFound()
    return path


def get_template_attribute(template_name: str, attribute: str) -> t.Any:
    """A macro (or variable) that a template exports, to call it from Python::

        hello = get_template_attribute("_cider.html", "hello")
        return hello("World")

    :param template_name: the name of the template
    :param attribute: the name of the variable or macro to access
    """
    ctx = _cv_app.get(None)
    if ctx is None:
        raise RuntimeError(_no_app_msg)
    return getattr(ctx.app.jinja_env.get_template(template_name).module, attribute)


# --- message flashing ----------------------------------------------------------


def flash(message: str, category: str = "message") -> None:
    """Store a message in the session for a later request (shown by
    :func:`get_flashed_messages`) and send the ``message_flashed`` signal.

    :param message: the message to be flashed.
    :param category: the category for the message; ``"message"``,
        ``"error"``, ``"info"`` and ``"warning"`` are the usual ones, any
        string works.
    """
    from .globals import current_app, session
    from .signals import message_flashed

    # Reassign the list rather than append in place, so that session
    # backends that only see top-level changes save it.
    flashes = session.get("_flashes", [])
    flashes.append((category, message))
    session["_flashes"] = flashes
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    message_flashed.send(
        app,
        _async_wrapper=app.ensure_sync,
        message=message,
        category=category,
    )


def get_flashed_messages(
    with_categories: bool = False, category_filter: t.Iterable[str] = ()
) -> list[str] | list[tuple[str, str]]:
    """The flashed messages, removed from the session on the first call of a
    request; later calls in the same request return the same messages.

    :param with_categories: return ``(category, message)`` tuples instead of
        the message texts.
    :param category_filter: only return messages of these categories.
    """
    from .globals import _cv_request, _no_req_msg

    ctx = _cv_request.get(None)
    if ctx is None:
        raise RuntimeError(_no_req_msg)
    flashes = ctx.flashes
    if flashes is None:
        session = ctx.session
        flashes = session.pop("_flashes") if "_flashes" in session else []
        ctx.flashes = flashes
    if category_filter:
        flashes = [f for f in flashes if f[0] in category_filter]
    if not with_categories:
        return [f[1] for f in flashes]
    return flashes


# --- streaming -----------------------------------------------------------------


@t.overload
def stream_with_context(
    generator_or_function: t.Iterator[t.AnyStr],
) -> t.Iterator[t.AnyStr]: ...


@t.overload
def stream_with_context(
    generator_or_function: t.Callable[..., t.Iterator[t.AnyStr]],
) -> t.Callable[[t.Iterator[t.AnyStr]], t.Iterator[t.AnyStr]]: ...


def stream_with_context(
    generator_or_function: t.Iterator[t.AnyStr] | t.Callable[..., t.Iterator[t.AnyStr]],
) -> t.Iterator[t.AnyStr] | t.Callable[[t.Iterator[t.AnyStr]], t.Iterator[t.AnyStr]]:
    """Keep :data:`request`, :data:`session` and :data:`g` available while a
    streamed response body is produced, after the view has returned.

    Wrap a generator (``Response(stream_with_context(generate()))``) or
    decorate a generator function (``@stream_with_context``). As in Flask
    3.1, iterating pushes the request's app and request contexts again, and
    the end (or ``close()``) of the body pops them, which runs the teardown
    functions a second time.
    """
    from functools import update_wrapper

    from .globals import _cv_request

    try:
        gen = iter(generator_or_function)  # type: ignore[arg-type]
    except TypeError:

        def decorator(*args: t.Any, **kwargs: t.Any) -> t.Any:
            gen = generator_or_function(*args, **kwargs)  # type: ignore[operator]
            return stream_with_context(gen)

        return update_wrapper(decorator, generator_or_function)  # type: ignore[arg-type]

    def generator() -> t.Iterator[t.AnyStr]:
        if (req_ctx := _cv_request.get(None)) is None:
            raise RuntimeError(
                "'stream_with_context' can only be used when a request"
                " context is active, such as in a view function."
            )
        app_ctx = _cv_app.get()
        # Priming (below) runs up to here, recording the current contexts;
        # they are pushed again only once the body is iterated.
        yield None  # type: ignore[misc]
        # The app context first, so the request context does not push a new one.
        with app_ctx, req_ctx:
            try:
                yield from gen
            finally:
                # Close what was wrapped, in case it is a WSGI iterable.
                if hasattr(gen, "close"):
                    gen.close()

    wrapped_g = generator()
    next(wrapped_g)
    return wrapped_g


def get_root_path(import_name: str) -> str:
    """The folder of a module or package, or the working directory."""
    mod = sys.modules.get(import_name)
    mod_file: str | None = getattr(mod, "__file__", None)
    if mod_file is not None:
        return os.path.dirname(os.path.abspath(mod_file))
    try:
        spec = importlib.util.find_spec(import_name)
        if spec is None:
            raise ValueError
    except (ImportError, ValueError):
        loader = None
    else:
        loader = spec.loader
    if loader is None:
        return os.getcwd()
    if hasattr(loader, "get_filename"):
        filepath = loader.get_filename(import_name)
    else:
        __import__(import_name)
        mod = sys.modules[import_name]
        filepath = getattr(mod, "__file__", None)
        if filepath is None:
            raise RuntimeError(
                "No root path can be found for the provided module"
                f" {import_name!r}. This can happen because the module"
                " came from an import hook that does not provide file"
                " name information or because it's a namespace package."
                " In this case the root path needs to be explicitly"
                " provided."
            )
    return os.path.dirname(os.path.abspath(str(filepath)))
