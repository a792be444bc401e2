"""Sessions: Flask's session interface and its signed-cookie implementation.

The cookie format is Flask's (itsdangerous ``URLSafeTimedSerializer``, salt
``"cookie-session"``, HMAC-SHA1, tagged JSON payload), so a cookie written by
Flask is read by flaskcompat and the other way round, given the same secret.
"""

from __future__ import annotations

import base64
import collections.abc as c
import functools
import hashlib
import hmac
import struct
import typing as t
import weakref
import zlib
from collections.abc import MutableMapping
from datetime import datetime, timezone

from itsdangerous import (
    BadSignature,
    TimestampSigner,
    URLSafeTimedSerializer,
    want_bytes,
)

from .json.tag import TaggedJSONSerializer
from .werkzeug.datastructures import CallbackDict

if t.TYPE_CHECKING:  # pragma: no cover
    from .app import Flask
    from .wrappers import Request, Response


class SessionMixin(MutableMapping[str, t.Any]):
    """Adds the session attributes to a basic dictionary."""

    @property
    def permanent(self) -> bool:
        """Reflects the ``'_permanent'`` key in the dict."""
        return self.get("_permanent", False)  # type: ignore[no-any-return]

    @permanent.setter
    def permanent(self, value: bool) -> None:
        self["_permanent"] = bool(value)

    #: Whether the session is new. Not every backend can tell; the mixin
    #: default is ``False``.
    new = False

    #: Whether the session changed. Backends that track changes set this;
    #: the mixin default is ``True``.
    modified = True

    #: Whether the session was accessed, even if not modified. The request
    #: context sets it when the session is accessed through it (including
    #: the ``session`` proxy); a ``Vary: Cookie`` header is added if true.
    accessed = False


class SecureCookieSession(CallbackDict[str, t.Any], SessionMixin):
    """The session stored in a signed cookie.

    Sets :attr:`modified` on every change of the dict itself (not of mutable
    values inside it). :attr:`new` stays ``False``.
    """

    #: Set to ``True`` when the dict is changed. The cookie is only written
    #: when this is true (or the session is permanent and refreshed).
    modified = False

    def __init__(self, initial: c.Mapping[str, t.Any] | None = None) -> None:
        def on_update(self: SecureCookieSession) -> None:
            self.modified = True

        super().__init__(initial, on_update)


#: The seed's older name for the session class.
Session = SecureCookieSession


class NullSession(SecureCookieSession):
    """The session used when no secret key is set: reads see an empty
    session, writes raise a helpful :exc:`RuntimeError`."""

    def _fail(self, *args: t.Any, **kwargs: t.Any) -> t.NoReturn:
        raise RuntimeError(
            "The session is unavailable because no secret "
            "key was set.  Set the secret_key on the "
            "application to something unique and secret."
        )

    __setitem__ = __delitem__ = clear = pop = popitem = update = setdefault = _fail
    del _fail


