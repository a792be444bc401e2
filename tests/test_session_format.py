"""The session serializer's own implementation of itsdangerous's format
against itsdangerous itself (and against Flask's session interface): the
same cookie bytes for thousands of generated sessions, secret keys, salts
and clocks, the same values read back, and the same errors for tampered,
expired, foreign and malformed cookies."""

from __future__ import annotations

import datetime
import hashlib
import random
import string
import typing as t
import uuid

import flask
import itsdangerous
import pytest
from markupsafe import Markup

import flaskcompat
from flaskcompat import sessions

CASES = 3000


def _reference(
    keys: list[str | bytes], salt: str
) -> itsdangerous.URLSafeTimedSerializer:
    """What Flask builds: itsdangerous with HMAC-SHA1 and hmac key derivation."""
    return itsdangerous.URLSafeTimedSerializer(
        keys,  # type: ignore[arg-type]
        salt=salt,
        serializer=sessions.session_json_serializer,
        signer_kwargs={"key_derivation": "hmac", "digest_method": hashlib.sha1},
    )


def _ours(keys: list[str | bytes], salt: str) -> itsdangerous.URLSafeTimedSerializer:
    return sessions._SessionSerializer(
        keys,  # type: ignore[arg-type]
        salt=salt,
        serializer=sessions.session_json_serializer,
        signer_kwargs={"key_derivation": "hmac", "digest_method": hashlib.sha1},
    )


def _text(rng: random.Random, size: int) -> str:
    alphabet = string.printable + "éßü€中文😀\x00\u2028\"'<>&\\"
    return "".join(rng.choice(alphabet) for _ in range(rng.randint(0, size)))


def _value(rng: random.Random, depth: int = 0) -> t.Any:
    kind = rng.randint(0, 12 if depth < 3 else 7)
    if kind == 0:
        return _text(rng, 30)
    if kind == 1:
        return rng.randint(-(2**70), 2**70)
    if kind == 2:
        return rng.random() * 10 ** rng.randint(-5, 20)
    if kind == 3:
        return rng.choice([True, False, None])
    if kind == 4:
        return bytes(rng.getrandbits(8) for _ in range(rng.randint(0, 20)))
    if kind == 5:
        return Markup(_text(rng, 10))
    if kind == 6:
        return uuid.UUID(int=rng.getrandbits(128))
    if kind == 7:
        return datetime.datetime.fromtimestamp(
            rng.randint(0, 2**31), datetime.timezone.utc
        )
    if kind == 8:
        return (_value(rng, depth + 1), _value(rng, depth + 1))
    if kind in (9, 10):
        return [_value(rng, depth + 1) for _ in range(rng.randint(0, 4))]
    return _session(rng, depth + 1)


def _session(rng: random.Random, depth: int = 0) -> dict[str, t.Any]:
    size = rng.choice([0, 1, 2, 3, 5, 8, 40])  # 40: big enough to be compressed
    return {_text(rng, 12): _value(rng, depth) for _ in range(size)}


def _key(rng: random.Random) -> str | bytes:
    if rng.random() < 0.3:
        return bytes(rng.getrandbits(8) for _ in range(rng.randint(1, 64)))
    return _text(rng, 40) or "k"


def _load(serializer: t.Any, cookie: str | bytes, max_age: int | None) -> t.Any:
    try:
        return "ok", serializer.loads(cookie, max_age=max_age)
    except Exception as e:
        return type(e).__name__, str(e)


def _tamper(rng: random.Random, cookie: str) -> str:
    kind = rng.randint(0, 6)
    i = rng.randrange(len(cookie))
    if kind == 0:
        return cookie[:i] + rng.choice(string.ascii_letters + "-_.=") + cookie[i + 1 :]
    if kind == 1:
        return cookie[:i]
    if kind == 2:
        return cookie[:i] + rng.choice(["!", " ", "é", "..", "="]) + cookie[i:]
    if kind == 3:
        return cookie.replace(".", "", 1)
    if kind == 4:
        return "." + cookie
    if kind == 5:
        payload, _, rest = cookie.partition(".")
        return f"{payload}A.{rest}"
    return cookie + cookie[:i]


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    now = [1_700_000_000]
    monkeypatch.setattr(itsdangerous.TimestampSigner, "get_timestamp", lambda s: now[0])
    return now


