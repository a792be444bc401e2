"""Tagged JSON: a compact, lossless JSON form for a few non-JSON types.

:class:`~flaskcompat.sessions.SecureCookieSessionInterface` serializes the
session with it. The output is byte-for-byte Flask's (``flask.json.tag``), so
Flask and flaskcompat read each other's session cookies. Extend it as in
Flask: subclass :class:`JSONTag` and pass it to
:meth:`TaggedJSONSerializer.register`.
"""

from __future__ import annotations

import typing as t
from base64 import b64decode, b64encode
from datetime import datetime
from uuid import UUID

from markupsafe import Markup

from ..werkzeug.http import http_date, parse_date
from . import dumps, loads


class JSONTag:
    """Base class for the type tags of a :class:`TaggedJSONSerializer`."""

    __slots__ = ("serializer",)

    #: The tag marking the serialized object. If empty, the tag is only an
    #: intermediate step during tagging.
    key: str = ""

    def __init__(self, serializer: TaggedJSONSerializer) -> None:
        """Create a tagger for ``serializer``."""
        self.serializer = serializer

    def check(self, value: t.Any) -> bool:
        """Whether ``value`` should be tagged by this tag."""
        raise NotImplementedError

    def to_json(self, value: t.Any) -> t.Any:
        """Convert the Python object to a JSON type (the tag is added later)."""
        raise NotImplementedError

    def to_python(self, value: t.Any) -> t.Any:
        """Convert the JSON representation back (the tag is already removed)."""
        raise NotImplementedError

    def tag(self, value: t.Any) -> dict[str, t.Any]:
        """Convert ``value`` to a JSON type and wrap it in the tag structure."""
        return {self.key: self.to_json(value)}


class TagDict(JSONTag):
    """Tag for 1-item dicts whose only key is a registered tag.

    The key is suffixed with ``__`` and the suffix is removed on loading.
    """

    __slots__ = ()
    key = " di"

    def check(self, value: t.Any) -> bool:
        return (
            isinstance(value, dict)
            and len(value) == 1
            and next(iter(value)) in self.serializer.tags
        )

    def to_json(self, value: t.Any) -> t.Any:
        key = next(iter(value))
        return {f"{key}__": self.serializer.tag(value[key])}

    def to_python(self, value: t.Any) -> t.Any:
        key = next(iter(value))
        return {key[:-2]: value[key]}


class PassDict(JSONTag):
    """Tag the values of a dict; the dict itself stays a JSON object."""

    __slots__ = ()

    def check(self, value: t.Any) -> bool:
        return isinstance(value, dict)

    def to_json(self, value: t.Any) -> t.Any:
        # JSON object keys are always strings, so the keys are not tagged.
        return {k: self.serializer.tag(v) for k, v in value.items()}

    tag = to_json


class TagTuple(JSONTag):
    """Tag for tuples, stored as a list of tagged items."""

    __slots__ = ()
    key = " t"

    def check(self, value: t.Any) -> bool:
        return isinstance(value, tuple)

    def to_json(self, value: t.Any) -> t.Any:
        return [self.serializer.tag(item) for item in value]

    def to_python(self, value: t.Any) -> t.Any:
        return tuple(value)


class PassList(JSONTag):
    """Tag the items of a list; the list itself stays a JSON array."""

    __slots__ = ()

    def check(self, value: t.Any) -> bool:
        return isinstance(value, list)

    def to_json(self, value: t.Any) -> t.Any:
        return [self.serializer.tag(item) for item in value]

    tag = to_json


class TagBytes(JSONTag):
    """Tag for bytes, stored as base64."""

    __slots__ = ()
    key = " b"

    def check(self, value: t.Any) -> bool:
        return isinstance(value, bytes)

    def to_json(self, value: t.Any) -> t.Any:
        return b64encode(value).decode("ascii")

    def to_python(self, value: t.Any) -> t.Any:
        return b64decode(value)


