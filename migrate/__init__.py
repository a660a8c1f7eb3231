"""Migrate TensorFlow 1 legacy layer code: to compat_layers, and SeparableConv1D to Keras 3.

`migrate_source` rewrites one module's source (the codemod: `migrate.codemod`);
`tf1-migrate` (`migrate.cli`) runs it over a tree, and `migrate.checkpoints` moves
trained weights along.
"""

from migrate.result import (
    TARGETS,
    Diagnostic,
    LayerRecord,
    MigrationResult,
    MigrationSyntaxError,
    might_contain_candidates,
)

__all__ = [
    "TARGETS",
    "Diagnostic",
    "LayerRecord",
    "MigrationResult",
    "MigrationSyntaxError",
    "migrate_source",
    "might_contain_candidates",
]


def __getattr__(name: str):
    # libcst is imported only when a source is actually migrated: a run over a tree
    # whose files the text prefilter rules out never pays for loading it.
    if name == "migrate_source":
        from migrate.codemod.source import migrate_source

        return migrate_source
    raise AttributeError(f"module 'migrate' has no attribute {name!r}")
