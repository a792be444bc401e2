"""``Config``: the app's configuration dict and its loaders, as Flask's."""

from __future__ import annotations

import contextlib
import errno
import json
import os
import types
import typing as t

from .werkzeug.utils import import_string

if t.TYPE_CHECKING:  # pragma: no cover
    import typing_extensions as te

    from .app import Flask

T = t.TypeVar("T")


class ConfigAttribute(t.Generic[T]):
    """An app attribute that forwards to a config key (``app.debug``...)."""

    def __init__(
        self, name: str, get_converter: t.Callable[[t.Any], T] | None = None
    ) -> None:
        self.__name__ = name
        self.get_converter = get_converter

    @t.overload
    def __get__(self, obj: None, owner: None) -> te.Self: ...

    @t.overload
    def __get__(self, obj: Flask, owner: type[Flask]) -> T: ...

    def __get__(
        self, obj: Flask | None, owner: type[Flask] | None = None
    ) -> T | te.Self:
        if obj is None:
            return self
        rv = obj.config[self.__name__]
        if self.get_converter is not None:
            rv = self.get_converter(rv)
        return rv  # type: ignore[no-any-return]

    def __set__(self, obj: Flask, value: t.Any) -> None:
        obj.config[self.__name__] = value


class Config(dict):  # type: ignore[type-arg]
    """A dict with ways to load configuration from files, objects and the
    environment. Only upper-case keys are taken from objects and files."""

    def __init__(
        self,
        root_path: str | os.PathLike[str],
        defaults: dict[str, t.Any] | None = None,
    ) -> None:
        super().__init__(defaults or {})
        self.root_path = root_path

    def from_envvar(self, variable_name: str, silent: bool = False) -> bool:
        """Load the Python file named by an environment variable."""
        rv = os.environ.get(variable_name)
        if not rv:
            if silent:
                return False
            raise RuntimeError(
                f"The environment variable {variable_name!r} is not set"
                " and as such configuration could not be loaded. Set"
                " this variable and make it point to a configuration"
                " file"
            )
        return self.from_pyfile(rv, silent=silent)

    def from_prefixed_env(
        self, prefix: str = "FLASK", *, loads: t.Callable[[str], t.Any] = json.loads
    ) -> bool:
        """Load ``FLASK_*`` environment variables; values go through ``loads``
        when they parse, and ``__`` nests into dicts."""
        prefix = f"{prefix}_"
        for key in sorted(os.environ):
            if not key.startswith(prefix):
                continue
            value: t.Any = os.environ[key]
            key = key.removeprefix(prefix)
            with contextlib.suppress(Exception):  # else keep the string
                value = loads(value)
            if "__" not in key:
                self[key] = value
                continue
            current: dict[str, t.Any] = self
            *parts, tail = key.split("__")
            for part in parts:
                if part not in current:
                    current[part] = {}
                current = current[part]
            current[tail] = value
        return True

    def from_pyfile(
        self, filename: str | os.PathLike[str], silent: bool = False
    ) -> bool:
        """Execute a Python file (relative to ``root_path``) and load its
        upper-case names."""
        filename = os.path.join(self.root_path, filename)
        d = types.ModuleType("config")
        d.__file__ = filename
        try:
            with open(filename, mode="rb") as config_file:
                exec(compile(config_file.read(), filename, "exec"), d.__dict__)
        except OSError as e:
            if silent and e.errno in (errno.ENOENT, errno.EISDIR, errno.ENOTDIR):
                return False
            e.strerror = f"Unable to load configuration file ({e.strerror})"
            raise
        self.from_object(d)
        return True

    def from_object(self, obj: object | str) -> None:
        """Load the upper-case attributes of an object or an import string."""
        if isinstance(obj, str):
            obj = import_string(obj)
        for key in dir(obj):
            if key.isupper():
                self[key] = getattr(obj, key)

    def from_file(
        self,
        filename: str | os.PathLike[str],
        load: t.Callable[[t.IO[t.Any]], t.Mapping[str, t.Any]],
        silent: bool = False,
        text: bool = True,
    ) -> bool:
        """Load a file with ``load`` (``json.load``, ``tomllib.load``...)."""
        filename = os.path.join(self.root_path, filename)
        try:
            with open(filename, "r" if text else "rb") as f:
                obj = load(f)
        except OSError as e:
            if silent and e.errno in (errno.ENOENT, errno.EISDIR):
                return False
            e.strerror = f"Unable to load configuration file ({e.strerror})"
            raise
        return self.from_mapping(obj)

    def from_mapping(
        self, mapping: t.Mapping[str, t.Any] | None = None, **kwargs: t.Any
    ) -> bool:
        """Load the upper-case keys of a mapping and keyword arguments."""
        mappings: dict[str, t.Any] = {}
        if mapping is not None:
            mappings.update(mapping)
        mappings.update(kwargs)
        for key, value in mappings.items():
            if key.isupper():
                self[key] = value
        return True

    def get_namespace(
        self, namespace: str, lowercase: bool = True, trim_namespace: bool = True
    ) -> dict[str, t.Any]:
        """The keys starting with ``namespace`` as a dict (trimmed, lower-case)."""
        rv = {}
        for k, v in self.items():
            if not k.startswith(namespace):
                continue
            key = k[len(namespace) :] if trim_namespace else k
            if lowercase:
                key = key.lower()
            rv[key] = v
        return rv

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {dict.__repr__(self)}>"
