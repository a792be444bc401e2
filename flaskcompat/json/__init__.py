"""``flask.json``: JSON helpers that use the current app's JSON provider."""

from __future__ import annotations

import json as _json
import typing as t

from ..globals import _cv_app, _no_app_msg
from .provider import DefaultJSONProvider, _default

if t.TYPE_CHECKING:  # pragma: no cover
    from ..wrappers import Response


def dumps(obj: t.Any, **kwargs: t.Any) -> str:
    """Serialize data as JSON with ``current_app.json``, or with the standard
    library (and Flask's extra types) outside an app context."""
    ctx = _cv_app.get(None)
    if ctx is not None:
        return ctx.app.json.dumps(obj, **kwargs)
    kwargs.setdefault("default", _default)
    return _json.dumps(obj, **kwargs)


def dump(obj: t.Any, fp: t.IO[str], **kwargs: t.Any) -> None:
    """Serialize data as JSON and write it to a text file."""
    ctx = _cv_app.get(None)
    if ctx is not None:
        ctx.app.json.dump(obj, fp, **kwargs)
    else:
        kwargs.setdefault("default", _default)
        _json.dump(obj, fp, **kwargs)


def loads(s: str | bytes, **kwargs: t.Any) -> t.Any:
    """Deserialize JSON with ``current_app.json``, or the standard library."""
    ctx = _cv_app.get(None)
    if ctx is not None:
        return ctx.app.json.loads(s, **kwargs)
    return _json.loads(s, **kwargs)


def load(fp: t.IO[t.AnyStr], **kwargs: t.Any) -> t.Any:
    """Deserialize JSON read from a file."""
    ctx = _cv_app.get(None)
    if ctx is not None:
        return ctx.app.json.load(fp, **kwargs)
    return _json.load(fp, **kwargs)


def jsonify(*args: t.Any, **kwargs: t.Any) -> Response:
    """A JSON response of one value, several values (an array) or keyword
    arguments (an object), made by ``current_app.json.response``."""
    ctx = _cv_app.get(None)
    if ctx is None:
        raise RuntimeError(_no_app_msg)
    provider = ctx.app.json
    if type(provider).response is DefaultJSONProvider.response:
        obj = provider._prepare_response_obj(args, kwargs)
        return provider._response(obj)  # type: ignore[attr-defined,no-any-return]
    return provider.response(*args, **kwargs)
