"""compat_layers reproduces every golden case bit for bit: Session graph, eager, tf.function.

The class is looked up by name in `compat_layers` (RNN cells: in `compat_layers.rnn_cell`, run
by `tf.compat.v1.nn.dynamic_rnn`; the spec's `namespace`). A layer of the registry that
`compat_layers` does not export fails its cases.

Bit-identity is asked where the legacy layer itself gives identical bits: always in a v1
graph (where the golden numbers were recorded), and eagerly / in a tf.function for the cases
whose legacy eager run matched its graph run bit for bit (`eager` in index.json says
"identical"). Elsewhere (training-mode batch norm, whose graph and eager kernels round
differently by up to 2.4e-7; the cases where the legacy layer cannot run eagerly) the
dtype's tolerance applies. Dropout's seeded training cases are graph-only: the mask is a
function of the graph-level and op-level seeds in a v1 graph.

The tf.function mode runs the float32 cases and every case whose eager status is not
"identical" (tracing is the slow part; eager already covers every case and dtype).
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest

import compat_layers
from golden import harness, store
from golden.cases import CASES, SPECS, Case, result_names
from golden.tolerances import GoldenMaxDiffReport, assert_close, record_observed, report_line

# Building the cells and the functional forms warns that the TF1 API is deprecated (tested
# elsewhere); here it would only bury the max-diff report.
pytestmark = pytest.mark.filterwarnings("ignore::compat_layers.LegacyLayerWarning")

INDEX = store.load_index()
FAMILIES = ("compat-graph", "compat-eager", "compat-tf.function")


@pytest.fixture(scope="module", autouse=True)
def _report_max_diff():
    yield
    for family in FAMILIES:
        warnings.warn(GoldenMaxDiffReport(report_line(family)), stacklevel=1)


def compat_class(layer: str):
    """The `compat_layers` class of a golden layer (every layer of the registry must exist)."""
    cls = getattr(harness.namespace(SPECS[layer], compat_layers, 1), layer, None)
    if cls is None:
        pytest.fail(f"compat_layers has no {layer}, which the golden registry covers")
    return cls


def check_result(case: Case, golden: dict, result: dict, *, exact: bool, family: str) -> None:
    """Same keys and dtypes as the golden data; values bit-identical or within tolerance."""
    assert sorted(result) == sorted(result_names(case))
    expected = {key: golden[key] for key in result}
    for key, value in result.items():
        what = f"{case.name}: {key}"
        assert value.dtype == expected[key].dtype, f"{what}: dtype {value.dtype}"
        if exact:
            assert value.shape == expected[key].shape, what
            diff = np.abs(value.astype(np.float64) - expected[key].astype(np.float64))
            worst = float(np.max(diff)) if diff.size else 0.0
            assert np.array_equal(value, expected[key]), f"{what}: not bit-identical ({worst:.3g})"
            record_observed(family, case.dtype, worst)
        else:
            assert_close(value, expected[key], case.dtype, what=what, family=family)


def _factory(case: Case):
    compat_class(case.layer)
    return lambda: harness.build(case, compat_layers, 1)


def _eager_exact(case: Case) -> bool:
    return INDEX["cases"][case.name]["eager"] == "identical"


IDS = [case.name for case in CASES]


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_graph_session_reproduces_golden(case: Case) -> None:
    make = _factory(case)
    golden = store.load_arrays(case)
    result = harness.run_graph(case, make, golden)
    check_result(case, golden, result, exact=True, family="compat-graph")


@pytest.mark.parametrize("case", [c for c in CASES if not c.graph_only], ids=lambda c: c.name)
def test_eager_reproduces_golden(case: Case) -> None:
    make = _factory(case)
    golden = store.load_arrays(case)
    result = harness.run_eager(case, make, golden)
    check_result(case, golden, result, exact=_eager_exact(case), family="compat-eager")


FUNCTION_CASES = [
    c for c in CASES if not c.graph_only and (c.dtype == "float32" or not _eager_exact(c))
]


@pytest.mark.parametrize("case", FUNCTION_CASES, ids=lambda c: c.name)
def test_tf_function_reproduces_golden(case: Case) -> None:
    make = _factory(case)
    golden = store.load_arrays(case)
    result = harness.run_eager(case, make, golden, in_function=True)
    check_result(case, golden, result, exact=_eager_exact(case), family="compat-tf.function")


def test_graph_only_cases_are_seeded_dropout() -> None:
    graph_only = [case for case in CASES if case.graph_only]
    assert graph_only and all(case.layer == "Dropout" and case.training for case in graph_only)
    assert all("seed" in case.kwargs for case in graph_only)
