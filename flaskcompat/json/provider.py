"""JSON providers: how an app dumps and loads JSON (``app.json``)."""

from __future__ import annotations

import dataclasses
import decimal
import json
import typing as t
import uuid
import warnings
import weakref
from datetime import date

from ..werkzeug.http import http_date

if t.TYPE_CHECKING:  # pragma: no cover
    from ..sansio.app import App
    from ..wrappers import Response


class JSONProvider:
    """A standard set of JSON operations for an application.

    Subclass it and implement at least :meth:`dumps` and :meth:`loads` to use
    another JSON library; set it as ``app.json`` or ``Flask.json_provider_class``.
    """

    def __init__(self, app: App) -> None:
        self._app: App = weakref.proxy(app)

    def dumps(self, obj: t.Any, **kwargs: t.Any) -> str:
        """Serialize data as JSON."""
        raise NotImplementedError

    def dump(self, obj: t.Any, fp: t.IO[str], **kwargs: t.Any) -> None:
        """Serialize data as JSON and write it to a text file."""
        fp.write(self.dumps(obj, **kwargs))

    def loads(self, s: str | bytes, **kwargs: t.Any) -> t.Any:
        """Deserialize data from JSON text or UTF-8 bytes."""
        raise NotImplementedError

    def load(self, fp: t.IO[t.AnyStr], **kwargs: t.Any) -> t.Any:
        """Deserialize data read from a file."""
        return self.loads(fp.read(), **kwargs)

    def _prepare_response_obj(
        self, args: tuple[t.Any, ...], kwargs: dict[str, t.Any]
    ) -> t.Any:
        if args and kwargs:
            raise TypeError("app.json.response() takes either args or kwargs, not both")
        if not args and not kwargs:
            return None
        if len(args) == 1:
            return args[0]
        return args or kwargs

    def response(self, *args: t.Any, **kwargs: t.Any) -> Response:
        """A ``application/json`` response of the arguments (see ``jsonify``)."""
        obj = self._prepare_response_obj(args, kwargs)
        return self._app.response_class(self.dumps(obj), mimetype="application/json")


def _default(o: t.Any) -> t.Any:
    if isinstance(o, date):
        return http_date(o)
    if isinstance(o, (decimal.Decimal, uuid.UUID)):
        return str(o)
    if dataclasses.is_dataclass(o):
        return dataclasses.asdict(o)  # type: ignore[arg-type]
    if hasattr(o, "__html__"):
        return str(o.__html__())
    raise TypeError(f"Object of type {type(o).__name__} is not JSON serializable")


_ENCODER_OPTIONS = frozenset(
    ("default", "ensure_ascii", "sort_keys", "separators", "indent")
)
_COMPACT = (",", ":")
# json's C encoder (None where the C accelerator is missing).
_c_make_encoder: t.Any = getattr(json.encoder, "c_make_encoder", None)
_encode_ascii: t.Any = json.encoder.encode_basestring_ascii
_encode_str: t.Any = json.encoder.encode_basestring
#: Flask 2.2's JSON config keys: while none is in the config, none is read.
_LEGACY_KEYS = frozenset(
    (
        "JSON_AS_ASCII",
        "JSON_SORT_KEYS",
        "JSONIFY_PRETTYPRINT_REGULAR",
        "JSONIFY_MIMETYPE",
    )
)


def _legacy_config(config: t.Mapping[str, t.Any], key: str, attribute: str) -> t.Any:
    """The value of one of Flask 2.2's deprecated JSON config keys, or ``None``.

    The keys are not in the default config any more; set to anything but
    ``None`` they override the provider's attribute, with a
    :exc:`DeprecationWarning`, as in Flask 2.2.
    """
    value = config.get(key)
    if value is not None:
        warnings.warn(
            f"The '{key}' config key is deprecated and was removed in Flask"
            f" 2.3. Set 'app.json.{attribute}' instead.",
            DeprecationWarning,
            stacklevel=3,
        )
    return value