class SessionInterface:
    """The interface to implement to replace the session backend.

    Only :meth:`open_session` and :meth:`save_session` must be implemented.
    The session returned by :meth:`open_session` needs a dict interface plus
    :class:`SessionMixin`'s attributes. Returning ``None`` from
    :meth:`open_session` makes the app use :meth:`make_null_session`.
    Install it with ``app.session_interface = MySessionInterface()``.
    """

    #: The class :meth:`make_null_session` creates and
    #: :meth:`is_null_session` checks for.
    null_session_class = NullSession

    #: Whether the interface is pickle based (a hint for extensions).
    pickle_based = False

    def make_null_session(self, app: Flask) -> NullSession:
        """Create the read-only stand-in session used when the real one
        could not be opened."""
        return self.null_session_class()

    def is_null_session(self, obj: object) -> bool:
        """Whether ``obj`` is a null session (null sessions are not saved)."""
        return isinstance(obj, self.null_session_class)

    def _can_defer_open(self, app: Flask, request: Request) -> bool:
        """Whether opening the session can wait until it is first used, and be
        skipped if it never is. Not for an interface of unknown behaviour:
        Flask opens the session when the request context is pushed."""
        return False

    def get_cookie_name(self, app: Flask) -> str:
        """The cookie name, ``SESSION_COOKIE_NAME``."""
        return app.config["SESSION_COOKIE_NAME"]  # type: ignore[no-any-return]

    def get_cookie_domain(self, app: Flask) -> str | None:
        """The cookie's ``Domain``, ``SESSION_COOKIE_DOMAIN`` (unset: exact
        host only)."""
        return app.config["SESSION_COOKIE_DOMAIN"]  # type: ignore[no-any-return]

    def get_cookie_path(self, app: Flask) -> str:
        """The cookie's ``Path``: ``SESSION_COOKIE_PATH``, else
        ``APPLICATION_ROOT``."""
        return (  # type: ignore[no-any-return]
            app.config["SESSION_COOKIE_PATH"] or app.config["APPLICATION_ROOT"]
        )

    def get_cookie_httponly(self, app: Flask) -> bool:
        """Whether the cookie is ``HttpOnly``, ``SESSION_COOKIE_HTTPONLY``."""
        return app.config["SESSION_COOKIE_HTTPONLY"]  # type: ignore[no-any-return]

    def get_cookie_secure(self, app: Flask) -> bool:
        """Whether the cookie is ``Secure``, ``SESSION_COOKIE_SECURE``."""
        return app.config["SESSION_COOKIE_SECURE"]  # type: ignore[no-any-return]

    def get_cookie_samesite(self, app: Flask) -> str | None:
        """The cookie's ``SameSite``, ``SESSION_COOKIE_SAMESITE``."""
        return app.config["SESSION_COOKIE_SAMESITE"]  # type: ignore[no-any-return]

    def get_cookie_partitioned(self, app: Flask) -> bool:
        """Whether the cookie is ``Partitioned``,
        ``SESSION_COOKIE_PARTITIONED``."""
        return app.config["SESSION_COOKIE_PARTITIONED"]  # type: ignore[no-any-return]

    def get_expiration_time(self, app: Flask, session: SessionMixin) -> datetime | None:
        """Now plus ``app.permanent_session_lifetime`` for a permanent
        session, else ``None`` (a browser-session cookie)."""
        if session.permanent:
            return datetime.now(timezone.utc) + app.permanent_session_lifetime
        return None

    def should_set_cookie(self, app: Flask, session: SessionMixin) -> bool:
        """Whether to send ``Set-Cookie``: the session was modified, or it is
        permanent and ``SESSION_REFRESH_EACH_REQUEST`` is true."""
        return session.modified or (
            session.permanent and app.config["SESSION_REFRESH_EACH_REQUEST"]
        )

    def open_session(self, app: Flask, request: Request) -> SessionMixin | None:
        """Load the session at the start of a request; ``None`` means use a
        null session."""
        raise NotImplementedError()

    def save_session(
        self, app: Flask, session: SessionMixin, response: Response
    ) -> None:
        """Store the session on the response at the end of a request (skipped
        for null sessions)."""
        raise NotImplementedError()


session_json_serializer = TaggedJSONSerializer()


def _lazy_sha1(string: bytes = b"") -> t.Any:
    """SHA-1, looked up only when used (FIPS builds may lack it)."""
    return hashlib.sha1(string)


@functools.lru_cache(maxsize=64)
def _derive_key(
    secret_key: bytes, salt: bytes, key_derivation: str, digest_method: t.Any
) -> bytes:
    signer = TimestampSigner(
        secret_key,
        salt=salt,
        key_derivation=key_derivation,
        digest_method=digest_method,
    )
    return signer.derive_key()


class _CachedKeySigner(TimestampSigner):
    """itsdangerous's timestamp signer, remembering derived keys: itsdangerous
    derives the key (an HMAC) again for every signature and every check. The
    signatures are the same."""

    def derive_key(self, secret_key: str | bytes | None = None) -> bytes:
        key = self.secret_keys[-1] if secret_key is None else want_bytes(secret_key)
        try:
            return _derive_key(key, self.salt, self.key_derivation, self.digest_method)
        except TypeError:  # an unhashable digest method: no caching
            return super().derive_key(secret_key)


_int64 = struct.Struct(">Q")


def _b64(data: bytes) -> bytes:
    return base64.urlsafe_b64encode(data).rstrip(b"=")


def _unb64(data: bytes) -> bytes:
    return base64.urlsafe_b64decode(data + b"=" * (-len(data) % 4))


