"""Tolerances of the golden contract, per dtype, in one place.

A value `actual` matches `expected` when `|actual - expected| <= atol + rtol * |expected|`
elementwise (the `numpy.testing.assert_allclose` rule), with `rtol` and `atol` taken
from `TOLERANCES` for the dtype the case runs in.

`assert_close` also records the largest difference it has seen per dtype and per
comparison family ("keras3", "compat-graph", ...), so a test run can report how much of
each tolerance was actually used (`report_line`, emitted as a `GoldenMaxDiffReport` warning).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

__all__ = [
    "GoldenMaxDiffReport",
    "TOLERANCES",
    "Tolerance",
    "assert_close",
    "max_diff",
    "record_observed",
    "report_line",
]


class Tolerance(NamedTuple):
    """Relative and absolute tolerance of one dtype."""

    rtol: float
    atol: float


# float16 carries 11 significant bits (about 5e-4 relative), and a separable convolution
# sums up to a few dozen products per output, so 1e-2 leaves room for a different
# summation order while still catching a wrong tap or a wrong padding (errors of order 1).
TOLERANCES: dict[str, Tolerance] = {
    "float16": Tolerance(rtol=1e-2, atol=1e-2),
    "float32": Tolerance(rtol=1e-5, atol=1e-5),
    "float64": Tolerance(rtol=1e-10, atol=1e-10),
}

# family -> dtype -> largest |actual - expected| seen so far in this process.
_OBSERVED: dict[str, dict[str, float]] = {}


def max_diff(actual: np.ndarray, expected: np.ndarray) -> float:
    """Largest absolute elementwise difference, computed in float64."""
    a = np.asarray(actual, dtype=np.float64)
    e = np.asarray(expected, dtype=np.float64)
    if a.size == 0:
        return 0.0
    return float(np.max(np.abs(a - e)))


def record_observed(family: str, dtype: str, diff: float) -> None:
    """Remember `diff` if it is the largest seen for `family` and `dtype`."""
    per_dtype = _OBSERVED.setdefault(family, {})
    per_dtype[dtype] = max(per_dtype.get(dtype, 0.0), diff)


def assert_close(
    actual: np.ndarray,
    expected: np.ndarray,
    dtype: str,
    *,
    what: str,
    family: str,
) -> None:
    """Assert `actual` matches `expected` within the tolerance of `dtype`.

    Args:
      actual: the value under test.
      expected: the golden value.
      dtype: the case dtype ("float16", "float32" or "float64"); picks the tolerance.
      what: a label for the failure message (case name and tensor).
      family: which comparison this is, for the observed-difference report.

    Raises:
      AssertionError: shapes differ or a value is out of tolerance.
    """
    actual = np.asarray(actual)
    expected = np.asarray(expected)
    if actual.shape != expected.shape:
        raise AssertionError(f"{what}: shape {actual.shape} != golden shape {expected.shape}")
    tol = TOLERANCES[dtype]
    np.testing.assert_allclose(
        actual.astype(np.float64),
        expected.astype(np.float64),
        rtol=tol.rtol,
        atol=tol.atol,
        err_msg=f"{what} ({dtype}, rtol={tol.rtol}, atol={tol.atol})",
    )
    # Recorded only when within tolerance: a failure is reported by the test itself, and an
    # expected failure (a known upstream bug) must not inflate the report.
    record_observed(family, dtype, max_diff(actual, expected))


def report_line(family: str) -> str:
    """One line naming the largest difference seen per dtype for `family`."""
    per_dtype = _OBSERVED.get(family, {})
    parts = [f"{dtype} {per_dtype[dtype]:.3g}" for dtype in sorted(per_dtype)]
    return f"golden max |diff| [{family}]: " + (", ".join(parts) if parts else "nothing compared")


class GoldenMaxDiffReport(UserWarning):
    """Carries the largest observed differences into pytest's warnings summary."""
