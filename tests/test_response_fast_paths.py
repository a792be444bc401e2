"""``Response(text)`` takes a short path through ``__init__``; it must build
what the general path builds, for the base classes and for subclasses that
change the defaults or override what the short path stands for."""

from __future__ import annotations

import typing as t
from http import HTTPStatus

import pytest

from flaskcompat.werkzeug.datastructures import Headers
from flaskcompat.werkzeug.wrappers import Response as BaseResponse
from flaskcompat.wrappers import Response


class JSONDefault(Response):
    default_mimetype = "application/json"
    default_status = 201


class NoMimetype(Response):
    default_mimetype = None


class NoLength(Response):
    automatically_set_content_length = False


class OwnSetData(Response):
    def set_data(self, value: bytes | str) -> None:
        super().set_data(value)
        self.headers["X-Set-Data"] = "1"


class OwnStatus(Response):
    def _clean_status(self, value: t.Any) -> tuple[str, int]:
        status, code = super()._clean_status(value)
        return status.lower(), code


def _state(response: BaseResponse) -> tuple[t.Any, ...]:
    return (
        response.status,
        response.status_code,
        list(response.headers),
        response.response,
        response.direct_passthrough,
    )


@pytest.mark.parametrize(
    "cls",
    [BaseResponse, Response, JSONDefault, NoMimetype, NoLength, OwnSetData, OwnStatus],
)
@pytest.mark.parametrize(
    "status", [None, 200, 404, 599, 299, HTTPStatus.CREATED, "418"]
)
@pytest.mark.parametrize("body", ["", "héllo", "x" * 1000])
@pytest.mark.parametrize("mimetype", [None, "application/json", "image/png"])
def test_short_path_builds_what_the_general_path_builds(
    cls: type[BaseResponse], status: t.Any, body: str, mimetype: str | None
) -> None:
    short = cls(body, status, mimetype=mimetype)
    # Passing an empty Headers takes the general path.
    general = cls(body, status, headers=Headers(), mimetype=mimetype)
    assert _state(short) == _state(general)
    assert short.get_data() == body.encode()
    if issubclass(cls, OwnSetData):
        assert short.headers["X-Set-Data"] == "1"
    if issubclass(cls, OwnStatus):
        assert short.status == short.status.lower()
