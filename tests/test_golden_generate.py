"""The generator: reproducible files, and a dry run that notices every kind of drift."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from golden import generate, store
from golden.cases import Case, case_by_name
from golden.tolerances import TOLERANCES

INDEX = store.load_index()
WRITTEN = ("same-float64-m3_k2_len6_nobias", "causal-float16-k1_relu_b1")


@pytest.mark.reference
def test_write_reproduces_stored_files_byte_for_byte(tmp_path: Path, capsys) -> None:
    argv = ["--write", "--data-dir", str(tmp_path)]
    for name in WRITTEN:
        argv += ["--only", name]
    assert generate.main(argv) == 0
    written = store.load_index(tmp_path)
    assert sorted(written["cases"]) == sorted(WRITTEN)
    for name in WRITTEN:
        assert written["cases"][name] == INDEX["cases"][name]
        assert store.sha256_file(tmp_path / f"{name}.npz") == INDEX["cases"][name]["sha256"]
    assert f"wrote {len(WRITTEN)} cases" in capsys.readouterr().out


def _fresh(case: Case) -> dict[str, np.ndarray]:
    return {key: value.copy() for key, value in store.load_arrays(case).items()}


def test_compare_accepts_the_stored_data() -> None:
    case = case_by_name("valid-float32-base")
    assert generate.compare_case(case, _fresh(case), store.DATA_DIR, INDEX) is None


@pytest.mark.parametrize("dtype", sorted(TOLERANCES))
def test_compare_reports_a_result_out_of_tolerance(dtype: str) -> None:
    case = case_by_name(f"same-{dtype}-base")
    fresh = _fresh(case)
    tol = TOLERANCES[dtype]
    fresh["grad_pointwise_kernel"][0, 0, 0] += 10 * (tol.atol + tol.rtol)
    problem = generate.compare_case(case, fresh, store.DATA_DIR, INDEX)
    assert problem is not None and problem.startswith("grad_pointwise_kernel differs by")


def test_compare_tolerates_a_difference_within_tolerance() -> None:
    case = case_by_name("same-float64-base")
    fresh = _fresh(case)
    fresh["output"][0, 0, 0] += TOLERANCES["float64"].atol / 10
    assert generate.compare_case(case, fresh, store.DATA_DIR, INDEX) is None


def test_compare_reports_a_changed_input() -> None:
    case = case_by_name("causal-float32-base")
    fresh = _fresh(case)
    fresh["x"][0, 0, 0] += 1
    assert generate.compare_case(case, fresh, store.DATA_DIR, INDEX).startswith("input x")


def test_compare_reports_a_changed_configuration() -> None:
    case = case_by_name("valid-float32-base")
    index = {"cases": {case.name: {**INDEX["cases"][case.name], "config": {}}}}
    problem = generate.compare_case(case, _fresh(case), store.DATA_DIR, index)
    assert problem == "configuration changed"


def test_compare_reports_a_missing_case(tmp_path: Path) -> None:
    case = case_by_name("valid-float32-base")
    assert generate.compare_case(case, _fresh(case), tmp_path, {}) == "not stored"


def test_compare_reports_a_tampered_file(tmp_path: Path) -> None:
    case = case_by_name("valid-float32-base")
    shutil.copy(store.DATA_DIR / f"{case.name}.npz", tmp_path)
    arrays = _fresh(case)
    arrays["output"] = arrays["output"] + 1
    store.write_npz(tmp_path / f"{case.name}.npz", arrays)
    problem = generate.compare_case(case, _fresh(case), tmp_path, INDEX)
    assert problem == "file does not match its sha256 in index.json"


def test_write_npz_is_reproducible_and_loadable(tmp_path: Path) -> None:
    arrays = {"b": np.arange(6, dtype=np.float16).reshape(2, 3), "a": np.ones(2)}
    store.write_npz(tmp_path / "one.npz", arrays)
    store.write_npz(tmp_path / "two.npz", dict(reversed(arrays.items())))
    assert (tmp_path / "one.npz").read_bytes() == (tmp_path / "two.npz").read_bytes()
    loaded = np.load(tmp_path / "one.npz", allow_pickle=False)
    assert sorted(loaded.files) == ["a", "b"]
    np.testing.assert_array_equal(loaded["b"], arrays["b"])
    assert loaded["b"].dtype == np.float16
