"""Ratio benchmark of every `compat_layers` convolution against its baselines (issue 9).

One row per layer and measurement, each the median over interleaved rounds of the ratio
between two variants timed in the same round (timing helpers of `bench_layer.py`):

  tf.function forward      compat / the raw TensorFlow ops of the layer, same order (<= 1.05x)
  forward+backward         compat / TensorFlow's legacy layer (<= 1.00x)
  eager small call         compat / raw ops (<= 1.20x)
  v1 graph build           legacy / compat for a stack of N layers (>= 3x), with the
                           per-layer cost of the last third / first third (flat: <= 1.2x)
  reuse=True rebuild       legacy / compat (>= 5x)
  session.run              compat / legacy, same graph of 20 layers (<= 1.05x)

The legacy layers are imported from tf-keras in this process (the benchmark may; library
code never does).

Usage:
  python benchmarks/bench_conv.py [--rounds 7] [--graph-rounds 1] [--layers 300]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
import warnings
from collections.abc import Callable

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
from bench_layer import _median_ratio, _row, legacy_layers, paired_ratio  # noqa: E402

import compat_layers  # noqa: E402

v1 = tf.compat.v1
# CPU seconds of this process: on a shared machine other processes' load would swamp wall
# time, while the work a variant does is what the ratios compare.
_clock = time.process_time


def interleaved(variants: dict[str, Callable[[], object]], rounds: int, calls: int) -> dict:
    """CPU seconds per call of every variant, one sample per round, order rotating."""
    names = list(variants)
    for fn in variants.values():  # warm-up: tracing, first allocations
        fn()
    samples: dict[str, list[float]] = {name: [] for name in names}
    for r in range(rounds):
        for name in names[r % len(names) :] + names[: r % len(names)]:
            start = _clock()
            for _ in range(calls):
                variants[name]()
            samples[name].append((_clock() - start) / calls)
    return samples


# class, functional form, big input, small input, arguments (also of the graph stacks)
SPECS = [
    ("Conv1D", "conv1d", (16, 512, 32), (1, 16, 8), {"kernel_size": 5}),
    ("Conv2D", "conv2d", (8, 48, 48, 16), (1, 8, 8, 4), {"kernel_size": 3}),
    ("Conv3D", "conv3d", (2, 16, 16, 16, 8), (1, 4, 4, 4, 4), {"kernel_size": 3}),
    ("Conv2DTranspose", "conv2d_transpose", (8, 24, 24, 16), (1, 8, 8, 4), {"kernel_size": 3}),
    ("Conv3DTranspose", "conv3d_transpose", (2, 8, 8, 8, 8), (1, 4, 4, 4, 4), {"kernel_size": 3}),
    ("SeparableConv1D", "separable_conv1d", (16, 512, 32), (1, 16, 8), {"kernel_size": 5}),
    ("SeparableConv2D", "separable_conv2d", (8, 48, 48, 16), (1, 8, 8, 4), {"kernel_size": 3}),
]


def _raw(layer) -> Callable:
    """The layer's TensorFlow ops written out, on the layer's own variables."""
    rank = layer.rank
    if hasattr(layer, "depthwise_kernel"):
        if rank == 2:
            return lambda x: tf.nn.bias_add(
                tf.nn.separable_conv2d(
                    x, layer.depthwise_kernel, layer.pointwise_kernel, [1, 1, 1, 1], "SAME"
                ),
                layer.bias,
            )
        return lambda x: tf.nn.bias_add(
            tf.squeeze(
                tf.compat.v1.nn.separable_conv2d(
                    tf.expand_dims(x, 1),
                    tf.expand_dims(layer.depthwise_kernel, 0),
                    tf.expand_dims(layer.pointwise_kernel, 0),
                    [1, 1, 1, 1],
                    "SAME",
                ),
                [1],
            ),
            layer.bias,
        )
    if type(layer).__name__.endswith("Transpose"):
        op = tf.nn.conv2d_transpose if rank == 2 else tf.nn.conv3d_transpose
        return lambda x: tf.nn.bias_add(
            op(x, layer.kernel, [*x.shape[:-1], layer.filters], [1] * (rank + 2), "SAME"),
            layer.bias,
        )
    return lambda x: tf.nn.bias_add(tf.nn.convolution(x, layer.kernel, padding="SAME"), layer.bias)


def _variants(cls: str, shape: tuple, kwargs: dict) -> dict[str, Callable]:
    compat = getattr(compat_layers, cls)(filters=shape[-1], padding="same", **kwargs)
    compat.build(shape)
    weights = [
        np.random.RandomState(i).uniform(-0.1, 0.1, w.shape).astype(np.float32)
        for i, w in enumerate(compat.get_weights())
    ]
    compat.set_weights(weights)
    legacy = getattr(legacy_layers, cls)(filters=shape[-1], padding="same", **kwargs)
    legacy.build(shape)
    legacy.set_weights(weights)
    raw = _raw(compat)
    raw.trainable_variables = compat.trainable_weights
    return {"compat": compat, "raw": raw, "legacy": legacy}


def _compiled(layers: dict, x: tf.Tensor, backward: bool) -> dict[str, Callable]:
    fns = {}
    for name, layer in layers.items():
        variables = list(getattr(layer, "trainable_variables", None) or layer.trainable_weights)

        @tf.function
        def step(t, layer=layer, variables=variables):
            if not backward:
                return layer(t)
            with tf.GradientTape() as tape:
                tape.watch(t)
                loss = tf.reduce_sum(tf.square(layer(t)))
            return tape.gradient(loss, [t, *variables])

        fns[name] = lambda step=step: step(x)
    return fns


def _graph(module, fn: str, shape: tuple, kwargs: dict, layers: int) -> dict:
    """Build `layers` stacked layers in a fresh graph and rebuild them with reuse=True; return
    the times and a session.run of the first 20 layers."""
    make = getattr(module, fn)
    thirds = layers // 3
    graph = tf.Graph()
    with graph.as_default():
        x = v1.placeholder(tf.float32, shape)
        h, marks, head = x, [_clock()], None
        for i in range(layers):
            h = make(h, shape[-1], padding="same", name=f"l{i}", **kwargs)
            head = h if i == 19 else head
            if (i + 1) % thirds == 0:
                marks.append(_clock())
        start = _clock()
        h = x
        for i in range(layers):
            h = make(h, shape[-1], padding="same", name=f"l{i}", reuse=True, **kwargs)
        rebuild = _clock() - start
        session = v1.Session(graph=graph)
        session.run(v1.global_variables_initializer())
    feed = {x: np.random.RandomState(0).randn(*shape).astype(np.float32)}
    return {
        "build": marks[-1] - marks[0],
        "first": (marks[1] - marks[0]) / thirds,
        "last": (marks[-1] - marks[-2]) / thirds,
        "rebuild": rebuild,
        "run": lambda: session.run(head, feed),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7, help="rounds of the timed calls")
    parser.add_argument("--graph-rounds", type=int, default=2, help="rounds of graph builds")
    parser.add_argument("--layers", type=int, default=300, help="layers in the v1 graphs")
    parser.add_argument("--only", nargs="*", help="layer classes to measure (default: all)")
    args = parser.parse_args(argv)
    warnings.simplefilter("ignore")
    tf.get_logger().setLevel("ERROR")
    print(
        f"TensorFlow {tf.__version__}, {os.cpu_count()} CPUs, {args.rounds} rounds "
        f"({args.graph_rounds} for graph builds), medians of paired CPU-time ratios\n"
    )
    print("| measurement | ratio | target | met | note |")
    print("|---|---|---|---|---|", flush=True)
    missed = []

    def emit(row: str) -> None:
        print(row, flush=True)
        if "**no**" in row:
            missed.append(row)

    for cls, fn, big, small, kwargs in SPECS:
        if args.only and cls not in args.only:
            continue
        layers = _variants(cls, big, kwargs)
        x = tf.constant(np.random.RandomState(0).randn(*big).astype(np.float32))
        forward = _compiled(layers, x, backward=False)
        diff = float(np.max(np.abs(forward["compat"]().numpy() - forward["legacy"]().numpy())))
        s = interleaved(forward, args.rounds, calls=2)
        ratio = paired_ratio(s, "compat", "raw")
        emit(
            _row(
                f"{cls}: tf.function forward, compat / raw ops",
                ratio,
                "<= 1.05x",
                ratio <= 1.05,
                f"compat vs legacy max |diff| {diff:.1e}",
            )
        )
        s = interleaved(_compiled(layers, x, backward=True), args.rounds, calls=2)
        ratio = paired_ratio(s, "compat", "legacy")
        emit(_row(f"{cls}: forward+backward, compat / legacy", ratio, "<= 1.00x", ratio <= 1.0))
        tiny = _variants(cls, small, kwargs)
        x_small = tf.constant(np.random.RandomState(1).randn(*small).astype(np.float32))
        eager = {n: (lambda f=f, t=x_small: f(t)) for n, f in tiny.items()}
        s = interleaved(eager, args.rounds, calls=100)
        ratio = paired_ratio(s, "compat", "raw")
        emit(
            _row(
                f"{cls}: eager call {small}, compat / raw ops",
                ratio,
                "<= 1.20x",
                ratio <= 1.2,
                f"{statistics.median(s['compat']) * 1e6:.0f} us per call",
            )
        )
        graph_shape = (1, *small[1:])
        g: dict[str, dict[str, list]] = {"compat": {}, "legacy": {}}
        for r in range(args.graph_rounds):
            for kind in ["compat", "legacy"] if r % 2 == 0 else ["legacy", "compat"]:
                module = compat_layers if kind == "compat" else legacy_layers
                for key, value in _graph(module, fn, graph_shape, kwargs, args.layers).items():
                    g[kind].setdefault(key, []).append(value)
        runs = interleaved({k: g[k]["run"][-1] for k in g}, args.rounds, calls=10)
        build = _median_ratio(g["legacy"]["build"], g["compat"]["build"])
        emit(
            _row(
                f"{cls}: v1 graph of {args.layers}, legacy / compat build",
                build,
                ">= 3x",
                build >= 3,
                f"compat {statistics.median(g['compat']['build']):.2f} s",
            )
        )
        growth = _median_ratio(g["compat"]["last"], g["compat"]["first"])
        emit(
            _row(
                f"{cls}: compat cost per layer, last / first third",
                growth,
                "<= 1.2x",
                growth <= 1.2,
                f"{statistics.median(g['compat']['first']) * 1e3:.2f} -> "
                f"{statistics.median(g['compat']['last']) * 1e3:.2f} ms",
            )
        )
        rebuild = _median_ratio(g["legacy"]["rebuild"], g["compat"]["rebuild"])
        emit(_row(f"{cls}: reuse=True rebuild, legacy / compat", rebuild, ">= 5x", rebuild >= 5))
        run = paired_ratio(runs, "compat", "legacy")
        emit(_row(f"{cls}: session.run (20 layers), compat / legacy", run, "<= 1.05x", run <= 1.05))
    return 0 if not missed else 1


if __name__ == "__main__":
    sys.exit(main())
