"""``Map``: the rules of an app; ``MapAdapter``: a map bound to a host,
which matches and builds URLs."""

from __future__ import annotations

import re
import typing as t
from urllib.parse import quote, urlencode

from ..datastructures import iter_multi_items
from ..exceptions import BadHost, HTTPException, MethodNotAllowed, NotFound
from .converters import DEFAULT_CONVERTERS, BaseConverter, ValidationError
from .exceptions import BuildError, RequestRedirect
from .matcher import _MATCH_CACHE_SIZE, _SlashRequired, _State
from .rules import Rule

_PATH_SAFE = "!$&'()*+,/:;=@"
_QUERY_SAFE = "!$'()*,/:;?@"


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
