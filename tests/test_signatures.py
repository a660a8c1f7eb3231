"""Every public callable keeps the legacy signature: parameter names, order, kinds and defaults.

The oracle lists the signatures of `tf.compat.v1.layers` and `tf.compat.v1.nn.rnn_cell` under
`TF_USE_LEGACY_KERAS=1`; the same description of `compat_layers` and `compat_layers.rnn_cell`
must be identical, so positional calls in TF1 code bind to the same parameters and omitted
arguments take the same defaults. Default objects (initializers) compare by class name.
"""

from __future__ import annotations

import inspect

import pytest

import compat_layers
from golden.reference import run_reference

pytestmark = pytest.mark.reference

_DESCRIBE = """
def describe(obj):
    function = obj.__init__ if inspect.isclass(obj) else obj
    out = []
    for p in inspect.signature(function).parameters.values():
        d = p.default
        if d is inspect.Parameter.empty:
            d = "<required>"
        elif d is None or isinstance(d, (bool, int, float, str, tuple)):
            d = repr(d)
        else:
            d = type(d).__name__
        out.append([p.name, p.kind.name, d])
    return out
"""

_ORACLE = f"""
import inspect
import tensorflow as tf
{_DESCRIBE}
modules = {{"layers": tf.compat.v1.layers, "rnn_cell": tf.compat.v1.nn.rnn_cell}}
result = {{}}
for key, module in modules.items():
    for name in sorted(dir(module)):
        value = getattr(module, name)
        if not name.startswith("_") and callable(value):
            result[f"{{key}}.{{name}}"] = describe(value)
save_json(result)
"""

_namespace: dict = {"inspect": inspect}
exec(_DESCRIBE, _namespace)  # noqa: S102 - the same description code on both sides
describe = _namespace["describe"]


@pytest.fixture(scope="module")
def legacy() -> dict:
    return run_reference(_ORACLE).json


def _ours(qualified: str):
    module_name, name = qualified.split(".")
    module = compat_layers if module_name == "layers" else compat_layers.rnn_cell
    return getattr(module, name)


def test_every_legacy_callable_has_the_same_signature(legacy):
    mismatches = {}
    for qualified, expected in legacy.items():
        try:
            ours = describe(_ours(qualified))
        except AttributeError as exc:
            mismatches[qualified] = f"missing: {exc}"
            continue
        if ours != expected:
            mismatches[qualified] = {"legacy": expected, "compat": ours}
    assert not mismatches, "\n".join(f"{k}: {v}" for k, v in mismatches.items())


def test_the_oracle_lists_the_whole_family(legacy):
    # Guards the test above against an oracle that silently lists nothing.
    assert {"layers.conv2d", "layers.Dense", "layers.batch_normalization"} <= legacy.keys()
    assert {"rnn_cell.LSTMCell", "rnn_cell.MultiRNNCell"} <= legacy.keys()
