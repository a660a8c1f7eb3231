"""What a user subclass of a legacy layer or cell must change for Keras 3: one rule a finding.

Each rule looks at one node of a class body (`cst.CSTNode`, kind "layer" or "cell") and
returns the finding's text, or None: positional `add_weight`/`add_variable`,
`get_variable` and variable scopes, `.apply`, TensorShape `.value`/`.as_list()`, update
ops, `tf.Variable` and assignments, graph collections, v1-only attributes, `add_loss`,
`tf.layers` calls made inside the class, `call(..., training=...)`, and for cells the
`__call__(inputs, state)` signature, `(output, new_state)` returns, `LSTMStateTuple` and
`zero_state`.
`migrate.codemod.subclasses` reports them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import libcst as cst

from migrate.codemod.arguments import code
from migrate.codemod.layers import LAST_NAMES
from migrate.codemod.walk import subtree

__all__ = ["FINDINGS", "Finding", "callee", "findings", "is_docstring", "super_init_problem"]

Finding = tuple[cst.CSTNode, str]
Rule = Callable[[cst.CSTNode, str], str | None]


def _attr(node: cst.CSTNode) -> str | None:
    return node.attr.value if isinstance(node, cst.Attribute) else None


def callee(node: cst.CSTNode) -> str | None:
    """The last name of a call's function (`add_weight` of `self.add_weight(...)`)."""
    if not isinstance(node, cst.Call):
        return None
    func = node.func
    return func.value if isinstance(func, cst.Name) else _attr(func)


def _positional(call: cst.Call) -> bool:
    return any(arg.keyword is None and not arg.star for arg in call.args)


_ADD_WEIGHT_KEYWORDS = frozenset(
    {"name", "shape", "dtype", "initializer", "regularizer", "trainable", "constraint"}
    | {"aggregation"}
)


def _add_weight(node: cst.CSTNode, kind: str) -> str | None:
    name = callee(node)
    if name not in ("add_weight", "add_variable"):
        return None
    assert isinstance(node, cst.Call)
    found = []
    if _positional(node):
        found.append(
            f"`{name}(...)` passes arguments by position: v1's order is (name, shape, "
            "dtype, initializer, ...), Keras 3's add_weight(shape, initializer, dtype, ...); "
            "write `name=`, `shape=`, ... as keywords"
        )
    extra = sorted(
        arg.keyword.value
        for arg in node.args
        if arg.keyword is not None and arg.keyword.value not in _ADD_WEIGHT_KEYWORDS
    )
    if extra:
        found.append(f"{', '.join(extra)}: not arguments of Keras 3's add_weight")
    if name == "add_variable" and not found:
        found.append("`add_variable` is `add_weight` in Keras 3 (same keywords)")
    if any(arg.keyword and arg.keyword.value == "regularizer" for arg in node.args):
        found.append(
            "the regularizer's loss goes to `layer.losses` in Keras 3, not to the "
            "REGULARIZATION_LOSSES collection"
        )
    return "; ".join(found) or None


def _get_variable(node: cst.CSTNode, kind: str) -> str | None:
    if callee(node) == "get_variable":
        where = "build(self, input_shape)" if kind == "cell" else "build"
        return (
            "`get_variable` makes a variable the Keras 3 layer does not track (no weights, "
            f"no checkpoint): create it with `self.add_weight(name=..., shape=...)` in {where} "
            "(or keep the class on compat_layers)"
        )
    if callee(node) == "variable_scope":
        return "variable scopes do not name Keras 3 weights (`layer.name/weight.name`)"
    return None


def _apply(node: cst.CSTNode, kind: str) -> str | None:
    if callee(node) == "apply" and isinstance(node, cst.Call):
        return "`.apply(...)`: Keras 3 layers have no `apply`; call the layer"
    return None


