"""Uploaded files: ``FileStorage`` and ``FileMultiDict``."""

from __future__ import annotations

import collections.abc as cabc
import contextlib
import mimetypes
import os
import typing as t
from io import BytesIO

from ..http import (
    parse_options_header,
    plain_int,
)
from .headers import Headers
from .structures import MultiDict

K = t.TypeVar("K")
V = t.TypeVar("V")
T = t.TypeVar("T")


class FileStorage:
    """An uploaded file (``request.files`` values). Stream attributes such as
    ``read`` and ``seek`` are proxied, so ``storage.read()`` works.
    """

    def __init__(
        self,
        stream: t.IO[bytes] | None = None,
        filename: str | None = None,
        name: str | None = None,
        content_type: str | None = None,
        content_length: int | None = None,
        headers: Headers | None = None,
    ) -> None:
        self.name = name
        self.stream: t.IO[bytes] = stream or BytesIO()
        if filename is None:
            # Take the name of a real file; skip "<stdin>"-style pseudo names.
            filename = getattr(stream, "name", None)
            if filename is not None:
                filename = os.fsdecode(filename)
            if filename and filename[0] == "<" and filename[-1] == ">":
                filename = None
        else:
            filename = os.fsdecode(filename)
        self.filename: str | None = filename
        if headers is None:
            headers = Headers()
        self.headers = headers
        if content_type is not None:
            headers["Content-Type"] = content_type
        if content_length is not None:
            headers["Content-Length"] = str(content_length)
        self._parsed_content_type: tuple[str, dict[str, str]] | None = None

    def _parse_content_type(self) -> tuple[str, dict[str, str]]:
        if self._parsed_content_type is None:
            self._parsed_content_type = parse_options_header(self.content_type)
        return self._parsed_content_type

    @property
    def content_type(self) -> str | None:
        """The ``Content-Type`` sent with the file, if any."""
        return self.headers.get("content-type")

    @property
    def content_length(self) -> int:
        """The ``Content-Length`` sent with the file, or 0."""
        if "content-length" in self.headers:
            try:
                return plain_int(self.headers["content-length"])
            except ValueError:
                pass
        return 0

    @property
    def mimetype(self) -> str:
        """The lowercased content type without parameters, e.g. ``text/html``."""
        return self._parse_content_type()[0].lower()

    @property
    def mimetype_params(self) -> dict[str, str]:
        """The content type parameters, e.g. ``{"charset": "utf-8"}``."""
        return self._parse_content_type()[1]

    def save(
        self, dst: str | os.PathLike[str] | t.IO[bytes], buffer_size: int = 16384
    ) -> None:
        """Copy the file to a path or an open binary file object. A file object
        is left open; a path is opened and closed here.
        """
        from shutil import copyfileobj

        if isinstance(dst, (str, os.PathLike)):
            with open(os.fspath(dst), "wb") as fh:
                copyfileobj(self.stream, fh, buffer_size)
        else:
            copyfileobj(self.stream, dst, buffer_size)

    def close(self) -> None:
        """Close the underlying stream, ignoring errors."""
        with contextlib.suppress(Exception):
            self.stream.close()

    def __bool__(self) -> bool:
        return bool(self.filename)

    def __getattr__(self, name: str) -> t.Any:
        stream = self.__dict__.get("stream")
        if stream is None:
            raise AttributeError(name)
        try:
            return getattr(stream, name)
        except AttributeError:
            # SpooledTemporaryFile before 3.11 does not implement IOBase.
            if hasattr(stream, "_file"):
                return getattr(stream._file, name)
            raise

    def __iter__(self) -> cabc.Iterator[bytes]:
        return iter(self.stream)

    def __repr__(self) -> str:
        return f"<{type(self).__name__}: {self.filename!r} ({self.content_type!r})>"


class FileMultiDict(MultiDict[str, FileStorage]):
    """A :class:`MultiDict` with :meth:`add_file`, handy for building tests."""

    def add_file(
        self,
        name: str,
        file: str | os.PathLike[str] | t.IO[bytes] | FileStorage,
        filename: str | None = None,
        content_type: str | None = None,
    ) -> None:
        """Add a file from a path, a binary file object or a FileStorage."""
        if isinstance(file, FileStorage):
            self.add(name, file)
            return
        if isinstance(file, (str, os.PathLike)):
            if filename is None:
                filename = os.fspath(file)
            file_obj: t.IO[bytes] = open(file, "rb")  # noqa: SIM115 - owned by storage
        else:
            file_obj = t.cast("t.IO[bytes]", file)
        if filename and content_type is None:
            content_type = (
                mimetypes.guess_type(filename)[0] or "application/octet-stream"
            )
        self.add(name, FileStorage(file_obj, filename, name, content_type))
