"""Re-record the golden data with TensorFlow's legacy layers: a dry run unless asked to write.

Usage:

    python -m golden.generate                       # dry run: re-record, compare with golden/data
    python -m golden.generate --write               # rewrite golden/data (read golden/README.md)
    python -m golden.generate --layer Conv2D        # limit to layers (repeatable)
    python -m golden.generate --only conv2d-valid-float32   # limit to cases (repeatable)

Every selected case runs in ONE subprocess with `TF_USE_LEGACY_KERAS=1`
(`golden.reference.run_reference`), each in its own `tf.Graph` run by a
`tf.compat.v1.Session`, with the case's NumPy weights assigned into the legacy layer's
variables (`golden.harness.run_graph`). The same process runs every case a second time
eagerly: the legacy layer's own eager result, compared bit for bit with its graph result,
says whether bit-identity can be asked of an implementation in every mode.

Channels_first cases run natively where TensorFlow's CPU kernels have NCHW; where an op
lacks it they run on the channels_last transpose, the output and input gradient transposed
back (`golden.record`; index.json records the route per case).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from golden import store
from golden.cases import CASES, SPECS, Case, case_by_name, make_arrays, result_names
from golden.reference import run_reference
from golden.tolerances import TOLERANCES, max_diff

__all__ = ["compare_case", "input_names", "main", "run_cases"]

FORMAT_VERSION = 2
ROOT = Path(__file__).resolve().parent.parent

# Executed inside the reference process (see golden/reference.py for INPUTS and save()).
_SCRIPT = """
import sys

sys.path.insert(0, ROOT)
from golden.record import record_cases

