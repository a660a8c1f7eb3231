"""The Keras target for `tf.nn.dynamic_rnn` / `bidirectional_dynamic_rnn` and their cells.

```
cell = tf.nn.rnn_cell.GRUCell(8)
outputs, state = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32, scope="enc")
```
becomes
```
cell = keras.layers.GRUCell(8, reset_after=False)
outputs, state = keras.layers.RNN(cell, return_sequences=True, return_state=True,
                                  name="enc")(x)
```
A call is rewritten only with all its cells, and only when every cell is written in the
call or assigned, in the same block, to a name whose one use is that argument; its
arguments (`keras_rnn_cells` tables and `_ARGUMENTS` here) and its assignment targets
must all map. Otherwise the call and its cells stay as they were, with the reasons and
TF1M196. `plan` finds the calls before the walk; the transformer asks `leave_call` and
`leave_assign` about the nodes it holds. The RNN layer is named after the v1 scope
(`enc/rnn` -> `enc_rnn`) and recorded, so `load_v1_checkpoint` pairs its cells.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import libcst as cst
from libcst.metadata import ScopeProvider

from migrate.codemod.arguments import bind, code, literal
from migrate.codemod.layers import lookup
from migrate.codemod.layers.keras_rnn_cells import CELLS, CellCall, CellSpec, Note, cell_arguments
from migrate.codemod.scan import children
from migrate.result import LayerRecord

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


@dataclass
class Plan:
    """The module's RNN calls, by the ids of the nodes the transformer asks about."""

    nodes: dict[int, Pairing] = field(default_factory=dict)
    cell_funcs: set[int] = field(default_factory=set)
    assigns: dict[int, Pairing] = field(default_factory=dict)
    statements: set[int] = field(default_factory=set)  # lines holding an RNN call
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
    line = [0]  # the statement being walked

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
            line[0] = id(node)
        elif isinstance(node, cst.Call) and _call(node, assign, block, index, calls, host):
            found.statements.add(line[0])
        for child in children(node):
            walk(child, block, index, assign)

    walk(module, id(module), 0, None)
    for call, assign, direct, block, index in calls:
        spec = _SPECS[_last(call.func)]
        pairing = Pairing(spec, call, assign if direct else None, [])
        bound = bind(call.args, spec.params, extra=False)
        for param in spec.cells:
            value = bound.value(param)
            pairing.cells.append(_cell(value, pairing, block, index, assigned, host, found))
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
        ok, index_ = literal(value.slice[0].slice.value) if len(value.slice) == 1 else (0, 0)
        direct = isinstance(value.slice[0].slice, cst.Index) and ok and index_ == 0
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


# ---- deciding -------------------------------------------------------------------


def _argument_problems(pairing: Pairing, bound: Any, lstm: bool) -> list[Note]:
    """Why the RNN call's own arguments cannot be mapped."""
    problems: list[Note] = []
    name = pairing.spec.name

    def refuse(param: str, why: str) -> None:
        text = code(bound.value(param))
        problems.append(
            (
                "TF1M194-dynamic-rnn-argument",
                f"`{name}(..., {param}={text})`: {why} Remove it or use --target compat.",
            )
        )

    def given(param: str, *defaults: object) -> bool:
        ok, value = literal(bound.value(param))
        return param in bound.params and not (ok and value in defaults)

    if given("time_major", None, False):
        refuse("time_major", "Keras 3 RNN layers take batch-major inputs only.")
    if given("sequence_length", None):
        refuse(
            "sequence_length",
            "v1 stops each sequence at its length (outputs zero, state frozen); the Keras "
            "form needs a mask from the same lengths, which this tool does not write yet.",
        )
    dtype = bound.value("dtype")
    if dtype is not None and not code(dtype).endswith("float32") and given("dtype", None):
        refuse("dtype", "only float32 RNNs are rewritten.")
    if given("scope", None) and not isinstance(literal(bound.value("scope"))[1], str):
        refuse("scope", "only a literal scope name can name the Keras layer.")
    states = [s for s in pairing.spec.states if given(s, None)]
    if states and lstm:
        refuse(states[0], "v1 takes LSTMStateTuple(c, h), Keras 3 [h, c].")
    if not states and not given("dtype", None):
        problems.append(
            (
                "TF1M108-bad-arguments",
                f"`{name}` without dtype= or an initial state raised "
                "ValueError in v1; fix the call first.",
            )
        )
    if bound.splat or bound.problems:
        problems.append(
            (
                "TF1M108-bad-arguments",
                f"The `{name}` call's arguments cannot be bound "
                f"({'; '.join(bound.problems) or '*args/**kwargs'}).",
            )
        )
    return problems


