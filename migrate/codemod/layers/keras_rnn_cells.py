"""The Keras target's RNN cell tables: one `CellSpec` per v1 cell it rewrites.

`tf.nn.rnn_cell.LSTMCell(64, forget_bias=0.0)` becomes
`keras.layers.LSTMCell(64, unit_forget_bias=False)`; `GRUCell` becomes
`GRUCell(..., reset_after=False)` (the v1 cell applies the reset gate before the
recurrent matmul), `BasicRNNCell` becomes `SimpleRNNCell`. Every v1 argument has a
handler that returns the Keras 3 arguments it becomes or records why the cell cannot
be rewritten. Equality is the checkpoint contract: the same v1 checkpoint, loaded by
`load_v1_checkpoint` (which reorders the gates, splits the kernel and folds
`forget_bias` into the bias), gives the same numbers. Freshly initialised weights are
drawn differently (TF1M197), see docs/migrate.md.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

import libcst as cst

from migrate.codemod.arguments import Keep, Refuse, Replace, code, literal
from migrate.codemod.edit import keyword_arg
from migrate.codemod.initializers import map_initializer

__all__ = ["CELLS", "CellCall", "CellSpec", "Note", "cell_arguments"]

Note = tuple[str, str]


@dataclass
class CellCall:
    """What the arguments of one v1 cell decide together.

    Attributes:
      text: the cell call's callee as written (`tf.nn.rnn_cell.LSTMCell`).
      prefix: the expression naming Keras 3.
      qualified: qualified names of a node.
      problems: reasons the cell (and its RNN call) is left as it was.
      forget_bias: the v1 `forget_bias` (LSTM cells).
    """

    text: str
    prefix: str
    qualified: Callable[[cst.CSTNode], set[str]]
    problems: list[Note] = field(default_factory=list)
    forget_bias: float = 1.0


# (call state, argument name, argument value) -> the Keras 3 arguments it becomes.
CellHandler = Callable[[CellCall, str, cst.BaseExpression], list[cst.Arg]]


@dataclass(frozen=True)
class CellSpec:
    """How one v1 cell becomes its Keras 3 cell.

    Attributes:
      keras: the Keras 3 cell class (`"LSTMCell"`).
      params: the v1 constructor's parameters in positional order.
      handlers: parameter -> handler (every parameter has one).
      added: keywords always written (`reset_after=False`).
      lstm: whether the state is v1's `LSTMStateTuple(c, h)` (Keras: `[h, c]`).
    """

    keras: str
    params: tuple[str, ...]
    handlers: dict[str, CellHandler]
    added: tuple[tuple[str, str], ...] = ()
    lstm: bool = False


def _units(call: CellCall, name: str, value: cst.BaseExpression) -> list[cst.Arg]:
    return [cst.Arg(value=value)]  # written first, positionally: Keras's `units`


def _dropped(call: CellCall, name: str, value: cst.BaseExpression) -> list[cst.Arg]:
    return []  # `reuse` (refused by the shared refusals unless None/False) and friends


def _kept(call: CellCall, name: str, value: cst.BaseExpression) -> list[cst.Arg]:
    ok, constant = literal(value)
    return [] if ok and constant is None else [keyword_arg(name, value)]


def _only(default: object, code_: str, why: str) -> CellHandler:
    """Dropped when the literal v1 default, else refused (`why` says what differs)."""

    def handler(call: CellCall, name: str, value: cst.BaseExpression) -> list[cst.Arg]:
        ok, constant = literal(value)
        if not (ok and constant == default and type(constant) is type(default)):
            call.problems.append(
                (
                    code_,
                    f"`{call.text}(..., {name}={code(value)})`: {why} Keras 3's "
                    "`keras.layers.LSTMCell` has no such option. Remove it, or run tf1-migrate "
                    "with --target compat for this module.",
                )
            )
        return []

    return handler


_FEATURE = "TF1M191-lstm-cell-feature"
_PEEPHOLES = _only(False, _FEATURE, "peephole connections (`w_f_diag`, ...) are extra weights.")
_CLIP = _only(None, _FEATURE, "v1 clips the cell state or projection at run time.")
_PROJECTION = _only(None, _FEATURE, "a projection is an extra weight after the cell.")
_SHARDS = _only(None, _FEATURE, "sharded kernels are several variables.")
_TUPLE = _only(True, _FEATURE, "a concatenated state [c, h] is not Keras's state list.")


def _forget_bias(call: CellCall, name: str, value: cst.BaseExpression) -> list[cst.Arg]:
    """1.0 and 0.0 only: the bias a fresh v1 cell adds to the forget gate equals the one
    Keras's `unit_forget_bias` initialises (1 or 0); a checkpoint loads either way."""
    ok, constant = literal(value)
    if ok and isinstance(constant, (int, float)) and constant in (0, 1):
        call.forget_bias = float(constant)
        return [] if constant == 1 else [keyword_arg("unit_forget_bias", cst.Name("False"))]
    call.problems.append(
        (
            "TF1M192-forget-bias",
            f"`forget_bias={code(value)}`: v1 adds it to the forget gate at every step; Keras "
            "3's LSTMCell can only start its forget bias at 1 (unit_forget_bias=True) or 0. A "
            "checkpoint would still load (load_v1_checkpoint(..., forget_bias=...) folds it "
            "in), but a freshly built model would train from another forget bias. Use 1.0 or "
            "0.0, or --target compat.",
        )
    )
    return []