class _SessionSerializer(URLSafeTimedSerializer):
    """itsdangerous's ``URLSafeTimedSerializer`` with HMAC-SHA1 and ``hmac``
    key derivation, its format written out in a few direct steps: the cookies
    are byte for byte itsdangerous's (``tests/test_session_format.py``
    compares them). Anything but a good, fresh cookie is handed to
    itsdangerous, so every error is itsdangerous's own."""

    def _keys(self) -> list[bytes]:
        """The derived keys, current key first (the order they are tried)."""
        keys = self.__dict__.get("_derived_keys")
        if keys is None:
            salt = want_bytes(self.salt)  # type: ignore[arg-type]
            keys = self.__dict__["_derived_keys"] = [
                _derive_key(key, salt, "hmac", hashlib.sha1)
                for key in reversed(self.secret_keys)
            ]
        return keys

    def _now(self) -> int:
        """The signer's clock (``TimestampSigner.get_timestamp``)."""
        signer = self.__dict__.get("_signer")
        if signer is None:
            signer = self.__dict__["_signer"] = self.make_signer()
        return signer.get_timestamp()  # type: ignore[no-any-return,union-attr]

    def dumps(self, obj: t.Any, salt: str | bytes | None = None) -> str:
        if salt is not None or not self.is_text_serializer:
            return super().dumps(obj, salt)
        payload = self.serializer.dumps(obj).encode()
        compressed = zlib.compress(payload)
        if len(compressed) < len(payload) - 1:
            payload = b"." + _b64(compressed)
        else:
            payload = _b64(payload)
        timestamp = _b64(_int64.pack(self._now()).lstrip(b"\x00"))
        value = b"%s.%s" % (payload, timestamp)
        signature = hmac.new(self._keys()[0], value, hashlib.sha1).digest()
        return f"{value.decode()}.{_b64(signature).decode()}"

    def loads(  # type: ignore[override]
        self,
        s: str | bytes,
        max_age: int | None = None,
        return_timestamp: bool = False,
        salt: str | bytes | None = None,
    ) -> t.Any:
        if return_timestamp or salt is not None or not self.is_text_serializer:
            return super().loads(s, max_age, return_timestamp, salt)
        try:
            signed = want_bytes(s)
            value, _, signature = signed.rpartition(b".")
            raw_signature = _unb64(signature)
            for key in self._keys():
                if hmac.compare_digest(
                    raw_signature, hmac.new(key, value, hashlib.sha1).digest()
                ):
                    break
            else:
                raise ValueError("bad signature")
            payload, sep, timestamp = value.rpartition(b".")
            raw_timestamp = _unb64(timestamp)
            if not sep or len(raw_timestamp) > 8:
                raise ValueError("bad timestamp")
            signed_at = int.from_bytes(raw_timestamp, "big")
            # itsdangerous makes it a datetime, which fails past year 9999.
            datetime.fromtimestamp(signed_at, timezone.utc)
            if max_age is not None:
                age = self._now() - signed_at
                if age > max_age or age < 0:
                    raise ValueError("expired")
            if payload[:1] == b".":
                data = zlib.decompress(_unb64(payload[1:]))
            else:
                data = _unb64(payload)
            return self.serializer.loads(data.decode())
        except Exception:
            # itsdangerous raises the error (or, should this code have been
            # stricter, returns the value).
            return super().loads(s, max_age, return_timestamp, salt)


def _vary_cookie(response: Response) -> None:
    """``response.vary.add("Cookie")``, without parsing the header when it
    is missing or says ``Cookie`` already."""
    vary = response.headers.get("Vary")
    if vary is None:
        response.headers.add("Vary", "Cookie")
    elif vary != "Cookie":
        response.vary.add("Cookie")


