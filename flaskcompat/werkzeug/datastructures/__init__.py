"""Werkzeug-compatible data structures: multi dicts, headers, uploaded files,
parsed header values (accept, cache control, entity tags, ranges).

``MultiDict`` stores a list of values per key but reads like a plain dict
(first value); ``Headers`` is an ordered, case-insensitive list of header
pairs; ``FileStorage`` wraps an uploaded file. Semantics follow
``werkzeug.datastructures`` (also a package) so code written for Flask keeps
working.
"""

from __future__ import annotations

import typing as t

from .accept import Accept as Accept
from .accept import CharsetAccept as CharsetAccept
from .accept import LanguageAccept as LanguageAccept
from .accept import MIMEAccept as MIMEAccept
from .auth import Authorization as Authorization
from .auth import WWWAuthenticate as WWWAuthenticate
from .cache_control import RequestCacheControl as RequestCacheControl
from .cache_control import ResponseCacheControl as ResponseCacheControl
from .csp import ContentSecurityPolicy as ContentSecurityPolicy
from .etag import ETags as ETags
from .file_storage import FileMultiDict as FileMultiDict
from .file_storage import FileStorage as FileStorage
from .headers import EnvironHeaders as EnvironHeaders
from .headers import Headers as Headers
from .headers import HeaderSet as HeaderSet
from .mixins import ImmutableHeadersMixin as ImmutableHeadersMixin
from .mixins import ImmutableListMixin as ImmutableListMixin
from .range import ContentRange as ContentRange
from .range import IfRange as IfRange
from .range import Range as Range
from .structures import CallbackDict as CallbackDict
from .structures import CombinedMultiDict as CombinedMultiDict
from .structures import ImmutableDict as ImmutableDict
from .structures import ImmutableDictMixin as ImmutableDictMixin
from .structures import ImmutableList as ImmutableList
from .structures import ImmutableMultiDict as ImmutableMultiDict
from .structures import ImmutableMultiDictMixin as ImmutableMultiDictMixin
from .structures import ImmutableTypeConversionDict as ImmutableTypeConversionDict
from .structures import MultiDict as MultiDict
from .structures import TypeConversionDict as TypeConversionDict
from .structures import UpdateDictMixin as UpdateDictMixin
from .structures import iter_multi_items as iter_multi_items

if not t.TYPE_CHECKING:

    def __getattr__(name: str) -> t.Any:
        """``OrderedMultiDict`` and ``ImmutableOrderedMultiDict``, deprecated in
        Werkzeug 3.1, with its ``DeprecationWarning``."""
        if name in ("OrderedMultiDict", "ImmutableOrderedMultiDict"):
            import warnings

            from . import ordered

            instead = name.replace("Ordered", "")
            warnings.warn(
                "'OrderedMultiDict' is deprecated and will be removed in Werkzeug"
                f" 3.2. Use '{instead}' instead.",
                DeprecationWarning,
                stacklevel=2,
            )
            return getattr(ordered, name)
        raise AttributeError(name)
