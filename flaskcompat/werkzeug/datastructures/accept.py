"""``Accept`` and its subclasses: the parsed ``Accept*`` request headers.

An accept object is a read-only list of ``(value, quality)`` pairs, sorted
by specificity then quality (equal items keep the client's order), with
content negotiation helpers. Matching follows ``werkzeug.datastructures``,
including Werkzeug 3.1's primary-tag fallback for languages.
"""

from __future__ import annotations

import codecs
import collections.abc as cabc
import re
import typing as t

from .structures import ImmutableList


class Accept(ImmutableList[tuple[str, float]]):
    """``(value, quality)`` pairs of an ``Accept*`` header; ``"x" in accept``
    and ``accept["x"]`` (the quality, ``0`` if not accepted) follow the
    header's matching rules. ``provided`` is false when there was no header.
    """

    def __init__(
        self, values: Accept | cabc.Iterable[tuple[str, float]] | None = ()
    ) -> None:
        if values is None:
            super().__init__()
            self.provided = False
        elif isinstance(values, Accept):
            self.provided = values.provided
            super().__init__(values)
        else:
            self.provided = True
            values = sorted(
                values, key=lambda x: (self._specificity(x[0]), x[1]), reverse=True
            )
            super().__init__(values)

    def _specificity(self, value: str) -> tuple[bool, ...]:
        """How specific ``value`` is (more specific sorts first)."""
        return (value != "*",)

    def _value_matches(self, value: str, item: str) -> bool:
        """Whether the server ``value`` matches the client ``item``."""
        return item == "*" or item.lower() == value.lower()

    @t.overload
    def __getitem__(self, key: str) -> float: ...
    @t.overload
    def __getitem__(self, key: t.SupportsIndex) -> tuple[str, float]: ...
    @t.overload
    def __getitem__(self, key: slice) -> list[tuple[str, float]]: ...
    def __getitem__(
        self, key: str | t.SupportsIndex | slice
    ) -> float | tuple[str, float] | list[tuple[str, float]]:
        """An item by index, or the quality of a value by name."""
        if isinstance(key, str):
            return self.quality(key)
        return list.__getitem__(self, key)

    def quality(self, key: str) -> float:
        """The quality of ``key`` (of its first match), ``0`` if not accepted."""
        for item, quality in self:
            if self._value_matches(key, item):
                return quality
        return 0

    def __contains__(self, value: str) -> bool:  # type: ignore[override]
        return any(self._value_matches(value, item) for item, _quality in self)

    def __repr__(self) -> str:
        pairs_str = ", ".join(f"({x!r}, {y})" for x, y in self)
        return f"{type(self).__name__}([{pairs_str}])"

    def index(self, key: str | tuple[str, float]) -> int:  # type: ignore[override]
        """The position of an entry (a value is matched); ValueError if missing."""
        if isinstance(key, str):
            for idx, (item, _quality) in enumerate(self):
                if self._value_matches(key, item):
                    return idx
            raise ValueError(key)
        return list.index(self, key)

    def find(self, key: str | tuple[str, float]) -> int:
        """Like :meth:`index`, but ``-1`` if missing."""
        try:
            return self.index(key)
        except ValueError:
            return -1

    def values(self) -> cabc.Iterator[str]:
        """Iterate the values, best first."""
        for item in self:
            yield item[0]

    def to_header(self) -> str:
        """The header value, e.g. ``text/html,*/*;q=0.5``."""
        result = []
        for value, quality in self:
            if quality != 1:
                value = f"{value};q={quality}"
            result.append(value)
        return ",".join(result)

    def __str__(self) -> str:
        return self.to_header()

    def _best_single_match(self, match: str) -> tuple[str, float] | None:
        for client_item, quality in self:
            if self._value_matches(match, client_item):
                return client_item, quality  # the most specific one
        return None

    @t.overload
    def best_match(self, matches: cabc.Iterable[str]) -> str | None: ...
    @t.overload
    def best_match(self, matches: cabc.Iterable[str], default: str = ...) -> str: ...
    def best_match(
        self, matches: cabc.Iterable[str], default: str | None = None
    ) -> str | None:
        """The one of ``matches`` the client prefers: highest quality, then
        most specific client item, then first in ``matches``; ``default`` if
        none is accepted.
        """
        result = default
        best_quality: float = -1
        best_specificity: tuple[float, ...] = (-1,)
        for server_item in matches:
            match = self._best_single_match(server_item)
            if not match:
                continue
            client_item, quality = match
            specificity = self._specificity(client_item)
            if quality <= 0 or quality < best_quality:
                continue
            if quality > best_quality or specificity > best_specificity:
                result = server_item
                best_quality = quality
                best_specificity = specificity
        return result

    @property
    def best(self) -> str | None:
        """The client's preferred value, or ``None``."""
        if self:
            return self[0][0]
        return None


