"""The one line that picks the framework.

The example is written against flaskcompat; to run the very same code on Flask,
change ``flaskcompat`` to ``flask`` in the import below. Every other module of
the example imports these names from here.
"""

from flaskcompat import (
    Blueprint,
    Flask,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_from_directory,
    session,
    url_for,
    views,
)

__all__ = [
    "Blueprint",
    "Flask",
    "Response",
    "abort",
    "current_app",
    "flash",
    "redirect",
    "render_template",
    "request",
    "send_from_directory",
    "session",
    "url_for",
    "views",
]
