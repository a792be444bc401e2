"""The state machine matching a path to a rule, segment by segment."""

from __future__ import annotations

import typing as t

if t.TYPE_CHECKING:  # pragma: no cover
    from .rules import Rule, _Part


class _State:
    __slots__ = ("dynamic", "rules", "static")

    def __init__(self) -> None:
        self.dynamic: list[tuple[_Part, _State]] = []
        self.rules: list[Rule] = []
        self.static: dict[str, _State] = {}


#: Dynamic matches remembered by a map before its cache starts over.
_MATCH_CACHE_SIZE = 4096


class _SlashRequired(Exception):
    pass
