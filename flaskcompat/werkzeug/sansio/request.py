"""``werkzeug.sansio.request``: the request without WSGI I/O.

flaskcompat's request object is one class (:class:`..wrappers.Request`); it is
this module's ``Request`` too, so ``isinstance(request, sansio.request.Request)``
holds as on Werkzeug, where the WSGI request subclasses the sans-IO one.
"""

from __future__ import annotations

from ..wrappers.request import Request as Request

__all__ = ["Request"]
