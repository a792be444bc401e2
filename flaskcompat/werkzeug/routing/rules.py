"""URL rules: parsing a rule string into matchable parts and a build trace,
building URLs, and the rule factories (``Submount``, ``Subdomain``, ...)."""

from __future__ import annotations

import re
import typing as t
from dataclasses import dataclass, field
from urllib.parse import quote_plus

from ..datastructures import iter_multi_items
from .compiled import builder_function, converter_function, fast_builder
from .converters import BaseConverter, ValidationError, parse_converter_args

if t.TYPE_CHECKING:  # pragma: no cover
    from .map import Map

_QUERY_SAFE = "!$'()*,/:;?@"

_part_re = re.compile(
    r"""
    (?:
        (?P<slash>/)
      |
        (?P<static>[^</]+)
      |
        (?:
          <
            (?:
              (?P<converter>[a-zA-Z_][a-zA-Z0-9_]*)
              (?:\((?P<arguments>.*?)\))?
              :
            )?
            (?P<variable>[a-zA-Z_][a-zA-Z0-9_]*)
          >
        )
    )
    """,
    re.VERBOSE,
)

_simple_rule_re = re.compile(r"<([^>]+)>")


class RuleFactory:
    """Something that yields rules for a map: ``Rule`` itself, ``Submount``,
    ``Subdomain``, ``EndpointPrefix``, ``RuleTemplate``'s factories."""

    def get_rules(self, map: Map) -> t.Iterable[Rule]:
        """The rules to add to ``map``."""
        raise NotImplementedError()


@dataclass(eq=False)
class _Part:
    """One ``/``-separated piece of a rule: static text or a regex. ``prefix``
    is the static text before the first variable, which the matcher indexes."""

    content: str
    final: bool
    static: bool
    suffixed: bool
    weight: tuple[t.Any, ...]
    pattern: re.Pattern[str] | None = None
    names: list[str] = field(default_factory=list)
    prefix: str = ""
    group_ids: tuple[int, ...] = ()

    def compiled(self) -> re.Pattern[str]:
        """The part's regex, compiled on first use (registering stays cheap)."""
        pattern = self.pattern
        if pattern is None:
            pattern = re.compile(self.content)
            self.group_ids = tuple(
                pattern.groupindex[f"__fc_{k}"] for k in range(len(self.names))
            )
            self.pattern = pattern
        return pattern

    def key(self) -> tuple[t.Any, ...]:
        """Parts of the same key share one state of the matcher (as Werkzeug's
        equal ``RulePart``s do)."""
        return (self.content, self.final, self.static, self.suffixed, self.weight)


#: The domain part of every rule without a subdomain (or host): static and
#: empty, one instance shared (a static part is never changed).
_NO_DOMAIN = _Part("", False, True, False, (0, (), 0, ()))


