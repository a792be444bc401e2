"""``werkzeug.local``: context-local data (:class:`Local`, :class:`LocalStack`,
:class:`LocalManager`) and :class:`LocalProxy`, the object behind ``request``,
``g`` and ``current_app``.

A proxy resolves a ``ContextVar`` (Flask's globals: the fast path), a
:class:`Local` attribute, the top of a :class:`LocalStack`, or calls a function
(``LocalProxy(lambda: get_user())``, as extensions write), then forwards every
operation to the object it gets.
"""

from __future__ import annotations

import operator
import typing as t
from contextvars import ContextVar
from functools import update_wrapper

if t.TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

T = t.TypeVar("T")
F = t.TypeVar("F", bound=t.Callable[..., t.Any])


def release_local(local: Local | LocalStack[t.Any]) -> None:
    """Clear a :class:`Local` or :class:`LocalStack` for the current context."""
    local.__release_local__()


class Local:
    """A namespace of context-local attributes, stored as a dict in a
    ``ContextVar`` (copied on write, so nested contexts don't share changes)."""

    __slots__ = ("__storage",)

    def __init__(self, context_var: ContextVar[dict[str, t.Any]] | None = None) -> None:
        if context_var is None:
            context_var = ContextVar(f"werkzeug.Local<{id(self)}>.storage")
        object.__setattr__(self, "_Local__storage", context_var)

    def __iter__(self) -> t.Iterator[tuple[str, t.Any]]:
        return iter(self.__storage.get({}).items())

    def __call__(
        self, name: str, *, unbound_message: str | None = None
    ) -> LocalProxy[t.Any]:
        """A :class:`LocalProxy` to the attribute ``name`` of this local."""
        return LocalProxy(self, name, unbound_message=unbound_message)

    def __release_local__(self) -> None:
        self.__storage.set({})

    def __getattr__(self, name: str) -> t.Any:
        values = self.__storage.get({})
        if name in values:
            return values[name]
        raise AttributeError(name)

    def __setattr__(self, name: str, value: t.Any) -> None:
        values = self.__storage.get({}).copy()
        values[name] = value
        self.__storage.set(values)

    def __delattr__(self, name: str) -> None:
        values = self.__storage.get({})
        if name not in values:
            raise AttributeError(name)
        values = values.copy()
        del values[name]
        self.__storage.set(values)


class LocalStack(t.Generic[T]):
    """A context-local stack, stored as a list in a ``ContextVar``."""

    __slots__ = ("_storage",)

    def __init__(self, context_var: ContextVar[list[T]] | None = None) -> None:
        if context_var is None:
            context_var = ContextVar(f"werkzeug.LocalStack<{id(self)}>.storage")
        self._storage = context_var

    def __release_local__(self) -> None:
        self._storage.set([])

    def push(self, obj: T) -> list[T]:
        """Put ``obj`` on top of the stack; return the new stack."""
        stack = self._storage.get([]).copy()
        stack.append(obj)
        self._storage.set(stack)
        return stack

    def pop(self) -> T | None:
        """Remove and return the top item, ``None`` if the stack is empty."""
        stack = self._storage.get([])
        if not stack:
            return None
        self._storage.set(stack[:-1])
        return stack[-1]

    @property
    def top(self) -> T | None:
        """The top item, ``None`` if the stack is empty."""
        stack = self._storage.get([])
        return stack[-1] if stack else None

    def __call__(
        self, name: str | None = None, *, unbound_message: str | None = None
    ) -> LocalProxy[t.Any]:
        """A :class:`LocalProxy` to the top item (or its attribute ``name``)."""
        return LocalProxy(self, name, unbound_message=unbound_message)


class LocalManager:
    """Release the data of several locals at once, e.g. after each request."""

    __slots__ = ("locals",)

    def __init__(
        self,
        locals: None
        | (Local | LocalStack[t.Any] | t.Iterable[Local | LocalStack[t.Any]]) = None,
    ) -> None:
        self.locals: list[Local | LocalStack[t.Any]]
        if locals is None:
            self.locals = []
        elif isinstance(locals, Local):
            self.locals = [locals]
        else:
            self.locals = list(locals)  # type: ignore[arg-type]

    def cleanup(self) -> None:
        """Release every managed local for the current context."""
        for local in self.locals:
            release_local(local)

    def make_middleware(self, app: WSGIApplication) -> WSGIApplication:
        """Wrap a WSGI app so the locals are released when its response closes."""
        from .wsgi import ClosingIterator  # wsgi imports this module's users

        def application(
            environ: WSGIEnvironment, start_response: StartResponse
        ) -> t.Iterable[bytes]:
            return ClosingIterator(app(environ, start_response), self.cleanup)

        return application

    def middleware(self, func: WSGIApplication) -> WSGIApplication:
        """:meth:`make_middleware` as a decorator."""
        return update_wrapper(self.make_middleware(func), func)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} storages: {len(self.locals)}>"


