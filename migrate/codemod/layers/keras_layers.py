"""The Keras target's layer tables: one small `KerasSpec` per v1 layer it rewrites.

Each spec names the Keras 3 class, the v1 function's signature (the class form's is
the same without `inputs`, `reuse` and `training`, and takes `**kwargs`), the weights whose
`*_initializer` / `*_regularizer` / `*_constraint` arguments scope defaults may
reach, and its argument table: argument -> handler (`separable_arguments`). An
argument without a row is kept as a keyword; the `*_initializer`, `*_regularizer`
and `*_constraint` suffixes are decided the same way for every layer. SeparableConv1D
keeps its own rewrite (`separable_keras`: causal padding, the channels_first bias).
"""

from __future__ import annotations

import libcst as cst

from migrate.codemod.arguments import V1_FUNCTION_PARAMS as SEPARABLE_PARAMS
from migrate.codemod.edit import as_keyword, lowered
from migrate.codemod.layers.keras_batch_norm import BATCH_NORM
from migrate.codemod.layers.keras_spec import KerasSpec, training
from migrate.codemod.layers.separable_arguments import COMMON_HANDLERS, Argument, Handler, V1Call
from migrate.codemod.layers.separable_notes import Note, runtime_data_format

__all__ = ["SPECS", "KerasSpec", "called_spec", "spec_for"]


def _padding(call: V1Call, a: Argument) -> cst.Arg | None:
    """'valid' is Keras 3's default; other literals are written in lower case (Keras 3
    convolutions lower-case them too, so a run-time value is kept as it is)."""
    if a.ok and isinstance(a.constant, str):
        if a.constant.lower() == "valid":
            return None
        return as_keyword(a.arg, a.name, lowered(a.arg.value, a.constant, call.quote))
    return a.keyword


def _data_format(call: V1Call, a: Argument) -> cst.Arg | None:
    """Always explicit, in lower case; a run-time value is kept (Keras 3 lower-cases it).

    Keras 3.15 adds a channels_first bias along the last axis when that axis has
    `filters` entries (keras-team/keras PR #20386; tests/test_migrate_keras_family.py
    shows it for Conv2D and Conv2DTranspose), so a layer that may have a bias is refused
    with channels_first or a run-time value."""
    if a.ok and isinstance(a.constant, str):
        new = as_keyword(a.arg, a.name, lowered(a.arg.value, a.constant, call.quote))
        if call.bias and a.constant.lower() == "channels_first":
            call.problems.append(_channels_first_bias())
    else:
        new = a.keyword
        if call.bias:
            call.problems.append(runtime_data_format(a.value))
    call.data_format = new.value
    return new


def _channels_first_bias() -> Note:
    return (
        "TF1M188-channels-first-bias",
        "data_format='channels_first' on a layer with a bias: Keras 3.15 on TensorFlow adds "
        "such a bias along the last axis whenever that axis has `filters` entries "
        "(keras-team/keras PR #20386), silently changing the numbers. Pass use_bias=False "
        "and add the bias yourself, compute in channels_last, or use --target compat for "
        "this call.",
    )


def _ones(call: V1Call, a: Argument) -> cst.Arg | None:
    """Dropped when 1 in every dimension (v1's and Keras 3's default), else a keyword."""
    value = a.constant
    ones = value == 1 or (isinstance(value, (tuple, list)) and value and set(value) == {1})
    return None if a.ok and ones and not isinstance(value, bool) else a.keyword


def _pool_padding(call: V1Call, a: Argument) -> cst.Arg | None:
    """Written in lower case: Keras 3 pooling takes 'SAME' when built but fails in
    `compute_output_shape`; a run-time value gets `.lower()`."""
    if a.ok:
        return _padding(call, a)
    value = a.arg.value
    if not isinstance(value, (cst.Name, cst.Attribute, cst.Call, cst.Subscript)) or value.lpar:
        value = value.with_changes(lpar=[cst.LeftParen()], rpar=[cst.RightParen()])
    lower = cst.Call(func=cst.Attribute(value=value, attr=cst.Name("lower")))
    return as_keyword(a.arg, a.name, lower)


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
_TAIL = ("trainable", "name", "reuse")
_HEAD = ("inputs", "filters", "kernel_size", "strides", "padding", "data_format")
_LAYER = ("activation", "use_bias")


