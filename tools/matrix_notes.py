"""Developers' notes for compat_matrix.md: known, deliberate divergences from Flask.

Keys are the names used in the matrix: a top-level name (``"send_file"``), a tagged
dotted name (``"exceptions.NotFound"``) or a signature-table entry (``"Flask.run"``).
A note on a name marks it *partial* (or a signature *differs*): write one only where
flaskcompat knowingly behaves otherwise than Flask, in a short sentence saying how.
A key that names nothing in the matrix makes the generator fail, so notes cannot go
stale silently.
"""

from __future__ import annotations

NOTES: dict[str, str] = {}