class SecureCookieSessionInterface(SessionInterface):
    """The default session interface: the session is stored in a cookie
    signed with :mod:`itsdangerous`."""

    #: The salt applied on top of the secret key when signing.
    salt = "cookie-session"
    #: The signature's hash function (SHA-1).
    digest_method = staticmethod(_lazy_sha1)
    #: The itsdangerous key derivation.
    key_derivation = "hmac"
    #: The payload serializer: compact tagged JSON.
    serializer = session_json_serializer
    session_class = SecureCookieSession

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        """The signing serializer for ``app``, or ``None`` without a secret
        key. ``SECRET_KEY_FALLBACKS`` are accepted for reading.

        Flask builds a new serializer on every request, and itsdangerous's
        constructor serializes a probe value each time; here one is kept per app
        and rebuilt whenever a setting it depends on changes.
        """
        if not app.secret_key:
            return None
        fallbacks = app.config["SECRET_KEY_FALLBACKS"]
        settings = (
            app.secret_key,
            tuple(fallbacks) if fallbacks else (),
            self.salt,
            self.serializer,
            self.key_derivation,
            self.digest_method,
        )
        cached = self._serializers.get(app)
        if cached is not None and cached[0] == settings:
            return cached[1]
        keys: list[str | bytes] = [*settings[1], app.secret_key]  # current key last
        digest_method = self.digest_method
        if digest_method is _lazy_sha1:
            # The same SHA-1, as OpenSSL's constructor: hmac then takes its fast
            # path instead of the pure-Python one a Python function forces.
            digest_method = hashlib.sha1
        serializer_class = URLSafeTimedSerializer
        if self.key_derivation == "hmac" and digest_method is hashlib.sha1:
            serializer_class = _SessionSerializer
        serializer = serializer_class(
            keys,  # type: ignore[arg-type]
            salt=self.salt,
            serializer=self.serializer,
            signer=_CachedKeySigner,
            signer_kwargs={
                "key_derivation": self.key_derivation,
                "digest_method": digest_method,
            },
        )
        self._serializers[app] = (settings, serializer)
        return serializer

    @property
    def _serializers(
        self,
    ) -> weakref.WeakKeyDictionary[
        Flask, tuple[tuple[t.Any, ...], URLSafeTimedSerializer]
    ]:
        """Per-app serializers, made on first use (the interface is shared)."""
        cache = self.__dict__.get("_serializer_cache")
        if cache is None:
            cache = self.__dict__["_serializer_cache"] = weakref.WeakKeyDictionary()
        return cache

    def _can_defer_open(self, app: Flask, request: Request) -> bool:
        """Without a session cookie in the request, the session would open new
        and empty, and ``save_session`` does nothing for a session that is empty
        and never used: it can be opened on first use, as long as this class's
        own opening and saving are in effect."""
        cls = type(self)
        return (
            cls.open_session is SecureCookieSessionInterface.open_session
            and cls.save_session is SecureCookieSessionInterface.save_session
            and cls.is_null_session is SessionInterface.is_null_session
            and self.get_cookie_name(app) not in request.environ.get("HTTP_COOKIE", "")
        )

    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        """Load the session from the cookie; a bad or expired signature gives
        a new empty session."""
        s = self.get_signing_serializer(app)
        if s is None:
            return None
        val = request.cookies.get(self.get_cookie_name(app))
        if not val:
            return self.session_class()
        max_age = int(app.permanent_session_lifetime.total_seconds())
        try:
            data = s.loads(val, max_age=max_age)
            return self.session_class(data)
        except BadSignature:
            return self.session_class()

    def save_session(
        self, app: Flask, session: SessionMixin, response: Response
    ) -> None:
        """Write, refresh or delete the session cookie on ``response``."""
        name = self.get_cookie_name(app)
        domain = self.get_cookie_domain(app)
        path = self.get_cookie_path(app)
        secure = self.get_cookie_secure(app)
        partitioned = self.get_cookie_partitioned(app)
        samesite = self.get_cookie_samesite(app)
        httponly = self.get_cookie_httponly(app)

        # Add "Vary: Cookie" if the session was accessed at all.
        if session.accessed:
            _vary_cookie(response)

        # A session emptied during the request deletes the cookie; an
        # untouched empty session sets nothing.
        if not session:
            if session.modified:
                response.delete_cookie(
                    name,
                    domain=domain,
                    path=path,
                    secure=secure,
                    partitioned=partitioned,
                    samesite=samesite,
                    httponly=httponly,
                )
                _vary_cookie(response)

            return

        if not self.should_set_cookie(app, session):
            return

        expires = self.get_expiration_time(app, session)
        val = self.get_signing_serializer(app).dumps(dict(session))  # type: ignore[union-attr]
        response.set_cookie(
            name,
            val,
            expires=expires,
            httponly=httponly,
            domain=domain,
            path=path,
            secure=secure,
            partitioned=partitioned,
            samesite=samesite,
        )
        _vary_cookie(response)
