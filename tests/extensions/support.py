"""Helpers the scenarios share: what of a test response is compared."""

from __future__ import annotations

import re
import typing as t


def cookie_names(response: t.Any) -> list[str]:
    """The names of the cookies a response sets, in order."""
    return [h.split("=", 1)[0] for h in response.headers.getlist("Set-Cookie")]


def cookie_cleared(response: t.Any, name: str) -> bool:
    """The response expires the cookie ``name``."""
    return any(
        h.startswith(f"{name}=;") and "Expires=Thu, 01 Jan 1970" in h
        for h in response.headers.getlist("Set-Cookie")
    )


def summary(response: t.Any, *headers: str, body: bool = True) -> dict[str, t.Any]:
    """Status, the named headers and (by default) the text body of a response."""
    result: dict[str, t.Any] = {"status": response.status_code}
    for name in headers:
        result[name] = response.headers.get(name)
    if body:
        result["body"] = response.get_data(as_text=True)
    return result


def hidden_value(html: str, name: str) -> str:
    """The value of the hidden input ``name`` in an HTML form."""
    match = re.search(rf'id="{name}" name="{name}" type="hidden" value="([^"]*)"', html)
    assert match, f"no hidden input {name!r} in {html!r}"
    return match.group(1)
