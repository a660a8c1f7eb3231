"""The work of the codemod command, apart from libcst's codemod framework.

`LegacyLayersCommand` (`codemod.command`) is a libcst `CodemodCommand`, so that
`python -m libcst.tool codemod` runs it; importing `libcst.codemod` costs about 0.4 s
(it loads `libcst.matchers`), more than migrating a typical file. `migrate_source`
runs the same `Migration` as a `SourceMigration`, which needs only libcst's metadata.
"""

from __future__ import annotations

import libcst as cst
from libcst import MetadataDependent
from libcst.metadata import ScopeProvider

from migrate.codemod.positions import Positions
from migrate.codemod.transformer import Migrator
from migrate.result import TARGETS, Diagnostic, LayerRecord

__all__ = ["Migration", "SourceMigration"]


class Migration:
    """The migration of one module (a mixin of a libcst `MetadataDependent`).

    After `transform_module_impl`, `diagnostics`, `layers` and `kinds` hold what was
    found; `code` gives the rewritten module's code.
    """

    # Resolved once per module; the transformer adds and removes imports itself
    # so that no second metadata pass runs. Qualified names are asked of the scopes
    # for the few nodes that may be candidates (what QualifiedNameProvider does for
    # every node), and positions come from `migrate.codemod.positions` for the few nodes
    # reported (PositionProvider computes every node's).
    METADATA_DEPENDENCIES = (ScopeProvider,)

    def start(self, target: str) -> None:
        """Set up the state of a migration to `target` ("keras" or "compat")."""
        if target not in TARGETS:
            raise ValueError(
                f"Invalid value for argument `target`. Expected one of {TARGETS}. "
                f"Received: target={target!r}"
            )
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
        """Rewrite `tree` (its metadata resolved) and record what was found."""
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


class SourceMigration(Migration, MetadataDependent):
    """A `Migration` run by `migrate_source`: warnings are kept in `warnings`.

    Args:
      target: "keras" or "compat".
    """

    def __init__(self, target: str) -> None:
        MetadataDependent.__init__(self)
        self.start(target)
        self.warnings: list[str] = []

    def warn(self, warning: str) -> None:
        """Keep a warning ("line:column: code: message"), as a codemod command would."""
        self.warnings.append(warning)
