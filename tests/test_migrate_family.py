"""`--target compat` over the whole legacy family: every spelling of every name.

The name table (migrate/codemod/layers) is checked against TensorFlow's own modules
in one oracle process; the renames are before/after tables on source text.
"""

from __future__ import annotations

import re

import pytest

from golden.reference import run_reference
from migrate import might_contain_candidates, migrate_source
from migrate.codemod.layers import FAMILIES, TABLE

TF1 = "import tensorflow as tf\n"
V1 = "import tensorflow.compat.v1 as tf\n"
IMPORT = "import compat_layers\n"
# add_import keeps the new import apart from the code by a blank line.
ADDED = IMPORT + "\n"


def _entry_rows():
    for spec in FAMILIES:
        for alias, public in spec.aliases:
            yield spec.implementation, alias, public


_ORACLE = """
import importlib
import tensorflow as tf
layers = sorted(n for n in dir(tf.compat.v1.layers) if not n.startswith("_"))
cells = sorted(n for n in dir(tf.compat.v1.nn.rnn_cell) if not n.startswith("_"))
same = {}
for implementation, alias, public in ROWS:
    for package in ("tensorflow.python.layers", "tf_keras.src.legacy_tf_layers"):
        module = importlib.import_module(package + "." + implementation)
        try:
            same[package + "." + alias] = getattr(module, alias) is getattr(module, public)
        except ImportError:  # TF 2.21's python.layers.normalization loads a missing module
            same[package + "." + alias] = "unavailable"
save_json({"layers": layers, "cells": cells, "same": same})
"""


@pytest.fixture(scope="module")
def tensorflow_names():
    script = f"ROWS = {list(_entry_rows())!r}\n" + _ORACLE
    return run_reference(script).json


def _targets(api_prefix: str) -> set[str]:
    return {
        entry.target[len(api_prefix) :]
        for entry in TABLE.values()
        if entry.target.startswith(api_prefix) and "." not in entry.target[len(api_prefix) :]
    }


def test_table_holds_exactly_tensorflows_names(tensorflow_names):
    assert _targets("compat_layers.") == set(tensorflow_names["layers"])
    assert _targets("compat_layers.rnn_cell.") == set(tensorflow_names["cells"])
    # The public-module rows are TensorFlow's dir(), spelled every way.
    for module in ("tensorflow.layers", "tensorflow.compat.v1.layers"):
        assert {n for n in tensorflow_names["layers"]} == {
            q.rsplit(".", 1)[1] for q in TABLE if q.rsplit(".", 1)[0] == module
        }
    for module in (
        "tensorflow.nn.rnn_cell",
        "tensorflow.compat.v1.nn.rnn_cell",
        "tensorflow.contrib.rnn",
    ):
        assert {n for n in tensorflow_names["cells"]} == {
            q.rsplit(".", 1)[1] for q in TABLE if q.rsplit(".", 1)[0] == module
        }


def test_implementation_aliases_are_the_same_objects(tensorflow_names):
    same = tensorflow_names["same"]
    assert {k for k, v in same.items() if v is not True and v != "unavailable"} == set()
    # tf-keras, where the legacy layers live, defines every alias.
    assert all(v is True for k, v in same.items() if k.startswith("tf_keras."))