def _unused(host: Any, target: cst.BaseAssignTargetExpression) -> bool:
    """`_`, or a name this assignment binds that nothing reads."""
    if not isinstance(target, cst.Name):
        return False
    if target.value == "_":
        return True
    scope = host._command.get_metadata(ScopeProvider, target, None)
    if scope is None:
        return False
    mine = [a for a in scope.assignments[target.value] if a.node is target]
    return len(mine) == 1 and not mine[0].references


def _elements(target: cst.BaseAssignTargetExpression) -> list | None:
    if isinstance(target, (cst.Tuple, cst.List)) and not any(
        isinstance(e, cst.StarredElement) for e in target.elements
    ):
        return [e.value for e in target.elements]
    return None


def _targets(host: Any, pairing: Pairing, lstm: bool) -> Note | None:
    """Set the new assignment targets; a Note when the result's structure differs."""
    assign = pairing.assign
    assert assign is not None
    target = assign.targets[0].target
    bidirectional = len(pairing.spec.cells) == 2
    pairing.subscript = isinstance(assign.value, cst.Subscript)
    if pairing.subscript:
        pairing.targets = [target]
        return None
    parts = _elements(target)
    why = "binds the whole (outputs, state) result"
    if parts is not None and len(parts) == 2:
        outputs, state = parts
        out = _elements(outputs) if bidirectional else [outputs]
        if bidirectional and out is None:
            out = [outputs]  # a tuple (fw, bw): `tuple(...)` below
        if _unused(host, state):
            pairing.targets = out or []
            return None
        states = _elements(state) if bidirectional else [state]
        if lstm:
            why = "reads the LSTM state: v1 gives LSTMStateTuple(c, h), Keras 3 h and c"
            cells = [_elements(s) for s in (states or [])]
            if states and all(c is not None and len(c) == 2 for c in cells):
                flat = [t for c in cells for t in (c[1], c[0])]  # type: ignore[index]
                if out is not None and len(out) == len(pairing.spec.cells):
                    pairing.targets, pairing.states = [*out, *flat], True
                    return None
        elif states is not None and out is not None and len(out) == len(pairing.spec.cells):
            pairing.targets, pairing.states = [*out, *states], True
            return None
        else:
            why = "binds the (state_fw, state_bw) pair or the (out_fw, out_bw) pair to one name"
    return (
        "TF1M195-rnn-state-structure",
        f"`{code(target)} = {code(pairing.call.func)}(...)` {why}, a structure the Keras "
        "layer does not return. Unpack it as `outputs, _ = ...` or `outputs = ...[0]` (or "
        "name each state: `outputs, state` for GRU/basic cells, `outputs, (c, h)` for LSTM), "
        "or use --target compat.",
    )


def _decide(host: Any, pairing: Pairing) -> None:
    spec = pairing.spec
    call = pairing.call
    bound = bind(call.args, spec.params, extra=False)
    problems = list(pairing.problems)
    prefix = host.keras_prefix(call)
    lstm = any(c is not None and c[1].lstm for c in pairing.cells)
    for cell in pairing.cells:
        if cell is None:
            continue
        node, cell_spec = cell
        state = CellCall(code(node.func), prefix or "keras", host.qualified)
        cell_bound = bind(node.args, cell_spec.params, extra=True)
        pairing.cell_args[id(node)] = cell_arguments(
            state, cell_spec, cell_bound.names, list(node.args)
        )
        problems += state.problems
        problems += host.refusals_for(cell_bound, False, weights=("kernel",), layer=cell_spec.keras)
        if cell_spec.lstm:
            pairing.forget_bias.add(state.forget_bias)
    problems += _argument_problems(pairing, bound, lstm)
    if len(pairing.forget_bias) > 1:
        problems.append(
            (
                "TF1M192-forget-bias",
                "The forward and backward LSTM cells have different "
                "forget_bias values; load_v1_checkpoint folds one value per RNN layer.",
            )
        )
    if pairing.assign is not None and not problems:
        structure = _targets(host, pairing, lstm)
        if structure is not None:
            problems.append(structure)
    if prefix is None:
        from migrate.codemod.layers.separable_notes import shadowed_prefix

        problems.append(shadowed_prefix(host.prefix_root()))
    pairing.rewrite = not problems
    if problems:
        kept = [code(call.func)] + [code(c[0].func) for c in pairing.cells if c is not None]
        for found in (*_unique(problems), _kept_legacy(kept)):
            host.report(call, *found)
        return
    ok, scope = literal(bound.value("scope"))
    scope = scope if ok and isinstance(scope, str) else spec.scope
    v1_scope = host.v1_scope()
    name = "/".join(filter(None, [v1_scope, scope])).replace("/", "_")
    # v1 shares one scope between calls whose cells differ (`rnn/lstm_cell`,
    # `rnn/gru_cell`); a Keras model needs distinct names (the records keep the scope).
    taken = host._rnn.names.get(name, 0)
    host._rnn.names[name] = taken + 1
    pairing.name = f"{name}_{taken}" if taken else name
    host.report(call, *_fresh_weights(code(call.func)))
    if v1_scope is None:
        from migrate.codemod.layers.separable_notes import name_in_dynamic_scope

        host.report(call, *name_in_dynamic_scope(scope))
    line, column = host.positions.start(call)
    forget_bias = next(iter(pairing.forget_bias), None)
    host.layers.append(LayerRecord(line, column, v1_scope, scope, pairing.name, forget_bias))


