"""Regenerate or check the golden data with TensorFlow's own legacy layer.

Usage:

    python -m golden.generate            # dry run: compare the reference with golden/data
    python -m golden.generate --write    # rewrite golden/data (see golden/README.md first)
    python -m golden.generate --only valid-float32-base --only same-float16-d2_len11

The reference runs in ONE subprocess (`golden.reference.run_reference`, which sets
`TF_USE_LEGACY_KERAS=1`): 'valid' and 'same' cases through
`tf.compat.v1.layers.SeparableConv1D`, 'causal' cases through the `tf.keras.layers.
SeparableConv1D` of that process (tf-keras, i.e. Keras 2), each in its own `tf.Graph` run
by a `tf.compat.v1.Session`, with the case's NumPy weights assigned into its variables.

TensorFlow's CPU kernels implement depthwise convolution for NHWC only (the legacy layer
fails with "Depthwise convolution on CPU is only supported for NHWC format" and has no
transposes of its own), so channels_first cases are computed by the reference on the
transposed (channels_last) input and cotangent, and the output and input gradient are
transposed back. The weights do not depend on the data format, so this is the function
the legacy layer computes on a device that has NCHW kernels. The probe of what the legacy
layer does with channels_first on CPU is recorded in index.json.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from golden import store
from golden.cases import CASES, WEIGHT_NAMES, Case, case_by_name, make_arrays
from golden.reference import run_reference
from golden.tolerances import TOLERANCES, max_diff

__all__ = ["INPUT_NAMES", "RESULT_NAMES", "compare_case", "main", "run_cases"]

# Arrays that go into the reference and arrays that come out of it.
INPUT_NAMES = ("x", "cotangent", *WEIGHT_NAMES)
RESULT_NAMES = ("output", "grad_x", *(f"grad_{name}" for name in WEIGHT_NAMES))

FORMAT_VERSION = 1

# Executed inside the reference process (see golden/reference.py for INPUTS and save()).
_SCRIPT = """
import json
import numpy as np
import tensorflow as tf
import tf_keras

SPECS = json.loads(SPECS_JSON)
WEIGHT_NAMES = ("depthwise_kernel", "pointwise_kernel", "bias")


def op_message(error):
    # An op error's message repeats the Python traceback; keep the kernel's own words.
    lines = getattr(error, "message", str(error)).splitlines()
    skip = ("Graph execution error", "Detected at node", "Node:")
    kept = [l for l in lines if l.strip() and not l[0].isspace() and not l.startswith(skip)]
    return type(error).__name__ + ": " + " ".join(kept)


def build(spec, data_format):
    kwargs = dict(
        filters=spec["filters"],
        kernel_size=spec["kernel_size"],
        strides=spec["strides"],
        padding=spec["padding"],
        data_format=data_format,
        dilation_rate=spec["dilation_rate"],
        depth_multiplier=spec["depth_multiplier"],
        activation=spec["activation"],
        use_bias=spec["use_bias"],
    )
    if spec["padding"] == "causal":
        # Keras 2 layers default to float32 variables; the legacy layer follows the input.
        return tf.keras.layers.SeparableConv1D(dtype=spec["dtype"], **kwargs)
    return tf.compat.v1.layers.SeparableConv1D(**kwargs)


def run_case(spec):
    name = spec["name"]
    x = INPUTS[name + "__x"]
    cotangent = INPUTS[name + "__cotangent"]
    weights = {w: INPUTS[name + "__" + w] for w in WEIGHT_NAMES if name + "__" + w in INPUTS}
    transpose = spec["data_format"] == "channels_first"
    if transpose:
        x = x.transpose(0, 2, 1)
        cotangent = cotangent.transpose(0, 2, 1)
    graph = tf.Graph()
    with graph.as_default():
        x_t = tf.constant(x)
        layer = build(spec, "channels_last")
        y = layer(x_t)
        variables = {v.name.split("/")[-1].split(":")[0]: v for v in layer.weights}
        assert sorted(variables) == sorted(weights), (name, list(variables), list(weights))
        order = [w for w in WEIGHT_NAMES if w in weights]
        assigns = [tf.compat.v1.assign(variables[w], weights[w]) for w in order]
        loss = tf.reduce_sum(y * tf.constant(cotangent))
        grads = tf.gradients(loss, [x_t] + [variables[w] for w in order])
        with tf.compat.v1.Session(graph=graph) as session:
            session.run(tf.compat.v1.global_variables_initializer())
            session.run(assigns)
            values = session.run([y] + grads + [variables[w] for w in order])
    n = len(order)
    output, grad_x, grad_w, used = values[0], values[1], values[2 : 2 + n], values[2 + n :]
    for w, value in zip(order, used):
        # The variables must hold exactly the golden weights (no cast, no initializer).
        assert value.dtype == weights[w].dtype and np.array_equal(value, weights[w]), (name, w)
    if transpose:
        output = output.transpose(0, 2, 1)
        grad_x = grad_x.transpose(0, 2, 1)
    arrays = {name + "__output": output, name + "__grad_x": grad_x}
    for w, g in zip(order, grad_w):
        arrays[name + "__grad_" + w] = g
    return arrays


