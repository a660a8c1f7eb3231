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

import re
from collections.abc import Callable
from dataclasses import dataclass

import libcst as cst

from migrate.codemod.arguments import Bound, code, literal, map_initializer
from migrate.codemod.edit import as_keyword, lowered
from migrate.codemod.layers.separable_arguments import (
    COMMON_HANDLERS,
    Argument,
    Handler,
    V1Call,
    apply_decision,
)
from migrate.codemod.layers.separable_notes import Note, runtime_data_format

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
      required: how many parameters after `inputs` have no default.
      bias: whether the layer has a bias weight.
      class_order: the class form's parameters when they are not the function's
        without `inputs` and `reuse` (Flatten takes `data_format` first).
      call_args: parameters of the v1 function that become arguments of the Keras
        layer's call (Dropout's `training`), with the v1 default written when absent.
      defaults: `(parameter, source)` written when the v1 call leaves a parameter
        whose v1 default Keras 3 lacks (Dropout's `rate=0.5`).
      function_only: whether only the function form is rewritten (the class form's
        call sites decide arguments this table cannot see).
      check: reasons to refuse that depend on several arguments or on the module,
        given `(bound arguments, module source)`.
    """

    keras: str
    function_params: tuple[str, ...]
    weights: tuple[str, ...]
    handlers: dict[str, Handler]
    data_format: bool
    required: int
    bias: bool = True
    class_order: tuple[str, ...] | None = None
    call_args: tuple[tuple[str, str], ...] = ()
    defaults: tuple[tuple[str, str], ...] = ()
    function_only: bool = False
    check: Callable[[Bound, str], list[Note]] | None = None

    @property
    def class_params(self) -> tuple[str, ...]:
        if self.class_order is not None:
            return self.class_order
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
    return KerasSpec(keras, params, ("kernel",), _CONV_HANDLERS, True, 2)


_VERBATIM = COMMON_HANDLERS["filters"]


def _training(call: V1Call, a: Argument) -> cst.Arg | None:
    """Moved to the layer's call. Only a literal bool is certain: Keras 3's Dropout tests
    `if training`, which a placeholder or a graph tensor cannot answer (v1 built a cond)."""
    if not (a.ok and isinstance(a.constant, bool)):
        call.problems.append(
            (
                "TF1M183-training-tensor",
                f"`training={code(a.value)}` is not a literal True/False. The v1 layer built a "
                "tf.cond on it, so it may be a placeholder or tensor fed at run time; Keras 3's "
                "Dropout and BatchNormalization need a Python bool (or model.fit's training "
                "flag). Pass a Python bool (or call the layer inside a Keras model), then run "
                "the tool again, or use --target compat, which keeps v1's behaviour.",
            )
        )
    call.call_args["training"] = a.arg.value
    return None


_DROPOUT = KerasSpec(
    "Dropout",
    ("inputs", "rate", "noise_shape", "seed", "training", "name"),
    (),
    {
        **COMMON_HANDLERS,
        "rate": _VERBATIM,
        "noise_shape": _NONE_DEFAULT,
        "seed": _NONE_DEFAULT,
        "training": _training,
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
    class_order=("data_format", "name"),
)


_SEPARABLE_2D = KerasSpec(
    "SeparableConv2D",
    (*_HEAD, "dilation_rate", "depth_multiplier", *_LAYER, *_SEPARABLE_WEIGHT_ARGS, *_TAIL),
    ("depthwise", "pointwise"),
    {**_CONV_HANDLERS, **{f"{w}_constraint": _NONE_DEFAULT for w in ("depthwise", "pointwise")}},
    True,
    2,
)


def _keep_none_initializer(call: V1Call, a: Argument) -> cst.Arg | None:
    """None means the variable scope default (glorot_uniform) in v1 and glorot_uniform in
    Keras 3 too, so it is kept: dropping it would give Keras 3's zeros/ones default."""
    return apply_decision(
        call, a, map_initializer(a.value, call.qualified, call.prefix, default_none=False)
    )


def _refuse_unless(name: str, allowed: tuple[object, ...], why: str) -> Handler:
    """Dropped when a literal in `allowed` (what Keras 3 computes too), else refused."""

    def handler(call: V1Call, a: Argument) -> cst.Arg | None:
        if a.ok and any(a.constant is v or a.constant == v for v in allowed):
            return None
        call.problems.append(
            (
                "TF1M185-batch-norm-argument",
                f"`{name}={code(a.value)}`: {why} Remove it (or use --target compat), then "
                "run the tool again.",
            )
        )
        return a.keyword

    return handler


def _axis(call: V1Call, a: Argument) -> cst.Arg | None:
    if a.ok and a.constant == -1 and not isinstance(a.constant, bool):
        return None
    if a.ok and not isinstance(a.constant, int):
        call.problems.append(
            (
                "TF1M185-batch-norm-argument",
                f"`axis={code(a.value)}`: Keras 3's BatchNormalization normalizes one axis "
                "(an integer); v1 accepted a list. Use --target compat for this call.",
            )
        )
    return a.keyword


_GRAPH_TRAINING = re.compile(r"\bUPDATE_OPS\b|\bSession\b|\bMonitoredTrainingSession\b")


def _batch_norm_check(bound: Bound, source: str) -> list[Note]:
    found: list[Note] = []
    if _GRAPH_TRAINING.search(source):
        found.append(
            (
                "TF1M186-graph-mode-training",
                "This module trains in graph mode (it collects UPDATE_OPS or runs a Session): "
                "v1 batch normalization updated its moving averages through the UPDATE_OPS "
                "collection, which Keras 3 layers never fill, so the training loop would stop "
                "updating them. Use --target compat for this module, or port the training loop "
                "to Keras 3 (model.fit or a tf.function step) first.",
            )
        )
    ok_t, trainable = literal(bound.value("trainable"))
    ok_r, training = literal(bound.value("training"))
    frozen = "trainable" in bound.params and not (ok_t and trainable is True)
    if frozen and not (ok_r and training is False) and "training" in bound.params:
        found.append(
            (
                "TF1M187-frozen-batch-norm-training",
                "`trainable=False` with `training` not False: v1 still normalized with the "
                "batch statistics and updated the moving averages, while a frozen Keras 3 "
                "BatchNormalization always runs in inference mode. Use --target compat for "
                "this call.",
            )
        )
    return found


_BATCH_NORM = KerasSpec(
    "BatchNormalization",
    (
        "inputs",
        "axis",
        "momentum",
        "epsilon",
        "center",
        "scale",
        "beta_initializer",
        "gamma_initializer",
        "moving_mean_initializer",
        "moving_variance_initializer",
        "beta_regularizer",
        "gamma_regularizer",
        "beta_constraint",
        "gamma_constraint",
        "training",
        "trainable",
        "name",
        "reuse",
        "renorm",
        "renorm_clipping",
        "renorm_momentum",
        "fused",
        "virtual_batch_size",
        "adjustment",
    ),
    ("beta", "gamma"),
    {
        **COMMON_HANDLERS,
        **{f"{w}_constraint": _NONE_DEFAULT for w in ("beta", "gamma")},
        **{
            f"{w}_initializer": _keep_none_initializer
            for w in ("beta", "gamma", "moving_mean", "moving_variance")
        },
        "axis": _axis,
        "center": COMMON_HANDLERS["use_bias"],  # dropped when True
        "scale": COMMON_HANDLERS["use_bias"],
        "training": _training,
        "renorm": _refuse_unless(
            "renorm", (False,), "batch renormalization is not proven equal in Keras 3."
        ),
        "renorm_clipping": _refuse_unless("renorm_clipping", (None,), "used with renorm only."),
        "renorm_momentum": _refuse_unless("renorm_momentum", (0.99,), "used with renorm only."),
        "fused": _refuse_unless(
            "fused",
            (None, True, False),
            "Keras 3 picks its kernel itself; a run-time value cannot be checked.",
        ),
        "virtual_batch_size": _refuse_unless(
            "virtual_batch_size", (None,), "Keras 3's BatchNormalization has no ghost batches."
        ),
        "adjustment": _refuse_unless(
            "adjustment", (None,), "Keras 3's BatchNormalization has no adjustment function."
        ),
    },
    False,
    0,
    bias=False,
    call_args=(("training", "False"),),
    function_only=True,
    check=_batch_norm_check,
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
    (_BATCH_NORM, ("BatchNormalization", "batch_normalization")),
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
