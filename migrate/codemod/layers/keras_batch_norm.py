"""batch_normalization's row of the Keras target (`keras_layers.SPECS`).

The function form becomes `keras.layers.BatchNormalization(...)(x, training=...)`;
what Keras 3 computes differently (renorm, ghost batches, graph-mode UPDATE_OPS,
frozen layers in training mode, v1's fused kernel's Bessel-corrected moving variance) is
refused. See docs/migrate.md.
"""

from __future__ import annotations

import re

import libcst as cst

from migrate.codemod.arguments import Bound, code, literal
from migrate.codemod.initializers import map_initializer
from migrate.codemod.layers.keras_spec import KerasSpec, training
from migrate.codemod.layers.separable_arguments import (
    COMMON_HANDLERS,
    Argument,
    Handler,
    V1Call,
    apply_decision,
)
from migrate.codemod.layers.separable_notes import Note

__all__ = ["BATCH_NORM"]

_NONE_DEFAULT = COMMON_HANDLERS["activation"]  # dropped when None, else kept


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
    ok_r, training = literal(bound.value("training"))
    # With `training` False or omitted v1 added no update ops either: nothing to lose.
    may_train = "training" in bound.params and not (ok_r and training is False)
    if may_train and _GRAPH_TRAINING.search(source):
        found.append(
            (
                "TF1M186-graph-mode-training",
                "A batch norm that may train (`training` not False) in a module that trains "
                "in graph mode (it collects UPDATE_OPS or runs a Session): "
                "v1 batch normalization updated its moving averages through the UPDATE_OPS "
                "collection, which Keras 3 layers never fill, so the training loop would stop "
                "updating them. Use --target compat for this module, or port the training loop "
                "to Keras 3 (model.fit or a tf.function step) first.",
            )
        )
    ok_t, trainable = literal(bound.value("trainable"))
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
    ok_f, fused = literal(bound.value("fused"))
    ok_a, axis = literal(bound.value("axis"))
    fusable = ok_a and axis in _FUSABLE_AXES if "axis" in bound.params else True
    may_fuse = fusable and not (ok_f and fused is False)
    if ok_r and training is True and may_fuse:
        found.append(
            (
                "TF1M209-batch-norm-fused-kernel",
                "training=True on a 4D or 5D input with the channel axis first or last: v1 "
                "ran its fused batch norm kernel, which moves `moving_variance` toward the "
                "Bessel-corrected batch variance (n / (n - 1) times the biased one, n the "
                "values per channel); Keras 3 moves it toward the biased one, so every step "
                "leaves a smaller moving variance and inference after training differs. Pass "
                "fused=False to the v1 call (v1 then computes as Keras 3 does) and run the "
                "tool again, or use --target compat for this call.",
            )
        )
    return found


# Channel axes v1's fused kernel took (4D: 1, 3; 5D: 1, 4; negative alike).
_FUSABLE_AXES = (-1, 1, 3, 4, -3, -4)


BATCH_NORM = KerasSpec(
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
        "training": training,
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
    # The class puts the renorm arguments, fused and trainable before `name`.
    class_order=(
        *("axis", "momentum", "epsilon", "center", "scale"),
        *(f"{w}_initializer" for w in ("beta", "gamma", "moving_mean", "moving_variance")),
        *("beta_regularizer", "gamma_regularizer", "beta_constraint", "gamma_constraint"),
        *("renorm", "renorm_clipping", "renorm_momentum", "fused", "trainable"),
        *("virtual_batch_size", "adjustment", "name"),
    ),
    call_args=(("training", "False"),),
    function_only=True,
    check=_batch_norm_check,
)
