from __future__ import annotations

# tests/alias_suite is a separate pytest project that tests/test_alias.py runs in
# child processes (on Flask, and on flaskcompat through the alias).
collect_ignore = ["alias_suite"]
