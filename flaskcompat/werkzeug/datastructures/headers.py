"""``Headers``, ``EnvironHeaders`` and ``HeaderSet``."""

from __future__ import annotations

import collections.abc as cabc
import typing as t

from ..exceptions import BadRequestKeyError
from ..http import (
    dump_options_header,
    quote_header_value,
)
from .mixins import ImmutableHeadersMixin
from .structures import (
    MultiDict,
    _immutable_error,
    _missing,
    iter_multi_items,
)

if t.TYPE_CHECKING:
    import typing_extensions as te
    from _typeshed.wsgi import WSGIEnvironment

K = t.TypeVar("K")
V = t.TypeVar("V")
T = t.TypeVar("T")


def _str_header_value(value: t.Any) -> str:
    if not isinstance(value, str):
        value = str(value)
    if "\n" in value or "\r" in value:
        raise ValueError("Header values must not contain newline characters.")
    return value  # type: ignore[no-any-return]


def _check_header_key(key: str) -> str:
    if "\n" in key or "\r" in key:
        raise ValueError("Header names must not contain newline characters.")
    return key


def _options_header_vkw(value: t.Any, kw: dict[str, t.Any]) -> str:
    return dump_options_header(value, {k.replace("_", "-"): v for k, v in kw.items()})


_HeaderSource = t.Union[
    "Headers",
    "MultiDict[str, t.Any]",
    "cabc.Mapping[str, t.Any]",
    "cabc.Iterable[tuple[str, t.Any]]",
]


