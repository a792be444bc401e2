"""Start-up cost: import time and memory of flask, flaskcompat and bottle.

Usage::

    python bench/startup.py [--runs N] [--json PATH]

Everything runs in fresh interpreters (``sys.executable``, the checkout first on
``PYTHONPATH``, a neutral working directory, one private bytecode cache for all
packages, filled before timing):

- import time: the median wall time of ``python -c "import X"`` over ``--runs``
  runs, minus the median of ``python -c pass``; and the median cumulative time
  ``python -X importtime`` gives for ``X`` (the import alone, no interpreter start);
- memory: VmRSS from ``/proc/self/status`` before the import, after it, after
  creating an app with one route, and after its first (in-process) request;
- the import times again "cold": from a copy of the packages' sources without
  bytecode, with ``PYTHONDONTWRITEBYTECODE=1``, so every import compiles them.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import typing as t

from apps import REPO_DIR
from harness import machine_info, machine_lines, table

PACKAGES = ("flask", "flaskcompat", "bottle")

#: Runs in a fresh interpreter; ``{module}`` and ``{factory}`` are filled in.
PROBE = """\
import io, json, sys, time

def rss_kib():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])

bare, bare_modules = rss_kib(), len(sys.modules)
import {module} as pkg
imported, modules = rss_kib(), len(sys.modules)
start = time.perf_counter()
app = pkg.{factory}
@app.route("/")
def hello():
    return "Hello, World!"
created = rss_kib()
environ = {{
    "REQUEST_METHOD": "GET", "PATH_INFO": "/", "QUERY_STRING": "", "SCRIPT_NAME": "",
    "SERVER_NAME": "localhost", "SERVER_PORT": "80", "SERVER_PROTOCOL": "HTTP/1.1",
    "HTTP_HOST": "localhost", "wsgi.version": (1, 0), "wsgi.url_scheme": "http",
    "wsgi.input": io.BytesIO(), "wsgi.errors": sys.stderr, "wsgi.multithread": False,
    "wsgi.multiprocess": False, "wsgi.run_once": False,
}}
statuses = []
result = app(environ, lambda status, headers, exc_info=None: statuses.append(status))
body = b"".join(result)
getattr(result, "close", lambda: None)()
elapsed = time.perf_counter() - start
assert statuses[0].startswith("200") and body == b"Hello, World!", (statuses, body)
print(json.dumps({{
    "rss_bare_kib": bare, "rss_import_kib": imported, "rss_app_kib": created,
    "rss_request_kib": rss_kib(), "modules_imported": modules - bare_modules,
    "app_and_first_request_ms": elapsed * 1e3,
}}))
"""
FACTORIES = {
    "flask": 'Flask("startup_app")',
    "flaskcompat": 'Flask("startup_app")',
    "bottle": "Bottle()",
}


#: What ``import flask``, ``import flaskcompat`` and ``import bottle`` can load from
#: outside the standard library: copied without bytecode for the cold figures.
SOURCES = (
    "flask",
    "werkzeug",
    "jinja2",
    "markupsafe",
    "itsdangerous",
    "click",
    "blinker",
    "bottle",
    "flaskcompat",
)
#: Run after an import in cold mode: the modules not loaded from the cold copy.
LEFTOVERS = """\
import sys, sysconfig
before = set(sys.modules)
import {module}
site = sysconfig.get_paths()["purelib"]
print("\\n".join(sorted(
    name for name, m in list(sys.modules.items())
    if name not in before and (getattr(m, "__file__", None) or "").startswith(site)
)))
"""


class Interpreters:
    """Runs fresh interpreters of ``sys.executable`` in a neutral working
    directory, in one of two modes:

    - ``warm``: the checkout first on ``PYTHONPATH`` and one bytecode cache for
      every module in ``pycache`` (filled before timing), as an installed package
      whose ``.pyc`` files exist (``PYTHONDONTWRITEBYTECODE`` would make an
      uninstalled checkout compile at every import and installed packages not);
    - ``cold``: ``PYTHONPATH`` is ``cold_dir``, a copy of the packages' sources
      without any ``.pyc``, and ``PYTHONDONTWRITEBYTECODE=1`` keeps it so: every
      import compiles the packages from source (the standard library keeps its
      bytecode), as a fresh install that was never compiled.
    """

    def __init__(self, mode: str, directory: str) -> None:
        self.mode = mode
        self.env = dict(os.environ)
        if mode == "warm":
            self.env["PYTHONPATH"] = os.pathsep.join(
                p for p in (REPO_DIR, self.env.get("PYTHONPATH", "")) if p
            )
            self.env.pop("PYTHONDONTWRITEBYTECODE", None)
            self.env["PYTHONPYCACHEPREFIX"] = directory
        else:
            self.env["PYTHONPATH"] = directory
            self.env["PYTHONDONTWRITEBYTECODE"] = "1"
            self.env.pop("PYTHONPYCACHEPREFIX", None)

    def run(self, args: list[str]) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, *args],
            capture_output=True,
            text=True,
            cwd=tempfile.gettempdir(),
            env=self.env,
            timeout=120,
            check=True,
        )

    def times_ms(self, code: str, runs: int) -> tuple[float, float]:
        """Median wall time and median CPU time (user + system of the child,
        from ``getrusage``: steady on a busy machine) of ``python -c code``, in
        milliseconds."""
        walls, cpus = [], []
        for _ in range(runs):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            self.run(["-c", code])
            walls.append((time.perf_counter() - start) * 1e3)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
            cpus.append(cpu * 1e3)
        return statistics.median(walls), statistics.median(cpus)

    def importtime_ms(self, module: str, runs: int) -> float:
        """Median cumulative ``-X importtime`` of ``module`` in milliseconds."""
        name = re.escape(module)
        pattern = re.compile(rf"^import time:\s+\d+ \|\s+(\d+) \| {name}$")
        times = []
        for _ in range(runs):
            stderr = self.run(["-X", "importtime", "-c", f"import {module}"]).stderr
            found = [int(m[1]) for m in map(pattern.match, stderr.splitlines()) if m]
            if not found:
                raise RuntimeError(f"-X importtime printed no line for {module}")
            times.append(found[-1] / 1e3)
        return statistics.median(times)

    def memory(self, module: str, runs: int) -> dict[str, float]:
        """The probe's figures, each the median of ``runs`` interpreters."""
        probe = PROBE.format(module=module, factory=FACTORIES[module])
        samples = [json.loads(self.run(["-c", probe]).stdout) for _ in range(runs)]
        return {key: statistics.median(s[key] for s in samples) for key in samples[0]}

    def leftovers(self, module: str) -> list[str]:
        """Cold mode: the modules ``import module`` loaded from site-packages
        instead of the cold copy (should be none)."""
        out = self.run(["-c", LEFTOVERS.format(module=module)]).stdout
        return out.split()


