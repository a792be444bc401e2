"""``Authorization``: the parsed ``Authorization`` request header."""

from __future__ import annotations

import base64
import binascii
import typing as t

from ..http import (
    dump_header,
    parse_dict_header,
)

if t.TYPE_CHECKING:
    import typing_extensions as te

K = t.TypeVar("K")
V = t.TypeVar("V")
T = t.TypeVar("T")


class Authorization:
    """The parts of an ``Authorization`` header (``request.authorization``).

    ``Basic`` credentials are decoded into the ``username`` and ``password``
    parameters; token schemes such as ``Bearer`` set :attr:`token`.
    ``auth.key``, ``auth["key"]`` and ``auth.get("key")`` read parameters.
    """

    def __init__(
        self,
        auth_type: str,
        data: dict[str, str | None] | None = None,
        token: str | None = None,
    ) -> None:
        self.type = auth_type
        self.parameters: dict[str, str | None] = {} if data is None else data
        self.token = token

    def __getattr__(self, name: str) -> str | None:
        if name == "parameters":  # not set yet (copy, unpickling)
            raise AttributeError(name)
        return self.parameters.get(name)

    def __getitem__(self, name: str) -> str | None:
        return self.parameters.get(name)

    def get(self, key: str, default: str | None = None) -> str | None:
        return self.parameters.get(key, default)

    def __contains__(self, key: str) -> bool:
        return key in self.parameters

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Authorization):
            return NotImplemented
        return (
            other.type == self.type
            and other.token == self.token
            and other.parameters == self.parameters
        )

    __hash__ = None  # type: ignore[assignment]

    @classmethod
    def from_header(cls, value: str | None) -> te.Self | None:
        """Parse a header value; ``None`` if it is empty or bad Basic data."""
        if not value:
            return None
        scheme, _, rest = value.partition(" ")
        scheme = scheme.lower()
        rest = rest.strip()
        if scheme == "basic":
            try:
                raw = base64.b64decode(rest).decode()
            except (binascii.Error, UnicodeError):
                return None
            username, _, password = raw.partition(":")
            return cls(scheme, {"username": username, "password": password})
        if "=" in rest.rstrip("="):
            return cls(scheme, parse_dict_header(rest), None)
        return cls(scheme, None, rest)

    def to_header(self) -> str:
        """The ``Authorization`` header value for this data."""
        if self.type == "basic":
            creds = f"{self.username}:{self.password}".encode()
            return f"Basic {base64.b64encode(creds).decode('ascii')}"
        if self.token is not None:
            return f"{self.type.title()} {self.token}"
        return f"{self.type.title()} {dump_header(self.parameters)}"

    def __str__(self) -> str:
        return self.to_header()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.to_header()}>"
