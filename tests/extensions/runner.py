"""Run the scenarios of one ``scenarios_<name>.py`` module in this process and
write their results as JSON: ``python runner.py NAME OUT.json [--alias]``.

With ``--alias`` (the no-Flask virtualenv) ``flaskcompat.alias`` is installed
first, so the scenarios' ``import flask`` / ``import werkzeug`` and the
extensions' own imports get flaskcompat; without it they get real Flask. Each
scenario returns JSON-able data; an exception is recorded as its result.
"""

from __future__ import annotations

import importlib
import json
import sys
import traceback
import typing as t


def main(argv: list[str]) -> int:
    name, out = argv[0], argv[1]
    if "--alias" in argv[2:]:
        import flaskcompat.alias

        flaskcompat.alias.install()
    import flask
    import werkzeug

    module = importlib.import_module(f"scenarios_{name}")
    results: dict[str, t.Any] = {}
    for attr, func in vars(module).items():
        if not attr.startswith("scenario_") or not callable(func):
            continue
        try:
            results[attr[len("scenario_") :]] = {"ok": func()}
        except Exception as exc:  # recorded as the result; the test reports it
            last = traceback.extract_tb(exc.__traceback__)[-3:]
            results[attr[len("scenario_") :]] = {
                "error": f"{type(exc).__module__}.{type(exc).__qualname__}: {exc}",
                "where": [f"{f.filename}:{f.lineno} {f.line}" for f in last],
            }
    meta = {"flask": flask.__name__, "werkzeug": werkzeug.__name__}
    with open(out, "w", encoding="utf-8") as file:
        json.dump({"meta": meta, "results": results}, file, indent=1, default=repr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