class Headers:
    """An ordered list of ``(key, value)`` header pairs with a case-insensitive,
    dict-like interface. Iterating yields the pairs; values are stored as
    ``str`` and a newline in a key or value raises ValueError.
    """

    def __init__(self, defaults: _HeaderSource | None = None) -> None:
        self._list: list[tuple[str, str]] = []
        if defaults is not None:
            self.extend(defaults)

    @t.overload
    def __getitem__(self, key: str) -> str: ...
    @t.overload
    def __getitem__(self, key: int) -> tuple[str, str]: ...
    @t.overload
    def __getitem__(self, key: slice) -> te.Self: ...
    def __getitem__(self, key: str | int | slice) -> str | tuple[str, str] | te.Self:
        """A str key gives the first value (BadRequestKeyError if missing); an
        int or slice indexes the pair list.
        """
        if isinstance(key, str):
            return self._get_key(key)
        if isinstance(key, int):
            return self._list[key]
        return self.__class__(self._list[key])

    def _get_key(self, key: str) -> str:
        ikey = key.lower()
        for k, v in self._list:
            if k.lower() == ikey:
                return v
        raise BadRequestKeyError(key)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        assert isinstance(other, Headers)
        mine = {(k.lower(), v) for k, v in self._list}
        return mine == {(k.lower(), v) for k, v in other._list}

    __hash__ = None  # type: ignore[assignment]

    @t.overload
    def get(self, key: str) -> str | None: ...
    @t.overload
    def get(self, key: str, default: str) -> str: ...
    @t.overload
    def get(self, key: str, default: T) -> str | T: ...
    @t.overload
    def get(self, key: str, *, type: cabc.Callable[[str], T]) -> T | None: ...
    @t.overload
    def get(self, key: str, default: T, type: cabc.Callable[[str], T]) -> T: ...
    def get(
        self,
        key: str,
        default: str | T | None = None,
        type: cabc.Callable[[str], T] | None = None,
    ) -> str | T | None:
        """The first value of ``key`` converted by ``type``, or ``default`` if
        missing or the conversion raises ValueError.
        """
        if self.__class__._get_key is Headers._get_key:
            ikey = key.lower()
            for k, v in self._list:
                if k.lower() == ikey:
                    rv = v
                    break
            else:  # missing: no KeyError raised and caught
                return default
        else:
            try:
                rv = self._get_key(key)
            except KeyError:
                return default
        if type is None:
            return rv
        try:
            return type(rv)
        except ValueError:
            return default

    @t.overload
    def getlist(self, key: str) -> list[str]: ...
    @t.overload
    def getlist(self, key: str, type: cabc.Callable[[str], T]) -> list[T]: ...
    def getlist(
        self, key: str, type: cabc.Callable[[str], T] | None = None
    ) -> list[str] | list[T]:
        """All values of ``key``; with ``type``, failed conversions are dropped."""
        ikey = key.lower()
        if type is None:
            return [v for k, v in self if k.lower() == ikey]
        result = []
        for k, v in self:
            if k.lower() == ikey:
                try:
                    result.append(type(v))
                except ValueError:
                    continue
        return result

    def get_all(self, name: str) -> list[str]:
        """All values of ``name`` (the :mod:`wsgiref` spelling of getlist)."""
        return self.getlist(name)

    def items(self, lower: bool = False) -> t.Iterable[tuple[str, str]]:
        for key, value in self:
            yield (key.lower() if lower else key), value

    def keys(self, lower: bool = False) -> t.Iterable[str]:
        for key, _ in self:
            yield key.lower() if lower else key

    def values(self) -> t.Iterable[str]:
        for _, value in self:
            yield value

    def extend(self, arg: _HeaderSource | None = None, /, **kwargs: t.Any) -> None:
        """Add the pairs of ``arg`` and ``kwargs``, keeping existing keys."""
        if arg is not None:
            for key, value in iter_multi_items(arg):
                self.add(key, value)
        for key, value in iter_multi_items(kwargs):
            self.add(key, value)

    def __delitem__(self, key: str | int | slice) -> None:
        """Remove every pair of a str key, or the pair(s) at an index/slice."""
        if isinstance(key, str):
            self._del_key(key)
        else:
            del self._list[key]

    def _del_key(self, key: str) -> None:
        ikey = key.lower()
        self._list[:] = [kv for kv in self._list if kv[0].lower() != ikey]

    def remove(self, key: str) -> None:
        """Remove every pair of ``key`` (no error if missing)."""
        self._del_key(key)

    @t.overload
    def pop(self) -> tuple[str, str]: ...
    @t.overload
    def pop(self, key: str) -> str: ...
    @t.overload
    def pop(self, key: int | None = ...) -> tuple[str, str]: ...
    @t.overload
    def pop(self, key: str, default: str) -> str: ...
    @t.overload
    def pop(self, key: str, default: T) -> str | T: ...
    def pop(
        self, key: str | int | None = None, default: str | T = _missing
    ) -> str | tuple[str, str] | T:
        """Remove and return the first value of a key, or the pair at an
        index (the last pair when ``key`` is None).
        """
        if key is None:
            return self._list.pop()
        if isinstance(key, int):
            return self._list.pop(key)
        try:
            rv = self._get_key(key)
        except KeyError:
            if default is not _missing:
                return default
            raise
        self.remove(key)
        return rv

    def popitem(self) -> tuple[str, str]:
        """Remove and return the last pair."""
        return self._list.pop()

    def __contains__(self, key: str) -> bool:
        try:
            self._get_key(key)
        except KeyError:
            return False
        return True

    def __iter__(self) -> t.Iterator[tuple[str, str]]:
        return iter(self._list)

    def __len__(self) -> int:
        return len(self._list)

    def add(self, key: str, value: t.Any, /, **kwargs: t.Any) -> None:
        """Append a header; ``kwargs`` become ``; key=value`` parameters
        (underscores turn into dashes), e.g. ``filename="a.png"``.
        """
        if kwargs:
            value = _options_header_vkw(value, kwargs)
        self._list.append((_check_header_key(key), _str_header_value(value)))

    def add_header(self, key: str, value: t.Any, /, **kwargs: t.Any) -> None:
        """Alias of :meth:`add` (the :mod:`wsgiref` spelling)."""
        self.add(key, value, **kwargs)

    def clear(self) -> None:
        """Remove all headers."""
        self._list.clear()

    def set(self, key: str, value: t.Any, /, **kwargs: t.Any) -> None:
        """Set ``key`` to one value: replace its first pair in place and drop
        the others, or append if it is missing. ``kwargs`` as in :meth:`add`.
        """
        if kwargs:
            value = _options_header_vkw(value, kwargs)
        item = (_check_header_key(key), _str_header_value(value))
        lst = self._list
        ikey = key.lower()
        for idx, (old_key, _) in enumerate(lst):
            if old_key.lower() == ikey:
                lst[idx] = item
                lst[idx + 1 :] = [kv for kv in lst[idx + 1 :] if kv[0].lower() != ikey]
                return
        lst.append(item)

    def setlist(self, key: str, values: cabc.Iterable[t.Any]) -> None:
        """Replace the values of ``key`` with ``values`` (remove it if empty)."""
        if values:
            values_iter = iter(values)
            self.set(key, next(values_iter))
            for value in values_iter:
                self.add(key, value)
        else:
            self.remove(key)

    def setdefault(self, key: str, default: t.Any) -> str:
        """The first value of ``key``, setting it to ``default`` if missing."""
        try:
            return self._get_key(key)
        except KeyError:
            pass
        self.set(key, default)
        return self._get_key(key)

    def setlistdefault(self, key: str, default: cabc.Iterable[t.Any]) -> list[str]:
        """The values of ``key``, setting them to ``default`` if missing."""
        if key not in self:
            self.setlist(key, default)
        return self.getlist(key)

    @t.overload
    def __setitem__(self, key: str, value: t.Any) -> None: ...
    @t.overload
    def __setitem__(self, key: int, value: tuple[str, t.Any]) -> None: ...
    @t.overload
    def __setitem__(
        self, key: slice, value: cabc.Iterable[tuple[str, t.Any]]
    ) -> None: ...
    def __setitem__(self, key: str | int | slice, value: t.Any) -> None:
        """Like :meth:`set` for a str key; an int/slice replaces pairs."""
        if isinstance(key, str):
            self.set(key, value)
        elif isinstance(key, int):
            self._list[key] = _check_header_key(value[0]), _str_header_value(value[1])
        else:
            self._list[key] = [
                (_check_header_key(k), _str_header_value(v)) for k, v in value
            ]

    def update(self, arg: _HeaderSource | None = None, /, **kwargs: t.Any) -> None:
        """Replace the keys present in ``arg`` and ``kwargs`` (list values set
        several values); use :meth:`extend` to add instead.
        """
        if arg is not None:
            if isinstance(arg, (Headers, MultiDict)):
                for key in arg.keys():  # noqa: SIM118 - iterating Headers yields pairs
                    self.setlist(key, arg.getlist(key))
            elif isinstance(arg, cabc.Mapping):
                for key, value in arg.items():
                    if isinstance(value, (list, tuple, set)):
                        self.setlist(key, value)
                    else:
                        self.set(key, value)
            else:
                for key, value in arg:
                    self.set(key, value)
        for key, value in kwargs.items():
            if isinstance(value, (list, tuple, set)):
                self.setlist(key, value)
            else:
                self.set(key, value)

    def __or__(self, other: cabc.Mapping[str, t.Any]) -> te.Self:
        if not isinstance(other, cabc.Mapping):
            return NotImplemented
        rv = self.copy()
        rv.update(other)
        return rv

    def __ior__(
        self, other: cabc.Mapping[str, t.Any] | cabc.Iterable[tuple[str, t.Any]]
    ) -> te.Self:
        if not isinstance(other, (cabc.Mapping, cabc.Iterable)):
            return NotImplemented
        self.update(other)
        return self

    def to_wsgi_list(self) -> list[tuple[str, str]]:
        """The headers as a list of ``(key, value)`` pairs for WSGI."""
        return list(self)

    def copy(self) -> te.Self:
        return self.__class__(self._list)

    def __copy__(self) -> te.Self:
        return self.copy()

    def __str__(self) -> str:
        """The headers in HTTP wire format, ending with a blank line."""
        strs = [f"{key}: {value}" for key, value in self.to_wsgi_list()]
        strs.append("\r\n")
        return "\r\n".join(strs)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({list(self)!r})"


