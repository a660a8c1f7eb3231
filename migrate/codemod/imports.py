"""Adding and removing top-level imports without another metadata pass.

libcst's AddImportsVisitor and RemoveImportsVisitor each walk the module again,
and the remover resolves scope metadata a second time; the codemod only ever adds
one import and removes `from ... import separable_conv1d`-style names it made
unused, which needs neither.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import cast

import libcst as cst

from migrate.codemod.walk import Walker

__all__ = ["add_import", "remove_unused_from_imports", "used_names"]


def _is_import(statement: cst.BaseStatement) -> bool:
    return isinstance(statement, cst.SimpleStatementLine) and all(
        isinstance(small, (cst.Import, cst.ImportFrom)) for small in statement.body
    )


def _is_docstring(statement: cst.BaseStatement) -> bool:
    return (
        isinstance(statement, cst.SimpleStatementLine)
        and len(statement.body) == 1
        and isinstance(statement.body[0], cst.Expr)
        and isinstance(statement.body[0].value, (cst.SimpleString, cst.ConcatenatedString))
    )


# Packages whose import makes the legacy family reachable: a renamed name is reached
# through a name that one of their imports binds.
_FAMILY_PACKAGES = frozenset({"tensorflow", "tf_keras", "keras"})


def _imports_family(statement: cst.BaseStatement) -> bool:
    """Whether `statement` imports TensorFlow: an import statement, or a `try` block
    (`try: import tensorflow.compat.v1 as tf` / `except ImportError: ...`) whose body
    holds one."""
    if isinstance(statement, cst.Try):
        return any(_imports_family(inner) for inner in statement.body.body)
    if not _is_import(statement):
        return False
    for small in statement.body:
        if isinstance(small, cst.Import):
            names = [_code(alias.name) for alias in small.names]
        else:
            names = [] if small.module is None or small.relative else [_code(small.module)]
        if any(name.split(".", 1)[0] in _FAMILY_PACKAGES for name in names):
            return True
    return False


def _code(node: cst.CSTNode) -> str:
    return cst.Module(body=[]).code_for_node(node)


def _after_imports(body: list[cst.BaseStatement]) -> int:
    """Where a new import goes: after the run of top-level imports that holds the first
    statement importing TensorFlow, so that module-level code after it (which may use
    the new name) runs after the import; without one, after the last top-level import."""
    for index, existing in enumerate(body):
        if _imports_family(existing):
            end = index + 1
            while end < len(body) and _is_import(body[end]):
                end += 1
            return end
    position = 0
    for index, existing in enumerate(body):
        if _is_import(existing):
            position = index + 1
    return position


def add_import(module: cst.Module, statement: str) -> cst.Module:
    """Insert `statement` after the module's imports of TensorFlow (see `_after_imports`).

    Args:
      module: the module.
      statement: one import statement, e.g. "from tensorflow import keras".

    Returns:
      The module with the statement inserted (unchanged if it is already there).
    """
    new = cst.parse_statement(statement + module.default_newline)
    body = list(module.body)
    if any(_is_import(s) and s.deep_equals(new) for s in body):
        return module
    position = _after_imports(body)
    if position == 0 and body and _is_docstring(body[0]):
        position = 1
    if position < len(body) and position > 0 and not body[position].leading_lines:
        # Keep imports and code apart by a blank line, as formatters do.
        body[position] = body[position].with_changes(leading_lines=[cst.EmptyLine()])
    body.insert(position, new)
    return module.with_changes(body=body)


class _Names(Walker):
    """Every identifier used outside import statements (attribute names excluded)."""

    def __init__(self) -> None:
        super().__init__()
        self.names: set[str] = set()

    def visit_Import(self, node: cst.Import) -> bool:
        return False

    def visit_ImportFrom(self, node: cst.ImportFrom) -> bool:
        return False

    def visit_Attribute(self, node: cst.Attribute) -> bool:
        self.walk(node.value)
        return False

    def visit_Name(self, node: cst.Name) -> None:
        self.names.add(node.value)


def used_names(module: cst.Module) -> set[str]:
    """Every identifier `module` uses outside import statements."""
    collector = _Names()
    collector.walk(module)
    return collector.names


def _exported(module: cst.Module) -> set[str]:
    """The names a top-level `__all__ = [...]` (or `+=`) lists as string literals."""
    names: set[str] = set()
    for statement in module.body:
        if not isinstance(statement, cst.SimpleStatementLine):
            continue
        for small in statement.body:
            if isinstance(small, cst.Assign):
                targets = [target.target for target in small.targets]
            elif isinstance(small, cst.AugAssign):
                targets = [small.target]
            else:
                continue
            if any(isinstance(t, cst.Name) and t.value == "__all__" for t in targets):
                if isinstance(small.value, (cst.List, cst.Tuple)):
                    for element in small.value.elements:
                        if isinstance(element.value, cst.SimpleString):
                            names.add(element.value.evaluated_value)
    return names


def _import_of(target: str, bound: str) -> cst.SimpleStatementLine:
    """`import compat_layers [as bound]` or `from compat_layers.x import y [as bound]`."""
    parent, _, last = target.rpartition(".")
    if not parent:
        text = f"import {target}" + ("" if bound == target else f" as {bound}")
    else:
        text = f"from {parent} import {last}" + ("" if bound == last else f" as {bound}")
    statement = cst.parse_statement(text + "\n")
    assert isinstance(statement, cst.SimpleStatementLine)
    return statement


def _split(
    small: cst.Import | cst.ImportFrom,
    names: set[tuple[str, str]],
    used: set[str],
    renames: dict[tuple[str, str], str],
    used_before: set[str],
) -> tuple[list[cst.ImportAlias], list[cst.SimpleStatementLine]]:
    """The aliases of one import statement to keep, and the compat_layers imports that
    replace those of its aliases in `renames` which the module never used."""
    keep: list[cst.ImportAlias] = []
    replacements: list[cst.SimpleStatementLine] = []
    for alias in small.names:
        if isinstance(small, cst.Import) and alias.asname is None:
            # `import tensorflow.contrib.rnn` (as `("", module)`): the module goes; the
            # statement also bound `tensorflow`, kept as `import tensorflow` if used.
            dotted = _code(alias.name)
            top = dotted.split(".", 1)[0]
            if ("", dotted) not in names:
                keep.append(alias)
            elif top in used:
                replacements.append(_import_of(top, top))
            continue
        if isinstance(small, cst.Import):
            # `import a.b.c as x` binds what `from a.b import c as x` binds.
            key = tuple(_code(alias.name).rsplit(".", 1))
        else:
            key = (_code(small.module), alias.evaluated_name)
        bound = alias.evaluated_alias or alias.evaluated_name
        if key not in names or bound in used:
            keep.append(alias)
        elif key in renames and bound not in used_before:
            replacements.append(_import_of(renames[key], bound))
    return keep, replacements


class _Edit:
    """One run of `remove_unused_from_imports` over the statement lists of a module."""

    def __init__(self, names, used, renames, used_before) -> None:
        self.names = names
        self.used = used
        self.renames = renames
        self.used_before = used_before

    def body(
        self, statements: Sequence[cst.BaseStatement]
    ) -> tuple[list[cst.BaseStatement], list[cst.EmptyLine]]:
        """The statements with the imports edited, and the comments of removed
        statements that no later statement took."""
        body: list[cst.BaseStatement] = []
        carried: list[cst.EmptyLine] = []
        for statement in statements:
            if carried:
                statement = statement.with_changes(
                    leading_lines=[*carried, *statement.leading_lines]
                )
                carried = []
            simple = isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1
            small = statement.body[0] if simple else None
            if not isinstance(small, (cst.Import, cst.ImportFrom)) or (
                isinstance(small, cst.ImportFrom)
                and (
                    small.module is None
                    or small.relative
                    or isinstance(small.names, cst.ImportStar)
                )
            ):
                body.append(statement)
                continue
            keep, replacements = _split(
                small, self.names, self.used, self.renames, self.used_before
            )
            trailing = statement.trailing_whitespace
            if keep:
                if len(keep) != len(small.names):
                    keep[-1] = keep[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
                    statement = statement.with_changes(body=[small.with_changes(names=keep)])
                body.append(statement)
            elif replacements:  # the first replacement takes the statement's place and comments
                replacements[0] = replacements[0].with_changes(
                    leading_lines=statement.leading_lines
                )
                replacements[-1] = replacements[-1].with_changes(trailing_whitespace=trailing)
            else:
                carried = [line for line in statement.leading_lines if line.comment]
                if trailing.comment is not None:  # the comment keeps its own line
                    carried.append(cst.EmptyLine(comment=trailing.comment))
            body.extend(replacements)
        return body, carried


class _Blocks(cst.CSTTransformer):
    """Applies an `_Edit` to every indented block (imports inside functions, ifs, trys)."""

    def __init__(self, edit: _Edit) -> None:
        super().__init__()
        self.edit = edit

    def visit_SimpleStatementLine(self, node: cst.SimpleStatementLine) -> bool:
        return False  # no block inside

    def leave_IndentedBlock(
        self, original_node: cst.IndentedBlock, updated_node: cst.IndentedBlock
    ) -> cst.IndentedBlock:
        body, carried = self.edit.body(updated_node.body)
        if not body:  # a block cannot be empty
            body = [cst.SimpleStatementLine(body=[cst.Pass()], leading_lines=carried)]
            carried = []
        return updated_node.with_changes(body=body, footer=[*carried, *updated_node.footer])


def remove_unused_from_imports(
    module: cst.Module,
    names: set[tuple[str, str]],
    renames: dict[tuple[str, str], str] | None = None,
    used_before: set[str] | None = None,
) -> cst.Module:
    """Remove `from M import n [as a]` and `import M.n as a` aliases in `names` ((M, n)
    pairs) that are unused.

    Every statement list is edited (a local import in a function as well); a statement
    whose aliases all go is removed, its leading comments handed to the next statement
    (a block left empty gets `pass`). An alias in `renames` ((M, n) -> the compat_layers
    name) that the module did not use before the rename either (`used_before`: imported
    for other modules, or dead), or that `__all__` lists, is imported from compat_layers
    instead of removed: the name stays bound, and no longer imports TensorFlow 1's module.
    Whether a name is used is decided module-wide.
    """
    used = used_names(module)
    # A name listed in `__all__` is there for other modules: it is imported from
    # compat_layers rather than removed, even where this module's own uses were renamed.
    before = (used if used_before is None else used_before) - _exported(module)
    edit = _Edit(names, used, renames or {}, before)
    module = cast(cst.Module, module.visit(_Blocks(edit)))
    body, carried = edit.body(module.body)
    return module.with_changes(body=body, footer=[*carried, *module.footer])
