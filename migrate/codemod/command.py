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

from libcst.codemod import CodemodCommand, CodemodContext

from migrate.codemod.migration import Migration
from migrate.result import TARGETS

__all__ = ["LegacyLayersCommand", "SeparableConv1DCommand"]


class LegacyLayersCommand(Migration, CodemodCommand):
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
        CodemodCommand.__init__(self, context)
        self.start(target)


# The name under which the command was first published (it handled one layer then).
SeparableConv1DCommand = LegacyLayersCommand
