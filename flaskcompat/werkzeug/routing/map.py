"""``Map``: the rules of an app; ``MapAdapter``: a map bound to a server name,
which matches and builds URLs.

Entry points other code (the app, a Bottle host) relies on: :meth:`Map.add`
(a rule or a rule factory), :meth:`Map.match` (a path and method, no adapter
needed), :meth:`Map.bind` / :meth:`Map.bind_to_environ` and the adapter's
:meth:`~MapAdapter.match`, :meth:`~MapAdapter.build` and
:meth:`~MapAdapter.allowed_methods`.
"""

from __future__ import annotations

import threading
import typing as t
from urllib.parse import quote, urlencode, urljoin, urlunsplit

from ..datastructures import ImmutableDict, iter_multi_items
from ..exceptions import HTTPException, MethodNotAllowed, NotFound
from .building import URLBuilding
from .converters import _PATH_SAFE, DEFAULT_CONVERTERS, BaseConverter
from .exceptions import (
    NoMatch,
    RequestAliasRedirect,
    RequestPath,
    RequestRedirect,
)
from .hosts import encode_host as _encode_host
from .hosts import server_and_subdomain
from .matcher import StateMachineMatcher
from .rules import Rule, RuleFactory, _simple_rule_re

_QUERY_SAFE = "!$'()*,/:;?@"


class Map:
    """The collection of rules of an app: ``app.url_map``."""

    default_converters: t.Mapping[str, type[BaseConverter]] = ImmutableDict(
        DEFAULT_CONVERTERS
    )
    lock_class = threading.Lock

    def __init__(
        self,
        rules: t.Iterable[RuleFactory] | None = None,
        default_subdomain: str = "",
        strict_slashes: bool = True,
        merge_slashes: bool = True,
        redirect_defaults: bool = True,
        converters: t.Mapping[str, type[BaseConverter]] | None = None,
        sort_parameters: bool = False,
        sort_key: t.Callable[[t.Any], t.Any] | None = None,
        host_matching: bool = False,
    ) -> None:
        self._matcher = StateMachineMatcher(merge_slashes)
        self._rules: list[Rule] = []
        self._rules_by_endpoint: dict[t.Any, list[Rule]] = {}
        self._remap = True
        self._remap_lock = self.lock_class()
        #: endpoint -> its rule, for endpoints of one rule without defaults.
        self._single_rules: dict[t.Any, Rule] = {}
        self.default_subdomain = default_subdomain
        self.strict_slashes = strict_slashes
        self.redirect_defaults = redirect_defaults
        self.host_matching = host_matching
        self.converters = dict(self.default_converters)
        if converters:
            self.converters.update(converters)
        self.sort_parameters = sort_parameters
        self.sort_key = sort_key
        for rulefactory in rules or ():
            self.add(rulefactory)

    @property
    def merge_slashes(self) -> bool:
        """Merge consecutive slashes when matching (redirecting to the merged URL)."""
        return self._matcher.merge_slashes

    @merge_slashes.setter
    def merge_slashes(self, value: bool) -> None:
        self._matcher.merge_slashes = value

    def add(self, rulefactory: RuleFactory) -> None:
        """Bind and add a rule, or the rules of a rule factory."""
        for rule in rulefactory.get_rules(self):
            rule.bind(self)
            if not rule.build_only:
                self._matcher.add(rule)
            self._rules.append(rule)
            self._rules_by_endpoint.setdefault(rule.endpoint, []).append(rule)
        self._remap = True
        if self._single_rules:
            self._single_rules = {}  # rebuilt by update()

    def update(self) -> None:
        """Sort what :meth:`add` changed; called before matching and building."""
        if not self._remap:
            return
        with self._remap_lock:
            if not self._remap:
                return
            self._matcher.update()
            for rules in self._rules_by_endpoint.values():
                rules.sort(key=Rule.build_compare_key)
            self._single_rules = {
                endpoint: rules[0]
                for endpoint, rules in self._rules_by_endpoint.items()
                if len(rules) == 1 and not rules[0].defaults
            }
            self._remap = False

    def iter_rules(self, endpoint: t.Any | None = None) -> t.Iterator[Rule]:
        """Iterate over all rules, or those of one endpoint: grouped by endpoint
        (in the order endpoints were first added), each group in build order."""
        self.update()
        if endpoint is not None:
            return iter(self._rules_by_endpoint[endpoint])
        return (rule for rules in self._rules_by_endpoint.values() for rule in rules)

    def is_endpoint_expecting(self, endpoint: t.Any, *arguments: str) -> bool:
        """Do the endpoint's rules take all of ``arguments``?"""
        self.update()
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
        """An adapter for ``server_name`` (IDNA-encoded here: ``BadHost`` when
        it cannot be), to match and build outside a request."""
        server_name = server_name.lower()
        if self.host_matching:
            if subdomain is not None:
                raise RuntimeError("host matching enabled and a subdomain was provided")
        elif subdomain is None:
            subdomain = self.default_subdomain
        return MapAdapter(
            self,
            _encode_host(server_name),
            "/" if script_name is None else script_name,
            subdomain,
            url_scheme,
            "/" if path_info is None else path_info,
            default_method,
            query_args,
        )

    def bind_to_environ(
        self,
        environ: t.Any,
        server_name: str | None = None,
        subdomain: str | None = None,
    ) -> MapAdapter:
        """An adapter for a WSGI environ (or a request): the host, scheme, script
        root, path and query are the request's; the subdomain is what precedes
        ``server_name`` in the request's host."""
        from ..sansio.utils import _environ_host as _get_host
        from ..wrappers.request import _wsgi_decode

        env = getattr(environ, "environ", environ)
        scheme = env["wsgi.url_scheme"]
        wsgi_server_name = _get_host(env, scheme, None).lower()
        server_name, subdomain = server_and_subdomain(
            self, wsgi_server_name, scheme, server_name, subdomain
        )

        def wsgi_string(name: str) -> str | None:
            value = env.get(name)
            return None if value is None else _wsgi_decode(value)

        return self.bind(
            server_name,
            wsgi_string("SCRIPT_NAME"),
            subdomain,
            scheme,
            env["REQUEST_METHOD"],
            wsgi_string("PATH_INFO"),
            query_args=wsgi_string("QUERY_STRING"),
        )

    def match(
        self, path: str, method: str, domain_part: str | None = None
    ) -> tuple[Rule, dict[str, t.Any]]:
        """``(rule, view_args)`` for a decoded path, without an adapter.

        ``domain_part`` is the subdomain (the host under host matching); it
        defaults to the default subdomain. Raises ``NotFound``,
        ``MethodNotAllowed``, or ``RequestRedirect`` carrying the *path* (not a
        URL) to redirect to.
        """
        if self._remap:
            self.update()
        if domain_part is None:
            domain_part = "" if self.host_matching else self.default_subdomain
        try:
            return self._matcher.match(domain_part, path, method)
        except RequestPath as e:
            raise RequestRedirect(e.path_info) from None
        except RequestAliasRedirect:
            raise RequestRedirect(path) from None
        except NoMatch as e:
            if e.have_match_for:
                raise MethodNotAllowed(valid_methods=sorted(e.have_match_for)) from None
            raise NotFound() from None

    def allowed_methods(self, path: str, domain_part: str | None = None) -> list[str]:
        """The methods the URL answers to (for OPTIONS' ``Allow``)."""
        try:
            self.match(path, "--", domain_part)
        except MethodNotAllowed as e:
            return list(e.valid_methods or ())
        except HTTPException:
            pass
        return []

    def __repr__(self) -> str:
        return f"{type(self).__name__}({list(self.iter_rules())!r})"


