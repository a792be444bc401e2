"""URL building of :class:`~.map.MapAdapter`: :meth:`~URLBuilding.build` and
its short path for ``url_for``'s common case, :meth:`~URLBuilding.build_fast`.
"""

from __future__ import annotations

import typing as t

from ..datastructures import MultiDict
from .converters import ValidationError
from .exceptions import BuildError

if t.TYPE_CHECKING:  # pragma: no cover
    from .map import Map, MapAdapter


class URLBuilding:
    """The building half of a map adapter (the adapter sets these
    attributes)."""

    map: Map
    server_name: str
    script_name: str
    subdomain: str | None
    url_scheme: str
    default_method: str

    @property
    def _root(self) -> str | None:
        """The script name without its final slash (a lazily bound adapter
        keeps it once a URL was built)."""
        return self.script_name[:-1]

    def get_host(self, domain_part: str | None) -> str:
        """The host of a rule's domain part: the subdomain joined to the server
        name, or the host itself under host matching."""
        if self.map.host_matching:
            return self.server_name if domain_part is None else domain_part
        subdomain = self.subdomain if domain_part is None else domain_part
        return f"{subdomain}.{self.server_name}" if subdomain else self.server_name

    def build(
        self,
        endpoint: t.Any,
        values: t.Mapping[str, t.Any] | None = None,
        method: str | None = None,
        force_external: bool = False,
        append_unknown: bool = True,
        url_scheme: str | None = None,
    ) -> str:
        """Build a URL for ``endpoint``; raise ``BuildError`` when no rule fits.

        Relative (the script root and path) unless ``force_external`` or the
        rule is on another subdomain or host than the adapter's.
        """
        map = self.map
        if map._remap:
            map.update()
        if not values:
            values = {}
        elif isinstance(values, MultiDict):
            values = {
                k: (v[0] if len(v) == 1 else v)
                for k, v in dict.items(values)
                if len(v) != 0
            }
        else:
            for value in values.values():
                if value is None:
                    values = {k: v for k, v in values.items() if v is not None}
                    break
        rules = map._rules_by_endpoint.get(endpoint)
        if rules is not None and len(rules) == 1 and method is None:
            # One rule: the method does not decide (Werkzeug retries without it).
            rule = rules[0]
            rv = None
            if rule._required.issubset(values) and (
                not rule.defaults or rule.suitable_for(values, None)
            ):
                rv = rule.build(values, append_unknown)
        else:
            rv = self._partial_build(endpoint, values, method, append_unknown)
        if rv is None:
            raise BuildError(endpoint, dict(values), method, t.cast("MapAdapter", self))
        domain_part, path = rv
        if path[:1] != "/" or path[1:2] == "/":
            path = f"/{path.lstrip('/')}"
        if not force_external and (
            domain_part == self.server_name
            if map.host_matching
            else domain_part == self.subdomain
        ):
            return self.script_name[:-1] + path
        return self._external_base(domain_part, url_scheme) + path

    def _external_base(self, domain_part: str, url_scheme: str | None) -> str:
        """``scheme://host/script_root`` of an external URL to a rule of
        ``domain_part`` (``//host...`` when there is no scheme)."""
        if url_scheme is None:
            url_scheme = self.url_scheme
        if url_scheme:
            url_scheme = "https" if url_scheme in {"https", "wss"} else "http"
        scheme = f"{url_scheme}:" if url_scheme else ""
        return f"{scheme}//{self.get_host(domain_part)}{self.script_name[:-1]}"

    def build_fast(
        self, endpoint: t.Any, values: dict[str, t.Any], force_external: bool = False
    ) -> str | None:
        """:meth:`build`'s common case, shortened: an endpoint of one rule
        without defaults and without a variable in its domain part, its
        variables given (none None; other values become the query string). None
        when that is not the case or a value does not fit: then :meth:`build`
        decides."""
        map = self.map
        rule = map._single_rules.get(endpoint)  # emptied when rules are added
        if rule is None:
            if not map._remap:
                return None
            map.update()
            rule = map._single_rules.get(endpoint)
            if rule is None:
                return None
        if map.host_matching:
            return None
        path = rule._fast(values)
        if path is None:
            path = _with_query(rule, values)
            if path is None:
                return None
        domain = rule._static_domain
        if force_external:
            if domain is None:
                return None
            return self._external_base(domain, None) + path
        if domain != self.subdomain:
            return None
        root = self._root
        if root is None:
            # A lazily bound adapter: kept (the property of others never is None).
            root = self._root = self.script_name[:-1]  # type: ignore[misc]
        return root + path

    def _partial_build(
        self,
        endpoint: t.Any,
        values: t.Mapping[str, t.Any],
        method: str | None,
        append_unknown: bool,
    ) -> tuple[str, str] | None:
        """The domain part and path of the first rule of ``endpoint`` that can
        build from ``values`` (tried with the adapter's method first, when no
        method is given; under host matching, a rule of the adapter's host is
        preferred)."""
        rules = self.map._rules_by_endpoint.get(endpoint, ())
        first_match = None
        host_matching = self.map.host_matching
        for try_method in (
            (self.default_method, method) if method is None else (method,)
        ):
            for rule in rules:
                if rule.suitable_for(values, try_method):
                    rv = rule.build(values, append_unknown)
                    if rv is not None:
                        if not host_matching or rv[0] == self.server_name:
                            return rv
                        if first_match is None:
                            first_match = rv
            if first_match is not None:
                return first_match
        return None


_NO_VALUES: dict[str, t.Any] = {}


def _with_query(rule: t.Any, values: dict[str, t.Any]) -> str | None:
    """:meth:`URLBuilding.build_fast` for values beyond the rule's variables
    (the query string, as :meth:`Rule.build` writes it), or None when
    :meth:`URLBuilding.build` must decide (a variable missing or None, a
    value its converter refuses)."""
    if rule._static_domain is None or rule.defaults:
        return None
    arguments = rule._argument_set
    for name in arguments:
        if values.get(name) is None:
            return None
    if not arguments:
        fixed: str | None = rule._fast(_NO_VALUES)  # the rule's one path
        if fixed is None:
            return None
        path = fixed
    else:
        try:
            path = rule._build(values)[1]
        except ValidationError:
            return None
        if path[:1] != "/" or path[1:2] == "/":
            return None
    return rule._add_query(path, values)  # type: ignore[no-any-return]
