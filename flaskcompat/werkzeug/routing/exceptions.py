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
