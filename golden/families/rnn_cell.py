"""Golden cases of the RNN cells (`tf.compat.v1.nn.rnn_cell`), run by `dynamic_rnn`.

Each case builds one cell (`MultiRNNCell`: two `LSTMCell`s) and runs it with
`tf.compat.v1.nn.dynamic_rnn` over a short batch-major sequence, with or without
`sequence_length`. The results are the outputs and every tensor of the final state
(`final_state_<i>`, in `tf.nest.flatten` order: `c` then `h` for an `LSTMStateTuple`), each
with its own cotangent in the loss, and the gradients with respect to the input and every
weight. Weight names are the variable's path inside the cell's scope, `/` written as `.`
(`gates.kernel`, `projection.kernel`, `cell_1.lstm_cell.bias`).

Keras 3 runs `keras.layers.RNN(cell, return_sequences=True, return_state=True,
zero_output_for_mask=True)` with the weights converted by `migrate.layouts` (masked with
`sequence_length`), where Keras 3 has the cell: `SimpleRNNCell`, `LSTMCell`,
`GRUCell(reset_after=False)`; `MultiRNNCell` as `StackedRNNCells` of `LSTMCell`s.
Peepholes, cell and projection clipping and projections have no Keras 3 counterpart (those
cases are skipped with the reason).
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np

from golden.cases import Case, LayerSpec, Weight, expand
from golden.families._numpy_rnn import rnn_forward

FAMILY = "rnn_cell"
DTYPES = ("float32", "float64")

_CELL_SCOPE = re.compile(r"(basic_rnn|basic_lstm|lstm|gru|multi_rnn)_cell(_\d+)?$")

NO_KERAS3 = {
    "use_peepholes": "Keras 3's LSTMCell has no peephole connections",
    "cell_clip": "Keras 3's LSTMCell does not clip the cell state",
    "num_proj": "Keras 3's LSTMCell has no output projection (num_proj, proj_clip)",
}


def weight_name(variable: Any) -> str:
    """`rnn/multi_rnn_cell/cell_0/lstm_cell/kernel:0` -> `cell_0.lstm_cell.kernel`."""
    parts = variable.name.split(":")[0].split("/")
    top = next(i for i, part in enumerate(parts) if _CELL_SCOPE.match(part))
    return ".".join(parts[top + 1 :])


def _dims(case: Case) -> tuple[int, int, int, int]:
    batch, _, depth = case.input_shape
    return batch, depth, case.kwargs.get("num_units", 3), case.kwargs.get("num_proj") or 0


def _lstm_weights(case: Case, depth: int, units: int, proj: int, prefix: str = ""):
    rows = depth + (proj or units)
    weights = [
        Weight(f"{prefix}kernel", (rows, 4 * units), fan_in=rows),
        Weight(f"{prefix}bias", (4 * units,), -0.5, 0.5),
    ]
    if case.kwargs.get("use_peepholes"):
        weights += [Weight(f"{prefix}w_{g}_diag", (units,), -0.5, 0.5) for g in "fio"]
    if proj:
        weights.append(Weight(f"{prefix}projection.kernel", (units, proj), fan_in=units))
    return weights


def _weights(case: Case) -> tuple[Weight, ...]:
    _, depth, units, proj = _dims(case)
    if case.layer == "MultiRNNCell":
        weights, rows = [], depth
        for i, cell in enumerate(case.kwargs["cells"]):
            weights += _lstm_weights(case, rows, cell["num_units"], 0, f"cell_{i}.lstm_cell.")
            rows = cell["num_units"]
        return tuple(weights)
    if case.layer.endswith("LSTMCell"):
        return tuple(_lstm_weights(case, depth, units, proj))
    if case.layer == "GRUCell":
        rows = depth + units
        return (
            Weight("gates.kernel", (rows, 2 * units), fan_in=rows),
            Weight("gates.bias", (2 * units,), -0.5, 0.5),
            Weight("candidate.kernel", (rows, units), fan_in=rows),
            Weight("candidate.bias", (units,), -0.5, 0.5),
        )
    return (
        Weight("kernel", (depth + units, units), fan_in=depth + units),
        Weight("bias", (units,), -0.5, 0.5),
    )


def _state_sizes(case: Case) -> tuple[int, ...]:
    """Widths of the final state's tensors, in `tf.nest.flatten` order."""
    _, _, units, proj = _dims(case)
    if case.layer == "MultiRNNCell":
        return tuple(cell["num_units"] for cell in case.kwargs["cells"] for _ in "ch")
    if not case.layer.endswith("LSTMCell"):
        return (units,)
    if case.kwargs.get("state_is_tuple", True):
        return (units, proj or units)
    return (units + (proj or units),)


def _output_shape(case: Case) -> tuple[int, ...]:
    batch, time, _ = case.input_shape
    if case.layer == "MultiRNNCell":
        return (batch, time, case.kwargs["cells"][-1]["num_units"])
    _, _, units, proj = _dims(case)
    return (batch, time, proj or units)


