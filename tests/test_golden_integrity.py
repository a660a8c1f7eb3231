"""The golden data is intact, self-consistent and spans what the issues ask for.

* index.json lists exactly the registered cases; every file matches its sha256 and every
  case its digest and configuration;
* the stored inputs are the registry's seeded arrays, with the case shapes and dtypes;
* a TensorFlow-free NumPy computation agrees with every stored output it can compute.

No reference process here: tests/test_golden_generate.py re-records a sample.
"""

from __future__ import annotations

import collections
import warnings

import numpy as np
import pytest

from golden import store
from golden.cases import CASES, FAMILIES, Case, make_arrays, result_names
from golden.tolerances import TOLERANCES, GoldenMaxDiffReport, assert_close, report_line

INDEX = store.load_index()
IDS = [case.name for case in CASES]


@pytest.fixture(scope="module", autouse=True)
def _report_max_diff():
    yield
    warnings.warn(GoldenMaxDiffReport(report_line("numpy-forward")), stacklevel=1)


def test_index_lists_exactly_the_registered_cases() -> None:
    assert sorted(INDEX["cases"]) == sorted(IDS)
    stored = sorted(path.name for path in store.DATA_DIR.glob("*.npz"))
    assert stored == sorted({store.file_name(case.layer) for case in CASES})
    assert sorted(INDEX["files"]) == stored


@pytest.mark.parametrize("name", sorted(INDEX["files"]))
def test_file_matches_sha256_and_holds_its_cases(name: str) -> None:
    entry = INDEX["files"][name]
    assert store.sha256_file(store.DATA_DIR / name) == entry["sha256"]
    variants = store.read_layer_file(store.DATA_DIR / name)
    expected = {case.variant for case in CASES if store.file_name(case.layer) == name}
    assert set(variants) == expected
    assert entry["cases"] == len(expected)


def test_golden_data_is_small() -> None:
    total = sum(path.stat().st_size for path in store.DATA_DIR.iterdir())
    assert total < 10_000_000, f"golden/data holds {total} bytes"
    assert (store.DATA_DIR / store.INDEX_NAME).stat().st_size < 300_000


def test_index_records_reference_and_tolerances() -> None:
    import tensorflow as tf

    reference = INDEX["reference"]
    assert reference["tensorflow"] == tf.__version__
    assert INDEX["tolerances"] == {
        dtype: {"rtol": tol.rtol, "atol": tol.atol} for dtype, tol in TOLERANCES.items()
    }
    # What the legacy layers do with channels_first on a CPU, as the generator observed.
    probe = reference["channels_first_cpu_probe"]
    assert "only supported for NHWC" in probe["SeparableConv1D graph"]


def test_every_channels_first_case_says_how_it_was_recorded() -> None:
    for case in CASES:
        route = INDEX["cases"][case.name].get("channels_first")
        assert (route is not None) == case.channels_first, case.name
        if case.layer.startswith("Separable") and case.channels_first:
            assert route.startswith("transposed"), case.name


def test_registry_spans_the_issues() -> None:
    per_family = collections.Counter(case.family for case in CASES)
    for family in ("conv", "core", "normalization"):  # the weighted families
        assert per_family[family] >= 40, per_family
    assert set(FAMILIES) == {"conv", "core", "pooling", "normalization", "rnn_cell"}
    layers = {case.layer for case in CASES}
    assert layers == {layer for members in FAMILIES.values() for layer in members}
    cells = set(FAMILIES["rnn_cell"])
    for layer in layers:
        cases = [c for c in CASES if c.layer == layer]
        assert {c.dtype for c in cases} >= {"float32"}, layer
        if layer in cells:
            assert {c.dtype for c in cases} == {"float32", "float64"}, layer
        elif not layer.endswith("3D"):
            assert {c.dtype for c in cases} == {"float16", "float32", "float64"}, layer
    data_formats = {(c.layer, c.data_format) for c in CASES if "data_format" in c.kwargs}
    for layer in layers - {"Dense", "Dropout", "BatchNormalization"} - cells:
        assert (layer, "channels_first") in data_formats, layer
    for layer in ("Conv1D", "Conv2D", "Conv3D", "SeparableConv1D", "SeparableConv2D"):
        kwargs = [c.kwargs for c in CASES if c.layer == layer]
        assert any(k.get("dilation_rate", 1) != 1 for k in kwargs), layer
        assert any(k.get("strides", 1) != 1 for k in kwargs), layer
        assert {k.get("padding", "valid") for k in kwargs} >= {"valid", "same"}, layer
        assert any(k.get("use_bias") is False for k in kwargs), layer
        assert {k.get("activation") for k in kwargs} >= {None, "relu", "tanh"}, layer
    assert {len(c.input_shape) for c in CASES if c.layer == "Dense"} >= {2, 3, 4}
    norm = [c for c in CASES if c.layer == "BatchNormalization"]
    assert {c.training for c in norm} == {True, False}


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_case_matches_index_and_registry(case: Case) -> None:
    entry = INDEX["cases"][case.name]
    assert entry["config"] == case.config_digest()
    golden = store.load_arrays(case)
    assert store.arrays_digest(golden) == entry["digest"]
    expected = {"x": case.input_shape, "cotangent": case.output_shape, "output": None}
    expected.update({f"cotangent_{name}": shape for name, shape in case.extra_outputs})
    expected.update({w.name: w.shape for w in case.weights})
    expected.update({name: None for name in result_names(case)})
    assert sorted(golden) == sorted(expected)
    for w in case.weights:
        assert golden[w.name].dtype == np.dtype(w.dtype or case.dtype), w.name
        if w.trainable:
            assert golden[f"grad_{w.name}"].shape == w.shape
    assert golden["output"].shape == case.output_shape
    for name, shape in case.extra_outputs:
        assert golden[name].shape == golden[f"cotangent_{name}"].shape == shape, name
    assert golden["output"].dtype == np.dtype(case.dtype)
    assert golden["grad_x"].shape == case.input_shape
    for key, value in make_arrays(case).items():
        np.testing.assert_array_equal(golden[key], value, err_msg=f"seeded {key}")