class Rule(RuleFactory):
    """A URL rule: its pattern, endpoint, methods and defaults."""

    def __init__(
        self,
        string: str,
        defaults: t.Mapping[str, t.Any] | None = None,
        subdomain: str | None = None,
        methods: t.Iterable[str] | None = None,
        build_only: bool = False,
        endpoint: str | None = None,
        strict_slashes: bool | None = None,
        merge_slashes: bool | None = None,
        redirect_to: str | t.Callable[..., str] | None = None,
        alias: bool = False,
        host: str | None = None,
        websocket: bool = False,
    ) -> None:
        if not string.startswith("/"):
            raise ValueError(f"URL rule '{string}' must start with a slash.")
        self.rule = string
        self.is_leaf = not string.endswith("/")
        self.is_branch = string.endswith("/")
        self.map: Map = None  # type: ignore[assignment]
        self.strict_slashes = strict_slashes
        self.merge_slashes = merge_slashes
        self.subdomain = subdomain
        self.host = host
        self.defaults = dict(defaults) if defaults is not None else None
        self.build_only = build_only
        self.alias = alias
        self.websocket = websocket
        if methods is not None:
            if isinstance(methods, str):
                raise TypeError("'methods' should be a list of strings.")
            methods = {x.upper() for x in methods}
            if "HEAD" not in methods and "GET" in methods:
                methods.add("HEAD")
        self.methods: set[str] | None = methods
        self.endpoint: str = endpoint  # type: ignore[assignment]
        self.redirect_to = redirect_to
        self.arguments: set[str] = set(map(str, defaults)) if defaults else set()
        self.provide_automatic_options = False
        # Made by compile() when the rule is bound.
        self._converters: dict[str, BaseConverter]
        self._parts: list[_Part]
        self._trace: list[tuple[bool, str]]

    def empty(self) -> Rule:
        """An unbound copy of the rule (for another map, or a rule factory)."""
        return type(self)(self.rule, **self.get_empty_kwargs())

    def get_empty_kwargs(self) -> t.Mapping[str, t.Any]:
        """The keyword arguments :meth:`empty` gives the copy."""
        return dict(
            defaults=dict(self.defaults) if self.defaults else None,
            subdomain=self.subdomain,
            methods=self.methods,
            build_only=self.build_only,
            endpoint=self.endpoint,
            strict_slashes=self.strict_slashes,
            redirect_to=self.redirect_to,
            alias=self.alias,
            host=self.host,
        )

    # binding -------------------------------------------------------------
    def get_rules(self, map: Map) -> t.Iterator[Rule]:
        yield self

    def refresh(self) -> None:
        """Re-bind and re-compile the rule after it was changed in place."""
        self.bind(self.map, rebind=True)

    def bind(self, map: Map, rebind: bool = False) -> None:
        """Bind the rule to a map and compile it."""
        if self.map is not None and not rebind:
            raise RuntimeError(f"url rule {self!r} already bound to map {self.map!r}")
        self.map = map
        if self.strict_slashes is None:
            self.strict_slashes = map.strict_slashes
        if self.merge_slashes is None:
            self.merge_slashes = map.merge_slashes
        if self.subdomain is None:
            self.subdomain = map.default_subdomain
        self.compile()

    def get_converter(
        self,
        variable_name: str,
        converter_name: str,
        args: tuple[t.Any, ...],
        kwargs: t.Mapping[str, t.Any],
    ) -> BaseConverter:
        """Instantiate the named converter from the map's registry."""
        if converter_name not in self.map.converters:
            raise LookupError(f"the converter {converter_name!r} does not exist")
        return self.map.converters[converter_name](self.map, *args, **kwargs)

    def compile(self) -> None:
        """Split the rule (its domain part, then its path) into matchable parts,
        a build trace (the two halves separated by ``|``) and a builder."""
        self._parts = []
        self._trace = []
        self._converters = {}
        if self.map.host_matching:
            domain_rule = self.host or ""
        else:
            domain_rule = self.subdomain or ""
        if domain_rule == "":
            self._parts.append(_NO_DOMAIN)
        else:
            self._parts.extend(self._parse_rule(domain_rule))
        self._trace.append((False, "|"))
        rule = self.rule
        if self.merge_slashes and "//" in rule:
            rule = re.sub("/{2,}", "/", rule)
        self._parts.extend(self._parse_rule(rule))
        self._build: t.Callable[[t.Mapping[str, t.Any]], tuple[str, str]]
        self._build = self._compile_builder
        self._fast: t.Callable[[t.Mapping[str, t.Any]], str | None]
        self._fast = self._compile_fast
        self._convert: t.Callable[[list[str]], dict[str, t.Any]]
        self._convert = self._compile_convert
        defaults = self.defaults or {}
        self._required = frozenset(self.arguments.difference(defaults))
        self._argument_set = frozenset(self.arguments)
        domain_part = self._parts[0]
        #: The domain part when it has no variable, else None.
        self._static_domain = domain_part.content if domain_part.static else None

    def _parse_rule(self, rule: str) -> t.Iterator[_Part]:
        if "<" not in rule:
            # No variable: each segment is a static part (what the loop below
            # gives, without its regex).
            segments = rule.split("/")
            last = len(segments) - 1
            trace = self._trace
            for i, segment in enumerate(segments):
                if segment:
                    trace.append((False, segment))
                    weight = (-1, ((0, -len(segment)),), 0, ())
                else:
                    weight = _NO_WEIGHT
                if i < last:
                    trace.append((False, "/"))
                yield _Part(segment, False, True, False, weight, None, [], "")
            return
        content = ""
        prefix = ""
        static = True
        argument_weights: list[int] = []
        static_weights: list[tuple[int, int]] = []
        names: list[str] = []
        final = False
        pos = 0
        while pos < len(rule):
            match = _part_re.match(rule, pos)
            if match is None:
                raise ValueError(f"malformed url rule: {rule!r}")
            kind = match.lastgroup  # the alternative that matched
            if kind == "static":
                text = match.group("static")
                static_weights.append((len(static_weights), -len(text)))
                self._trace.append((False, text))
                if static or _needs_escape(text) is None:
                    content += text
                else:
                    content += re.escape(text)
            elif kind == "variable":
                if static:
                    prefix = content
                    if _needs_escape(content) is not None:
                        content = re.escape(content)
                static = False
                converter_name, arguments, variable = match.group(
                    "converter", "arguments", "variable"
                )
                if arguments:
                    c_args, c_kwargs = parse_converter_args(arguments)
                else:
                    c_args, c_kwargs = (), {}
                converter = self.get_converter(
                    variable, converter_name or "default", c_args, c_kwargs
                )
                self._converters[variable] = converter
                self.arguments.add(variable)
                if not converter.part_isolating:
                    final = True
                content += f"(?P<__fc_{len(names)}>{converter.regex})"
                names.append(variable)
                argument_weights.append(converter.weight)
                self._trace.append((True, variable))
            else:  # a slash
                self._trace.append((False, "/"))
                if final:
                    content += "/"
                else:
                    if not static:
                        content += r"\Z"
                    weight = _weight(static_weights, argument_weights)
                    yield _Part(
                        content, final, static, False, weight, None, names, prefix
                    )
                    content = prefix = ""
                    static = True
                    argument_weights = []
                    static_weights = []
                    names = []
                    final = False
            pos = match.end()
        suffixed = False
        if final and content[-1] == "/":
            # A slash-matching variable followed by a slash: the regex takes
            # the slash as optional, for the strict-slash redirect.
            suffixed = True
            content = content[:-1] + "(?<!/)(/?)"
        if not static:
            content += r"\Z"
        weight = _weight(static_weights, argument_weights)
        yield _Part(content, final, static, suffixed, weight, None, names, prefix)
        if suffixed:
            yield _Part("", False, True, False, weight)

    # building ------------------------------------------------------------
    def _compile_builder(self, values: t.Mapping[str, t.Any]) -> tuple[str, str]:
        """Compile :meth:`build`'s work into one function of the values (on the
        first build): the static pieces quoted once, defaults of the rule's
        variables resolved to constants, one ``to_url`` call per variable (as
        Werkzeug compiles its builders); then build with it."""
        self._build = builder_function(self)
        return self._build(values)

    def _compile_fast(self, values: t.Mapping[str, t.Any]) -> str | None:
        """Compile the short builder ``url_for`` tries first (on its first
        use): the path when ``values`` are exactly the rule's variables, none
        None, and the rule has no default and no variable in its domain part;
        else None (or the path would need the slash fix of :meth:`build`)."""
        self._fast = fast_builder(self)
        return self._fast(values)

    def _compile_convert(self, values: list[str]) -> dict[str, t.Any]:
        """Compile what the matcher does with the matched text of the rule's
        variables (on first use): each converter's ``to_python``, inlined for
        the default and the plain ``int`` ones; ``ValidationError`` when a
        value does not fit."""
        self._convert = converter_function(self)
        return self._convert(values)

    def suitable_for(self, values: t.Mapping[str, t.Any], method: str | None) -> bool:
        """Can this rule build a URL from ``values`` (for ``method``)?"""
        if (
            method is not None
            and self.methods is not None
            and method not in self.methods
        ):
            return False
        if not self._required.issubset(values):
            return False
        if self.defaults:
            for key, value in self.defaults.items():
                if key in values and value != values[key]:
                    return False
        return True

    def provides_defaults_for(self, rule: Rule) -> bool:
        """Whether this rule's defaults are values of ``rule`` (same endpoint
        and arguments): then it is that URL's canonical form."""
        return bool(
            not self.build_only
            and self.defaults
            and self.endpoint == rule.endpoint
            and self != rule
            and self.arguments == rule.arguments
        )

    def build_compare_key(self) -> tuple[int, int, int]:
        """Sort key: rules with more arguments and defaults are tried first."""
        return (1 if self.alias else 0, -len(self.arguments), -len(self.defaults or ()))

    def build(
        self, values: t.Mapping[str, t.Any], append_unknown: bool = True
    ) -> tuple[str, str] | None:
        """``(domain part, path with query)``, or None when a value does not
        fit its converter. Values that are no variable of the rule become the
        query string (unless not ``append_unknown``)."""
        try:
            domain, path = self._build(values)
        except ValidationError:
            return None
        if append_unknown and not self._argument_set.issuperset(values):
            path = self._add_query(path, values)
        return domain, path

    def _add_query(self, path: str, values: t.Mapping[str, t.Any]) -> str:
        """``path`` with the values that are no variable of the rule as its
        query string (None values left out; lists give a pair per item)."""
        arguments = self._argument_set
        if type(values) is dict and not self.map.sort_parameters:
            # The common case, written as it is read (no pairs to sort).
            params: list[str] = []
            for k, v in values.items():
                if k in arguments or v is None:
                    continue
                if isinstance(v, (list, tuple, set)):
                    key = _quote_query(k)
                    params.extend(
                        [f"{key}={_quote_query(x)}" for x in v if x is not None]
                    )
                else:
                    if not (type(k) is str and k.isascii() and k.isalnum()):
                        k = _quote_query(k)  # (the check: _quote_query's own first)
                    params.append(f"{k}={_quote_query(v)}")
            return f"{path}?{'&'.join(params)}" if params else path
        query = [
            (k, v)
            for k, v in iter_multi_items(values)
            if k not in arguments and v is not None
        ]
        if query:
            if self.map.sort_parameters:
                query.sort(key=self.map.sort_key)
            params = [f"{_quote_query(k)}={_quote_query(v)}" for k, v in query]
            path = f"{path}?{'&'.join(params)}"
        return path

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, type(self))
            and self.rule == other.rule
            and self.endpoint == other.endpoint
            and self.methods == other.methods
            and self.defaults == other.defaults
        )

    __hash__ = None  # type: ignore[assignment]

    def __str__(self) -> str:
        return self.rule

    def __repr__(self) -> str:
        if self.map is None:
            return f"<{type(self).__name__} (unbound)>"
        parts = "".join(f"<{data}>" if dyn else data for dyn, data in self._trace)
        methods = f" ({', '.join(sorted(self.methods))})" if self.methods else ""
        return (
            f"<{type(self).__name__} {parts.lstrip('|')!r}{methods} -> {self.endpoint}>"
        )


