"""The parsed-header attributes Flask's ``Request`` and ``Response`` inherit
from Werkzeug (``werkzeug.sansio.request`` and ``werkzeug.sansio.response``):
content negotiation, caching, conditional and range requests, CORS.

Every attribute is computed when read: request values are parsed once and
cached on the instance, response values read and write ``self.headers``
(live objects such as :attr:`ResponseHeadersMixin.cache_control` write their
changes back). Nothing here runs while a request or response is created.
"""

from __future__ import annotations

import typing as t
from datetime import datetime, timedelta, timezone

from ..datastructures import (
    Accept,
    CharsetAccept,
    ContentRange,
    ETags,
    HeaderSet,
    IfRange,
    LanguageAccept,
    MIMEAccept,
    Range,
    RequestCacheControl,
    ResponseCacheControl,
)
from ..http import (
    dump_age,
    dump_header,
    http_date,
    parse_accept_header,
    parse_age,
    parse_cache_control_header,
    parse_content_range_header,
    parse_date,
    parse_etags,
    parse_if_range_header,
    parse_range_header,
    parse_set_header,
    quote_etag,
    unquote_etag,
)
from .descriptors import _EnvironProperty, _HeaderProperty, _lazy, _set_property

if t.TYPE_CHECKING:
    from _typeshed.wsgi import WSGIEnvironment

    from ..datastructures import Headers
    from ..datastructures.cache_control import _CacheControl


class RequestHeadersMixin:
    """The request headers Werkzeug parses: ``Accept*``, ``Cache-Control``,
    the conditional and range headers, CORS preflight headers, and the WSGI
    server flags.
    """

    environ: WSGIEnvironment

    # --- content negotiation --------------------------------------------------

    @_lazy
    def accept_mimetypes(self) -> MIMEAccept:
        """The ``Accept`` header as a :class:`MIMEAccept`."""
        return parse_accept_header(self.environ.get("HTTP_ACCEPT"), MIMEAccept)

    @_lazy
    def accept_charsets(self) -> CharsetAccept:
        """The ``Accept-Charset`` header as a :class:`CharsetAccept`."""
        return parse_accept_header(
            self.environ.get("HTTP_ACCEPT_CHARSET"), CharsetAccept
        )

    @_lazy
    def accept_encodings(self) -> Accept:
        """The ``Accept-Encoding`` header (``gzip``, ``br``...) as an
        :class:`Accept`.
        """
        return parse_accept_header(self.environ.get("HTTP_ACCEPT_ENCODING"))

    @_lazy
    def accept_languages(self) -> LanguageAccept:
        """The ``Accept-Language`` header as a :class:`LanguageAccept`."""
        return parse_accept_header(
            self.environ.get("HTTP_ACCEPT_LANGUAGE"), LanguageAccept
        )

    # --- caching and conditional requests ---------------------------------------

    @_lazy
    def cache_control(self) -> RequestCacheControl:
        """The ``Cache-Control`` header as a read-only
        :class:`RequestCacheControl`.
        """
        return parse_cache_control_header(
            self.environ.get("HTTP_CACHE_CONTROL"), None, RequestCacheControl
        )

    @_lazy
    def pragma(self) -> HeaderSet:
        """The ``Pragma`` header as a :class:`HeaderSet`."""
        return parse_set_header(self.environ.get("HTTP_PRAGMA", ""))

    @_lazy
    def if_match(self) -> ETags:
        """The entity tags of the ``If-Match`` header."""
        return parse_etags(self.environ.get("HTTP_IF_MATCH"))

    @_lazy
    def if_none_match(self) -> ETags:
        """The entity tags of the ``If-None-Match`` header."""
        return parse_etags(self.environ.get("HTTP_IF_NONE_MATCH"))

    @_lazy
    def if_modified_since(self) -> datetime | None:
        """The ``If-Modified-Since`` date (timezone-aware), or ``None``."""
        return parse_date(self.environ.get("HTTP_IF_MODIFIED_SINCE"))

    @_lazy
    def if_unmodified_since(self) -> datetime | None:
        """The ``If-Unmodified-Since`` date (timezone-aware), or ``None``."""
        return parse_date(self.environ.get("HTTP_IF_UNMODIFIED_SINCE"))

    @_lazy
    def if_range(self) -> IfRange:
        """The ``If-Range`` header: an entity tag or a date (or neither)."""
        return parse_if_range_header(self.environ.get("HTTP_IF_RANGE"))

    @_lazy
    def range(self) -> Range | None:
        """The ``Range`` header, or ``None`` if missing or malformed."""
        return parse_range_header(self.environ.get("HTTP_RANGE"))

    # --- other headers (read each time, read-only) -------------------------------

    date = _EnvironProperty(
        "HTTP_DATE", parse_date, doc="The ``Date`` header as a datetime, or None."
    )
    max_forwards = _EnvironProperty(
        "HTTP_MAX_FORWARDS", int, doc="The ``Max-Forwards`` header as an int."
    )
    content_md5 = _EnvironProperty[str](
        "HTTP_CONTENT_MD5", doc="The ``Content-MD5`` header."
    )
    access_control_request_headers = _EnvironProperty(
        "HTTP_ACCESS_CONTROL_REQUEST_HEADERS",
        parse_set_header,
        doc="The headers a CORS preflight announces, as a HeaderSet.",
    )
    access_control_request_method = _EnvironProperty[str](
        "HTTP_ACCESS_CONTROL_REQUEST_METHOD",
        doc="The method a CORS preflight announces.",
    )

    # --- the WSGI server --------------------------------------------------------

    is_multithread = _EnvironProperty[bool](
        "wsgi.multithread", doc="Whether the server runs the app in threads."
    )
    is_multiprocess = _EnvironProperty[bool](
        "wsgi.multiprocess", doc="Whether the server runs the app in processes."
    )
    is_run_once = _EnvironProperty[bool](
        "wsgi.run_once", doc="Whether the app runs once per process (CGI)."
    )


