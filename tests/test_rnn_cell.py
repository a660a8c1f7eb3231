"""`compat_layers.rnn_cell` on its own: argument errors, warnings, configs, docstring examples.

Behaviour shared with TensorFlow's legacy cells is compared with them in
tests/test_rnn_cell_reference.py; this module checks what the legacy cells did not define
(argument validation in the one error form) or what needs no oracle.
"""

from __future__ import annotations

import doctest
import importlib
import os
import re
import subprocess
import sys
import warnings
from pathlib import Path

import numpy as np
import pytest
import tensorflow as tf

import compat_layers
from compat_layers import rnn_cell
from golden.reference import run_reference

v1 = tf.compat.v1

pytestmark = pytest.mark.filterwarnings("ignore::compat_layers.LegacyLayerWarning")


@pytest.mark.parametrize(
    "make, message",
    [
        pytest.param(
            lambda: rnn_cell.LSTMCell(0),
            "Invalid value for argument `num_units`. Expected a strictly positive integer. "
            "Received: num_units=0",
            id="num_units",
        ),
        pytest.param(
            lambda: rnn_cell.GRUCell(2.5),
            "Invalid value for argument `num_units`. Expected a strictly positive integer. "
            "Received: num_units=2.5",
            id="num_units float",
        ),
        pytest.param(
            lambda: rnn_cell.LSTMCell(4, num_proj=-1),
            "Invalid value for argument `num_proj`. Expected a strictly positive integer. "
            "Received: num_proj=-1",
            id="num_proj",
        ),
        pytest.param(
            lambda: rnn_cell.LSTMCell(4, num_unit_shards=0),
            "Invalid value for argument `num_unit_shards`. Expected a strictly positive "
            "integer. Received: num_unit_shards=0",
            id="shards",
        ),
        pytest.param(
            lambda: rnn_cell.LSTMCell(4, cell_clip=-0.5),
            "Invalid value for argument `cell_clip`. Expected None, a non-negative number or a "
            "tensor. Received: cell_clip=-0.5",
            id="cell_clip",
        ),
        pytest.param(
            lambda: rnn_cell.BasicRNNCell(3, dtype="int32"),
            "Invalid value for argument `dtype`. Expected a floating point or complex dtype: RNN "
            "cell only supports floating point inputs, but received dtype: <dtype: 'int32'>. "
            "Received: dtype='int32'",
            id="dtype",
        ),
        pytest.param(
            lambda: rnn_cell.DropoutWrapper(rnn_cell.GRUCell(2), output_keep_prob=2.0),
            "Invalid value for argument `output_keep_prob`. Expected a keep probability: "
            "Parameter output_keep_prob must be between 0 and 1. Received: output_keep_prob=2.0",
            id="keep_prob",
        ),
    ],
)
def test_bad_arguments_raise_before_any_variable(make, message):
    with tf.Graph().as_default():
        with pytest.raises(ValueError) as info:
            make()
        assert str(info.value) == message
        assert v1.global_variables() == []


def test_unknown_input_depth_raises_naming_the_shape():
    with tf.Graph().as_default():
        cell = rnn_cell.GRUCell(2)
        x = v1.placeholder(tf.float32, [3, None])
        with pytest.raises(ValueError, match=r"Expected inputs.shape\[-1\] to be known"):
            cell(x, tf.zeros([3, 2]))
        assert v1.global_variables() == []


@pytest.mark.parametrize(
    "make, keras_name",
    [
        (lambda: rnn_cell.BasicRNNCell(2), "SimpleRNNCell"),
        (lambda: rnn_cell.BasicLSTMCell(2), "LSTMCell"),
        (lambda: rnn_cell.LSTMCell(2), "LSTMCell"),
        (lambda: rnn_cell.GRUCell(2), "GRUCell(reset_after=False)"),
    ],
)
@pytest.mark.filterwarnings("default::compat_layers.LegacyLayerWarning")
def test_cells_warn_like_legacy_at_the_callers_line(make, keras_name):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        make()
    (warning,) = [w for w in caught if issubclass(w.category, compat_layers.LegacyLayerWarning)]
    assert issubclass(warning.category, UserWarning)  # the legacy category still catches it
    assert "is deprecated" in str(warning.message)
    assert f"keras.layers.{keras_name}" in str(warning.message)
    assert warning.filename == __file__