def _conv(keras: str, *, dilation: bool = True) -> KerasSpec:
    dilated = ("dilation_rate",) if dilation else ()
    params = (*_HEAD, *dilated, *_LAYER, *_WEIGHT_ARGS, *_TAIL)
    return KerasSpec(keras, params, ("kernel",), _CONV_HANDLERS, True, 2)


_VERBATIM = COMMON_HANDLERS["filters"]


_DROPOUT = KerasSpec(
    "Dropout",
    ("inputs", "rate", "noise_shape", "seed", "training", "name"),
    (),
    {
        **COMMON_HANDLERS,
        "rate": _VERBATIM,
        "noise_shape": _NONE_DEFAULT,
        "seed": _NONE_DEFAULT,
        "training": training,
    },
    False,
    0,
    bias=False,
    call_args=(("training", "False"),),
    defaults=(("rate", "0.5"),),
    function_only=True,
)
_POOL_HANDLERS: dict[str, Handler] = {
    **COMMON_HANDLERS,
    "pool_size": _VERBATIM,
    "strides": _VERBATIM,  # required in v1; Keras 3's default (pool_size) differs
    "padding": _pool_padding,
    "data_format": _data_format,
}
_POOL_PARAMS = ("inputs", "pool_size", "strides", "padding", "data_format", "name")
_FLATTEN = KerasSpec(
    "Flatten",
    ("inputs", "name", "data_format"),
    (),
    {**COMMON_HANDLERS, "data_format": _data_format},
    True,
    0,
    bias=False,
    class_order=("data_format",),  # the class takes `name` through **kwargs
)


_SEPARABLE_2D = KerasSpec(
    "SeparableConv2D",
    SEPARABLE_PARAMS,  # separable_conv2d's v1 signature is separable_conv1d's
    ("depthwise", "pointwise"),
    {**_CONV_HANDLERS, **{f"{w}_constraint": _NONE_DEFAULT for w in ("depthwise", "pointwise")}},
    True,
    2,
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
            1,
        ),
        ("Dense", "dense"),
    ),
    (_conv("Conv1D"), ("Conv1D", "conv1d")),
    (_conv("Conv2D"), ("Conv2D", "conv2d")),
    (_conv("Conv3D"), ("Conv3D", "conv3d")),
    (_conv("Conv2DTranspose", dilation=False), ("Conv2DTranspose", "conv2d_transpose")),
    (_conv("Conv3DTranspose", dilation=False), ("Conv3DTranspose", "conv3d_transpose")),
    (_SEPARABLE_2D, ("SeparableConv2D", "separable_conv2d")),
    (_FLATTEN, ("Flatten", "flatten")),
    (_DROPOUT, ("Dropout", "dropout")),
    (BATCH_NORM, ("BatchNormalization", "batch_normalization")),
    *(
        (
            KerasSpec(f"{op}Pooling{rank}D", _POOL_PARAMS, (), _POOL_HANDLERS, True, 2, False),
            (f"{op}Pooling{rank}D", f"{op.lower()}_pooling{rank}d"),
        )
        for op in ("Average", "Max")
        for rank in (1, 2, 3)
    ),
):
    for _name in _names:
        SPECS[_name] = _spec


def spec_for(target: str) -> KerasSpec | None:
    """The spec of a family name given its `compat_layers` target
    (`"compat_layers.Dense"`), or None when the Keras target does not rewrite it."""
    prefix, _, public = target.rpartition(".")
    return SPECS.get(public) if prefix == "compat_layers" else None


def called_spec(qualified_names: set[str]) -> tuple[KerasSpec, str, bool] | None:
    """`(spec, kind, whether it is the function form)` of the family name a callee's
    qualified names stand for, or None when the Keras target has no table for it."""
    from migrate.codemod.layers import lookup  # the family table imports the spec modules

    entry = lookup(qualified_names)
    spec = None if entry is None else spec_for(entry.target)
    if spec is None or entry is None:
        return None
    return spec, entry.kind, not entry.target.rsplit(".", 1)[1][0].isupper()
