"""Whether a planned RNN call (`keras_rnn.plan`) is rewritten, and with which targets.

`decide` runs once per call, at the first of its nodes the walk leaves (a cell comes
before its call, and a named cell sits in the same block, so the variable scopes, reuse
and control flow it sees are the call's): the cell tables (`keras_rnn_cells`), the
call's own arguments, the shared refusals of the layers, and the assignment targets.
A rewritten call is reported (TF1M197) and recorded for `load_v1_checkpoint`; a refused
one gets its reasons and TF1M196.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import libcst as cst
from libcst.metadata import ScopeProvider

from migrate.codemod.arguments import bind, code, literal
from migrate.codemod.layers import lookup
from migrate.codemod.layers.keras_rnn_cells import CellCall, Note, cell_arguments
from migrate.codemod.layers.keras_rnn_emit import state_pair
from migrate.codemod.layers.separable_notes import name_in_dynamic_scope, shadowed_prefix
from migrate.result import LayerRecord

if TYPE_CHECKING:
    from migrate.codemod.layers.keras_rnn import Pairing

__all__ = ["decide"]


def _argument_problems(host: Any, pairing: Pairing, bound: Any, lstm: bool) -> list[Note]:
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
    simple = (cst.Name, cst.Attribute)
    if given("sequence_length", None) and not isinstance(bound.value("inputs"), simple):
        refuse(
            "sequence_length",
            "the mask written for the lengths reads the inputs a second time, and they are "
            "an expression here. Assign the inputs to a name first.",
        )
    dtype = bound.value("dtype")
    float32 = dtype is not None and (
        code(dtype).endswith(".float32") or literal(dtype)[1] == "float32"
    )
    if not float32 and given("dtype", None):
        refuse("dtype", "only float32 RNNs are rewritten.")
    if given("scope", None) and not isinstance(literal(bound.value("scope"))[1], str):
        refuse("scope", "only a literal scope name can name the Keras layer.")
    states = [s for s in pairing.spec.states if given(s, None)]
    unknown = [s for s in states if lstm and not _written_pair(host, bound.value(s))]
    if unknown:
        refuse(
            unknown[0],
            "v1 takes LSTMStateTuple(c, h), Keras 3 [h, c]; only a state written here as "
            "LSTMStateTuple(c, h) or (c, h) can be reordered.",
        )
    elif 0 < len(states) < len(pairing.spec.states):
        refuse(states[0], "Keras 3's Bidirectional takes the states of both directions or none.")
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


def _written_pair(host: Any, value: cst.BaseExpression | None) -> bool:
    """Whether an LSTM state is written as `LSTMStateTuple(c, h)` or `(c, h)`."""
    if state_pair(value) is None:
        return False
    if isinstance(value, cst.Call):
        entry = lookup(host.qualified(value.func))
        return entry is not None and entry.kind == "lstm_state_tuple"
    return True


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


def decide(host: Any, pairing: Pairing) -> None:
    """Rewrite or refuse `pairing` (reporting why), given where the walk stands."""
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
    problems += _argument_problems(host, pairing, bound, lstm)
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
        problems.append(shadowed_prefix(host.prefix_root()))
    pairing.rewrite = not problems
    if problems:
        kept = [code(call.func)] + [code(c[0].func) for c in pairing.cells if c is not None]
        kept += pairing.legacy
        for found in (*_unique(problems), _kept_legacy(kept)):
            host.report(call, *found)
        return
    ok, scope = literal(bound.value("scope"))
    scope = scope if ok and isinstance(scope, str) and scope else spec.scope  # v1: `scope or`
    v1_scope = host.v1_scope()
    name = "/".join(filter(None, [v1_scope, scope])).replace("/", "_")
    # v1 shares one scope between calls whose cells differ (`rnn/lstm_cell`,
    # `rnn/gru_cell`); a Keras model needs distinct names (the records keep the scope).
    taken = host._rnn.names.get(name, 0)
    host._rnn.names[name] = taken + 1
    pairing.name = f"{name}_{taken}" if taken else name
    host.report(call, *_fresh_weights(code(call.func)))
    if v1_scope is None:
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
