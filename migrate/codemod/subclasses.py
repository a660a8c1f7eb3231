"""User subclasses of the legacy family under `--target keras`: what to change, line by line.

`class MyLayer(tf.layers.Layer)` and `class MyCell(tf.nn.rnn_cell.RNNCell)` rely on
TF1 internals (variable scopes, `get_variable`, update collections, `(output,
new_state)` cells) that Keras 3 layers do not have. The Keras target keeps such a
class on its v1 base (`--target compat` runs it on `compat_layers`) and reports one
diagnostic whose message lists each finding of the class body with its line
(`FINDINGS`): TF1M200 for layers, TF1M201 for cells.

Only a `tf.layers.Layer` subclass that is provably the same Keras 3 layer gets its base
rewritten to `keras.layers.Layer` (TF1M202): methods `__init__`, `build`, `call` and
`compute_output_shape` only, `super().__init__` first and given only `name`,
`trainable`, `dtype` or `**kwargs`, `call(self, inputs)`, weights made by
`add_weight` with keyword `name`/`shape`/`dtype`/`trainable` and an initializer that is
absent or a v1 constant initializer, and no finding (`rewritable`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import libcst as cst

from migrate.codemod.arguments import code
from migrate.codemod.scan import subtree

__all__ = ["FINDINGS", "Finding", "findings", "rewritable", "subclass_base"]

Finding = tuple[cst.CSTNode, str]
Rule = Callable[[cst.CSTNode, str], str | None]


def _attr(node: cst.CSTNode) -> str | None:
    return node.attr.value if isinstance(node, cst.Attribute) else None


def _callee(node: cst.CSTNode) -> str | None:
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
    name = _callee(node)
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
    if _callee(node) == "get_variable":
        where = "build(self, input_shape)" if kind == "cell" else "build"
        return (
            "`get_variable` makes a variable the Keras 3 layer does not track (no weights, "
            f"no checkpoint): create it with `self.add_weight(name=..., shape=...)` in {where} "
            "(or keep the class on compat_layers)"
        )
    if _callee(node) == "variable_scope":
        return "variable scopes do not name Keras 3 weights (`layer.name/weight.name`)"
    return None


def _apply(node: cst.CSTNode, kind: str) -> str | None:
    if _callee(node) == "apply" and isinstance(node, cst.Call):
        return "`.apply(...)`: Keras 3 layers have no `apply`; call the layer"
    return None


def _shape_value(node: cst.CSTNode, kind: str) -> str | None:
    if _attr(node) == "value" and isinstance(node.value, cst.Subscript):  # type: ignore[attr-defined]
        return (
            f"`{code(node)}`: Keras 3 passes build a tuple of ints (no TensorShape "
            "Dimension); drop `.value`"
        )
    if _callee(node) == "as_list" and "shape" in code(node).lower():
        return f"`{code(node)}`: Keras 3 passes a tuple; use `list(...)`"
    if _callee(node) in _TENSOR_SHAPE:
        return (
            f"`{_callee(node)}`: Keras 3 passes and expects shapes as tuples of ints (or "
            "None), not TensorShape"
        )
    return None


_TENSOR_SHAPE = frozenset(
    {"TensorShape", "Dimension", "concatenate", "merge_with", "with_rank", "with_rank_at_least"}
)


def _updates(node: cst.CSTNode, kind: str) -> str | None:
    if _callee(node) == "add_update" or (_attr(node) == "updates" and "self" in code(node)):
        return (
            "update ops (`add_update`, `.updates`): Keras 3 has none; assign the variable in "
            "`call` (`self.v.assign(...)`), which runs eagerly and in tf.function"
        )
    return None


def _collections(node: cst.CSTNode, kind: str) -> str | None:
    name = _callee(node) or _attr(node) or (node.value if isinstance(node, cst.Name) else None)
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
    if _callee(node) != "add_loss" or not isinstance(node, cst.Call):
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
        if ".layers." in f".{text}" and text.split(".")[-1][:1].islower():
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
    if kind == "cell" and _callee(node) == "LSTMStateTuple":
        return "`LSTMStateTuple`: Keras cells pass their states as a list (`[h, c]`)"
    return None


# Each rule looks at one node of the class body and returns its finding, or None.
FINDINGS: tuple[Rule, ...] = (
    _add_weight,
    _get_variable,
    _apply,
    _shape_value,
    _updates,
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


_METHODS = frozenset({"__init__", "build", "call", "compute_output_shape"})
_SUPER_KEYWORDS = frozenset({"name", "trainable", "dtype"})
_INITIALIZERS = frozenset({"zeros_initializer", "ones_initializer", "constant_initializer"})


def _docstring(statement: cst.CSTNode) -> bool:
    return (
        isinstance(statement, cst.SimpleStatementLine)
        and len(statement.body) == 1
        and isinstance(statement.body[0], cst.Expr)
        and isinstance(statement.body[0].value, (cst.SimpleString, cst.ConcatenatedString))
    )


def _super_init_first(init: cst.FunctionDef) -> bool:
    body = [s for s in init.body.body if not _docstring(s)]  # type: ignore[union-attr]
    if not body or not isinstance(body[0], cst.SimpleStatementLine):
        return False
    expr = body[0].body[0]
    call = expr.value if isinstance(expr, cst.Expr) else None
    if not (isinstance(call, cst.Call) and _callee(call) == "__init__"):
        return False
    if not code(call.func).startswith("super("):
        return False
    return all(
        arg.star == "**" or (arg.keyword is not None and arg.keyword.value in _SUPER_KEYWORDS)
        for arg in call.args
    )


def _weight_ok(call: cst.Call) -> bool:
    for arg in call.args:
        if arg.keyword is None or arg.keyword.value not in ("name", "shape", "dtype", "trainable"):
            if arg.keyword is None or arg.keyword.value != "initializer":
                return False
            value = arg.value
            if not (isinstance(value, cst.Call) and _callee(value) in _INITIALIZERS):
                return False
            if any(isinstance(a.value, cst.Call) for a in value.args):
                return False
    return True


def rewritable(cls: cst.ClassDef, module_text: str) -> bool:
    """Whether `cls` (a direct `tf.layers.Layer` subclass) computes the same as a Keras 3
    layer (see the module docstring); `module_text` must have no `.apply(` at all."""
    if cls.decorators or cls.keywords or len(cls.bases) != 1 or ".apply(" in module_text:
        return False
    if next(findings(cls, "layer"), None) is not None:
        return False
    methods = {}
    for statement in cls.body.body:  # type: ignore[union-attr]
        if _docstring(statement):
            continue
        if not isinstance(statement, cst.FunctionDef) or statement.decorators:
            return False
        methods[statement.name.value] = statement
    if not set(methods) <= _METHODS or "call" not in methods:
        return False
    if "__init__" in methods and not _super_init_first(methods["__init__"]):
        return False
    call = methods["call"].params
    if len(call.params) != 2 or call.kwonly_params or call.star_kwarg is not None:
        return False
    if isinstance(call.star_arg, (cst.Param, cst.ParamStar)) or call.posonly_params:
        return False
    for node in subtree(cls.body):
        if _callee(node) == "add_weight" and not _weight_ok(node):  # type: ignore[arg-type]
            return False
        if isinstance(node, (cst.Global, cst.Nonlocal, cst.Yield, cst.Await)):
            return False
    return True


def _keras_class(entry_name: str, kind: str) -> str:
    if entry_name == "Layer":
        return "keras.layers.Layer"
    if kind == "cell":
        keras_cells = {"LSTMCell": "LSTMCell", "BasicLSTMCell": "LSTMCell", "GRUCell": "GRUCell"}
        return f"keras.layers.{keras_cells.get(entry_name, 'Layer')} (a Keras RNN cell)"
    return f"keras.layers.{entry_name[0].upper()}{entry_name[1:]}"


def subclass_base(
    host: Any, cls: cst.ClassDef, base: cst.BaseExpression, updated: cst.BaseExpression, entry: Any
) -> cst.BaseExpression:
    """The base of a user subclass of a family member under `--target keras`:
    `<keras>.layers.Layer` where `rewritable`, else `updated` with the findings reported.

    Args:
      host: the transformer.
      cls: the class definition (original tree).
      base: the base expression naming the family member (original tree).
      updated: the same expression with its children transformed.
      entry: the family name it stands for (`migrate.codemod.layers.FamilyName`).
    """
    kind = "cell" if entry.family == "rnn_cell" else "layer"
    name = cls.name.value
    prefix = host.keras_prefix(base)
    if entry.name == "Layer" and prefix is not None and rewritable(cls, host.positions.text):
        host.use_keras()
        host.count(entry.kind)
        host.report(
            base,
            "TF1M202-layer-subclass-rewritten",
            f"`class {name}({code(base)})` now derives from `{prefix}.layers.Layer`: it uses "
            "only add_weight with keyword arguments, `call(self, inputs)` and plain ops, which "
            "Keras 3 runs the same. Its weights are named `<layer>/<weight>` as in v1, without "
            "the enclosing variable scopes.",
        )
        return cst.parse_expression(f"{prefix}.layers.Layer").with_changes(
            lpar=updated.lpar, rpar=updated.rpar
        )
    found = sorted({(host.positions.start(node)[0], text) for node, text in findings(cls, kind)})
    lines = [f"line {line}: {text}" for line, text in found]
    if kind == "cell":
        lines.insert(
            0,
            "a Keras cell sets `state_size` (an int or a list), implements `call(self, inputs, "
            "states)` returning `(output, [new_state, ...])`, and runs inside "
            "`keras.layers.RNN(cell)` instead of dynamic_rnn/static_rnn",
        )
    elif not lines:
        lines.append(
            "nothing v1-only found in the class body, but it is not provably the same Keras 3 "
            "layer (methods other than __init__/build/call/compute_output_shape, call "
            "arguments, initializers or super().__init__ arguments): port it by hand"
        )
    host.report(
        base,
        "TF1M201-rnn-cell-subclass" if kind == "cell" else "TF1M200-layer-subclass",
        f"`class {name}({code(base)})` was left on its TensorFlow 1 base; --target compat runs "
        f"it on `{entry.target}`. To port it to `{_keras_class(entry.name, kind)}`, change:\n"
        + "\n".join(f"  {line}" for line in lines),
    )
    return updated
