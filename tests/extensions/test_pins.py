"""The extensions are pinned once: tests/extensions/requirements.txt (the
no-Flask virtualenv) and pyproject.toml's ``test`` extra (the oracle) agree."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _pins(lines: list[str]) -> dict[str, str]:
    pins = {}
    for line in lines:
        match = re.fullmatch(r"\s*\"?(flask-[a-z-]+)==([\w.]+)\"?,?\s*(#.*)?", line)
        if match:
            pins[match.group(1)] = match.group(2)
    return pins


def test_requirements_and_test_extra_pin_the_same_versions() -> None:
    requirements = (ROOT / "tests/extensions/requirements.txt").read_text("utf-8")
    pyproject = (ROOT / "pyproject.toml").read_text("utf-8")
    extra = pyproject.split("\ntest = [", 1)[1].split("\n]", 1)[0]
    pinned = _pins(requirements.splitlines())
    assert len(pinned) == 8
    assert _pins(extra.splitlines()) == pinned
