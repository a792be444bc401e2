"""Run a coroutine function to completion from sync code, as asgiref's
``async_to_sync`` does for Flask's async views (without the dependency)."""

from __future__ import annotations

import asyncio
import contextvars
import typing as t

_MISSING: t.Any = object()


def run_coroutine_function(
    func: t.Callable[..., t.Coroutine[t.Any, t.Any, t.Any]],
    args: tuple[t.Any, ...],
    kwargs: dict[str, t.Any],
) -> t.Any:
    """Run ``func(*args, **kwargs)`` in a new event loop, with asgiref's
    semantics: context variables set inside are set in the caller's context
    afterwards, and the thread's current event loop is left alone (asgiref
    runs the loop in another thread; ``asyncio.run`` would reset it). The loop
    runs in this thread, so the exception being handled stays visible."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        pass
    else:
        raise RuntimeError(
            "You cannot use AsyncToSync in the same thread as an async event"
            " loop - just await the async function directly."
        )
    inner: list[contextvars.Context] = []

    async def main() -> t.Any:
        try:
            return await func(*args, **kwargs)
        finally:
            inner.append(contextvars.copy_context())

    loop = asyncio.new_event_loop()
    try:
        return loop.run_until_complete(main())
    finally:
        try:
            # What asyncio.run does on the way out.
            pending = asyncio.all_tasks(loop)
            for task in pending:
                task.cancel()
            if pending:
                loop.run_until_complete(
                    asyncio.gather(*pending, return_exceptions=True)
                )
            loop.run_until_complete(loop.shutdown_asyncgens())
            loop.run_until_complete(loop.shutdown_default_executor())
        finally:
            loop.close()
        if inner:
            for var, value in inner[0].items():
                if var.get(_MISSING) is not value:
                    var.set(value)
