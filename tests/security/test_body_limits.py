"""flaskcompat's own body reader (``flaskcompat.werkzeug.formparser``) under hostile
bodies: reads are bounded whatever the client declares, and the files of a
refused or broken multipart body are closed at once.
"""

from __future__ import annotations

import io
import typing as t

import pytest

from flaskcompat.werkzeug.datastructures import MultiDict
from flaskcompat.werkzeug.exceptions import ClientDisconnected, RequestEntityTooLarge
from flaskcompat.werkzeug.formparser import FormDataParser
from flaskcompat.werkzeug.wsgi import LimitedStream, get_input_stream

CHUNK = 64 * 1024


class RecordingInput(io.RawIOBase):
    """A ``wsgi.input`` that records the size of every read."""

    def __init__(self, data: bytes) -> None:
        self._data = io.BytesIO(data)
        self.sizes: list[int] = []

    def readable(self) -> bool:
        return True

    def read(self, size: int | None = -1) -> bytes:
        self.sizes.append(-1 if size is None else size)
        return self._data.read(size)


@pytest.mark.parametrize("declared", [1000, CHUNK + 1, 10**11, 2**63, 10**30])
def test_declared_length_never_sizes_a_read(declared: int) -> None:
    """``io.BufferedReader.read(n)`` allocates ``n`` bytes first: a read is
    at most 64 kB whatever ``Content-Length`` claims.
    """
    wsgi_input = RecordingInput(b"x" * 100)
    environ = {"wsgi.input": wsgi_input, "CONTENT_LENGTH": str(declared)}
    stream = get_input_stream(environ)
    with pytest.raises(ClientDisconnected):
        stream.read()
    assert max(wsgi_input.sizes) <= CHUNK


def test_large_honest_body_is_read_whole_in_chunks() -> None:
    body = bytes(range(256)) * 1000
    wsgi_input = RecordingInput(body)
    stream = LimitedStream(t.cast("t.IO[bytes]", wsgi_input), len(body))
    assert stream.read() == body
    assert max(wsgi_input.sizes) == CHUNK


class Containers:
    """A ``stream_factory`` that keeps the file containers it hands out."""

    def __init__(self) -> None:
        self.created: list[io.BytesIO] = []

    def __call__(self, *args: t.Any, **kwargs: t.Any) -> t.IO[bytes]:
        container = io.BytesIO()
        self.created.append(container)
        return container


def _file(i: int) -> bytes:
    head = b'--X\r\nContent-Disposition: form-data; name="f%d"; filename="a"\r\n\r\n'
    return head % i + b"v\r\n"


@pytest.mark.parametrize(
    ("body", "limits", "error"),
    [
        (b"".join(_file(i) for i in range(5)) + b"--X--\r\n", {"max_parts": 3}, True),
        (
            _file(0) + _file(1) + b"--X\r\nX-Pad: " + b"p" * 100_000,
            {"max_memory": 70_000},
            True,
        ),
        (_file(0) + _file(1) + b"--X\r\nbroken", {}, False),
        (_file(0) + _file(1), {}, False),  # no closing boundary
    ],
    ids=["too-many-parts", "over-memory", "broken-part", "unterminated"],
)
def test_files_of_a_refused_body_are_closed(
    body: bytes, limits: dict[str, int], error: bool
) -> None:
    factory = Containers()

    def parse() -> t.Any:
        return FormDataParser(
            factory,
            limits.get("max_memory"),
            cls=MultiDict,
            max_form_parts=limits.get("max_parts"),
        ).parse(io.BytesIO(body), "multipart/form-data", len(body), {"boundary": "X"})

    if error:
        with pytest.raises(RequestEntityTooLarge):
            parse()
    else:
        _, form, files = parse()
        assert not form and not files
    assert len(factory.created) >= 2
    assert all(container.closed for container in factory.created)


def test_files_of_an_accepted_body_stay_open() -> None:
    factory = Containers()
    body = _file(0) + _file(1) + b"--X--\r\n"
    _, _, files = FormDataParser(factory, cls=MultiDict).parse(
        io.BytesIO(body), "multipart/form-data", len(body), {"boundary": "X"}
    )
    assert [f.read() for f in files.values()] == [b"v", b"v"]
    assert not any(container.closed for container in factory.created)