def test_lstm_state_tuple_dtype_checks_consistency():
    state = rnn_cell.LSTMStateTuple(tf.zeros([1, 2]), tf.zeros([1, 2], tf.float64))
    with pytest.raises(TypeError, match="Inconsistent dtypes for internal state"):
        _ = state.dtype
    assert rnn_cell.LSTMStateTuple(1, 2)._fields == ("c", "h")


@pytest.mark.parametrize(
    "make",
    [
        lambda: rnn_cell.BasicRNNCell(3, activation="relu", name="b"),
        lambda: rnn_cell.GRUCell(3, kernel_initializer="zeros"),
        lambda: rnn_cell.LSTMCell(3, use_peepholes=True, num_proj=2, cell_clip=1.0),
        lambda: rnn_cell.BasicLSTMCell(3, forget_bias=0.0, state_is_tuple=False),
    ],
)
def test_config_round_trips(make):
    cell = make()
    config = cell.get_config()
    clone = type(cell).from_config(config)
    assert clone.get_config() == config
    assert clone.state_size == cell.state_size
    assert clone.output_size == cell.output_size


def test_wrapper_configs_need_the_cell_object_back():
    wrapper = rnn_cell.DropoutWrapper(rnn_cell.GRUCell(3), output_keep_prob=0.5, seed=4)
    config = wrapper.get_config()
    assert config["cell"]["class_name"] == "GRUCell"
    with pytest.raises(ValueError, match="cannot reconstruct the wrapped cell"):
        rnn_cell.DropoutWrapper.from_config(config)
    clone = rnn_cell.DropoutWrapper.from_config({**config, "cell": rnn_cell.GRUCell(3)})
    assert {**clone.get_config(), "cell": None} == {**config, "cell": None}


def test_named_activation_computes_like_the_function():
    x = tf.constant(np.random.RandomState(0).uniform(-1, 1, (2, 3)), tf.float32)
    relu_cell = rnn_cell.BasicRNNCell(4, activation="relu")
    out, _ = relu_cell(x, tf.zeros([2, 4]))
    kernel, bias = relu_cell.weights
    want = np.maximum(np.concatenate([x.numpy(), np.zeros((2, 4))], 1) @ kernel.numpy() + bias, 0)
    np.testing.assert_allclose(out.numpy(), want, atol=1e-6)


def test_multi_rnn_cell_reports_the_stacked_weights_and_trainable_flag():
    cells = [rnn_cell.GRUCell(2), rnn_cell.LSTMCell(3)]
    stack = rnn_cell.MultiRNNCell(cells)
    stack(tf.ones([1, 4]), stack.zero_state(1, tf.float32))
    names = [v.name for v in stack.weights]
    assert names == [v.name for c in cells for v in c.weights]
    stack.trainable = False
    assert stack.trainable_weights == []
    assert [v.name for v in stack.non_trainable_weights] == names


@pytest.mark.parametrize(
    "module",
    ["compat_layers._rnn_base", "compat_layers._rnn_cells"],
)
def test_docstring_examples(module):
    result = doctest.testmod(importlib.import_module(module), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0


def test_package_exposes_the_module():
    assert compat_layers.rnn_cell is rnn_cell
    assert "rnn_cell" in compat_layers.__all__


@pytest.mark.reference
def test_docs_example_restores_a_legacy_checkpoint(tmp_path):
    # docs/rnn_cell.md: the TF1 block runs with the legacy cells and writes the checkpoint,
    # the compat block restores it in a fresh process; both print what the page shows.
    root = Path(__file__).resolve().parents[1]
    text = (root / "docs" / "rnn_cell.md").read_text(encoding="utf-8")
    legacy_source, compat_source = re.findall(r"```python\n(.*?)```", text, re.S)
    (shown,) = re.findall(r"```text\n(.*?)```", text, re.S)
    prefix = f"CHECKPOINT = {str(tmp_path / 'model')!r}\n"
    legacy = run_reference(prefix + legacy_source)
    env = dict(os.environ, PYTHONPATH=str(root), TF_CPP_MIN_LOG_LEVEL="3")
    env["TF_ENABLE_ONEDNN_OPTS"] = "0"
    compat = subprocess.run(
        [sys.executable, "-c", prefix + compat_source],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    )
    assert compat.stdout.splitlines() == shown.splitlines()
    assert legacy.stdout.splitlines() == shown.splitlines()[-1:]
