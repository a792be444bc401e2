"""Werkzeug-compatible data structures: multi dicts, headers, uploaded files.

``MultiDict`` stores a list of values per key but reads like a plain dict
(first value); ``Headers`` is an ordered, case-insensitive list of header
pairs; ``FileStorage`` wraps an uploaded file. Semantics follow
``werkzeug.datastructures`` so code written for Flask keeps working.
"""

from __future__ import annotations

import base64
import binascii
import collections.abc as cabc
import mimetypes
import os
import typing as t
from copy import deepcopy
from io import BytesIO
from itertools import repeat

from .exceptions import BadRequestKeyError
from .http import (
    dump_header,
    dump_options_header,
    parse_dict_header,
    parse_options_header,
    plain_int,
    quote_header_value,
)

if t.TYPE_CHECKING:
    import typing_extensions as te
    from _typeshed.wsgi import WSGIEnvironment

K = t.TypeVar("K")
V = t.TypeVar("V")
T = t.TypeVar("T")

# Untyped aliases for the raw dict slots: a MultiDict stores ``list[V]`` under
# each key while its public type says ``V``. Module-level names are also the
# fastest way to reach them on the hot paths.
_dget: t.Any = dict.get
_dgetitem: t.Any = dict.__getitem__
_dsetitem: t.Any = dict.__setitem__
_dsetdefault: t.Any = dict.setdefault
_dpop: t.Any = dict.pop
_dpopitem: t.Any = dict.popitem
_ditems: t.Any = dict.items
_dvalues: t.Any = dict.values
_dupdate: t.Any = dict.update


class _Missing:
    def __repr__(self) -> str:
        return "no value"


_missing: t.Any = _Missing()

_MultiSource = t.Union[
    "MultiDict[K, V]",
    "cabc.Mapping[K, V | list[V] | tuple[V, ...] | set[V]]",
    "cabc.Iterable[tuple[K, V]]",
]


def _immutable_error(self: object) -> t.NoReturn:
    raise TypeError(f"{type(self).__name__!r} objects are immutable")


def iter_multi_items(mapping: t.Any) -> cabc.Iterator[tuple[t.Any, t.Any]]:
    """Yield ``(key, value)`` pairs, one per value, from a multi dict, a
    mapping (list/tuple/set values expand) or an iterable of pairs.
    """
    if isinstance(mapping, MultiDict):
        yield from mapping.items(multi=True)
    elif isinstance(mapping, cabc.Mapping):
        for key, value in mapping.items():
            if isinstance(value, (list, tuple, set)):
                for v in value:
                    yield key, v
            else:
                yield key, value
    else:
        yield from mapping


class TypeConversionDict(dict[K, V]):
    """A dict whose :meth:`get` can convert the value with ``type``."""

    @t.overload  # type: ignore[override]
    def get(self, key: K) -> V | None: ...
    @t.overload
    def get(self, key: K, default: V) -> V: ...
    @t.overload
    def get(self, key: K, default: T) -> V | T: ...
    @t.overload
    def get(self, key: K, *, type: cabc.Callable[[V], T]) -> T | None: ...
    @t.overload
    def get(self, key: K, default: T, type: cabc.Callable[[V], T]) -> T: ...
    def get(
        self,
        key: K,
        default: V | T | None = None,
        type: cabc.Callable[[V], T] | None = None,
    ) -> V | T | None:
        """The value for ``key`` converted by ``type``, or ``default`` when the
        key is missing or the conversion raises ValueError/TypeError.
        """
        try:
            rv = self[key]
        except KeyError:
            return default
        if type is None:
            return rv
        try:
            return type(rv)
        except (ValueError, TypeError):
            return default


