"""`--target keras` for dynamic_rnn / bidirectional_dynamic_rnn and their cells.

* Every keyword the rewrite emits (here and in the golden `keras_rnn_*` cases) is a
  parameter of the real Keras 3 class.
* Equivalence: each builder runs on TensorFlow's legacy cells in ONE reference
  subprocess (graph mode, TF_USE_LEGACY_KERAS=1) with random weights and biases, which it
  saves with a v1 `Saver`; the migrated source builds a Keras 3 functional model here,
  `load_v1_checkpoint(model, ckpt, records=migration)` loads that checkpoint, and the
  outputs and final states agree within 1e-5; the trainable parameter counts are equal.
* A hypothesis property draws random v1 cells with dynamic_rnn or bidirectional_dynamic_rnn
  (arguments, inline or named cells, result forms, sequence lengths): each is refused (left
  unchanged, with TF1M196) or computes what the v1 call computed.
* Before/after and no-op tables, the docs example, records, and a mixed module that runs
  after `--target compat` renames what the Keras pass kept.
"""

from __future__ import annotations

import ast
import inspect
import json
import textwrap
from pathlib import Path

import keras
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from golden.reference import run_reference
from migrate import migrate_source
from migrate.checkpoints import load_v1_checkpoint
from migrate.codemod.diagnostics import NOTES
from tests._oracle import layer_parameters

HEADER = "import tensorflow.compat.v1 as tf\n"
GOLDEN = Path(__file__).resolve().parent.parent / "golden" / "codemod"
TOLERANCE = 1e-5

# name -> (builder source defining `build(x, ...)`, x shape, and the further inputs: None,
# the shape of a normal float32 input, given values (sequence lengths), or a list of those)
BUILDERS: dict[str, tuple[str, tuple[int, ...], object]] = {
    "lstm_two_statement_state": (
        """
        def build(x):
            cell = tf.nn.rnn_cell.LSTMCell(5)
            outputs, (c, h) = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32, scope="enc")
            return outputs, c, h
        """,
        (3, 6, 4),
        None,
    ),
    "lstm_forget_bias_zero_inline": (
        """
        def build(x):
            with tf.variable_scope("model"):
                outputs, _ = tf.nn.dynamic_rnn(
                    tf.nn.rnn_cell.LSTMCell(4, forget_bias=0.0, activation=tf.nn.relu), x,
                    dtype=tf.float32)
            return outputs
        """,
        (2, 5, 3),
        None,
    ),
    "basic_lstm_subscript": (
        """
        def build(x):
            cell = tf.nn.rnn_cell.BasicLSTMCell(6)
            outputs = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)[0]
            return outputs
        """,
        (2, 4, 3),
        None,
    ),
    "gru_state": (
        """
        def build(x):
            cell = tf.nn.rnn_cell.GRUCell(5, name="gru")
            outputs, state = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32, scope="g")
            return outputs, state
        """,
        (3, 5, 2),
        None,
    ),
    "gru_initial_state": (
        """
        def build(x, h):
            with tf.variable_scope("dec"):
                outputs, state = tf.nn.dynamic_rnn(tf.nn.rnn_cell.GRUCell(4), x, initial_state=h)
            return outputs, state
        """,
        (2, 6, 3),
        (2, 4),
    ),
    "basic_rnn_state": (
        """
        def build(x):
            cell = tf.nn.rnn_cell.BasicRNNCell(7)
            outputs, state = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32, swap_memory=True)
            return outputs, state
        """,
        (2, 4, 5),
        None,
    ),
    "bidirectional_lstm": (
        """
        def build(x):
            fw = tf.nn.rnn_cell.LSTMCell(4)
            bw = tf.nn.rnn_cell.LSTMCell(4)
            (out_fw, out_bw), ((c_fw, h_fw), (c_bw, h_bw)) = tf.nn.bidirectional_dynamic_rnn(
                fw, bw, x, dtype=tf.float32)
            return out_fw, out_bw, c_fw, h_fw, c_bw, h_bw
        """,
        (2, 5, 3),
        None,
    ),
    "bidirectional_gru_tuple": (
        """
        def build(x):
            outputs, _ = tf.nn.bidirectional_dynamic_rnn(
                tf.nn.rnn_cell.GRUCell(3), tf.nn.rnn_cell.GRUCell(3), x, dtype=tf.float32,
                scope="bi")
            return outputs
        """,
        (3, 4, 2),
        None,
    ),
    "lstm_sequence_length_state": (
        """
        def build(x, lengths):
            cell = tf.nn.rnn_cell.LSTMCell(4)
            outputs, (c, h) = tf.nn.dynamic_rnn(cell, x, lengths, dtype=tf.float32)
            return outputs, c, h
        """,
        (4, 6, 3),
        np.array([6, 3, 1, 0], np.int32),
    ),
    "gru_sequence_length_state": (
        """
        def build(x, lengths):
            outputs, state = tf.nn.dynamic_rnn(
                tf.nn.rnn_cell.GRUCell(3), x, sequence_length=lengths, dtype=tf.float32)
            return outputs, state
        """,
        (3, 5, 2),
        np.array([2, 5, 4], np.int32),
    ),
    "bidirectional_lstm_sequence_length": (
        """
        def build(x, lengths):
            (fw, bw), ((c_fw, h_fw), (c_bw, h_bw)) = tf.nn.bidirectional_dynamic_rnn(
                tf.nn.rnn_cell.LSTMCell(3), tf.nn.rnn_cell.BasicLSTMCell(3), x, lengths,
                dtype=tf.float32, scope="bi")
            return fw, bw, c_fw, h_fw, c_bw, h_bw
        """,
        (3, 5, 2),
        np.array([5, 2, 3], np.int32),
    ),
    "lstm_initial_state_tuple": (
        """
        def build(x, c0, h0):
            outputs, (c, h) = tf.nn.dynamic_rnn(
                tf.nn.rnn_cell.LSTMCell(4), x, initial_state=tf.nn.rnn_cell.LSTMStateTuple(c0, h0))
            return outputs, c, h
        """,
        (2, 5, 3),
        [(2, 4), (2, 4)],
    ),
    "bidirectional_lstm_initial_states": (
        """
        def build(x, c_fw, h_fw, c_bw, h_bw):
            outputs, _ = tf.nn.bidirectional_dynamic_rnn(
                tf.nn.rnn_cell.LSTMCell(3), tf.nn.rnn_cell.LSTMCell(3), x,
                initial_state_fw=(c_fw, h_fw),
                initial_state_bw=tf.nn.rnn_cell.LSTMStateTuple(h=h_bw, c=c_bw))
            return outputs
        """,
        (2, 4, 2),
        [(2, 3)] * 4,
    ),
    "two_rnns_one_scope": (
        """
        def build(x):
            with tf.variable_scope("enc"):
                a, _ = tf.nn.dynamic_rnn(tf.nn.rnn_cell.BasicLSTMCell(4), x, dtype=tf.float32)
                b, state = tf.nn.dynamic_rnn(tf.nn.rnn_cell.GRUCell(3), a, dtype=tf.float32)
            return a, b, state
        """,
        (2, 4, 3),
        None,
    ),
}

