"""``ETags``: the entity tags of an ``If-Match``/``If-None-Match`` header."""

from __future__ import annotations

import collections.abc as cabc

from ..http import generate_etag, unquote_etag


class ETags(cabc.Collection[str]):
    """A set of entity tags to check a tag against; iterating and ``len``
    see the strong tags only, ``*`` contains every tag.
    """

    def __init__(
        self,
        strong_etags: cabc.Iterable[str] | None = None,
        weak_etags: cabc.Iterable[str] | None = None,
        star_tag: bool = False,
    ) -> None:
        if not star_tag and strong_etags:
            self._strong = frozenset(strong_etags)
        else:
            self._strong = frozenset()
        self._weak = frozenset(weak_etags or ())
        self.star_tag = star_tag

    def as_set(self, include_weak: bool = False) -> set[str]:
        """The strong tags (and the weak ones if ``include_weak``) as a set."""
        rv = set(self._strong)
        if include_weak:
            rv.update(self._weak)
        return rv

    def is_weak(self, etag: str) -> bool:
        """Whether ``etag`` is one of the weak tags."""
        return etag in self._weak

    def is_strong(self, etag: str) -> bool:
        """Whether ``etag`` is one of the strong tags."""
        return etag in self._strong

    def contains_weak(self, etag: str) -> bool:
        """Weak comparison: ``etag`` is a weak or a strong tag (or ``*``)."""
        return self.is_weak(etag) or self.contains(etag)

    def contains(self, etag: str) -> bool:
        """Strong comparison: ``etag`` is a strong tag (or ``*`` was sent)."""
        if self.star_tag:
            return True
        return self.is_strong(etag)

    def contains_raw(self, etag: str) -> bool:
        """Check a quoted tag: ``W/"x"`` weakly, ``"x"`` strongly."""
        etag, weak = unquote_etag(etag)
        if weak:
            return self.contains_weak(etag)
        return self.contains(etag)

    def to_header(self) -> str:
        """The header value: ``*``, or the quoted strong then weak tags."""
        if self.star_tag:
            return "*"
        return ", ".join(
            [f'"{x}"' for x in self._strong] + [f'W/"{x}"' for x in self._weak]
        )

    def __call__(
        self,
        etag: str | None = None,
        data: bytes | None = None,
        include_weak: bool = False,
    ) -> bool:
        """Whether ``etag`` (or the tag of ``data``) is a strong tag, or a
        weak one with ``include_weak``; ``*`` is not considered.
        """
        if etag is None:
            if data is None:
                raise TypeError("'data' is required when 'etag' is not given.")
            etag = generate_etag(data)
        if include_weak and etag in self._weak:
            return True
        return etag in self._strong

    def __bool__(self) -> bool:
        return bool(self.star_tag or self._strong or self._weak)

    def __str__(self) -> str:
        return self.to_header()

    def __len__(self) -> int:
        return len(self._strong)

    def __iter__(self) -> cabc.Iterator[str]:
        return iter(self._strong)

    def __contains__(self, etag: str) -> bool:  # type: ignore[override]
        return self.contains(etag)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {str(self)!r}>"
