"""URL converters: ``BaseConverter`` and the default ``string``, ``any``,
``path``, ``int``, ``float`` and ``uuid`` converters."""

from __future__ import annotations

import re
import typing as t
import uuid
from urllib.parse import quote

if t.TYPE_CHECKING:  # pragma: no cover
    from .map import Map

_PATH_SAFE = "!$&'()*+,/:;=@"
_find_unsafe = re.compile(r"[^A-Za-z0-9_.~!$&'()*+,/:;=@-]").search


def quote_segment(value: t.Any) -> str:
    """``str(value)`` percent-encoded for a URL path (UTF-8), as
    ``quote(str(value), safe="!$&'()*+,/:;=@")``; text that needs no quoting is
    returned as is, without quote's encoding round trip."""
    text = str(value)
    if _find_unsafe(text) is None:
        return text
    return quote(text, safe=_PATH_SAFE)


class ValidationError(ValueError):
    """Raised by a converter's ``to_python`` when the URL part does not fit."""


class BaseConverter:
    """Base class for URL converters: ``regex``, ``to_python``, ``to_url``."""

    regex = "[^/]+"
    weight = 100
    part_isolating = True

    def __init_subclass__(cls, **kwargs: t.Any) -> None:
        super().__init_subclass__(**kwargs)
        if "regex" in cls.__dict__ and "part_isolating" not in cls.__dict__:
            cls.part_isolating = "/" not in cls.regex

    def __init__(self, map: Map, *args: t.Any, **kwargs: t.Any) -> None:
        self.map = map

    def to_python(self, value: str) -> t.Any:
        return value

    def to_url(self, value: t.Any) -> str:
        return quote_segment(value)


class UnicodeConverter(BaseConverter):
    """The default converter: one path segment, optionally of a given length."""

    def __init__(
        self,
        map: Map,
        minlength: int = 1,
        maxlength: int | None = None,
        length: int | None = None,
    ) -> None:
        super().__init__(map)
        if length is not None:
            length_regex = f"{{{int(length)}}}"
        else:
            upper = "" if maxlength is None else str(int(maxlength))
            length_regex = f"{{{int(minlength)},{upper}}}"
        self.regex = f"[^/]{length_regex}"


class AnyConverter(BaseConverter):
    """Matches one of the given items: ``<any(about, help):page>``."""

    def __init__(self, map: Map, *items: str) -> None:
        super().__init__(map)
        self.items = set(items)
        self.regex = f"(?:{'|'.join([re.escape(x) for x in items])})"

    def to_url(self, value: t.Any) -> str:
        if value in self.items:
            return str(value)
        valid = ", ".join(f"'{item}'" for item in sorted(self.items))
        raise ValueError(f"'{value}' is not one of {valid}")


class PathConverter(BaseConverter):
    """Like the default converter, but also matches slashes."""

    part_isolating = False
    regex = "[^/].*?"
    weight = 200


class NumberConverter(BaseConverter):
    """Base of ``int`` and ``float``: digits, optional bounds and sign."""

    weight = 50
    num_convert: t.Callable[[t.Any], t.Any] = int

    def __init__(
        self,
        map: Map,
        fixed_digits: int = 0,
        min: int | None = None,
        max: int | None = None,
        signed: bool = False,
    ) -> None:
        if signed:
            self.regex = f"-?{self.regex}"
        super().__init__(map)
        self.fixed_digits = fixed_digits
        self.min = min
        self.max = max
        self.signed = signed

    def to_python(self, value: str) -> t.Any:
        if self.fixed_digits and len(value) != self.fixed_digits:
            raise ValidationError()
        try:
            number = self.num_convert(value)
        except ValueError:
            # More digits than sys.get_int_max_str_digits(): no match (404),
            # where Werkzeug lets the ValueError through (500).
            raise ValidationError() from None
        if (self.min is not None and number < self.min) or (
            self.max is not None and number > self.max
        ):
            raise ValidationError()
        return number

    def to_url(self, value: t.Any) -> str:
        text = str(self.num_convert(value))
        if self.fixed_digits:
            text = text.zfill(self.fixed_digits)
        return text


class IntegerConverter(NumberConverter):
    """``<int:x>``: unsigned integers unless ``signed=True``."""

    regex = r"\d+"


class FloatConverter(NumberConverter):
    """``<float:x>``: ``1.5`` style numbers."""

    regex = r"\d+\.\d+"
    num_convert = float

    def __init__(
        self,
        map: Map,
        min: float | None = None,
        max: float | None = None,
        signed: bool = False,
    ) -> None:
        super().__init__(map, min=min, max=max, signed=signed)  # type: ignore[arg-type]


class UUIDConverter(BaseConverter):
    """``<uuid:x>``: a UUID string, given to the view as ``uuid.UUID``."""

    regex = (
        r"[A-Fa-f0-9]{8}-[A-Fa-f0-9]{4}-"
        r"[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{12}"
    )

    def to_python(self, value: str) -> uuid.UUID:
        return uuid.UUID(value)

    def to_url(self, value: uuid.UUID) -> str:
        return str(value)


DEFAULT_CONVERTERS: t.Mapping[str, type[BaseConverter]] = {
    "default": UnicodeConverter,
    "string": UnicodeConverter,
    "any": AnyConverter,
    "path": PathConverter,
    "int": IntegerConverter,
    "float": FloatConverter,
    "uuid": UUIDConverter,
}


_converter_args_re = re.compile(
    r"""
    \s*
    ((?P<name>\w+)\s*=\s*)?
    (?P<value>
        True|False|
        \d+.\d+|
        \d+.|
        \d+|
        [\w\d_.]+|
        [urUR]?(?P<stringval>"[^"]*?"|'[^']*')
    )\s*,
    """,
    re.VERBOSE,
)
_CONSTANTS: dict[str, t.Any] = {"None": None, "True": True, "False": False}


def _pythonize(value: str) -> t.Any:
    if value in _CONSTANTS:
        return _CONSTANTS[value]
    for convert in (int, float):
        try:
            return convert(value)
        except ValueError:
            pass
    if value[:1] == value[-1:] and value[0] in "\"'":
        value = value[1:-1]
    return str(value)


def parse_converter_args(argstr: str) -> tuple[tuple[t.Any, ...], dict[str, t.Any]]:
    """Parse ``length=2`` / ``a, b, "c"`` converter arguments."""
    argstr += ","
    args: list[t.Any] = []
    kwargs: dict[str, t.Any] = {}
    position = 0
    for item in _converter_args_re.finditer(argstr):
        if item.start() != position:
            raise ValueError(
                f"Cannot parse converter argument '{argstr[position : item.start()]}'"
            )
        value = item.group("stringval")
        if value is None:
            value = item.group("value")
        python_value = _pythonize(value)
        if item.group("name"):
            kwargs[item.group("name")] = python_value
        else:
            args.append(python_value)
        position = item.end()
    return tuple(args), kwargs