_ELEMENTWISE = re.compile(
    r"(?:^|\.)(RandomNormal|RandomUniform|TruncatedNormal|Zeros|Ones|Constant)\("
)
_ELEMENTWISE_STRINGS = frozenset({"zeros", "ones", "random_normal", "random_uniform"})


def _elementwise(call: CellCall, name: str, value: cst.BaseExpression) -> cst.BaseExpression | None:
    """The Keras initializer when it draws every element alike (so one v1 matrix split
    into kernel and recurrent kernel has the same distribution), else None (refused)."""
    decision = map_initializer(value, call.qualified, call.prefix, default_none=True)
    new = value if isinstance(decision, Keep) else getattr(decision, "value", None)
    ok, constant = literal(value)
    scalar = True
    if isinstance(new, cst.Call) and new.args and _ELEMENTWISE.search(code(new.func) + "("):
        if code(new.func).endswith("Constant"):
            scalar_ok, number = literal(new.args[0].value)
            scalar = scalar_ok and isinstance(number, (int, float))
    if isinstance(decision, Refuse):
        call.problems.append((decision.code, decision.message))
    elif (ok and constant in _ELEMENTWISE_STRINGS) or (
        isinstance(decision, (Keep, Replace))
        and new is not None
        and _ELEMENTWISE.search(code(new))
        and scalar
    ):
        return new
    else:
        call.problems.append(
            (
                "TF1M193-cell-argument",
                f"`{name}={code(value)}` draws from a distribution that depends on the "
                "matrix's shape (or a value per element); v1 draws one matrix for the "
                "input and recurrent kernels together, Keras 3 two separate ones. Use an "
                "elementwise initializer (random_normal, random_uniform, truncated_normal, a "
                "scalar constant), load a checkpoint, or use --target compat.",
            )
        )
    return None


def _kernel_initializer(call: CellCall, name: str, value: cst.BaseExpression) -> list[cst.Arg]:
    ok, constant = literal(value)
    if ok and constant is None:
        return []
    new = _elementwise(call, name, value)
    if new is None:
        return []
    # Two instances: Keras 3 initializers may not be shared between weights.
    return [keyword_arg("kernel_initializer", new), keyword_arg("recurrent_initializer", new)]


def _bias_initializer(call: CellCall, name: str, value: cst.BaseExpression) -> list[cst.Arg]:
    ok, constant = literal(value)
    if ok and constant is None:
        return []  # v1: gates 1.0, candidate 0.0; Keras: zeros (TF1M197)
    new = _elementwise(call, name, value)
    return [] if new is None else [keyword_arg("bias_initializer", new)]