_ENVIRON_CONTENT_KEYS = frozenset(("CONTENT_TYPE", "CONTENT_LENGTH"))
_HTTP_CONTENT_KEYS = frozenset(("HTTP_CONTENT_TYPE", "HTTP_CONTENT_LENGTH"))


class EnvironHeaders(ImmutableHeadersMixin, Headers):
    """A read-only :class:`Headers` view of a WSGI environ's ``HTTP_*``,
    ``CONTENT_TYPE`` and ``CONTENT_LENGTH`` keys (``request.headers``).

    A missing key raises a plain :exc:`KeyError`, as in Werkzeug; every
    change raises ``TypeError`` (:class:`~.mixins.ImmutableHeadersMixin`).
    """

    def __init__(self, environ: WSGIEnvironment) -> None:
        super().__init__()
        self.environ = environ

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, EnvironHeaders):
            return NotImplemented
        return self.environ is other.environ

    __hash__ = None

    def __getitem__(self, key: str) -> str:  # type: ignore[override]
        return self._get_key(key)

    def _get_key(self, key: str) -> str:
        if not isinstance(key, str):
            raise BadRequestKeyError(key)
        key = key.upper().replace("-", "_")
        if key in _ENVIRON_CONTENT_KEYS:
            return self.environ[key]  # type: ignore[no-any-return]
        return self.environ[f"HTTP_{key}"]  # type: ignore[no-any-return]

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def __iter__(self) -> cabc.Iterator[tuple[str, str]]:
        for key, value in self.environ.items():
            if key.startswith("HTTP_"):
                if key not in _HTTP_CONTENT_KEYS:
                    yield key[5:].replace("_", "-").title(), value
            elif key in _ENVIRON_CONTENT_KEYS and value:
                yield key.replace("_", "-").title(), value

    def copy(self) -> t.NoReturn:
        raise TypeError(f"cannot create {type(self).__name__!r} copies")

    def __or__(self, other: t.Any) -> t.NoReturn:
        raise TypeError(f"cannot create {type(self).__name__!r} copies")

    def extend(self, arg: t.Any = None, /, **kwargs: t.Any) -> t.NoReturn:
        _immutable_error(self)

    def update(self, arg: t.Any = None, /, **kwargs: t.Any) -> t.NoReturn:
        _immutable_error(self)

    def clear(self) -> t.NoReturn:
        _immutable_error(self)


