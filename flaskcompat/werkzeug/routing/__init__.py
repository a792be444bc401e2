"""URL rules, converters, matching and building with Werkzeug's semantics.

Bottle's router is not used for Flask's rules, on purpose: it matches routes of
one method before looking at other methods, tries dynamic routes in
registration order and knows nothing of strict slashes. Flask's priority rules
(static before dynamic per segment, then converter weight, whatever the
registration order; 405 only when the URL matches with another method; 308 to the
slash-ended URL) need the segment-wise matcher Werkzeug uses, which is what
``Map`` implements here. Fully static rules are found with one dict lookup.
"""

from __future__ import annotations

import difflib
import re
import typing as t
import uuid
from dataclasses import dataclass, field
from urllib.parse import quote, urlencode

from ..datastructures import iter_multi_items
from ..exceptions import BadHost, HTTPException, MethodNotAllowed, NotFound

if t.TYPE_CHECKING:  # pragma: no cover
    from ..wrappers import Response

_PATH_SAFE = "!$&'()*+,/:;=@"
_QUERY_SAFE = "!$'()*,/:;?@"


class ValidationError(ValueError):
    """Raised by a converter's ``to_python`` when the URL part does not fit."""


class RoutingException(Exception):
    """Base of the exceptions routing raises internally (redirects)."""


class RequestRedirect(HTTPException, RoutingException):
    """Raised when the URL must be redirected, e.g. to add a trailing slash."""

    code = 308

    def __init__(self, new_url: str) -> None:
        super().__init__(new_url)
        self.new_url = new_url

    def get_response(self, environ: t.Any = None, scope: t.Any = None) -> Response:
        from ..utils import redirect

        return redirect(self.new_url, self.code)


class BuildError(RoutingException, LookupError):
    """Raised when ``url_for`` cannot build a URL for an endpoint."""

    def __init__(
        self,
        endpoint: str,
        values: t.Mapping[str, t.Any],
        method: str | None,
        adapter: MapAdapter | None = None,
    ) -> None:
        super().__init__(endpoint, values, method)
        self.endpoint = endpoint
        self.values = values
        self.method = method
        self.adapter = adapter

    @property
    def suggested(self) -> Rule | None:
        """The closest rule for the endpoint, if any."""
        if self.adapter is None:
            return None
        rules = self.adapter.map._rules_by_endpoint.get(self.endpoint)
        return rules[0] if rules else None

    def __str__(self) -> str:
        message = [f"Could not build url for endpoint {self.endpoint!r}"]
        if self.method:
            message.append(f" ({self.method!r})")
        if self.values:
            message.append(f" with values {sorted(self.values)!r}")
        message.append(".")
        if self.adapter is not None:
            rule = self.suggested
            if rule is not None:
                missing = sorted(
                    rule.arguments - set(self.values) - set(rule.defaults or ())
                )
                if missing:
                    message.append(f" Did you forget to specify values {missing!r}?")
            else:
                close = difflib.get_close_matches(
                    self.endpoint, list(self.adapter.map._rules_by_endpoint), 1
                )
                if close:
                    message.append(f" Did you mean {close[0]!r} instead?")
        return "".join(message)


# -- converters -----------------------------------------------------------


class BaseConverter:
    """Base class for URL converters: ``regex``, ``to_python``, ``to_url``."""

    regex = "[^/]+"
    weight = 100
    part_isolating = True

    def __init_subclass__(cls, **kwargs: t.Any) -> None:
        super().__init_subclass__(**kwargs)
        if "regex" in cls.__dict__ and "part_isolating" not in cls.__dict__:
            cls.part_isolating = "/" not in cls.regex

    def __init__(self, map: Map, *args: t.Any, **kwargs: t.Any) -> None:
        self.map = map

    def to_python(self, value: str) -> t.Any:
        return value

    def to_url(self, value: t.Any) -> str:
        return quote(str(value), safe=_PATH_SAFE)


