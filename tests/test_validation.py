"""Bad input: a ValueError naming the argument and the value, raised before any variable exists.

The oracle (TensorFlow's legacy layer, one `TF_USE_LEGACY_KERAS=1` process) records what the
legacy layer does with the same inputs: where it raised a ValueError we must too, where it
failed late inside an op or accepted a bad value we fail early, and every valid edge case it
accepts we accept with the same output shape (validation must not be stricter than legacy).
"""

from __future__ import annotations

import re
import textwrap

import numpy as np
import pytest
import tensorflow as tf

import compat_layers
from golden.reference import run_reference

v1 = tf.compat.v1

pytestmark = [
    pytest.mark.reference,
    # The functional form's deprecation warning is checked in test_separable_conv1d_graph.py.
    pytest.mark.filterwarnings("ignore::compat_layers.LegacyLayerWarning"),
]

BASE = {"filters": 3, "kernel_size": 3}

# (id, argument named in the message, keyword arguments replacing BASE's, the bad value)
BAD_ARGUMENTS = [
    ("filters_zero", "filters", {"filters": 0}, 0),
    ("filters_negative", "filters", {"filters": -2}, -2),
    ("filters_float", "filters", {"filters": 2.5}, 2.5),
    ("filters_string", "filters", {"filters": "8"}, "8"),
    ("kernel_size_zero", "kernel_size", {"kernel_size": 0}, 0),
    ("kernel_size_negative", "kernel_size", {"kernel_size": -3}, -3),
    ("kernel_size_float", "kernel_size", {"kernel_size": 2.5}, 2.5),
    ("kernel_size_tuple_zero", "kernel_size", {"kernel_size": (0,)}, (0,)),
    ("kernel_size_two_dims", "kernel_size", {"kernel_size": (3, 3)}, (3, 3)),
    ("strides_zero", "strides", {"strides": 0}, 0),
    ("strides_negative", "strides", {"strides": -1}, -1),
    ("strides_float", "strides", {"strides": 1.5}, 1.5),
    ("dilation_rate_zero", "dilation_rate", {"dilation_rate": 0}, 0),
    ("dilation_rate_negative", "dilation_rate", {"dilation_rate": -2}, -2),
    ("dilation_rate_float", "dilation_rate", {"dilation_rate": 1.5}, 1.5),
    ("depth_multiplier_zero", "depth_multiplier", {"depth_multiplier": 0}, 0),
    ("depth_multiplier_negative", "depth_multiplier", {"depth_multiplier": -1}, -1),
    ("depth_multiplier_float", "depth_multiplier", {"depth_multiplier": 1.5}, 1.5),
    ("padding_unknown", "padding", {"padding": "full"}, "full"),
    ("padding_empty", "padding", {"padding": ""}, ""),
    ("data_format_unknown", "data_format", {"data_format": "nchw"}, "nchw"),
    ("data_format_misspelt", "data_format", {"data_format": "channel_last"}, "channel_last"),
]

# (id, input shape, keyword arguments replacing BASE's)
BAD_INPUTS = [
    ("rank_2", [2, 10], {}),
    ("rank_4", [2, 10, 4, 1], {}),
    ("unknown_channels", [2, 10, None], {}),
    ("unknown_channels_first", [2, None, 10], {"data_format": "channels_first"}),
    ("too_short", [2, 2, 4], {}),
    ("too_short_dilated", [2, 4, 4], {"dilation_rate": 2}),
    ("too_short_channels_first", [2, 4, 2], {"data_format": "channels_first"}),
]

# Valid edge cases: (id, input shape, keyword arguments replacing BASE's)
VALID_EDGES = [
    ("kernel_size_tuple", [2, 10, 4], {"kernel_size": (3,)}),
    ("strides_list", [2, 10, 4], {"strides": [2]}),
    ("numpy_integers", [2, 10, 4], {"filters": np.int64(3), "kernel_size": np.int32(3)}),
    ("padding_upper", [2, 10, 4], {"padding": "SAME"}),
    ("padding_mixed_case_causal", [2, 10, 4], {"padding": "Causal"}),
    ("length_equals_span", [2, 5, 4], {"dilation_rate": 2}),
    ("unknown_batch_and_length", [None, None, 4], {}),
    ("short_same", [2, 1, 4], {"padding": "same"}),
    ("short_causal", [2, 1, 4], {"padding": "causal"}),
    ("channels_first", [2, 4, 10], {"data_format": "channels_first"}),
    ("big_stride", [2, 10, 4], {"strides": 20, "padding": "same"}),
]


