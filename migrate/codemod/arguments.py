"""The v1 -> Keras 3 argument table: binding, defaults, initializers, regularizers.

tf_upgrade_v2's one good idea is kept: arguments are first bound to parameter
names (positional ones become keywords), then each is decided from one table.
Every decision is one of `Keep`, `Drop`, `Replace` or `Refuse`; the initializer and
regularizer decisions are `codemod.initializers`'.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import libcst as cst

__all__ = [
    "KERAS2_IGNORED",
    "KERAS2_PARAMS",
    "V1_CLASS_PARAMS",
    "V1_FUNCTION_PARAMS",
    "Bound",
    "Drop",
    "Keep",
    "Refuse",
    "Replace",
    "bind",
    "literal",
]

# tf.compat.v1.layers.separable_conv1d, all 23 parameters in order.
V1_FUNCTION_PARAMS: tuple[str, ...] = (
    "inputs",
    "filters",
    "kernel_size",
    "strides",
    "padding",
    "data_format",
    "dilation_rate",
    "depth_multiplier",
    "activation",
    "use_bias",
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
    "trainable",
    "name",
    "reuse",
)
# tf.compat.v1.layers.SeparableConv1D(filters, ..., name=None, **kwargs).
V1_CLASS_PARAMS: tuple[str, ...] = V1_FUNCTION_PARAMS[1:22]
# Keras 2's SeparableConv1D(filters, ..., bias_constraint=None, **kwargs).
KERAS2_PARAMS: tuple[str, ...] = V1_FUNCTION_PARAMS[1:20]
# Keras 2's Conv base accepted these and SeparableConv1D never used them.
KERAS2_IGNORED = ("kernel_initializer", "kernel_regularizer", "kernel_constraint")

_EMPTY = cst.Module(body=[])


def code(node: cst.CSTNode) -> str:
    return _EMPTY.code_for_node(node)


def literal(node: cst.CSTNode | None) -> tuple[bool, Any]:
    """(True, value) when `node` is a Python literal, else (False, None)."""
    if node is None:
        return False, None
    try:
        return True, ast.literal_eval(code(node).strip())
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        return False, None


@dataclass
class Bound:
    """Arguments of one call bound to parameter names.

    Attributes:
      params: parameter name -> the Arg that supplies it.
      names: for each Arg of the call in order, its parameter name (or the
        keyword of an extra `**kwargs` argument, or None for a splat).
      problems: reasons the binding failed (TypeError in the original).
      splat: whether a `*args` or `**kwargs` argument is present.
    """

    params: dict[str, cst.Arg] = field(default_factory=dict)
    names: list[str | None] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    splat: bool = False

    def value(self, name: str) -> cst.BaseExpression | None:
        arg = self.params.get(name)
        return None if arg is None else arg.value


def bind(
    args: tuple[cst.Arg, ...] | list[cst.Arg], params: tuple[str, ...], *, extra: bool
) -> Bound:
    """Bind call arguments to `params` as Python would.

    Args:
      args: the call's arguments.
      params: parameter names in positional order.
      extra: whether the callee takes `**kwargs` (unknown keywords allowed).
    """
    bound = Bound()
    position = 0
    for arg in args:
        if arg.star:
            bound.splat = True
            bound.names.append(None)
            continue
        if arg.keyword is None:
            if position >= len(params):
                bound.problems.append(f"more than {len(params)} positional arguments")
                bound.names.append(None)
                continue
            name = params[position]
            position += 1
        else:
            name = arg.keyword.value
            if name not in params and not extra:
                bound.problems.append(f"unexpected keyword argument `{name}`")
        if name in bound.params:
            bound.problems.append(f"`{name}` given twice")
        bound.params[name] = arg
        bound.names.append(name)
    return bound


@dataclass(frozen=True)
class Keep:
    """Keep the argument's value as written."""


@dataclass(frozen=True)
class Drop:
    """Remove the argument: Keras 3's default means the same."""


@dataclass(frozen=True)
class Replace:
    value: cst.BaseExpression


@dataclass(frozen=True)
class Refuse:
    code: str
    message: str


Decision = Keep | Drop | Replace | Refuse
QualifiedNames = Callable[[cst.CSTNode], set[str]]