def _shape_value(node: cst.CSTNode, kind: str) -> str | None:
    if _attr(node) == "value" and isinstance(node.value, cst.Subscript):  # type: ignore[attr-defined]
        return (
            f"`{code(node)}`: Keras 3 passes build a tuple of ints (no TensorShape "
            "Dimension); drop `.value`"
        )
    if callee(node) == "as_list" and "shape" in code(node).lower():
        return f"`{code(node)}`: Keras 3 passes a tuple; use `list(...)`"
    if callee(node) in _TENSOR_SHAPE:
        return (
            f"`{callee(node)}`: Keras 3 passes and expects shapes as tuples of ints (or "
            "None), not TensorShape"
        )
    return None


_TENSOR_SHAPE = frozenset(
    {"TensorShape", "Dimension", "concatenate", "merge_with", "with_rank", "with_rank_at_least"}
)


def _updates(node: cst.CSTNode, kind: str) -> str | None:
    if callee(node) == "add_update" or (_attr(node) == "updates" and "self" in code(node)):
        return (
            "update ops (`add_update`, `.updates`): Keras 3 has none; assign the variable in "
            "`call` (`self.v.assign(...)`), which runs eagerly and in tf.function"
        )
    return None


_STATE_OPS = frozenset(
    {"assign", "assign_add", "assign_sub", "scatter_update", "scatter_add", "scatter_sub"}
)


def _state(node: cst.CSTNode, kind: str) -> str | None:
    name = callee(node)
    if name == "Variable":
        return "`Variable(...)`: Keras 3 tracks the variables of `self.add_weight` only"
    if name in _STATE_OPS:
        return (
            f"`{name}`: in a v1 graph it ran only when fetched or wired with control "
            "dependencies; in Keras 3 it runs on every call"
        )
    return None


def _collections(node: cst.CSTNode, kind: str) -> str | None:
    name = callee(node) or _attr(node) or (node.value if isinstance(node, cst.Name) else None)
    if name in ("get_collection", "add_to_collection", "add_to_collections", "GraphKeys"):
        return "graph collections: Keras 3 layers keep weights and losses on the layer"
    return None


_V1_ONLY = frozenset(
    {"scope_name", "graph", "_reuse", "_scope", "get_losses_for", "get_updates_for"}
)


def _v1_attribute(node: cst.CSTNode, kind: str) -> str | None:
    name = _attr(node)
    if name in _V1_ONLY and isinstance(node.value, cst.Name) and node.value.value == "self":  # type: ignore[attr-defined]
        return f"`self.{name}` exists only on v1 layers"
    return None


def _add_loss(node: cst.CSTNode, kind: str) -> str | None:
    if callee(node) != "add_loss" or not isinstance(node, cst.Call):
        return None
    text = (
        "`add_loss`: Keras 3 keeps the loss in `layer.losses` only (v1 also added it to "
        "the REGULARIZATION_LOSSES collection in graph mode)"
    )
    if len(node.args) > 1 or any(a.keyword and a.keyword.value == "inputs" for a in node.args):
        text += "; it takes the loss only, no `inputs`"
    return text


def _layers_in_body(node: cst.CSTNode, kind: str) -> str | None:
    if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute):
        text = code(node.func)
        last = node.func.attr.value
        if ".layers." in f".{text}" and last in LAST_NAMES and last[:1].islower():
            return (
                f"`{text}(...)` inside the class: v1 reused its variables by scope, a Keras 3 "
                "layer made in `call` is a new layer on every call; create it in `__init__` "
                "and call it"
            )
    return None


