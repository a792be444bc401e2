"""flaskcompat: Flask's public API over the Bottle web framework.

``import flaskcompat as flask`` - the names are Flask's (``flask/__init__.py``).
"""

from __future__ import annotations

from . import json as json
from .app import Flask as Flask
from .config import Config as Config
from .ctx import after_this_request as after_this_request
from .ctx import copy_current_request_context as copy_current_request_context
from .ctx import has_app_context as has_app_context
from .ctx import has_request_context as has_request_context
from .globals import current_app as current_app
from .globals import g as g
from .globals import request as request
from .globals import session as session
from .helpers import abort as abort
from .helpers import make_response as make_response
from .helpers import redirect as redirect
from .helpers import safe_join as safe_join
from .helpers import send_file as send_file
from .helpers import send_from_directory as send_from_directory
from .helpers import url_for as url_for
from .json import jsonify as jsonify
from .sessions import Session as Session
from .wrappers import Request as Request
from .wrappers import Response as Response
