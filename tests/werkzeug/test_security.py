"""``flaskcompat.werkzeug.security``: hashes cross between real Werkzeug and
flaskcompat in both directions, so users of a Flask site stay logged in."""

from __future__ import annotations

import pytest
import werkzeug.security as real

from flaskcompat.werkzeug import security

METHODS = ["scrypt", "scrypt:2048:8:1", "pbkdf2", "pbkdf2:sha256:2000", "pbkdf2:sha1:1"]


@pytest.mark.parametrize("method", METHODS)
def test_werkzeug_hash_verifies_here(method: str) -> None:
    pwhash = real.generate_password_hash("correct horse ✓", method)
    assert security.check_password_hash(pwhash, "correct horse ✓")
    assert not security.check_password_hash(pwhash, "correct horse")


@pytest.mark.parametrize("method", METHODS)
def test_hash_made_here_verifies_on_werkzeug(method: str) -> None:
    pwhash = security.generate_password_hash("correct horse ✓", method)
    assert real.check_password_hash(pwhash, "correct horse ✓")
    assert not real.check_password_hash(pwhash, "Correct horse ✓")


def test_same_salt_same_hash() -> None:
    """The digest, not only the check, is Werkzeug's."""
    for method in ("scrypt:1024:8:1", "pbkdf2:sha256:10"):
        assert security._hash_internal(method, "salt", "pw") == real._hash_internal(
            method, "salt", "pw"
        )


def test_tampered_hashes_fail() -> None:
    pwhash = security.generate_password_hash("pw", "pbkdf2:sha256:10")
    method, salt, digest = pwhash.split("$")
    assert not security.check_password_hash(f"{method}${salt}x${digest}", "pw")
    flipped = "1" if digest[-1] == "0" else "0"  # always another last digit
    assert not security.check_password_hash(
        f"{method}${salt}${digest[:-1]}{flipped}", "pw"
    )
    assert not security.check_password_hash(digest, "pw")
