"""The state machine matching ``domain|path`` to a rule, segment by segment.

As Werkzeug's ``StateMachineMatcher``: a state has static transitions (a dict
from the segment's text to the next state), dynamic ones (a regex per rule part,
tried in weight order: fewer, longer static pieces and lighter converters
first) and the rules that end there. The first segment is the domain part: the
subdomain, or the host under host matching.

What is added to Werkzeug's: fully static rules are found with one dict lookup
before any walking, and a state with many dynamic transitions indexes them by
the static text that starts them (``r17-`` of ``r17-<int:id>``), so only the
transitions whose prefix starts the segment are tried, still in weight order: a
segment shared by a thousand rules costs a few dict lookups, not a thousand
regexes. With that, matching needs no cache of its results (there is none):
a request for a path never seen costs what a repeated one does.
"""

from __future__ import annotations

import re
import typing as t

from .converters import ValidationError
from .exceptions import NoMatch, RequestAliasRedirect, RequestPath

if t.TYPE_CHECKING:  # pragma: no cover
    from .rules import Rule, _Part

#: A state indexes its dynamic transitions by prefix from this many on.
INDEX_THRESHOLD = 6

_Match = tuple["Rule", list[str]]


class SlashRequired(Exception):  # noqa: N818 - Werkzeug's name
    """Internal: the path matches a strict-slash rule once a slash is added."""


class _PrefixIndex:
    """The dynamic transitions of a state, grouped by their part's prefix."""

    __slots__ = ("buckets", "lengths")

    def __init__(self, dynamic: list[tuple[_Part, State]]) -> None:
        self.buckets: dict[str, list[int]] = {}
        for position, (part, _) in enumerate(dynamic):
            self.buckets.setdefault(part.prefix, []).append(position)
        self.lengths = sorted({len(prefix) for prefix in self.buckets})

    def candidates(self, segment: str) -> list[int]:
        """Positions of the transitions that may match ``segment``, in order."""
        found: list[int] | None = None
        size = len(segment)
        merged = False
        buckets = self.buckets
        for length in self.lengths:
            if length > size:
                break
            bucket = buckets.get(segment[:length])
            if bucket is not None:
                if found is None:
                    found = bucket
                else:
                    found = found + bucket
                    merged = True
        if found is None:
            return []
        if merged:
            found.sort()
        return found


class State:
    """A state of the matcher: its transitions and the rules ending there."""

    __slots__ = ("dynamic", "dynamic_keys", "index", "rules", "static")

    def __init__(self) -> None:
        self.dynamic: list[tuple[_Part, State]] = []
        self.dynamic_keys: dict[tuple[t.Any, ...], State] = {}
        self.rules: list[Rule] = []
        self.static: dict[str, State] = {}
        self.index: _PrefixIndex | None = None

    def indexed(self, segment: str) -> list[tuple[_Part, State]]:
        """The dynamic transitions the index gives for ``segment``, in order."""
        dynamic = self.dynamic
        return [dynamic[pos] for pos in self.index.candidates(segment)]  # type: ignore[union-attr]


