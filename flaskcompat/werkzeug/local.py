"""Context-local proxies: the objects behind ``request``, ``g``, ``current_app``.

Werkzeug's ``LocalProxy`` is general and slow; this one resolves a ``ContextVar``
plus an optional attribute name, which is all Flask's globals need, or calls a
function (``LocalProxy(lambda: ...)``, as extensions such as Flask-Login do).
"""

from __future__ import annotations

import typing as t
from contextvars import ContextVar

T = t.TypeVar("T")


class LocalProxy(t.Generic[T]):
    """Forward every operation to ``getattr(cv.get(), name)`` (or ``cv.get()``);
    with a function instead of a ``ContextVar``, to what the function returns."""

    __slots__ = ("_fc_get", "__wrapped__")

    def __init__(
        self,
        local: ContextVar[t.Any] | t.Callable[[], t.Any],
        name: str | None = None,
        *,
        unbound_message: str | None = None,
    ) -> None:
        message = unbound_message or "object is not bound"
        missing = object()

        if not isinstance(local, ContextVar):
            call = local

            def _get() -> t.Any:
                obj = call()
                return obj if name is None else getattr(obj, name)

            object.__setattr__(self, "_fc_get", _get)
            object.__setattr__(self, "__wrapped__", local)
            return

        cv_get = local.get
        if name is None:

            def _get() -> t.Any:
                obj = cv_get(missing)
                if obj is missing:
                    raise RuntimeError(message)
                return obj

        else:

            def _get() -> t.Any:
                obj = cv_get(missing)
                if obj is missing:
                    raise RuntimeError(message)
                return getattr(obj, name)

        object.__setattr__(self, "_fc_get", _get)
        object.__setattr__(self, "__wrapped__", local)

    def _get_current_object(self) -> T:
        """Return the object the proxy points at right now."""
        return self._fc_get()  # type: ignore[no-any-return]

    # attribute access ----------------------------------------------------
    def __getattr__(self, name: str) -> t.Any:
        return getattr(self._fc_get(), name)

    def __setattr__(self, name: str, value: t.Any) -> None:
        setattr(self._fc_get(), name, value)

    def __delattr__(self, name: str) -> None:
        delattr(self._fc_get(), name)

    def __dir__(self) -> list[str]:
        try:
            return dir(self._fc_get())
        except RuntimeError:
            return []

    # object protocol -----------------------------------------------------
    def __repr__(self) -> str:
        try:
            obj = self._fc_get()
        except RuntimeError:
            return f"<{type(self).__name__} unbound>"
        return repr(obj)

    def __str__(self) -> str:
        return str(self._fc_get())

    def __bool__(self) -> bool:
        try:
            return bool(self._fc_get())
        except RuntimeError:
            return False

    def __eq__(self, other: object) -> bool:
        return bool(self._fc_get() == other)

    def __ne__(self, other: object) -> bool:
        return bool(self._fc_get() != other)

    def __hash__(self) -> int:
        return hash(self._fc_get())

    @property  # type: ignore[misc]
    def __class__(self) -> type:  # so isinstance(request, Request) holds
        try:
            return type(self._fc_get())
        except RuntimeError:
            return type(self)

    # containers ----------------------------------------------------------
    def __len__(self) -> int:
        return len(self._fc_get())

    def __iter__(self) -> t.Iterator[t.Any]:
        return iter(self._fc_get())

    def __contains__(self, item: object) -> bool:
        return item in self._fc_get()

    def __getitem__(self, key: t.Any) -> t.Any:
        return self._fc_get()[key]

    def __setitem__(self, key: t.Any, value: t.Any) -> None:
        self._fc_get()[key] = value

    def __delitem__(self, key: t.Any) -> None:
        del self._fc_get()[key]

    def __call__(self, *args: t.Any, **kwargs: t.Any) -> t.Any:
        return self._fc_get()(*args, **kwargs)

    def __enter__(self) -> t.Any:
        return self._fc_get().__enter__()

    def __exit__(self, *exc: t.Any) -> t.Any:
        return self._fc_get().__exit__(*exc)