class DefaultJSONProvider(JSONProvider):
    """JSON with the standard library, plus dates (HTTP date strings), decimals,
    UUIDs, dataclasses and objects with ``__html__``.

    Flask 2.2's deprecated config keys ``JSON_AS_ASCII``, ``JSON_SORT_KEYS``,
    ``JSONIFY_PRETTYPRINT_REGULAR`` and ``JSONIFY_MIMETYPE`` still override
    :attr:`ensure_ascii`, :attr:`sort_keys`, :attr:`compact` (inverted) and
    :attr:`mimetype` when set, with a :exc:`DeprecationWarning`.
    """

    default: t.Callable[[t.Any], t.Any] = staticmethod(_default)
    ensure_ascii = True
    sort_keys = True
    #: ``True``, or ``None`` outside debug mode: :meth:`response` writes compact JSON.
    compact: bool | None = None
    mimetype = "application/json"

    def dumps(self, obj: t.Any, **kwargs: t.Any) -> str:
        """``json.dumps`` with this provider's ``default``, ``ensure_ascii`` and
        ``sort_keys`` as defaults."""
        config = self._app.config
        if config.keys().isdisjoint(_LEGACY_KEYS):
            ensure_ascii = sort_keys = None  # the common case: one set lookup
        else:
            ensure_ascii = _legacy_config(config, "JSON_AS_ASCII", "ensure_ascii")
            sort_keys = _legacy_config(config, "JSON_SORT_KEYS", "sort_keys")
        kwargs.setdefault("default", self.default)
        kwargs.setdefault(
            "ensure_ascii", self.ensure_ascii if ensure_ascii is None else ensure_ascii
        )
        kwargs.setdefault(
            "sort_keys", self.sort_keys if sort_keys is None else sort_keys
        )
        if kwargs.keys() <= _ENCODER_OPTIONS:
            # json.dumps builds an encoder per call; reuse one per set of options.
            key = (
                kwargs["default"],
                kwargs["ensure_ascii"],
                kwargs["sort_keys"],
                kwargs.get("separators"),
                kwargs.get("indent"),
            )
            try:
                encoder = self._encoders.get(key)
            except TypeError:  # an unhashable option, e.g. separators as a list
                return json.dumps(obj, **kwargs)
            if encoder is None:
                encoder = self._encoders[key] = json.JSONEncoder(**kwargs)
            return encoder.encode(obj)
        return json.dumps(obj, **kwargs)

    @property
    def _encoders(self) -> dict[tuple[t.Any, ...], json.JSONEncoder]:
        encoders = self.__dict__.get("_encoder_cache")
        if encoders is None:
            encoders = self.__dict__["_encoder_cache"] = {}
        return encoders

    def loads(self, s: str | bytes, **kwargs: t.Any) -> t.Any:
        """``json.loads``."""
        return json.loads(s, **kwargs)

    def response(self, *args: t.Any, **kwargs: t.Any) -> Response:
        """A JSON response; indented in debug mode or when ``compact`` is False."""
        return self._response(self._prepare_response_obj(args, kwargs))

    def _response(self, obj: t.Any) -> Response:
        """:meth:`response` of one value (``jsonify`` calls it directly when
        the provider's class keeps this ``response``)."""
        app = self._app
        config = app.config
        legacy = not config.keys().isdisjoint(_LEGACY_KEYS)
        if not legacy:
            compact = self.compact
            mimetype = self.mimetype
        else:
            pretty = _legacy_config(config, "JSONIFY_PRETTYPRINT_REGULAR", "compact")
            compact = self.compact if pretty is None else not pretty
            mimetype = _legacy_config(config, "JSONIFY_MIMETYPE", "mimetype")
            if mimetype is None:
                mimetype = self.mimetype
        if (compact is None and app.debug) or compact is False:
            text = self.dumps(obj, indent=2)
        elif (
            type(self).dumps is DefaultJSONProvider.dumps
            and not legacy
            and _c_make_encoder is not None
        ):
            # What dumps(obj, separators=_COMPACT) does (json's C encoder, as
            # JSONEncoder.encode uses it), without its Python-level steps.
            encode_str = _encode_ascii if self.ensure_ascii else _encode_str
            text = "".join(
                _c_make_encoder(
                    {}, self.default, encode_str, None, ":", ",",
                    self.sort_keys, False, True,
                )(obj, 0)
            )  # fmt: skip
        else:
            text = self.dumps(obj, separators=_COMPACT)
        return app.response_class(f"{text}\n", mimetype=mimetype)
