"""compat_layers reproduces every golden output and gradient.

Three ways of running the same layer, each against the stored reference numbers:
a `tf.compat.v1.Session` graph (weights assigned with assign ops), eager execution with
`tf.GradientTape` (weights set with `layer.set_weights`), and a `tf.function`.
As in the legacy layer, no dtype is passed: the variables follow the input dtype.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest
import tensorflow as tf

import compat_layers
from golden import store
from golden.cases import CASES, WEIGHT_NAMES, Case
from golden.tolerances import GoldenMaxDiffReport, assert_close, report_line

IDS = [case.name for case in CASES]
FAMILIES = ("compat-graph", "compat-eager", "compat-tf.function")


@pytest.fixture(scope="module", autouse=True)
def _report_max_diff():
    yield
    for family in FAMILIES:
        warnings.warn(GoldenMaxDiffReport(report_line(family)), stacklevel=1)


def _weight_names(golden: dict[str, np.ndarray]) -> list[str]:
    return [name for name in WEIGHT_NAMES if name in golden]


def _short_name(variable: tf.Variable) -> str:
    # "separable_conv1d/depthwise_kernel:0" -> "depthwise_kernel"
    return variable.name.split("/")[-1].split(":")[0]


def _check(case: Case, golden: dict, result: dict, family: str) -> None:
    assert sorted(result) == sorted(
        ["output", "grad_x", *(f"grad_{name}" for name in _weight_names(golden))]
    )
    for key, value in result.items():
        assert np.asarray(value).dtype == np.dtype(case.dtype), key
        assert_close(value, golden[key], case.dtype, what=f"{case.name}: {key}", family=family)


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_graph_session_reproduces_golden(case: Case) -> None:
    golden = store.load_arrays(case)
    names = _weight_names(golden)
    graph = tf.Graph()
    with graph.as_default():
        x = tf.constant(golden["x"])
        layer = compat_layers.SeparableConv1D(**case.layer_kwargs())
        y = layer(x)
        variables = {_short_name(v): v for v in layer.weights}
        assert sorted(variables) == sorted(names)
        assigns = [tf.compat.v1.assign(variables[name], golden[name]) for name in names]
        loss = tf.reduce_sum(y * tf.constant(golden["cotangent"]))
        grads = tf.gradients(loss, [x] + [variables[name] for name in names])
        with tf.compat.v1.Session(graph=graph) as session:
            session.run(tf.compat.v1.global_variables_initializer())
            session.run(assigns)
            values = session.run([y, *grads])
    result = {"output": values[0], "grad_x": values[1]}
    result.update({f"grad_{name}": g for name, g in zip(names, values[2:], strict=True)})
    _check(case, golden, result, "compat-graph")


def _eager_step(layer, x, cotangent, variables):
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = layer(x)
        loss = tf.reduce_sum(y * cotangent)
    return y, tape.gradient(loss, [x, *variables])


@pytest.mark.parametrize("in_function", [False, True], ids=["eager", "tf.function"])
@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_eager_and_tf_function_reproduce_golden(case: Case, in_function: bool) -> None:
    golden = store.load_arrays(case)
    names = _weight_names(golden)
    x = tf.constant(golden["x"])
    cotangent = tf.constant(golden["cotangent"])
    layer = compat_layers.SeparableConv1D(**case.layer_kwargs())
    # A first call builds the variables in the input dtype (layer.build(shape) has no dtype
    # to follow and would give float32, as in the legacy layer).
    layer(x)
    by_name = {_short_name(v): v for v in layer.weights}
    assert sorted(by_name) == sorted(names)
    # set_weights takes the legacy order of `layer.weights`.
    layer.set_weights([golden[_short_name(v)] for v in layer.weights])
    variables = [by_name[name] for name in names]
    step = tf.function(_eager_step) if in_function else _eager_step
    y, grads = step(layer, x, cotangent, variables)
    result = {"output": y.numpy(), "grad_x": grads[0].numpy()}
    result.update({f"grad_{name}": g.numpy() for name, g in zip(names, grads[1:], strict=True)})
    _check(case, golden, result, "compat-tf.function" if in_function else "compat-eager")
