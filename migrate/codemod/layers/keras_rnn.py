"""The Keras target for `tf.nn.dynamic_rnn` / `bidirectional_dynamic_rnn` and their cells.

```
cell = tf.nn.rnn_cell.GRUCell(8)
outputs, state = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32, scope="enc")
```
becomes
```
cell = keras.layers.GRUCell(8, reset_after=False)
outputs, state = keras.layers.RNN(cell, return_sequences=True, return_state=True, name="enc")(x)
```
A call is rewritten only with all its cells, and only when every cell is written in the
call or assigned, in the same block, to a name whose one use is that argument; the cells'
arguments (`keras_rnn_cells`), the call's own and its assignment targets
(`keras_rnn_decide`) must all map. Otherwise the call and its cells stay as they were,
with the reasons and TF1M196. `plan` finds the calls before the walk; the transformer
asks `leave_call` and `leave_assign` about the nodes it holds; `keras_rnn_emit` writes
the new source. The RNN layer is named after the v1 scope
(`enc/rnn` -> `enc_rnn`) and recorded, so `load_v1_checkpoint` pairs its cells.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import libcst as cst
from libcst.metadata import ScopeProvider

from migrate.codemod.arguments import bind, code, literal
from migrate.codemod.layers import lookup
from migrate.codemod.layers.keras_rnn_cells import CELLS, CellSpec, Note
from migrate.codemod.layers.keras_rnn_decide import decide
from migrate.codemod.layers.keras_rnn_emit import cell_text, rnn_text
from migrate.codemod.walk import children

__all__ = ["Pairing", "Plan", "RnnSpec", "leave_assign", "leave_call", "plan"]

_COMMON = ("sequence_length", "dtype", "parallel_iterations", "swap_memory", "time_major")


@dataclass(frozen=True)
class RnnSpec:
    """One v1 RNN function: its parameters, cell parameters and default scope."""

    name: str
    params: tuple[str, ...]
    cells: tuple[str, ...]
    states: tuple[str, ...]
    scope: str


_SPECS = {
    spec.name: spec
    for spec in (
        RnnSpec(
            "dynamic_rnn",
            ("cell", "inputs", "sequence_length", "initial_state", *_COMMON[1:], "scope"),
            ("cell",),
            ("initial_state",),
            "rnn",
        ),
        RnnSpec(
            "bidirectional_dynamic_rnn",
            ("cell_fw", "cell_bw", "inputs", "sequence_length", "initial_state_fw")
            + ("initial_state_bw", *_COMMON[1:], "scope"),
            ("cell_fw", "cell_bw"),
            ("initial_state_fw", "initial_state_bw"),
            "bidirectional_rnn",
        ),
    )
}
_MODULES = ("tensorflow.nn.", "tensorflow.compat.v1.nn.", "tensorflow.python.ops.rnn.")


@dataclass
class Pairing:
    """One v1 RNN call, its cells and what became of them."""

    spec: RnnSpec
    call: cst.Call
    assign: cst.Assign | None
    cells: list[tuple[cst.Call, CellSpec] | None]
    problems: list[Note] = field(default_factory=list)
    rewrite: bool | None = None  # None until decided
    cell_args: dict[int, list[cst.Arg]] = field(default_factory=dict)
    targets: list[cst.BaseAssignTargetExpression] = field(default_factory=list)
    states: bool = False
    subscript: bool = False
    name: str = ""
    forget_bias: set[float] = field(default_factory=set)
    legacy: list[str] = field(default_factory=list)  # other legacy names it holds


@dataclass
class Plan:
    """The module's RNN calls, by the ids of the nodes the transformer asks about."""

    nodes: dict[int, Pairing] = field(default_factory=dict)
    cell_funcs: set[int] = field(default_factory=set)
    assigns: dict[int, Pairing] = field(default_factory=dict)
    statements: set[int] = field(default_factory=set)  # statements around an RNN call
    names: dict[str, int] = field(default_factory=dict)  # Keras name -> times given


def _untraced(text: str, why: str) -> Note:
    return (
        "TF1M190-rnn-cell-use",
        f"The cell `{text}` {why}. Keras 3 cells are rewritten only together with the one "
        "dynamic_rnn / bidirectional_dynamic_rnn call that uses them: write the cell in the "
        "call or assign it in the same block to a name used only there (no zero_state, "
        "MultiRNNCell, wrappers or other uses), or use --target compat.",
    )


