"""``flaskcompat.werkzeug.utils``: ``secure_filename`` agrees with real
Werkzeug's on generated names and never returns a name that leaves a
directory."""

from __future__ import annotations

import os

import werkzeug.utils as real
from hypothesis import given, settings
from hypothesis import strategies as st

from flaskcompat.werkzeug import utils


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=40))
def test_secure_filename_matches_werkzeug(name: str) -> None:
    safe = utils.secure_filename(name)
    assert safe == real.secure_filename(name)
    assert safe.isascii() and "/" not in safe and os.sep not in safe
    assert safe not in (".", "..") and not safe.startswith(".")


def test_cached_property_is_a_property_for_introspection() -> None:
    class Thing:
        @utils.cached_property
        def value(self) -> int:
            """The value."""
            return 1

    prop = Thing.__dict__["value"]
    assert isinstance(prop, property) and prop.__doc__ == "The value."
    assert prop.__name__ == "value" and prop.__module__ == __name__
