"""The codemod as a libcst command: the legacy layer family -> compat_layers, and
TensorFlow 1 SeparableConv1D calls -> Keras 3.

Run it on files with
`python -m libcst.tool codemod -x migrate.codemod.command.LegacyLayersCommand
--target compat PATH`, or on a string with `migrate.migrate_source`.

Calls are recognised by their qualified names, so every import spelling and
alias works and a project's own `separable_conv1d` is never touched. A call is
either rewritten with unchanged numbers or left exactly as it was with a
diagnostic that says why (the README lists every code).
"""

from __future__ import annotations

import argparse

import libcst as cst
from libcst.codemod import CodemodCommand, CodemodContext
from libcst.metadata import ScopeProvider

from migrate.codemod.positions import Positions
from migrate.codemod.transformer import Migrator
from migrate.result import TARGETS, Diagnostic, LayerRecord

__all__ = ["LegacyLayersCommand", "SeparableConv1DCommand"]


class LegacyLayersCommand(CodemodCommand):
    """Rewrite the TensorFlow 1 legacy layers to compat_layers, or SeparableConv1D to Keras 3.

    Args:
      context: the libcst codemod context.
      target: "keras" (default) writes `tf.keras.layers.SeparableConv1D` and reports the
        other family members; "compat" renames every member of `tf.compat.v1.layers`
        and `tf.compat.v1.nn.rnn_cell` to its `compat_layers` name
        (`compat_layers.dense`, `compat_layers.rnn_cell.LSTMCell`), arguments untouched.

    After `transform_module`, `diagnostics`, `layers` and `kinds` hold what was found; each
    diagnostic is also reported as a libcst warning ("line:column: code: message").
    """

    DESCRIPTION = (
        "Rename tf.compat.v1.layers / nn.rnn_cell names to compat_layers (--target compat), "
        "or rewrite SeparableConv1D to Keras 3, refusing what cannot be mapped."
    )
    # Resolved once per module; the transformer adds and removes imports itself
    # so that no second metadata pass runs. Qualified names are asked of the scopes
    # for the few nodes that may be candidates (what QualifiedNameProvider does for
    # every node), and positions come from `migrate.codemod.positions` for the few nodes
    # reported (PositionProvider computes every node's).
    METADATA_DEPENDENCIES = (ScopeProvider,)

    @staticmethod
    def add_args(arg_parser: argparse.ArgumentParser) -> None:
        arg_parser.add_argument(
            "--target",
            dest="target",
            choices=TARGETS,
            default="keras",
            help="keras: Keras 3 layers (default); compat: compat_layers, same arguments.",
        )

    def __init__(self, context: CodemodContext, target: str = "keras") -> None:
        if target not in TARGETS:
            raise ValueError(
                f"Invalid value for argument `target`. Expected one of {TARGETS}. "
                f"Received: target={target!r}"
            )
        super().__init__(context)
        self.target = target
        self.diagnostics: list[Diagnostic] = []
        self.layers: list[LayerRecord] = []
        self.kinds: dict[str, int] = {}
        # Top-level statements resolved without their bodies (see `codemod.source`);
        # with --target compat the scan need not walk them either.
        self.unasked: frozenset[int] = frozenset()
        # The text the module was parsed from, when known: positions and the output
        # then reuse it instead of generating the code of untouched statements.
        self.source: str | None = None
        # Indexes of the top-level statements whose bodies `codemod.reduce` cut.
        self.reduced: frozenset[int] = frozenset()
        self._positions = Positions(cst.Module(body=[]))

    def transform_module_impl(self, tree: cst.Module) -> cst.Module:
        migrator = Migrator(self, self.target)
        new = tree.visit(migrator)
        self.diagnostics = migrator.diagnostics
        self.layers = migrator.layers
        self.kinds = migrator.kinds
        self._positions = migrator.positions
        return new

    def positions(self, module: cst.Module) -> Positions:
        """Where the nodes of `module` (the one being transformed) start."""
        return Positions(module, self.source, self.reduced)

    def code(self, module: cst.Module) -> str:
        """`module.code` of the module `transform_module_impl` returned, without
        generating again the top-level statements it left as they were."""
        return self._positions.code(module)


# The name under which the command was first published (it handled one layer then).
SeparableConv1DCommand = LegacyLayersCommand
