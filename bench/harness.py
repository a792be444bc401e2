"""What the benchmark scripts share: the implementations under test, building a
scenario's apps, checking their answers agree, the machine description and tables."""

from __future__ import annotations

import datetime
import importlib
import importlib.metadata
import os
import platform
import subprocess
import sys
import typing as t
from dataclasses import dataclass, field
from io import BytesIO

from apps import REPO_DIR, Input, Scenario

if t.TYPE_CHECKING:
    from _typeshed.wsgi import WSGIApplication, WSGIEnvironment

# Measure this checkout's flaskcompat, installed or not.
if REPO_DIR not in sys.path:
    sys.path.insert(0, REPO_DIR)

#: The implementations, in table order; ``flaskcompat`` is compared with the others.
IMPLS = ("flask", "flaskcompat", "bottle", "raw")
LABELS = {
    "flask": "Flask",
    "flaskcompat": "flaskcompat",
    "bottle": "Bottle",
    "raw": "raw WSGI",
}
PACKAGES = (
    "flask",
    "werkzeug",
    "flaskcompat",
    "bottle",
    "jinja2",
    "markupsafe",
    "itsdangerous",
    "waitress",
)


@dataclass
class Reply:
    """A WSGI app's answer, read completely."""

    status: int
    headers: list[tuple[str, str]]
    body: bytes

    @property
    def media_type(self) -> str:
        for name, value in self.headers:
            if name.lower() == "content-type":
                return value.split(";", 1)[0].strip().lower()
        return ""

    def cookie(self) -> str:
        """The ``name=value`` pairs of the reply's Set-Cookie headers, as a Cookie
        header would send them back."""
        pairs = [
            value.split(";", 1)[0]
            for name, value in self.headers
            if name.lower() == "set-cookie"
        ]
        return "; ".join(pairs)


#: Inputs whose answers are compared before timing: this many, spread over the list.
CHECKED = 16
#: The reference answer comes from the first of these that answered.
REFERENCE_ORDER = ("flask", "bottle", "raw", "flaskcompat")

#: One timed request: the environ keys it sets and its body.
Feed = list[tuple[dict[str, str], bytes]]


@dataclass
class Subject:
    """One implementation of one scenario, ready to be timed - or the reason why
    not: ``state`` is ``ok``, ``unavailable`` (a feature the implementation lacks),
    ``error`` (building or calling raised) or ``mismatch`` (a wrong answer)."""

    impl: str
    app: WSGIApplication | None = None
    state: str = "ok"
    reason: str = ""
    environ: WSGIEnvironment = field(default_factory=dict)
    #: The distinct requests the timed loop cycles through.
    feed: Feed = field(default_factory=list)
    #: The answer to the first input.
    reply: Reply | None = None


def call(app: WSGIApplication, environ: WSGIEnvironment, body: bytes) -> Reply:
    """Call ``app`` once on a copy of ``environ``, as the timed loop does."""
    started: list[t.Any] = []

    def start_response(
        status: str, headers: list[tuple[str, str]], exc_info: t.Any = None
    ) -> t.Callable[[bytes], object]:
        started[:] = [status, headers]
        return chunks.append

    chunks: list[bytes] = []
    environ = environ.copy()
    environ["wsgi.input"] = BytesIO(body)
    result = app(environ, start_response)
    try:
        chunks.extend(result)
    finally:
        close = getattr(result, "close", None)
        if close is not None:
            close()
    return Reply(int(started[0].split(" ", 1)[0]), list(started[1]), b"".join(chunks))


def build(scenario: Scenario, impl: str) -> Subject:
    """Build ``impl``'s app for ``scenario``; a Flask-style source needing a name
    the module does not have gives an ``unavailable`` subject, and so does real
    Flask for a scenario it cannot run (``flask_unavailable``)."""
    subject = Subject(impl)
    try:
        if impl == "flask" and scenario.flask_unavailable:
            subject.state = "unavailable"
            subject.reason = scenario.flask_unavailable
        elif impl in ("flask", "flaskcompat"):
            module = importlib.import_module(impl)
            missing = [n for n in scenario.requires if not hasattr(module, n)]
            if missing:
                subject.state = "unavailable"
                names = ", ".join(f"{impl}.{n}" for n in missing)
                subject.reason = f"{names} does not exist (yet)"
                return subject
            subject.app = scenario.flask_style(module)
        elif impl == "bottle":
            subject.app = scenario.bottle_app()
        else:
            subject.app = scenario.raw_app()
    except Exception as e:
        subject.state = "error"
        subject.reason = f"building the app raised {type(e).__name__}: {e}"
    return subject


def _short(body: bytes) -> str:
    text = repr(body)
    return text if len(text) <= 90 else text[:87] + "..."


def prime_cookies(scenario: Scenario, subject: Subject) -> list[str]:
    """The cookies ``subject`` sets on the scenario's priming requests, one per
    index (its own format); ``[]`` when one set none."""
    assert subject.app is not None
    environ = scenario.base_environ()
    environ.update(REQUEST_METHOD="GET", CONTENT_LENGTH="0")
    cookies = []
    for i in range(scenario.primed):
        environ["PATH_INFO"] = scenario.prime.format(i=i)
        cookie = call(subject.app, environ, b"").cookie()
        if not cookie:
            return []
        cookies.append(cookie)
    return cookies


