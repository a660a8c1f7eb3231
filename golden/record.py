"""Record golden cases with TensorFlow's legacy layers (runs inside the reference process).

Imported only by the `TF_USE_LEGACY_KERAS=1` subprocess that `golden.generate.run_cases`
starts, where `tf.compat.v1.layers` and `tf.keras` (tf-keras) are the legacy ones. Per case:

* the graph result (`golden.harness.run_graph`): channels_first natively, or, where a CPU
  kernel lacks NCHW, on the channels_last transpose with the output and input gradient
  transposed back (the weights do not depend on the data format);
* the legacy layer's own eager result by the same route, compared bit for bit with the
  graph result ("identical", "differs by ...", "fails", or "graph only" for seeded Dropout).
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import tensorflow as tf

from golden import harness
from golden.cases import Case, case_by_name
from golden.families.normalization import fused

__all__ = ["record_cases"]


def op_message(error: Exception) -> str:
    """The kernel's own words of an op error (its message repeats the Python traceback)."""
    lines = getattr(error, "message", str(error)).splitlines()
    skip = ("Graph execution error", "Detected at node", "Node:")
    kept = [ln for ln in lines if ln.strip() and not ln[0].isspace() and not ln.startswith(skip)]
    return type(error).__name__ + ": " + " ".join(kept)[:300]


def _factory(case: Case):
    kwargs = harness.constructor_kwargs(case)
    if case.spec.reference(case).startswith("tf.keras."):
        # Keras 2 layers default to float32 variables; the legacy layer follows the input.
        return lambda: getattr(tf.keras.layers, case.layer)(dtype=case.dtype, **kwargs)
    return lambda: harness.build(case, tf, 0)


def _to_last(array: np.ndarray) -> np.ndarray:
    return np.moveaxis(array, 1, -1)


def _run(case: Case, arrays: dict, mode: str, route: str = "native") -> dict:
    if route == "transposed":
        shape = _to_last(np.zeros(case.input_shape)).shape
        kwargs = {**case.kwargs, "data_format": "channels_last"}
        last = replace(case, input_shape=shape, kwargs=kwargs)
        moved = {**arrays, "x": _to_last(arrays["x"]), "cotangent": _to_last(arrays["cotangent"])}
        result = _run(last, moved, mode)
        result["output"] = np.moveaxis(result["output"], -1, 1)
        result["grad_x"] = np.moveaxis(result["grad_x"], -1, 1)
        return result
    if mode == "graph":
        return harness.run_graph(case, _factory(case), arrays)
    return harness.run_eager(case, _factory(case), arrays)


def _native_forward(case: Case, arrays: dict) -> np.ndarray:
    # The legacy layer's channels_first output, where perhaps only its gradients lack NCHW.
    with tf.Graph().as_default() as graph:
        layer = _factory(case)()
        y = layer(tf.constant(arrays["x"]), **harness.call_kwargs(case))
        with tf.compat.v1.Session(graph=graph) as session:
            for variable in layer.weights:
                variable.load(arrays[harness.short_name(variable)], session)
            return session.run(y)


def _record(case: Case, arrays: dict) -> tuple[dict, str, str | None]:
    """`(result, route, failure)`: the graph result, its channels_first route, the op error."""
    try:
        return _run(case, arrays, "graph"), "native", None
    except tf.errors.OpError as error:
        if not case.channels_first:
            raise
        failure = op_message(error)
    result = _run(case, arrays, "graph", "transposed")
    try:
        forward = _native_forward(case, arrays)
    except tf.errors.OpError:
        return result, "transposed, native forward fails", failure
    worst = np.max(np.abs(forward.astype(np.float64) - result["output"].astype(np.float64)))
    same = "identical" if np.array_equal(forward, result["output"]) else f"differs by {worst:.3g}"
    return result, f"transposed, native forward {same}", failure


def _eager_status(case: Case, arrays: dict, graph: dict, route: str) -> tuple[str, str | None]:
    if case.graph_only:
        return "graph only", None
    try:
        eager = _run(case, arrays, "eager", route)
    except Exception as error:  # the legacy layer cannot run this case eagerly
        return "fails", op_message(error)
    worst = 0.0
    for key, value in graph.items():
        if value.shape != eager[key].shape:
            return "differs in shape", None
        diff = np.abs(value.astype(np.float64) - eager[key].astype(np.float64))
        worst = max(worst, float(np.max(diff)) if diff.size else 0.0)
    return ("identical" if worst == 0.0 else f"differs by {worst:.3g}"), None


def _fused_mismatches(names: list[str]) -> list[str]:
    """Batch norm cases whose fused choice the registry (`normalization.fused`) mispredicts."""
    wrong = []
    for name in names:
        case = case_by_name(name)
        if case.layer != "BatchNormalization":
            continue
        with tf.Graph().as_default():
            layer = _factory(case)()
            x = tf.compat.v1.placeholder(case.dtype, case.input_shape)
            layer(x, **harness.call_kwargs(case))
            if bool(layer.fused) != fused(case):
                wrong.append(name)
    return wrong


def _probe_channels_first() -> dict[str, str]:
    # What the legacy layers do with channels_first on this machine's CPU.
    outcome = {}
    for layer, shape in (("SeparableConv1D", (1, 2, 5)), ("Conv2D", (1, 2, 5, 5))):
        make = getattr(tf.compat.v1.layers, layer)
        for mode in ("graph", "eager"):
            try:
                if mode == "graph":
                    with tf.Graph().as_default() as graph:
                        y = make(2, 3, data_format="channels_first")(tf.ones(shape))
                        with tf.compat.v1.Session(graph=graph) as session:
                            session.run(tf.compat.v1.global_variables_initializer())
                            session.run(y)
                else:
                    make(2, 3, data_format="channels_first")(tf.ones(shape))
                outcome[f"{layer} {mode}"] = "ok"
            except tf.errors.OpError as error:
                outcome[f"{layer} {mode}"] = op_message(error)
    return outcome


def record_cases(names: list[str], inputs: dict[str, np.ndarray]) -> tuple[dict, dict]:
    """Record the named cases from their arrays (`<name>__<array>` in `inputs`).

    Returns:
      `(arrays, info)`: `<name>__<result>` arrays; and the versions, per case the eager
      status and channels_first route, the distinct op errors met, the channels_first
      probe and batch norm's fused mispredictions.
    """
    import tf_keras

    arrays_out: dict[str, np.ndarray] = {}
    status: dict[str, str] = {}
    routes: dict[str, str] = {}
    failures: dict[str, int] = {}
    for name in names:
        case = case_by_name(name)
        prefix = name + "__"
        arrays = {k[len(prefix) :]: v for k, v in inputs.items() if k.startswith(prefix)}
        result, route, failure = _record(case, arrays)
        if case.channels_first:
            routes[name] = route
        status[name], message = _eager_status(case, arrays, result, route.split(",")[0])
        for text in filter(None, (failure, message)):
            failures[text] = failures.get(text, 0) + 1
        arrays_out.update({prefix + k: v for k, v in result.items()})
    info = {
        "tensorflow": tf.__version__,
        "tf_keras": tf_keras.__version__,
        "numpy": np.__version__,
        "channels_first_cpu_probe": _probe_channels_first(),
        "eager": status,
        "channels_first": routes,
        "failures": failures,
        "fused_mismatches": _fused_mismatches(names),
    }
    return arrays_out, info
