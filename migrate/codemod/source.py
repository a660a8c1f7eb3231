"""`migrate_source`: the codemod applied to one module's source text."""

from __future__ import annotations

import ast

import libcst as cst
from libcst.metadata import MetadataWrapper

from migrate.codemod.layers import LAST_NAMES, MODULE_LAST_NAMES
from migrate.codemod.libcst_adapter import resolve_scopes
from migrate.codemod.migration import SourceMigration
from migrate.codemod.names import (
    CANDIDATE_NAMES,
    CONTROL_FLOW,
    MAKE_TEMPLATE,
    V1_ONLY_ATTRIBUTES,
    VARIABLE_SCOPE,
)
from migrate.codemod.reduce import reduce_source
from migrate.codemod.statements import Unsure, statement_words
from migrate.codemod.walk import subtree
from migrate.result import (
    TARGETS,
    Diagnostic,
    MigrationResult,
    MigrationSyntaxError,
    might_contain_candidates,
)

__all__ = ["migrate_source"]

# Last names of everything the codemod asks scopes about (its qualified-name lookups
# and the scan's: candidates, variable scopes, control flow, templates, partial).
_SCOPE_QUERIES = (
    CANDIDATE_NAMES
    | VARIABLE_SCOPE
    | CONTROL_FLOW
    | MAKE_TEMPLATE
    | V1_ONLY_ATTRIBUTES
    | frozenset({"partial"})
    | LAST_NAMES
    | MODULE_LAST_NAMES
)
# With `--target compat` only family names are looked up: variable scopes, control
# flow and templates decide refusals and implicit names, which only the Keras target has.
_COMPAT_QUERIES = CANDIDATE_NAMES | LAST_NAMES | MODULE_LAST_NAMES
# The v1-only layer attributes matter as attributes (`layer.apply(x)`, `layer.graph`: the
# receiver's scope is asked); a variable or keyword named `graph` or `apply` asks nothing.
_ATTRIBUTES_ONLY = V1_ONLY_ATTRIBUTES - (_SCOPE_QUERIES - V1_ONLY_ATTRIBUTES)


def _statement_names(
    statement: cst.BaseStatement, queries: frozenset[str], refine: bool, aliases: dict[str, str]
) -> tuple[set[str], bool]:
    """The names `statement` mentions (see `_scope_module`) and whether it declares a
    `global`; the import aliases it binds go into `aliases`."""
    names: set[str] = set()
    declares_global = False
    skipped: set[int] = set()  # the members that do not count
    members: set[int] = set()  # `.graph` and the like, where they are attributes
    whole: set[int] = set()  # attributes inside imports
    for node in subtree(statement):
        kind = type(node)
        if kind is cst.Name:
            if id(node) not in skipped and (
                node.value not in _ATTRIBUTES_ONLY or id(node) in members
            ):
                names.add(node.value)
        elif kind is cst.Attribute:
            if node.attr.value in _ATTRIBUTES_ONLY:
                members.add(id(node.attr))
            value = node.value
            if (
                refine
                and type(value) is cst.Attribute
                and value.attr.value not in queries
                and node.attr.value not in MODULE_LAST_NAMES
                and id(node) not in whole
            ):
                skipped.add(id(node.attr))
        elif kind is cst.Global:
            declares_global = True
        elif kind is cst.ImportAlias and node.asname is not None:
            aliases[node.evaluated_alias or ""] = node.evaluated_name
        elif refine and (kind is cst.Import or kind is cst.ImportFrom):
            whole.update(id(inner) for inner in subtree(node) if type(inner) is cst.Attribute)
    return names, declares_global