class TagMarkup(JSONTag):
    """Tag for anything with an ``__html__`` method; loads as
    :class:`~markupsafe.Markup`."""

    __slots__ = ()
    key = " m"

    def check(self, value: t.Any) -> bool:
        return callable(getattr(value, "__html__", None))

    def to_json(self, value: t.Any) -> t.Any:
        return str(value.__html__())

    def to_python(self, value: t.Any) -> t.Any:
        return Markup(value)


class TagUUID(JSONTag):
    """Tag for :class:`~uuid.UUID`, stored as its hex string."""

    __slots__ = ()
    key = " u"

    def check(self, value: t.Any) -> bool:
        return isinstance(value, UUID)

    def to_json(self, value: t.Any) -> t.Any:
        return value.hex

    def to_python(self, value: t.Any) -> t.Any:
        return UUID(value)


class TagDateTime(JSONTag):
    """Tag for :class:`~datetime.datetime`, stored as an HTTP date (UTC,
    second precision)."""

    __slots__ = ()
    key = " d"

    def check(self, value: t.Any) -> bool:
        return isinstance(value, datetime)

    def to_json(self, value: t.Any) -> t.Any:
        return http_date(value)

    def to_python(self, value: t.Any) -> t.Any:
        return parse_date(value)


class TaggedJSONSerializer:
    """Serializer that tags non-JSON types compactly; the intermediate
    serializer given to :class:`itsdangerous.Serializer`.

    Supports :class:`dict`, :class:`tuple`, :class:`bytes`,
    :class:`~markupsafe.Markup`, :class:`~uuid.UUID` and
    :class:`~datetime.datetime` besides the JSON types.
    """

    __slots__ = ("tags", "order")

    #: Tag classes bound when the serializer is created. Add others with
    #: :meth:`register`.
    default_tags = [
        TagDict,
        PassDict,
        TagTuple,
        PassList,
        TagBytes,
        TagMarkup,
        TagUUID,
        TagDateTime,
    ]

    def __init__(self) -> None:
        self.tags: dict[str, JSONTag] = {}
        self.order: list[JSONTag] = []

        for cls in self.default_tags:
            self.register(cls)

    def register(
        self,
        tag_class: type[JSONTag],
        force: bool = False,
        index: int | None = None,
    ) -> None:
        """Register a new tag with this serializer.

        :param tag_class: the tag class, instantiated with this serializer.
        :param force: overwrite an already registered key instead of raising
            :exc:`KeyError`.
        :param index: position in the tag order; appended if ``None``.
        """
        tag = tag_class(self)
        key = tag.key

        if key:
            if not force and key in self.tags:
                raise KeyError(f"Tag '{key}' is already registered.")

            self.tags[key] = tag

        if index is None:
            self.order.append(tag)
        else:
            self.order.insert(index, tag)

    def tag(self, value: t.Any) -> t.Any:
        """Convert a value to its tagged representation if necessary."""
        for tag in self.order:
            if tag.check(value):
                return tag.tag(value)

        return value

    def untag(self, value: dict[str, t.Any]) -> t.Any:
        """Convert a tagged representation back to the original type."""
        if len(value) != 1:
            return value

        key = next(iter(value))

        if key not in self.tags:
            return value

        return self.tags[key].to_python(value[key])

    def _untag_scan(self, value: t.Any) -> t.Any:
        if isinstance(value, dict):
            # untag each item recursively, then the dict itself
            value = {k: self._untag_scan(v) for k, v in value.items()}
            value = self.untag(value)
        elif isinstance(value, list):
            value = [self._untag_scan(item) for item in value]

        return value

    def dumps(self, value: t.Any) -> str:
        """Tag the value and dump it to a compact JSON string."""
        return dumps(self.tag(value), separators=(",", ":"))

    def loads(self, value: str) -> t.Any:
        """Load a JSON string and untag the objects in it."""
        return self._untag_scan(loads(value))