NUMPY_CASES = [
    c for c in CASES if c.spec.numpy_forward is not None and not (c.training and c.graph_only)
]


@pytest.mark.parametrize("case", NUMPY_CASES, ids=lambda c: c.name)
def test_numpy_forward_agrees_with_stored_output(case: Case) -> None:
    golden = store.load_arrays(case)
    expected = case.spec.numpy_forward(golden, case)
    assert expected is not None
    assert_close(
        expected,
        golden["output"],
        case.dtype,
        what=f"{case.name}: NumPy forward",
        family="numpy-forward",
    )


@pytest.mark.parametrize("case", [c for c in CASES if c.graph_only], ids=lambda c: c.name)
def test_seeded_dropout_output_is_a_scaled_mask(case: Case) -> None:
    # Every element is dropped (0) or kept and scaled by 1 / (1 - rate); both occur.
    golden = store.load_arrays(case)
    x, y = golden["x"].astype(np.float64), golden["output"].astype(np.float64)
    kept = y != 0
    scale = 1.0 / (1.0 - case.kwargs["rate"])
    tol = TOLERANCES[case.dtype]
    np.testing.assert_allclose(y[kept], x[kept] * scale, rtol=tol.rtol, atol=tol.atol)
    assert 0 < kept.mean() < 1
    np.testing.assert_array_equal(golden["grad_x"] != 0, kept)


def test_rnn_cell_registry_covers_the_cell_arguments() -> None:
    cells = [c for c in CASES if c.family == "rnn_cell"]
    assert len(cells) >= 30
    kwargs = [(c.layer, k, v) for c in cells for k, v in c.kwargs.items()]
    for argument in ("use_peepholes", "cell_clip", "num_proj", "proj_clip", "forget_bias"):
        assert any(layer == "LSTMCell" and k == argument for layer, k, _ in kwargs), argument
    assert ("BasicLSTMCell", "state_is_tuple", False) in kwargs
    assert {c.layer for c in cells if "sequence_length" in c.call} == set(FAMILIES["rnn_cell"])
    assert {c.layer for c in cells if not c.call} == set(FAMILIES["rnn_cell"])


def _lstm_h(case: Case, golden: dict, row: int):
    """The `h` part of row `row`'s final state, where the cell's state tells it apart."""
    sizes = [shape[1] for _, shape in case.extra_outputs]
    if case.layer in ("BasicRNNCell", "GRUCell"):
        return golden["final_state_0"][row]
    if case.layer == "MultiRNNCell":
        return golden[f"final_state_{len(sizes) - 1}"][row]
    if len(sizes) == 2:
        return golden["final_state_1"][row]
    return golden["final_state_0"][row][case.kwargs["num_units"] :]


RNN_CASES = [c for c in CASES if c.family == "rnn_cell"]


@pytest.mark.parametrize("case", RNN_CASES, ids=lambda c: c.name)
def test_rnn_outputs_stop_at_sequence_length_and_end_in_the_final_state(case: Case) -> None:
    # dynamic_rnn's contract, checked without TensorFlow: outputs are zero from each row's
    # sequence length on, the final h is the output of the row's last valid step, and the
    # gradients reach no input step past it.
    golden = store.load_arrays(case)
    batch, time = case.input_shape[:2]
    lengths = case.call.get("sequence_length", [time] * batch)
    for row, length in enumerate(lengths):
        assert not np.any(golden["output"][row, length:]), (row, length)
        assert np.all(golden["output"][row, length - 1] != 0)
        np.testing.assert_array_equal(_lstm_h(case, golden, row), golden["output"][row, length - 1])
        assert not np.any(golden["grad_x"][row, length:])
        assert np.all(golden["grad_x"][row, :length] != 0)
