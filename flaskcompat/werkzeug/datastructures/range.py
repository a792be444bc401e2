"""``Range``, ``IfRange`` and ``ContentRange``: the parsed range headers."""

from __future__ import annotations

import collections.abc as cabc
import typing as t
from datetime import datetime

from ..http import http_date, is_byte_range_valid, quote_etag

if t.TYPE_CHECKING:
    import typing_extensions as te

T = t.TypeVar("T")


class IfRange:
    """A parsed ``If-Range`` header: an entity tag or a date (or neither)."""

    def __init__(self, etag: str | None = None, date: datetime | None = None) -> None:
        #: The unquoted entity tag (ranges compare strongly: no weakness).
        self.etag = etag
        #: The date, or ``None``.
        self.date = date

    def to_header(self) -> str:
        """The header value (``""`` if neither is set)."""
        if self.date is not None:
            return http_date(self.date)
        if self.etag is not None:
            return quote_etag(self.etag)
        return ""

    def __str__(self) -> str:
        return self.to_header()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {str(self)!r}>"


class Range:
    """A parsed ``Range`` header: ``units`` and ``(start, stop)`` pairs with an
    exclusive stop (``None`` for "to the end"; a negative start counts from
    the end). The methods handle one ``bytes`` range only.

    :raise ValueError: a range is invalid.
    """

    def __init__(
        self, units: str, ranges: cabc.Sequence[tuple[int, int | None]]
    ) -> None:
        #: The units, usually ``"bytes"``.
        self.units = units
        #: The ``(start, stop)`` pairs.
        self.ranges = ranges
        for start, end in ranges:
            if start is None or (end is not None and (start < 0 or start >= end)):
                raise ValueError(f"{(start, end)} is not a valid range.")

    def range_for_length(self, length: int | None) -> tuple[int, int] | None:
        """``(start, stop)`` for a body of ``length`` bytes when there is
        exactly one satisfiable byte range, else ``None``.
        """
        if self.units != "bytes" or length is None or len(self.ranges) != 1:
            return None
        start, end = self.ranges[0]
        if end is None:
            end = length
            if start < 0:
                start += length
        if is_byte_range_valid(start, end, length):
            return start, min(end, length)
        return None

    def make_content_range(self, length: int | None) -> ContentRange | None:
        """The :class:`ContentRange` answering this range for ``length`` bytes."""
        rng = self.range_for_length(length)
        if rng is not None:
            return ContentRange(self.units, rng[0], rng[1], length)
        return None

    def to_header(self) -> str:
        """The header value, e.g. ``bytes=0-499,-500``."""
        ranges = []
        for begin, end in self.ranges:
            if end is None:
                ranges.append(f"{begin}-" if begin >= 0 else str(begin))
            else:
                ranges.append(f"{begin}-{end - 1}")
        return f"{self.units}={','.join(ranges)}"

    def to_content_range_header(self, length: int | None) -> str | None:
        """The ``Content-Range`` value for a body of ``length`` bytes."""
        rng = self.range_for_length(length)
        if rng is not None:
            return f"{self.units} {rng[0]}-{rng[1] - 1}/{length}"
        return None

    def __str__(self) -> str:
        return self.to_header()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {str(self)!r}>"


class _CallbackProperty(t.Generic[T]):
    """A :class:`ContentRange` attribute that calls ``on_update`` when set."""

    def __set_name__(self, owner: type[ContentRange], name: str) -> None:
        self.attr = f"_{name}"

    @t.overload
    def __get__(self, instance: None, owner: type[ContentRange]) -> te.Self: ...
    @t.overload
    def __get__(self, instance: ContentRange, owner: type[ContentRange]) -> T: ...
    def __get__(
        self, instance: ContentRange | None, owner: type[ContentRange]
    ) -> te.Self | T:
        if instance is None:
            return self
        return instance.__dict__[self.attr]  # type: ignore[no-any-return]

    def __set__(self, instance: ContentRange, value: T) -> None:
        instance.__dict__[self.attr] = value
        if instance.on_update is not None:
            instance.on_update(instance)


class ContentRange:
    """A ``Content-Range`` header: ``units``, ``start``, exclusive ``stop``
    and the full ``length`` (``None`` for ``*``). Setting an attribute calls
    ``on_update(self)``; ``units`` ``None`` means "no header".
    """

    #: The units, usually ``"bytes"``; ``None`` when unset.
    units: _CallbackProperty[str | None] = _CallbackProperty()
    #: The first byte, or ``None`` (``*``).
    start: _CallbackProperty[int | None] = _CallbackProperty()
    #: The end (exclusive), ``None`` only if ``start`` is.
    stop: _CallbackProperty[int | None] = _CallbackProperty()
    #: The full length, or ``None`` if unknown.
    length: _CallbackProperty[int | None] = _CallbackProperty()

    def __init__(
        self,
        units: str | None,
        start: int | None,
        stop: int | None,
        length: int | None = None,
        on_update: cabc.Callable[[ContentRange], None] | None = None,
    ) -> None:
        self.on_update = on_update
        self.set(start, stop, length, units)

    def set(
        self,
        start: int | None,
        stop: int | None,
        length: int | None = None,
        units: str | None = "bytes",
    ) -> None:
        """Replace all values (calls ``on_update`` once)."""
        assert is_byte_range_valid(start, stop, length), "Bad range provided"
        self._units = units
        self._start = start
        self._stop = stop
        self._length = length
        if self.on_update is not None:
            self.on_update(self)

    def unset(self) -> None:
        """Clear it: the header should no longer be sent."""
        self.set(None, None, units=None)

    def to_header(self) -> str:
        """The header value, e.g. ``bytes 0-99/1000``; ``""`` when unset."""
        if self._units is None:
            return ""
        length: str | int = "*" if self._length is None else self._length
        if self._start is None:
            return f"{self._units} */{length}"
        return f"{self._units} {self._start}-{self._stop - 1}/{length}"  # type: ignore[operator]

    def __bool__(self) -> bool:
        return self._units is not None

    def __str__(self) -> str:
        return self.to_header()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {str(self)!r}>"
