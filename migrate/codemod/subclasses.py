"""User subclasses of the legacy family under `--target keras`: what to change, line by line.

`class MyLayer(tf.layers.Layer)` and `class MyCell(tf.nn.rnn_cell.RNNCell)` rely on
TF1 internals (variable scopes, `get_variable`, update collections, `(output,
new_state)` cells) that Keras 3 layers do not have. The Keras target keeps such a
class on its v1 base (`--target compat` runs it on `compat_layers`) and reports one
diagnostic whose message lists each finding of the class body with its line
(`subclass_findings`): TF1M200 for layers, TF1M201 for cells.

Only a `tf.layers.Layer` subclass that is provably the same Keras 3 layer gets its base
rewritten to `keras.layers.Layer` (TF1M202): methods `__init__`, `build`, `call` and
`compute_output_shape` only, `super().__init__` first and given only `name`,
`trainable`, `dtype` or `**kwargs`, `call(self, inputs)`, weights made by
`add_weight` with keyword `name`/`shape`/`dtype`/`trainable` and an initializer that is
absent or a v1 constant initializer, `self.` attributes that the class sets itself or
that mean the same on both bases (`weights`, `name`, `built`, ...), and no finding
(`rewritable`).
"""

from __future__ import annotations

from typing import Any

import libcst as cst

from migrate.codemod.arguments import code
from migrate.codemod.subclass_findings import (
    Finding,
    callee,
    findings,
    is_docstring,
    super_init_problem,
)
from migrate.codemod.walk import subtree

__all__ = ["blockers", "rewritable", "subclass_base"]

_METHODS = frozenset({"__init__", "build", "call", "compute_output_shape"})
_INITIALIZERS = frozenset({"zeros_initializer", "ones_initializer", "constant_initializer"})


# Attributes of the base that mean the same on a v1 and a Keras 3 layer.
_SELF_SAME = frozenset(
    {
        "add_weight",
        "built",
        "name",
        "trainable",
        "weights",
        "trainable_weights",
        "non_trainable_weights",
        "variables",
        "trainable_variables",
        "non_trainable_variables",
    }
)


def _weight_ok(call: cst.Call) -> bool:
    for arg in call.args:
        if arg.keyword is None or arg.keyword.value not in ("name", "shape", "dtype", "trainable"):
            if arg.keyword is None or arg.keyword.value != "initializer":
                return False
            value = arg.value
            if not (isinstance(value, cst.Call) and callee(value) in _INITIALIZERS):
                return False
            if any(isinstance(a.value, cst.Call) for a in value.args):
                return False
    return True


def blockers(cls: cst.ClassDef, module_text: str) -> list[Finding]:
    """Why `cls` (a `tf.layers.Layer` subclass without findings) is not provably the same
    Keras 3 layer: `(node, text)` pairs, none when it is (see the module docstring)."""
    found: list[Finding] = []
    if cls.decorators or cls.keywords or len(cls.bases) != 1:
        found.append((cls, "decorators, several bases or class keywords"))
    if ".apply(" in module_text:
        found.append((cls, "the module calls `.apply(...)`, which Keras 3 layers lack"))
    methods = {}
    for statement in cls.body.body:  # type: ignore[union-attr]
        if isinstance(statement, cst.FunctionDef) and not statement.decorators:
            methods[statement.name.value] = statement
            if statement.name.value not in _METHODS:
                found.append((statement, f"method `{statement.name.value}`"))
        elif not is_docstring(statement):
            found.append((statement, "a class attribute or decorated method"))
    if "call" not in methods:
        found.append((cls, "no `call` method"))
    else:
        params = methods["call"].params
        extra = [p.name.value for p in (*params.params[2:], *params.kwonly_params)]
        if len(params.params) < 2 or extra or params.star_kwarg is not None:
            found.append(
                (
                    methods["call"],
                    f"`call` takes {', '.join(extra) or 'other arguments'}: Keras 3 fills "
                    "`training`/`mask` itself",
                )
            )
        if isinstance(params.star_arg, (cst.Param, cst.ParamStar)) or params.posonly_params:
            found.append((methods["call"], "`call` takes `*args` or positional-only arguments"))
    if "__init__" in methods:
        why = super_init_problem(methods["__init__"])
        if why is not None:
            found.append((methods["__init__"], why))
    own = (
        set(methods)
        | _SELF_SAME
        | {
            target.attr.value
            for node in subtree(cls.body)
            if isinstance(node, (cst.AssignTarget, cst.AnnAssign, cst.AugAssign))
            for target in [node.target]
            if isinstance(target, cst.Attribute) and code(target.value) == "self"
        }
    )
    for node in subtree(cls.body):
        if (
            isinstance(node, cst.Attribute)
            and code(node.value) == "self"
            and node.attr.value not in own
        ):
            found.append((node, f"`self.{node.attr.value}`, an attribute of the v1 base"))
        if callee(node) == "add_weight" and not _weight_ok(node):  # type: ignore[arg-type]
            found.append(
                (
                    node,
                    "`add_weight` with an argument other than name/shape/dtype/trainable or a "
                    "v1 zeros/ones/constant initializer",
                )
            )
        if isinstance(node, (cst.Global, cst.Nonlocal, cst.Yield, cst.Await)):
            found.append((node, "global/nonlocal/yield/await"))
    return found


def rewritable(cls: cst.ClassDef, module_text: str) -> bool:
    """Whether `cls` (a direct `tf.layers.Layer` subclass) computes the same as a Keras 3
    layer: no finding and no blocker."""
    return next(findings(cls, "layer"), None) is None and not blockers(cls, module_text)


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
    elif not lines and entry.name == "Layer":
        # Nothing v1-only: say why the base was not rewritten to keras.layers.Layer.
        blocked = {(host.positions.start(n)[0], t) for n, t in blockers(cls, host.positions.text)}
        lines = [f"line {line}: not proven the same in Keras 3: {t}" for line, t in sorted(blocked)]
    host.report(
        base,
        "TF1M201-rnn-cell-subclass" if kind == "cell" else "TF1M200-layer-subclass",
        f"`class {name}({code(base)})` was left on its TensorFlow 1 base; --target compat runs "
        f"it on `{entry.target}`. To port it to `{_keras_class(entry.name, kind)}`, change:\n"
        + "\n".join(f"  {line}" for line in lines),
    )
    return updated