def probe_channels_first():
    # What the legacy layer itself does with channels_first on this machine's CPU.
    outcome = {}
    for what in ("forward", "gradient"):
        graph = tf.Graph()
        with graph.as_default():
            x = tf.constant(np.ones((1, 2, 5), np.float32))
            layer = tf.compat.v1.layers.SeparableConv1D(2, 3, data_format="channels_first")
            y = layer(x)
            fetch = y if what == "forward" else tf.gradients(tf.reduce_sum(y), layer.weights)
            try:
                with tf.compat.v1.Session(graph=graph) as session:
                    session.run(tf.compat.v1.global_variables_initializer())
                    session.run(fetch)
                outcome[what] = "ok"
            except Exception as error:
                outcome[what] = op_message(error)
    return outcome


arrays = {}
for spec in SPECS:
    arrays.update(run_case(spec))
save(**arrays)
save_json(
    {
        "tensorflow": tf.__version__,
        "tf_keras": tf_keras.__version__,
        "numpy": np.__version__,
        "channels_first_cpu_probe": probe_channels_first(),
    }
)
"""


def run_cases(
    cases: Sequence[Case], inputs: dict[str, dict[str, np.ndarray]]
) -> tuple[dict[str, dict[str, np.ndarray]], dict]:
    """Run the reference for `cases` in one subprocess.

    Args:
      cases: the cases to run.
      inputs: per case name, its arrays (`x`, `cotangent` and the weights; extra keys are
        ignored).

    Returns:
      `(results, info)`: per case name, the reference's `output` and gradients; and the
      reference's versions and channels_first probe.

    Raises:
      golden.reference.ReferenceError: the reference process failed.
    """
    specs = [case.to_config() for case in cases]
    flat = {
        f"{case.name}__{key}": inputs[case.name][key]
        for case in cases
        for key in INPUT_NAMES
        if key in inputs[case.name]
    }
    script = f"SPECS_JSON = {json.dumps(json.dumps(specs))}\n" + _SCRIPT
    result = run_reference(script, inputs=flat)
    results: dict[str, dict[str, np.ndarray]] = {case.name: {} for case in cases}
    for key, value in result.arrays.items():
        name, array_name = key.split("__", 1)
        results[name][array_name] = value
    return results, result.json


def _reference_of(case: Case) -> str:
    if case.padding == "causal":
        return "tf.keras.layers.SeparableConv1D (tf-keras 2)"
    return "tf.compat.v1.layers.SeparableConv1D"


def _index_entry(case: Case, arrays: dict[str, np.ndarray], sha256: str) -> dict:
    tol = TOLERANCES[case.dtype]
    return {
        "config": case.to_config(),
        "dtype": case.dtype,
        "tolerance": {"rtol": tol.rtol, "atol": tol.atol},
        "reference": _reference_of(case),
        "channels_first_via_transpose": case.channels_first,
        "file": f"{case.name}.npz",
        "sha256": sha256,
        "shapes": {key: list(value.shape) for key, value in sorted(arrays.items())},
    }


def compare_case(
    case: Case, fresh: dict[str, np.ndarray], data_dir: Path, index: dict
) -> str | None:
    """Compare the stored data of `case` with freshly computed arrays.

    Args:
      case: the registered case.
      fresh: its inputs (from `make_arrays`) and the reference's results.
      data_dir: the folder holding the .npz files.
      index: the parsed index.json of `data_dir` (may be empty).

    Returns:
      None when the stored case has the same configuration, an intact file, identical
      inputs and results within tolerance; otherwise a short description of the first
      difference.
    """
    entry = index.get("cases", {}).get(case.name)
    path = data_dir / f"{case.name}.npz"
    if entry is None or not path.exists():
        return "not stored"
    if entry["config"] != case.to_config():
        return "configuration changed"
    if store.sha256_file(path) != entry["sha256"]:
        return "file does not match its sha256 in index.json"
    stored = store.read_npz(path)
    if sorted(stored) != sorted(fresh):
        return f"arrays {sorted(stored)} != {sorted(fresh)}"
    for key in INPUT_NAMES:
        if key in fresh and not np.array_equal(stored[key], fresh[key]):
            return f"input {key} changed (NumPy's random stream?)"
    tol = TOLERANCES[case.dtype]
    for key in RESULT_NAMES:
        if key in fresh and not np.allclose(
            fresh[key].astype(np.float64), stored[key].astype(np.float64), tol.rtol, tol.atol
        ):
            return f"{key} differs by {max_diff(fresh[key], stored[key]):.3g}"
    return None


def main(argv: Sequence[str] | None = None) -> int:
    """Command line entry point; returns the process exit status.

    Args:
      argv: arguments without the program name (default: `sys.argv[1:]`).

    Returns:
      0 when the stored data matches the reference (dry run) or was written (`--write`),
      1 when a dry run finds a difference.
    """
    parser = argparse.ArgumentParser(prog="python -m golden.generate", description=__doc__)
    parser.add_argument("--write", action="store_true", help="rewrite the golden data")
    parser.add_argument("--only", action="append", metavar="CASE", help="limit to these cases")
    parser.add_argument("--data-dir", type=Path, default=store.DATA_DIR)
    args = parser.parse_args(argv)

    try:
        cases = [case_by_name(name) for name in args.only] if args.only else list(CASES)
    except KeyError as error:
        parser.error(error.args[0])
    data_dir: Path = args.data_dir
    inputs = {case.name: make_arrays(case) for case in cases}
    print(f"running the reference for {len(cases)} cases in one subprocess ...", flush=True)
    results, info = run_cases(cases, inputs)
    fresh = {case.name: {**inputs[case.name], **results[case.name]} for case in cases}

    index_path = data_dir / store.INDEX_NAME
    index = store.load_index(data_dir) if index_path.exists() else {}
    problems = {case.name: compare_case(case, fresh[case.name], data_dir, index) for case in cases}
    bit_identical = 0
    for case in cases:
        if problems[case.name] is None:
            stored = store.read_npz(data_dir / f"{case.name}.npz")
            bit_identical += all(np.array_equal(stored[k], v) for k, v in fresh[case.name].items())
    stale = []
    if not args.only and data_dir.exists():
        registered = {f"{case.name}.npz" for case in CASES}
        stale = sorted(p.name for p in data_dir.glob("*.npz") if p.name not in registered)

    if not args.write:
        for name, problem in problems.items():
            if problem is not None:
                print(f"  would write {name}.npz: {problem}")
        for name in stale:
            print(f"  would delete {name}: no registered case")
        matching = sum(problem is None for problem in problems.values())
        print(
            f"dry run: {matching}/{len(cases)} stored cases match the reference "
            f"({bit_identical} bit for bit); TensorFlow {info['tensorflow']}; "
            f"channels_first on CPU: {info['channels_first_cpu_probe']}"
        )
        return 0 if matching == len(cases) and not stale else 1

    data_dir.mkdir(parents=True, exist_ok=True)
    entries = dict(index.get("cases", {}))
    for case in cases:
        path = data_dir / f"{case.name}.npz"
        store.write_npz(path, fresh[case.name])
        entries[case.name] = _index_entry(case, fresh[case.name], store.sha256_file(path))
    for name in stale:
        (data_dir / name).unlink()
        entries.pop(name[: -len(".npz")], None)
    index = {
        "format_version": FORMAT_VERSION,
        "generator": "python -m golden.generate --write",
        "function": "loss = sum(output * cotangent); grad_<name> = d loss / d <name>",
        "reference": {
            "tensorflow": info["tensorflow"],
            "tf_keras": info["tf_keras"],
            "numpy": info["numpy"],
            "valid_same": "tf.compat.v1.layers.SeparableConv1D, tf.Graph + tf.compat.v1.Session",
            "causal": "tf.keras.layers.SeparableConv1D of tf-keras (Keras 2), same graph mode",
            "channels_first": "run on the channels_last transpose, results transposed back",
            "channels_first_cpu_probe": info["channels_first_cpu_probe"],
        },
        "tolerances": {d: {"rtol": t.rtol, "atol": t.atol} for d, t in TOLERANCES.items()},
        "cases": dict(sorted(entries.items())),
    }
    store.write_index(index, data_dir)
    total = sum(p.stat().st_size for p in data_dir.iterdir())
    print(f"wrote {len(cases)} cases to {data_dir} ({total / 1024:.0f} KiB in all)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