class ImmutableDictMixin(t.Generic[K, V]):
    """Makes a dict read-only (mutation raises TypeError) and hashable."""

    _hash_cache: int | None = None

    @classmethod
    def fromkeys(cls, keys: cabc.Iterable[K], value: V | None = None) -> t.Any:
        instance = super().__new__(cls)
        instance.__init__(zip(keys, repeat(value)))  # type: ignore[misc]
        return instance

    def __reduce_ex__(self, protocol: t.SupportsIndex) -> t.Any:
        return type(self), (dict(self),)  # type: ignore[call-overload]

    def _iter_hashitems(self) -> t.Iterable[t.Any]:
        return self.items()  # type: ignore[attr-defined,no-any-return]

    def __hash__(self) -> int:
        if self._hash_cache is not None:
            return self._hash_cache
        rv = self._hash_cache = hash(frozenset(self._iter_hashitems()))
        return rv

    def setdefault(self, key: t.Any, default: t.Any = None) -> t.NoReturn:
        _immutable_error(self)

    def update(self, arg: t.Any = None, /, **kwargs: t.Any) -> t.NoReturn:
        _immutable_error(self)

    def __ior__(self, other: t.Any) -> t.NoReturn:
        _immutable_error(self)

    def pop(self, key: t.Any, default: t.Any = None) -> t.NoReturn:
        _immutable_error(self)

    def popitem(self) -> t.NoReturn:
        _immutable_error(self)

    def __setitem__(self, key: t.Any, value: t.Any) -> t.NoReturn:
        _immutable_error(self)

    def __delitem__(self, key: t.Any) -> t.NoReturn:
        _immutable_error(self)

    def clear(self) -> t.NoReturn:
        _immutable_error(self)


class ImmutableMultiDictMixin(ImmutableDictMixin[K, V]):
    """Makes a :class:`MultiDict` read-only and hashable."""

    def __reduce_ex__(self, protocol: t.SupportsIndex) -> t.Any:
        return type(self), (list(self.items(multi=True)),)  # type: ignore[attr-defined]

    def _iter_hashitems(self) -> t.Iterable[t.Any]:
        return self.items(multi=True)  # type: ignore[attr-defined,no-any-return]

    def add(self, key: t.Any, value: t.Any) -> t.NoReturn:
        _immutable_error(self)

    def popitemlist(self) -> t.NoReturn:
        _immutable_error(self)

    def poplist(self, key: t.Any) -> t.NoReturn:
        _immutable_error(self)

    def setlist(self, key: t.Any, new_list: t.Any) -> t.NoReturn:
        _immutable_error(self)

    def setlistdefault(self, key: t.Any, default_list: t.Any = None) -> t.NoReturn:
        _immutable_error(self)


class ImmutableTypeConversionDict(ImmutableDictMixin[K, V], TypeConversionDict[K, V]):  # type: ignore[misc]
    """A read-only :class:`TypeConversionDict`."""

    def copy(self) -> TypeConversionDict[K, V]:
        """A mutable shallow copy."""
        return TypeConversionDict(self)

    def __copy__(self) -> te.Self:
        return self


class ImmutableDict(ImmutableDictMixin[K, V], dict[K, V]):  # type: ignore[misc]
    """A read-only, hashable dict."""

    def __repr__(self) -> str:
        return f"{type(self).__name__}({dict.__repr__(self)})"

    def copy(self) -> dict[K, V]:
        """A mutable shallow copy."""
        return dict(self)

    def __copy__(self) -> te.Self:
        return self


