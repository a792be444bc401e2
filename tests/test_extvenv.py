"""tests/extvenv.py: the no-Flask virtualenv is built on demand; when it cannot
be built, its tests skip locally with the reason and fail under CI."""

from __future__ import annotations

import subprocess
import typing as t

import extvenv
import pytest


@pytest.fixture
def unbuildable(monkeypatch: pytest.MonkeyPatch) -> t.Iterator[None]:
    def ensure() -> t.NoReturn:
        raise subprocess.CalledProcessError(1, ["pip", "install"])

    monkeypatch.setattr(extvenv, "ensure", ensure)
    monkeypatch.setattr(extvenv, "_RESULT", [])
    yield


@pytest.mark.usefixtures("unbuildable")
def test_unbuildable_venv_fails_under_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="could not be built"):
        extvenv.require()


@pytest.mark.usefixtures("unbuildable")
def test_unbuildable_venv_skips_with_reason_locally(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="python tests/extvenv.py"):
        extvenv.require()


def test_stamp_follows_the_pins(monkeypatch: pytest.MonkeyPatch) -> None:
    before = extvenv._stamp()
    monkeypatch.setattr(extvenv, "_inputs", lambda: ["flask-login==0.0.1"])
    assert extvenv._stamp() != before


def test_runtime_dependencies_come_from_pyproject() -> None:
    deps = extvenv.runtime_dependencies()
    assert any(d.startswith("bottle") for d in deps)
    assert not any(d.lower().startswith(("flask", "werkzeug")) for d in deps)
