"""``werkzeug.security``: password hashes in Werkzeug's format and :func:`safe_join`.

A hash is ``method$salt$hex`` (``scrypt:32768:8:1$...`` by default, or
``pbkdf2:sha256:1000000$...``), so hashes stored by a Flask site verify here and
the other way round. The path checks are Werkzeug's, character for character, so
a path that Flask refuses to serve is refused here too.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import posixpath
import secrets

#: The characters a salt is drawn from.
SALT_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
#: PBKDF2 iterations when ``pbkdf2`` names none (Werkzeug 3.1's).
DEFAULT_PBKDF2_ITERATIONS = 1_000_000

#: Path separators other than ``/`` (the backslash on Windows).
_os_alt_seps: list[str] = [
    sep for sep in (os.sep, os.altsep) if sep is not None and sep != "/"
]
# https://chrisdenton.github.io/omnipath/Special%20Dos%20Device%20Names.html
_windows_device_files = {
    "AUX",
    "CON",
    "CONIN$",
    "CONOUT$",
    *(f"COM{c}" for c in "123456789¹²³"),
    *(f"LPT{c}" for c in "123456789¹²³"),
    "NUL",
    "PRN",
}


def gen_salt(length: int) -> str:
    """A random string of ``length`` :data:`SALT_CHARS`."""
    if length <= 0:
        raise ValueError("Salt length must be at least 1.")
    return "".join(secrets.choice(SALT_CHARS) for _ in range(length))


def _hash_internal(method: str, salt: str, password: str) -> tuple[str, str]:
    """The hex digest of ``password`` and the method with its parameters."""
    method, *args = method.split(":")
    salt_bytes = salt.encode()
    password_bytes = password.encode()

    if method == "scrypt":
        if not args:
            n, r, p = 2**15, 8, 1
        else:
            try:
                n, r, p = map(int, args)
            except ValueError:
                raise ValueError("'scrypt' takes 3 arguments.") from None
        maxmem = 132 * n * r * p  # 128 in theory; hashlib needs a little more
        digest = hashlib.scrypt(
            password_bytes, salt=salt_bytes, n=n, r=r, p=p, maxmem=maxmem
        )
        return digest.hex(), f"scrypt:{n}:{r}:{p}"

    if method == "pbkdf2":
        if len(args) == 0:
            hash_name, iterations = "sha256", DEFAULT_PBKDF2_ITERATIONS
        elif len(args) == 1:
            hash_name, iterations = args[0], DEFAULT_PBKDF2_ITERATIONS
        elif len(args) == 2:
            hash_name, iterations = args[0], int(args[1])
        else:
            raise ValueError("'pbkdf2' takes 2 arguments.")
        digest = hashlib.pbkdf2_hmac(hash_name, password_bytes, salt_bytes, iterations)
        return digest.hex(), f"pbkdf2:{hash_name}:{iterations}"

    raise ValueError(f"Invalid hash method '{method}'.")


def generate_password_hash(
    password: str, method: str = "scrypt", salt_length: int = 16
) -> str:
    """Hash ``password`` for storage as ``method$salt$hash``.

    ``method`` is ``scrypt`` (default, ``scrypt:n:r:p``) or ``pbkdf2``
    (``pbkdf2:hash_name:iterations``); the salt has ``salt_length`` characters.
    """
    salt = gen_salt(salt_length)
    h, actual_method = _hash_internal(method, salt, password)
    return f"{actual_method}${salt}${h}"


def check_password_hash(pwhash: str, password: str) -> bool:
    """Whether ``password`` matches a hash from :func:`generate_password_hash`
    (compared in constant time; a malformed hash is ``False``)."""
    try:
        method, salt, hashval = pwhash.split("$", 2)
    except ValueError:
        return False
    return hmac.compare_digest(_hash_internal(method, salt, password)[0], hashval)


def safe_join(directory: str, *untrusted: str) -> str | None:
    """Join untrusted path components (``/`` separated, as in a URL) to a
    trusted base ``directory``; ``None`` if a component could escape it.

    Refused: absolute paths, ``..`` segments that leave the base, the
    platform's other separators (``\\`` on Windows) and, on Windows, device
    names such as ``CON`` or ``NUL``.
    """
    if not directory:
        # "./path" for an empty base, so the first untrusted part never
        # becomes the trusted one.
        directory = "."

    parts = [directory]

    for part in untrusted:
        if not part:
            continue

        part = posixpath.normpath(part)

        if (
            os.path.isabs(part)
            # ntpath.isabs does not catch this one
            or part.startswith("/")
            or part == ".."
            or part.startswith("../")
            or any(sep in part for sep in _os_alt_seps)
            or (
                os.name == "nt"
                and any(
                    p.partition(".")[0].strip().upper() in _windows_device_files
                    for p in part.split("/")
                )
            )
        ):
            return None

        parts.append(part)

    return posixpath.join(*parts)