class MultiDict(TypeConversionDict[K, V]):
    """A dict holding several values per key.

    Indexing, :meth:`get` and iteration see the first value of a key; the
    ``*list`` methods see all of them. A missing key raises
    :exc:`~flaskcompat.exceptions.BadRequestKeyError` (a KeyError and a 400).
    """

    def __init__(self, mapping: _MultiSource[K, V] | None = None) -> None:
        if mapping is None:
            super().__init__()
        elif isinstance(mapping, MultiDict):
            super().__init__((k, vs[:]) for k, vs in mapping.lists())  # type: ignore[misc]
        elif isinstance(mapping, cabc.Mapping):
            tmp: dict[t.Any, list[t.Any]] = {}
            for key, value in mapping.items():
                if isinstance(value, (list, tuple, set)):
                    if value:
                        tmp[key] = list(value)
                else:
                    tmp[key] = [value]
            super().__init__(tmp)
        else:
            tmp = {}
            for key, value in mapping:
                tmp.setdefault(key, []).append(value)
            super().__init__(tmp)

    def __getstate__(self) -> t.Any:
        return dict(self.lists())

    def __setstate__(self, value: t.Any) -> None:
        dict.clear(self)
        dict.update(self, value)

    def __iter__(self) -> cabc.Iterator[K]:
        # Overriding __iter__ makes dict(md) use __getitem__ (first values)
        # instead of copying the internal lists.
        return dict.__iter__(self)

    def __getitem__(self, key: K) -> V:
        """The first value for ``key``; BadRequestKeyError if there is none."""
        lst = _dget(self, key)
        if lst:
            return lst[0]  # type: ignore[no-any-return]
        raise BadRequestKeyError(key)

    def __setitem__(self, key: K, value: V) -> None:
        """Replace all values of ``key`` with ``value``."""
        _dsetitem(self, key, [value])

    @t.overload  # type: ignore[override]
    def get(self, key: K) -> V | None: ...
    @t.overload
    def get(self, key: K, default: V) -> V: ...
    @t.overload
    def get(self, key: K, default: T) -> V | T: ...
    @t.overload
    def get(self, key: K, *, type: cabc.Callable[[V], T]) -> T | None: ...
    @t.overload
    def get(self, key: K, default: T, type: cabc.Callable[[V], T]) -> T: ...
    def get(
        self,
        key: K,
        default: V | T | None = None,
        type: cabc.Callable[[V], T] | None = None,
    ) -> V | T | None:
        """The first value for ``key`` converted by ``type``, or ``default`` when
        missing or when the conversion raises ValueError/TypeError.
        """
        lst = _dget(self, key)
        if not lst:
            return default
        if type is None:
            return lst[0]  # type: ignore[no-any-return]
        try:
            return type(lst[0])
        except (ValueError, TypeError):
            return default

    def add(self, key: K, value: V) -> None:
        """Append a value for ``key``."""
        _dsetdefault(self, key, []).append(value)

    @t.overload
    def getlist(self, key: K) -> list[V]: ...
    @t.overload
    def getlist(self, key: K, type: cabc.Callable[[V], T]) -> list[T]: ...
    def getlist(
        self, key: K, type: cabc.Callable[[V], T] | None = None
    ) -> list[V] | list[T]:
        """All values for ``key`` (a new list, ``[]`` if missing); with ``type``,
        values that fail conversion (ValueError/TypeError) are left out.
        """
        rv = _dget(self, key)
        if rv is None:
            return []
        if type is None:
            return list(rv)
        result = []
        for item in rv:
            try:
                result.append(type(item))
            except (ValueError, TypeError):
                pass
        return result

    def setlist(self, key: K, new_list: cabc.Iterable[V]) -> None:
        """Replace the values of ``key`` with a copy of ``new_list``."""
        _dsetitem(self, key, list(new_list))

    def setdefault(self, key: K, default: V | None = None) -> V:
        """The first value for ``key``, setting it to ``default`` if missing."""
        if key not in self:
            self[key] = default  # type: ignore[assignment]
        return self[key]

    def setlistdefault(
        self, key: K, default_list: cabc.Iterable[V] | None = None
    ) -> list[V]:
        """The internal value list of ``key`` (set from ``default_list`` if
        missing); appending to it adds values.
        """
        if key not in self:
            _dsetitem(self, key, list(default_list or ()))
        return _dgetitem(self, key)  # type: ignore[no-any-return]

    def items(self, multi: bool = False) -> cabc.Iterable[tuple[K, V]]:  # type: ignore[override]
        """``(key, first value)`` pairs, or one pair per value with ``multi``."""
        for key, values in _ditems(self):
            if multi:
                for value in values:
                    yield key, value
            else:
                yield key, values[0]

    def lists(self) -> cabc.Iterable[tuple[K, list[V]]]:
        """``(key, list of values)`` pairs."""
        for key, values in _ditems(self):
            yield key, list(values)

    def values(self) -> cabc.Iterable[V]:  # type: ignore[override]
        """The first value of every key."""
        for values in _dvalues(self):
            yield values[0]

    def listvalues(self) -> cabc.Iterable[list[V]]:
        """The value lists of every key."""
        return _dvalues(self)  # type: ignore[no-any-return]

    def copy(self) -> te.Self:
        """A shallow copy."""
        return self.__class__(self)

    def deepcopy(self, memo: t.Any = None) -> te.Self:
        """A deep copy."""
        return self.__class__(deepcopy(self.to_dict(flat=False), memo))

    @t.overload
    def to_dict(self, flat: t.Literal[True] = ...) -> dict[K, V]: ...
    @t.overload
    def to_dict(self, flat: t.Literal[False]) -> dict[K, list[V]]: ...
    def to_dict(self, flat: bool = True) -> dict[K, V] | dict[K, list[V]]:
        """A plain dict of first values, or of value lists if not ``flat``."""
        if flat:
            return dict(self.items())
        return dict(self.lists())

    def update(self, mapping: _MultiSource[K, V]) -> None:  # type: ignore[override]
        """Add the values of ``mapping`` (extends, never replaces)."""
        for key, value in iter_multi_items(mapping):
            self.add(key, value)

    def __or__(  # type: ignore[override]
        self, other: cabc.Mapping[K, V | list[V] | tuple[V, ...] | set[V]]
    ) -> MultiDict[K, V]:
        if not isinstance(other, cabc.Mapping):
            return NotImplemented
        rv = self.copy()
        rv.update(other)
        return rv

    def __ior__(  # type: ignore[override]
        self,
        other: (
            cabc.Mapping[K, V | list[V] | tuple[V, ...] | set[V]]
            | cabc.Iterable[tuple[K, V]]
        ),
    ) -> te.Self:
        if not isinstance(other, (cabc.Mapping, cabc.Iterable)):
            return NotImplemented
        self.update(other)
        return self

    def pop(self, key: K, default: V | T = _missing) -> V | T:
        """Remove ``key`` and return its first value (or ``default``)."""
        try:
            lst = _dpop(self, key)
            if len(lst) == 0:
                raise BadRequestKeyError(key)
            return lst[0]  # type: ignore[no-any-return]
        except KeyError:
            if default is not _missing:
                return default
            raise BadRequestKeyError(key) from None

    def popitem(self) -> tuple[K, V]:
        """Remove a key; return it with its first value."""
        try:
            key, lst = _dpopitem(self)
            if len(lst) == 0:
                raise BadRequestKeyError(key)
            return key, lst[0]
        except KeyError as e:
            raise BadRequestKeyError(e.args[0] if e.args else None) from None

    def poplist(self, key: K) -> list[V]:
        """Remove ``key`` and return all its values (``[]`` if missing)."""
        return _dpop(self, key, [])  # type: ignore[no-any-return]

    def popitemlist(self) -> tuple[K, list[V]]:
        """Remove a key; return it with its value list."""
        try:
            return _dpopitem(self)  # type: ignore[no-any-return]
        except KeyError as e:
            raise BadRequestKeyError(e.args[0] if e.args else None) from None

    def __copy__(self) -> te.Self:
        return self.copy()

    def __deepcopy__(self, memo: t.Any) -> te.Self:
        return self.deepcopy(memo=memo)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({list(self.items(multi=True))!r})"


