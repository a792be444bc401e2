"""``flaskcompat.werkzeug.wsgi``: what flaskcompat adds to Werkzeug's
functions (a body Bottle already buffered is reused) and the closing
iterator's order of callbacks."""

from __future__ import annotations

import io

import pytest

from flaskcompat.werkzeug import wsgi
from flaskcompat.werkzeug.exceptions import RequestEntityTooLarge


def test_input_stream_reuses_bottles_buffered_body() -> None:
    buffered = io.BytesIO(b"already read")
    buffered.read()
    environ = {
        "wsgi.input": io.BytesIO(b""),  # drained by Bottle
        "bottle.request.body": buffered,
        "CONTENT_LENGTH": "12",
    }
    assert wsgi.get_input_stream(environ).read() == b"already read"
    with pytest.raises(RequestEntityTooLarge):
        wsgi.get_input_stream(environ, max_content_length=5)


def test_chunked_body_without_termination_is_not_read() -> None:
    environ = {
        "wsgi.input": io.BytesIO(b"5\r\nhello\r\n0\r\n\r\n"),
        "HTTP_TRANSFER_ENCODING": "chunked",
    }
    assert wsgi.get_input_stream(environ).read() == b""
    terminated = dict(environ, **{"wsgi.input_terminated": True})
    assert wsgi.get_input_stream(terminated).read().startswith(b"5\r\n")


def test_closing_iterator_callbacks_run_after_the_iterable_closes() -> None:
    order: list[str] = []

    class Body(list[bytes]):
        def close(self) -> None:
            order.append("iterable")

    it = wsgi.ClosingIterator(
        Body([b"x"]), [lambda: order.append("a"), lambda: order.append("b")]
    )
    assert next(it) == b"x"
    it.close()
    assert order == ["iterable", "a", "b"]