class StateMachineMatcher:
    """Matches a domain part and a path to a rule and its converted values."""

    def __init__(self, merge_slashes: bool) -> None:
        self._root = State()
        #: ``"domain|path"`` -> the rules without variables for that URL.
        self._static: dict[str, list[Rule]] = {}
        #: "domain|/head" -> the state a static head leads to (see update()).
        self._heads: dict[str, State] = {}
        self.merge_slashes = merge_slashes

    def add(self, rule: Rule) -> None:
        """Add a bound rule's parts to the state machine."""
        state = self._root
        for part in rule._parts:
            if part.static:
                next_state = state.static.get(part.content)
                if next_state is None:
                    next_state = state.static[part.content] = State()
                state = next_state
            else:
                key = part.key()
                next_state = state.dynamic_keys.get(key)
                if next_state is None:
                    next_state = state.dynamic_keys[key] = State()
                    state.dynamic.append((part, next_state))
                state = next_state
        state.rules.append(rule)
        if not rule._converters:  # every part static
            domain = rule._parts[0].content
            path = "/".join(part.content for part in rule._parts[1:])
            self._static.setdefault(f"{domain}|{path}", []).append(rule)

    def update(self) -> None:
        """Sort every state's dynamic transitions by weight; index the large."""

        def visit(state: State) -> None:
            state.dynamic.sort(key=lambda entry: entry[0].weight)
            state.index = (
                _PrefixIndex(state.dynamic)
                if len(state.dynamic) >= INDEX_THRESHOLD
                else None
            )
            for next_state in state.static.values():
                visit(next_state)
            for _, next_state in state.dynamic:
                visit(next_state)

        visit(self._root)
        # The states reached from the root by static segments only that have
        # dynamic transitions, by "domain|/static/head" (see match()).
        heads: dict[str, State] = {}

        def visit_static(state: State, key: str) -> None:
            if state.dynamic:
                heads[key] = state
            for segment, next_state in state.static.items():
                visit_static(next_state, f"{key}/{segment}")

        for domain, domain_state in self._root.static.items():
            for segment, next_state in domain_state.static.items():
                visit_static(next_state, f"{domain}|{segment}")
        self._heads = heads

    def match(
        self, domain: str, path: str, method: str
    ) -> tuple[Rule, dict[str, t.Any]]:
        """The rule and converted values for ``domain`` and ``path``.

        Raises ``NoMatch`` (with the methods the URL allows), ``RequestPath``
        (a slash to add, or slashes to merge) or ``RequestAliasRedirect``.
        """
        rules = self._static.get(f"{domain}|{path}")
        if rules is not None:
            for rule in rules:
                if rule.methods is None or method in rule.methods:
                    result = dict(rule.defaults) if rule.defaults else {}
                    if rule.alias and rule.map.redirect_defaults:
                        raise RequestAliasRedirect(result, rule.endpoint)
                    return rule, result
        allowed: set[str] = set()
        head, slash, last = path.rpartition("/")
        state = self._heads.get(f"{domain}|{head}") if slash else None
        try:
            rv = None
            if state is not None:
                # A static head: the walk would reach its state first, so
                # start there; only when that fails is the whole walk needed.
                rv = self._match(state, [last], 0, [], method, allowed)
            if rv is None:
                rv = self._match(
                    self._root, [domain, *path.split("/")], 0, [], method, allowed
                )
        except SlashRequired:
            raise RequestPath(f"{path}/") from None
        if rv is None:
            if self.merge_slashes and "//" in path:
                path = re.sub("/{2,}", "/", path)
                parts = [domain, *path.split("/")]
                try:
                    rv = self._match(self._root, parts, 0, [], method, allowed)
                except SlashRequired:
                    raise RequestPath(f"{path}/") from None
                if rv is not None and rv[0].merge_slashes is not False:
                    raise RequestPath(path)
            raise NoMatch(allowed)
        rule, values = rv
        try:
            result = rule._convert(values)
        except ValidationError:
            raise NoMatch(allowed) from None
        if rule.defaults:
            result.update(rule.defaults)
        if rule.alias and rule.map.redirect_defaults:
            raise RequestAliasRedirect(result, rule.endpoint)
        return rule, result

    def _match(
        self,
        state: State,
        parts: list[str],
        i: int,
        values: list[str],
        method: str,
        allowed: set[str],
    ) -> _Match | None:
        """Match ``parts[i:]`` from ``state``: depth first, static first."""
        last = len(parts) - 1
        while i < last and not state.dynamic:
            # Nothing to fall back on: follow the static transition in a loop.
            next_state = state.static.get(parts[i])
            if next_state is None:
                return None
            state = next_state
            i += 1
        if i > last:
            for rule in state.rules:
                if rule.methods is not None and method not in rule.methods:
                    allowed.update(rule.methods)
                else:
                    return rule, values
            slash_state = state.static.get("")
            if slash_state is not None:
                for rule in slash_state.rules:
                    if rule.methods is None or method in rule.methods:
                        if rule.strict_slashes:
                            raise SlashRequired()
                        return rule, values
            return None
        part = parts[i]
        next_state = state.static.get(part)
        if next_state is not None:
            rv = self._match(next_state, parts, i + 1, values, method, allowed)
            if rv is not None:
                return rv
        if state.dynamic:
            candidates = state.dynamic if state.index is None else state.indexed(part)
            for test_part, next_state in candidates:
                if test_part.final:
                    rv = self._match_final(
                        test_part, next_state, parts, i, values, method, allowed
                    )
                    if rv is not None:
                        return rv
                    continue
                # One segment: its regex, then the state it leads to.
                match = (test_part.pattern or test_part.compiled()).match(part)
                if match is None:
                    continue
                group_ids = test_part.group_ids
                if len(group_ids) == 1:
                    found = [*values, match.group(group_ids[0])]
                else:
                    found = [*values, *(match.group(g) for g in group_ids)]
                if i == last and not next_state.static:
                    # The end of the path at a state without slash rules: its
                    # rules (what _match does there, but noting allowed methods).
                    for rule in next_state.rules:
                        if rule.methods is None or method in rule.methods:
                            return rule, found
                rv = self._match(next_state, parts, i + 1, found, method, allowed)
                if rv is not None:
                    return rv
        if part == "" and i == last:
            for rule in state.rules:
                if rule.strict_slashes:
                    continue
                if rule.methods is not None and method not in rule.methods:
                    allowed.update(rule.methods)
                else:
                    return rule, values
        return None

    def _match_final(
        self,
        test_part: _Part,
        next_state: State,
        parts: list[str],
        i: int,
        values: list[str],
        method: str,
        allowed: set[str],
    ) -> _Match | None:
        """Follow a dynamic transition that takes the rest of the path (a
        ``path`` converter) if its regex matches."""
        match = test_part.compiled().match("/".join(parts[i:]))
        if match is None:
            return None
        rest, j = parts, len(parts)
        if test_part.suffixed and match.groups()[-1] == "/":
            rest, j = [""], 0
        found = [*values, *(match.group(g) for g in test_part.group_ids)]
        return self._match(next_state, rest, j, found, method, allowed)