class UnicodeConverter(BaseConverter):
    """The default converter: one path segment, optionally of a given length."""

    def __init__(
        self,
        map: Map,
        minlength: int = 1,
        maxlength: int | None = None,
        length: int | None = None,
    ) -> None:
        super().__init__(map)
        if length is not None:
            length_regex = f"{{{int(length)}}}"
        else:
            upper = "" if maxlength is None else str(int(maxlength))
            length_regex = f"{{{int(minlength)},{upper}}}"
        self.regex = f"[^/]{length_regex}"


class AnyConverter(BaseConverter):
    """Matches one of the given items: ``<any(about, help):page>``."""

    def __init__(self, map: Map, *items: str) -> None:
        super().__init__(map)
        self.items = set(items)
        self.regex = f"(?:{'|'.join([re.escape(x) for x in items])})"

    def to_url(self, value: t.Any) -> str:
        if value in self.items:
            return str(value)
        valid = ", ".join(f"'{item}'" for item in sorted(self.items))
        raise ValueError(f"'{value}' is not one of {valid}")


class PathConverter(BaseConverter):
    """Like the default converter, but also matches slashes."""

    part_isolating = False
    regex = "[^/].*?"
    weight = 200


class NumberConverter(BaseConverter):
    """Base of ``int`` and ``float``: digits, optional bounds and sign."""

    weight = 50
    num_convert: t.Callable[[t.Any], t.Any] = int

    def __init__(
        self,
        map: Map,
        fixed_digits: int = 0,
        min: int | None = None,
        max: int | None = None,
        signed: bool = False,
    ) -> None:
        if signed:
            self.regex = f"-?{self.regex}"
        super().__init__(map)
        self.fixed_digits = fixed_digits
        self.min = min
        self.max = max
        self.signed = signed

    def to_python(self, value: str) -> t.Any:
        if self.fixed_digits and len(value) != self.fixed_digits:
            raise ValidationError()
        try:
            number = self.num_convert(value)
        except ValueError:
            # More digits than sys.get_int_max_str_digits(): no match (404),
            # where Werkzeug lets the ValueError through (500).
            raise ValidationError() from None
        if (self.min is not None and number < self.min) or (
            self.max is not None and number > self.max
        ):
            raise ValidationError()
        return number

    def to_url(self, value: t.Any) -> str:
        text = str(self.num_convert(value))
        if self.fixed_digits:
            text = text.zfill(self.fixed_digits)
        return text


class IntegerConverter(NumberConverter):
    """``<int:x>``: unsigned integers unless ``signed=True``."""

    regex = r"\d+"


class FloatConverter(NumberConverter):
    """``<float:x>``: ``1.5`` style numbers."""

    regex = r"\d+\.\d+"
    num_convert = float

    def __init__(
        self,
        map: Map,
        min: float | None = None,
        max: float | None = None,
        signed: bool = False,
    ) -> None:
        super().__init__(map, min=min, max=max, signed=signed)  # type: ignore[arg-type]


class UUIDConverter(BaseConverter):
    """``<uuid:x>``: a UUID string, given to the view as ``uuid.UUID``."""

    regex = (
        r"[A-Fa-f0-9]{8}-[A-Fa-f0-9]{4}-"
        r"[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{12}"
    )

    def to_python(self, value: str) -> uuid.UUID:
        return uuid.UUID(value)

    def to_url(self, value: uuid.UUID) -> str:
        return str(value)


DEFAULT_CONVERTERS: t.Mapping[str, type[BaseConverter]] = {
    "default": UnicodeConverter,
    "string": UnicodeConverter,
    "any": AnyConverter,
    "path": PathConverter,
    "int": IntegerConverter,
    "float": FloatConverter,
    "uuid": UUIDConverter,
}

# -- rule parsing ---------------------------------------------------------

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