def _unique(problems: list[Note]) -> list[Note]:
    return list(dict.fromkeys(problems))


def _kept_legacy(texts: list[str]) -> Note:
    return (
        "TF1M196-kept-legacy-rnn",
        f"`{'`, `'.join(texts)}` keep their TensorFlow 1 form (see the reasons reported for "
        "this call), which needs tf.compat.v1 cells that Keras 3 does not provide. Fix "
        "those reasons and run the tool again to get keras.layers.RNN with Keras cells, or "
        "run tf1-migrate with --target compat on this module.",
    )


def _fresh_weights(text: str) -> Note:
    return (
        "TF1M197-rnn-fresh-initialization",
        f"`{text}` became a Keras 3 RNN that computes the same numbers from the same weights "
        "(load a v1 checkpoint with load_v1_checkpoint(model, ckpt, records=report)). A "
        "freshly built model draws its weights differently: v1 drew one glorot_uniform "
        "matrix for the input and recurrent kernels together (and started GRU gate biases "
        "at 1), Keras 3 draws glorot_uniform and orthogonal kernels and zero biases.",
    )


# ---- emitting -------------------------------------------------------------------


def leave_call(host: Any, original: cst.Call, updated: cst.Call) -> cst.BaseExpression:
    """The Keras 3 form of a planned cell or RNN call, or `updated` when refused."""
    pairing: Pairing = host._rnn.nodes[id(original)]
    if pairing.rewrite is None:
        _decide(host, pairing)
    if not pairing.rewrite:
        return updated
    prefix = host.keras_prefix(original)
    host.use_keras()
    if original is not pairing.call:
        cell = next(c for c in pairing.cells if c is not None and c[0] is original)
        host.count(lookup(host.qualified(original.func)).kind)  # type: ignore[union-attr]
        return cst.Call(
            func=cst.parse_expression(f"{prefix}.layers.{cell[1].keras}"),
            args=_commas(pairing.cell_args[id(original)]),
        ).with_changes(lpar=updated.lpar, rpar=updated.rpar)
    host.count(pairing.spec.name)
    return _rnn(pairing, updated, prefix)


def _commas(args: list[cst.Arg]) -> list[cst.Arg]:
    comma = cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
    return [
        a.with_changes(comma=comma if i < len(args) - 1 else cst.MaybeSentinel.DEFAULT)
        for i, a in enumerate(args)
    ]


def _rnn(pairing: Pairing, updated: cst.Call, prefix: str) -> cst.BaseExpression:
    spec = pairing.spec
    bound = bind(updated.args, spec.params, extra=False)
    flags = ", return_sequences=True" + (", return_state=True" if pairing.states else "")
    cells = [code(bound.value(c)) for c in spec.cells]  # type: ignore[arg-type]
    name = f'name="{pairing.name}"'
    if len(cells) == 1:
        layer = f"{prefix}.layers.RNN({cells[0]}{flags}, {name})"
    else:
        layer = (
            f"{prefix}.layers.Bidirectional({prefix}.layers.RNN({cells[0]}{flags}), "
            f"backward_layer={prefix}.layers.RNN({cells[1]}{flags}, go_backwards=True), "
            f"merge_mode=None, {name})"
        )
    inputs = code(bound.value("inputs"))  # type: ignore[arg-type]
    states = [code(bound.value(s)) for s in spec.states if bound.value(s) is not None]
    if len(states) == len(spec.states) and states:
        inputs += f", initial_state=[{', '.join(states)}]"
    elif states:
        raise AssertionError("initial states of one direction only are refused earlier")
    return cst.parse_expression(f"{layer}({inputs})")


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
