"""Password hashes in the formats of Werkzeug's ``generate_password_hash``
(``scrypt:n:r:p$salt$hex`` and ``pbkdf2:sha256:iterations$salt$hex``), so a
database made by the tutorial's app keeps working."""

from __future__ import annotations

import hashlib
import hmac
import secrets


def _hash(method: str, salt: str, password: str) -> str:
    name, *args = method.split(":")
    if name == "scrypt":
        n, r, p = (int(a) for a in args)
        return hashlib.scrypt(
            password.encode(), salt=salt.encode(), n=n, r=r, p=p, maxmem=132 * n * r * p
        ).hex()
    if name == "pbkdf2":
        digest, iterations = args[0], int(args[1])
        return hashlib.pbkdf2_hmac(
            digest, password.encode(), salt.encode(), iterations
        ).hex()
    raise ValueError(f"Invalid hash method {method!r}.")


def generate_password_hash(password: str, method: str = "scrypt:32768:8:1") -> str:
    """A salted hash of ``password``: ``method$salt$hash``."""
    salt = secrets.token_urlsafe(12)[:16]
    return f"{method}${salt}${_hash(method, salt, password)}"


def check_password_hash(pwhash: str, password: str) -> bool:
    """Whether ``password`` matches a hash made by :func:`generate_password_hash`."""
    try:
        method, salt, hashval = pwhash.split("$", 2)
        return hmac.compare_digest(_hash(method, salt, password), hashval)
    except ValueError:
        return False
