"""Ratio benchmark of `compat_layers.Dense` and the pooling layers (issue 9).

In-process ratios compare the layer with the raw TensorFlow ops it runs (same order),
timed in interleaved rounds; each number is the median over rounds of a paired ratio.
The v1-graph ratios compare with TensorFlow's legacy `tf.compat.v1.layers`, which only
runs under `TF_USE_LEGACY_KERAS=1`: each implementation builds and runs its graph in a
fresh worker process of this script, the legacy, compat and raw-floor workers (the same
variables and ops with no layer) taking turns.

Usage:
  python benchmarks/bench_core.py [--rounds 15] [--graph-rounds 2] [--layers 300]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")


def _timed(fn: Callable[[], object], calls: int) -> float:
    start = time.perf_counter()
    for _ in range(calls):
        fn()
    return (time.perf_counter() - start) / calls


def interleaved(variants: dict[str, Callable[[], object]], rounds: int, calls: int) -> dict:
    """Seconds per call of each variant, one sample per round, order rotating each round."""
    names = list(variants)
    for fn in variants.values():
        fn()  # tracing and first allocations
    samples: dict[str, list[float]] = {name: [] for name in names}
    for r in range(rounds):
        for name in names[r % len(names) :] + names[: r % len(names)]:
            samples[name].append(_timed(variants[name], calls))
    return samples


def paired(samples: dict, numerator: str, denominator: str) -> float:
    return statistics.median(
        n / d for n, d in zip(samples[numerator], samples[denominator], strict=True)
    )


# ------------------------------------------------------------------------------------------
# Graph worker: run in a subprocess, prints one JSON line.


def graph_worker(layers: int) -> dict[str, float]:
    import numpy as np
    import tensorflow as tf

    v1 = tf.compat.v1
    kind = os.environ["BENCH_CORE_KIND"]
    if kind == "legacy":
        dense, pool = v1.layers.dense, v1.layers.max_pooling2d
    elif kind == "compat":
        import compat_layers

        dense, pool = compat_layers.dense, compat_layers.max_pooling2d
    else:  # the raw floor: the same variables and ops without any layer

        def dense(h, units, activation, name):
            with v1.variable_scope(name):
                kernel = v1.get_variable("kernel", [h.shape[-1], units])
                bias = v1.get_variable("bias", [units], initializer=v1.zeros_initializer())
                return activation(tf.nn.bias_add(tf.matmul(h, kernel), bias))

        def pool(h, size, strides):
            return v1.nn.max_pool(h, (1, size, size, 1), (1, strides, strides, 1), "VALID")

    import warnings

    warnings.simplefilter("ignore")

    def build(reuse: bool) -> tuple[float, list[float], tf.Tensor]:
        per_third, h = [], x
        start = time.perf_counter()
        with v1.variable_scope("net", reuse=reuse):
            for i in range(layers):
                h = dense(h, 32, activation=tf.nn.relu, name=f"d{i}")
                if (i + 1) % (layers // 3) == 0:
                    per_third.append(time.perf_counter() - start - sum(per_third))
        return time.perf_counter() - start, per_third, h

    with tf.Graph().as_default():
        x = v1.placeholder(tf.float32, [8, 32])
        built, thirds, y = build(False)
        rebuilt, _, _ = build(True)
        pooled = pool(tf.reshape(y, [8, 4, 8, 1]), 2, 2)
        with v1.Session() as sess:
            sess.run(v1.global_variables_initializer())
            feed = {x: np.ones([8, 32], np.float32)}
            for _ in range(20):
                sess.run([y, pooled], feed)
            runs = [_timed(lambda: sess.run([y, pooled], feed), 50) for _ in range(5)]
    return {
        "build": built,
        "rebuild": rebuilt,
        "flatness": thirds[-1] / thirds[0],
        "run": min(runs),
    }


def graph_samples(layers: int, rounds: int) -> dict[str, list[dict[str, float]]]:
    kinds = ["compat", "legacy", "raw floor"]
    samples: dict[str, list[dict[str, float]]] = {kind: [] for kind in kinds}
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    for r in range(rounds):
        for kind in kinds[r % 3 :] + kinds[: r % 3]:
            env = dict(os.environ, PYTHONPATH=root + os.pathsep + os.environ.get("PYTHONPATH", ""))
            env["TF_USE_LEGACY_KERAS"] = "1" if kind == "legacy" else "0"
            env["BENCH_CORE_KIND"] = kind
            out = subprocess.run(
                [sys.executable, __file__, "--graph-worker", "--layers", str(layers)],
                env=env,
                capture_output=True,
                text=True,
                check=True,
            )
            samples[kind].append(json.loads(out.stdout.strip().splitlines()[-1]))
    return samples


# ------------------------------------------------------------------------------------------
# In-process ratios.


def forward_samples(rounds: int) -> dict[str, dict]:
    import numpy as np
    import tensorflow as tf

    import compat_layers

    dense = compat_layers.Dense(64, activation=tf.nn.relu)  # as TF1 code passes it
    x = tf.constant(np.random.RandomState(0).rand(32, 128).astype(np.float32))
    dense(x)
    kernel, bias = dense.kernel, dense.bias

    def raw_dense(t):
        return tf.nn.relu(tf.nn.bias_add(tf.matmul(t, kernel), bias))

    pool = compat_layers.MaxPooling2D(2, 2)
    img = tf.constant(np.random.RandomState(1).rand(8, 32, 32, 16).astype(np.float32))

    def raw_pool(t):
        return tf.compat.v1.nn.max_pool(t, (1, 2, 2, 1), (1, 2, 2, 1), "VALID")

    small = tf.constant(np.ones([1, 128], np.float32))
    small_img = tf.constant(np.ones([1, 4, 4, 2], np.float32))
    traced = {name: tf.function(fn) for name, fn in (("dense", dense), ("raw_dense", raw_dense))}
    traced.update(pool=tf.function(pool), raw_pool=tf.function(raw_pool))
    fns = {
        "dense tf.function": {
            "compat": lambda: traced["dense"](x),
            "raw": lambda: traced["raw_dense"](x),
        },
        "pool tf.function": {
            "compat": lambda: traced["pool"](img),
            "raw": lambda: traced["raw_pool"](img),
        },
        "dense eager small": {"compat": lambda: dense(small), "raw": lambda: raw_dense(small)},
        "pool eager small": {"compat": lambda: pool(small_img), "raw": lambda: raw_pool(small_img)},
    }
    return {
        name: interleaved(variants, rounds, 200 if "eager" in name else 100)
        for name, variants in fns.items()
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--graph-rounds", type=int, default=2)
    parser.add_argument("--layers", type=int, default=300)
    parser.add_argument("--graph-worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.graph_worker:
        print(json.dumps(graph_worker(args.layers)))
        return 0

    rows = []
    for name, samples in forward_samples(args.rounds).items():
        target = 1.05 if "function" in name else 1.2
        ratio = paired(samples, "compat", "raw")
        rows.append((f"{name}, compat / raw ops", ratio, f"<= {target}x", ratio <= target))

    g = graph_samples(args.layers, args.graph_rounds)

    def median(kind: str, key: str) -> float:
        return statistics.median(s[key] for s in g[kind])

    speed = median("legacy", "build") / median("compat", "build")
    rows.append((f"v1 build of {args.layers} dense, legacy / compat", speed, ">= 3x", speed >= 3))
    floor = median("compat", "build") / median("raw floor", "build")
    rows.append(("v1 build, compat / raw floor (get_variable + ops)", floor, "", None))
    flat = median("compat", "flatness")
    rows.append(("compat build, last third / first third", flat, "~1 (flat)", flat <= 1.5))
    rows.append(("legacy build, last third / first third", median("legacy", "flatness"), "", None))
    rebuild = median("legacy", "rebuild") / median("compat", "rebuild")
    rows.append(("reuse=True rebuild, legacy / compat", rebuild, ">= 5x", rebuild >= 5))
    rows.append(
        (
            "reuse=True rebuild, compat / raw floor",
            median("compat", "rebuild") / median("raw floor", "rebuild"),
            "",
            None,
        )
    )
    run = median("compat", "run") / median("legacy", "run")
    rows.append(("session.run (dense chain + pool), compat / legacy", run, "<= 1.05x", run <= 1.05))

    print(f"| {'measure':<52} | ratio | target | met |")
    print(f"|{'-' * 54}|-------|--------|-----|")
    for what, value, target, ok in rows:
        met = "" if ok is None else ("yes" if ok else "NO")
        print(f"| {what:<52} | {value:5.2f} | {target:<6} | {met:<3} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
