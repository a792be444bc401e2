"""``RequestCacheControl`` and ``ResponseCacheControl``: the parsed
``Cache-Control`` header, a dict of directive -> value (``None`` for a
directive without a value) with a typed attribute per directive.

The semantics are Werkzeug 3.1's: boolean directives read as present or
not, typed ones as ``None`` when their value does not convert, and setting
``False`` or ``None`` removes a directive.
"""

from __future__ import annotations

import collections.abc as cabc
import typing as t

from ..http import dump_header
from .structures import CallbackDict, ImmutableDictMixin


def cache_control_property(
    key: str, empty: t.Any, type: type[t.Any] | None, *, doc: str | None = None
) -> t.Any:
    """A property for the ``key`` directive: ``empty`` when present without a
    value, converted with ``type`` (``bool``: present or not). Use it to add
    a cache extension in a subclass.
    """
    if doc is None:
        parts = [f"The ``{key}`` attribute."]
        if type is bool:
            parts.append("A ``bool``, either present or not.")
        else:
            if type is None:
                parts.append("A ``str``,")
            else:
                parts.append(f"A ``{type.__name__}``,")
            if empty is not None:
                parts.append(f"``{empty!r}`` if present with no value,")
            parts.append("or ``None`` if not present.")
        doc = " ".join(parts)
    return property(
        lambda x: x._get_cache_value(key, empty, type),
        lambda x, v: x._set_cache_value(key, v, type),
        lambda x: x._del_cache_value(key),
        doc=doc,
    )


class _CacheControl(CallbackDict[str, t.Optional[str]]):
    """The directives both request and response headers have; ``str()`` or
    :meth:`to_header` gives the header value back.
    """

    no_store: bool = cache_control_property("no-store", None, bool)
    max_age: int | None = cache_control_property("max-age", None, int)
    no_transform: bool = cache_control_property("no-transform", None, bool)
    stale_if_error: int | None = cache_control_property("stale-if-error", None, int)

    def __init__(
        self,
        values: cabc.Mapping[str, t.Any] | cabc.Iterable[tuple[str, t.Any]] | None = (),
        on_update: cabc.Callable[[_CacheControl], None] | None = None,
    ) -> None:
        super().__init__(values, on_update)
        #: Whether a header was there (false for ``None`` values).
        self.provided = values is not None

    def _get_cache_value(
        self, key: str, empty: t.Any, type: type[t.Any] | None
    ) -> t.Any:
        if type is bool:
            return key in self
        if key not in self:
            return None
        value = self[key]
        if value is None:
            return empty
        if type is not None:
            try:
                return type(value)
            except ValueError:
                return None
        return value

    def _set_cache_value(
        self, key: str, value: t.Any, type: type[t.Any] | None
    ) -> None:
        if type is bool:
            if value:
                self[key] = None
            else:
                self.pop(key, None)
        elif value is None or value is False:
            self.pop(key, None)
        elif value is True:
            self[key] = None
        else:
            if type is not None:
                value = type(value)
            self[key] = str(value)

    def _del_cache_value(self, key: str) -> None:
        if key in self:
            del self[key]

    def to_header(self) -> str:
        """The header value, e.g. ``max-age=60, public``."""
        return dump_header(self)

    def __str__(self) -> str:
        return self.to_header()

    def __repr__(self) -> str:
        kv_str = " ".join(f"{k}={v!r}" for k, v in sorted(self.items()))
        return f"<{type(self).__name__} {kv_str}>"

    cache_property = staticmethod(cache_control_property)


class RequestCacheControl(ImmutableDictMixin[str, t.Optional[str]], _CacheControl):  # type: ignore[misc]
    """The request's ``Cache-Control`` (read-only)."""

    no_cache: bool = cache_control_property("no-cache", None, bool)
    max_stale: int | t.Literal[True] | None = cache_control_property(
        "max-stale", True, int
    )
    min_fresh: int | None = cache_control_property("min-fresh", None, int)
    only_if_cached: bool = cache_control_property("only-if-cached", None, bool)


class ResponseCacheControl(_CacheControl):
    """The response's ``Cache-Control``; changing it calls ``on_update``,
    which writes the response header back.
    """

    no_cache: str | t.Literal[True] | None = cache_control_property(
        "no-cache", True, None
    )
    public: bool = cache_control_property("public", None, bool)
    private: str | t.Literal[True] | None = cache_control_property(
        "private", True, None
    )
    must_revalidate: bool = cache_control_property("must-revalidate", None, bool)
    proxy_revalidate: bool = cache_control_property("proxy-revalidate", None, bool)
    s_maxage: int | None = cache_control_property("s-maxage", None, int)
    immutable: bool = cache_control_property("immutable", None, bool)
    must_understand: bool = cache_control_property("must-understand", None, bool)
    stale_while_revalidate: int | None = cache_control_property(
        "stale-while-revalidate", None, int
    )