def checked_indices(count: int) -> list[int]:
    """``CHECKED`` input indices spread over ``count`` inputs, first and last
    included."""
    return sorted({0, count - 1, *(count * k // CHECKED for k in range(CHECKED))})


def _mismatch(scenario: Scenario, reply: Reply, reference: Reply | None) -> str:
    """Why ``reply`` is wrong, or ``""``."""
    if reply.status != scenario.status:
        return (
            f"status {reply.status}, expected {scenario.status}; "
            f"body {_short(reply.body)}"
        )
    if scenario.prime and not reply.cookie():
        return "the timed request set no cookie"
    if reference is None:
        return ""
    if reply.body != reference.body:
        return f"body {_short(reply.body)} != the reference's {_short(reference.body)}"
    if reply.media_type != reference.media_type:
        return (
            f"media type {reply.media_type!r} != the reference's "
            f"{reference.media_type!r}"
        )
    return ""


def check(
    scenario: Scenario,
    subjects: dict[str, Subject],
    inputs: list[Input] | None = None,
) -> bool:
    """Prime cookies where the scenario needs them, set each subject's timed
    requests (``feed``), answer ``CHECKED`` of the inputs with every available
    subject and mark wrong answers: the expected status, then the same body and
    media type as the reference (Flask's answer; Bottle's or the raw floor's
    where Flask cannot run the scenario). Return whether all available subjects
    agreed; a subject that is not ``ok`` is never timed."""
    if inputs is None:
        inputs = scenario.inputs()
    shared: Feed = []
    if not scenario.prime:
        shared = [(scenario.overrides(i, []), i.body) for i in inputs]
    indices = checked_indices(len(inputs))
    replies: dict[str, list[Reply]] = {}
    for subject in subjects.values():
        if subject.state != "ok" or subject.app is None:
            continue
        try:
            subject.environ = scenario.base_environ()
            if scenario.prime:
                cookies = prime_cookies(scenario, subject)
                if not cookies:
                    subject.state = "mismatch"
                    subject.reason = "a priming request set no cookie"
                    continue
                subject.feed = [
                    (scenario.overrides(i, cookies), i.body) for i in inputs
                ]
            else:
                subject.feed = shared
            answers = []
            for index in indices:
                keys, body = subject.feed[index]
                environ = {**subject.environ, **keys}
                answers.append(call(subject.app, environ, body))
            replies[subject.impl] = answers
            subject.reply = answers[0]
        except Exception as e:
            subject.state = "error"
            subject.reason = f"the request raised {type(e).__name__}: {e}"
    reference = next((replies[i] for i in REFERENCE_ORDER if i in replies), None)
    for impl, answers in replies.items():
        subject = subjects[impl]
        for n, reply in enumerate(answers):
            theirs = reference[n] if reference is not None else None
            reason = _mismatch(scenario, reply, theirs)
            if reason:
                keys, _ = subject.feed[indices[n]]
                subject.state = "mismatch"
                subject.reason = f"{keys['PATH_INFO']}: {reason}"
                break
    return not any(s.state in ("mismatch", "error") for s in subjects.values())


def select_scenarios(names: str | None, available: t.Iterable[str]) -> list[str]:
    """The scenarios a ``--scenarios a,b`` option names (all when ``None``)."""
    known = list(available)
    if not names:
        return known
    chosen = [n.strip() for n in names.split(",") if n.strip()]
    unknown = [n for n in chosen if n not in known]
    if unknown:
        raise SystemExit(
            f"unknown scenario(s): {', '.join(unknown)}; known: {', '.join(known)}"
        )
    return chosen


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _revision() -> str:
    """The checkout's commit, ``+dirty`` when flaskcompat/ has local changes
    (read-only git commands; empty outside a git checkout)."""
    repo = REPO_DIR
    try:
        commit = subprocess.run(
            ["git", "-C", repo, "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", repo, "status", "--porcelain", "--", "flaskcompat"],
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""
    return commit + ("+dirty" if dirty else "")


def machine_info() -> dict[str, t.Any]:
    """The machine, interpreter and package versions the numbers belong to."""
    versions: dict[str, str | None] = {}
    for name in PACKAGES:
        try:
            versions[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            versions[name] = None
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:
        usable = os.cpu_count() or 0
    return {
        "cpu": _cpu_model(),
        "cores": os.cpu_count(),
        "usable_cores": usable,
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "platform": platform.platform(),
        "packages": versions,
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "flaskcompat_revision": _revision(),
        "date": datetime.datetime.now(datetime.timezone.utc).isoformat(
            timespec="seconds"
        ),
    }


def machine_lines(info: dict[str, t.Any]) -> list[str]:
    packages = ", ".join(
        f"{name} {version}" for name, version in info["packages"].items() if version
    )
    revision = info["flaskcompat_revision"]
    lines = [
        f"- CPU: {info['cpu']} ({info['cores']} cores, {info['usable_cores']} usable)",
        f"- Python: {info['python']} on {info['platform']}",
        f"- Packages: {packages}",
        f"- flaskcompat revision: {revision or 'unknown'}; run at {info['date']}",
    ]
    load = info["load_average"][0]
    if load > 1.5:  # the benchmark itself keeps about one CPU busy
        lines.append(
            f"- Load average {load:.2f} at the end of the run: other work competed "
            "for the CPUs, expect noise (see bench/README.md)."
        )
    return lines


def table(header: list[str], rows: list[list[str]], left: int = 1) -> str:
    """A Markdown table: the first ``left`` columns left-aligned, the others
    (numbers) right-aligned."""
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        padded = [
            c.ljust(w) if i < left else c.rjust(w)
            for i, (c, w) in enumerate(zip(cells, widths))
        ]
        return "| " + " | ".join(padded) + " |"

    rule = ["-" * w if i < left else "-" * (w - 1) + ":" for i, w in enumerate(widths)]
    return "\n".join([line(header), "| " + " | ".join(rule) + " |", *map(line, rows)])
