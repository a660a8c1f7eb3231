"""The codemod: generic recognition, scope tracking, refusals, diagnostics and editing
(`transformer`, `scan`, `edit`, ...), plus one spec module per layer family under `layers/`.

Nothing here is imported by `migrate` itself until a source is migrated, so the CLI's
text prefilter never loads libcst.
"""
