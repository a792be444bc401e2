"""URL rules: parsing a rule string into matchable parts and a build trace,
building URLs, and the rule factories (``Submount``, ``Subdomain``, ...)."""

from __future__ import annotations

import re
import typing as t
from dataclasses import dataclass, field
from string import Template
from urllib.parse import quote, urlencode

from ..datastructures import iter_multi_items
from .converters import BaseConverter, ValidationError

if t.TYPE_CHECKING:  # pragma: no cover
    from .map import Map

_PATH_SAFE = "!$&'()*+,/:;=@"
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
_converter_args_re = re.compile(
    r"""
    \s*
    ((?P<name>\w+)\s*=\s*)?
    (?P<value>
        True|False|
        \d+.\d+|
        \d+.|
        \d+|
        [\w\d_.]+|
        [urUR]?(?P<stringval>"[^"]*?"|'[^']*')
    )\s*,
    """,
    re.VERBOSE,
)
_CONSTANTS: dict[str, t.Any] = {"None": None, "True": True, "False": False}


def _pythonize(value: str) -> t.Any:
    if value in _CONSTANTS:
        return _CONSTANTS[value]
    for convert in (int, float):
        try:
            return convert(value)
        except ValueError:
            pass
    if value[:1] == value[-1:] and value[0] in "\"'":
        value = value[1:-1]
    return str(value)


def parse_converter_args(argstr: str) -> tuple[tuple[t.Any, ...], dict[str, t.Any]]:
    """Parse ``length=2`` / ``a, b, "c"`` converter arguments."""
    argstr += ","
    args: list[t.Any] = []
    kwargs: dict[str, t.Any] = {}
    position = 0
    for item in _converter_args_re.finditer(argstr):
        if item.start() != position:
            raise ValueError(
                f"Cannot parse converter argument '{argstr[position : item.start()]}'"
            )
        value = item.group("stringval")
        if value is None:
            value = item.group("value")
        python_value = _pythonize(value)
        if item.group("name"):
            kwargs[item.group("name")] = python_value
        else:
            args.append(python_value)
        position = item.end()
    return tuple(args), kwargs


class RuleFactory:
    """Something that yields rules for a map: ``Rule`` itself, ``Submount``,
    ``Subdomain``, ``EndpointPrefix``, ``RuleTemplate``'s factories."""

    def get_rules(self, map: Map) -> t.Iterable[Rule]:
        """The rules to add to ``map``."""
        raise NotImplementedError()


class Subdomain(RuleFactory):
    """Sets the subdomain of every rule it holds: ``Subdomain("<lang>", [...])``."""

    def __init__(self, subdomain: str, rules: t.Iterable[RuleFactory]) -> None:
        self.subdomain = subdomain
        self.rules = rules

    def get_rules(self, map: Map) -> t.Iterator[Rule]:
        for rulefactory in self.rules:
            for rule in rulefactory.get_rules(map):
                rule = rule.empty()
                rule.subdomain = self.subdomain
                yield rule


class Submount(RuleFactory):
    """Prefixes the path of every rule it holds: ``Submount("/blog", [...])``."""

    def __init__(self, path: str, rules: t.Iterable[RuleFactory]) -> None:
        self.path = path.rstrip("/")
        self.rules = rules

    def get_rules(self, map: Map) -> t.Iterator[Rule]:
        for rulefactory in self.rules:
            for rule in rulefactory.get_rules(map):
                rule = rule.empty()
                rule.rule = self.path + rule.rule
                yield rule


class EndpointPrefix(RuleFactory):
    """Prefixes the (string) endpoint of every rule it holds."""

    def __init__(self, prefix: str, rules: t.Iterable[RuleFactory]) -> None:
        self.prefix = prefix
        self.rules = rules

    def get_rules(self, map: Map) -> t.Iterator[Rule]:
        for rulefactory in self.rules:
            for rule in rulefactory.get_rules(map):
                rule = rule.empty()
                rule.endpoint = self.prefix + rule.endpoint
                yield rule


class RuleTemplate:
    """Rules with ``$name`` placeholders in their path, endpoint, defaults and
    subdomain; calling it with values gives a factory of filled-in rules."""

    def __init__(self, rules: t.Iterable[Rule]) -> None:
        self.rules = list(rules)

    def __call__(self, *args: t.Any, **kwargs: t.Any) -> RuleTemplateFactory:
        return RuleTemplateFactory(self.rules, dict(*args, **kwargs))


class RuleTemplateFactory(RuleFactory):
    """The rules of a ``RuleTemplate`` with its placeholders filled in."""

    def __init__(
        self, rules: t.Iterable[RuleFactory], context: dict[str, t.Any]
    ) -> None:
        self.rules = rules
        self.context = context

    def get_rules(self, map: Map) -> t.Iterator[Rule]:
        for rulefactory in self.rules:
            for rule in rulefactory.get_rules(map):
                new_defaults = subdomain = None
                if rule.defaults:
                    new_defaults = {}
                    for key, value in rule.defaults.items():
                        if isinstance(value, str):
                            value = Template(value).substitute(self.context)
                        new_defaults[key] = value
                if rule.subdomain is not None:
                    subdomain = Template(rule.subdomain).substitute(self.context)
                new_endpoint = rule.endpoint
                if isinstance(new_endpoint, str):
                    new_endpoint = Template(new_endpoint).substitute(self.context)
                yield Rule(
                    Template(rule.rule).substitute(self.context),
                    new_defaults,
                    subdomain,
                    rule.methods,
                    rule.build_only,
                    new_endpoint,
                    rule.strict_slashes,
                )