class ResponseHeadersMixin:
    """The response headers as attributes (Werkzeug's), each reading and
    writing ``self.headers``.
    """

    if t.TYPE_CHECKING:

        @property
        def headers(self) -> Headers: ...

    # --- content ----------------------------------------------------------------

    content_type = _HeaderProperty[str]("Content-Type", doc="The Content-Type header.")
    content_length = _HeaderProperty(
        "Content-Length", int, str, doc="The Content-Length header as an int."
    )
    content_encoding = _HeaderProperty[str](
        "Content-Encoding", doc="The Content-Encoding header."
    )
    content_location = _HeaderProperty[str](
        "Content-Location", doc="The Content-Location header."
    )
    content_md5 = _HeaderProperty[str]("Content-MD5", doc="The Content-MD5 header.")
    content_language = _set_property(
        "Content-Language", "The Content-Language header as a live HeaderSet."
    )
    location = _HeaderProperty[str]("Location", doc="The Location header.")
    vary = _set_property("Vary", "The Vary header as a live HeaderSet.")
    allow = _set_property("Allow", "The Allow header as a live HeaderSet.")

    # --- dates and caching --------------------------------------------------------

    date = _HeaderProperty(
        "Date", parse_date, http_date, doc="The Date header as a datetime."
    )
    expires = _HeaderProperty(
        "Expires", parse_date, http_date, doc="The Expires header as a datetime."
    )
    last_modified = _HeaderProperty(
        "Last-Modified",
        parse_date,
        http_date,
        doc="The Last-Modified header as a datetime.",
    )
    age = _HeaderProperty(
        "Age", parse_age, dump_age, doc="The Age header as a timedelta."
    )

    @property
    def retry_after(self) -> datetime | None:
        """The ``Retry-After`` header as a datetime (a number of seconds is
        counted from now). Set a datetime, seconds or ``None``.
        """
        value = self.headers.get("retry-after")
        if value is None:
            return None
        try:
            seconds = int(value)
        except ValueError:
            return parse_date(value)
        return datetime.now(timezone.utc) + timedelta(seconds=seconds)

    @retry_after.setter
    def retry_after(self, value: datetime | int | str | None) -> None:
        if value is None:
            self.headers.remove("retry-after")
            return
        if isinstance(value, datetime):
            self.headers["Retry-After"] = http_date(value)
        else:
            self.headers["Retry-After"] = str(value)

    @property
    def cache_control(self) -> ResponseCacheControl:
        """The ``Cache-Control`` header as a :class:`ResponseCacheControl`;
        changing it rewrites the header (removed when empty).
        """

        def on_update(cache_control: _CacheControl) -> None:
            if cache_control:
                self.headers["Cache-Control"] = cache_control.to_header()
            else:
                self.headers.remove("cache-control")

        return parse_cache_control_header(
            self.headers.get("cache-control"), on_update, ResponseCacheControl
        )

    def set_etag(self, etag: str, weak: bool = False) -> None:
        """Set the ``ETag`` header (quoted, ``W/`` prefixed if weak)."""
        self.headers["ETag"] = quote_etag(etag, weak)

    def get_etag(self) -> tuple[str, bool] | tuple[None, None]:
        """``(etag, is_weak)`` from the ``ETag`` header, or ``(None, None)``."""
        return unquote_etag(self.headers.get("ETag"))

    # --- ranges -------------------------------------------------------------------

    accept_ranges = _HeaderProperty[str](
        "Accept-Ranges", doc="The Accept-Ranges header (``bytes`` or ``none``)."
    )

    @property
    def content_range(self) -> ContentRange:
        """The ``Content-Range`` header as a live :class:`ContentRange`, also
        when the header is not set (:meth:`ContentRange.unset` removes it).
        """

        def on_update(rng: ContentRange) -> None:
            if rng:
                self.headers["Content-Range"] = rng.to_header()
            else:
                self.headers.remove("content-range")

        rv = parse_content_range_header(self.headers.get("content-range"), on_update)
        if rv is None:
            rv = ContentRange(None, None, None, on_update=on_update)
        return rv

    @content_range.setter
    def content_range(self, value: ContentRange | str | None) -> None:
        if not value:
            self.headers.remove("content-range")
        elif isinstance(value, str):
            self.headers["Content-Range"] = value
        else:
            self.headers["Content-Range"] = value.to_header()

    # --- CORS ---------------------------------------------------------------------

    @property
    def access_control_allow_credentials(self) -> bool:
        """Whether the browser may share credentials with the script (the
        header is present); set ``True`` to send ``true``.
        """
        return "Access-Control-Allow-Credentials" in self.headers

    @access_control_allow_credentials.setter
    def access_control_allow_credentials(self, value: bool | None) -> None:
        if value is True:
            self.headers["Access-Control-Allow-Credentials"] = "true"
        else:
            self.headers.remove("Access-Control-Allow-Credentials")

    access_control_allow_headers = _HeaderProperty(
        "Access-Control-Allow-Headers",
        parse_set_header,
        dump_header,
        doc="The headers a cross origin request may send, as a HeaderSet.",
    )
    access_control_allow_methods = _HeaderProperty(
        "Access-Control-Allow-Methods",
        parse_set_header,
        dump_header,
        doc="The methods a cross origin request may use, as a HeaderSet.",
    )
    access_control_allow_origin = _HeaderProperty[str](
        "Access-Control-Allow-Origin",
        doc="The origin (or ``*``) allowed to make cross origin requests.",
    )
    access_control_expose_headers = _HeaderProperty(
        "Access-Control-Expose-Headers",
        parse_set_header,
        dump_header,
        doc="The headers the browser may show to the script, as a HeaderSet.",
    )
    access_control_max_age = _HeaderProperty(
        "Access-Control-Max-Age",
        int,
        str,
        doc="How long (seconds) the preflight answer may be cached.",
    )