RENAMES = [
    pytest.param(
        TF1 + "y = tf.layers.dense(x, 3)\n",
        TF1 + ADDED + "y = compat_layers.dense(x, 3)\n",
        id="tf.layers function",
    ),
    pytest.param(
        V1 + "y = tf.layers.Dense(3, name='d')(x)\n",
        V1 + ADDED + "y = compat_layers.Dense(3, name='d')(x)\n",
        id="compat.v1 class",
    ),
    pytest.param(
        TF1 + "y = tf.compat.v1.layers.conv2d(x, 8, 3)\n",
        TF1 + ADDED + "y = compat_layers.conv2d(x, 8, 3)\n",
        id="tf.compat.v1.layers",
    ),
    pytest.param(
        "from tensorflow.compat.v1.layers import dense\ny = dense(x, 3)\n",
        IMPORT + "y = compat_layers.dense(x, 3)\n",
        id="from-import",
    ),
    pytest.param(
        "from tensorflow.layers import max_pooling2d as mp\ny = mp(x, 2, 2)\n",
        IMPORT + "y = compat_layers.max_pooling2d(x, 2, 2)\n",
        id="from-import alias",
    ),
    pytest.param(
        "from tensorflow.python.layers import normalization as n\n"
        "y = n.batch_normalization(x, training=t)\n",
        IMPORT + "y = compat_layers.batch_normalization(x, training=t)\n",
        id="tensorflow.python.layers module",
    ),
    pytest.param(
        "import tensorflow.python.layers.base as base\nclass L(base.Layer): pass\n",
        # The aliased import goes when the rename leaves it unused, as a from-import does.
        IMPORT + "class L(compat_layers.Layer): pass\n",
        id="python.layers.base",
    ),
    pytest.param(
        "from tensorflow.python.layers.layers import Flatten\nf = Flatten()\n",
        IMPORT + "f = compat_layers.Flatten()\n",
        id="python.layers.layers",
    ),
    pytest.param(
        V1 + "c = tf.nn.rnn_cell.LSTMCell(4)\n",
        V1 + ADDED + "c = compat_layers.rnn_cell.LSTMCell(4)\n",
        id="nn.rnn_cell v1",
    ),
    pytest.param(
        TF1 + "c = tf.nn.rnn_cell.BasicLSTMCell(4)\n",
        TF1 + ADDED + "c = compat_layers.rnn_cell.BasicLSTMCell(4)\n",
        id="nn.rnn_cell TF1",
    ),
    pytest.param(
        TF1 + "c = tf.compat.v1.nn.rnn_cell.GRUCell(4)\n",
        TF1 + ADDED + "c = compat_layers.rnn_cell.GRUCell(4)\n",
        id="compat.v1.nn.rnn_cell",
    ),
    pytest.param(
        TF1 + "c = tf.contrib.rnn.MultiRNNCell([a, b])\n",
        TF1 + ADDED + "c = compat_layers.rnn_cell.MultiRNNCell([a, b])\n",
        id="contrib.rnn",
    ),
    pytest.param(
        "from tensorflow.contrib.rnn import DropoutWrapper as DW\nc = DW(a)\n",
        IMPORT + "c = compat_layers.rnn_cell.DropoutWrapper(a)\n",
        id="contrib.rnn from-import",
    ),
    pytest.param(
        TF1 + "s = tf.nn.rnn_cell.LSTMStateTuple(c, h)\n",
        TF1 + ADDED + "s = compat_layers.rnn_cell.LSTMStateTuple(c, h)\n",
        id="state tuple",
    ),
    pytest.param(
        TF1 + "class C(tf.nn.rnn_cell.RNNCell):\n    pass\n",
        TF1 + IMPORT + "\nclass C(compat_layers.rnn_cell.RNNCell):\n    pass\n",
        id="cell subclass",
    ),
    pytest.param(
        TF1 + "class L(tf.layers.Layer):\n    pass\n",
        TF1 + IMPORT + "\nclass L(compat_layers.Layer):\n    pass\n",
        id="layer subclass",
    ),
    pytest.param(
        TF1 + "d = {'dense': tf.layers.dense}\n",
        TF1 + ADDED + "d = {'dense': compat_layers.dense}\n",
        id="dict value",
    ),
    pytest.param(
        "import functools\n" + TF1 + "f = functools.partial(tf.layers.conv1d, filters=3)\n",
        "import functools\n"
        + TF1
        + ADDED
        + "f = functools.partial(compat_layers.conv1d, filters=3)\n",
        id="partial",
    ),
    pytest.param(
        TF1 + "fn = tf.layers.conv2d\n",
        TF1 + ADDED + "fn = compat_layers.conv2d\n",
        id="assignment",
    ),
    pytest.param(
        TF1 + "s = tf.layers.InputSpec(ndim=3)\n",
        TF1 + ADDED + "s = compat_layers.InputSpec(ndim=3)\n",
        id="InputSpec",
    ),
    pytest.param(
        TF1 + "with tf.layers.experimental.keras_style_scope():\n    pass\n",
        TF1 + IMPORT + "\nwith compat_layers.experimental.keras_style_scope():\n    pass\n",
        id="experimental",
    ),
    pytest.param(
        TF1 + "y = tf.layers.dense(  # why\n    x,\n    3,  # units\n)\n",
        TF1 + ADDED + "y = compat_layers.dense(  # why\n    x,\n    3,  # units\n)\n",
        id="comments and layout kept",
    ),
    pytest.param(
        TF1 + "y = (tf.layers.dense)(x, 3)\n",
        TF1 + ADDED + "y = (compat_layers.dense)(x, 3)\n",
        id="parenthesised",
    ),
    pytest.param(
        TF1 + IMPORT + "a = compat_layers.dense(x, 3)\nb = tf.layers.dense(a, 3)\n",
        TF1 + IMPORT + "a = compat_layers.dense(x, 3)\nb = compat_layers.dense(a, 3)\n",
        id="import compat_layers once",
    ),
    pytest.param(
        TF1 + "def f(x):\n    return tf.layers.separable_conv1d(x, 4, 3, reuse=True)\n",
        TF1
        + IMPORT
        + "\ndef f(x):\n    return compat_layers.separable_conv1d(x, 4, 3, reuse=True)\n",
        id="separable conv1d: nothing refused",
    ),
]


@pytest.mark.parametrize("before, after", RENAMES)
def test_compat_renames(before: str, after: str) -> None:
    result = migrate_source(before, target="compat")
    assert result.code == after
    assert result.changed and not result.diagnostics
    assert might_contain_candidates(before)
    again = migrate_source(after, target="compat")
    assert again.code == after and not again.changed
    assert after.count(IMPORT) == 1