class Rule:
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

    # binding -------------------------------------------------------------
    def get_rules(self, map: Map) -> t.Iterator[Rule]:
        yield self

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


# -- matching -------------------------------------------------------------


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


class Map:
    """The collection of rules of an app: ``url_map``."""

    default_converters = DEFAULT_CONVERTERS
    lock_class = None

    def __init__(
        self,
        rules: t.Iterable[Rule] | None = None,
        default_subdomain: str = "",
        strict_slashes: bool = True,
        merge_slashes: bool = True,
        redirect_defaults: bool = True,
        converters: t.Mapping[str, type[BaseConverter]] | None = None,
        sort_parameters: bool = False,
        sort_key: t.Callable[[t.Any], t.Any] | None = None,
        host_matching: bool = False,
    ) -> None:
        self._root = _State()
        self._rules: list[Rule] = []
        self._rules_by_endpoint: dict[str, list[Rule]] = {}
        # path -> rules, for rules without variables (the fast path)
        self._static: dict[str, list[Rule]] = {}
        # (path, method) -> a dynamic match before conversion: walking the rule
        # tree is the costly part, converters still run on every request.
        self._match_cache: dict[tuple[str, str], tuple[Rule, list[str], list[str]]] = {}
        self._dirty = False
        self.default_subdomain = default_subdomain
        self.strict_slashes = strict_slashes
        self.merge_slashes = merge_slashes
        self.redirect_defaults = redirect_defaults
        self.host_matching = host_matching
        self.converters = dict(self.default_converters)
        if converters:
            self.converters.update(converters)
        self.sort_parameters = sort_parameters
        self.sort_key = sort_key
        for rule in rules or ():
            self.add(rule)

    def add(self, rule: Rule) -> None:
        """Bind and add a rule."""
        for r in rule.get_rules(self):
            r.bind(self)
            self._rules.append(r)
            self._rules_by_endpoint.setdefault(r.endpoint, []).append(r)
            self._rules_by_endpoint[r.endpoint].sort(key=Rule.build_compare_key)
            # Without subdomain matching (which flaskcompat does not implement)
            # a rule for another subdomain never matches, as in Flask.
            if not r.build_only and r.subdomain in (None, "", self.default_subdomain):
                self._add_to_matcher(r)
        self._dirty = True
        self._match_cache.clear()

    def _add_to_matcher(self, rule: Rule) -> None:
        if all(part.static for part in rule._parts):
            path = "/".join(part.content for part in rule._parts)
            self._static.setdefault(path, []).append(rule)
        state = self._root
        for part in rule._parts:
            if part.static:
                state = state.static.setdefault(part.content, _State())
            else:
                for test_part, next_state in state.dynamic:
                    if test_part.key() == part.key():
                        state = next_state
                        break
                else:
                    next_state = _State()
                    state.dynamic.append((part, next_state))
                    state = next_state
        state.rules.append(rule)

    def _sort(self) -> None:
        def visit(state: _State) -> None:
            state.dynamic.sort(key=lambda entry: entry[0].weight)
            for next_state in state.static.values():
                visit(next_state)
            for _, next_state in state.dynamic:
                visit(next_state)

        visit(self._root)
        self._dirty = False

    def iter_rules(self, endpoint: str | None = None) -> t.Iterator[Rule]:
        """Iterate over all rules, or those of one endpoint."""
        if endpoint is not None:
            return iter(self._rules_by_endpoint[endpoint])
        return iter(self._rules)

    def is_endpoint_expecting(self, endpoint: str, *arguments: str) -> bool:
        """Do the endpoint's rules take all of ``arguments``?"""
        names = set(arguments)
        for rule in self._rules_by_endpoint[endpoint]:
            if names.issubset(rule.arguments):
                return True
        return False

    def bind(
        self,
        server_name: str,
        script_name: str | None = None,
        subdomain: str | None = None,
        url_scheme: str = "http",
        default_method: str = "GET",
        path_info: str | None = None,
        query_args: t.Any = None,
    ) -> MapAdapter:
        """An adapter for building (and matching) outside a request."""
        server_name = server_name.lower()
        if script_name is None:
            script_name = "/"
        if not script_name.endswith("/"):
            script_name += "/"
        return MapAdapter(
            self,
            server_name,
            script_name,
            subdomain or "",
            url_scheme,
            path_info or "/",
            default_method,
            query_args,
        )

    # the matcher -------------------------------------------------------
    def match(self, path: str, method: str) -> tuple[Rule, dict[str, t.Any]]:
        """Return ``(rule, view_args)`` for a decoded path, or raise.

        Raises NotFound, MethodNotAllowed, or RequestRedirect carrying the
        path (not yet a URL) that should be redirected to.
        """
        if self._dirty:
            self._sort()
        rules = self._static.get(path)
        if rules is not None:
            for rule in rules:
                if rule.methods is None or method in rule.methods:
                    if rule.defaults:
                        return rule, dict(rule.defaults)
                    return rule, {}
        hit = self._match_cache.get((path, method))
        if hit is None:
            hit = self._match_dynamic(path, method)
            if len(self._match_cache) >= _MATCH_CACHE_SIZE:
                self._match_cache.clear()
            self._match_cache[(path, method)] = hit
        rule, values, allowed = hit
        result: dict[str, t.Any] = {}
        converters = rule._converters
        for name, value in zip(converters, values):
            try:
                result[name] = converters[name].to_python(value)
            except ValidationError:
                if allowed:
                    raise MethodNotAllowed(valid_methods=sorted(allowed)) from None
                raise NotFound() from None
        if rule.defaults:
            result.update(rule.defaults)
        return rule, result

    def _match_dynamic(
        self, path: str, method: str
    ) -> tuple[Rule, list[str], list[str]]:
        """Walk the rule tree: the rule, its raw values and the other methods
        the URL allows; raise for no match, a 405 or a redirect."""
        allowed: set[str] = set()
        try:
            rv = self._match(self._root, path.split("/"), [], method, allowed)
        except _SlashRequired:
            raise RequestRedirect(f"{path}/") from None
        if rv is None and self.merge_slashes and "//" in path:
            merged = re.sub("/{2,}", "/", path)
            try:
                rv = self._match(self._root, merged.split("/"), [], method, allowed)
            except _SlashRequired:
                raise RequestRedirect(f"{merged}/") from None
            if rv is not None and rv[0].merge_slashes is not False:
                raise RequestRedirect(merged)
            rv = None
        if rv is None:
            if allowed:
                raise MethodNotAllowed(valid_methods=sorted(allowed))
            raise NotFound()
        return rv[0], rv[1], sorted(allowed)

    def _match(
        self,
        state: _State,
        parts: list[str],
        values: list[str],
        method: str,
        allowed: set[str],
    ) -> tuple[Rule, list[str]] | None:
        if not parts:
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
                            raise _SlashRequired()
                        return rule, values
            return None
        part = parts[0]
        next_state = state.static.get(part)
        if next_state is not None:
            rv = self._match(next_state, parts[1:], values, method, allowed)
            if rv is not None:
                return rv
        for test_part, next_state in state.dynamic:
            target = part
            remaining = parts[1:]
            if test_part.final:
                target = "/".join(parts)
                remaining = []
            match = test_part.pattern.match(target)  # type: ignore[union-attr]
            if match is not None:
                if test_part.suffixed and match.groups()[-1] == "/":
                    remaining = [""]
                groups = match.groupdict()
                found = [groups[f"__fc_{i}"] for i in range(len(test_part.names))]
                rv = self._match(next_state, remaining, values + found, method, allowed)
                if rv is not None:
                    return rv
        if parts == [""]:
            for rule in state.rules:
                if rule.strict_slashes:
                    continue
                if rule.methods is not None and method not in rule.methods:
                    allowed.update(rule.methods)
                else:
                    return rule, values
        return None

    def allowed_methods(self, path: str) -> list[str]:
        """The methods the URL answers to (for OPTIONS' ``Allow``)."""
        try:
            self.match(path, "--")
        except MethodNotAllowed as e:
            return list(e.valid_methods or ())
        except HTTPException:
            pass
        return []

    def __repr__(self) -> str:
        return f"{type(self).__name__}({list(self.iter_rules())!r})"


