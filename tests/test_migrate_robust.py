"""Patterns of public TensorFlow 1 programs that the golden cases do not show alone.

* A notebook imports in its first cell and imports again in a later one: the added
  `import compat_layers` goes to the first cell, before the cell that uses it.
* The added import never lands before module-level code that uses it, for any split of
  a script into import runs and code (hypothesis, a handful of examples).
* Spellings the codemod cannot follow are reported, and every output parses and is
  stable under a second run; `tf.layers` / `tf.nn.rnn_cell` used as values become their
  compat_layers module with --target compat (and are reported with --target keras).
"""

from __future__ import annotations

import ast
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from migrate import migrate_source
from migrate.cli import notebooks


def _code_cell(source: str) -> dict:
    lines = source.splitlines(keepends=True)
    return {
        "cell_type": "code",
        "metadata": {},
        "source": lines,
        "outputs": [],
        "execution_count": 1,
    }


def test_notebook_import_goes_to_the_cell_that_imports_tensorflow() -> None:
    cells = [
        _code_cell("import tensorflow as tf\n"),
        _code_cell("x = tf.placeholder(tf.float32, [None, 4])\nh = tf.layers.dense(x, 3)\n"),
        _code_cell("import numpy as np\ncell = tf.nn.rnn_cell.GRUCell(3)\n"),
    ]
    text = json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5})
    result = notebooks.migrate_notebook(text, target="compat", path="nb.ipynb")
    sources = ["".join(cell["source"]) for cell in json.loads(result.code)["cells"]]
    assert sources[0].startswith("import tensorflow as tf\nimport compat_layers\n")
    assert "compat_layers.dense(x, 3)" in sources[1]
    assert "import compat_layers" not in sources[1] + sources[2]


_CODE = ("x = tf.zeros([2, 3])\n", "h = tf.layers.dense(x, 4)\n", "c = tf.nn.rnn_cell.GRUCell(2)\n")
_IMPORTS = ("import numpy as np\n", "import os\n", "from collections import OrderedDict\n")


@settings(max_examples=15, deadline=None)
@given(st.lists(st.sampled_from(_CODE + _IMPORTS), min_size=1, max_size=6))
def test_added_import_precedes_every_module_level_use(statements: list[str]) -> None:
    source = "import tensorflow as tf\n" + "".join(statements)
    code = migrate_source(source, target="compat").code
    lines = code.splitlines()
    uses = [i for i, line in enumerate(lines) if "compat_layers." in line]
    if uses:
        assert lines.index("import compat_layers") < min(uses)
    ast.parse(code)


@pytest.mark.parametrize(
    ("source", "code"),
    [
        pytest.param(
            "from tensorflow.python.ops.rnn_cell_impl import *\ncell = LSTMCell(3)\n",
            "TF1M220-star-import",
            id="star import from rnn_cell_impl",
        ),
        pytest.param(
            "import tensorflow as tf\nrnn = tf.contrib.rnn\ncell = rnn.LSTMBlockCell(4)\n",
            "TF1M181-not-in-compat-layers",
            id="member through a contrib module alias",
        ),
        pytest.param(
            "import tensorflow as tf\nmods = {'rnn': tf.contrib.rnn}\n",
            "TF1M221-module-as-value",
            id="contrib module kept in a container",
        ),
        pytest.param(
            "import tensorflow as tf\nmake = functools.partial(getattr, tf.contrib.rnn)\n",
            "TF1M221-module-as-value",
            id="contrib module passed as an argument",
        ),
        pytest.param(
            "import tensorflow.contrib.rnn as R\ncell = R.LayerNormBasicLSTMCell(3)\n",
            "TF1M181-not-in-compat-layers",
            id="member of an aliased module import",
        ),
    ],
)
def test_unfollowable_spellings_are_reported(source: str, code: str) -> None:
    for target in ("compat", "keras"):
        result = migrate_source(source, target=target)
        assert code in [d.code for d in result.diagnostics], target
        ast.parse(result.code)
        assert migrate_source(result.code, target=target).code == result.code


@pytest.mark.parametrize(
    "source",
    [
        pytest.param("import tensorflow as tf\nrnn = tf.nn.dynamic_rnn\n", id="a function"),
        pytest.param("import tensorflow as tf\ncell = tf.nn.rnn_cell.LSTMCell\n", id="a class"),
        pytest.param("from tensorflow.keras import layers\nmods = [layers]\n", id="keras layers"),
        pytest.param("import tensorflow as tf\nhasattr(tf.contrib, 'rnn')\n", id="contrib"),
    ],
)
def test_values_that_are_not_family_modules_are_not_reported(source: str) -> None:
    result = migrate_source(source, target="compat")
    assert "TF1M221-module-as-value" not in [d.code for d in result.diagnostics]


@pytest.mark.parametrize(
    ("source", "expected", "keras_expected"),
    [
        pytest.param(
            "import tensorflow as tf\nL = tf.compat.v1.layers\ny = L.dense(x, 3)\n",
            "L = compat_layers\n",
            "y = tf.keras.layers.Dense(3)(x)\n",  # followed through the alias
            id="layers module in a variable",
        ),
        pytest.param(
            "import tensorflow.compat.v1 as tf\ncell = getattr(tf.nn.rnn_cell, kind)(8)\n",
            "cell = getattr(compat_layers.rnn_cell, kind)(8)\n",
            None,  # the name getattr reaches cannot be followed: TF1M221
            id="rnn_cell module given to getattr",
        ),
    ],
)
def test_whole_api_modules_used_as_values(source: str, expected: str, keras_expected) -> None:
    compat = migrate_source(source, target="compat")
    assert expected in compat.code and not compat.diagnostics
    assert migrate_source(compat.code, target="compat").code == compat.code
    keras = migrate_source(source, target="keras")
    if keras_expected is None:
        assert "TF1M221-module-as-value" in [d.code for d in keras.diagnostics]
    else:
        assert keras_expected in keras.code, keras.code