NO_OPS = [
    pytest.param(TF1 + "y = tf.keras.layers.Dense(3)(x)\n", id="keras layer"),
    pytest.param("from tensorflow.keras import layers\ny = layers.Conv2D(8, 3)(x)\n", id="keras"),
    pytest.param("def dense(x, n):\n    return x\ny = dense(x, 3)\n", id="own dense"),
    pytest.param(TF1 + "y = tf.nn.dynamic_rnn(cell, x)\n", id="dynamic_rnn stays"),
    pytest.param(TF1 + "y = tf.contrib.layers.fully_connected(x, 3)\n", id="contrib.layers"),
    pytest.param(TF1 + "def f(tf):\n    return tf.layers.dense\n", id="shadowed tf"),
    pytest.param(IMPORT + "y = compat_layers.rnn_cell.GRUCell(3)\n", id="already migrated"),
    pytest.param("n = len(model.layers)\n", id="an attribute named layers"),
]


@pytest.mark.parametrize("source", NO_OPS)
def test_compat_leaves_other_code_alone(source: str) -> None:
    result = migrate_source(source, target="compat")
    assert result.code == source and not result.changed and not result.diagnostics


NOT_PROVIDED = [
    pytest.param(
        TF1 + "c = tf.contrib.rnn.LayerNormBasicLSTMCell(4)\n",
        "tensorflow.contrib.rnn.LayerNormBasicLSTMCell",
        id="attribute",
    ),
    pytest.param(
        "from tensorflow.contrib.rnn import AttentionCellWrapper\n",
        "tensorflow.contrib.rnn.AttentionCellWrapper",
        id="from-import",
    ),
    pytest.param(
        V1 + "y = tf.layers.conv4d(x)\n", "tensorflow.compat.v1.layers.conv4d", id="no such layer"
    ),
]


@pytest.mark.parametrize("source, name", NOT_PROVIDED)
@pytest.mark.parametrize("target", ["compat", "keras"])
def test_names_compat_layers_lacks_stay_with_a_diagnostic(source, name, target) -> None:
    result = migrate_source(source, target=target)
    assert result.code == source
    assert [d.code for d in result.diagnostics] == ["TF1M181-not-in-compat-layers"]
    message = result.diagnostics[0].message
    assert f"`{name}` is not part of the legacy layer family" in message
    assert "left unchanged" in message


def test_keras_target_points_other_members_to_compat() -> None:
    # Dense is rewritten by --target keras (tests/test_migrate_keras_family.py); cells are not.
    source = TF1 + "y = tf.nn.rnn_cell.GRUCell(3)\nc = tf.nn.rnn_cell.LSTMCell(4)\n"
    result = migrate_source(source, target="keras")
    assert result.code == source and not result.changed
    assert [(d.line, d.code) for d in result.diagnostics] == [
        (2, "TF1M180-compat-target-only"),
        (3, "TF1M180-compat-target-only"),
    ]
    assert "--target compat" in result.diagnostics[0].message
    assert "`compat_layers.rnn_cell.GRUCell`" in result.diagnostics[0].message
    assert "`compat_layers.rnn_cell.LSTMCell`" in result.diagnostics[1].message


def test_kinds_are_counted_per_layer_kind() -> None:
    source = (
        TF1
        + "a = tf.layers.dense(x, 3)\nb = tf.layers.Dense(3)\nc = tf.nn.rnn_cell.LSTMCell(2)\n"
        + "d = tf.contrib.rnn.LSTMCell(2)\ne = tf.layers.separable_conv1d(x, 2, 3)\n"
    )
    assert migrate_source(source, target="compat").kinds == {
        "dense": 2,
        "lstm_cell": 2,
        "separable_conv1d": 1,
    }
    keras_kinds = {"dense": 2, "separable_conv1d": 1}  # cells stay: compat target only
    assert migrate_source(source, target="keras").kinds == keras_kinds


def test_migrated_code_names_only_what_compat_layers_provides(tensorflow_names) -> None:
    provided = {f"compat_layers.{n}" for n in tensorflow_names["layers"]} | {
        f"compat_layers.rnn_cell.{n}" for n in tensorflow_names["cells"]
    }
    for param in RENAMES:
        after = param.values[1]
        used = set(re.findall(r"compat_layers(?:\.rnn_cell)?\.\w+", after))
        used = {u for u in used if u != "compat_layers.rnn_cell"}
        assert used <= provided, used - provided


def test_every_compat_target_exists_in_compat_layers():
    # The rename is only safe if the name it writes resolves in the installed package.
    import functools

    import compat_layers

    missing = []
    for target in sorted({entry.target for entry in TABLE.values()}):
        try:
            functools.reduce(getattr, target.split(".")[1:], compat_layers)
        except AttributeError:
            missing.append(target)
    assert not missing
