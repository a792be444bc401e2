"""The functions compiled for each rule on first use: its URL builder, the
short builder ``url_for`` tries first, and the converter of its matched
values (Werkzeug compiles its builders the same way)."""

from __future__ import annotations

import typing as t
from urllib.parse import quote

from .converters import (
    _PATH_SAFE,
    BaseConverter,
    NumberConverter,
    ValidationError,
    quote_segment,
)
from .converters import (
    _find_unsafe as _find_unsafe_segment,
)

if t.TYPE_CHECKING:  # pragma: no cover
    from .rules import Rule


#: A rule's URL builder: values -> (domain part, path).
_Builder = t.Callable[[t.Mapping[str, t.Any]], tuple[str, str]]


def builder_function(rule: Rule) -> _Builder:
    """The function behind :meth:`Rule._build`: the static pieces quoted once,
    defaults of the rule's variables resolved to constants, one ``to_url``
    call per variable (as Werkzeug compiles its builders)."""
    defaults = rule.defaults or {}
    namespace: dict[str, t.Any] = {}
    halves: list[list[str]] = [[], []]
    half = halves[0]
    for is_dynamic, data in rule._trace:
        if data == "|" and half is halves[0]:
            half = halves[1]
            continue
        if is_dynamic and data in defaults:
            half.append(repr(rule._converters[data].to_url(defaults[data])))
        elif not is_dynamic:
            half.append(repr(quote(data, safe=_PATH_SAFE)))
        else:
            value = f"v[{data!r}]"
            half.append(_to_url_source(rule._converters[data], value, namespace))
    # ''.join of a flat tuple: a chain of ``+`` nests one level per piece and
    # overflows the compiler's recursion limit on rules with thousands of parts.
    domain, path = ("''.join((" + ", ".join(h) + ",))" if h else "''" for h in halves)
    source = f"def build(v):\n    return {domain}, {path}\n"
    exec(compile(source, f"<builder {rule.rule!r}>", "exec"), namespace)
    return t.cast(_Builder, namespace["build"])


def _to_url_source(
    converter: BaseConverter,
    value: str,
    namespace: dict[str, t.Any],
    formatted: bool = False,
) -> str:
    """The expression a builder uses to put ``value`` (an expression: the
    variable's value) in the URL: the converter's ``to_url``, inlined for the
    default and plain ``int`` ones. ``formatted``: the expression goes in an
    f-string, which formats an int as ``str()`` does."""
    to_url = type(converter).to_url
    if to_url is BaseConverter.to_url:
        namespace["quote_segment"] = quote_segment
        return f"quote_segment({value})"
    if (
        to_url is NumberConverter.to_url
        and converter.num_convert is int  # type: ignore[attr-defined]
        and not converter.fixed_digits  # type: ignore[attr-defined]
    ):
        return f"int({value})" if formatted else f"str(int({value}))"
    key = f"c{len(namespace)}"
    namespace[key] = converter.to_url
    return f"{key}({value})"


def fast_builder(rule: Rule) -> t.Callable[[t.Mapping[str, t.Any]], str | None]:
    """The function behind :meth:`Rule._fast` for ``rule``."""
    if rule.defaults or rule._static_domain is None:
        return _no_fast_path
    namespace: dict[str, t.Any] = {"ValidationError": ValidationError}
    pieces: list[str] = []
    names: list[str] = []
    convert: list[str] = []
    static = ""
    for is_dynamic, data in rule._trace[rule._trace.index((False, "|")) + 1 :]:
        if is_dynamic:
            names.append(data)
            local = f"a{len(names)}"
            converter = rule._converters[data]
            if type(converter).to_url is BaseConverter.to_url:
                # quote_segment, inlined: text that needs no quoting as is.
                namespace["unsafe"] = _find_unsafe_segment
                namespace["quote_segment"] = quote_segment
                convert.append(
                    f"        if type({local}) is not str or unsafe({local}):\n"
                    f"            {local} = quote_segment({local})"
                )
                pieces.append(f"{{{local}}}")
                continue
            expr = _to_url_source(converter, local, namespace, formatted=True)
            pieces.append(f"{{{expr}}}")
        else:
            quoted = quote(data, safe=_PATH_SAFE)
            if not names:
                static += quoted
            pieces.append(quoted)
    if not names:
        path = static  # the path half's text, quoted
        if path[:1] != "/" or path[1:2] == "/":
            return _no_fast_path
        return lambda v: None if v else path
    locals_ = [f"a{i}" for i in range(1, len(names) + 1)]
    lines = [
        "def fast(v):",
        f"    if len(v) != {len(names)}:",
        "        return None",
        "    try:",
        *[f"        {a} = v[{n!r}]" for a, n in zip(locals_, names)],
        "    except KeyError:",
        "        return None",
        f"    if {' or '.join(f'{a} is None' for a in locals_)}:",
        "        return None",
        "    try:",
        *convert,
        f"        p = {_concat_source(pieces)}",
        "    except ValidationError:",
        "        return None",
    ]
    if static[:1] != "/" or len(static) < 2 or static[1] == "/":
        # The path may start without a slash or with two: build() fixes it.
        lines.append("    if p[:1] != '/' or p[1:2] == '/':\n        return None")
    lines.append("    return p")
    source = "\n".join(lines) + "\n"
    exec(compile(source, f"<fast builder {rule.rule!r}>", "exec"), namespace)
    return t.cast("t.Callable[[t.Mapping[str, t.Any]], str | None]", namespace["fast"])


def converter_function(rule: Rule) -> t.Callable[[list[str]], dict[str, t.Any]]:
    """The function behind :meth:`Rule._convert` for ``rule``."""
    namespace: dict[str, t.Any] = {"ValidationError": ValidationError}
    lines = ["def convert(values):"]
    items = []
    for i, (name, converter) in enumerate(rule._converters.items()):
        local = f"a{i}"
        lines.append(f"    {local} = values[{i}]")
        items.append(f"{name!r}: {local}")
        to_python = type(converter).to_python
        if to_python is BaseConverter.to_python:
            continue  # the text as is
        if (
            to_python is NumberConverter.to_python
            and converter.num_convert is int  # type: ignore[attr-defined]
            and not converter.fixed_digits  # type: ignore[attr-defined]
            and converter.min is None  # type: ignore[attr-defined]
            and converter.max is None  # type: ignore[attr-defined]
        ):
            # NumberConverter.to_python: past the digit limit, no match.
            lines += [
                "    try:",
                f"        {local} = int({local})",
                "    except ValueError:",
                "        raise ValidationError() from None",
            ]
        else:
            namespace[f"c{i}"] = converter.to_python
            lines.append(f"    {local} = c{i}({local})")
    lines.append(f"    return {{{', '.join(items)}}}")
    source = "\n".join(lines) + "\n"
    exec(compile(source, f"<converter {rule.rule!r}>", "exec"), namespace)
    return t.cast("t.Callable[[list[str]], dict[str, t.Any]]", namespace["convert"])


def _concat_source(pieces: list[str]) -> str:
    """An expression joining ``pieces``: quoted static text, and ``{expr}``
    for each value. An f-string, or ``''.join`` of a flat tuple for rules of
    many parts (the text never holds a quote, a brace or a backslash: quoting
    encodes them)."""
    if len(pieces) <= 64:
        return 'f"' + "".join(pieces) + '"'
    items = [f"f{p!r}" if p[:1] == "{" else repr(p) for p in pieces]
    return f"''.join(({', '.join(items)},))"


def _no_fast_path(values: t.Mapping[str, t.Any]) -> None:
    return None
