"""Run one golden case through a layer class: in a v1 graph, eagerly or in a tf.function.

The same driver records the reference (with `tf.compat.v1.layers` classes, in the
`TF_USE_LEGACY_KERAS=1` process) and runs the layers under test (`compat_layers`, Keras 3),
so both sides see the same sequence: build the layer on the input, assign the golden weights,
compute the output and the gradients of `sum(output * cotangent)` with respect to the input
and every trainable weight, then (training cases) the moving statistics after the update.

A layer is run by its spec's `apply` (default: `layer(x, training=...)`), which returns named
results: `output` and, for RNN cells run by `dynamic_rnn`, the final state's tensors; the
loss is then the sum over every result of `sum(result * cotangent_<result>)`.

Only TensorFlow is imported here: the module runs in both processes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import tensorflow as tf

from golden.cases import Case, result_names

__all__ = [
    "apply",
    "build",
    "call_kwargs",
    "constructor_kwargs",
    "cotangent_name",
    "namespace",
    "run_eager",
    "run_graph",
    "short_name",
]


def short_name(variable: Any) -> str:
    """`conv2d/kernel:0` (v1) or `kernel` (Keras 3) -> `kernel`."""
    return variable.name.split("/")[-1].split(":")[0]


def cotangent_name(result: str) -> str:
    """The array weighting a result in the loss: `cotangent` for `output`."""
    return "cotangent" if result == "output" else f"cotangent_{result}"


def build(case: Case, root: Any, side: int) -> Any:
    """A new layer of `case`: its spec's `build` with the class namespace found below `root`.

    Args:
      case: the configuration.
      root: `tensorflow` (the reference, `side` 0) or `compat_layers` (`side` 1).
      side: which of the spec's two namespace paths to follow.
    """
    return case.spec.build(case, namespace(case.spec, root, side))


def namespace(spec: Any, root: Any, side: int) -> Any:
    """The object holding a spec's classes: `spec.namespace[side]` followed below `root`."""
    found = root
    for part in filter(None, spec.namespace[side].split(".")):
        found = getattr(found, part)
    return found


def apply(case: Case, layer: Any, x: Any) -> dict[str, Any]:
    """The named results of `layer` on `x`: the spec's `apply`, or `{"output": layer(x)}`."""
    if case.spec.apply is not None:
        return case.spec.apply(case, layer, x)
    return {"output": layer(x, **call_kwargs(case))}


def _loss(results: dict[str, Any], arrays: dict[str, np.ndarray]):
    terms = [tf.reduce_sum(y * tf.constant(arrays[cotangent_name(k)])) for k, y in results.items()]
    return tf.add_n(terms) if len(terms) > 1 else terms[0]


def constructor_kwargs(case: Case) -> dict[str, Any]:
    """The case's constructor arguments with JSON lists turned back into tuples."""
    return {k: tuple(v) if isinstance(v, list) else v for k, v in case.kwargs.items()}


def call_kwargs(case: Case) -> dict[str, Any]:
    return {} if case.training is None else {"training": case.training}


def _check_variables(case: Case, layer_weights, expected=None, name=None) -> dict[str, Any]:
    name = name or case.spec.weight_name
    by_name = {name(v): v for v in layer_weights}
    expected = [w.name for w in case.weights] if expected is None else list(expected)
    if sorted(by_name) != sorted(expected):
        raise AssertionError(f"{case.name}: layer weights {sorted(by_name)} != {sorted(expected)}")
    return by_name


def _collect(case: Case, outputs, grads, updated) -> dict[str, np.ndarray]:
    values = [*outputs, *grads, *updated]
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
        results = apply(case, layer, x)
        by_name = _check_variables(case, layer.weights)
        assigns = [tf.compat.v1.assign(by_name[w.name], arrays[w.name]) for w in case.weights]
        trainable = [by_name[w.name] for w in case.weights if w.trainable]
        loss = _loss(results, arrays)
        grads = tf.gradients(loss, [x, *trainable])
        updates = tf.compat.v1.get_collection(tf.compat.v1.GraphKeys.UPDATE_OPS)
        stats = [by_name[w.name] for w in case.weights if not w.trainable]
        with tf.compat.v1.Session(graph=graph) as session:
            session.run(tf.compat.v1.global_variables_initializer())
            session.run(assigns)
            values = session.run([list(results.values()), grads])
            updated = []
            if case.training and stats:
                if updates:
                    session.run(updates)
                updated = session.run(stats)
    return _collect(case, values[0], values[1], updated)


def run_eager(
    case: Case,
    make_layer: Callable[[], Any],
    arrays: dict[str, np.ndarray],
    *,
    in_function: bool = False,
    weight_layer: Callable[[Any], Any] = lambda layer: layer,
    run: Callable[[Case, Any, Any], dict] = apply,
    layout: Any = None,
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
      run: returns the named results of the layer on the input (default `apply`).
      layout: for a model whose weights are laid out otherwise (Keras 3 RNN cells), an
        object with `to_model(arrays) -> {name: value}` (its trainable weights, named by
        the optional `name(variable)`, else `short_name`) and
        `to_golden(grads) -> {golden weight name: gradient}`.
    """
    x = tf.constant(arrays["x"])
    layer = make_layer()
    run(case, layer, x)
    variables = weight_layer(layer).weights
    if layout is None:
        by_name = _check_variables(case, variables)
        values = {w.name: arrays[w.name] for w in case.weights}
        trainable_names = [w.name for w in case.weights if w.trainable]
    else:
        values = layout.to_model(arrays)
        by_name = _check_variables(case, variables, values, getattr(layout, "name", short_name))
        trainable_names = list(values)
    for name, value in values.items():
        by_name[name].assign(value)
    trainable = [by_name[name] for name in trainable_names]

    def step(x):
        with tf.GradientTape() as tape:
            tape.watch(x)
            results = run(case, layer, x)
            loss = _loss(results, arrays)
        return results, tape.gradient(loss, [x, *trainable])

    results, grads = (tf.function(step) if in_function else step)(x)
    grads = [g.numpy() for g in grads]
    if layout is not None:
        converted = layout.to_golden(dict(zip(trainable_names, grads[1:], strict=True)))
        grads = [grads[0], *(converted[w.name] for w in case.weights if w.trainable)]
    updated = []
    if case.training:
        updated = [by_name[w.name].numpy() for w in case.weights if not w.trainable]
    return _collect(case, [y.numpy() for y in results.values()], grads, updated)
