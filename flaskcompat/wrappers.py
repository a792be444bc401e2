"""``flask.wrappers``: Flask's :class:`Request` and :class:`Response`.

They add to Werkzeug's classes what needs the app: limits and JSON from the
current app's config and provider, and the matched rule, endpoint and
blueprint.
"""

from __future__ import annotations

import typing as t

from . import json
from .globals import _cv_app
from .helpers import _split_blueprint_path
from .werkzeug.exceptions import BadRequest
from .werkzeug.wrappers import Request as RequestBase
from .werkzeug.wrappers import Response as ResponseBase

if t.TYPE_CHECKING:  # pragma: no cover
    from .werkzeug.routing import Rule


def _config_value(name: str, default: int | None) -> t.Any:
    """The current app's config value ``name``; ``default`` outside an app."""
    ctx = _cv_app.get(None)
    return default if ctx is None else ctx.app.config[name]


class Request(RequestBase):
    """The request object (:data:`flask.request`) for one WSGI environ.

    Creating it is cheap: all values are computed when first read. Subclass it
    and set :attr:`Flask.request_class` to customise.
    """

    json_module: t.Any = json

    #: The routing rule that matched (set by the app), else ``None``.
    url_rule: Rule | None = None
    #: The matched view arguments (set by the app), else ``None``.
    view_args: dict[str, t.Any] | None = None
    #: The exception URL matching raised (404, 405, redirect), else ``None``.
    routing_exception: Exception | None = None

    _max_content_length: int | None = None
    _max_form_memory_size: int | None = None
    _max_form_parts: int | None = None

    @property
    def max_content_length(self) -> int | None:
        """Most bytes read from the body (413 beyond): set per request, else
        ``MAX_CONTENT_LENGTH``, else no limit.
        """
        if self._max_content_length is not None:
            return self._max_content_length
        return _config_value("MAX_CONTENT_LENGTH", None)  # type: ignore[no-any-return]

    @max_content_length.setter
    def max_content_length(self, value: int | None) -> None:
        self._max_content_length = value

    @property
    def max_form_memory_size(self) -> int | None:
        """Largest non-file form field (413 beyond): set per request, else
        ``MAX_FORM_MEMORY_SIZE``, else 500 000 bytes.
        """
        if self._max_form_memory_size is not None:
            return self._max_form_memory_size
        return _config_value(  # type: ignore[no-any-return]
            "MAX_FORM_MEMORY_SIZE", RequestBase.max_form_memory_size
        )

    @max_form_memory_size.setter
    def max_form_memory_size(self, value: int | None) -> None:
        self._max_form_memory_size = value

    @property
    def max_form_parts(self) -> int | None:
        """Most multipart parts (413 beyond): set per request, else
        ``MAX_FORM_PARTS``, else 1000.
        """
        if self._max_form_parts is not None:
            return self._max_form_parts
        return _config_value(  # type: ignore[no-any-return]
            "MAX_FORM_PARTS", RequestBase.max_form_parts
        )

    @max_form_parts.setter
    def max_form_parts(self, value: int | None) -> None:
        self._max_form_parts = value

    @property
    def endpoint(self) -> str | None:
        """The matched endpoint, or ``None``."""
        if self.url_rule is not None:
            return self.url_rule.endpoint
        return None

    @property
    def blueprint(self) -> str | None:
        """The registered name of the matched blueprint, or ``None``."""
        endpoint = self.endpoint
        if endpoint is not None and "." in endpoint:
            return endpoint.rpartition(".")[0]
        return None

    @property
    def blueprints(self) -> list[str]:
        """The matched blueprint and its parents, innermost first."""
        name = self.blueprint
        if name is None:
            return []
        return list(_split_blueprint_path(name))

    def _load_form_data(self) -> None:
        super()._load_form_data()
        # In debug mode, request.files[key] explains a file field sent
        # without multipart/form-data (Flask's DebugFilesKeyError).
        ctx = _cv_app.get(None)
        if (
            ctx is not None
            and ctx.app.debug
            and self.mimetype != "multipart/form-data"
            and not self.files
        ):
            from .debughelpers import attach_enctype_error_multidict

            attach_enctype_error_multidict(self)

    def on_json_loading_failed(self, e: ValueError | None) -> t.Any:
        """415 for a wrong content type; 400 for malformed JSON, with the
        parse error as the description in debug mode only.
        """
        try:
            return super().on_json_loading_failed(e)
        except BadRequest as ebr:
            ctx = _cv_app.get(None)
            if e is None or (ctx is not None and ctx.app.debug):
                raise
            raise BadRequest() from ebr


class Response(ResponseBase):
    """The response object Flask's views return; ``text/html`` by default."""

    default_mimetype: str | None = "text/html"
    json_module: t.Any = json
    autocorrect_location_header = False

    @property
    def max_cookie_size(self) -> int:  # type: ignore[override]
        """``MAX_COOKIE_SIZE`` of the current app, else 4093: a larger cookie
        triggers a warning.
        """
        ctx = _cv_app.get(None)
        if ctx is not None:
            return ctx.app.config["MAX_COOKIE_SIZE"]  # type: ignore[no-any-return]
        return super().max_cookie_size
