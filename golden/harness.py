"""Run one golden case through a layer class: in a v1 graph, eagerly or in a tf.function.

The same driver records the reference (with `tf.compat.v1.layers` classes, in the
`TF_USE_LEGACY_KERAS=1` process) and runs the layers under test (`compat_layers`, Keras 3),
so both sides see the same sequence: build the layer on the input, assign the golden weights,
compute the output and the gradients of `sum(output * cotangent)` with respect to the input
and every trainable weight, then (training cases) the moving statistics after the update.

Only TensorFlow is imported here: the module runs in both processes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import tensorflow as tf

from golden.cases import Case, result_names

__all__ = ["call_kwargs", "constructor_kwargs", "run_eager", "run_graph", "short_name"]


def short_name(variable: Any) -> str:
    """`conv2d/kernel:0` (v1) or `kernel` (Keras 3) -> `kernel`."""
    return variable.name.split("/")[-1].split(":")[0]


def constructor_kwargs(case: Case) -> dict[str, Any]:
    """The case's constructor arguments with JSON lists turned back into tuples."""
    return {k: tuple(v) if isinstance(v, list) else v for k, v in case.kwargs.items()}


def call_kwargs(case: Case) -> dict[str, Any]:
    return {} if case.training is None else {"training": case.training}


def _check_variables(case: Case, layer_weights) -> dict[str, Any]:
    by_name = {short_name(v): v for v in layer_weights}
    expected = [w.name for w in case.weights]
    if sorted(by_name) != sorted(expected):
        raise AssertionError(f"{case.name}: layer weights {sorted(by_name)} != {sorted(expected)}")
    return by_name


def _collect(case: Case, output, grads, updated) -> dict[str, np.ndarray]:
    values = [output, *grads, *updated]
    names = result_names(case)
    if len(values) != len(names):
        raise AssertionError(f"{case.name}: {len(values)} results for {names}")
    return {name: np.asarray(value) for name, value in zip(names, values, strict=True)}


def run_graph(
    case: Case, make_layer: Callable[[], Any], arrays: dict[str, np.ndarray]
) -> dict[str, np.ndarray]:
    """The case in a fresh `tf.Graph` run by a `tf.compat.v1.Session`.

    Moving-statistics updates are the ops the layer put in `UPDATE_OPS`, run once after the
    output and gradients (as a TF1 training step would).
    """
    graph = tf.Graph()
    with graph.as_default():
        if case.graph_seed is not None:
            tf.compat.v1.set_random_seed(case.graph_seed)
        x = tf.constant(arrays["x"])
        layer = make_layer()
        y = layer(x, **call_kwargs(case))
        by_name = _check_variables(case, layer.weights)
        assigns = [tf.compat.v1.assign(by_name[w.name], arrays[w.name]) for w in case.weights]
        trainable = [by_name[w.name] for w in case.weights if w.trainable]
        loss = tf.reduce_sum(y * tf.constant(arrays["cotangent"]))
        grads = tf.gradients(loss, [x, *trainable])
        updates = tf.compat.v1.get_collection(tf.compat.v1.GraphKeys.UPDATE_OPS)
        stats = [by_name[w.name] for w in case.weights if not w.trainable]
        with tf.compat.v1.Session(graph=graph) as session:
            session.run(tf.compat.v1.global_variables_initializer())
            session.run(assigns)
            values = session.run([y, *grads])
            updated = []
            if case.training and stats:
                if updates:
                    session.run(updates)
                updated = session.run(stats)
    return _collect(case, values[0], values[1:], updated)


def _step(layer, x, cotangent, trainable, kwargs):
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = layer(x, **kwargs)
        loss = tf.reduce_sum(y * cotangent)
    return y, tape.gradient(loss, [x, *trainable])


def run_eager(
    case: Case,
    make_layer: Callable[[], Any],
    arrays: dict[str, np.ndarray],
    *,
    in_function: bool = False,
    weight_layer: Callable[[Any], Any] = lambda layer: layer,
) -> dict[str, np.ndarray]:
    """The case eagerly (or with the step in a `tf.function`), with `tf.GradientTape`.

    A first call with the case's own arguments builds the variables in the input dtype;
    the golden weights are assigned after it (so a training call's update is undone), and
    the measured call follows.

    Args:
      case: the configuration.
      make_layer: returns the layer (or model) to call.
      arrays: input, cotangent and weights.
      in_function: run the measured step as a `tf.function`.
      weight_layer: the layer holding the weights, given what `make_layer` returned.
    """
    x = tf.constant(arrays["x"])
    layer = make_layer()
    kwargs = call_kwargs(case)
    layer(x, **kwargs)
    by_name = _check_variables(case, weight_layer(layer).weights)
    for w in case.weights:
        by_name[w.name].assign(arrays[w.name])
    trainable = [by_name[w.name] for w in case.weights if w.trainable]
    step = tf.function(_step) if in_function else _step
    y, grads = step(layer, x, tf.constant(arrays["cotangent"]), trainable, kwargs)
    updated = []
    if case.training:
        updated = [by_name[w.name].numpy() for w in case.weights if not w.trainable]
    return _collect(case, y.numpy(), [g.numpy() for g in grads], updated)