_REFERENCE = r"""
import json
import os
import tensorflow.compat.v1 as tf

spec = json.loads(bytes(INPUTS["spec"]).decode())
report = {}
spec_inputs = {name: count for name, (_, _, count) in spec.items()}
for name, (source, directory, _) in spec.items():
    graph = tf.Graph()
    with graph.as_default():
        feeds = [INPUTS[f"{i}_{name}"] for i in range(spec_inputs[name])]
        args = [tf.placeholder(tf.as_dtype(f.dtype), f.shape) for f in feeds]
        namespace = {"tf": tf}
        exec(source, namespace)
        try:
            y = tf.nest.flatten(namespace["build"](*args))
        except ValueError as error:  # time_major=True with batch-major lengths, ...
            report[name] = {"error": str(error)}
            continue
        variables = tf.global_variables()
        rng = np.random.default_rng(7)
        with tf.Session() as session:
            session.run(tf.global_variables_initializer())
            for variable in variables:
                variable.load(rng.normal(0.0, 0.5, variable.shape.as_list()), session)
            out = session.run(y, dict(zip(args, feeds)))
            tf.train.Saver().save(session, os.path.join(directory, "model.ckpt"))
    save(**{f"{name}_out{i}": value for i, value in enumerate(out)})
    report[name] = {
        "outputs": len(out),
        "trainable": sum(
            int(np.prod(v.shape.as_list())) for v in graph.get_collection("trainable_variables")
        ),
        "variables": [v.name for v in variables],
    }
save_json(report)
"""


