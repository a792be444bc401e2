"""The exceptions of routing: redirects and build errors."""

from __future__ import annotations

import difflib
import typing as t

from ..exceptions import HTTPException

if t.TYPE_CHECKING:  # pragma: no cover
    from ..wrappers import Response
    from .map import MapAdapter
    from .rules import Rule


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
        """The rule closest to what was asked (by endpoint name, then values and
        method), or ``None`` without an adapter or rules."""
        return self.closest_rule(self.adapter)

    def closest_rule(self, adapter: MapAdapter | None) -> Rule | None:
        """Score every rule of ``adapter``'s map as Werkzeug does; the best one."""

        def score(rule: Rule) -> float:
            return (
                0.98
                * difflib.SequenceMatcher(
                    None, str(rule.endpoint), str(self.endpoint)
                ).ratio()
                + 0.01 * bool(set(self.values or ()).issubset(rule.arguments))
                + 0.01 * bool(rule.methods and self.method in rule.methods)
            )

        if adapter is None:
            return None
        return max(adapter.map.iter_rules(), key=score, default=None)

    def __str__(self) -> str:
        message = [f"Could not build url for endpoint {self.endpoint!r}"]
        if self.method:
            message.append(f" ({self.method!r})")
        if self.values:
            message.append(f" with values {sorted(self.values)!r}")
        message.append(".")
        rule = self.suggested
        if rule is not None:
            if self.endpoint == rule.endpoint:
                if (
                    self.method
                    and rule.methods is not None
                    and self.method not in rule.methods
                ):
                    message.append(
                        f" Did you mean to use methods {sorted(rule.methods)!r}?"
                    )
                missing = rule.arguments.union(set(rule.defaults or ())) - set(
                    self.values or ()
                )
                if missing:
                    message.append(
                        f" Did you forget to specify values {sorted(missing)!r}?"
                    )
            else:
                message.append(f" Did you mean {rule.endpoint!r} instead?")
        return "".join(message)


class RequestPath(RoutingException):
    """Internal: the matcher asks for a redirect to ``path_info``."""

    def __init__(self, path_info: str) -> None:
        super().__init__()
        self.path_info = path_info


class RequestAliasRedirect(RoutingException):  # noqa: N818 - Werkzeug's name
    """Internal: an alias rule matched; redirect to the endpoint's URL."""

    def __init__(self, matched_values: t.Mapping[str, t.Any], endpoint: t.Any) -> None:
        super().__init__()
        self.matched_values = matched_values
        self.endpoint = endpoint


class NoMatch(Exception):  # noqa: N818 - Werkzeug's name
    """Internal: no rule matched; ``have_match_for`` holds the methods the
    URL answers to (a 405 when not empty)."""

    __slots__ = ("have_match_for",)

    def __init__(self, have_match_for: set[str]) -> None:
        self.have_match_for = have_match_for
