"""Objects of the real Werkzeug package met without the alias: an extension
that imports ``werkzeug`` while the app runs on flaskcompat raises Werkzeug's
``HTTPException`` subclasses and returns Werkzeug's ``Response``.

They are recognised by their classes' module names, never by importing
``werkzeug``; the app handles them as the HTTP errors and responses they are.
"""

from __future__ import annotations

import typing as t

from .exceptions import HTTPException, default_exceptions

_WERKZEUG_HTTP_EXCEPTION = ("werkzeug.exceptions", "HTTPException")


def is_foreign_http_exception_class(cls: type[t.Any]) -> bool:
    """Whether ``cls`` subclasses another package's ``werkzeug.exceptions.
    HTTPException`` (not flaskcompat's)."""
    return not issubclass(cls, HTTPException) and any(
        (klass.__module__, klass.__qualname__) == _WERKZEUG_HTTP_EXCEPTION
        for klass in cls.__mro__
    )


def foreign_code(cls: type[t.Any]) -> int | None:
    """The HTTP code of a foreign ``HTTPException`` class (``None`` if it has
    none, as Werkzeug's own base class)."""
    code = getattr(cls, "code", None)
    return code if isinstance(code, int) else None


def handler_mro(cls: type[t.Any], code: int | None) -> tuple[type[t.Any], ...]:
    """The classes to look up error handlers by for a foreign exception: its
    own MRO, then that of flaskcompat's exception for its code, so
    ``errorhandler(400)`` and ``errorhandler(BadRequest)`` catch Werkzeug's
    ``BadRequest`` subclasses too."""
    ours = default_exceptions.get(code, HTTPException) if code is not None else None
    return cls.__mro__ if ours is None else (*cls.__mro__, *ours.__mro__)