def _random_calls() -> dict[str, tuple[str, tuple[int, ...], object]]:
    """Random v1 cell + dynamic_rnn calls (hypothesis draws them; the reference checks
    them in the same batch)."""
    drawn: list[tuple[str, object]] = []
    cells = {
        "LSTMCell": ["forget_bias=0.0", "forget_bias=0.5", "use_peepholes=True", "cell_clip=1.0"],
        "BasicLSTMCell": ["forget_bias=1.0", "forget_bias=0.0", "state_is_tuple=True"],
        "GRUCell": ["kernel_initializer=tf.random_uniform_initializer(-0.1, 0.1)"],
        "BasicRNNCell": ["activation=tf.nn.relu"],
    }

    @settings(max_examples=15, deadline=None, derandomize=True, database=None)
    @given(
        cell=st.sampled_from(sorted(cells)),
        units=st.integers(1, 5),
        option=st.integers(0, 4),
        inline=st.booleans(),
        result=st.sampled_from(["outputs, _ =", "outputs = ", "outputs, state =", "[0]"]),
        extra=st.sampled_from(["", ", time_major=False", ", time_major=True", ", scope='s'"]),
        lengths=st.sampled_from([None, [3, 1], [0, 2]]),
        bidirectional=st.booleans(),
    )
    def draw(cell, units, option, inline, result, extra, lengths, bidirectional):
        options = cells[cell]
        args = [str(units)] + ([options[option]] if option < len(options) else [])
        made = f"tf.nn.rnn_cell.{cell}({', '.join(args)})"
        first, line = ("cell", f"    cell = {made}\n") if not inline else (made, "")
        if lengths is not None:
            extra += ", sequence_length=lengths"
        call = f"tf.nn.dynamic_rnn({first}, x, dtype=tf.float32{extra})"
        if bidirectional:
            second = made.replace(f"({units}", f"({units + 1}")  # another size backwards
            if not inline:
                line += f"    cell_bw = {second}\n"
                second = "cell_bw"
            call = f"tf.nn.bidirectional_dynamic_rnn({first}, {second}, x, dtype=tf.float32{extra})"
        if result == "[0]":
            line += f"    outputs = {call}[0]\n    return outputs\n"
        elif result == "outputs = ":
            line += f"    outputs = {call}\n    return outputs[0]\n"
        else:
            line += f"    {result} {call}\n    return outputs\n"
        signature = "x" if lengths is None else "x, lengths"
        extras = None if lengths is None else np.array(lengths, np.int32)
        drawn.append((f"def build({signature}):\n{line}", extras))

    draw()
    return {f"random_{i}": (src, (2, 3, 4), extras) for i, (src, extras) in enumerate(drawn)}


RANDOM = _random_calls()


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    rng = np.random.default_rng(3)
    everything = {
        **{n: (HEADER + textwrap.dedent(s), x, h) for n, (s, x, h) in BUILDERS.items()},
        **{n: (HEADER + s, x, h) for n, (s, x, h) in RANDOM.items()},
    }
    inputs: dict[str, np.ndarray] = {}
    spec = {}
    for name, (source, x, h) in everything.items():
        extras = [] if h is None else h if isinstance(h, list) else [h]
        for i, shape in enumerate([x, *extras]):
            given = isinstance(shape, np.ndarray)
            inputs[f"{i}_{name}"] = shape if given else rng.normal(size=shape).astype(np.float32)
        spec[name] = (source, str(tmp_path_factory.mktemp(name)), 1 + len(extras))
    inputs["spec"] = np.frombuffer(json.dumps(spec).encode(), dtype=np.uint8)
    return everything, inputs, spec, run_reference(_REFERENCE, inputs=inputs)


def _check(reference, name: str) -> float | None:
    """Max |diff| of the migrated builder against the reference; None when refused."""
    everything, inputs, spec, result = reference
    source = everything[name][0]
    migrated = migrate_source(source)
    refusals = [d for d in migrated.diagnostics if d.code not in NOTES]
    if refusals:
        assert migrated.code == source
        assert "TF1M196-kept-legacy-rnn" in {d.code for d in refusals}
        return None
    assert migrated.changed and "rnn_cell" not in migrated.code
    assert "dynamic_rnn" not in migrated.code
    expected = result.json[name]
    assert "error" not in expected, expected
    namespace: dict = {}
    exec(compile(migrated.code, f"<migrated {name}>", "exec"), namespace)
    feeds = [inputs[f"{i}_{name}"] for i in range(spec[name][2])]
    symbols = [keras.Input(batch_shape=f.shape, dtype=f.dtype.name) for f in feeds]
    model = keras.Model(symbols, namespace["build"](*symbols))
    report = load_v1_checkpoint(model, Path(spec[name][1]) / "model.ckpt", records=migrated)
    assert report.loaded and not report.unmatched_target_layers
    outputs = keras.tree.flatten(model(feeds))
    assert len(outputs) == expected["outputs"]
    assert sum(int(np.prod(w.shape)) for w in model.trainable_weights) == expected["trainable"]
    diff = 0.0
    for i, out in enumerate(outputs):
        want = result.arrays[f"{name}_out{i}"]
        np.testing.assert_allclose(np.asarray(out), want, rtol=0, atol=TOLERANCE, err_msg=name)
        diff = max(diff, float(np.max(np.abs(np.asarray(out) - want))))
    return diff


