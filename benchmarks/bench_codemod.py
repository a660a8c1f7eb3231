"""Ratio benchmark of `migrate.migrate_source` (issue 4).

Measured on generated TF1-style modules, interleaved over rounds, medians of per-round
ratios (a shared machine's drift cancels out):

  candidate / parse    migrate_source on a module with candidates, against libcst's
                       parse_module + code generation of the same text (the floor of any
                       libcst codemod). Metadata is resolved once per module.
  no-candidate / read  migrate_source on a module without candidates, against a plain
                       regex search of its text (the prefilter's floor).
  compat / keras       the two targets on the same candidate module.

Usage:
  python benchmarks/bench_codemod.py [--rounds 9] [--calls 200]
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import libcst as cst  # noqa: E402

from migrate import migrate_source  # noqa: E402

_BLOCK = '''
def block_{i}(x, training):
    """Residual block {i}."""
    with tf.variable_scope("block_{i}"):
        h = tf.layers.separable_conv1d(x, 64, 3, padding="SAME", activation=tf.nn.relu,
                                       depthwise_regularizer=tf.contrib.layers.l2_regularizer(1e-4),
                                       name="conv_a")
        h = tf.layers.batch_normalization(h, training=training)
        h = tf.layers.separable_conv1d(h, 64, 3, padding="causal", dilation_rate=2, name="conv_b")
        return x + h  # {i}
'''
_PLAIN = '''
def helper_{i}(values, scale=2.0):
    """Some unrelated utility {i}."""
    total = 0.0
    for v in values:
        total += float(v) * scale  # accumulate
    return {{"total": total, "count": len(values)}}
'''


def _module(template: str, blocks: int) -> str:
    return "import tensorflow.compat.v1 as tf\n" + "".join(
        template.format(i=i) for i in range(blocks)
    )


def _time(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument("--calls", type=int, default=200, help="candidate calls per module")
    args = parser.parse_args(argv)
    candidate = _module(_BLOCK, args.calls // 2)
    plain = _module(_PLAIN, args.calls // 2)
    pattern = re.compile(r"separable_?conv(?:olution)?_?1d", re.IGNORECASE)
    variants: dict[str, Callable[[], object]] = {
        "keras": lambda: migrate_source(candidate),
        "compat": lambda: migrate_source(candidate, target="compat"),
        "parse": lambda: cst.parse_module(candidate).code,
        "no-candidate": lambda: migrate_source(plain),
        "read": lambda: pattern.search(plain),
    }
    migrate_source(candidate)  # warm-up (imports, caches)
    rounds: list[dict[str, float]] = []
    names = list(variants)
    for r in range(args.rounds):
        order = names[r % len(names) :] + names[: r % len(names)]
        rounds.append({name: _time(variants[name]) for name in order})

    def ratio(a: str, b: str) -> float:
        return statistics.median(t[a] / t[b] for t in rounds)

    seconds = {name: statistics.median(t[name] for t in rounds) for name in names}
    print(f"module: {len(candidate.splitlines())} lines, {args.calls} candidate calls")
    for name in names:
        print(f"  {name:>13}: {seconds[name] * 1000:9.2f} ms (median)")
    print(f"candidate / parse    : {ratio('keras', 'parse'):6.2f}x")
    print(f"compat / keras       : {ratio('compat', 'keras'):6.2f}x")
    print(f"no-candidate / read  : {ratio('no-candidate', 'read'):6.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
