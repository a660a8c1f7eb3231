"""The generator: its dry run is exact, its files reproducible, and it notices every drift.

One reference process for the module (`recorded`): the dry run's own path (seeded inputs,
`generate.run_cases`) on a deterministic subset of the registry: the first case of every
layer in every dtype, the first channels_first, the first training case and the first case
with runner arguments (an RNN cell's `sequence_length`) of every layer, and every Dropout
case (so a whole layer file can be rewritten and compared byte for byte).
The full dry run (`python -m golden.generate`, 484 cases, graph and eager) takes about 60 s
of CPU, more than this suite allows itself; run it before regenerating.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from golden import generate, store
from golden.cases import CASES, Case, case_by_name, make_arrays
from golden.tolerances import TOLERANCES

INDEX = store.load_index()


def _subset() -> list[Case]:
    chosen: dict[str, Case] = {}
    for case in CASES:
        keys = [
            f"{case.layer} {case.dtype}",
            f"{case.layer} channels_first" if case.channels_first else None,
            f"{case.layer} training" if case.training else None,
            f"{case.layer} call" if case.call else None,
            case.name if case.layer == "Dropout" else None,
        ]
        for key in filter(None, keys):
            chosen.setdefault(key, case)
    return sorted(set(chosen.values()), key=CASES.index)


SUBSET = _subset()


@pytest.fixture(scope="module")
def recorded() -> tuple[dict, dict, dict]:
    inputs = {case.name: make_arrays(case) for case in SUBSET}
    results, info = generate.run_cases(SUBSET, inputs)
    fresh = {case.name: {**inputs[case.name], **results[case.name]} for case in SUBSET}
    return fresh, results, info


def test_subset_covers_every_layer_dtype_format_and_mode() -> None:
    assert {c.layer for c in SUBSET} == {c.layer for c in CASES}
    assert {(c.layer, c.dtype) for c in SUBSET} == {(c.layer, c.dtype) for c in CASES}
    assert {c.layer for c in SUBSET if c.channels_first} == {
        c.layer for c in CASES if c.channels_first
    }
    assert {c.layer for c in SUBSET if c.training} == {c.layer for c in CASES if c.training}
    assert {c.layer for c in SUBSET if c.call} == {c.layer for c in CASES if c.call}
    assert {c.family for c in SUBSET} == {c.family for c in CASES}
    assert len(SUBSET) < len(CASES) / 4


@pytest.mark.reference
@pytest.mark.parametrize("case", SUBSET, ids=lambda c: c.name)
def test_dry_run_reproduces_stored_case_bit_for_bit(case: Case, recorded) -> None:
    fresh, _, info = recorded
    entry = INDEX["cases"][case.name]
    problem, exact = generate.compare_case(case, fresh[case.name], store.load_arrays(case), entry)
    assert problem is None
    assert exact, f"{case.name}: within tolerance but not bit for bit"
    # The legacy layer's own eager-vs-graph status and channels_first route are stable too.
    assert info["eager"][case.name] == entry["eager"]
    if case.channels_first:
        assert info["channels_first"][case.name] == entry["channels_first"]
    assert not info["fused_mismatches"]


@pytest.mark.reference
def test_write_reproduces_a_layer_file_byte_for_byte(tmp_path: Path, recorded) -> None:
    fresh, _, info = recorded
    dropout = [case for case in SUBSET if case.layer == "Dropout"]
    assert len(dropout) == sum(case.layer == "Dropout" for case in CASES)
    generate._write(dropout, fresh, info, tmp_path, {}, prune=False)
    written = store.load_index(tmp_path)
    name = store.file_name("Dropout")
    assert written["files"][name] == INDEX["files"][name]
    for case in dropout:
        assert written["cases"][case.name] == INDEX["cases"][case.name]


@pytest.mark.reference
def test_main_dry_run_exit_status(monkeypatch, tmp_path: Path, capsys, recorded) -> None:
    _, results, info = recorded
    names = [case.name for case in SUBSET[:3]]
    monkeypatch.setattr(generate, "run_cases", lambda cases, inputs: (results, info))
    argv = [arg for name in names for arg in ("--only", name)]
    assert generate.main(argv) == 0
    assert "3/3 stored cases match the reference (3 bit for bit)" in capsys.readouterr().out
    # A data folder without those cases: the dry run says what it would write, and fails.
    assert generate.main([*argv, "--data-dir", str(tmp_path)]) == 1
    assert f"would write {names[0]}: not stored" in capsys.readouterr().out


def test_main_rejects_unknown_cases_and_layers() -> None:
    with pytest.raises(SystemExit):
        generate.main(["--only", "conv2d-no-such-case"])
    with pytest.raises(SystemExit):
        generate.main(["--layer", "Conv4D"])


def _stored(name: str) -> tuple[Case, dict, dict]:
    case = case_by_name(name)
    return case, store.load_arrays(case), INDEX["cases"][name]


def test_compare_accepts_the_stored_data() -> None:
    case, stored, entry = _stored("conv2d-valid-float32")
    assert generate.compare_case(case, store.load_arrays(case), stored, entry) == (None, True)


@pytest.mark.parametrize("dtype", sorted(TOLERANCES))
def test_compare_reports_a_result_out_of_tolerance(dtype: str) -> None:
    case, stored, entry = _stored(f"dense-rank3-{dtype}")
    fresh = store.load_arrays(case)
    tol = TOLERANCES[dtype]
    fresh["grad_kernel"][0, 0] += 10 * (tol.atol + tol.rtol)
    problem, exact = generate.compare_case(case, fresh, stored, entry)
    assert problem.startswith("grad_kernel differs by") and not exact


def test_compare_accepts_within_tolerance_but_not_as_exact() -> None:
    case, stored, entry = _stored("batch_normalization-train_4d-float64")
    fresh = store.load_arrays(case)
    fresh["updated_moving_variance"][0] += TOLERANCES["float64"].atol / 10
    assert generate.compare_case(case, fresh, stored, entry) == (None, False)


def test_compare_reports_a_changed_input() -> None:
    case, stored, entry = _stored("max_pooling2d-valid_p2_s2-float32")
    fresh = store.load_arrays(case)
    fresh["x"][0, 0, 0, 0] += 1
    problem, _ = generate.compare_case(case, fresh, stored, entry)
    assert problem.startswith("input x")


def test_compare_reports_a_changed_configuration_and_a_tampered_case() -> None:
    case, stored, entry = _stored("conv1d-valid-float32")
    fresh = store.load_arrays(case)
    assert generate.compare_case(case, fresh, stored, {**entry, "config": "0"})[0] == (
        "configuration changed"
    )
    stored["output"] = stored["output"] + 1
    assert generate.compare_case(case, fresh, stored, entry)[0] == (
        "arrays do not match their digest in index.json"
    )
    assert generate.compare_case(case, fresh, None, None)[0] == "not stored"


def test_stale_lists_unregistered_files_and_variants(tmp_path: Path) -> None:
    name = store.file_name("Flatten")
    shutil.copy(store.DATA_DIR / name, tmp_path / name)
    store.write_npz(tmp_path / "conv4d.npz", {"a/x": np.zeros(1)})
    arrays = store.read_npz(tmp_path / name)
    arrays["gone-float32/x"] = np.zeros(1)
    store.write_npz(tmp_path / name, arrays)
    assert generate._stale(tmp_path) == ["conv4d.npz", f"{name}:gone-float32"]


def test_write_npz_is_reproducible_and_loadable(tmp_path: Path) -> None:
    arrays = {"b": np.arange(6, dtype=np.float16).reshape(2, 3), "a": np.ones(2)}
    store.write_npz(tmp_path / "one.npz", arrays)
    store.write_npz(tmp_path / "two.npz", dict(reversed(arrays.items())))
    assert (tmp_path / "one.npz").read_bytes() == (tmp_path / "two.npz").read_bytes()
    loaded = np.load(tmp_path / "one.npz", allow_pickle=False)
    assert sorted(loaded.files) == ["a", "b"]
    np.testing.assert_array_equal(loaded["b"], arrays["b"])
    assert loaded["b"].dtype == np.float16
