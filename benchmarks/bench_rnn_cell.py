"""Ratio benchmark of `compat_layers.rnn_cell` against TensorFlow's legacy cells (issue 11).

`tf.compat.v1.nn.dynamic_rnn` over 100 steps (batch 32, 128 units, input depth 128) with an
LSTMCell and a GRUCell, forward and forward+backward, in a v1 `Session` and in a
`tf.function`. The legacy cells only exist in a `TF_USE_LEGACY_KERAS=1` process, so they run
in a worker subprocess started by this script; the rounds alternate between the worker and
this process (one legacy sample, one compat sample, per variant and round), and each reported
number is the median over rounds of compat / legacy, so drifts of a shared machine cancel out.

The eager single-step figure compares one `LSTMCell` / `GRUCell` call with the same ops
written by hand (matmul, bias_add, split, activations) in this process.

Usage:
  python benchmarks/bench_rnn_cell.py [--rounds 7] [--calls 3]
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

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

v1 = tf.compat.v1
BATCH, STEPS, DEPTH, UNITS = 32, 100, 128, 128


def _seconds(fn: Callable[[], object], calls: int) -> float:
    start = time.perf_counter()
    for _ in range(calls):
        fn()
    return (time.perf_counter() - start) / calls


def _x() -> np.ndarray:
    return np.random.RandomState(0).uniform(-1, 1, (BATCH, STEPS, DEPTH)).astype(np.float32)


def _make_cell(C, kind: str):
    return C.LSTMCell(UNITS) if kind == "lstm" else C.GRUCell(UNITS)


def graph_variant(C, kind: str, backward: bool) -> Callable[[], object]:
    graph = tf.Graph()
    with graph.as_default():
        x = tf.constant(_x())
        outputs, _ = v1.nn.dynamic_rnn(_make_cell(C, kind), x, dtype=tf.float32)
        fetch = outputs
        if backward:
            fetch = tf.gradients(tf.reduce_sum(outputs**2), v1.trainable_variables())
        session = v1.Session(graph=graph)
        session.run(v1.global_variables_initializer())
    return lambda: session.run(fetch)


def function_variant(C, kind: str, backward: bool) -> Callable[[], object]:
    cell = _make_cell(C, kind)
    x = tf.constant(_x())

    # Eagerly, TF1 variable scopes are not made unique: each variant gets its own scope (the
    # legacy cells fail on a second cell under the same one, and so do these).
    scope = f"rnn_{kind}_{int(backward)}"

    @tf.function
    def forward():
        return v1.nn.dynamic_rnn(cell, x, dtype=tf.float32, scope=scope)[0]

    forward()  # creates the variables

    @tf.function
    def forward_backward():
        with tf.GradientTape() as tape:
            loss = tf.reduce_sum(forward() ** 2)
        return tape.gradient(loss, cell.trainable_weights)

    return forward_backward if backward else forward


def variants(C) -> dict[str, Callable[[], object]]:
    table = {}
    for mode, build in (("session", graph_variant), ("tf.function", function_variant)):
        for kind in ("lstm", "gru"):
            for backward in (False, True):
                name = f"{mode} {kind} {'fwd+bwd' if backward else 'fwd'}"
                table[name] = build(C, kind, backward)
    return table


def worker() -> None:
    """The legacy side: time the variant named on each stdin line, answer in seconds."""
    table = variants(v1.nn.rnn_cell)
    for fn in table.values():
        fn()
    print("ready", flush=True)
    for line in sys.stdin:
        name, calls = json.loads(line)
        print(json.dumps(_seconds(table[name], calls)), flush=True)


def eager_step_ratios(rounds: int) -> dict[str, float]:
    from compat_layers import rnn_cell

    rng = np.random.RandomState(1)
    x = tf.constant(rng.uniform(-1, 1, (BATCH, DEPTH)).astype(np.float32))
    h = tf.constant(rng.uniform(-1, 1, (BATCH, UNITS)).astype(np.float32))
    lstm, gru = rnn_cell.LSTMCell(UNITS), rnn_cell.GRUCell(UNITS)
    lstm_state = rnn_cell.LSTMStateTuple(h, h)
    lstm(x, lstm_state)
    gru(x, h)
    k, b = lstm.weights
    gk, gb, ck, cb = gru.weights

    def raw_lstm():
        i, j, f, o = tf.split(tf.nn.bias_add(tf.matmul(tf.concat([x, h], 1), k), b), 4, axis=1)
        c = tf.sigmoid(f + 1.0) * h + tf.sigmoid(i) * tf.tanh(j)
        return tf.sigmoid(o) * tf.tanh(c), c

    def raw_gru():
        gates = tf.sigmoid(tf.nn.bias_add(tf.matmul(tf.concat([x, h], 1), gk), gb))
        r, u = tf.split(gates, 2, axis=1)
        c = tf.tanh(tf.nn.bias_add(tf.matmul(tf.concat([x, r * h], 1), ck), cb))
        return u * h + (1 - u) * c

    pairs = {
        "eager lstm step": (lambda: lstm(x, lstm_state), raw_lstm),
        "eager gru step": (lambda: gru(x, h), raw_gru),
    }
    result = {}
    for name, (compat, raw) in pairs.items():
        ratios = [_seconds(compat, 200) / _seconds(raw, 200) for _ in range(rounds)]
        result[name] = statistics.median(ratios)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--calls", type=int, default=3)
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        worker()
        return 0
    env = dict(os.environ, TF_USE_LEGACY_KERAS="1")
    legacy = subprocess.Popen(
        [sys.executable, __file__, "--worker"],
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    from compat_layers import rnn_cell

    table = variants(rnn_cell)
    for fn in table.values():
        fn()
    assert legacy.stdout.readline().strip() == "ready"
    ratios: dict[str, list[float]] = {name: [] for name in table}
    best: dict[str, list[float]] = {name: [float("inf"), float("inf")] for name in table}

    def time_legacy(name: str) -> float:
        legacy.stdin.write(json.dumps([name, args.calls]) + "\n")
        legacy.stdin.flush()
        return json.loads(legacy.stdout.readline())

    for r in range(args.rounds):
        for name in table:
            # Never both at once; who goes first alternates between rounds.
            if r % 2 == 0:
                ours = _seconds(table[name], args.calls)
                theirs = time_legacy(name)
            else:
                theirs = time_legacy(name)
                ours = _seconds(table[name], args.calls)
            ratios[name].append(ours / theirs)
            best[name] = [min(best[name][0], ours), min(best[name][1], theirs)]
    legacy.stdin.close()
    legacy.wait()
    print(f"dynamic_rnn, {STEPS} steps, batch {BATCH}, {UNITS} units, median of {args.rounds}")
    # The median of paired ratios follows the typical round; the ratio of the fastest samples
    # is the least disturbed by other load on a shared machine.
    print(f"{'variant':<28} {'median ratio':>12} {'best / best':>12} {'legacy best':>12}")
    for name, values in ratios.items():
        ours, theirs = best[name]
        print(
            f"{name:<28} {statistics.median(values):>11.3f}x {ours / theirs:>11.3f}x "
            f"{theirs * 1e3:>9.1f} ms"
        )
    for name, value in eager_step_ratios(args.rounds).items():
        print(f"{name:<28} {value:>11.3f}x (compat / raw ops)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