@dataclass(eq=False)
class _Part:
    """One ``/``-separated piece of a rule: static text or a regex."""

    content: str
    final: bool
    static: bool
    suffixed: bool
    weight: tuple[t.Any, ...]
    pattern: re.Pattern[str] | None = None
    names: list[str] = field(default_factory=list)

    def key(self) -> tuple[str, bool, bool, bool]:
        return (self.content, self.final, self.static, self.suffixed)


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
        self._converters: dict[str, BaseConverter] = {}
        self._parts: list[_Part] = []
        self._trace: list[tuple[bool, str]] = []

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
        """Split the rule into matchable parts and a build trace."""
        self._parts = []
        self._trace = []
        self._converters = {}
        rule = self.rule
        if self.merge_slashes:
            rule = re.sub("/{2,}", "/", rule)
        self._parts.extend(self._parse_rule(rule))
        for part in self._parts:
            if not part.static:
                part.pattern = re.compile(part.content)

    def _parse_rule(self, rule: str) -> t.Iterator[_Part]:
        content = ""
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
            data = match.groupdict()
            if data["static"] is not None:
                static_weights.append((len(static_weights), -len(data["static"])))
                self._trace.append((False, data["static"]))
                content += data["static"] if static else re.escape(data["static"])
            if data["variable"] is not None:
                if static:
                    content = re.escape(content)
                static = False
                c_args, c_kwargs = parse_converter_args(data["arguments"] or "")
                variable = data["variable"]
                converter = self.get_converter(
                    variable, data["converter"] or "default", c_args, c_kwargs
                )
                self._converters[variable] = converter
                self.arguments.add(variable)
                if not converter.part_isolating:
                    final = True
                content += f"(?P<__fc_{len(names)}>{converter.regex})"
                names.append(variable)
                argument_weights.append(converter.weight)
                self._trace.append((True, variable))
            if data["slash"] is not None:
                self._trace.append((False, "/"))
                if final:
                    content += "/"
                else:
                    if not static:
                        content += r"\Z"
                    yield _Part(
                        content,
                        final,
                        static,
                        False,
                        _weight(static_weights, argument_weights),
                        names=names,
                    )
                    content = ""
                    static = True
                    argument_weights = []
                    static_weights = []
                    names = []
                    final = False
            pos = match.end()
        suffixed = False
        if final and content[-1] == "/":
            suffixed = True
            content = content[:-1] + "(?<!/)(/?)"
        if not static:
            content += r"\Z"
        weight = _weight(static_weights, argument_weights)
        yield _Part(content, final, static, suffixed, weight, names=names)
        if suffixed:
            yield _Part("", False, True, False, weight)

    # building ------------------------------------------------------------
    def suitable_for(self, values: t.Mapping[str, t.Any], method: str | None) -> bool:
        """Can this rule build a URL from ``values`` (for ``method``)?"""
        if (
            method is not None
            and self.methods is not None
            and method not in self.methods
        ):
            return False
        defaults = self.defaults or ()
        for key in self.arguments:
            if key not in defaults and key not in values:
                return False
        if defaults:
            for key, value in defaults.items():
                if key in values and value != values[key]:
                    return False
        return True

    def provides_defaults_for(self, rule: Rule) -> bool:
        """Whether this rule's defaults are values of ``rule`` (same endpoint
        and arguments): then it is that URL's canonical form."""
        return (
            not self.build_only
            and self.defaults is not None
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
        """Return ``(subdomain, path_with_query)`` or None when a value does not fit."""
        defaults = self.defaults or {}
        out: list[str] = []
        try:
            for is_dynamic, data in self._trace:
                if not is_dynamic:
                    out.append(quote(data, safe=_PATH_SAFE))
                elif data in defaults:
                    out.append(self._converters[data].to_url(defaults[data]))
                else:
                    out.append(self._converters[data].to_url(values[data]))
        except ValidationError:
            return None
        path = "".join(out)
        if append_unknown:
            query = [
                (k, v)
                for k, v in iter_multi_items(values)
                if k not in self.arguments and v is not None
            ]
            if query:
                if self.map.sort_parameters:
                    query.sort(key=self.map.sort_key)
                params = urlencode(query, safe=_QUERY_SAFE)
                if params:
                    path = f"{path}?{params}"
        return self.subdomain or "", path

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
        return f"<{type(self).__name__} {parts!r}{methods} -> {self.endpoint}>"


def _weight(
    static_weights: list[tuple[int, int]], argument_weights: list[int]
) -> tuple[t.Any, ...]:
    return (
        -len(static_weights),
        static_weights,
        -len(argument_weights),
        argument_weights,
    )
