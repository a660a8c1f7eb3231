"""`get_config` values: constructor arguments as importable references where possible."""

from __future__ import annotations

import functools
import importlib
from typing import Any

__all__ = ["deserialize", "serialize"]


def serialize(value: Any) -> Any:
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if hasattr(value, "get_config"):
        return {
            "class_name": type(value).__qualname__,
            "module": type(value).__module__,
            "config": value.get_config(),
        }
    module = getattr(value, "__module__", None)
    qualname = getattr(value, "__qualname__", "")
    if module and qualname and "<" not in qualname:
        return {"function": qualname, "module": module}
    # Lambdas and closures cannot be named: the config keeps the object itself.
    return value


def deserialize(value: Any) -> Any:
    if not isinstance(value, dict):
        return value
    if "function" in value and "module" in value:
        return functools.reduce(
            getattr, value["function"].split("."), importlib.import_module(value["module"])
        )
    if {"class_name", "module", "config"} <= value.keys():
        cls = functools.reduce(
            getattr, value["class_name"].split("."), importlib.import_module(value["module"])
        )
        return (
            cls.from_config(value["config"])
            if hasattr(cls, "from_config")
            else cls(**value["config"])
        )
    return value