class ImmutableMultiDict(ImmutableMultiDictMixin[K, V], MultiDict[K, V]):  # type: ignore[misc]
    """A read-only, hashable :class:`MultiDict` (``request.args``, ``form``)."""

    def copy(self) -> MultiDict[K, V]:  # type: ignore[override]
        """A mutable shallow copy."""
        return MultiDict(self)

    def __copy__(self) -> te.Self:
        return self


class CombinedMultiDict(ImmutableMultiDictMixin[K, V], MultiDict[K, V]):  # type: ignore[misc]
    """A read-only view over several multi dicts (``request.values``).

    Lookups return the first dict's value that has the key; the ``*list``
    methods combine the values of all dicts.
    """

    def __reduce_ex__(self, protocol: t.SupportsIndex) -> t.Any:
        return type(self), (self.dicts,)

    def __init__(self, dicts: cabc.Iterable[MultiDict[K, V]] | None = None) -> None:
        super().__init__()
        self.dicts: list[MultiDict[K, V]] = list(dicts or ())

    @classmethod
    def fromkeys(cls, keys: t.Any, value: t.Any = None) -> t.NoReturn:
        raise TypeError(f"cannot create {cls.__name__!r} instances by fromkeys")

    def __getitem__(self, key: K) -> V:
        for d in self.dicts:
            if key in d:
                return d[key]
        raise BadRequestKeyError(key)

    @t.overload  # type: ignore[override]
    def get(self, key: K) -> V | None: ...
    @t.overload
    def get(self, key: K, default: V) -> V: ...
    @t.overload
    def get(self, key: K, default: T) -> V | T: ...
    @t.overload
    def get(self, key: K, *, type: cabc.Callable[[V], T]) -> T | None: ...
    @t.overload
    def get(self, key: K, default: T, type: cabc.Callable[[V], T]) -> T: ...
    def get(
        self,
        key: K,
        default: V | T | None = None,
        type: cabc.Callable[[V], T] | None = None,
    ) -> V | T | None:
        for d in self.dicts:
            if key in d:
                if type is not None:
                    try:
                        return type(d[key])
                    except (ValueError, TypeError):
                        continue
                return d[key]
        return default

    @t.overload
    def getlist(self, key: K) -> list[V]: ...
    @t.overload
    def getlist(self, key: K, type: cabc.Callable[[V], T]) -> list[T]: ...
    def getlist(
        self, key: K, type: cabc.Callable[[V], T] | None = None
    ) -> list[V] | list[T]:
        rv: list[t.Any] = []
        for d in self.dicts:
            rv.extend(d.getlist(key, type))  # type: ignore[arg-type]
        return rv

    def _keys_impl(self) -> dict[K, None]:
        return dict.fromkeys(k for d in self.dicts for k in d)

    def keys(self) -> cabc.KeysView[K]:  # type: ignore[override]
        """The keys of all dicts, each once, in first-seen order."""
        return self._keys_impl().keys()

    def __iter__(self) -> cabc.Iterator[K]:
        return iter(self._keys_impl())

    def items(self, multi: bool = False) -> cabc.Iterable[tuple[K, V]]:  # type: ignore[override]
        found = set()
        for d in self.dicts:
            for key, value in d.items(multi):
                if multi:
                    yield key, value
                elif key not in found:
                    found.add(key)
                    yield key, value

    def values(self) -> cabc.Iterable[V]:  # type: ignore[override]
        for _, value in self.items():
            yield value

    def lists(self) -> cabc.Iterable[tuple[K, list[V]]]:
        rv: dict[K, list[V]] = {}
        for d in self.dicts:
            for key, values in d.lists():
                rv.setdefault(key, []).extend(values)
        return rv.items()

    def listvalues(self) -> cabc.Iterable[list[V]]:
        return (x[1] for x in self.lists())

    def copy(self) -> MultiDict[K, V]:  # type: ignore[override]
        """A mutable :class:`MultiDict` snapshot of the combined data."""
        return MultiDict(self)

    def __len__(self) -> int:
        return len(self._keys_impl())

    def __contains__(self, key: object) -> bool:
        for d in self.dicts:
            if key in d:
                return True
        return False

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.dicts!r})"