class HeaderSet(cabc.MutableSet[str]):
    """An ordered, case-insensitive set of header tokens (``Vary``,
    ``Allow``...). ``on_update(self)`` is called after every change, which is
    how ``response.vary.add("Cookie")`` writes the header back.
    """

    def __init__(
        self,
        headers: cabc.Iterable[str] | None = None,
        on_update: cabc.Callable[[HeaderSet], None] | None = None,
    ) -> None:
        self._headers = list(headers or ())
        self._set = {x.lower() for x in self._headers}
        self.on_update = on_update

    def _changed(self) -> None:
        if self.on_update is not None:
            self.on_update(self)

    def add(self, header: str) -> None:
        """Add ``header`` unless an equal (case-insensitive) one is present."""
        self.update((header,))

    def remove(self, header: str) -> None:
        """Remove ``header``; KeyError if it is not in the set."""
        key = header.lower()
        if key not in self._set:
            raise KeyError(header)
        self._set.remove(key)
        self._headers = [h for h in self._headers if h.lower() != key]
        self._changed()

    def update(self, iterable: cabc.Iterable[str]) -> None:
        """Add every header of ``iterable``."""
        inserted_any = False
        for header in iterable:
            key = header.lower()
            if key not in self._set:
                self._headers.append(header)
                self._set.add(key)
                inserted_any = True
        if inserted_any:
            self._changed()

    def discard(self, header: str) -> None:
        """Like :meth:`remove`, without the KeyError."""
        if header.lower() in self._set:
            self.remove(header)

    def find(self, header: str) -> int:
        """The index of ``header``, or -1."""
        header = header.lower()
        for idx, item in enumerate(self._headers):
            if item.lower() == header:
                return idx
        return -1

    def index(self, header: str) -> int:
        """The index of ``header``; IndexError if missing."""
        rv = self.find(header)
        if rv < 0:
            raise IndexError(header)
        return rv

    def clear(self) -> None:
        self._set.clear()
        self._headers.clear()
        self._changed()

    def as_set(self, preserve_casing: bool = False) -> set[str]:
        """A plain set of the items (lowercased unless ``preserve_casing``)."""
        if preserve_casing:
            return set(self._headers)
        return set(self._set)

    def to_header(self) -> str:
        """The header value, e.g. ``Cookie, Accept-Encoding``."""
        return ", ".join(map(quote_header_value, self._headers))

    def __getitem__(self, idx: t.SupportsIndex) -> str:
        return self._headers[idx]

    def __delitem__(self, idx: t.SupportsIndex) -> None:
        rv = self._headers.pop(idx)
        self._set.remove(rv.lower())
        self._changed()

    def __setitem__(self, idx: t.SupportsIndex, value: str) -> None:
        old = self._headers[idx]
        self._set.remove(old.lower())
        self._headers[idx] = value
        self._set.add(value.lower())
        self._changed()

    def __contains__(self, header: object) -> bool:
        return isinstance(header, str) and header.lower() in self._set

    def __len__(self) -> int:
        return len(self._set)

    def __iter__(self) -> cabc.Iterator[str]:
        return iter(self._headers)

    def __bool__(self) -> bool:
        return bool(self._set)

    def __str__(self) -> str:
        return self.to_header()

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._headers!r})"
