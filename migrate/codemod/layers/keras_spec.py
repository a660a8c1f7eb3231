"""The `KerasSpec` record the Keras target's layer tables are made of, and the handler
every layer with a `training` argument shares (`keras_layers`, `keras_batch_norm`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import libcst as cst

from migrate.codemod.arguments import Bound, code
from migrate.codemod.layers.separable_arguments import Argument, Handler, V1Call
from migrate.codemod.layers.separable_notes import Note

__all__ = ["KerasSpec", "training"]


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
        without `inputs`, `reuse` and `training` (Flatten takes `data_format` first,
        BatchNormalization puts renorm, fused and trainable before `name`).
      call_args: parameters of the v1 function that become arguments of the Keras
        layer's call (Dropout's `training`), with the v1 default written when absent.
      defaults: `(parameter, source)` written when the v1 call leaves a parameter
        whose v1 default Keras 3 lacks (Dropout's `rate=0.5`).
      function_only: whether only the function form is rewritten (the class form's
        call sites decide arguments this table cannot see).
      check: reasons to refuse that depend on several arguments or on the module,
        given `(bound arguments, module source)`; findings whose code is a note are
        reported with the rewrite instead.
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
        # A v1 layer's constructor takes neither the input, nor reuse, nor training.
        return tuple(p for p in self.function_params if p not in ("inputs", "reuse", "training"))


def training(call: V1Call, a: Argument) -> cst.Arg | None:
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
