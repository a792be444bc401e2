"""``werkzeug.sansio.response``: the response without WSGI I/O.

flaskcompat's response object is one class (:class:`..wrappers.Response`); it is
this module's ``Response`` too, so ``isinstance(resp, sansio.response.Response)``
holds as on Werkzeug, where the WSGI response subclasses the sans-IO one.
"""

from __future__ import annotations

from ..wrappers.response import Response as Response

__all__ = ["Response"]
