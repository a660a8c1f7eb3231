"""TensorFlow-free float64 forwards of the v1 RNN cells unrolled as `dynamic_rnn` does.

Written from the cells' equations (not from their code): the LSTM kernel multiplies
`concat([x, h])` and holds the gates `i, j, f, o`; `forget_bias` is added to `f` at run time;
peepholes add `w_i_diag * c_prev`, `w_f_diag * c_prev` and `w_o_diag * c_new`; `cell_clip`
clips `c`, the projection multiplies `m`, `proj_clip` clips the projection. GRU:
`r, u = sigmoid(concat([x, h]) @ gates)`, `c = tanh(concat([x, r * h]) @ candidate)`,
`h' = u * h + (1 - u) * c`. From a row's `sequence_length` on the output is zero and the state
is carried unchanged.
"""

from __future__ import annotations

import numpy as np

__all__ = ["rnn_forward"]


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-z))


def _w(arrays: dict, name: str) -> np.ndarray:
    return np.asarray(arrays[name], np.float64)


def _basic_rnn(arrays, prefix, kwargs, x, state):
    (h,) = state
    h = np.tanh(
        np.concatenate([x, h], 1) @ _w(arrays, prefix + "kernel") + _w(arrays, prefix + "bias")
    )
    return h, (h,)


def _gru(arrays, prefix, kwargs, x, state):
    (h,) = state
    xh = np.concatenate([x, h], 1)
    gates = _sigmoid(xh @ _w(arrays, prefix + "gates.kernel") + _w(arrays, prefix + "gates.bias"))
    r, u = np.split(gates, 2, axis=1)
    xrh = np.concatenate([x, r * h], 1)
    c = np.tanh(
        xrh @ _w(arrays, prefix + "candidate.kernel") + _w(arrays, prefix + "candidate.bias")
    )
    h = u * h + (1 - u) * c
    return h, (h,)


def _lstm(arrays, prefix, kwargs, x, state):
    c_prev, h = state
    z = np.concatenate([x, h], 1) @ _w(arrays, prefix + "kernel") + _w(arrays, prefix + "bias")
    i, j, f, o = np.split(z, 4, axis=1)
    peep = kwargs.get("use_peepholes")
    if peep:
        i = i + _w(arrays, prefix + "w_i_diag") * c_prev
        f = f + _w(arrays, prefix + "w_f_diag") * c_prev
    c = _sigmoid(f + kwargs.get("forget_bias", 1.0)) * c_prev + _sigmoid(i) * np.tanh(j)
    if kwargs.get("cell_clip"):
        c = np.clip(c, -kwargs["cell_clip"], kwargs["cell_clip"])
    if peep:
        o = o + _w(arrays, prefix + "w_o_diag") * c
    m = _sigmoid(o) * np.tanh(c)
    if kwargs.get("num_proj"):
        m = m @ _w(arrays, prefix + "projection.kernel")
        if kwargs.get("proj_clip"):
            m = np.clip(m, -kwargs["proj_clip"], kwargs["proj_clip"])
    return m, (c, m)


_STEP = {"BasicRNNCell": _basic_rnn, "GRUCell": _gru, "BasicLSTMCell": _lstm, "LSTMCell": _lstm}


def _zero_state(layer: str, kwargs: dict, batch: int) -> tuple[np.ndarray, ...]:
    units = kwargs["num_units"]
    if layer.endswith("LSTMCell"):
        return (np.zeros((batch, units)), np.zeros((batch, kwargs.get("num_proj") or units)))
    return (np.zeros((batch, units)),)


def rnn_forward(arrays: dict, case, pre_activation: bool = False) -> np.ndarray:
    """The outputs of `dynamic_rnn` over the case's cell (a `MultiRNNCell` of LSTMs stacked)."""
    if case.layer == "MultiRNNCell":
        cells = [
            (f"cell_{i}.lstm_cell.", cell["class"], cell)
            for i, cell in enumerate(case.kwargs["cells"])
        ]
    else:
        cells = [("", case.layer, case.kwargs)]
    x = np.asarray(arrays["x"], np.float64)
    batch, time, _ = x.shape
    lengths = np.asarray(case.call.get("sequence_length", [time] * batch))
    states = [_zero_state(layer, kwargs, batch) for _, layer, kwargs in cells]
    outputs = []
    for t in range(time):
        y, live = x[:, t], (t < lengths)[:, None]
        for k, (prefix, layer, kwargs) in enumerate(cells):
            y, new = _STEP[layer](arrays, prefix, kwargs, y, states[k])
            states[k] = tuple(np.where(live, n, s) for n, s in zip(new, states[k], strict=True))
        outputs.append(np.where(live, y, 0.0))
    return np.stack(outputs, axis=1)
