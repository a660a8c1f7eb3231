"""The result types of a migration and the cheap text prefilter.

These types are the contract between the codemod, the command-line tool and the
checkpoint mapping: their fields and `to_dict()` layouts are stable.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

__all__ = [
    "TARGETS",
    "Diagnostic",
    "LayerRecord",
    "MigrationResult",
    "MigrationSyntaxError",
    "might_contain_candidates",
]

TARGETS: tuple[str, ...] = ("keras", "compat")

# What every candidate's file must contain somewhere. A family name is only reached
# through a module whose path ends in `layers`, `rnn_cell`, `rnn` (tf.contrib.rnn),
# `legacy_cells`/`legacy_cell_wrappers` or `legacy_tf_layers.*`, so its file holds
# `.layers`/`.rnn` (attribute or dotted import), an `import` of `layers`/`rnn`
# (also in a parenthesised list), or one of the other module names. `keras.layers`
# and `from ... keras import layers` are Keras, not candidates. SeparableConv1D's
# Keras 2 spellings (`SeparableConvolution1D`, ...) are candidates for the Keras target.
_CANDIDATE_RE = re.compile(
    r"(?i:separable_?conv(?:olution)?_?1d)"
    r"|(?<!keras)\.(?:layers|rnn)\b"
    r"|(?<!keras )\bimport\s*\(?[\w\s,]*?\b(?:layers|rnn)\b"
    r"|\b(?:rnn_cell|legacy_cell|legacy_tf_layers)"
)
# The same search, one alternative at a time, each only where a plain substring test
# (a tenth of the regex's cost) says it can match: most files of a tree hold none.
_SEPARABLE_RE = re.compile(r"(?i:separable_?conv(?:olution)?_?1d)")
_ATTRIBUTE_RE = re.compile(r"(?<!keras)\.(?:layers|rnn)\b")
_IMPORT_RE = re.compile(r"(?<!keras )\bimport\s*\(?[\w\s,]*?\b(?:layers|rnn)\b")
_MODULE_RE = re.compile(r"\b(?:rnn_cell|legacy_cell|legacy_tf_layers)")


def might_contain_candidates(source: str) -> bool:
    """Tell cheaply whether `source` may hold a candidate (a legacy layer family name).

    Args:
      source: Python source text.

    Returns:
      False only when no spelling of a family module or of SeparableConv1D occurs
      anywhere in the text, so the file cannot need a change; True means "parse it and
      look".
    """
    layers = "layers" in source
    rnn = "rnn" in source
    return bool(
        ((".layers" in source or ".rnn" in source) and _ATTRIBUTE_RE.search(source))
        or ((layers or rnn) and "import" in source and _IMPORT_RE.search(source))
        or ((rnn or layers or "legacy_cell" in source) and _MODULE_RE.search(source))
        or ("separable" in source.lower() and _SEPARABLE_RE.search(source))
    )


@dataclass(frozen=True)
class Diagnostic:
    """One finding of the codemod: a refusal or a change the user must know of.

    Attributes:
      line: 1-based line of the node the finding is about.
      column: 0-based column of that node.
      code: stable identifier such as `"TF1M101-reuse"` (see the README table).
      message: what was found, why it matters and what the user should do.
    """

    line: int
    column: int
    code: str
    message: str

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class LayerRecord:
    """One rewritten call or instantiation, for mapping checkpoints.

    Attributes:
      line: 1-based line of the original call.
      column: 0-based column of the original call.
      v1_scope: static `variable_scope` path lexically enclosing the call inside its
        function or module ("encoder/block1"), "" when there is none, None when an
        enclosing scope name is not a string literal.
      v1_name: the literal `name=` of the v1 call; for an unnamed call, the name TF1
        numbered it with (`separable_conv1d`, `separable_conv1d_1`, ... within its
        variable scope) when that is statically certain, else None.
      keras_name: the `name=` the migrated layer has, None when left implicit.
      forget_bias: for an RNN layer with LSTM cells, the v1 cells' `forget_bias`
        (`load_v1_checkpoint` folds it into that layer's forget gate bias), else None.
    """

    line: int
    column: int
    v1_scope: str | None
    v1_name: str | None
    keras_name: str | None
    forget_bias: float | None = None

    def to_dict(self) -> dict:
        record = asdict(self)
        if self.forget_bias is None:
            del record["forget_bias"]  # the layout of records without LSTM cells is unchanged
        return record


@dataclass(frozen=True)
class MigrationResult:
    """What `migrate_source` returns.

    Attributes:
      code: the migrated source (equal to the input when nothing changed).
      changed: whether `code` differs from the input.
      diagnostics: the findings, in source order.
      layers: one record per rewritten SeparableConv1D call or instantiation (the
        layers checkpoints are mapped for), in source order.
      kinds: how many names were rewritten, per layer kind (`{"dense": 2, "lstm_cell": 1}`);
        a call and a reference that is not called count alike.
    """

    code: str
    changed: bool
    diagnostics: list[Diagnostic] = field(default_factory=list)
    layers: list[LayerRecord] = field(default_factory=list)
    kinds: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {
            "code": self.code,
            "changed": self.changed,
            "diagnostics": [d.to_dict() for d in self.diagnostics],
            "layers": [r.to_dict() for r in self.layers],
            "kinds": dict(self.kinds),
        }


class MigrationSyntaxError(ValueError):
    """The source is not valid Python; nothing was migrated.

    Attributes:
      line: 1-based line of the error, None when the parser gave none.
      column: 0-based column of the error, None when the parser gave none.
      path: the path given to `migrate_source`, if any.
      reason: the parser's description of the error.
    """

    def __init__(
        self, reason: str, *, line: int | None, column: int | None, path: str | None
    ) -> None:
        self.reason = reason
        self.line = line
        self.column = column
        self.path = path
        where = path if path is not None else "<source>"
        if line is not None:
            where += f":{line}"
            if column is not None:
                where += f":{column}"
        super().__init__(f"{where}: cannot parse the source: {reason}")