_mime_split_re = re.compile(r"/|(?:\s*;\s*)")


def _normalize_mime(value: str) -> list[str]:
    return _mime_split_re.split(value.lower())


class MIMEAccept(Accept):
    """The ``Accept`` header: mimetypes with ``type/*`` and ``*/*`` wildcards
    and parameters. A server value without ``/`` is a ValueError.
    """

    def _specificity(self, value: str) -> tuple[bool, ...]:
        return tuple(x != "*" for x in _mime_split_re.split(value))

    def _value_matches(self, value: str, item: str) -> bool:
        if "/" not in item:
            return False  # an invalid client item matches nothing
        if "/" not in value:
            raise ValueError(f"invalid mimetype {value!r}")
        normalized_value = _normalize_mime(value)
        value_type, value_subtype = normalized_value[:2]
        value_params = sorted(normalized_value[2:])
        if value_type == "*" and value_subtype != "*":
            raise ValueError(f"invalid mimetype {value!r}")
        normalized_item = _normalize_mime(item)
        item_type, item_subtype = normalized_item[:2]
        item_params = sorted(normalized_item[2:])
        if item_type == "*" and item_subtype != "*":
            return False
        return (
            (item_type == "*" and item_subtype == "*")
            or (value_type == "*" and value_subtype == "*")
        ) or (
            item_type == value_type
            and (
                item_subtype == "*"
                or value_subtype == "*"
                or (item_subtype == value_subtype and item_params == value_params)
            )
        )

    @property
    def accept_html(self) -> bool:
        """Whether HTML (or XHTML) is accepted."""
        return "text/html" in self or self.accept_xhtml  # type: ignore[comparison-overlap]

    @property
    def accept_xhtml(self) -> bool:
        """Whether XHTML (``application/xhtml+xml`` or ``application/xml``) is
        accepted.
        """
        return "application/xhtml+xml" in self or "application/xml" in self  # type: ignore[comparison-overlap]

    @property
    def accept_json(self) -> bool:
        """Whether ``application/json`` is accepted."""
        return "application/json" in self  # type: ignore[comparison-overlap]


_locale_delim_re = re.compile(r"[_-]")


def _normalize_lang(value: str) -> list[str]:
    return _locale_delim_re.split(value.lower())


class LanguageAccept(Accept):
    """The ``Accept-Language`` header: tags compare case-insensitively with
    ``-`` and ``_`` alike.
    """

    def _value_matches(self, value: str, item: str) -> bool:
        return item == "*" or _normalize_lang(value) == _normalize_lang(item)

    @t.overload
    def best_match(self, matches: cabc.Iterable[str]) -> str | None: ...
    @t.overload
    def best_match(self, matches: cabc.Iterable[str], default: str = ...) -> str: ...
    def best_match(
        self, matches: cabc.Iterable[str], default: str | None = None
    ) -> str | None:
        """The best of ``matches`` (returned unchanged). Without an exact
        match, the primary tags are tried: the client's ``en-US`` accepts
        ``en``, then the client's ``en`` accepts ``en-GB``.
        """
        result = super().best_match(matches)
        if result is not None:
            return result
        fallback = Accept(
            [(_locale_delim_re.split(item[0], 1)[0], item[1]) for item in self]
        )
        result = fallback.best_match(matches)
        if result is not None:
            return result
        fallback_matches = [_locale_delim_re.split(item, 1)[0] for item in matches]
        result = super().best_match(fallback_matches)
        if result is not None:
            return next(item for item in matches if item.startswith(result))
        return default


class CharsetAccept(Accept):
    """The ``Accept-Charset`` header: charsets compare by codec name, so
    ``utf8`` matches ``UTF-8``.
    """

    def _value_matches(self, value: str, item: str) -> bool:
        def _normalize(name: str) -> str:
            try:
                return codecs.lookup(name).name
            except LookupError:
                return name.lower()

        return item == "*" or _normalize(value) == _normalize(item)