class LocalProxy(t.Generic[T]):
    """Forward every operation to the object a ``ContextVar``, a :class:`Local`,
    a :class:`LocalStack` or a function gives (its attribute ``name`` if given).

    An unbound ``ContextVar``, local or empty stack raises ``RuntimeError`` with
    ``unbound_message``; ``bool()`` and ``repr()`` of an unbound proxy don't.
    """

    __slots__ = ("_fc_get", "__wrapped__")

    def __init__(
        self,
        local: ContextVar[T] | Local | LocalStack[T] | t.Callable[[], T],
        name: str | None = None,
        *,
        unbound_message: str | None = None,
    ) -> None:
        message = unbound_message or "object is not bound"
        missing = object()
        get: t.Callable[[], t.Any]

        if isinstance(local, ContextVar):
            cv_get = local.get

            def get() -> t.Any:
                obj = cv_get(missing)
                if obj is missing:
                    raise RuntimeError(message)
                return obj

        elif isinstance(local, Local):
            if name is None:
                raise TypeError("'name' is required when proxying a 'Local' object.")
            attr, local_obj = name, local
            name = None

            def get() -> t.Any:
                try:
                    return getattr(local_obj, attr)
                except AttributeError:
                    raise RuntimeError(message) from None

        elif isinstance(local, LocalStack):
            stack = local

            def get() -> t.Any:
                obj = stack.top
                if obj is None:
                    raise RuntimeError(message)
                return obj

        elif callable(local):
            get = local
        else:
            raise TypeError(f"Don't know how to proxy '{type(local)}'.")

        if name is None:
            _get = get
        else:
            attr_name = name

            def _get() -> t.Any:
                return getattr(get(), attr_name)

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


def _forward(name: str, func: t.Callable[..., t.Any]) -> None:
    def method(self: LocalProxy[t.Any], *args: t.Any) -> t.Any:
        return func(self._fc_get(), *args)

    method.__name__ = name
    setattr(LocalProxy, name, method)


def _reflected(name: str, func: t.Callable[[t.Any, t.Any], t.Any]) -> None:
    def method(self: LocalProxy[t.Any], other: t.Any) -> t.Any:
        return func(other, self._fc_get())

    method.__name__ = name
    setattr(LocalProxy, name, method)


def _inplace(name: str, func: t.Callable[[t.Any, t.Any], t.Any]) -> None:
    """An in-place operator changes the proxied object and leaves the name
    bound to the proxy, as Werkzeug's (a no-op on immutable objects)."""

    def method(self: LocalProxy[t.Any], other: t.Any) -> t.Any:
        func(self._fc_get(), other)
        return self

    method.__name__ = name
    setattr(LocalProxy, name, method)


_BINARY: dict[str, t.Callable[..., t.Any]] = {
    "add": operator.add,
    "sub": operator.sub,
    "mul": operator.mul,
    "matmul": operator.matmul,
    "truediv": operator.truediv,
    "floordiv": operator.floordiv,
    "mod": operator.mod,
    "divmod": divmod,
    "pow": pow,
    "lshift": operator.lshift,
    "rshift": operator.rshift,
    "and": operator.and_,
    "xor": operator.xor,
    "or": operator.or_,
}
for _op, _func in _BINARY.items():
    _forward(f"__{_op}__", _func)
    _reflected(f"__r{_op}__", _func)
    if _op != "divmod":
        _inplace(f"__i{_op}__", getattr(operator, f"i{_op}", _func))
_UNARY: dict[str, t.Callable[..., t.Any]] = {
    "lt": operator.lt,
    "le": operator.le,
    "gt": operator.gt,
    "ge": operator.ge,
    "neg": operator.neg,
    "pos": operator.pos,
    "abs": abs,
    "invert": operator.invert,
    "int": int,
    "float": float,
    "complex": complex,
    "index": operator.index,
    "round": round,
    "bytes": bytes,
    "format": format,
    "reversed": reversed,
    "length_hint": operator.length_hint,
    "await": lambda obj: obj.__await__(),
    "aiter": lambda obj: obj.__aiter__(),
    "anext": lambda obj: obj.__anext__(),
    "aenter": lambda obj: obj.__aenter__(),
    "aexit": lambda obj, *exc: obj.__aexit__(*exc),
    "copy": lambda obj: __import__("copy").copy(obj),
    "deepcopy": lambda obj, memo: __import__("copy").deepcopy(obj, memo),
}
for _op, _func in _UNARY.items():
    _forward(f"__{_op}__", _func)