def _oracle_script() -> str:
    return textwrap.dedent(
        f"""
        import tensorflow as tf
        v1 = tf.compat.v1
        BASE = {BASE!r}
        BAD_ARGUMENTS = {[(c[0], c[2]) for c in BAD_ARGUMENTS]!r}
        BAD_INPUTS = {[(c[0], c[1], c[2]) for c in BAD_INPUTS]!r}
        VALID_EDGES = {_valid_edges_for_oracle()!r}

        def attempt(shape, kwargs):
            with tf.Graph().as_default() as g:
                x = v1.placeholder(tf.float32, shape)
                try:
                    y = v1.layers.separable_conv1d(x, **{{**BASE, **kwargs}})
                    outcome = ["OK", y.shape.as_list()]
                except Exception as exc:
                    outcome = [type(exc).__name__, str(exc).splitlines()[0]]
                return outcome + [len(v1.global_variables())]

        results = {{}}
        for name, kwargs in BAD_ARGUMENTS:
            results[name] = attempt([2, 10, 4], kwargs)
        for name, shape, kwargs in BAD_INPUTS + VALID_EDGES:
            results[name] = attempt(shape, kwargs)
        save_json(results)
        """
    )


def _valid_edges_for_oracle() -> list:
    # NumPy scalars travel to the oracle as Python numbers; the legacy layer accepts both.
    def plain(value):
        return value.item() if isinstance(value, np.generic) else value

    return [(case, shape, {k: plain(v) for k, v in kw.items()}) for case, shape, kw in VALID_EDGES]


@pytest.fixture(scope="module")
def oracle() -> dict:
    return run_reference(_oracle_script()).json


def _variable_ops(graph: tf.Graph) -> list[str]:
    return [op.name for op in graph.get_operations() if op.type in ("VarHandleOp", "VariableV2")]


def _assert_names_value(message: str, argument: str, value) -> None:
    assert f"`{argument}`" in message, message
    text = re.escape(str(value))
    assert re.search(rf"Received:.*\b{re.escape(argument)}=(['\"]?){text}\1", message), message


def _assert_names_shape(message: str, shape) -> None:
    assert "`inputs`" in message, message
    dims = ", ".join(str(d) for d in shape)
    assert f"({dims})" in message or f"[{dims}]" in message, message


# --------------------------------------------------------------------------------------------
# Bad constructor arguments.


@pytest.mark.parametrize(
    ("argument", "kwargs", "value"),
    [c[1:] for c in BAD_ARGUMENTS],
    ids=[c[0] for c in BAD_ARGUMENTS],
)
def test_class_form_rejects_bad_argument(argument, kwargs, value):
    with tf.Graph().as_default() as graph:
        with pytest.raises(ValueError) as info:
            compat_layers.SeparableConv1D(**{**BASE, **kwargs})
        assert _variable_ops(graph) == []
    _assert_names_value(str(info.value), argument, value)


@pytest.mark.parametrize(
    ("argument", "kwargs", "value"),
    [c[1:] for c in BAD_ARGUMENTS],
    ids=[c[0] for c in BAD_ARGUMENTS],
)
def test_functional_form_rejects_bad_argument_before_any_variable(argument, kwargs, value):
    with tf.Graph().as_default() as graph:
        x = v1.placeholder(tf.float32, [2, 10, 4])
        with pytest.raises(ValueError) as info:
            compat_layers.separable_conv1d(x, **{**BASE, **kwargs})
        assert v1.global_variables() == []
        assert _variable_ops(graph) == []
    _assert_names_value(str(info.value), argument, value)


def test_strides_with_dilation_rejected_naming_both():
    with tf.Graph().as_default() as graph:
        x = v1.placeholder(tf.float32, [2, 10, 4])
        with pytest.raises(ValueError) as info:
            compat_layers.separable_conv1d(x, 3, 3, strides=2, dilation_rate=2)
        assert _variable_ops(graph) == []
    message = str(info.value)
    for argument in ("strides", "dilation_rate"):
        assert f"`{argument}`" in message, message
        assert re.search(rf"{argument}=\(?2", message), message


