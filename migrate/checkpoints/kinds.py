"""The layer kinds a TF1 checkpoint can hold, as one table.

Each `Kind` says which variables a v1 layer stores under its scope, how their shapes fit
together, which Keras 3 layers (or cells) take them, and how the values become the Keras
weights. Most kinds store exactly what Keras 3 stores (dense and conv kernels are laid out
alike in both); the RNN cells go through `migrate.layouts`, which splits the v1 kernel into
`kernel` and `recurrent_kernel`, reorders the gates and folds `forget_bias` into the LSTM
bias.

| kind             | v1 variables under the scope                  | Keras 3 target               |
| ---------------- | --------------------------------------------- | ---------------------------- |
| `dense`          | `kernel` (in, out), `bias`                    | `Dense`                      |
| `conv`           | `kernel` of rank 3-5, `bias`                  | `Conv1D`-`3D`, `*Transpose`  |
| `separable_conv` | `depthwise_kernel`, `pointwise_kernel`, `bias`| `SeparableConv1D`/`2D`       |
| `batch_norm`     | `gamma`, `beta`, `moving_mean/variance`       | `BatchNormalization`         |
| `lstm`           | `.../(basic_)lstm_cell/kernel`, `bias`        | `LSTMCell` (in any RNN)      |
| `gru`            | `gates/kernel`, `gates/bias`, `candidate/...` | `GRUCell(reset_after=False)` |
| `basic_rnn`      | `.../basic_rnn_cell/kernel`, `bias`           | `SimpleRNNCell`              |
| `rnn_cell`       | `kernel`, `recurrent_kernel`, `bias`          | any of the three cells       |

(`rnn_cell` is the Keras layout that `convert` writes.)

A batch norm's renorm variables (`renorm_mean`, `renorm_stddev`, `moving_stddev`) are left out:
inference uses the moving statistics only, and Keras 3 has no renorm.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import keras
import numpy as np

from migrate import layouts

Shapes = Mapping[str, tuple[int, ...]]

# The names TF1 cells give their variable scope when the user gives none.
LSTM_SCOPE = re.compile(r"(?:basic_)?lstm_cell(?:_\d+)?")
BASIC_RNN_SCOPE = re.compile(r"basic_rnn_cell(?:_\d+)?")


def _bias_fits(shapes: Shapes, units: int) -> bool:
    return "bias" not in shapes or shapes["bias"] == (units,)


def _cell_named(scope: str) -> bool:
    last = scope.rpartition("/")[2]
    return bool(LSTM_SCOPE.fullmatch(last) or BASIC_RNN_SCOPE.fullmatch(last))


def _dense(scope: str, s: Shapes) -> bool:
    # A cell-named scope whose shapes fit no cell (an LSTM with a projection) is no dense layer.
    return len(s["kernel"]) == 2 and _bias_fits(s, s["kernel"][1]) and not _cell_named(scope)


def _conv(scope: str, s: Shapes) -> bool:
    # A transposed kernel is (k..., out, in): its bias follows the second last axis.
    kernel = s["kernel"]
    return 3 <= len(kernel) <= 5 and (
        "bias" not in s or s["bias"] in ((kernel[-1],), (kernel[-2],))
    )


def _separable(scope: str, s: Shapes) -> bool:
    depthwise, pointwise = s["depthwise_kernel"], s["pointwise_kernel"]
    rank = len(depthwise)
    return (
        rank in (3, 4)
        and len(pointwise) == rank
        and pointwise[:-1] == (1,) * (rank - 2) + (depthwise[-2] * depthwise[-1],)
        and _bias_fits(s, pointwise[-1])
    )


def _batch_norm(scope: str, s: Shapes) -> bool:
    shape = s["moving_mean"]
    return len(shape) == 1 and all(v == shape for v in s.values())


def _cell_kernel(s: Shapes, gates: int) -> bool:
    kernel = s["kernel"]
    if len(kernel) != 2 or kernel[1] % gates:
        return False
    units = kernel[1] // gates
    return kernel[0] > units and s.get("bias") == (gates * units,)


def _lstm(scope: str, s: Shapes) -> bool:
    return bool(LSTM_SCOPE.fullmatch(scope.rpartition("/")[2])) and _cell_kernel(s, 4)


def _basic_rnn(scope: str, s: Shapes) -> bool:
    return bool(BASIC_RNN_SCOPE.fullmatch(scope.rpartition("/")[2])) and _cell_kernel(s, 1)


def _gru(scope: str, s: Shapes) -> bool:
    gates = s["gates/kernel"]
    if len(gates) != 2 or gates[1] % 2:
        return False
    units = gates[1] // 2
    return (
        gates[0] > units
        and s["gates/bias"] == (2 * units,)
        and s["candidate/kernel"] == (gates[0], units)
        and s["candidate/bias"] == (units,)
    )


def _keras_cell(scope: str, s: Shapes) -> bool:
    kernel, recurrent = s["kernel"], s["recurrent_kernel"]
    return (
        len(kernel) == 2
        and len(recurrent) == 2
        and recurrent[1] == kernel[1]
        and kernel[1] % recurrent[0] == 0
        and s["bias"] == (kernel[1],)
    )


@dataclass(frozen=True)
class Kind:
    """One layer kind of the table in the module docstring.

    Attributes:
      name: the kind's name in reports (`lstm`).
      required: v1 variables (relative to the layer scope) every such layer has.
      optional: v1 variables it may have, each with the Keras argument that drops it
        (`bias` -> `use_bias`).
      ignored: v1 variables recognised but not loaded (batch norm renorm statistics).
      fits: whether the shapes (and the scope's last part) are those of this kind.
      targets: the Keras 3 classes that take it (cells for the RNN kinds).
      keras_weights: the target's weight attributes, in Keras weight order.
      convert: v1 values -> Keras values; None when they are the same.
      note: what `inspect` says about converting this kind.
    """

    name: str
    required: tuple[str, ...]
    optional: Mapping[str, str]
    fits: Callable[[str, Shapes], bool]
    targets: tuple[type, ...]
    keras_weights: tuple[str, ...]
    ignored: tuple[str, ...] = ()
    convert: Callable[[Mapping[str, np.ndarray], float], dict[str, np.ndarray]] | None = None
    note: str = ""

    @property
    def variables(self) -> tuple[str, ...]:
        return self.required + tuple(self.optional) + self.ignored

    def to_keras(self, values: Mapping[str, np.ndarray], forget_bias: float) -> dict:
        """Keras weight name -> value, from v1 variable name -> value."""
        if self.convert is not None:
            return self.convert(values, forget_bias)
        return {name: values[name] for name in self.keras_weights if name in values}


def _cell_weights(weights: layouts.KerasCellWeights) -> dict[str, np.ndarray]:
    return dict(weights._asdict())


_CELL_WEIGHTS = ("kernel", "recurrent_kernel", "bias")
_CONV = (
    keras.layers.Conv1D,
    keras.layers.Conv2D,
    keras.layers.Conv3D,
    keras.layers.Conv1DTranspose,
    keras.layers.Conv2DTranspose,
    keras.layers.Conv3DTranspose,
)
_USE_BIAS = {"bias": "use_bias"}
_CELLS = (keras.layers.LSTMCell, keras.layers.GRUCell, keras.layers.SimpleRNNCell)

# Tried in this order; the first kind whose variables are all present and whose shapes fit
# takes the scope (a cell-named scope is an RNN cell before it is a dense layer).
KINDS: tuple[Kind, ...] = (
    Kind(
        "separable_conv",
        ("depthwise_kernel", "pointwise_kernel"),
        {"bias": "use_bias"},
        _separable,
        (keras.layers.SeparableConv1D, keras.layers.SeparableConv2D),
        ("depthwise_kernel", "pointwise_kernel", "bias"),
    ),
    Kind(
        "batch_norm",
        ("moving_mean", "moving_variance"),
        {"gamma": "scale", "beta": "center"},
        _batch_norm,
        (keras.layers.BatchNormalization,),
        ("gamma", "beta", "moving_mean", "moving_variance"),
        ignored=("renorm_mean", "renorm_stddev", "moving_stddev"),
    ),
    Kind(
        "gru",
        layouts.V1GRUWeights.VARIABLE_NAMES,
        {},
        _gru,
        (keras.layers.GRUCell,),
        _CELL_WEIGHTS,
        convert=lambda v, _: _cell_weights(
            layouts.gru_v1_to_keras(*(v[n] for n in layouts.V1GRUWeights.VARIABLE_NAMES))
        ),
        note="gates/candidate merged into Keras GRUCell(reset_after=False) order z, r, h",
    ),
    Kind(
        "lstm",
        ("kernel", "bias"),
        {},
        _lstm,
        (keras.layers.LSTMCell,),
        _CELL_WEIGHTS,
        convert=lambda v, forget_bias: _cell_weights(
            layouts.lstm_v1_to_keras(v["kernel"], v["bias"], forget_bias=forget_bias)
        ),
        note="gates i, j, f, o -> i, f, c, o; forget_bias folded into bias",
    ),
    Kind(
        "basic_rnn",
        ("kernel", "bias"),
        {},
        _basic_rnn,
        (keras.layers.SimpleRNNCell,),
        _CELL_WEIGHTS,
        convert=lambda v, _: _cell_weights(layouts.basic_rnn_v1_to_keras(v["kernel"], v["bias"])),
        note="kernel split into kernel + recurrent_kernel",
    ),
    Kind("rnn_cell", _CELL_WEIGHTS, {}, _keras_cell, _CELLS, _CELL_WEIGHTS),
    Kind(
        "dense",
        ("kernel",),
        {"bias": "use_bias"},
        _dense,
        (keras.layers.Dense,),
        ("kernel", "bias"),
    ),
    Kind("conv", ("kernel",), {"bias": "use_bias"}, _conv, _CONV, ("kernel", "bias")),
)

KINDS_BY_NAME = {kind.name: kind for kind in KINDS}
# Every variable name a kind knows, longest first (`gates/kernel` before `kernel`).
VARIABLE_NAMES = tuple(sorted({n for k in KINDS for n in k.variables}, key=len, reverse=True))


def kind_of_target(layer: object) -> Kind | None:
    """The kind a Keras 3 layer or cell takes, or None."""
    for kind in KINDS:
        if kind.name != "rnn_cell" and isinstance(layer, kind.targets):
            return kind
    return None


def is_anchor(name: str) -> bool:
    """Whether a variable called `name` marks its scope as a layer (a kernel or statistics)."""
    return "kernel" in name or name.startswith("moving_")


def classify(scope: str, shapes: Shapes) -> tuple[Kind | None, str]:
    """The kind of a checkpoint scope holding `shapes`, or None and why not."""
    names = set(shapes)
    complete = [k for k in KINDS if set(k.required) <= names and names <= set(k.variables)]
    for kind in complete:
        if kind.fits(scope, shapes):
            return kind, ""
    described = ", ".join(f"`{n}` {shapes[n]}" for n in sorted(shapes))
    if complete:
        kinds = " or ".join(k.name for k in complete)
        return None, f"the shapes {described} do not fit together as a {kinds} layer"
    for kind in KINDS:
        present = [n for n in kind.required if n in names]
        missing = [n for n in kind.required if n not in names]
        if missing and any(is_anchor(n) for n in present) and names <= set(kind.variables):
            listed = ", ".join(f"`{scope}/{n}`" for n in missing)
            return None, f"looks like a {kind.name} layer, but {listed} is missing"
    return None, f"no layer kind has the variables {described}"


def accepts(kind: Kind, layer: object) -> bool:
    """Whether checkpoint kind `kind` can go into `layer`."""
    return isinstance(layer, kind.targets)
