"""The codemod's fast paths give exactly what the plain ones give.

- `codemod.positions` takes each top-level statement's start from `ast` and generates
  only the statements asked about: every start equals libcst's PositionProvider's,
  and the output equals `Module.code` of the rewrite;
- `codemod.reduce` (`--target compat`) parses the source without the bodies of unasked
  top-level definitions: results equal those of the full parse, on every golden case
  and on generated TF1-style files (benchmarks/_make_tree.py);
- module aliases (`L = tf.layers`) are seen by the text prefilter.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

import libcst as cst
import pytest
from libcst.metadata import MetadataWrapper, PositionProvider

from golden.generate_codemod import case_dirs
from migrate import might_contain_candidates, migrate_source
from migrate import result as result_module
from migrate.codemod import positions, source
from migrate.codemod.positions import Positions

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
import _make_tree  # noqa: E402

TRICKY = [
    "import tf\n@(\n  deco)\ndef k():\n    return f(x, 3)\n",
    "# lead\n\n#c\n@a\n# between\n@b . c\ndef g():\n    return h(1)\nx = 1; y = f(2);\n\f\n"
    "class A:  # c\n    z = f(3)\n\n\n# foot\n",
    "import tf\ns = '''\n\\\n'''\nz = f(2) \\\n  (x)\nif a:\n    pass\nelse:\n  b = f(c)\n",
    "a = f(1)\r\nb = f(2)\r\n",
    "a = f(1)\rb = f(2)\r",
    "a = f(1)\nb = g(2)",
    "def f():\n    '''doc'''\n\n    # comment\n    return [g(x)\n            for x in y]\n",
    "x = 'é'; y = f('ü')\nclass Ä:\n    ö = g(1)\n",
]


@pytest.mark.parametrize("text", TRICKY)
def test_positions_equal_position_provider(text):
    wrapper = MetadataWrapper(cst.parse_module(text), unsafe_skip_copy=True)
    expected = wrapper.resolve(PositionProvider)
    found = Positions(wrapper.module, text)
    checked = 0
    for node, where in expected.items():
        if isinstance(node, (cst.Call, cst.Name, cst.Attribute, cst.BaseStatement, cst.Arg)):
            assert found.start(node) == (where.start.line, where.start.column)
            checked += 1
    assert checked > 3


class _Rename(cst.CSTTransformer):
    def leave_Name(self, original_node, updated_node):
        return (
            updated_node.with_changes(value="renamed")
            if updated_node.value == "g"
            else (original_node)
        )


@pytest.mark.parametrize("text", TRICKY)
def test_positions_code_equals_module_code(text):
    module = cst.parse_module(text)
    new = module.visit(_Rename())
    new = new.with_changes(body=[cst.parse_statement("import extra\n"), *new.body])
    assert Positions(module, text).code(new) == new.code


def _cases() -> list[tuple[str, str]]:
    texts = [(c.name, (c / "before.py").read_text(encoding="utf-8")) for c in case_dirs()]
    rng = random.Random(5)
    texts += [(f"generated_{i}", _make_tree.make_file(rng, True)) for i in range(12)]
    return texts


def _summary(text: str, target: str) -> object:
    result = migrate_source(text, target=target)
    return result.code, result.diagnostics, result.layers, result.kinds


def test_fast_paths_change_nothing(monkeypatch):
    cases = _cases()
    fast = {(name, t): _summary(text, t) for name, text in cases for t in ("compat", "keras")}
    # Without `ast` starts every statement's code is generated; without reduce the
    # compat target parses the whole module.
    monkeypatch.setattr(source, "reduce_source", lambda *args: None)
    monkeypatch.setattr(positions, "statement_starts", lambda *args: None)
    for name, text in cases:
        for target in ("compat", "keras"):
            assert fast[name, target] == _summary(text, target), (name, target)


def test_reduce_cuts_unasked_bodies_only():
    text = (
        "import tensorflow.compat.v1 as tf\n\n"
        "def plain(x):\n    # comment\n    return tf.nn.conv1d(x, w, 1, 'SAME')\n\n"
        "def uses(x):\n    return tf.layers.dense(x, 3)\n\n"
        "def one_line(x): return tf.nn.relu(x)\n"
    )
    reduced = source.reduce_source(text, source._COMPAT_QUERIES, source.MODULE_LAST_NAMES)
    assert reduced is not None and reduced.stubbed == {1}
    assert "def plain(x):\n    # comment\n    pass\n" in reduced.text
    assert "tf.layers.dense(x, 3)" in reduced.text and "one_line(x): return" in reduced.text
    result = migrate_source(text, target="compat")
    assert "tf.nn.conv1d(x, w, 1, 'SAME')" in result.code
    assert "compat_layers.dense(x, 3)" in result.code


@pytest.mark.parametrize(
    "text",
    [
        "L = tf.layers\ny = L.dense(x, 3)\n",
        "layers = tf.compat.v1.layers\n",
        "rnn = tf.nn.rnn_cell\nc = rnn.LSTMCell(8)\n",
        "rnn_cell = tf.contrib.rnn\n",
        "from tensorflow.compat.v1 import layers as L\n",
        "import tensorflow.compat.v1.layers as L\n",
    ],
)
def test_prefilter_sees_module_aliases(text):
    assert might_contain_candidates(text)


_SNIPPETS = [
    "x = tf.layers.dense(a, 3)",
    "from tensorflow.keras import layers",
    "import keras.layers",
    "from tf_keras import legacy_tf_layers",
    "from tf_keras.src.legacy_tf_layers import core",
    "y = keras.layers.Dense(3)",
    "import (\n  os, layers)",
    "from x import (a,\n b, rnn)",
    "c = legacy_cells.LSTMCell(3)",
    "c = tf.nn.rnn_cell.LSTMCell(3)",
    "c = tf.contrib.rnn.GRUCell(3)",
    "s = SEPARABLE_CONV1D(x)",
    "s = SeparableConvolution1D(3, 2)",
    "s = sEpArAbLe_conv_1d",
    "brnn = 1  # layers",
    "import numpy as np\nprint('rnn')",
    "keras .layers",
    "",
]


def test_prefilter_equals_its_one_regex():
    rng = random.Random(7)
    texts = list(_SNIPPETS) + [text for _, text in _cases()]
    texts += [_make_tree.make_file(rng, False) for _ in range(20)]
    texts += ["\n".join(rng.sample(_SNIPPETS, 3)) for _ in range(60)]
    for text in texts:
        expected = result_module._CANDIDATE_RE.search(text) is not None
        assert might_contain_candidates(text) == expected, text


def test_reduced_path_is_taken_under_a_licence_header(monkeypatch):
    # A licence header is rebuilt by the transform as equal copies: the output must still
    # come from the cut parse, not from a second, uncut migration.
    text = (
        "# Copyright 2018 The Authors.\n# Licensed under the Apache License.\n\n"
        '"""Model code."""\nimport tensorflow.compat.v1 as tf\n\n\n'
        "def helper(x):\n    return tf.nn.relu(x)\n\n\n"
        "def model(x):\n    return tf.layers.dense(x, 3)\n"
    )
    fast = source._reduced(text, None)
    assert fast is not None
    monkeypatch.setattr(source, "reduce_source", lambda *args: None)
    plain = migrate_source(text, target="compat")
    assert (fast.code, fast.diagnostics, fast.layers) == (
        plain.code,
        plain.diagnostics,
        plain.layers,
    )
    assert "compat_layers.dense(x, 3)" in fast.code and fast.code.startswith("# Copyright")


def test_v1_attribute_names_count_only_as_attributes():
    text = (
        "import tensorflow.compat.v1 as tf\n"
        "layer = tf.layers.Dense(3)\n"
        "def session(graph=None):\n    graph = graph or tf.Graph()\n    return graph\n"
        "def uses():\n    return layer.graph\n"
    )
    module = cst.parse_module(text)
    scoped = source._scope_module(module, source._SCOPE_QUERIES)
    kept = [old is new for old, new in zip(module.body, scoped.body, strict=True)]
    assert kept == [True, True, False, True]
    result = migrate_source(text, target="keras")
    assert [d.code for d in result.diagnostics] == ["TF1M131-v1-attribute"]
