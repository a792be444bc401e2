"""``app.templates_auto_reload`` (Flask < 2.3, removed in 2.3): still works as
documented, with a DeprecationWarning; Flask 3.1's ``TEMPLATES_AUTO_RELOAD``
config key is the replacement."""

from __future__ import annotations

import pytest

from flaskcompat import Flask

pytestmark = pytest.mark.api("Flask")


def test_templates_auto_reload_reads_config_and_debug() -> None:
    app = Flask(__name__)
    with pytest.warns(DeprecationWarning, match="TEMPLATES_AUTO_RELOAD"):
        assert app.templates_auto_reload is False
    app.debug = True
    with pytest.warns(DeprecationWarning):
        assert app.templates_auto_reload is True


def test_templates_auto_reload_setter_writes_config() -> None:
    app = Flask(__name__)
    with pytest.warns(DeprecationWarning):
        app.templates_auto_reload = True
    assert app.config["TEMPLATES_AUTO_RELOAD"] is True
    assert app.jinja_env.auto_reload is True
