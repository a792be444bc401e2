"""Class-based views: ``View`` and ``MethodView``, as Flask's."""

from __future__ import annotations

import typing as t

from . import typing as ft
from .globals import current_app, request

http_method_funcs = frozenset(
    ["get", "post", "head", "options", "delete", "put", "trace", "patch"]
)


class View:
    """A class-based view: subclass it, override :meth:`dispatch_request`
    and register ``MyView.as_view("name")``.

    :attr:`methods`, :attr:`provide_automatic_options` and
    :attr:`decorators` configure the generated view function; with
    :attr:`init_every_request` ``False`` one instance serves every request.
    """

    #: The methods the view is registered for (default: ``route``'s).
    methods: t.ClassVar[t.Collection[str] | None] = None

    #: Whether ``OPTIONS`` is answered automatically (default: ``route``'s).
    provide_automatic_options: t.ClassVar[bool | None] = None

    #: Decorators applied, in order, to the generated view function.
    decorators: t.ClassVar[list[t.Callable[..., t.Any]]] = []

    #: Make a new instance for every request (``False``: one shared instance,
    #: so keep per-request data in ``g``).
    init_every_request: t.ClassVar[bool] = True

    def dispatch_request(self) -> ft.ResponseReturnValue:
        """The view's behaviour; URL variables come as keyword arguments."""
        raise NotImplementedError()

    @classmethod
    def as_view(
        cls, name: str, *class_args: t.Any, **class_kwargs: t.Any
    ) -> ft.RouteCallable:
        """A view function named ``name`` that instantiates the class with
        ``class_args`` and ``class_kwargs`` and calls ``dispatch_request``.

        The function carries ``view_class``, ``methods`` and
        ``provide_automatic_options`` and the class's docstring and module.
        """
        if cls.init_every_request:

            def view(**kwargs: t.Any) -> ft.ResponseReturnValue:
                self = view.view_class(  # type: ignore[attr-defined]
                    *class_args, **class_kwargs
                )
                return current_app.ensure_sync(self.dispatch_request)(**kwargs)  # type: ignore[no-any-return]

        else:
            self = cls(*class_args, **class_kwargs)

            def view(**kwargs: t.Any) -> ft.ResponseReturnValue:
                return current_app.ensure_sync(self.dispatch_request)(**kwargs)  # type: ignore[no-any-return]

        if cls.decorators:
            view.__name__ = name
            view.__module__ = cls.__module__
            for decorator in cls.decorators:
                view = decorator(view)

        # The class on the function: tells where the view came from, and is
        # what a per-request view instantiates (replaceable in tests).
        view.view_class = cls  # type: ignore[attr-defined]
        view.__name__ = name
        view.__doc__ = cls.__doc__
        view.__module__ = cls.__module__
        view.methods = cls.methods  # type: ignore[attr-defined]
        view.provide_automatic_options = cls.provide_automatic_options  # type: ignore[attr-defined]
        return view


class MethodView(View):
    """Dispatches each request to the method named like the HTTP method
    (``get``, ``post``...); :attr:`methods` is derived from those the class
    (and its bases) define. ``HEAD`` falls back to ``get``."""

    def __init_subclass__(cls, **kwargs: t.Any) -> None:
        super().__init_subclass__(**kwargs)
        if "methods" not in cls.__dict__:
            methods = set()
            for base in cls.__bases__:
                if getattr(base, "methods", None):
                    methods.update(base.methods)  # type: ignore[attr-defined]
            for key in http_method_funcs:
                if hasattr(cls, key):
                    methods.add(key.upper())
            if methods:
                cls.methods = methods

    def dispatch_request(self, **kwargs: t.Any) -> ft.ResponseReturnValue:
        """Call the method for ``request.method`` (``get`` for ``HEAD``)."""
        meth = getattr(self, request.method.lower(), None)
        if meth is None and request.method == "HEAD":
            meth = getattr(self, "get", None)
        assert meth is not None, f"Unimplemented method {request.method!r}"
        return current_app.ensure_sync(meth)(**kwargs)  # type: ignore[no-any-return]