class MapAdapter(URLBuilding):
    """A map bound to a server name, script root and scheme: matches and
    builds URLs (``Map.bind``, ``Map.bind_to_environ``)."""

    def __init__(
        self,
        map: Map,
        server_name: str,
        script_name: str,
        subdomain: str | None,
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
        self.websocket = url_scheme in {"ws", "wss"}

    def match(
        self,
        path_info: str | None = None,
        method: str | None = None,
        return_rule: bool = False,
        query_args: t.Any = None,
        websocket: bool | None = None,
    ) -> tuple[t.Any, dict[str, t.Any]]:
        """Match a path: ``(endpoint or rule, view_args)``; raises ``NotFound``,
        ``MethodNotAllowed`` or ``RequestRedirect`` (with an absolute URL)."""
        map = self.map
        if map._remap:
            map.update()
        if path_info is None:
            path_info = self.path_info
        method = (method or self.default_method).upper()
        if not map.host_matching and self.subdomain is not None:
            domain_part = self.subdomain
        else:
            domain_part = self.server_name
        if path_info[:1] == "/" and path_info[1:2] != "/":
            path = path_info
        else:
            path = f"/{path_info.lstrip('/')}" if path_info else ""
        try:
            rule, rv = map._matcher.match(domain_part, path, method)
        except RequestPath as e:
            if query_args is None:
                query_args = self.query_args
            new_path = quote(e.path_info, safe=_PATH_SAFE)
            raise RequestRedirect(
                self.make_redirect_url(new_path, query_args)
            ) from None
        except RequestAliasRedirect as e:
            if query_args is None:
                query_args = self.query_args
            url = self.build(
                e.endpoint,
                e.matched_values,
                method,
                append_unknown=False,
                force_external=True,
            )
            if query_args:
                url += f"?{self.encode_query_args(query_args)}"
            raise RequestRedirect(url) from None
        except NoMatch as e:
            if e.have_match_for:
                raise MethodNotAllowed(valid_methods=list(e.have_match_for)) from None
            raise NotFound() from None
        if map.redirect_defaults and len(map._rules_by_endpoint[rule.endpoint]) > 1:
            if query_args is None:
                query_args = self.query_args
            redirect_url = self.get_default_redirect(rule, method, rv, query_args)
            if redirect_url is not None:
                raise RequestRedirect(redirect_url)
        if rule.redirect_to is not None:
            raise RequestRedirect(self._redirect_to_url(rule, rv))
        return (rule if return_rule else rule.endpoint), rv

    def _redirect_to_url(self, rule: Rule, values: dict[str, t.Any]) -> str:
        """The target of a ``redirect_to`` rule, as an absolute URL."""
        if isinstance(rule.redirect_to, str):
            converters = rule._converters

            def handle_match(match: t.Match[str]) -> str:
                name = match.group(1)
                return converters[name].to_url(values[name])

            redirect_url = _simple_rule_re.sub(handle_match, rule.redirect_to)
        else:
            redirect_url = rule.redirect_to(self, **values)  # type: ignore[misc]
        if self.subdomain:
            netloc = f"{self.subdomain}.{self.server_name}"
        else:
            netloc = self.server_name
        return urljoin(
            f"{self.url_scheme or 'http'}://{netloc}{self.script_name}", redirect_url
        )

    def dispatch(
        self,
        view_func: t.Callable[[t.Any, dict[str, t.Any]], t.Any],
        path_info: str | None = None,
        method: str | None = None,
        catch_http_exceptions: bool = False,
    ) -> t.Any:
        """Match, then call ``view_func(endpoint, values)``; a redirect is returned
        (it is a WSGI app), other HTTP errors too with ``catch_http_exceptions``."""
        try:
            try:
                endpoint, args = self.match(path_info, method)
            except RequestRedirect as e:
                return e
            return view_func(endpoint, args)
        except HTTPException as e:
            if catch_http_exceptions:
                return e
            raise

    def test(self, path_info: str | None = None, method: str | None = None) -> bool:
        """Whether the path matches (a redirect counts as a match)."""
        try:
            self.match(path_info, method)
        except RequestRedirect:
            pass
        except HTTPException:
            return False
        return True

    def allowed_methods(self, path_info: str | None = None) -> list[str]:
        """The methods the path answers to."""
        try:
            self.match(path_info, method="--")
        except MethodNotAllowed as e:
            return list(e.valid_methods or ())
        except HTTPException:
            pass
        return []

    def get_default_redirect(
        self,
        rule: Rule,
        method: str,
        values: dict[str, t.Any],
        query_args: t.Any,
    ) -> str | None:
        """The canonical URL when an earlier rule of the same endpoint has
        these values as its defaults (``/users/page/1`` -> ``/users/``)."""
        for other in self.map._rules_by_endpoint[rule.endpoint]:
            if other is rule:
                break
            if other.provides_defaults_for(rule) and other.suitable_for(values, method):
                values.update(other.defaults)  # type: ignore[arg-type]
                domain_part, path = other.build(values)  # type: ignore[misc]
                return self.make_redirect_url(path, query_args, domain_part)
        return None

    def encode_query_args(self, query_args: t.Any) -> str:
        """A query string from a string (as is), bytes or a mapping."""
        if isinstance(query_args, (bytes, bytearray)):
            # As Werkzeug's WSGI decoding: UTF-8, invalid bytes replaced.
            return query_args.decode("utf-8", "replace")
        if not isinstance(query_args, str):
            return urlencode(list(iter_multi_items(query_args)), safe=_QUERY_SAFE)
        return query_args

    def make_redirect_url(
        self, path_info: str, query_args: t.Any = None, domain_part: str | None = None
    ) -> str:
        """An absolute URL for ``path_info`` (already quoted): a redirect target."""
        if query_args is None:
            query_args = self.query_args
        query = self.encode_query_args(query_args) if query_args else None
        path = "/".join((self.script_name.strip("/"), path_info.lstrip("/")))
        return urlunsplit(
            (self.url_scheme or "http", self.get_host(domain_part), path, query, None)
        )