def copy_sources(target: str) -> None:
    """Copy every package of ``SOURCES`` into ``target``, leaving out bytecode."""
    sys.path.insert(0, REPO_DIR)
    try:
        for name in SOURCES:
            spec = importlib.util.find_spec(name)
            if spec is None or spec.origin is None:
                continue
            if spec.submodule_search_locations:
                source = os.path.dirname(spec.origin)
                shutil.copytree(
                    source,
                    os.path.join(target, name),
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"),
                )
            else:
                shutil.copy2(spec.origin, target)
    finally:
        sys.path.remove(REPO_DIR)


def measure(runs: int) -> dict[str, t.Any]:
    """Every figure: warm (a bytecode cache filled before timing), then cold
    (a copy of the sources never compiled)."""
    packages: dict[str, dict[str, t.Any]] = {name: {} for name in PACKAGES}
    with tempfile.TemporaryDirectory(prefix="bench-pycache-") as pycache:
        python = Interpreters("warm", pycache)
        for name in PACKAGES:
            python.run(["-c", f"import {name}"])
            python.memory(name, 1)  # what the app and its first request import
        bare_ms, bare_cpu_ms = python.times_ms("pass", runs)
        for name in PACKAGES:
            wall, cpu = python.times_ms(f"import {name}", runs)
            packages[name].update(
                import_wall_ms=wall,
                import_cpu_ms=cpu,
                importtime_ms=python.importtime_ms(name, runs),
                **python.memory(name, max(1, runs // 3)),
            )
            print(f"[{name}] warm done", file=sys.stderr, flush=True)
    with tempfile.TemporaryDirectory(prefix="bench-cold-") as cold:
        copy_sources(cold)
        python = Interpreters("cold", cold)
        cold_bare_ms, cold_bare_cpu_ms = python.times_ms("pass", runs)
        for name in PACKAGES:
            wall, cpu = python.times_ms(f"import {name}", runs)
            packages[name].update(
                cold_import_wall_ms=wall,
                cold_import_cpu_ms=cpu,
                cold_importtime_ms=python.importtime_ms(name, runs),
                cold_leftovers=python.leftovers(name),
            )
            print(f"[{name}] cold done", file=sys.stderr, flush=True)
    return {
        "schema": 3,
        "tool": "bench/startup.py",
        "machine": machine_info(),
        "runs": runs,
        "bare_python_ms": bare_ms,
        "bare_python_cpu_ms": bare_cpu_ms,
        "cold_bare_python_ms": cold_bare_ms,
        "cold_bare_python_cpu_ms": cold_bare_cpu_ms,
        "packages": packages,
    }


def _share(mine: float, flask: float) -> str:
    return f"{mine / flask:.2f}" if flask > 0 else "n/a"


def report(data: dict[str, t.Any]) -> str:
    """The Markdown report of a run's JSON record."""
    base, cold_base = data["bare_python_ms"], data["cold_bare_python_ms"]
    cpu_base, cold_cpu_base = (
        data["bare_python_cpu_ms"],
        data["cold_bare_python_cpu_ms"],
    )
    timing, rss, notes = [], [], []
    flask = data["packages"]["flask"]
    for name, r in data["packages"].items():
        mib = {k: v / 1024 for k, v in r.items() if k.startswith("rss_")}
        timing.append(
            [
                name,
                f"{r['import_cpu_ms'] - cpu_base:.1f}",
                f"{r['import_wall_ms'] - base:.1f}",
                f"{r['importtime_ms']:.1f}",
                f"{r['cold_import_cpu_ms'] - cold_cpu_base:.1f}",
                f"{r['cold_import_wall_ms'] - cold_base:.1f}",
                f"{r['cold_importtime_ms']:.1f}",
                _share(
                    r["import_cpu_ms"] - cpu_base, flask["import_cpu_ms"] - cpu_base
                ),
                _share(
                    r["cold_import_cpu_ms"] - cold_cpu_base,
                    flask["cold_import_cpu_ms"] - cold_cpu_base,
                ),
                str(round(r["modules_imported"])),
                f"{r['app_and_first_request_ms']:.1f}",
            ]
        )
        rss.append(
            [
                name,
                f"{mib['rss_bare_kib']:.1f}",
                f"{mib['rss_import_kib']:.1f}",
                f"{mib['rss_app_kib']:.1f}",
                f"{mib['rss_request_kib']:.1f}",
                f"+{mib['rss_request_kib'] - mib['rss_bare_kib']:.1f}",
            ]
        )
        if r["cold_leftovers"]:
            notes.append(
                f"- cold `import {name}` still loaded from site-packages: "
                + ", ".join(r["cold_leftovers"])
            )
    lines = [
        "## Start-up: import time and memory",
        "",
        *machine_lines(data["machine"]),
        f"- Method: medians over {data['runs']} fresh interpreters each; bare "
        f"`python -c pass` takes {base:.1f} ms wall, {cpu_base:.1f} ms CPU here "
        f"({cold_base:.1f} and {cold_cpu_base:.1f} ms in the cold runs). warm: "
        "every module's bytecode cached and current. cold: "
        "the packages' sources copied without bytecode into a temp dir first on "
        "`PYTHONPATH`, `PYTHONDONTWRITEBYTECODE=1`: each import compiles them "
        "(a fresh install never compiled; the standard library keeps its .pyc).",
        "",
        table(
            [
                "package",
                "warm CPU ms (net)",
                "warm wall ms (net)",
                "warm -X importtime ms",
                "cold CPU ms (net)",
                "cold wall ms (net)",
                "cold -X importtime ms",
                "warm CPU ÷ flask",
                "cold CPU ÷ flask",
                "modules",
                "app + 1st request ms",
            ],
            timing,
        ),
        "",
        table(
            [
                "package",
                "RSS MiB: bare",
                "after import",
                "after app",
                "after 1st request",
                "growth",
            ],
            rss,
        ),
        "",
        "CPU ms (net): user + system CPU time of `python -c 'import X'` minus "
        "that of `python -c pass` (getrusage of the child: the steady figure on a "
        "busy machine). wall ms (net): the same in wall time. -X importtime: the "
        "cumulative (wall) time Python reports for the import alone. CPU ÷ flask: "
        "net CPU ms ÷ flask's. modules: entries added to sys.modules "
        "by the import (warm). app + 1st request: creating an app with one route "
        "and serving one in-process request (warm). growth: RSS after the first "
        "request minus bare.",
    ]
    if notes:
        lines += ["", "Notes:", *notes]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=15, help="interpreters per figure")
    parser.add_argument("--json", metavar="PATH", help="also write the results here")
    args = parser.parse_args(argv)
    data = measure(max(1, args.runs))
    print(report(data))
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(data, f, indent=2)
            f.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
