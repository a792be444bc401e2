"""``flaskcompat.escape`` and ``flaskcompat.Markup`` (flaskcompat only: Flask
2.3 deprecated them and 3.0 removed them). They are markupsafe's objects, and
reaching them warns as Flask 2.3 did."""

from __future__ import annotations

import markupsafe
import pytest

import flaskcompat


@pytest.mark.api("escape")
def test_escape_is_markupsafe_and_warns() -> None:
    with pytest.warns(DeprecationWarning, match="'flask.escape' is deprecated") as rec:
        escape = flaskcompat.escape
    assert escape is markupsafe.escape
    assert rec[0].filename == __file__
    assert "Import 'markupsafe.escape' instead." in str(rec[0].message)


@pytest.mark.api("escape")
def test_escape_escapes_and_marks_safe() -> None:
    with pytest.warns(DeprecationWarning):
        escape = flaskcompat.escape
    rv = escape('<a href="x">Tom & Jerry\'s</a>')
    assert rv == "&lt;a href=&#34;x&#34;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;"
    assert isinstance(rv, markupsafe.Markup)
    assert escape(rv) == rv
    assert escape(markupsafe.Markup("<b>")) == "<b>"
    assert escape(42) == "42"


@pytest.mark.api("Markup")
def test_markup_is_markupsafe_and_warns() -> None:
    with pytest.warns(DeprecationWarning, match="'flask.Markup' is deprecated") as rec:
        markup = flaskcompat.Markup
    assert markup is markupsafe.Markup
    assert rec[0].filename == __file__
    assert "Import 'markupsafe.Markup' instead." in str(rec[0].message)


@pytest.mark.api("Markup")
def test_from_import_warns() -> None:
    with pytest.warns(DeprecationWarning, match="'flask.Markup' is deprecated"):
        from flaskcompat import Markup
    assert Markup("<b>%s</b>") % "<i>" == "<b>&lt;i&gt;</b>"
    assert str(Markup("<b>x</b>").striptags()) == "x"


@pytest.mark.api("Markup")
def test_markup_renders_unescaped() -> None:
    app = flaskcompat.Flask("legacy_markup")
    with pytest.warns(DeprecationWarning):
        markup = flaskcompat.Markup
    with app.app_context():
        rv = flaskcompat.render_template_string(
            "{{ safe }}|{{ unsafe }}", safe=markup("<b>ok</b>"), unsafe="<b>"
        )
    assert rv == "<b>ok</b>|&lt;b&gt;"


def test_other_missing_names_raise_attribute_error() -> None:
    with pytest.raises(AttributeError):
        flaskcompat.no_such_name  # noqa: B018
    assert not hasattr(flaskcompat, "Markupp")
