"""Defaults from `[tool.tf1-migrate]` in `pyproject.toml` (command-line options win).

The nearest `pyproject.toml` holding a `[tool.tf1-migrate]` table, found by walking up
from the paths given (from their common directory), supplies defaults for:

    [tool.tf1-migrate]
    target = "compat"                 # "keras" or "compat"
    include = ["*.py"]                # globs a walked file must match
    exclude = ["legacy/*", "*_pb2.py"]
    jobs = 4
    gitignore = true                  # honour .gitignore files while walking

Unknown keys and values of the wrong type are errors, reported with the file's path.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

from migrate.result import TARGETS

__all__ = ["Config", "ConfigError", "find_config", "load_config"]

_TABLE = "tf1-migrate"


class ConfigError(ValueError):
    """A `[tool.tf1-migrate]` table that cannot be used; the message names the file."""


@dataclass(frozen=True)
class Config:
    """The settings a `[tool.tf1-migrate]` table gave (None: not set there).

    Attributes:
      path: the pyproject.toml they come from.
      target, include, exclude, jobs, gitignore: the settings.
    """

    path: str
    target: str | None = None
    include: tuple[str, ...] | None = None
    exclude: tuple[str, ...] | None = None
    jobs: int | None = None
    gitignore: bool | None = None


def _common_directory(paths: Sequence[str]) -> str:
    directories = []
    for path in paths:
        real = os.path.realpath(path if path != "-" else os.curdir)
        directories.append(real if os.path.isdir(real) else os.path.dirname(real))
    try:
        return os.path.commonpath(directories) if directories else os.getcwd()
    except ValueError:  # paths on different drives
        return directories[0]


def find_config(paths: Sequence[str]) -> str | None:
    """The nearest pyproject.toml above the paths with a `[tool.tf1-migrate]` table."""
    current = _common_directory(paths)
    while True:
        candidate = os.path.join(current, "pyproject.toml")
        if os.path.isfile(candidate) and _has_table(candidate):
            return candidate
        parent = os.path.dirname(current)
        if parent == current:
            return None
        current = parent


def _read(path: str) -> dict[str, Any]:
    try:
        with open(path, "rb") as f:
            return tomllib.load(f)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read the configuration: {exc}") from None


def _has_table(path: str) -> bool:
    try:
        with open(path, "rb") as f:
            if b"tf1-migrate" not in f.read():
                return False  # most pyproject.toml files: no TOML parse needed
    except OSError:
        return False
    return _TABLE in _read(path).get("tool", {})


def _invalid(path: str, key: str, expected: str, value: Any) -> ConfigError:
    return ConfigError(
        f"{path}: Invalid value for `{key}` in [tool.{_TABLE}]. Expected {expected}. "
        f"Received: {key}={value!r}"
    )


def _globs(path: str, key: str, value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise _invalid(path, key, "a list of glob strings", value)
    return tuple(value)


def load_config(path: str) -> Config:
    """Read and check the `[tool.tf1-migrate]` table of one pyproject.toml.

    Raises:
      ConfigError: the file cannot be read, or the table holds an unknown key or a
        value of the wrong type.
    """
    table = _read(path).get("tool", {}).get(_TABLE, {})
    if not isinstance(table, dict):
        raise _invalid(path, _TABLE, "a table", table)
    known = {"target", "include", "exclude", "jobs", "gitignore"}
    unknown = sorted(set(table) - known)
    if unknown:
        raise ConfigError(
            f"{path}: Unknown key(s) in [tool.{_TABLE}]: {', '.join(unknown)}. "
            f"Expected any of: {', '.join(sorted(known))}"
        )
    values: dict[str, Any] = {}
    if "target" in table:
        if table["target"] not in TARGETS:
            raise _invalid(path, "target", f"one of {TARGETS}", table["target"])
        values["target"] = table["target"]
    for key in ("include", "exclude"):
        if key in table:
            values[key] = _globs(path, key, table[key])
    if "jobs" in table:
        jobs = table["jobs"]
        if isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1:
            raise _invalid(path, "jobs", "a positive integer", jobs)
        values["jobs"] = jobs
    if "gitignore" in table:
        if not isinstance(table["gitignore"], bool):
            raise _invalid(path, "gitignore", "true or false", table["gitignore"])
        values["gitignore"] = table["gitignore"]
    return Config(path=path, **values)
