"""Flask's signals, on blinker when it is installed (``flaskcompat[signals]``).

Without blinker the signals still exist: sending one does nothing and
connecting a receiver raises :exc:`RuntimeError`, as Flask did before 2.3.

The request path checks ``signal.receivers`` before calling ``send``, so a
signal nobody listens to costs one attribute test per request.
"""

from __future__ import annotations

import typing as t

_NO_BLINKER_MSG = (
    "Signalling support is unavailable because the blinker library is not installed."
)


class _FakeSignal:
    """A signal without blinker: sending does nothing, connecting fails."""

    def __init__(self, name: str, doc: str | None = None) -> None:
        self.name = name
        self.__doc__ = doc
        #: Always empty: nothing can connect.
        self.receivers: dict[t.Any, t.Any] = {}

    def send(self, *args: t.Any, **kwargs: t.Any) -> list[tuple[t.Any, t.Any]]:
        """Do nothing; there are no receivers."""
        return []

    async def send_async(
        self, *args: t.Any, **kwargs: t.Any
    ) -> list[tuple[t.Any, t.Any]]:
        """Do nothing; there are no receivers."""
        return []

    def has_receivers_for(self, sender: t.Any) -> bool:
        """Always ``False``."""
        return False

    def receivers_for(self, sender: t.Any) -> t.Iterator[t.Callable[..., t.Any]]:
        """Always empty."""
        return iter(())

    def _fail(self, *args: t.Any, **kwargs: t.Any) -> t.NoReturn:
        raise RuntimeError(_NO_BLINKER_MSG)

    connect = connect_via = connected_to = temporarily_connected_to = _fail
    disconnect = _fail
    del _fail


class _FakeNamespace(dict[str, _FakeSignal]):
    """A mapping of names to signals, as ``blinker.Namespace``."""

    def signal(self, name: str, doc: str | None = None) -> _FakeSignal:
        """The signal called ``name``, created on first use."""
        if name not in self:
            self[name] = _FakeSignal(name, doc)
        return self[name]


try:
    from blinker import Namespace as Namespace
except ImportError:
    Namespace = _FakeNamespace  # type: ignore[misc,assignment]

# This namespace is only for signals provided by Flask itself.
_signals = Namespace()

template_rendered = _signals.signal("template-rendered")
before_render_template = _signals.signal("before-render-template")
request_started = _signals.signal("request-started")
request_finished = _signals.signal("request-finished")
request_tearing_down = _signals.signal("request-tearing-down")
got_request_exception = _signals.signal("got-request-exception")
appcontext_tearing_down = _signals.signal("appcontext-tearing-down")
appcontext_pushed = _signals.signal("appcontext-pushed")
appcontext_popped = _signals.signal("appcontext-popped")
message_flashed = _signals.signal("message-flashed")