class UpdateDictMixin(dict[K, V]):
    """Calls ``self.on_update(self)`` after every modification."""

    on_update: cabc.Callable[[t.Any], None] | None = None

    def _changed(self) -> None:
        if self.on_update is not None:
            self.on_update(self)

    def setdefault(self, key: K, default: V | None = None) -> V:
        modified = key not in self
        rv = super().setdefault(key, default)  # type: ignore[arg-type]
        if modified:
            self._changed()
        return rv

    def pop(self, key: K, default: V | T = _missing) -> V | T:
        modified = key in self
        if default is _missing:
            rv: V | T = super().pop(key)
        else:
            rv = super().pop(key, default)
        if modified:
            self._changed()
        return rv

    def __setitem__(self, key: K, value: V) -> None:
        super().__setitem__(key, value)
        self._changed()

    def __delitem__(self, key: K) -> None:
        super().__delitem__(key)
        self._changed()

    def clear(self) -> None:
        super().clear()
        self._changed()

    def popitem(self) -> tuple[K, V]:
        rv = super().popitem()
        self._changed()
        return rv

    def update(self, arg: t.Any = None, /, **kwargs: t.Any) -> None:
        if arg is None:
            _dupdate(self, **kwargs)
        else:
            _dupdate(self, arg, **kwargs)
        self._changed()

    def __ior__(self, other: t.Any) -> te.Self:  # type: ignore[override,misc]
        rv = super().__ior__(other)
        self._changed()
        return rv


class CallbackDict(UpdateDictMixin[K, V]):
    """A dict that calls ``on_update(self)`` whenever it is changed."""

    def __init__(
        self,
        initial: cabc.Mapping[K, V] | cabc.Iterable[tuple[K, V]] | None = None,
        on_update: cabc.Callable[[te.Self], None] | None = None,
    ) -> None:
        if initial is None:
            super().__init__()
        else:
            super().__init__(initial)
        self.on_update = on_update

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {super().__repr__()}>"


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
                for key in arg.keys():
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