def _extra_outputs(case: Case) -> tuple[tuple[str, tuple[int, ...]], ...]:
    batch = case.input_shape[0]
    return tuple((f"final_state_{i}", (batch, n)) for i, n in enumerate(_state_sizes(case)))


def _build(case: Case, namespace: Any) -> Any:
    kwargs = dict(case.kwargs)
    if case.layer == "MultiRNNCell":
        cells = [
            getattr(namespace, cell["class"])(**{k: v for k, v in cell.items() if k != "class"})
            for cell in kwargs.pop("cells")
        ]
        return namespace.MultiRNNCell(cells, **kwargs)
    return getattr(namespace, case.layer)(**kwargs)


def _sequence_length(case: Case):
    import tensorflow as tf

    lengths = case.call.get("sequence_length")
    return None if lengths is None else tf.constant(lengths, tf.int32)


def _apply(case: Case, cell: Any, x: Any) -> dict[str, Any]:
    import tensorflow as tf

    outputs, state = tf.compat.v1.nn.dynamic_rnn(
        cell, x, sequence_length=_sequence_length(case), dtype=tf.as_dtype(case.dtype)
    )
    flat = tf.nest.flatten(state)
    return {"output": outputs, **{f"final_state_{i}": s for i, s in enumerate(flat)}}


# --- Keras 3 ------------------------------------------------------------------------------


def _keras3_skip(case: Case) -> str | None:
    for argument, reason in NO_KERAS3.items():
        if case.kwargs.get(argument):
            return reason
    return None


_KERAS3_CELL = {
    "BasicRNNCell": "SimpleRNNCell",
    "BasicLSTMCell": "LSTMCell",
    "LSTMCell": "LSTMCell",
    "GRUCell": "GRUCell",
}


def _units(case: Case) -> list[tuple[str, str, str, dict]]:
    """Per v1 cell: `(v1 weight prefix, Keras weight prefix, v1 class, its kwargs)`."""
    if case.layer != "MultiRNNCell":
        return [("", "", case.layer, case.kwargs)]
    return [
        (f"cell_{i}.lstm_cell.", f"cell_{i}.", cell["class"], cell)
        for i, cell in enumerate(case.kwargs["cells"])
    ]


def _keras3(case: Case):
    import keras

    cells = []
    for _, keras_prefix, layer, kwargs in _units(case):
        extra = {"reset_after": False} if layer == "GRUCell" else {}
        name = {"name": keras_prefix[:-1]} if keras_prefix else {}
        cls = getattr(keras.layers, _KERAS3_CELL[layer])
        cells.append(cls(kwargs["num_units"], dtype=case.dtype, **extra, **name))
    cell = cells[0] if len(cells) == 1 else keras.layers.StackedRNNCells(cells, dtype=case.dtype)
    layer = keras.layers.RNN(
        cell,
        return_sequences=True,
        return_state=True,
        zero_output_for_mask=True,
        dtype=case.dtype,
    )
    return layer, cell


def _keras3_apply(case: Case, layer: Any, x: Any) -> dict[str, Any]:
    import tensorflow as tf

    lengths = _sequence_length(case)
    mask = None if lengths is None else tf.sequence_mask(lengths, case.input_shape[1])
    outputs, *states = layer(x, mask=mask)
    flat = []
    # Keras: [h, c] per LSTM (a list per cell when stacked); v1: LSTMStateTuple(c, h).
    per_cell = states if case.layer == "MultiRNNCell" else [states]
    for (_, _, cell, kwargs), state in zip(_units(case), per_cell, strict=True):
        if cell.endswith("LSTMCell"):
            h, c = state
            tuple_state = kwargs.get("state_is_tuple", True)
            state = [c, h] if tuple_state else [tf.concat([c, h], 1)]
        flat += list(state)
    return {"output": outputs, **{f"final_state_{i}": s for i, s in enumerate(flat)}}


_CONVERT = {  # v1 class -> (v1 -> Keras, Keras -> v1), both from migrate.layouts
    "BasicRNNCell": ("basic_rnn_v1_to_keras", "basic_rnn_keras_to_v1"),
    "BasicLSTMCell": ("lstm_v1_to_keras", "lstm_keras_to_v1"),
    "LSTMCell": ("lstm_v1_to_keras", "lstm_keras_to_v1"),
    "GRUCell": ("gru_v1_to_keras", "gru_keras_to_v1"),
}
_KERAS_NAMES = ("kernel", "recurrent_kernel", "bias")


