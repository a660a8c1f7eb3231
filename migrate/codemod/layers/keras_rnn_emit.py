"""The source text of the Keras 3 calls `keras_rnn` emits, laid out as black would.

The RNN and Bidirectional layers, their cells and the sequence mask are written as text
(one line when it fits in 100 columns, else one argument per line) and parsed once;
comments written inside a rebuilt call are kept at the top of its arguments.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import libcst as cst

from migrate.codemod.arguments import bind, code, literal
from migrate.codemod.walk import subtree

if TYPE_CHECKING:
    from migrate.codemod.layers.keras_rnn import Pairing

__all__ = ["cell_text", "rnn_text", "state_pair"]


def state_pair(value: cst.BaseExpression | None) -> tuple | None:
    """`(c, h)` of an LSTM state written as `LSTMStateTuple(c, h)` (any spelling: the
    caller checks the name) or as a pair `(c, h)`, else None."""
    if isinstance(value, cst.Call):
        bound = bind(value.args, ("c", "h"), extra=False)
        if bound.splat or bound.problems or len(bound.params) != 2:
            return None
        return bound.value("c"), bound.value("h")
    parts = [e for e in getattr(value, "elements", ()) if not isinstance(e, cst.StarredElement)]
    if isinstance(value, (cst.Tuple, cst.List)) and len(parts) == len(value.elements) == 2:
        return parts[0].value, parts[1].value
    return None


def cell_text(host: Any, pairing: Pairing, original: cst.Call, head: str) -> str:
    """The source of a rewritten cell: flat when written inside its RNN call (`rnn_text`
    lays it out there), laid out when it is its own statement (`cell = ...`)."""
    args = [
        code(a.with_changes(comma=cst.MaybeSentinel.DEFAULT))
        for a in pairing.cell_args[id(original)]
    ]
    if any(a.value is original for a in pairing.call.args):
        return f"{head}({', '.join(args)})"
    line = host._line(host.positions.start(original)[0])
    base = len(line) - len(line.lstrip(" \t"))
    used = host.positions.start(original)[1]
    return _layout(head, args, base, host._indent, used, comments=_comments(host, original))


def _comments(host: Any, node: cst.CSTNode) -> list[str]:
    """The comments written inside `node`, in source order (kept in the rebuilt call)."""
    found = [n for n in subtree(node, trivia=True) if isinstance(n, cst.Comment)]
    return [c.value for c in sorted(found, key=host.positions.start)]


def _layout(
    head: str,
    args: list[str],
    base: int,
    step: str,
    used: int,
    depth: int = 1,
    reserve: int = 0,
    comments: tuple[str, ...] | list[str] = (),
) -> str:
    """`head(args)` on one line when it fits in 100 columns, else black's layout.

    `base` is the statement's indentation width (libcst adds the block's indentation to
    every continuation line itself), `used` the column `head` starts at and `depth` how
    many steps deeper than the statement the arguments go; `reserve` columns are kept
    free after the closing parenthesis. `comments` go first, one per line."""
    joined = ", ".join(args)
    column = base + len(head.rsplit("\n", 1)[1]) if "\n" in head else used + len(head)
    inner, outer = step * depth, step * (depth - 1)
    if not comments and "\n" not in joined and column + len(joined) + 2 + reserve <= _WIDTH:
        return f"{head}({joined})"
    if not comments and "\n" not in joined and base + len(inner) + len(joined) <= _WIDTH:
        return f"{head}(\n{inner}{joined}\n{outer})"
    lines = [f"{inner}{c}\n" for c in comments] + [f"{inner}{a},\n" for a in args]
    return f"{head}(\n" + "".join(lines) + f"{outer})"


_WIDTH = 100


def rnn_text(host: Any, pairing: Pairing, updated: cst.Call, prefix: str) -> str:
    """The source of the Keras 3 RNN (or Bidirectional) layer called on its inputs."""
    spec = pairing.spec
    bound = bind(updated.args, spec.params, extra=False)
    flags = ["return_sequences=True"] + (["return_state=True"] if pairing.states else [])
    lengths = bound.value("sequence_length")
    ok, constant = literal(lengths)
    if lengths is not None and not (ok and constant is None):
        flags.append("zero_output_for_mask=True")  # v1 zeroes the outputs past each length
    name = f'name="{pairing.name}"'
    rnn = f"{prefix}.layers.RNN"
    statement = pairing.assign if pairing.assign is not None else pairing.call
    line = host._line(host.positions.start(statement)[0])
    base = len(line) - len(line.lstrip(" \t"))
    wrapped = len(spec.cells) == 2 and len(pairing.targets) == 1  # `tuple(...)`
    used = base + len(", ".join(code(t) for t in pairing.targets)) + 3 + 6 * wrapped
    step = host._indent
    nested = base + len(step) + 1  # an argument line ends with a comma
    depth = len(spec.cells) + 1  # an inline cell's arguments: in RNN, or in Bidirectional's
    cells = []
    for param in spec.cells:
        cell = bound.value(param)
        if isinstance(cell, cst.Call):  # written inline: laid out here
            parts = [code(a.with_changes(comma=cst.MaybeSentinel.DEFAULT)) for a in cell.args]
            column = base + len(step) * (depth - 1) + 1
            cells.append(_layout(code(cell.func), parts, base, step, column, depth))
        else:
            cells.append(code(cell))  # type: ignore[arg-type]
    if len(cells) == 1:
        head, args = rnn, [cells[0], *flags, name]
    else:
        head = f"{prefix}.layers.Bidirectional"
        args = [
            _layout(rnn, [cells[0], *flags], base, step, nested, 2),
            _layout(
                f"backward_layer={rnn}",
                [cells[1], *flags, "go_backwards=True"],
                base,
                step,
                nested,
                2,
            ),
            "merge_mode=None",
            name,
        ]
    inputs = [code(bound.value("inputs"))]  # type: ignore[arg-type]
    lstm = any(c is not None and c[1].lstm for c in pairing.cells)
    states = []
    for param in spec.states:
        value = bound.value(param)
        if value is not None and lstm:
            c, h = state_pair(value)  # type: ignore[misc]
            states.append(f"{code(h)}, {code(c)}")  # Keras keeps h first
        elif value is not None:
            states.append(code(value))
    if len(states) == len(spec.states) and states:
        inputs.append(f"initial_state=[{', '.join(states)}]")
    if "zero_output_for_mask=True" in flags:
        # True for the first `lengths[i]` steps of sequence i: tf.sequence_mask in Keras ops,
        # which also work on the symbolic inputs of a functional model.
        x, n = inputs[0], code(lengths)  # type: ignore[arg-type]
        steps = f'{prefix}.ops.cumsum({prefix}.ops.ones_like({x}[:, :, 0], dtype="int32"), axis=1)'
        mask = [steps, f"{prefix}.ops.expand_dims({n}, -1)"]
        inputs.append(_layout(f"mask={prefix}.ops.less_equal", mask, base, step, nested, 2))
    call = ", ".join(inputs)
    reserve = len(call) + 2 if "\n" not in call and len(call) < 40 else 1
    comments = _comments(host, pairing.call)
    layer = _layout(head, args, base, step, used, reserve=reserve, comments=comments)
    return _layout(layer, inputs, base, step, used)
