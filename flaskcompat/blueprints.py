"""``Blueprint``: the sans-IO blueprint plus what needs the app at request
time - serving its static files and opening its resources."""

from __future__ import annotations

import os
import typing as t
from datetime import timedelta

from .globals import current_app
from .helpers import send_from_directory
from .sansio.blueprints import Blueprint as SansioBlueprint
from .sansio.blueprints import BlueprintSetupState as BlueprintSetupState

if t.TYPE_CHECKING:  # pragma: no cover
    from .werkzeug.wrappers import Response as BaseResponse


class Blueprint(SansioBlueprint):
    """A group of routes, hooks, handlers, templates and static files that
    is registered on an app: ``app.register_blueprint(bp, url_prefix="/x")``."""

    def get_send_file_max_age(self, filename: str | None) -> int | None:
        """``SEND_FILE_MAX_AGE_DEFAULT`` of the current app in seconds, or
        None (conditional requests instead of a timed cache)."""
        value = current_app.config["SEND_FILE_MAX_AGE_DEFAULT"]
        if value is None:
            return None
        if isinstance(value, timedelta):
            return int(value.total_seconds())
        return value  # type: ignore[no-any-return]

    def send_static_file(self, filename: str) -> BaseResponse:
        """The view of the blueprint's ``static`` endpoint: a file of
        :attr:`static_folder`."""
        if not self.has_static_folder:
            raise RuntimeError("'static_folder' must be set to serve static_files.")
        # send_file asks the app for max_age; ask the blueprint instead.
        max_age = self.get_send_file_max_age(filename)
        return send_from_directory(
            t.cast(str, self.static_folder), filename, max_age=max_age
        )

    def open_resource(
        self, resource: str, mode: str = "rb", encoding: str | None = "utf-8"
    ) -> t.IO[t.AnyStr]:
        """Open a file relative to :attr:`root_path` for reading (``"r"``,
        ``"rt"`` or ``"rb"``); ``encoding`` applies to text mode."""
        if mode not in {"r", "rt", "rb"}:
            raise ValueError("Resources can only be opened for reading.")
        path = os.path.join(self.root_path, resource)
        if mode == "rb":
            return open(path, mode)  # noqa: SIM115 - the caller closes it
        return open(path, mode, encoding=encoding)  # noqa: SIM115