def _methods(node: cst.CSTNode, kind: str) -> str | None:
    if not isinstance(node, cst.FunctionDef):
        return None
    name = node.name.value
    params = [p.name.value for p in node.params.params]
    if (
        kind == "layer"
        and name == "call"
        and "training" in params + [p.name.value for p in node.params.kwonly_params]
    ):
        return (
            "`call(..., training=...)`: Keras 3 fills `training` from the enclosing layer "
            "or model.fit when it is not passed; v1 used the parameter's default"
        )
    if kind == "layer" and name == "__call__":
        return "`__call__` overridden: Keras 3 layers are customised through `call`"
    if kind == "cell" and name in ("__call__", "call") and len(params) >= 3:
        return (
            f"`{name}(self, {params[1]}, {params[2]}, ...)` -> Keras `call(self, inputs, "
            f"states)`: `states` is a list (`{params[2]} = states[0]`, or `h, c = states`), "
            "and Keras calls it through `keras.layers.RNN(cell)`"
        )
    if kind == "cell" and name == "zero_state":
        return "`zero_state`: Keras cells use `get_initial_state(batch_size=...)`"
    if name == "__init__" and super_init_problem(node) is not None and "_reuse" in code(node):
        return "`_reuse`/`_scope`: Keras 3 layers take `name`, `trainable` and `dtype` only"
    if kind == "cell" and name == "state_size" and "StateTuple" in code(node):
        return (
            "`state_size` of a state tuple: a Keras cell's `state_size` is a list of sizes, "
            "in the order `call` returns the states"
        )
    return None


def _cell_return(node: cst.CSTNode, kind: str) -> str | None:
    if kind != "cell" or not isinstance(node, cst.Return):
        return None
    value = node.value
    if isinstance(value, cst.Tuple) and len(value.elements) == 2:
        state = value.elements[1].value
        if not isinstance(state, (cst.List, cst.Tuple)):
            return (
                f"`return {code(value)}`: a Keras cell returns `(output, [new_state, ...])`, "
                "the new states as a list"
            )
    return None


def _state_tuple(node: cst.CSTNode, kind: str) -> str | None:
    if kind == "cell" and callee(node) == "LSTMStateTuple":
        return "`LSTMStateTuple`: Keras cells pass their states as a list (`[h, c]`)"
    if kind == "cell" and callee(node) == "zero_state":
        return "`zero_state(...)`: Keras cells use `get_initial_state(batch_size=...)`"
    return None


# Each rule looks at one node of the class body and returns its finding, or None.
FINDINGS: tuple[Rule, ...] = (
    _add_weight,
    _get_variable,
    _apply,
    _shape_value,
    _updates,
    _state,
    _collections,
    _v1_attribute,
    _add_loss,
    _layers_in_body,
    _methods,
    _cell_return,
    _state_tuple,
)


def findings(cls: cst.ClassDef, kind: str) -> Iterator[Finding]:
    """`(node, text)` of every finding in the body of `cls` (kind "layer" or "cell")."""
    for node in subtree(cls.body):
        for rule in FINDINGS:
            text = rule(node, kind)
            if text is not None:
                yield node, text


_SUPER_KEYWORDS = frozenset({"name", "trainable", "dtype"})


def is_docstring(statement: cst.CSTNode) -> bool:
    return (
        isinstance(statement, cst.SimpleStatementLine)
        and len(statement.body) == 1
        and isinstance(statement.body[0], cst.Expr)
        and isinstance(statement.body[0].value, (cst.SimpleString, cst.ConcatenatedString))
    )


def super_init_problem(init: cst.FunctionDef) -> str | None:
    """Why `__init__` is not provably Keras 3's (None when it is)."""
    body = [s for s in init.body.body if not is_docstring(s)]  # type: ignore[union-attr]
    first = body[0] if body else None
    expr = first.body[0] if isinstance(first, cst.SimpleStatementLine) else None
    call = expr.value if isinstance(expr, cst.Expr) else None
    if not (isinstance(call, cst.Call) and callee(call) == "__init__"):
        return "`super().__init__(...)` is not the first statement of `__init__`"
    if not code(call.func).startswith("super("):
        return "`__init__` calls another base's `__init__` first"
    bad = [
        code(arg)
        for arg in call.args
        if arg.star != "**" and not (arg.keyword and arg.keyword.value in _SUPER_KEYWORDS)
    ]
    if bad:
        return (
            f"`super().__init__({', '.join(bad)})`: Keras 3's Layer takes `name`, "
            "`trainable` and `dtype` (no `_reuse`, `_scope`, positional arguments)"
        )
    return None