_find_unsafe_query = re.compile(r"[^A-Za-z0-9_.~!$'()*,/:;?@-]").search


def _quote_query(value: t.Any) -> str:
    """A query key or value as ``urlencode(..., safe="!$'()*,/:;?@")`` writes it
    (``str()`` of it, UTF-8, spaces as ``+``); text needing no quoting as is."""
    text: str
    kind = type(value)
    if kind is str:
        if value.isascii() and value.isalnum():
            return value  # type: ignore[no-any-return] # nothing to quote
        text = value
    elif kind is int:
        return str(value)  # digits and "-": nothing to quote
    elif isinstance(value, (bytes, bytearray)):
        return quote_plus(value, safe=_QUERY_SAFE)
    else:
        text = str(value)
    if _find_unsafe_query(text) is None:
        return text
    return quote_plus(text, safe=_QUERY_SAFE)


#: Finds a character ``re.escape`` would escape (none: the text is as is).
_needs_escape = re.compile(r"[^A-Za-z0-9_]").search

#: The weight of an empty static part.
_NO_WEIGHT: tuple[t.Any, ...] = (0, (), 0, ())


def _weight(
    static_weights: list[tuple[int, int]], argument_weights: list[int]
) -> tuple[t.Any, ...]:
    return (
        -len(static_weights),
        tuple(static_weights),
        -len(argument_weights),
        tuple(argument_weights),
    )
