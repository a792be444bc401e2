"""``werkzeug.user_agent``: :class:`UserAgent`, the ``User-Agent`` header."""

from __future__ import annotations

__all__ = ["UserAgent"]


class UserAgent:
    """The ``User-Agent`` header; ``str()`` and :attr:`string` give the value.
    No parsing is done (as in Werkzeug); subclass to add it.
    """

    platform: str | None = None
    browser: str | None = None
    version: str | None = None
    language: str | None = None

    def __init__(self, string: str) -> None:
        self.string = string

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.browser}/{self.version}>"

    def __str__(self) -> str:
        return self.string

    def __bool__(self) -> bool:
        return bool(self.browser)

    def to_header(self) -> str:
        return self.string