def _dtype(call: CellCall, name: str, value: cst.BaseExpression) -> list[cst.Arg]:
    ok, constant = literal(value)
    text = code(value)
    if (ok and constant in (None, "float32")) or text.endswith(".float32"):
        return []
    call.problems.append(
        (
            "TF1M193-cell-argument",
            f"`dtype={text}`: only float32 cells are rewritten (the checkpoint conversion and "
            "the equivalence tests cover float32). Use --target compat for other dtypes.",
        )
    )
    return []


def _cell_name(call: CellCall, name: str, value: cst.BaseExpression) -> list[cst.Arg]:
    ok, constant = literal(value)
    if ok and constant is None:
        return []
    call.problems.append(
        (
            "TF1M193-cell-argument",
            f"`name={code(value)}` renames the cell's variable scope (`rnn/<name>/kernel`); "
            "load_v1_checkpoint recognises LSTM and basic RNN cells by their default scope "
            "names, so the checkpoint would not load. Remove name= (name the RNN with "
            "dynamic_rnn's scope= instead), or use --target compat.",
        )
    )
    return []


_COMMON: dict[str, CellHandler] = {
    "num_units": _units,
    "activation": _kept,
    "reuse": _dropped,
    "name": _cell_name,
    "dtype": _dtype,
}
_LSTM_HANDLERS: dict[str, CellHandler] = {
    **_COMMON,
    "use_peepholes": _PEEPHOLES,
    "cell_clip": _CLIP,
    "initializer": _kernel_initializer,
    "num_proj": _PROJECTION,
    "proj_clip": _CLIP,
    "num_unit_shards": _SHARDS,
    "num_proj_shards": _SHARDS,
    "forget_bias": _forget_bias,
    "state_is_tuple": _TUPLE,
}
_TAIL = ("activation", "reuse", "name", "dtype")
# The compat_layers public name of each v1 cell -> its spec.
CELLS: dict[str, CellSpec] = {
    "LSTMCell": CellSpec(
        "LSTMCell",
        (
            "num_units",
            "use_peepholes",
            "cell_clip",
            "initializer",
            "num_proj",
            "proj_clip",
            "num_unit_shards",
            "num_proj_shards",
            "forget_bias",
            "state_is_tuple",
            *_TAIL,
        ),
        _LSTM_HANDLERS,
        lstm=True,
    ),
    "BasicLSTMCell": CellSpec(
        "LSTMCell",
        ("num_units", "forget_bias", "state_is_tuple", *_TAIL),
        _LSTM_HANDLERS,
        lstm=True,
    ),
    "GRUCell": CellSpec(
        "GRUCell",
        ("num_units", "activation", "reuse", "kernel_initializer", "bias_initializer", "name")
        + ("dtype",),
        {
            **_COMMON,
            "name": _kept,  # a GRU is recognised by its gates/candidate variables
            "kernel_initializer": _kernel_initializer,
            "bias_initializer": _bias_initializer,
        },
        added=(("reset_after", "False"),),
    ),
    "BasicRNNCell": CellSpec("SimpleRNNCell", ("num_units", *_TAIL), _COMMON),
}


def cell_arguments(
    call: CellCall, spec: CellSpec, names: list[str | None], args: list[cst.Arg]
) -> list[cst.Arg]:
    """The Keras 3 cell's arguments for the v1 arguments `args` bound to `names`
    (problems go to `call.problems`)."""
    out: list[cst.Arg] = []
    for name, arg in zip(names, args, strict=True):
        if name is None or name not in spec.handlers:
            call.problems.append(
                (
                    "TF1M193-cell-argument",
                    f"`{code(arg)}` is not an argument of `{call.text}` the rewrite knows "
                    "(v1 passed it on to the base layer). Remove it, or use --target compat.",
                )
            )
            continue
        new = spec.handlers[name](call, name, arg.value)
        out = new + out if name == "num_units" else out + new  # `units` goes first
    if "num_units" not in [n for n in names if n]:
        call.problems.append(
            ("TF1M108-bad-arguments", f"`{call.text}` lacks num_units; fix the call first.")
        )
    out += [keyword_arg(k, cst.parse_expression(v)) for k, v in spec.added]
    return out
