"""Multi-value and immutable dicts (``MultiDict`` and family), ``CallbackDict``."""

from __future__ import annotations

import collections.abc as cabc
import typing as t
from copy import deepcopy
from itertools import repeat

from ..exceptions import BadRequestKeyError

if t.TYPE_CHECKING:
    import typing_extensions as te

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
            try:  # noqa: SIM105 - try/except is cheaper than suppress() per item
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
        return any(key in d for d in self.dicts)

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