class MapAdapter:
    """A map bound to a host, script root and scheme: builds (and matches) URLs."""

    __slots__ = (
        "map",
        "server_name",
        "script_name",
        "subdomain",
        "url_scheme",
        "path_info",
        "default_method",
        "query_args",
    )

    def __init__(
        self,
        map: Map,
        server_name: str,
        script_name: str,
        subdomain: str,
        url_scheme: str,
        path_info: str,
        default_method: str,
        query_args: t.Any = None,
    ) -> None:
        self.map = map
        self.server_name = server_name
        self.script_name = (
            script_name if script_name.endswith("/") else script_name + "/"
        )
        self.subdomain = subdomain
        self.url_scheme = url_scheme
        self.path_info = path_info
        self.default_method = default_method
        self.query_args = query_args

    def match(
        self,
        path_info: str | None = None,
        method: str | None = None,
        return_rule: bool = False,
        query_args: t.Any = None,
    ) -> tuple[t.Any, dict[str, t.Any]]:
        """Match a path: ``(endpoint or rule, view_args)``; redirects are URLs."""
        path = self.path_info if path_info is None else path_info
        method = (method or self.default_method).upper()
        try:
            rule, values = self.map.match(path, method)
        except RequestRedirect as e:
            raise RequestRedirect(
                self.make_redirect_url(e.new_url, query_args or self.query_args)
            ) from None
        if (
            self.map.redirect_defaults
            and len(self.map._rules_by_endpoint[rule.endpoint]) > 1
        ):
            redirect_url = self.get_default_redirect(rule, method, values, query_args)
            if redirect_url is not None:
                raise RequestRedirect(redirect_url)
        return (rule if return_rule else rule.endpoint), values

    def get_default_redirect(
        self,
        rule: Rule,
        method: str,
        values: t.Mapping[str, t.Any],
        query_args: t.Any = None,
    ) -> str | None:
        """The canonical URL when an earlier rule of the same endpoint has
        these values as its defaults (``/users/page/1`` -> ``/users/``)."""
        for other in self.map._rules_by_endpoint[rule.endpoint]:
            if other is rule:
                break
            if other.provides_defaults_for(rule) and other.suitable_for(values, method):
                built = other.build({**values, **other.defaults}, append_unknown=False)  # type: ignore[dict-item]
                if built is not None:
                    return self.make_redirect_url(
                        built[1], query_args or self.query_args
                    )
        return None

    def allowed_methods(self, path_info: str | None = None) -> list[str]:
        """Methods the path answers to."""
        return self.map.allowed_methods(
            self.path_info if path_info is None else path_info
        )

    def make_redirect_url(self, path_info: str, query_args: t.Any = None) -> str:
        """An absolute URL for ``path_info`` (a redirect target)."""
        path = "/".join(
            (self.script_name.strip("/"), quote(path_info, safe=_PATH_SAFE).lstrip("/"))
        )
        if not path.startswith("/"):
            path = "/" + path
        query = ""
        if query_args:
            if isinstance(query_args, (bytes, bytearray)):
                # As Werkzeug's WSGI decoding: UTF-8, invalid bytes replaced.
                query_args = query_args.decode("utf-8", "replace")
            if not isinstance(query_args, str):
                query_args = urlencode(
                    list(iter_multi_items(query_args)), safe=_QUERY_SAFE
                )
            query = f"?{query_args}" if query_args else ""
        return f"{self.url_scheme or 'http'}://{self.server_name}{path}{query}"

    def build(
        self,
        endpoint: str,
        values: t.Mapping[str, t.Any] | None = None,
        method: str | None = None,
        force_external: bool = False,
        append_unknown: bool = True,
        url_scheme: str | None = None,
    ) -> str:
        """Build a URL for ``endpoint``; raise BuildError when no rule fits."""
        if values:
            if hasattr(values, "getlist"):
                values = {
                    k: (v[0] if len(v) == 1 else v)
                    for k, v in values.lists()  # type: ignore[attr-defined]
                    if v
                }
            else:
                values = {k: v for k, v in values.items() if v is not None}
        else:
            values = {}
        rv = self._partial_build(endpoint, values, method, append_unknown)
        if rv is None:
            raise BuildError(endpoint, values, method, self)
        domain_part, path = rv
        if url_scheme is None:
            url_scheme = self.url_scheme
        if url_scheme:
            url_scheme = "https" if url_scheme in {"https", "wss"} else "http"
        if not force_external and domain_part == self.subdomain:
            return f"{self.script_name.rstrip('/')}/{path.lstrip('/')}"
        # A rule of another subdomain is built as an external URL on that host.
        host = f"{domain_part}.{self.server_name}" if domain_part else self.server_name
        scheme = f"{url_scheme}:" if url_scheme else ""
        return f"{scheme}//{host}{self.script_name[:-1]}/{path.lstrip('/')}"

    def _partial_build(
        self,
        endpoint: str,
        values: t.Mapping[str, t.Any],
        method: str | None,
        append_unknown: bool,
    ) -> tuple[str, str] | None:
        if method is None:
            rv = self._partial_build(
                endpoint, values, self.default_method, append_unknown
            )
            if rv is not None:
                return rv
        for rule in self.map._rules_by_endpoint.get(endpoint, ()):
            if rule.suitable_for(values, method):
                built = rule.build(values, append_unknown)
                if built is not None:
                    return built
        return None


