"""Attribute descriptors of the request and response objects: values cached
on first access, and attributes stored in a header or an environ key.
"""

from __future__ import annotations

import typing as t

from ..datastructures import HeaderSet
from ..http import dump_header, parse_set_header

if t.TYPE_CHECKING:
    from ..datastructures import Headers

T = t.TypeVar("T")


class _lazy(t.Generic[T]):
    """A computed attribute stored on the instance on first access; later
    reads are plain attribute lookups. Assigning or deleting it works too.
    """

    def __init__(self, func: t.Callable[[t.Any], T]) -> None:
        self.func = func
        self.name = func.__name__
        self.__doc__ = func.__doc__

    @t.overload
    def __get__(self, obj: None, owner: type[t.Any]) -> _lazy[T]: ...
    @t.overload
    def __get__(self, obj: object, owner: type[t.Any]) -> T: ...
    def __get__(self, obj: object | None, owner: type[t.Any]) -> _lazy[T] | T:
        if obj is None:
            return self
        value = obj.__dict__[self.name] = self.func(obj)
        return value


class _HasHeaders(t.Protocol):
    @property
    def headers(self) -> Headers: ...


class _HeaderProperty(t.Generic[T]):
    """An attribute stored in the ``name`` header of ``obj.headers``,
    converted by ``load`` and ``dump`` (Werkzeug's ``header_property``): a
    missing header reads as ``None``, and so does a value ``load`` refuses.
    """

    def __init__(
        self,
        name: str,
        load: t.Callable[[str], T] | None = None,
        dump: t.Callable[[T], str | None] | None = None,
        doc: str | None = None,
    ) -> None:
        self.name = name
        self.load = load
        self.dump = dump
        self.__doc__ = doc

    @t.overload
    def __get__(self, obj: None, owner: type[t.Any]) -> _HeaderProperty[T]: ...
    @t.overload
    def __get__(self, obj: _HasHeaders, owner: type[t.Any]) -> T | None: ...
    def __get__(
        self, obj: _HasHeaders | None, owner: type[t.Any]
    ) -> _HeaderProperty[T] | T | None:
        if obj is None:
            return self
        value = obj.headers.get(self.name)
        if value is None or self.load is None:
            return value  # type: ignore[return-value]
        try:
            return self.load(value)
        except (ValueError, TypeError):
            return None

    def __set__(self, obj: _HasHeaders, value: T | None) -> None:
        if self.dump is not None:
            obj.headers[self.name] = self.dump(value)  # type: ignore[arg-type]
        else:
            obj.headers[self.name] = value

    def __delete__(self, obj: _HasHeaders) -> None:
        obj.headers.remove(self.name)


class _HasEnviron(t.Protocol):
    environ: t.Mapping[str, t.Any]


class _EnvironProperty(t.Generic[T]):
    """A read-only attribute read from the ``key`` item of ``obj.environ``
    (``HTTP_...`` for a request header; Werkzeug's ``environ_property``), not
    cached; ``None`` if missing or refused by ``load``.
    """

    def __init__(
        self,
        key: str,
        load: t.Callable[[t.Any], T] | None = None,
        doc: str | None = None,
    ) -> None:
        self.key = key
        self.load = load
        self.__doc__ = doc

    @t.overload
    def __get__(self, obj: None, owner: type[t.Any]) -> _EnvironProperty[T]: ...
    @t.overload
    def __get__(self, obj: _HasEnviron, owner: type[t.Any]) -> T | None: ...
    def __get__(
        self, obj: _HasEnviron | None, owner: type[t.Any]
    ) -> _EnvironProperty[T] | T | None:
        if obj is None:
            return self
        value = obj.environ.get(self.key)
        if value is None or self.load is None:
            return value
        try:
            return self.load(value)
        except (ValueError, TypeError):
            return None

    def __set__(self, obj: _HasEnviron, value: t.Any) -> None:
        raise AttributeError("read only property")

    def __delete__(self, obj: _HasEnviron) -> None:
        raise AttributeError("read only property")


def _set_property(name: str, doc: str) -> property:
    """A response attribute giving the header as a live :class:`HeaderSet`:
    changing the set rewrites the header. Assign a string or an iterable to
    replace it, a false value to remove it.
    """

    def fget(self: _HasHeaders) -> HeaderSet:
        def on_update(header_set: HeaderSet) -> None:
            if header_set:
                self.headers[name] = header_set.to_header()
            else:
                self.headers.remove(name)

        return parse_set_header(self.headers.get(name), on_update)

    def fset(self: _HasHeaders, value: str | t.Iterable[str] | None) -> None:
        if not value:
            self.headers.remove(name)
        elif isinstance(value, str):
            self.headers[name] = value
        else:
            self.headers[name] = dump_header(value)

    return property(fget, fset, doc=doc)
