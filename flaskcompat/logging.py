"""The app's logger (``app.logger``), as Flask configures it."""

from __future__ import annotations

import logging
import sys
import typing as t

from .globals import _cv_request
from .werkzeug.local import LocalProxy

if t.TYPE_CHECKING:  # pragma: no cover
    from .sansio.app import App


class _FunctionProxy(LocalProxy[t.TextIO]):
    """A proxy to what a function returns (Werkzeug's ``LocalProxy(func)``)."""

    __slots__ = ()

    def __init__(self, func: t.Callable[[], t.TextIO]) -> None:
        object.__setattr__(self, "_fc_get", func)
        object.__setattr__(self, "__wrapped__", func)


def _wsgi_errors_stream() -> t.TextIO:
    """The request's ``wsgi.errors`` while a request is active, else stderr."""
    ctx = _cv_request.get(None)
    if ctx is not None:
        return ctx.request.environ["wsgi.errors"]  # type: ignore[no-any-return]
    return sys.stderr


#: The most appropriate error stream, as a proxy (Flask's): ``wsgi.errors`` in a
#: request, else ``sys.stderr``; ``ext://flaskcompat.logging.wsgi_errors_stream``
#: in a logging configuration.
wsgi_errors_stream: t.TextIO = _FunctionProxy(_wsgi_errors_stream)  # type: ignore[assignment]


def has_level_handler(logger: logging.Logger) -> bool:
    """Whether a handler in the logger's chain handles its effective level."""
    level = logger.getEffectiveLevel()
    current: logging.Logger | None = logger
    while current:
        if any(handler.level <= level for handler in current.handlers):
            return True
        if not current.propagate:
            break
        current = current.parent
    return False


#: Logs to :data:`wsgi_errors_stream` with a basic format.
default_handler = logging.StreamHandler(wsgi_errors_stream)
default_handler.setFormatter(
    logging.Formatter("[%(asctime)s] %(levelname)s in %(module)s: %(message)s")
)


def create_logger(app: App) -> logging.Logger:
    """The logger named after the app; DEBUG level in debug mode if unset, and
    :data:`default_handler` when nothing else handles its level."""
    logger = logging.getLogger(app.name)
    if app.debug and not logger.level:
        logger.setLevel(logging.DEBUG)
    if not has_level_handler(logger):
        logger.addHandler(default_handler)
    return logger
