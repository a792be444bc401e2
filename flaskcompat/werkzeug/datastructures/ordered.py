"""``OrderedMultiDict`` and ``ImmutableOrderedMultiDict``, which Werkzeug 3.1
deprecates (removed in 3.2): a :class:`MultiDict` remembering the order of all
values across keys. Reached through ``datastructures.OrderedMultiDict`` with
Werkzeug's ``DeprecationWarning``.
"""

from __future__ import annotations

import collections.abc as cabc
import contextlib
import typing as t
import warnings

from ..exceptions import BadRequestKeyError
from .structures import (
    ImmutableMultiDictMixin,
    MultiDict,
    _dgetitem,
    _dpop,
    _dpopitem,
    _dsetdefault,
    _missing,
    iter_multi_items,
)

K = t.TypeVar("K")
V = t.TypeVar("V")
T = t.TypeVar("T")

_DEPRECATED = (
    "'OrderedMultiDict' is deprecated and will be removed in Werkzeug 3.2."
    " Use 'MultiDict' instead."
)


class _Bucket:
    """One value in the ordered linked list of an :class:`OrderedMultiDict`."""

    __slots__ = ("prev", "key", "value", "next")

    def __init__(self, omd: OrderedMultiDict[t.Any, t.Any], key: t.Any, value: t.Any):
        self.prev: _Bucket | None = omd._last_bucket
        self.key = key
        self.value = value
        self.next: _Bucket | None = None
        if omd._first_bucket is None:
            omd._first_bucket = self
        if omd._last_bucket is not None:
            omd._last_bucket.next = self
        omd._last_bucket = self

    def unlink(self, omd: OrderedMultiDict[t.Any, t.Any]) -> None:
        if self.prev:
            self.prev.next = self.next
        if self.next:
            self.next.prev = self.prev
        if omd._first_bucket is self:
            omd._first_bucket = self.next
        if omd._last_bucket is self:
            omd._last_bucket = self.prev