class _Layout:
    """v1 weights <-> each Keras 3 cell's `kernel`, `recurrent_kernel`, `bias`."""

    def __init__(self, case: Case) -> None:
        from migrate import layouts

        self.case = case
        self.layouts = layouts
        self.stacked = case.layer == "MultiRNNCell"

    def name(self, variable: Any) -> str:
        """`.../cell_0/kernel` -> `cell_0.kernel` when stacked, else `kernel`."""
        parts = variable.path.split("/")
        return ".".join(parts[-2:]) if self.stacked else parts[-1]

    def _v1_names(self, prefix: str) -> list[str]:
        return [w.name for w in self.case.weights if w.name.startswith(prefix)]

    def to_model(self, arrays: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        model = {}
        for prefix, keras_prefix, cell, kwargs in _units(self.case):
            v1 = [arrays[name] for name in self._v1_names(prefix)]
            convert = getattr(self.layouts, _CONVERT[cell][0])
            extra = {"forget_bias": kwargs.get("forget_bias", 1.0)} if "LSTM" in cell else {}
            keras = convert(*v1, **extra)
            model.update({keras_prefix + k: v for k, v in keras._asdict().items()})
        return model

    def to_golden(self, grads: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        golden = {}
        for prefix, keras_prefix, cell, _ in _units(self.case):
            keras = [grads[keras_prefix + name] for name in _KERAS_NAMES]
            convert = getattr(self.layouts, _CONVERT[cell][1])
            # forget_bias shifts the bias by a constant: it does not change gradients.
            v1 = convert(*keras, **({"forget_bias": 0.0} if "LSTM" in cell else {}))
            golden.update(zip(self._v1_names(prefix), v1, strict=True))
        return golden


def _spec(layer: str) -> LayerSpec:
    return LayerSpec(
        layer,
        FAMILY,
        weights=_weights,
        output_shape=_output_shape,
        numpy_forward=rnn_forward,
        keras3=_keras3,
        keras3_skip=_keras3_skip,
        reference=lambda case: f"tf.compat.v1.nn.rnn_cell.{case.layer} in dynamic_rnn",
        namespace=("compat.v1.nn.rnn_cell", "rnn_cell"),
        build=_build,
        apply=_apply,
        extra_outputs=_extra_outputs,
        weight_name=weight_name,
        keras3_apply=_keras3_apply,
        keras3_layout=_Layout,
    )


SPECS = tuple(
    _spec(layer)
    for layer in ("BasicRNNCell", "BasicLSTMCell", "LSTMCell", "GRUCell", "MultiRNNCell")
)


def _cell(units=3, shape=(2, 4, 3), lengths=None, **kwargs) -> dict:
    fields = {"input_shape": shape, "kwargs": {"num_units": units, **kwargs}}
    if lengths is not None:
        fields["call"] = {"sequence_length": list(lengths)}
    return fields


_BASIC_RNN = {
    "base": _cell(),
    "seqlen": _cell(lengths=(4, 2)),
    "units5_b3": _cell(5, (3, 5, 2), lengths=(1, 5, 3)),
}
_BASIC_LSTM = {
    "base": _cell(),
    "fb0.5_seqlen": _cell(forget_bias=0.5, lengths=(3, 4)),
    "fb0": _cell(4, (3, 3, 2), forget_bias=0.0),
    "not_tuple": _cell(state_is_tuple=False),
    "not_tuple_seqlen": _cell(2, (3, 4, 3), state_is_tuple=False, lengths=(2, 4, 1)),
}
_LSTM = {
    "base": _cell(),
    "seqlen_fb0.25": _cell(4, (3, 5, 2), forget_bias=0.25, lengths=(5, 1, 3)),
    "peepholes": _cell(use_peepholes=True),
    "peepholes_clip": _cell(use_peepholes=True, cell_clip=0.2),
    "proj": _cell(4, num_proj=2),
    "proj_clip": _cell(4, num_proj=2, proj_clip=0.1),
    "all_seqlen": _cell(
        4, (2, 5, 3), use_peepholes=True, cell_clip=0.25, num_proj=3, proj_clip=0.03, lengths=(3, 5)
    ),
}
_GRU = {
    "base": _cell(),
    "seqlen": _cell(lengths=(1, 4)),
    "units5_b3": _cell(5, (3, 3, 4)),
}
_LSTM_PAIR = [{"class": "LSTMCell", "num_units": 3}, {"class": "LSTMCell", "num_units": 2}]
_MULTI = {
    "two_lstm": {"input_shape": (2, 4, 3), "kwargs": {"cells": _LSTM_PAIR}},
    "two_lstm_seqlen": {
        "input_shape": (3, 3, 2),
        "kwargs": {"cells": _LSTM_PAIR},
        "call": {"sequence_length": [3, 1, 2]},
    },
}

CASES = (
    *expand("BasicRNNCell", _BASIC_RNN, DTYPES),
    *expand("BasicLSTMCell", _BASIC_LSTM, DTYPES),
    *expand("LSTMCell", _LSTM, DTYPES),
    *expand("GRUCell", _GRU, DTYPES),
    *expand("MultiRNNCell", _MULTI, DTYPES),
)
