"""The Keras target's layer tables: one small `KerasSpec` per v1 layer it rewrites.

Each spec names the Keras 3 class, the v1 function's signature (the class form's is
the same without `inputs` and `reuse`, and takes `**kwargs`), the weights whose
`*_initializer` / `*_regularizer` / `*_constraint` arguments scope defaults may
reach, and its argument table: argument -> handler (`separable_arguments`). An
argument without a row is kept as a keyword; the `*_initializer`, `*_regularizer`
and `*_constraint` suffixes are decided the same way for every layer. SeparableConv1D
keeps its own rewrite (`separable_keras`: causal padding, the channels_first bias).
"""

from __future__ import annotations

from dataclasses import dataclass

import libcst as cst

from migrate.codemod.edit import as_keyword, lowered
from migrate.codemod.layers.separable_arguments import COMMON_HANDLERS, Argument, Handler, V1Call

__all__ = ["SPECS", "KerasSpec", "spec_for"]


@dataclass(frozen=True)
class KerasSpec:
    """How one v1 layer becomes its Keras 3 class.

    Attributes:
      keras: the Keras 3 class (`"Dense"`), reached as `<prefix>.layers.<keras>`.
      function_params: the v1 function's parameters in positional order.
      weights: the weights other than the bias (`("kernel",)`).
      handlers: argument -> handler.
      data_format: whether `data_format` is always written (Keras 3 reads its default
        from the user's keras.json, v1 always meant channels_last).
    """

    keras: str
    function_params: tuple[str, ...]
    weights: tuple[str, ...]
    handlers: dict[str, Handler]
    data_format: bool

    @property
    def class_params(self) -> tuple[str, ...]:
        return tuple(p for p in self.function_params if p not in ("inputs", "reuse"))


def _padding(call: V1Call, a: Argument) -> cst.Arg | None:
    """'valid' is Keras 3's default; other literals are written in lower case (Keras 3
    convolutions lower-case them too, so a run-time value is kept as it is)."""
    if a.ok and isinstance(a.constant, str):
        if a.constant.lower() == "valid":
            return None
        return as_keyword(a.arg, a.name, lowered(a.arg.value, a.constant, call.quote))
    return a.keyword


def _data_format(call: V1Call, a: Argument) -> cst.Arg | None:
    """Always explicit, in lower case; a run-time value is kept (Keras 3 lower-cases it)."""
    if a.ok and isinstance(a.constant, str):
        new = as_keyword(a.arg, a.name, lowered(a.arg.value, a.constant, call.quote))
    else:
        new = a.keyword
    call.data_format = new.value
    return new


def _ones(call: V1Call, a: Argument) -> cst.Arg | None:
    """Dropped when 1 in every dimension (v1's and Keras 3's default), else a keyword."""
    value = a.constant
    ones = value == 1 or (isinstance(value, (tuple, list)) and value and set(value) == {1})
    return None if a.ok and ones and not isinstance(value, bool) else a.keyword


_NONE_DEFAULT = COMMON_HANDLERS["activation"]  # dropped when None, else kept
_CONSTRAINTS = {f"{w}_constraint": _NONE_DEFAULT for w in ("kernel", "bias")}
_CONV_HANDLERS: dict[str, Handler] = {
    **COMMON_HANDLERS,
    **_CONSTRAINTS,
    "strides": _ones,
    "dilation_rate": _ones,
    "padding": _padding,
    "data_format": _data_format,
}
_DENSE_HANDLERS: dict[str, Handler] = {
    **COMMON_HANDLERS,
    **_CONSTRAINTS,
    "units": COMMON_HANDLERS["filters"],  # verbatim: Dense's first parameter too
}

_WEIGHT_ARGS = (
    "kernel_initializer",
    "bias_initializer",
    "kernel_regularizer",
    "bias_regularizer",
    "activity_regularizer",
    "kernel_constraint",
    "bias_constraint",
)
_SEPARABLE_WEIGHT_ARGS = (
    "depthwise_initializer",
    "pointwise_initializer",
    "bias_initializer",
    "depthwise_regularizer",
    "pointwise_regularizer",
    "bias_regularizer",
    "activity_regularizer",
    "depthwise_constraint",
    "pointwise_constraint",
    "bias_constraint",
)
_TAIL = ("trainable", "name", "reuse")
_HEAD = ("inputs", "filters", "kernel_size", "strides", "padding", "data_format")
_LAYER = ("activation", "use_bias")


def _conv(keras: str, *, dilation: bool = True) -> KerasSpec:
    dilated = ("dilation_rate",) if dilation else ()
    params = (*_HEAD, *dilated, *_LAYER, *_WEIGHT_ARGS, *_TAIL)
    return KerasSpec(keras, params, ("kernel",), _CONV_HANDLERS, True)


_SEPARABLE_2D = KerasSpec(
    "SeparableConv2D",
    (*_HEAD, "dilation_rate", "depth_multiplier", *_LAYER, *_SEPARABLE_WEIGHT_ARGS, *_TAIL),
    ("depthwise", "pointwise"),
    {**_CONV_HANDLERS, **{f"{w}_constraint": _NONE_DEFAULT for w in ("depthwise", "pointwise")}},
    True,
)

# The `compat_layers` public name of each class and function -> its spec.
SPECS: dict[str, KerasSpec] = {}
for _spec, _names in (
    (
        KerasSpec(
            "Dense",
            ("inputs", "units", *_LAYER, *_WEIGHT_ARGS, *_TAIL),
            ("kernel",),
            _DENSE_HANDLERS,
            False,
        ),
        ("Dense", "dense"),
    ),
    (_conv("Conv1D"), ("Conv1D", "conv1d")),
    (_conv("Conv2D"), ("Conv2D", "conv2d")),
    (_conv("Conv3D"), ("Conv3D", "conv3d")),
    (_conv("Conv2DTranspose", dilation=False), ("Conv2DTranspose", "conv2d_transpose")),
    (_conv("Conv3DTranspose", dilation=False), ("Conv3DTranspose", "conv3d_transpose")),
    (_SEPARABLE_2D, ("SeparableConv2D", "separable_conv2d")),
):
    for _name in _names:
        SPECS[_name] = _spec


def spec_for(target: str) -> KerasSpec | None:
    """The spec of a family name given its `compat_layers` target
    (`"compat_layers.Dense"`), or None when the Keras target does not rewrite it."""
    prefix, _, public = target.rpartition(".")
    return SPECS.get(public) if prefix == "compat_layers" else None
