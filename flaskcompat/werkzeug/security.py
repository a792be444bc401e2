"""Path safety from ``werkzeug.security``: :func:`safe_join`.

The checks are Werkzeug's, character for character, so a path that Flask
refuses to serve is refused here too.
"""

from __future__ import annotations

import os
import posixpath

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