arrays, info = record_cases(NAMES, INPUTS)
save(**arrays)
save_json(info)
"""


def input_names(case: Case) -> tuple[str, ...]:
    """The arrays that go into the reference: input, cotangent and the weights."""
    extra = (f"cotangent_{name}" for name, _ in case.extra_outputs)
    return ("x", "cotangent", *extra, *(w.name for w in case.weights))


def run_cases(
    cases: Sequence[Case], inputs: dict[str, dict[str, np.ndarray]]
) -> tuple[dict[str, dict[str, np.ndarray]], dict]:
    """Run the reference for `cases` in one subprocess.

    Args:
      cases: the cases to run.
      inputs: per case name, its arrays (`x`, `cotangent` and the weights; extra keys are
        ignored).

    Returns:
      `(results, info)`: per case name, the reference's results (`output`, gradients,
      updated moving statistics); and the reference's versions, per case the status of the
      legacy layer's eager run ("identical", "differs by ...", "fails", "graph only"), the
      channels_first probe and any batch norm whose fused choice the registry mispredicts.

    Raises:
      golden.reference.ReferenceError: the reference process failed.
    """
    flat = {
        f"{case.name}__{key}": inputs[case.name][key] for case in cases for key in input_names(case)
    }
    names = [case.name for case in cases]
    script = f"ROOT = {str(ROOT)!r}\nNAMES = {names!r}\n" + _SCRIPT
    result = run_reference(script, inputs=flat)
    results: dict[str, dict[str, np.ndarray]] = {case.name: {} for case in cases}
    for key, value in result.arrays.items():
        name, array_name = key.split("__", 1)
        results[name][array_name] = value
    return results, result.json


def compare_case(
    case: Case, fresh: dict[str, np.ndarray], stored: dict[str, np.ndarray] | None, entry
) -> tuple[str | None, bool]:
    """Compare the stored data of `case` with freshly recorded arrays.

    Args:
      case: the registered case.
      fresh: its inputs (from `make_arrays`) and the reference's results.
      stored: its arrays in golden/data, or None when not stored.
      entry: its entry in index.json, or None.

    Returns:
      `(problem, exact)`: problem is None when the stored case has the same configuration,
      arrays matching their digest, identical inputs and results within tolerance, and
      otherwise a short description of the first difference; exact says whether every
      array is bit for bit the stored one.
    """
    if entry is None or stored is None:
        return "not stored", False
    if entry["config"] != case.config_digest():
        return "configuration changed", False
    if store.arrays_digest(stored) != entry["digest"]:
        return "arrays do not match their digest in index.json", False
    if sorted(stored) != sorted(fresh):
        return f"arrays {sorted(stored)} != {sorted(fresh)}", False
    for key in input_names(case):
        if not np.array_equal(stored[key], fresh[key]):
            return f"input {key} changed (NumPy's random stream?)", False
    tol = TOLERANCES[case.dtype]
    for key in result_names(case):
        if stored[key].shape != fresh[key].shape or not np.allclose(
            fresh[key].astype(np.float64), stored[key].astype(np.float64), tol.rtol, tol.atol
        ):
            return f"{key} differs by {max_diff(fresh[key], stored[key]):.3g}", False
    exact = all(
        stored[k].dtype == v.dtype and np.array_equal(stored[k], v) for k, v in fresh.items()
    )
    return None, exact


def _stored(case: Case, data_dir: Path) -> dict[str, np.ndarray] | None:
    try:
        return store.load_arrays(case, data_dir)
    except KeyError:
        return None


def _stale(data_dir: Path) -> list[str]:
    """Stored files and variants that no registered case owns."""
    if not data_dir.exists():
        return []
    files = {store.file_name(layer) for layer in SPECS}
    stale = sorted(p.name for p in data_dir.glob("*.npz") if p.name not in files)
    variants = {(store.file_name(c.layer), c.variant) for c in CASES}
    for name in sorted(files):
        path = data_dir / name
        if path.exists():
            stale += [
                f"{name}:{v}" for v in store.read_layer_file(path) if (name, v) not in variants
            ]
    return stale


def _write(cases, fresh, info, data_dir: Path, index: dict, prune: bool) -> None:
    data_dir.mkdir(parents=True, exist_ok=True)
    entries = dict(index.get("cases", {}))
    files = dict(index.get("files", {}))
    registered = {c.name for c in CASES}
    for layer in sorted({case.layer for case in cases}):
        path = data_dir / store.file_name(layer)
        current = store.read_layer_file(path) if path.exists() else {}
        if prune:
            current = {v: a for v, a in current.items() if f"{_snake(layer)}-{v}" in registered}
        for case in (c for c in cases if c.layer == layer):
            current[case.variant] = fresh[case.name]
            entry = {
                "config": case.config_digest(),
                "digest": store.arrays_digest(fresh[case.name]),
            }
            entry["eager"] = info["eager"][case.name]
            if case.channels_first:
                entry["channels_first"] = info["channels_first"][case.name]
            if case.spec.reference(case) != f"tf.compat.v1.layers.{layer}":
                entry["reference"] = case.spec.reference(case)
            entries[case.name] = entry
        flat = {f"{v}/{k}": a for v, arrays in current.items() for k, a in arrays.items()}
        store.write_npz(path, flat)
        files[path.name] = {"sha256": store.sha256_file(path), "cases": len(current)}
    if prune:
        entries = {name: e for name, e in entries.items() if name in registered}
        for stale in data_dir.glob("*.npz"):
            if stale.name not in {store.file_name(layer) for layer in SPECS}:
                stale.unlink()
                files.pop(stale.name, None)
    index = {
        "format_version": FORMAT_VERSION,
        "generator": "python -m golden.generate --write",
        "function": "loss = sum(output * cotangent); grad_<name> = d loss / d <name>; "
        "updated_<name>: moving statistic after one training update",
        "reference": {
            "tensorflow": info["tensorflow"],
            "tf_keras": info["tf_keras"],
            "numpy": info["numpy"],
            "mode": "tf.Graph + tf.compat.v1.Session per case, one TF_USE_LEGACY_KERAS=1 process",
            "channels_first_cpu_probe": info["channels_first_cpu_probe"],
            # Distinct op errors met on the way (channels_first routes, eager runs).
            "failures": sorted(
                set(info["failures"])
                | set([] if prune else index.get("reference", {}).get("failures", []))
            ),
        },
        "tolerances": {d: {"rtol": t.rtol, "atol": t.atol} for d, t in TOLERANCES.items()},
        "files": dict(sorted(files.items())),
        "cases": dict(sorted(entries.items())),
    }
    store.write_index(index, data_dir)


def _snake(layer: str) -> str:
    return store.file_name(layer)[: -len(".npz")]


def main(argv: Sequence[str] | None = None) -> int:
    """Command line entry point; returns the process exit status.

    Args:
      argv: arguments without the program name (default: `sys.argv[1:]`).

    Returns:
      0 when every stored case is reproduced bit for bit (dry run; with `--tolerance`,
      within tolerance) or the data was written (`--write`); 1 otherwise.
    """
    parser = argparse.ArgumentParser(prog="python -m golden.generate", description=__doc__)
    parser.add_argument("--write", action="store_true", help="rewrite the golden data")
    parser.add_argument("--only", action="append", metavar="CASE", help="limit to these cases")
    parser.add_argument("--layer", action="append", metavar="LAYER", help="limit to layers")
    parser.add_argument(
        "--tolerance", action="store_true", help="dry run: accept results within tolerance"
    )
    parser.add_argument("--data-dir", type=Path, default=store.DATA_DIR)
    args = parser.parse_args(argv)

    try:
        cases = [case_by_name(name) for name in args.only or []]
    except KeyError as error:
        parser.error(error.args[0])
    unknown = sorted(set(args.layer or []) - set(SPECS))
    if unknown:
        parser.error(f"no golden layer {unknown}")
    cases += [c for c in CASES if c.layer in (args.layer or [])]
    if not args.only and not args.layer:
        cases = list(CASES)
    data_dir: Path = args.data_dir
    inputs = {case.name: make_arrays(case) for case in cases}
    print(f"running the reference for {len(cases)} cases in one subprocess ...", flush=True)
    results, info = run_cases(cases, inputs)
    if info["fused_mismatches"]:
        print(f"registry mispredicts the fused choice of {info['fused_mismatches']}")
        return 1
    fresh = {case.name: {**inputs[case.name], **results[case.name]} for case in cases}
    index_path = data_dir / store.INDEX_NAME
    index = store.load_index(data_dir) if index_path.exists() else {}
    full = not args.only and not args.layer
    stale = _stale(data_dir) if full else []

    if args.write:
        _write(cases, fresh, info, data_dir, index, prune=full)
        total = sum(p.stat().st_size for p in data_dir.iterdir())
        print(f"wrote {len(cases)} cases to {data_dir} ({total / 1024:.0f} KiB in all)")
        return 0

    entries = index.get("cases", {})
    accepted = exact_count = 0
    for case in cases:
        problem, exact = compare_case(
            case, fresh[case.name], _stored(case, data_dir), entries.get(case.name)
        )
        if problem is None and not exact and not args.tolerance:
            problem = "within tolerance but not bit for bit"
        if problem is not None:
            print(f"  would write {case.name}: {problem}")
        accepted += problem is None
        exact_count += exact
    for name in stale:
        print(f"  would delete {name}: no registered case")
    print(
        f"dry run: {accepted}/{len(cases)} stored cases match the reference "
        f"({exact_count} bit for bit); TensorFlow {info['tensorflow']}"
    )
    return 0 if accepted == len(cases) and not stale else 1


if __name__ == "__main__":
    sys.exit(main())