@pytest.mark.parametrize(
    ("case", "kwargs"), [(c[0], c[2]) for c in BAD_ARGUMENTS], ids=[c[0] for c in BAD_ARGUMENTS]
)
def test_legacy_value_errors_are_kept_and_late_failures_made_early(oracle, case, kwargs):
    legacy_type, _, legacy_variables = oracle[case]
    if legacy_type == "ValueError" and legacy_variables == 0:
        # Legacy rejected it up front: so do we (checked above); nothing more to compare.
        return
    # Legacy accepted the value or failed inside an op after creating variables
    # (depth_multiplier=0 is the documented example): we must fail early instead.
    with tf.Graph().as_default() as graph:
        x = v1.placeholder(tf.float32, [2, 10, 4])
        with pytest.raises(ValueError, match="Invalid value for argument"):
            compat_layers.separable_conv1d(x, **{**BASE, **kwargs})
        assert _variable_ops(graph) == []


def test_depth_multiplier_zero_fails_late_in_legacy(oracle):
    # The example of a late failure: the oracle must still show it, or the early
    # error above is no longer an improvement over the reference but a divergence.
    legacy_type, message, legacy_variables = oracle["depth_multiplier_zero"]
    assert legacy_type == "ValueError" and "Depth of filter must not be 0" in message
    assert legacy_variables > 0


# --------------------------------------------------------------------------------------------
# Bad inputs.


@pytest.mark.parametrize(
    ("shape", "kwargs"), [c[1:] for c in BAD_INPUTS], ids=[c[0] for c in BAD_INPUTS]
)
def test_graph_call_rejects_bad_input_before_any_variable(shape, kwargs):
    with tf.Graph().as_default() as graph:
        x = v1.placeholder(tf.float32, shape)
        with pytest.raises(ValueError) as info:
            compat_layers.separable_conv1d(x, **{**BASE, **kwargs})
        assert v1.global_variables() == []
        assert _variable_ops(graph) == []
    _assert_names_shape(str(info.value), shape)


@pytest.mark.parametrize(
    ("shape", "kwargs"), [c[1:] for c in BAD_INPUTS], ids=[c[0] for c in BAD_INPUTS]
)
def test_class_call_rejects_bad_input_and_stays_unbuilt(shape, kwargs):
    layer = compat_layers.SeparableConv1D(**{**BASE, **kwargs})
    if None in shape:
        # Eager tensors have static shapes, so unknown dimensions come through tf.function.
        call = tf.function(layer, input_signature=[tf.TensorSpec(shape, tf.float32)])
        with pytest.raises(ValueError) as info:
            call.get_concrete_function()
    else:
        with pytest.raises(ValueError) as info:
            layer(np.zeros(shape, np.float32))
    _assert_names_shape(str(info.value), shape)
    assert layer.variables == []
    assert not layer.built


@pytest.mark.parametrize(("case", "shape", "kwargs"), BAD_INPUTS, ids=[c[0] for c in BAD_INPUTS])
def test_bad_inputs_fail_early_where_legacy_fails(oracle, case, shape, kwargs):
    legacy_type, _, _ = oracle[case]
    # Every bad input makes the legacy layer fail somewhere (sometimes only after creating
    # variables); we must fail with a ValueError and leave the graph clean.
    assert legacy_type != "OK", oracle[case]
    with tf.Graph().as_default() as graph:
        x = v1.placeholder(tf.float32, shape)
        with pytest.raises(ValueError):
            compat_layers.separable_conv1d(x, **{**BASE, **kwargs})
        assert _variable_ops(graph) == []


# --------------------------------------------------------------------------------------------
# Valid edge cases must not be rejected.


@pytest.mark.parametrize(("case", "shape", "kwargs"), VALID_EDGES, ids=[c[0] for c in VALID_EDGES])
def test_valid_edge_cases_accepted_like_legacy(oracle, case, shape, kwargs):
    legacy_type, legacy_shape, legacy_variables = oracle[case]
    assert legacy_type == "OK", oracle[case]
    with tf.Graph().as_default():
        x = v1.placeholder(tf.float32, shape)
        y = compat_layers.separable_conv1d(x, **{**BASE, **kwargs})
        assert y.shape.as_list() == legacy_shape
        assert len(v1.global_variables()) == legacy_variables