def test_same_cookies_and_values_as_itsdangerous(clock: list[int]) -> None:
    rng = random.Random(20261202)
    for _ in range(CASES):
        keys = [_key(rng) for _ in range(rng.choice([1, 1, 2, 3]))]
        salt = rng.choice(["cookie-session", "other", ""])
        clock[0] = rng.choice([0, 1, 255, 256, 2**31, 1_700_000_000, 2**40])
        session = _session(rng)
        reference, ours = _reference(keys, salt), _ours(keys, salt)
        cookie = ours.dumps(session)
        assert cookie == reference.dumps(session)
        max_age = rng.choice([None, 0, 1, 3600])
        clock[0] += rng.choice([0, 0, 1, 2, 5000, -1])
        assert _load(ours, cookie, max_age) == _load(reference, cookie, max_age)
        if rng.random() < 0.5:
            bad = _tamper(rng, cookie)
            assert _load(ours, bad, max_age) == _load(reference, bad, max_age)
            assert _load(ours, bad.encode(), None) == _load(
                reference, bad.encode(), None
            )


def test_fallback_keys_and_foreign_cookies(clock: list[int]) -> None:
    rng = random.Random(7)
    for _ in range(500):
        old, new, other = _key(rng), _key(rng), _key(rng)
        session = _session(rng)
        signed_old = _reference([old], "cookie-session").dumps(session)
        signed_other = _reference([other], "cookie-session").dumps(session)
        for cookie in (signed_old, signed_other):
            assert _load(_ours([old, new], "cookie-session"), cookie, 60) == _load(
                _reference([old, new], "cookie-session"), cookie, 60
            )


def test_cookies_match_flasks_session_interface(clock: list[int]) -> None:
    rng = random.Random(3)
    for _ in range(300):
        secret = _text(rng, 30) or "s"
        fallbacks = [_text(rng, 10) or "f"] if rng.random() < 0.3 else None
        apps = []
        for module in (flask, flaskcompat):
            app = module.Flask(__name__)
            app.config.update(SECRET_KEY=secret, SECRET_KEY_FALLBACKS=fallbacks)
            apps.append(app)
        flask_s = flask.sessions.SecureCookieSessionInterface().get_signing_serializer(
            apps[0]
        )
        ours = flaskcompat.sessions.SecureCookieSessionInterface()
        our_s = ours.get_signing_serializer(apps[1])
        assert isinstance(our_s, sessions._SessionSerializer)
        session = _session(rng)
        cookie = our_s.dumps(session)
        assert cookie == flask_s.dumps(session)  # type: ignore[union-attr]
        assert _load(our_s, cookie, 10) == _load(flask_s, cookie, 10)


def test_other_digests_and_derivations_use_itsdangerous() -> None:
    class Interface(flaskcompat.sessions.SecureCookieSessionInterface):
        key_derivation = "django-concat"

    app = flaskcompat.Flask(__name__)
    app.secret_key = "k"
    serializer = Interface().get_signing_serializer(app)
    assert type(serializer) is itsdangerous.URLSafeTimedSerializer


def test_good_cookies_do_not_go_through_itsdangerous(
    clock: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    ours = _ours(["old", "new"], "cookie-session")
    cookies = [ours.dumps({"n": i, "big": "x" * i}) for i in (0, 500)]
    cookies.append(_reference(["old"], "cookie-session").dumps({"n": 2}))
    calls: list[object] = []
    monkeypatch.setattr(
        itsdangerous.URLSafeTimedSerializer, "loads", lambda *a, **k: calls.append(a)
    )
    monkeypatch.setattr(
        itsdangerous.URLSafeTimedSerializer, "dumps", lambda *a, **k: calls.append(a)
    )
    assert [ours.loads(c, max_age=5)["n"] for c in cookies] == [0, 500, 2]
    ours.dumps({"n": 3})
    assert calls == []
