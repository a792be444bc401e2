"""The debug page: Werkzeug's ``DebuggedApplication``, without the console.

Wrapped around an app (``app.run(debug=True)`` and ``flaskcompat run --debug``
do it), an exception that escapes the app becomes an HTML page showing the
exception and its traceback with a few source lines per frame, everything
escaped. There is no interactive console and no PIN: the page shows no local
variables, no environ and no configuration, only what the traceback itself
says. An app in debug mode propagates its errors to this middleware; with
debug mode off, Flask answers them with its 500 page and nothing of this shows.
"""

from __future__ import annotations

import linecache
import sys
import traceback
import typing as t
from html import escape

if t.TYPE_CHECKING:  # pragma: no cover
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

#: Source lines shown before and after each frame's current line.
CONTEXT_LINES = 2

_STYLE = """
body { font-family: system-ui, sans-serif; margin: 0; padding: 1em 2em;
       background: #fff; color: #000; }
h1 { font-size: 1.4em; color: #a00; margin: .2em 0; word-break: break-word; }
.frame { margin: .8em 0; border: 1px solid #ddd; }
.frame .where { background: #f3f3f3; padding: .3em .6em; font-size: .9em; }
.frame.library .where { color: #777; }
pre.source { margin: 0; padding: .3em .6em; font-size: .85em; overflow-x: auto; }
pre.source .current { background: #fde8e8; display: block; }
pre.plain { background: #f7f7f7; padding: .6em; font-size: .85em;
            overflow-x: auto; }
.footer { color: #777; font-size: .8em; margin-top: 2em; }
"""


def _frame_html(frame: traceback.FrameSummary, library: bool) -> str:
    """One frame: where it is, and its source lines around the current one."""
    lineno = frame.lineno or 0
    lines = []
    for number in range(max(1, lineno - CONTEXT_LINES), lineno + CONTEXT_LINES + 1):
        text = linecache.getline(frame.filename, number).rstrip("\n")
        line = f"{number:>5}  {escape(text)}"
        if number == lineno:
            line = f'<span class="current">{line}</span>'
        lines.append((text, line))
    while lines and not lines[-1][0]:  # past the end of the file
        lines.pop()
    source = "\n".join(line for _, line in lines)
    if not any(text for text, _ in lines):
        source = "(source not available)"
    kind = "frame library" if library else "frame"
    return (
        f'<div class="{kind}"><div class="where">File'
        f" <code>{escape(frame.filename)}</code>, line {lineno},"
        f" in <code>{escape(frame.name)}</code></div>"
        f'<pre class="source">{source}</pre></div>'
    )


def _is_library(filename: str) -> bool:
    """Whether a frame belongs to flaskcompat, Bottle or the standard library."""
    package_dir = __file__.rsplit("/werkzeug/", 1)[0]
    return filename.startswith((package_dir, sys.prefix, sys.base_prefix))


def render_debug_page(exc: BaseException, skip: int = 0) -> str:
    """The debug page of ``exc``: its type and message, each frame of its
    traceback with source lines (the first ``skip`` frames left out), then
    the plain text traceback, causes included."""
    title = "".join(traceback.format_exception_only(type(exc), exc)).strip()
    frames = []
    for summary in traceback.extract_tb(exc.__traceback__)[skip:]:
        frames.append(_frame_html(summary, _is_library(summary.filename)))
    plain = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    return (
        "<!doctype html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        f"<title>{escape(title)} // flaskcompat debugger</title>"
        f"<style>{_STYLE}</style></head><body>"
        f"<h1>{escape(title)}</h1>"
        "<p>An exception was raised while handling the request (the app is in"
        " debug mode). Most recent call last:</p>"
        f"{''.join(frames)}"
        "<h2>Plain traceback</h2>"
        f'<pre class="plain">{escape(plain)}</pre>'
        '<p class="footer">This page is shown because debug mode is on. Never'
        " run a production server in debug mode.</p>"
        "</body></html>\n"
    )


def _close(app_iter: t.Iterable[bytes] | None) -> None:
    close = getattr(app_iter, "close", None)
    if close is not None:
        close()


class DebuggedApplication:
    """WSGI middleware: an exception escaping ``app`` becomes the debug page
    (500). Werkzeug's parameters are accepted; there is no console, so
    ``evalex``, ``console_path`` and the PIN settings have no effect."""

    def __init__(
        self,
        app: WSGIApplication,
        evalex: bool = False,
        request_key: str = "werkzeug.request",
        console_path: str = "/console",
        console_init_func: t.Callable[[], dict[str, t.Any]] | None = None,
        show_hidden_frames: bool = False,
        pin_security: bool = True,
        pin_logging: bool = True,
    ) -> None:
        self.app = app
        self.evalex = evalex
        self.request_key = request_key
        self.console_path = console_path
        self.console_init_func = console_init_func
        self.show_hidden_frames = show_hidden_frames

    def __call__(
        self, environ: WSGIEnvironment, start_response: StartResponse
    ) -> t.Iterable[bytes]:
        return self.debug_application(environ, start_response)

    def debug_application(
        self, environ: WSGIEnvironment, start_response: StartResponse
    ) -> t.Iterator[bytes]:
        """Run the app; on an exception, answer with the debug page if the
        response has not started, and log the traceback to ``wsgi.errors``."""
        app_iter: t.Iterable[bytes] | None = None
        try:
            app_iter = self.app(environ, start_response)
            yield from app_iter
            _close(app_iter)
        except Exception as e:
            _close(app_iter)
            body = render_debug_page(e, skip=1).encode("utf-8", "replace")
            try:
                start_response(
                    "500 INTERNAL SERVER ERROR",
                    [
                        ("Content-Type", "text/html; charset=utf-8"),
                        ("Content-Length", str(len(body))),
                        ("X-XSS-Protection", "0"),
                    ],
                    sys.exc_info(),
                )
            except Exception:
                environ["wsgi.errors"].write(
                    "Debugging middleware caught exception in streamed"
                    " response at a point where response headers were already"
                    " sent.\n"
                )
            else:
                yield body
            environ["wsgi.errors"].write(
                "".join(traceback.format_exception(type(e), e, e.__traceback__))
            )
