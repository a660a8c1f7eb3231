"""Ratio benchmark of `compat_layers.batch_normalization` against the legacy layer (issue 10).

Graph builds run in subprocesses (`--worker legacy|compat`, the same code with `L` bound to
`tf.compat.v1.layers` under `TF_USE_LEGACY_KERAS=1` or to `compat_layers`), alternating legacy,
compat, legacy, ...; the ratio is the median over pairs. Run-time costs are too small for that:
across processes they swung by 2x on a loaded machine, so they are timed in this process with
the legacy layer imported from tf-keras (benchmarks may do that; library code never does), the
two variants alternating within every round, and reported as the median of per-round ratios.

Measured:
  train step       session.run of the train op of conv2d -> batch norm (fused, `training` a
                   placeholder) -> relu -> dense -> softmax loss, Adam, under UPDATE_OPS
  fused forward    session.run of a fused batch norm on a 32x32x32x16 input, training fed True
  fused inference  the same with training fed False
  eager forward    a tf.function calling the layer with training=True (updates included)
  build            graph construction of 300 chained batch-norm layers; the per-layer cost of
                   the last 100 layers over that of the first 100 shows whether it stays flat

Usage:
  python benchmarks/bench_batch_norm.py [--pairs 3] [--layers 300]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


# --------------------------------------------------------------------------------------------
# Worker (runs in a subprocess; imports TensorFlow only here).


def _train_step(tf, L) -> object:
    import numpy as np

    v1 = tf.compat.v1
    rng = np.random.RandomState(0)
    graph = tf.Graph()
    with graph.as_default():
        x = tf.constant(rng.uniform(-1, 1, (32, 16, 16, 3)).astype(np.float32))
        y = tf.constant(rng.randint(0, 10, 32))
        training = v1.placeholder(tf.bool, [])
        kernel = v1.get_variable("kernel", initializer=rng.uniform(-0.3, 0.3, (3, 3, 3, 16)))
        h = tf.nn.conv2d(x, tf.cast(kernel, tf.float32), 1, "SAME")
        h = tf.nn.relu(L.batch_normalization(h, training=training, name="bn"))
        w = v1.get_variable("dense", initializer=rng.uniform(-0.1, 0.1, (16 * 16 * 16, 10)))
        logits = tf.matmul(tf.reshape(h, [32, -1]), tf.cast(w, tf.float32))
        loss = tf.reduce_mean(
            tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits)
        )
        with tf.control_dependencies(v1.get_collection(v1.GraphKeys.UPDATE_OPS)):
            train_op = v1.train.AdamOptimizer(1e-3).minimize(loss)
        sess = v1.Session(graph=graph)
        sess.run(v1.global_variables_initializer())
    return lambda: sess.run(train_op, {training: True})


def _forward(tf, L) -> dict[str, object]:
    import numpy as np

    v1 = tf.compat.v1
    data = np.random.RandomState(1).normal(1, 2, (32, 32, 32, 16)).astype(np.float32)
    graph = tf.Graph()
    with graph.as_default():
        training = v1.placeholder(tf.bool, [])
        y = L.batch_normalization(tf.constant(data), training=training)
        updates = v1.get_collection(v1.GraphKeys.UPDATE_OPS)
        sess = v1.Session(graph=graph)
        sess.run(v1.global_variables_initializer())
    layer = L.BatchNormalization()
    x = tf.constant(data)
    fn = tf.function(lambda t: layer(t, training=True))
    return {
        "fused forward": lambda: sess.run([y, updates], {training: True}),
        "fused inference": lambda: sess.run(y, {training: False}),
        "eager forward": lambda: fn(x),
    }


def runtime_ratios(rounds: int) -> dict[str, tuple[float, float, float]]:
    """{measurement: (median ratio compat/legacy, compat seconds, legacy seconds)}."""
    import warnings

    warnings.simplefilter("ignore")
    import tensorflow as tf
    from tf_keras.src.legacy_tf_layers import normalization as legacy

    import compat_layers

    tf.get_logger().setLevel("ERROR")
    variants = {}
    for kind, L in (("legacy", legacy), ("compat", compat_layers)):
        fns = {"train step": _train_step(tf, L), **_forward(tf, L)}
        for name, fn in fns.items():
            variants.setdefault(name, {})[kind] = fn
    results = {}
    for name, pair in variants.items():
        times = {"legacy": [], "compat": []}
        for fn in pair.values():
            fn()
        for r in range(rounds):
            order = ("legacy", "compat") if r % 2 else ("compat", "legacy")
            for kind in order:
                start = time.perf_counter()
                for _ in range(40):
                    pair[kind]()
                times[kind].append((time.perf_counter() - start) / 40)
        pairs = zip(times["compat"], times["legacy"], strict=True)
        ratio = statistics.median(compat / legacy for compat, legacy in pairs)
        results[name] = (
            ratio,
            statistics.median(times["compat"]),
            statistics.median(times["legacy"]),
        )
    return results


def _build(tf, L, layers: int) -> dict[str, float]:
    v1 = tf.compat.v1
    with tf.Graph().as_default():
        h = v1.placeholder(tf.float32, [8, 4, 4, 8])
        training = v1.placeholder(tf.bool, [])
        marks = [time.perf_counter()]
        for index in range(layers):
            h = L.batch_normalization(h, training=training)
            if (index + 1) % 100 == 0:
                marks.append(time.perf_counter())
    chunks = [b - a for a, b in zip(marks, marks[1:], strict=False)]
    return {"build": marks[-1] - marks[0], "build growth": chunks[-1] / chunks[0]}


def worker(kind: str, out: str, layers: int) -> None:
    import warnings

    warnings.simplefilter("ignore")
    import tensorflow as tf

    tf.get_logger().setLevel("ERROR")
    if kind == "legacy":
        L = tf.compat.v1.layers
    else:
        import compat_layers as L
    result = _build(tf, L, layers)
    Path(out).write_text(json.dumps(result), encoding="utf-8")


# --------------------------------------------------------------------------------------------
# Driver.


def _run_worker(kind: str, layers: int) -> dict[str, float]:
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    env.pop("TF_USE_LEGACY_KERAS", None)
    if kind == "legacy":
        env["TF_USE_LEGACY_KERAS"] = "1"
    with tempfile.TemporaryDirectory() as tmp:
        out = str(Path(tmp) / "result.json")
        command = [sys.executable, __file__, "--worker", kind, "--out", out]
        command += ["--layers", str(layers)]
        subprocess.run(command, env=env, check=True)
        return json.loads(Path(out).read_text(encoding="utf-8"))


TARGETS = {
    "train step": ("<= 1.05x", lambda r: r <= 1.05),
    "fused forward": ("<= 1.05x", lambda r: r <= 1.05),
    "fused inference": ("<= 1.05x", lambda r: r <= 1.05),
    "eager forward": ("", None),
    "build": ("<= 0.33x (>= 3x faster)", lambda r: r <= 1 / 3),
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=3, help="legacy/compat worker pairs")
    parser.add_argument("--rounds", type=int, default=21, help="rounds of run-time timings")
    parser.add_argument("--layers", type=int, default=300, help="layers in the built graph")
    parser.add_argument("--worker", choices=("legacy", "compat"), help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        worker(args.worker, args.out, args.layers)
        return 0
    pairs = []
    for _ in range(args.pairs):
        pairs.append({k: _run_worker(k, args.layers) for k in ("legacy", "compat")})
    runtime = runtime_ratios(args.rounds)
    print("| measurement | compat / legacy | target | met | compat | legacy |")
    print("|---|---|---|---|---|---|")
    for name, (target, check) in TARGETS.items():
        if name in runtime:
            ratio, compat, legacy = runtime[name]
        else:
            ratio = statistics.median(p["compat"][name] / p["legacy"][name] for p in pairs)
            compat = statistics.median(p["compat"][name] for p in pairs)
            legacy = statistics.median(p["legacy"][name] for p in pairs)
        verdict = "" if check is None else ("yes" if check(ratio) else "**no**")
        print(
            f"| {name} | {ratio:.2f}x | {target} | {verdict} | "
            f"{compat * 1e3:.2f} ms | {legacy * 1e3:.2f} ms |"
        )
    for kind in ("compat", "legacy"):
        growth = statistics.median(p[kind]["build growth"] for p in pairs)
        print(
            f"| build: per-layer cost of layers 201-300 / 1-100, {kind} | {growth:.2f}x | "
            f"{'~1 (flat)' if kind == 'compat' else ''} | "
            f"{('yes' if growth <= 1.3 else '**no**') if kind == 'compat' else ''} | | |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
