"""``flaskcompat.werkzeug.formparser``: malformed bodies are empty forms unless
``silent=False``; the limits raise 413 either way."""

from __future__ import annotations

import io

import pytest

from flaskcompat.werkzeug.exceptions import RequestEntityTooLarge
from flaskcompat.werkzeug.formparser import FormDataParser, parse_form_data
from flaskcompat.werkzeug.test import create_environ

BROKEN = b"--X\r\nContent-Disposition: form-data\r\n\r\nno name and no end"


def test_malformed_multipart_is_an_empty_form() -> None:
    _, form, files = FormDataParser().parse(
        io.BytesIO(BROKEN), "multipart/form-data", len(BROKEN), {"boundary": "X"}
    )
    assert not form and not files


def test_missing_boundary_raises_unless_silent() -> None:
    assert not FormDataParser().parse(io.BytesIO(b""), "multipart/form-data", 0)[1]
    with pytest.raises(ValueError, match="Missing boundary"):
        FormDataParser(silent=False).parse(io.BytesIO(b""), "multipart/form-data", 0)


def test_limits() -> None:
    env = create_environ(method="POST", data={"a": "x" * 100})
    with pytest.raises(RequestEntityTooLarge):
        parse_form_data(env, max_form_memory_size=10)
    env = create_environ(method="POST", data={"a": "x" * 100})
    with pytest.raises(RequestEntityTooLarge):
        parse_form_data(env, max_content_length=10)
    env = create_environ(method="POST", data={str(i): "v" for i in range(5)})
    env["CONTENT_TYPE"] = "multipart/form-data; boundary=B"
    body = b"".join(
        b'--B\r\nContent-Disposition: form-data; name="f%d"\r\n\r\nv\r\n' % i
        for i in range(5)
    )
    env["wsgi.input"] = io.BytesIO(body + b"--B--\r\n")
    env["CONTENT_LENGTH"] = str(len(body) + 7)
    with pytest.raises(RequestEntityTooLarge):
        parse_form_data(env, max_form_parts=3)