@pytest.mark.reference
@pytest.mark.parametrize("name", list(BUILDERS))
def test_builder_equivalence(reference, name: str) -> None:
    diff = _check(reference, name)
    assert diff is not None, "every builder here is one the rewrite covers"
    print(f"{name}: max |diff| = {diff:.3g}")


@pytest.mark.reference
def test_random_calls_equal_or_refused(reference) -> None:
    outcomes = {name: _check(reference, name) for name in RANDOM}
    assert len(outcomes) == 15
    assert sum(d is not None for d in outcomes.values()) >= 4  # the rewrite is exercised
    bidirectional = [n for n, d in outcomes.items() if d is not None and "bidir" in RANDOM[n][0]]
    assert bidirectional
    assert sum(d is None for d in outcomes.values()) >= 2  # and so are refusals


def _call_parameters(cls: type) -> set[str]:
    return set(inspect.signature(cls.call).parameters) - {"self"}


def test_every_emitted_keyword_is_a_keras3_parameter() -> None:
    sources = [(case / "after.py").read_text() for case in sorted(GOLDEN.glob("keras_rnn_*"))]
    sources += [migrate_source(HEADER + textwrap.dedent(s)).code for s, _, _ in BUILDERS.values()]
    checked = set()
    for code in sources:
        for node in ast.walk(ast.parse(code)):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            if isinstance(func, ast.Attribute) and ".layers." in ast.unparse(func):
                cls = getattr(keras.layers, func.attr)
                for k in node.keywords:
                    assert k.arg in layer_parameters(cls), (func.attr, k.arg)
                    checked.add((func.attr, k.arg))
            elif isinstance(func, ast.Call) and ".layers." in ast.unparse(func.func):
                cls = getattr(keras.layers, func.func.attr)  # type: ignore[attr-defined]
                for k in node.keywords:  # `RNN(...)(x, initial_state=...)`
                    assert k.arg in _call_parameters(cls), (cls, k.arg)
                    checked.add((cls.__name__, k.arg))
    assert {("GRUCell", "reset_after"), ("LSTMCell", "unit_forget_bias")} <= checked
    assert {("RNN", "return_state"), ("Bidirectional", "backward_layer")} <= checked
    assert {("RNN", "initial_state"), ("RNN", "mask"), ("RNN", "zero_output_for_mask")} <= checked
    assert len(checked) >= 15


# (module, expected codes): single calls the Keras target leaves as they were.
NOOPS = [
    (
        "cell = tf.nn.rnn_cell.GRUCell(4)\n"
        "init = cell.zero_state(2, tf.float32)\n"
        "y, _ = tf.nn.dynamic_rnn(cell, x, initial_state=init)\n",
        ["TF1M180-compat-target-only", "TF1M190-rnn-cell-use", "TF1M196-kept-legacy-rnn"],
    ),
    (
        "y, _ = tf.nn.dynamic_rnn(tf.nn.rnn_cell.GRUCell(4), x, dtype=tf.float32, "
        "time_major=True)\n",
        ["TF1M194-dynamic-rnn-argument", "TF1M196-kept-legacy-rnn"],
    ),
    (
        "y, _ = tf.nn.dynamic_rnn(tf.nn.rnn_cell.LSTMCell(4, num_proj=2), x, dtype=tf.float32)\n",
        ["TF1M191-lstm-cell-feature", "TF1M196-kept-legacy-rnn"],
    ),
    ("y = tf.nn.dynamic_rnn(tf.nn.rnn_cell.GRUCell(4), x)\n", None),
]


@pytest.mark.parametrize(("body", "codes"), NOOPS, ids=[b.splitlines()[-1] for b, _ in NOOPS])
def test_noop_table(body: str, codes: list[str] | None) -> None:
    source = HEADER + "x = None\n" + body
    result = migrate_source(source)
    assert result.code == source
    got = [d.code for d in result.diagnostics]
    assert "TF1M196-kept-legacy-rnn" in got
    if codes is not None:
        assert got == codes


