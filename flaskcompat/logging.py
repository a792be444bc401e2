"""The app's logger (``app.logger``), as Flask configures it."""

from __future__ import annotations

import logging
import sys
import typing as t

from .globals import _cv_request

if t.TYPE_CHECKING:  # pragma: no cover
    from .sansio.app import App


class _WSGIErrorsStream:
    """A stream that writes to the request's ``wsgi.errors`` while a request
    is active, else to ``sys.stderr``."""

    def _stream(self) -> t.TextIO:
        ctx = _cv_request.get(None)
        if ctx is not None:
            return ctx.request.environ["wsgi.errors"]  # type: ignore[no-any-return]
        return sys.stderr

    def write(self, text: str) -> int:
        return self._stream().write(text)

    def flush(self) -> None:
        self._stream().flush()

    def __getattr__(self, name: str) -> t.Any:
        return getattr(self._stream(), name)


#: The most appropriate error stream: ``wsgi.errors`` in a request, else stderr.
wsgi_errors_stream: t.TextIO = _WSGIErrorsStream()  # type: ignore[assignment]


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
