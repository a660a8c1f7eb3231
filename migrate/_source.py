"""`migrate_source`: the codemod applied to one module's source text."""

from __future__ import annotations

import ast

import libcst as cst
from libcst.codemod import CodemodContext
from libcst.metadata import MetadataWrapper

from migrate._result import (
    TARGETS,
    Diagnostic,
    MigrationResult,
    MigrationSyntaxError,
    might_contain_candidates,
)
from migrate.separable_conv1d import SeparableConv1DCommand

__all__ = ["migrate_source"]


def migrate_source(
    source: str, *, target: str = "keras", path: str | None = None
) -> MigrationResult:
    """Rewrite the SeparableConv1D calls of one module.

    Args:
      source: the module's Python source.
      target: "keras" (Keras 3 layers) or "compat" (`compat_layers`, same arguments).
      path: the file's path, used in messages only.

    Returns:
      A `MigrationResult`; everything outside the rewritten calls is kept byte for byte.

    Raises:
      MigrationSyntaxError: `source` is not valid Python (carries line and column).
      ValueError: `target` is not one of `TARGETS`, or `source` is not a str.

    Example:

    >>> result = migrate_source(
    ...     "import tensorflow as tf\\n"
    ...     "y = tf.layers.separable_conv1d(x, 8, 3, padding='SAME')\\n"
    ... )
    >>> print(result.code, end="")
    import tensorflow as tf
    y = tf.keras.layers.SeparableConv1D(8, 3, padding='same', data_format='channels_last')(x)
    """
    if target not in TARGETS:
        raise ValueError(
            f"Invalid value for argument `target`. Expected one of {TARGETS}. "
            f"Received: target={target!r}"
        )
    if not isinstance(source, str):
        raise ValueError(
            "Invalid value for argument `source`. Expected a str. "
            f"Received: source of type {type(source).__name__}"
        )
    if not might_contain_candidates(source):
        return MigrationResult(code=source, changed=False)
    try:
        module = cst.parse_module(source)
    except cst.ParserSyntaxError as error:
        try:
            ast.parse(source)
        except SyntaxError:
            raise MigrationSyntaxError(
                error.message, line=error.raw_line, column=error.raw_column, path=path
            ) from None
        # Valid Python that this libcst version cannot parse: report, change nothing.
        diagnostic = Diagnostic(
            error.raw_line,
            error.raw_column,
            "TF1M900-unparsable",
            f"libcst {cst.__name__} cannot parse this valid Python ({error.message}); the "
            "file was left unchanged. Upgrade libcst, or migrate its calls by hand.",
        )
        return MigrationResult(code=source, changed=False, diagnostics=[diagnostic])
    # The module was parsed here and is used once: no defensive deep copy, and one
    # metadata resolution for the whole rewrite.
    wrapper = MetadataWrapper(module, unsafe_skip_copy=True)
    command = SeparableConv1DCommand(CodemodContext(filename=path, wrapper=wrapper), target=target)
    with command.resolve(wrapper):
        code = command.transform_module_impl(wrapper.module).code
    diagnostics = sorted(command.diagnostics, key=lambda d: (d.line, d.column, d.code))
    layers = sorted(command.layers, key=lambda r: (r.line, r.column))
    return MigrationResult(
        code=code, changed=code != source, diagnostics=diagnostics, layers=layers
    )
