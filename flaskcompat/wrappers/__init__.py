"""``flask.wrappers``: the :class:`Request` and :class:`Response` classes."""

from .request import Request as Request
from .request import UserAgent as UserAgent
from .request import _get_host as _get_host
from .response import ClosingIterator as ClosingIterator
from .response import Response as Response
from .response import _run_wsgi_app as _run_wsgi_app
from .response import get_content_type as get_content_type