class RequestMapAdapter(MapAdapter):
    """The adapter of one request, bound lazily: the host, script root, scheme
    and query string are read from the request only when a URL is built or a
    redirect is made, so matching a request costs no URL parsing."""

    __slots__ = ("_request", "_server_name")

    def __init__(self, map: Map, request: t.Any, server_name: str | None) -> None:
        self.map = map
        self._request = request
        self._server_name = server_name
        self.subdomain = ""
        # An empty PATH_INFO (an app mounted at SCRIPT_NAME, requested without
        # the slash) is matched as "", so "/" redirects to the slash, as in Werkzeug.
        self.path_info = request.path if request.environ.get("PATH_INFO", "/") else ""
        self.default_method = request.method
        environ = request.environ
        name = (
            server_name or environ.get("HTTP_HOST") or environ.get("SERVER_NAME") or ""
        )
        if name[:1] == "." or ".." in name or len(name) > 63:
            # An empty or over-long label: Werkzeug's bind answers 400.
            _encode_host(server_name or request.host)

    @property
    def server_name(self) -> str:  # type: ignore[override]
        return _encode_host(self._server_name or self._request.host)

    @property
    def script_name(self) -> str:  # type: ignore[override]
        return f"{self._request.script_root}/"

    @property
    def url_scheme(self) -> str:  # type: ignore[override]
        return str(self._request.scheme)

    @property
    def query_args(self) -> t.Any:
        return self._request.query_string


def _encode_host(host: str) -> str:
    """``host[:port]`` as Werkzeug's ``Map.bind`` makes it: lower case, the name
    IDNA-encoded; :exc:`BadHost` (400) when IDNA refuses the name."""
    name, sep, port = host.lower().partition(":")
    try:
        name = name.encode("idna").decode("ascii")
    except UnicodeError as e:
        raise BadHost() from e
    return f"{name}{sep}{port}"
