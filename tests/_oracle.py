"""Scenario runner shared by the oracle-based test modules.

A scenario is a self-contained function of `L` returning plain JSON data. The oracle
process runs every scenario of a module once, with `L = tf.compat.v1.layers` under
`TF_USE_LEGACY_KERAS=1`; the tests run the same function with `L = compat_layers` and
compare. Helpers listed with the scenarios are shipped to the oracle as source.
"""

from __future__ import annotations

import copy
import inspect
import json
import textwrap
import warnings
from collections.abc import Callable, Sequence
from typing import Any

import keras
import numpy as np
import pytest
import tensorflow as tf

import compat_layers
from golden.reference import run_reference

v1 = tf.compat.v1


# ------------------------------------------------------------------------------------------
# Helpers shipped to the oracle (they use only tf, np, v1 and warnings).


def var_table(key="variables"):
    return [[v.name, v.shape.as_list(), v.dtype.base_dtype.name] for v in v1.get_collection(key)]


def error(fn):
    try:
        fn()
    except Exception as exc:  # the oracle records whatever the legacy layer raises
        return [type(exc).__name__, str(exc)]
    return None


def x_of(shape, seed=0, dtype=np.float32):
    return np.random.RandomState(seed).uniform(-1, 1, shape).astype(dtype)


def init_of(shape, seed, scale=0.5):
    values = np.random.RandomState(seed).uniform(-scale, scale, shape).astype(np.float32)
    return v1.constant_initializer(values)


def scope_of(tensor):
    return tensor.op.name.rsplit("/", 1)[0]


def signature_of(obj):
    """Parameter names with simple defaults (objects shown by type) and kinds."""
    out = []
    for p in inspect.signature(obj).parameters.values():
        default = p.default
        if default is inspect.Parameter.empty:
            default = "<required>"
        elif not isinstance(default, (str, int, float, bool, type(None))):
            default = f"<{type(default).__name__}>"
        out.append([p.name, default, p.kind.name])
    return out


HELPERS = [var_table, error, x_of, init_of, scope_of, signature_of]


# ------------------------------------------------------------------------------------------
# Running.


def oracle_script(scenarios: Sequence[Callable[..., Any]], helpers: Sequence[Any] = ()) -> str:
    sources = [inspect.getsource(f) for f in [*HELPERS, *helpers, *scenarios]]
    runner = textwrap.dedent(
        f"""
        RESULTS = {{}}
        for fn in [{", ".join(f.__name__ for f in scenarios)}]:
            try:
                RESULTS[fn.__name__] = {{"value": fn(v1.layers)}}
            except Exception as exc:
                RESULTS[fn.__name__] = {{"crash": f"{{type(exc).__name__}}: {{exc}}"}}
        save_json(RESULTS)
        """
    )
    prelude = (
        "import inspect\nimport sys\nimport warnings\nimport tensorflow as tf\nv1 = tf.compat.v1\n"
    )
    return prelude + "\n".join(sources) + runner


def run_oracle(scenarios: Sequence[Callable[..., Any]], helpers: Sequence[Any] = ()) -> dict:
    return run_reference(oracle_script(scenarios, helpers)).json


def expected(oracle: dict, scenario: Callable[..., Any]) -> Any:
    entry = oracle[scenario.__name__]
    if "crash" in entry:
        pytest.fail(f"the legacy reference crashed in {scenario.__name__}: {entry['crash']}")
    return entry["value"]


_RUNS: dict = {}


def run_here(scenario: Callable[..., Any]) -> Any:
    """The scenario's result with `L = compat_layers`, computed once per test session."""
    key = (scenario.__module__, scenario.__name__)
    if key not in _RUNS:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", compat_layers.LegacyLayerWarning)
            _RUNS[key] = json.loads(json.dumps(scenario(compat_layers)))
    return copy.deepcopy(_RUNS[key])


def assert_bitwise(actual: Any, wanted: Any) -> None:
    """Equal arrays, bit for bit (JSON keeps every float32/float64 digit)."""
    actual, wanted = np.asarray(actual), np.asarray(wanted)
    assert actual.shape == wanted.shape
    np.testing.assert_array_equal(actual, wanted)


def layer_parameters(cls: type) -> set[str]:
    """The keyword parameters a Keras 3 class's constructor takes (its whole MRO)."""
    names: set[str] = set()
    for klass in cls.__mro__:
        if klass is object or "__init__" not in vars(klass):
            continue
        names |= {
            p.name
            for p in inspect.signature(klass.__init__).parameters.values()
            if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)
        }
    return names - {"self"}


class WeightCopier:
    """Gives each Keras 3 weight the reference value of the v1 variable made at the same
    place (creation order, same last name and shape), while patched in: `layers` are the
    layers that made weights, `initial` each weight's own initial value, `pending` what
    the migrated code did not create."""

    def __init__(self, names: list[str], values: list[np.ndarray]) -> None:
        self.pending = list(zip(names, values, strict=True))
        self.layers: list[keras.layers.Layer] = []
        self.initial: list[np.ndarray] = []
        self.original = keras.layers.Layer.add_weight

    def __enter__(self) -> WeightCopier:
        def add_weight(layer, *args, **kwargs):
            variable = self.original(layer, *args, **kwargs)
            v1_name, value = self.pending.pop(0)
            assert v1_name.rsplit("/", 1)[1] == f"{variable.name}:0", (v1_name, variable.path)
            assert tuple(variable.shape) == value.shape, (v1_name, variable.path)
            self.initial.append(np.asarray(variable))
            variable.assign(value)
            if layer not in self.layers:
                self.layers.append(layer)
            return variable

        keras.layers.Layer.add_weight = add_weight
        return self

    def __exit__(self, *exc) -> None:
        keras.layers.Layer.add_weight = self.original
