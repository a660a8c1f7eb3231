"""The names TF1 gave unnamed layers, where they can be known from the source alone.

An unnamed v1 layer opens `variable_scope(None, default_name=<base>)`, its base name
being the snake case of its class (`dense`, `conv2d_transpose`, `batch_normalization`,
`separable_conv1d`), which picks `dense`, then `dense_1`, ... by counting the scopes
of that name already opened in the current variable scope (one count per base name).
Leaving a scope opened by a string name resets the counts below it
(`_VariableScopeStore.close_variable_subscopes`), so inside one
`with tf.variable_scope("enc"):` block the numbering starts at 0 and depends only on
what that block runs. The transformer counts the unnamed calls of each such block in
evaluation order (libcst's post-order) and stops naming at the first thing it cannot
follow: a loop, a branch, a call that may create layers, a nested scope whose name is
not a literal.

This module classifies single calls; the counting state lives in the transformer.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from enum import Enum

import libcst as cst

from migrate.codemod.arguments import V1_CLASS_PARAMS, V1_FUNCTION_PARAMS, bind, literal
from migrate.codemod.layers.keras_spec import KerasSpec
from migrate.codemod.names import Kind
from migrate.codemod.walk import subtree

__all__ = [
    "AUTO_NAME",
    "NONLINEAR",
    "Effect",
    "auto_name",
    "base_name",
    "call_effect",
    "contains_call",
    "implicit_kind",
]

# The scope names unnamed v1 layers of the family take (`conv2d_transpose_3`).
AUTO_NAME = re.compile(
    r"(?:dense|dropout|flatten|batch_normalization|conv[123]d|conv[23]d_transpose"
    r"|separable_conv[12]d|(?:max|average)_pooling[123]d)(?:_\d+)?"
)

# Nodes whose parts run zero, one or many times: counts after them are not static.
NONLINEAR = (
    cst.For,
    cst.While,
    cst.If,
    cst.Try,
    cst.TryStar,
    cst.Match,
    cst.IfExp,
    cst.BooleanOperation,
    cst.ListComp,
    cst.SetComp,
    cst.DictComp,
    cst.GeneratorExp,
)
# Qualified-name prefixes of calls that cannot open a layer's scope (the family's own
# calls are classified before these are asked).
_SAFE_PREFIXES = ("builtins.", "numpy.", "math.", "tensorflow.")
# Keras layers and models share the legacy layers' name counter and graph names in
# TF1 graphs (an unnamed Keras 2 Dense put its variables under the next `dense_N`),
# so a Keras call between two unnamed layers stops the count.
_KERAS_SAFE = ("initializers", "regularizers", "constraints", "activations")
# Tensor methods common in TF1 builders that create no layer.
_SAFE_METHODS = frozenset({"get_shape", "as_list"})


class Effect(Enum):
    COUNT = "count"  # an unnamed v1 layer: takes the next number of its base name
    UNKNOWN = "unknown"  # may open a layer's scope: stop counting


def base_name(class_name: str) -> str:
    """The scope name an unnamed v1 layer of class `class_name` starts from, as TF1's
    `to_snake_case` makes it (`Conv2DTranspose` -> `conv2d_transpose`)."""
    spaced = re.sub(r"(.)([A-Z][a-z0-9]+)", r"\1_\2", class_name)
    return re.sub(r"([a-z])([A-Z])", r"\1_\2", spaced).lower()


def auto_name(base: str, index: int) -> str:
    """The scope name TF1 gave the `index`-th unnamed `base` layer of a variable scope."""
    return base if index == 0 else f"{base}_{index}"


def implicit_kind(spec: KerasSpec, *, function: bool) -> tuple[Kind, str, tuple[str, ...]]:
    """`(kind, base name, v1 signature)` of a family member with a Keras table, as
    `ScopeTracker._implicit_name` takes them."""
    kind = Kind.V1_FUNCTION if function else Kind.V1_CLASS
    params = spec.function_params if function else spec.class_params
    return kind, base_name(spec.keras), params


def contains_call(node: cst.CSTNode) -> bool:
    return any(isinstance(child, cst.Call) for child in subtree(node))


def _safe(names: set[str], func: cst.BaseExpression) -> bool:
    for name in names:
        if not name.startswith(_SAFE_PREFIXES):
            continue
        if ".keras." in name and not any(f".keras.{m}." in name for m in _KERAS_SAFE):
            return False
        return True
    return isinstance(func, cst.Attribute) and func.attr.value in _SAFE_METHODS


def _v1_effect(call: cst.Call, kind: Kind, params: tuple[str, ...] | None) -> Effect | None:
    function = kind is Kind.V1_FUNCTION
    if params is None:
        params = V1_FUNCTION_PARAMS if function else V1_CLASS_PARAMS
    bound = bind(call.args, params, extra=not function)
    if bound.splat or bound.problems:
        return Effect.UNKNOWN
    for param in ("reuse", "_reuse", "_scope"):
        if param in bound.params:
            ok, value = literal(bound.value(param))
            if not (ok and value in (None, False)):
                return Effect.UNKNOWN
    if "name" not in bound.params:
        return Effect.COUNT
    ok, name = literal(bound.value("name"))
    if ok and name is None:
        return Effect.COUNT
    if ok and isinstance(name, str) and name and not AUTO_NAME.fullmatch(name):
        return None  # a named layer opens its own scope, outside the numbering
    return Effect.UNKNOWN


def call_effect(
    call: cst.Call,
    kind: Kind | None,
    qualified: Callable[[cst.CSTNode], set[str]],
    *,
    called_at_once: bool,
    outer: cst.Call | None,
    params: tuple[str, ...] | None = None,
) -> Effect | None:
    """What running `call` does to the numbering of unnamed layers in its scope.

    Args:
      call: the call, as in the original module.
      kind: its candidate kind (None when it is not a candidate); a family member with
        a Keras table comes as `V1_FUNCTION` / `V1_CLASS` with its `params`.
      qualified: qualified names of a Name or Attribute node.
      called_at_once: whether the call is itself called (`Layer(...)(x)`).
      outer: that enclosing call, if any.
      params: the v1 signature to bind the call to (SeparableConv1D's when None).

    Returns:
      `Effect.COUNT` for an unnamed v1 layer, `Effect.UNKNOWN` when the call may open
      a layer's scope or its effect cannot be known, None when it has none.
    """
    if kind is Kind.V1_FUNCTION:
        return _v1_effect(call, kind, params)
    if kind is Kind.V1_CLASS:
        if not called_at_once:
            return None  # the layer picks its scope when it is first called
        if outer is not None and any(contains_call(arg) for arg in outer.args):
            # The instance is made before its inputs are computed but numbered when
            # called, so a layer made inside the inputs would take the number first.
            return Effect.UNKNOWN
        return _v1_effect(call, kind, params)
    if kind is Kind.KERAS2_CLASS:
        return Effect.UNKNOWN
    func = call.func
    if isinstance(func, cst.Call):
        # `Layer(...)(x)`: the instantiation was classified on its own.
        return None
    return None if _safe(qualified(func), func) else Effect.UNKNOWN
