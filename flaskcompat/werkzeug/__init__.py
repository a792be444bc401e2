"""The Werkzeug layer: Werkzeug 3.1's modules that Flask stands on, one module
per Werkzeug module (``flaskcompat.werkzeug.routing`` for ``werkzeug.routing``,
...). Nothing here imports the Flask layer above it.
"""

from __future__ import annotations

# http first: datastructures, exceptions and http import each other, and only
# this order resolves whichever submodule is imported first.
from . import http as http
from .serving import run_simple as run_simple
from .test import Client as Client
from .wrappers import Request as Request
from .wrappers import Response as Response