def _scope_module(
    module: cst.Module,
    queries: frozenset[str],
    refine: bool = False,
    source: str | None = None,
) -> cst.Module:
    """The module scopes are resolved on: unasked top-level definitions reduced to `pass`.

    A top-level function or class none of whose names (or names of the import aliases
    standing for them) is one the codemod asks scopes about, and that declares no
    `global`, changes no other scope through its body: only its name, decorators,
    parameters and bases (kept) bind anything outside it. The transformer skips such
    definitions (nothing in them is a candidate) and the scan reads them without
    scopes, so resolving scopes without their bodies gives every node that is asked
    about the same answer, at a fraction of the cost. The other nodes are the
    module's own (no copy), so the metadata applies to the module that is rewritten.

    A v1-only layer attribute's name (`graph`, `apply`) counts only as an attribute.
    With `refine` (the compat target, which asks only about family names), the member
    of an attribute reached through another attribute that is neither asked about nor
    a family module (`conv1d` in `tf.nn.conv1d`, `dropout` in `tf.nn.dropout`) does
    not count: no spelling of a family member is reached that way. Imports count whole.
    With `source` (the text `module`, or the module it was cut from, was parsed from), a
    definition none of whose words is asked about is stubbed without walking its nodes.
    """
    words = statement_words(module, source) if source is not None else None
    aliases: dict[str, str] = {}
    walked: dict[int, tuple[set[str], bool]] = {}
    for index, statement in enumerate(module.body):
        # Words are a superset of names: a statement without an asked word (nor an
        # import alias of one, whose name is a word too) need not be walked yet.
        if words is None or not words[index].isdisjoint(queries):
            walked[index] = _statement_names(statement, queries, refine, aliases)
    asked = queries | {alias for alias, name in aliases.items() if name in queries}
    body = list(module.body)
    for index, statement in enumerate(module.body):
        if not isinstance(statement, (cst.FunctionDef, cst.ClassDef)):
            continue
        if index in walked:
            names, declares_global = walked[index]
        elif words[index].isdisjoint(asked):  # type: ignore[index]
            names, declares_global = set(), "global" in words[index]  # type: ignore[index]
        else:
            names, declares_global = _statement_names(statement, queries, refine, {})
        if not declares_global and names.isdisjoint(asked):
            stub = cst.IndentedBlock(body=[cst.SimpleStatementLine(body=[cst.Pass()])])
            body[index] = statement.with_changes(body=stub)
    return module.with_changes(body=body)


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
    if target == "compat":
        result = _reduced(source, path)
        if result is not None:
            return result
    try:
        module = cst.parse_module(source)
    except cst.ParserSyntaxError as error:
        try:
            ast.parse(source)
        except SyntaxError as syntax:
            # Python's own parser places the error where it is (libcst's reports where
            # its grammar gave up, often a line later: `print "x"` on line 2 is a failure
            # at the next line's first token for it).
            line = syntax.lineno if syntax.lineno is not None else error.raw_line
            column = syntax.offset - 1 if syntax.offset else None
            raise MigrationSyntaxError(
                syntax.msg or error.message, line=line, column=column, path=path
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
    return _migrate(module, source, target, path)


def _reduced(source: str, path: str | None) -> MigrationResult | None:
    """The compat migration of `source` parsed without its unasked definitions' bodies
    (`codemod.reduce`); None where that cannot be done or trusted."""
    reduced = reduce_source(source, _COMPAT_QUERIES, MODULE_LAST_NAMES)
    if reduced is None:
        return None
    try:
        module = cst.parse_module(reduced.text)
    except cst.ParserSyntaxError:
        return None
    # The libcst statements the cut `ast` statements are (a line of `;`-separated
    # statements is one libcst statement and several `ast` ones).
    cut: set[int] = set()
    at = 0
    for index, statement in enumerate(module.body):
        if at in reduced.stubbed:
            cut.add(index)
        at += len(statement.body) if isinstance(statement, cst.SimpleStatementLine) else 1
    try:
        return _migrate(module, source, "compat", path, frozenset(cut))
    except Unsure:
        return None


def _migrate(
    module: cst.Module,
    source: str,
    target: str,
    path: str | None,
    reduced: frozenset[int] = frozenset(),
) -> MigrationResult:
    # The module was parsed here and is used once: no defensive deep copy, and one
    # metadata resolution for the whole rewrite, on the nodes it can be asked about.
    queries = _COMPAT_QUERIES if target == "compat" else _SCOPE_QUERIES
    scoped = _scope_module(module, queries, refine=target == "compat", source=source)
    wrapper = MetadataWrapper(scoped, unsafe_skip_copy=True)
    resolve_scopes(wrapper)
    command = SourceMigration(target)
    command.source = source
    command.reduced = reduced
    if target == "compat":
        command.unasked = frozenset(
            id(old) for old, new in zip(module.body, scoped.body, strict=True) if old is not new
        )
    with command.resolve(wrapper):
        code = command.code(command.transform_module_impl(module))
    diagnostics = sorted(command.diagnostics, key=lambda d: (d.line, d.column, d.code))
    layers = sorted(command.layers, key=lambda r: (r.line, r.column))
    return MigrationResult(
        code=code,
        changed=code != source,
        diagnostics=diagnostics,
        layers=layers,
        kinds=dict(sorted(command.kinds.items())),
    )