def plan(module: cst.Module, host: Any) -> Plan | None:
    """The RNN calls of `module` and their cells, or None when it has none."""
    if "dynamic_rnn" not in host.positions.text:
        return None
    found = Plan()
    assigned: dict[int, tuple[cst.Assign, int, int]] = {}  # target Name -> (assign, block, i)
    calls: list[tuple[cst.Call, cst.Assign | None, bool, int, int]] = []
    around: list[int] = []  # the statements being walked, outermost first

    def walk(node: cst.CSTNode, block: int, index: int, assign: cst.Assign | None) -> None:
        if isinstance(node, (cst.Module, cst.IndentedBlock)):
            for i, statement in enumerate(node.body):
                walk(statement, id(node), i, None)
            return
        if isinstance(node, cst.SimpleStatementLine):
            small = node.body[0] if len(node.body) == 1 else None
            assign = small if isinstance(small, cst.Assign) and len(small.targets) == 1 else None
            if assign is not None and isinstance(assign.targets[0].target, cst.Name):
                assigned[id(assign.targets[0].target)] = (assign, block, index)
        elif isinstance(node, cst.Call) and _call(node, assign, block, index, calls, host):
            found.statements.update(around)
        statement = isinstance(node, cst.BaseStatement)
        if statement:
            around.append(id(node))
        for child in children(node):
            walk(child, block, index, assign)
        if statement:
            around.pop()

    walk(module, id(module), 0, None)
    for call, assign, direct, block, index in calls:
        spec = _SPECS[_last(call.func)]
        pairing = Pairing(spec, call, assign if direct else None, [])
        bound = bind(call.args, spec.params, extra=False)
        for param in spec.cells:
            value = bound.value(param)
            pairing.cells.append(_cell(value, pairing, block, index, assigned, host, found))
        for param in spec.states:
            value = bound.value(param)
            entry = lookup(host.qualified(value.func)) if isinstance(value, cst.Call) else None
            if entry is not None and entry.kind == "lstm_state_tuple":
                pairing.legacy.append(code(value.func))
                found.cell_funcs.add(id(value.func))
        if not direct:
            pairing.problems.append(
                (
                    "TF1M198-rnn-call-form",
                    f"`{code(call.func)}(...)` is not the whole value of an assignment "
                    "(`outputs, state = ...` or `outputs = ...[0]`), so what its result "
                    "becomes cannot be followed. Assign its result first, or use --target "
                    "compat.",
                )
            )
        found.nodes[id(call)] = pairing
        for cell in pairing.cells:
            if cell is not None:
                found.nodes[id(cell[0])] = pairing
                found.cell_funcs.add(id(cell[0].func))
        if pairing.assign is not None:
            found.assigns[id(pairing.assign)] = pairing
    return found


def _last(func: cst.BaseExpression) -> str | None:
    if isinstance(func, cst.Attribute):
        return func.attr.value
    return func.value if isinstance(func, cst.Name) else None


def _call(
    node: cst.Call,
    assign: cst.Assign | None,
    block: int,
    index: int,
    calls: list,
    host: Any,
) -> bool:
    """Whether `node` is an RNN call (added to `calls`)."""
    if _last(node.func) not in _SPECS:
        return False
    qualified = host.qualified(node.func)
    if not any(q.startswith(_MODULES) and q.rsplit(".", 1)[1] in _SPECS for q in qualified):
        return False
    value = assign.value if assign is not None else None
    if isinstance(value, cst.Subscript) and value.value is node:
        element = value.slice[0].slice if len(value.slice) == 1 else None
        direct = isinstance(element, cst.Index) and literal(element.value) == (True, 0)
    else:
        direct = value is node
    calls.append((node, assign, direct, block, index))
    return True


def _cell(
    value: cst.BaseExpression | None,
    pairing: Pairing,
    block: int,
    index: int,
    assigned: dict,
    host: Any,
    found: Plan,
) -> tuple[cst.Call, CellSpec] | None:
    if value is None:
        return None
    text = code(value)
    if isinstance(value, cst.Name):
        scope = host._command.get_metadata(ScopeProvider, value, None)
        bindings = list(scope[value.value]) if scope is not None else []
        source = assigned.get(id(bindings[0].node)) if len(bindings) == 1 else None
        if source is None or source[1] != block or source[2] >= index:
            pairing.problems.append(
                _untraced(text, "is not assigned once, by one statement earlier in this block")
            )
            return None
        uses = [a.node for a in bindings[0].references]
        if uses != [value]:
            pairing.problems.append(_untraced(text, "is also used elsewhere"))
            return None
        value = source[0].value
    if isinstance(value, cst.Call):
        entry = lookup(host.qualified(value.func))
        spec = CELLS.get(entry.target.rsplit(".", 1)[1]) if entry is not None else None
        if spec is not None and entry is not None and entry.family == "rnn_cell":
            return value, spec
    pairing.problems.append(
        _untraced(text, "is not one of LSTMCell, BasicLSTMCell, GRUCell, BasicRNNCell")
    )
    return None


# ---- emitting -------------------------------------------------------------------


def leave_call(host: Any, original: cst.Call, updated: cst.Call) -> cst.BaseExpression:
    """The Keras 3 form of a planned cell or RNN call, or `updated` when refused."""
    pairing: Pairing = host._rnn.nodes[id(original)]
    if pairing.rewrite is None:
        decide(host, pairing)
    if not pairing.rewrite:
        return updated
    prefix = host.keras_prefix(original)
    host.use_keras()
    if original is not pairing.call:
        cell = next(c for c in pairing.cells if c is not None and c[0] is original)
        host.count(lookup(host.qualified(original.func)).kind)  # type: ignore[union-attr]
        text = cell_text(host, pairing, original, f"{prefix}.layers.{cell[1].keras}")
        return cst.parse_expression(text).with_changes(lpar=updated.lpar, rpar=updated.rpar)
    host.count(pairing.spec.name)
    return cst.parse_expression(rnn_text(host, pairing, updated, prefix))


def leave_assign(host: Any, original: cst.Assign, updated: cst.Assign) -> cst.Assign:
    """The assignment of a rewritten RNN call with the targets Keras's result needs."""
    pairing: Pairing = host._rnn.assigns[id(original)]
    if not pairing.rewrite:
        return updated
    value = updated.value
    if pairing.subscript:
        value = value.value  # type: ignore[attr-defined]
        if len(pairing.spec.cells) == 2:
            value = cst.Call(cst.Name("tuple"), [cst.Arg(value)])
        return updated.with_changes(value=value)
    targets = pairing.targets
    if len(pairing.spec.cells) == 2 and len(targets) == 1:
        value = cst.Call(cst.Name("tuple"), [cst.Arg(value)])
    new: cst.BaseAssignTargetExpression = (
        targets[0]
        if len(targets) == 1
        else cst.Tuple([cst.Element(t) for t in targets], lpar=[], rpar=[])
    )
    target = updated.targets[0].with_changes(target=new)
    return updated.with_changes(targets=[target], value=value)