def test_records_carry_the_forget_bias_and_the_rnn_name() -> None:
    result = migrate_source(
        HEADER + "with tf.variable_scope('m'):\n"
        "    y, _ = tf.nn.dynamic_rnn(tf.nn.rnn_cell.LSTMCell(3, forget_bias=0.0), x, "
        "dtype=tf.float32, scope='enc')\n"
    )
    [record] = result.layers
    assert (record.v1_scope, record.v1_name, record.keras_name) == ("m", "enc", "m_enc")
    assert record.forget_bias == 0.0 and record.to_dict()["forget_bias"] == 0.0


def test_docs_example_is_what_the_tool_writes() -> None:
    page = (GOLDEN.parent.parent / "docs" / "migrate.md").read_text(encoding="utf-8")
    section = page.split("# The Keras target: dynamic_rnn", 1)[1]
    before, after = section.split("```python\n")[1:3]
    before, after = before.split("```")[0], after.split("```")[0]
    assert migrate_source(before).code == after
    assert migrate_source(after).code == after


# (statement after `x = None`, expected Keras 3 statement): single rewrites.
REWRITES = [
    (
        'y, _ = tf.nn.dynamic_rnn(tf.nn.rnn_cell.GRUCell(4), x, dtype="float32", scope="")',
        "y = keras.layers.RNN(\n"
        '    keras.layers.GRUCell(4, reset_after=False), return_sequences=True, name="rnn"\n)(x)',
    ),
    (
        "y = tf.nn.dynamic_rnn(cell=tf.nn.rnn_cell.BasicRNNCell(num_units=3), inputs=x, "
        "dtype=tf.float32)[0]",
        'y = keras.layers.RNN(keras.layers.SimpleRNNCell(3), return_sequences=True, name="rnn")(x)',
    ),
    (
        "y, _ = tf.nn.dynamic_rnn(tf.nn.rnn_cell.LSTMCell(4, forget_bias=0, state_is_tuple=True, "
        "use_peepholes=False, cell_clip=None), x, dtype=tf.float32, parallel_iterations=8)",
        "y = keras.layers.RNN(\n"
        '    keras.layers.LSTMCell(4, unit_forget_bias=False), return_sequences=True, name="rnn"\n'
        ")(x)",
    ),
    (
        "y, s = tf.nn.dynamic_rnn(tf.nn.rnn_cell.LSTMCell(4, initializer=tf.truncated_normal_"
        "initializer(stddev=0.1)), x, initial_state=(c, h))",
        "y = keras.layers.RNN(\n    keras.layers.LSTMCell(\n        4,\n"
        "        kernel_initializer=keras.initializers.TruncatedNormal(stddev=0.1),\n"
        "        recurrent_initializer=keras.initializers.TruncatedNormal(stddev=0.1),\n"
        '    ),\n    return_sequences=True,\n    name="rnn",\n)(x, initial_state=[h, c])',
    ),
]


@pytest.mark.parametrize(("before", "after"), REWRITES, ids=[b for b, _ in REWRITES])
def test_rewrite_table(before: str, after: str) -> None:
    source = HEADER + "x = c = h = None\n" + before + "\n"
    result = migrate_source(source)
    assert result.code.split("x = c = h = None\n")[1] == after + "\n"
    assert [d.code for d in result.diagnostics] == ["TF1M197-rnn-fresh-initialization"]
    assert migrate_source(result.code).code == result.code


def test_mixed_module_runs_after_compat_pass() -> None:
    """A refused call keeps its legacy names (TF1M196); `--target compat` on the same module
    then renames those, and the module runs on Keras 3 with both kinds of RNN."""
    source = HEADER + textwrap.dedent(
        """
        def build(x):
            cell = tf.nn.rnn_cell.GRUCell(3)
            init = cell.zero_state(2, tf.float32)
            a, _ = tf.nn.dynamic_rnn(cell, x, initial_state=init, scope="a")
            b, state = tf.nn.dynamic_rnn(tf.nn.rnn_cell.LSTMCell(4), a, dtype=tf.float32)
            return b
        """
    )
    keras_pass = migrate_source(source)
    codes = [d.code for d in keras_pass.diagnostics]
    assert "TF1M196-kept-legacy-rnn" in codes and "keras.layers.RNN(" in keras_pass.code
    compat_pass = migrate_source(keras_pass.code, target="compat")
    assert "tf.nn.rnn_cell" not in compat_pass.code and not compat_pass.diagnostics
    namespace: dict = {}
    exec(compile(compat_pass.code, "<mixed>", "exec"), namespace)
    with pytest.warns(Warning, match="deprecated"):  # compat_layers says what it stands for
        y = namespace["build"](np.ones((2, 5, 4), np.float32))
    assert tuple(y.shape) == (2, 5, 4)