class OrderedMultiDict(MultiDict[K, V]):
    """A :class:`MultiDict` whose ``items(multi=True)`` keeps the order the
    values were added in, across keys (deprecated, as in Werkzeug 3.1)."""

    def __init__(self, mapping: t.Any = None) -> None:
        warnings.warn(_DEPRECATED, DeprecationWarning, stacklevel=2)
        self._init(mapping)

    def _init(self, mapping: t.Any) -> None:
        dict.__init__(self)
        self._first_bucket: _Bucket | None = None
        self._last_bucket: _Bucket | None = None
        if mapping is not None:
            self.update(mapping)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, MultiDict):
            return NotImplemented
        if isinstance(other, OrderedMultiDict):
            return list(self.items(multi=True)) == list(other.items(multi=True))
        if len(self) != len(other):
            return False
        return all(other.getlist(key) == values for key, values in self.lists())

    __hash__ = None  # type: ignore[assignment]

    def __reduce_ex__(self, protocol: t.SupportsIndex) -> t.Any:
        return type(self), (list(self.items(multi=True)),)

    def __getstate__(self) -> t.Any:
        return list(self.items(multi=True))

    def __setstate__(self, values: t.Any) -> None:
        self._init(values)

    def __getitem__(self, key: K) -> V:
        if key in self:
            return _dgetitem(self, key)[0].value  # type: ignore[no-any-return]
        raise BadRequestKeyError(key)

    def __setitem__(self, key: K, value: V) -> None:
        self.poplist(key)
        self.add(key, value)

    def __delitem__(self, key: K) -> None:
        self.pop(key)

    def get(
        self, key: K, default: t.Any = None, type: t.Any = None
    ) -> t.Any:
        if key not in self:
            return default
        value = self[key]
        if type is None:
            return value
        try:
            return type(value)
        except (ValueError, TypeError):
            return default

    def keys(self) -> cabc.Iterable[K]:  # type: ignore[override]
        return (key for key, _ in self.items())

    def __iter__(self) -> cabc.Iterator[K]:
        return iter(self.keys())

    def values(self) -> cabc.Iterable[V]:  # type: ignore[override]
        return (value for _, value in self.items())

    def items(self, multi: bool = False) -> cabc.Iterable[tuple[K, V]]:  # type: ignore[override]
        ptr = self._first_bucket
        seen: set[t.Any] = set()
        while ptr is not None:
            if multi or ptr.key not in seen:
                seen.add(ptr.key)
                yield ptr.key, ptr.value
            ptr = ptr.next

    def lists(self) -> cabc.Iterable[tuple[K, list[V]]]:
        for key, _ in self.items():
            yield key, self.getlist(key)

    def listvalues(self) -> cabc.Iterable[list[V]]:
        for _, values in self.lists():
            yield values

    def add(self, key: K, value: V) -> None:
        _dsetdefault(self, key, []).append(_Bucket(self, key, value))

    def getlist(self, key: K, type: t.Any = None) -> list[t.Any]:
        try:
            buckets = _dgetitem(self, key)
        except KeyError:
            return []
        if type is None:
            return [x.value for x in buckets]
        result = []
        for item in buckets:
            with contextlib.suppress(ValueError, TypeError):
                result.append(type(item.value))
        return result

    def setlist(self, key: K, new_list: cabc.Iterable[V]) -> None:
        self.poplist(key)
        for value in new_list:
            self.add(key, value)

    def setlistdefault(self, key: t.Any, default_list: t.Any = None) -> t.NoReturn:
        raise TypeError("setlistdefault is unsupported for ordered multi dicts")

    def update(self, mapping: t.Any) -> None:
        for key, value in iter_multi_items(mapping):
            self.add(key, value)

    def copy(self) -> t.Any:
        return type(self)(self)

    def poplist(self, key: K) -> list[V]:
        buckets: list[_Bucket] = _dpop(self, key, [])
        for bucket in buckets:
            bucket.unlink(self)
        return [x.value for x in buckets]

    def pop(self, key: K, default: t.Any = _missing) -> t.Any:
        try:
            buckets: list[_Bucket] = _dpop(self, key)
        except KeyError:
            if default is not _missing:
                return default
            raise BadRequestKeyError(key) from None
        for bucket in buckets:
            bucket.unlink(self)
        return buckets[0].value

    def popitem(self) -> tuple[K, V]:
        key, values = self.popitemlist()
        return key, values[0]

    def popitemlist(self) -> tuple[K, list[V]]:
        try:
            key, buckets = _dpopitem(self)
        except KeyError as e:
            raise BadRequestKeyError(e.args[0] if e.args else None) from None
        for bucket in buckets:
            bucket.unlink(self)
        return key, [x.value for x in buckets]


class ImmutableOrderedMultiDict(  # type: ignore[misc]
    ImmutableMultiDictMixin[K, V], OrderedMultiDict[K, V]
):
    """A read-only :class:`OrderedMultiDict` (deprecated, as in Werkzeug 3.1)."""

    def __init__(self, mapping: t.Any = None) -> None:
        warnings.warn(
            "'OrderedMultiDict' is deprecated and will be removed in Werkzeug 3.2."
            " Use 'ImmutableMultiDict' instead.",
            DeprecationWarning,
            stacklevel=2,
        )
        dict.__init__(self)
        self._first_bucket = None
        self._last_bucket = None
        if mapping is not None:
            for key, value in iter_multi_items(mapping):
                OrderedMultiDict.add(self, key, value)

    def _iter_hashitems(self) -> cabc.Iterable[t.Any]:
        return enumerate(self.items(multi=True))

    def copy(self) -> OrderedMultiDict[K, V]:  # type: ignore[override]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            return OrderedMultiDict(self)

    def __copy__(self) -> t.Any:
        return self