class EnvironHeaders(Headers):
    """A read-only :class:`Headers` view of a WSGI environ's ``HTTP_*``,
    ``CONTENT_TYPE`` and ``CONTENT_LENGTH`` keys (``request.headers``).

    A missing key raises a plain :exc:`KeyError`, as in Werkzeug.
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

    def __ior__(self, other: t.Any) -> t.NoReturn:
        _immutable_error(self)

    def __delitem__(self, key: t.Any) -> t.NoReturn:
        _immutable_error(self)

    def __setitem__(self, key: t.Any, value: t.Any) -> t.NoReturn:
        _immutable_error(self)

    def set(self, key: t.Any, value: t.Any, /, **kwargs: t.Any) -> t.NoReturn:
        _immutable_error(self)

    def setlist(self, key: t.Any, values: t.Any) -> t.NoReturn:
        _immutable_error(self)

    def add(self, key: t.Any, value: t.Any, /, **kwargs: t.Any) -> t.NoReturn:
        _immutable_error(self)

    def add_header(self, key: t.Any, value: t.Any, /, **kwargs: t.Any) -> t.NoReturn:
        _immutable_error(self)

    def remove(self, key: t.Any) -> t.NoReturn:
        _immutable_error(self)

    def extend(self, arg: t.Any = None, /, **kwargs: t.Any) -> t.NoReturn:
        _immutable_error(self)

    def update(self, arg: t.Any = None, /, **kwargs: t.Any) -> t.NoReturn:
        _immutable_error(self)

    def pop(self, key: t.Any = None, default: t.Any = _missing) -> t.NoReturn:
        _immutable_error(self)

    def popitem(self) -> t.NoReturn:
        _immutable_error(self)

    def setdefault(self, key: t.Any, default: t.Any) -> t.NoReturn:
        _immutable_error(self)

    def setlistdefault(self, key: t.Any, default: t.Any) -> t.NoReturn:
        _immutable_error(self)

    def clear(self) -> t.NoReturn:
        _immutable_error(self)


class FileStorage:
    """An uploaded file (``request.files`` values). Stream attributes such as
    ``read`` and ``seek`` are proxied, so ``storage.read()`` works.
    """

    def __init__(
        self,
        stream: t.IO[bytes] | None = None,
        filename: str | None = None,
        name: str | None = None,
        content_type: str | None = None,
        content_length: int | None = None,
        headers: Headers | None = None,
    ) -> None:
        self.name = name
        self.stream: t.IO[bytes] = stream or BytesIO()
        if filename is None:
            # Take the name of a real file; skip "<stdin>"-style pseudo names.
            filename = getattr(stream, "name", None)
            if filename is not None:
                filename = os.fsdecode(filename)
            if filename and filename[0] == "<" and filename[-1] == ">":
                filename = None
        else:
            filename = os.fsdecode(filename)
        self.filename: str | None = filename
        if headers is None:
            headers = Headers()
        self.headers = headers
        if content_type is not None:
            headers["Content-Type"] = content_type
        if content_length is not None:
            headers["Content-Length"] = str(content_length)
        self._parsed_content_type: tuple[str, dict[str, str]] | None = None

    def _parse_content_type(self) -> tuple[str, dict[str, str]]:
        if self._parsed_content_type is None:
            self._parsed_content_type = parse_options_header(self.content_type)
        return self._parsed_content_type

    @property
    def content_type(self) -> str | None:
        """The ``Content-Type`` sent with the file, if any."""
        return self.headers.get("content-type")

    @property
    def content_length(self) -> int:
        """The ``Content-Length`` sent with the file, or 0."""
        if "content-length" in self.headers:
            try:
                return plain_int(self.headers["content-length"])
            except ValueError:
                pass
        return 0

    @property
    def mimetype(self) -> str:
        """The lowercased content type without parameters, e.g. ``text/html``."""
        return self._parse_content_type()[0].lower()

    @property
    def mimetype_params(self) -> dict[str, str]:
        """The content type parameters, e.g. ``{"charset": "utf-8"}``."""
        return self._parse_content_type()[1]

    def save(
        self, dst: str | os.PathLike[str] | t.IO[bytes], buffer_size: int = 16384
    ) -> None:
        """Copy the file to a path or an open binary file object. A file object
        is left open; a path is opened and closed here.
        """
        from shutil import copyfileobj

        if isinstance(dst, (str, os.PathLike)):
            with open(os.fspath(dst), "wb") as fh:
                copyfileobj(self.stream, fh, buffer_size)
        else:
            copyfileobj(self.stream, dst, buffer_size)

    def close(self) -> None:
        """Close the underlying stream, ignoring errors."""
        try:
            self.stream.close()
        except Exception:
            pass

    def __bool__(self) -> bool:
        return bool(self.filename)

    def __getattr__(self, name: str) -> t.Any:
        stream = self.__dict__.get("stream")
        if stream is None:
            raise AttributeError(name)
        try:
            return getattr(stream, name)
        except AttributeError:
            # SpooledTemporaryFile before 3.11 does not implement IOBase.
            if hasattr(stream, "_file"):
                return getattr(stream._file, name)
            raise

    def __iter__(self) -> cabc.Iterator[bytes]:
        return iter(self.stream)

    def __repr__(self) -> str:
        return f"<{type(self).__name__}: {self.filename!r} ({self.content_type!r})>"


class FileMultiDict(MultiDict[str, FileStorage]):
    """A :class:`MultiDict` with :meth:`add_file`, handy for building tests."""

    def add_file(
        self,
        name: str,
        file: str | os.PathLike[str] | t.IO[bytes] | FileStorage,
        filename: str | None = None,
        content_type: str | None = None,
    ) -> None:
        """Add a file from a path, a binary file object or a FileStorage."""
        if isinstance(file, FileStorage):
            self.add(name, file)
            return
        if isinstance(file, (str, os.PathLike)):
            if filename is None:
                filename = os.fspath(file)
            file_obj: t.IO[bytes] = open(file, "rb")  # noqa: SIM115 - owned by storage
        else:
            file_obj = t.cast("t.IO[bytes]", file)
        if filename and content_type is None:
            content_type = (
                mimetypes.guess_type(filename)[0] or "application/octet-stream"
            )
        self.add(name, FileStorage(file_obj, filename, name, content_type))


class ImmutableList(list[V]):
    """A read-only list (``request.access_route``)."""

    def __reduce_ex__(self, protocol: t.SupportsIndex) -> t.Any:
        return type(self), (list(self),)

    def _refuse(self, *args: t.Any, **kwargs: t.Any) -> t.NoReturn:
        _immutable_error(self)

    __delitem__ = __iadd__ = __imul__ = __setitem__ = _refuse
    append = clear = extend = insert = pop = remove = reverse = sort = _refuse

    def __repr__(self) -> str:
        return f"{type(self).__name__}({list.__repr__(self)})"


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


class Authorization:
    """The parts of an ``Authorization`` header (``request.authorization``).

    ``Basic`` credentials are decoded into the ``username`` and ``password``
    parameters; token schemes such as ``Bearer`` set :attr:`token`.
    ``auth.key``, ``auth["key"]`` and ``auth.get("key")`` read parameters.
    """

    def __init__(
        self,
        auth_type: str,
        data: dict[str, str | None] | None = None,
        token: str | None = None,
    ) -> None:
        self.type = auth_type
        self.parameters: dict[str, str | None] = {} if data is None else data
        self.token = token

    def __getattr__(self, name: str) -> str | None:
        if name == "parameters":  # not set yet (copy, unpickling)
            raise AttributeError(name)
        return self.parameters.get(name)

    def __getitem__(self, name: str) -> str | None:
        return self.parameters.get(name)

    def get(self, key: str, default: str | None = None) -> str | None:
        return self.parameters.get(key, default)

    def __contains__(self, key: str) -> bool:
        return key in self.parameters

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Authorization):
            return NotImplemented
        return (
            other.type == self.type
            and other.token == self.token
            and other.parameters == self.parameters
        )

    __hash__ = None  # type: ignore[assignment]

    @classmethod
    def from_header(cls, value: str | None) -> te.Self | None:
        """Parse a header value; ``None`` if it is empty or bad Basic data."""
        if not value:
            return None
        scheme, _, rest = value.partition(" ")
        scheme = scheme.lower()
        rest = rest.strip()
        if scheme == "basic":
            try:
                raw = base64.b64decode(rest).decode()
            except (binascii.Error, UnicodeError):
                return None
            username, _, password = raw.partition(":")
            return cls(scheme, {"username": username, "password": password})
        if "=" in rest.rstrip("="):
            return cls(scheme, parse_dict_header(rest), None)
        return cls(scheme, None, rest)

    def to_header(self) -> str:
        """The ``Authorization`` header value for this data."""
        if self.type == "basic":
            creds = f"{self.username}:{self.password}".encode()
            return f"Basic {base64.b64encode(creds).decode('ascii')}"
        if self.token is not None:
            return f"{self.type.title()} {self.token}"
        return f"{self.type.title()} {dump_header(self.parameters)}"

    def __str__(self) -> str:
        return self.to_header()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.to_header()}>"
