"""Migrate TensorFlow 1 SeparableConv1D code to Keras 3.

`migrate_source` rewrites one module's source; `tf1-migrate` (migrate.cli) runs
it over a tree, and `migrate.checkpoints` moves trained weights along.
"""

from migrate._result import (
    TARGETS,
    Diagnostic,
    LayerRecord,
    MigrationResult,
    MigrationSyntaxError,
    might_contain_candidates,
)
from migrate._source import migrate_source

__all__ = [
    "TARGETS",
    "Diagnostic",
    "LayerRecord",
    "MigrationResult",
    "MigrationSyntaxError",
    "migrate_source",
    "might_contain_candidates",
]
