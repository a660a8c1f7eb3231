"""SeparableConv1D's v1 arguments -> Keras 3 arguments, one handler per argument.

`HANDLERS` maps an argument name to the function that decides it; `SUFFIX_HANDLERS`
covers the `*_initializer`, `*_regularizer` and `*_constraint` families. A handler
gets the call's shared state (`V1Call`: what other arguments decided, notes and
refusals) and one `Argument`, and returns the argument to emit or None to drop it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import libcst as cst

from migrate.codemod.arguments import (
    KERAS2_IGNORED,
    V1_CLASS_PARAMS,
    Drop,
    Keep,
    Refuse,
    Replace,
    code,
    literal,
)
from migrate.codemod.edit import as_keyword, has_comment, lowered, string
from migrate.codemod.initializers import map_initializer, map_regularizer
from migrate.codemod.layers import separable_notes as notes

__all__ = [
    "COMMON_HANDLERS",
    "HANDLERS",
    "Argument",
    "Handler",
    "V1Call",
    "apply_decision",
    "decide",
]

_ONE = (1, (1,), [1])
# Defaults Keras 3 accepts verbatim: kept (not dropped) when a comment is attached.
_KEEP_WITH_COMMENT = frozenset(
    {
        "strides",
        "dilation_rate",
        "depth_multiplier",
        "padding",
        "activation",
        "use_bias",
        "trainable",
        "name",
        "depthwise_regularizer",
        "pointwise_regularizer",
        "bias_regularizer",
        "activity_regularizer",
        "depthwise_constraint",
        "pointwise_constraint",
        "bias_constraint",
    }
)


@dataclass
class V1Call:
    """What the arguments of one v1 call decide together.

    Attributes:
      quote: the quote character new strings use.
      prefix: the expression naming Keras 3 (`tf.keras`).
      qualified: qualified names of a node (for initializers and regularizers).
      bias: whether the layer may have a bias.
      scope: the static variable scope path, None when unknown.
      notes: diagnostics to report if the call is rewritten.
      problems: refusals: when any, the call is left unchanged.
      inputs: the `inputs` of the function form.
      causal: whether padding is 'causal'.
      data_format: the data_format value emitted, if one is.
      permute: whether channels_first computes between two Permute layers.
      v1_name / keras_name: the layer's v1 name and the name the Keras layer gets.
      call_args: arguments moved from the v1 call to the Keras layer's call.
    """

    quote: str
    prefix: str
    qualified: Callable[[cst.CSTNode], set[str]]
    bias: bool
    scope: str | None
    notes: list[notes.Note] = field(default_factory=list)
    problems: list[notes.Note] = field(default_factory=list)
    inputs: cst.BaseExpression | None = None
    causal: bool = False
    data_format: cst.BaseExpression | None = None
    permute: bool = False
    v1_name: str | None = None
    keras_name: str | None = None
    call_args: dict[str, cst.BaseExpression] = field(default_factory=dict)


@dataclass(frozen=True)
class Argument:
    """One argument: decided on the original node (metadata lives there), emitted from
    the updated one (which holds any nested call already rewritten)."""

    name: str
    arg: cst.Arg
    value: cst.BaseExpression
    ok: bool
    constant: Any

    @property
    def keyword(self) -> cst.Arg:
        return as_keyword(self.arg, self.name)


Handler = Callable[[V1Call, Argument], "cst.Arg | None"]


def _ignored(call: V1Call, a: Argument) -> cst.Arg | None:
    call.notes.append(notes.ignored_argument(a.name))
    return None


def _inputs(call: V1Call, a: Argument) -> cst.Arg | None:
    call.inputs = a.arg.value
    return None


def _drop(call: V1Call, a: Argument) -> cst.Arg | None:
    return None


def _verbatim(call: V1Call, a: Argument) -> cst.Arg | None:
    return a.arg


def _default_one(call: V1Call, a: Argument) -> cst.Arg | None:
    return None if a.ok and a.constant in _ONE else a.keyword


def _padding(call: V1Call, a: Argument) -> cst.Arg | None:
    if a.ok and isinstance(a.constant, str):
        if a.constant.lower() in ("valid", "causal"):
            call.causal = call.causal or a.constant.lower() == "causal"
            return None
        return as_keyword(a.arg, a.name, lowered(a.arg.value, a.constant, call.quote))
    if not a.ok:
        call.notes.append(notes.runtime_padding(a.value))
    return a.keyword


def _data_format(call: V1Call, a: Argument) -> cst.Arg | None:
    new: cst.Arg | None = a.keyword
    if a.ok and isinstance(a.constant, str):
        new = as_keyword(a.arg, a.name, lowered(a.arg.value, a.constant, call.quote))
        if call.bias and a.constant.lower() == "channels_first":
            call.permute = True
            new = as_keyword(a.arg, a.name, string("channels_last", call.quote))
    elif not a.ok and call.bias:
        call.problems.append(notes.runtime_data_format(a.value))
    call.data_format = new.value if new is not None else None
    return new


def _none_default(call: V1Call, a: Argument) -> cst.Arg | None:
    return None if a.ok and a.constant is None else a.keyword


def _true_default(call: V1Call, a: Argument) -> cst.Arg | None:
    return None if a.ok and a.constant is True else a.keyword


def apply_decision(call: V1Call, a: Argument, decision: object) -> cst.Arg | None:
    """The argument for a `Keep` / `Drop` / `Replace` / `Refuse` decision about `a`."""
    if isinstance(decision, Drop):
        return None
    if isinstance(decision, Keep):
        return a.keyword
    if isinstance(decision, Replace):
        return as_keyword(a.arg, a.name, decision.value)
    assert isinstance(decision, Refuse)
    call.problems.append((decision.code, decision.message))
    return a.keyword


def _initializer(call: V1Call, a: Argument) -> cst.Arg | None:
    bias = a.name == "bias_initializer"
    decision = map_initializer(a.value, call.qualified, call.prefix, default_none=not bias)
    if bias and isinstance(decision, Replace):
        if code(decision.value).endswith(".initializers.Zeros()"):
            decision = Drop()
    return apply_decision(call, a, decision)


def _regularizer(call: V1Call, a: Argument) -> cst.Arg | None:
    return apply_decision(call, a, map_regularizer(a.value, call.qualified, call.prefix))


def _constraint(call: V1Call, a: Argument) -> cst.Arg | None:
    if a.name not in V1_CLASS_PARAMS:
        return a.keyword
    return _none_default(call, a)


def _name(call: V1Call, a: Argument) -> cst.Arg | None:
    if a.ok and a.constant in (None, ""):
        # v1 gave an empty name a generated one, as Keras 3 does None.
        if call.keras_name is not None:
            return as_keyword(a.arg, a.name, string(call.keras_name, call.quote))
        return None
    if not (a.ok and isinstance(a.constant, str)):
        return a.keyword
    name = a.constant
    call.v1_name = name
    call.keras_name = (f"{call.scope}/{name}" if call.scope else name).replace("/", "_")
    if "/" in name:
        call.notes.append(notes.name_sanitised(name, call.keras_name))
    if call.scope is None:
        call.notes.append(notes.name_in_dynamic_scope(name))
    if call.keras_name != name:
        return as_keyword(a.arg, a.name, string(call.keras_name, call.quote))
    return a.keyword


# Arguments every v1 layer of the family shares, decided the same way for each.
COMMON_HANDLERS: dict[str, Handler] = {
    "inputs": _inputs,
    "reuse": _drop,
    "filters": _verbatim,
    "kernel_size": _verbatim,
    "strides": _default_one,
    "dilation_rate": _default_one,
    "depth_multiplier": _default_one,
    "activation": _none_default,
    "use_bias": _true_default,
    "trainable": _true_default,
    "name": _name,
}
HANDLERS: dict[str, Handler] = {
    **{name: _ignored for name in KERAS2_IGNORED},
    **COMMON_HANDLERS,
    "padding": _padding,
    "data_format": _data_format,
}
SUFFIX_HANDLERS: tuple[tuple[str, Handler], ...] = (
    ("_initializer", _initializer),
    ("_regularizer", _regularizer),
    ("_constraint", _constraint),
)


def _handler(name: str, handlers: dict[str, Handler]) -> Handler | None:
    handler = handlers.get(name)
    if handler is None:
        handler = next((h for suffix, h in SUFFIX_HANDLERS if name.endswith(suffix)), None)
    return handler


def decide(
    call: V1Call,
    source: cst.Arg,
    arg: cst.Arg,
    name: str | None,
    handlers: dict[str, Handler] | None = None,
) -> cst.Arg | None:
    """The argument to emit for one v1 argument (None: dropped).

    Args:
      call: the call's shared state, updated by the handler.
      source: the argument in the original tree.
      arg: the same argument in the updated tree.
      name: the parameter it binds to, None for one the signature does not know.
      handlers: the layer's argument table (default: SeparableConv1D's `HANDLERS`);
        the `*_initializer` / `*_regularizer` / `*_constraint` suffixes apply to all.
    """
    if name is None:
        return arg
    ok, constant = literal(source.value)
    argument = Argument(name, arg, source.value, ok, constant)
    handler = _handler(name, HANDLERS if handlers is None else handlers)
    new = argument.keyword if handler is None else handler(call, argument)
    causal = name == "padding" and isinstance(constant, str) and constant.lower() == "causal"
    if new is None and name in _KEEP_WITH_COMMENT and not causal and has_comment(arg):
        new = argument.keyword  # the default stays where its comment is
    return new
