"""Adding and removing top-level imports without another metadata pass.

libcst's AddImportsVisitor and RemoveImportsVisitor each walk the module again,
and the remover resolves scope metadata a second time; the codemod only ever adds
one import and removes `from ... import separable_conv1d`-style names it made
unused, which needs neither.
"""

from __future__ import annotations

import libcst as cst

from migrate.codemod.walk import Walker

__all__ = ["add_import", "remove_unused_from_imports"]


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


def add_import(module: cst.Module, statement: str) -> cst.Module:
    """Insert `statement` after the module's last top-level import.

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
    position = 0
    for index, existing in enumerate(body):
        if _is_import(existing):
            position = index + 1
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


def remove_unused_from_imports(module: cst.Module, names: set[tuple[str, str]]) -> cst.Module:
    """Remove `from M import n [as a]` aliases in `names` ((M, n) pairs) that are unused.

    Only top-level statements are edited; a statement whose aliases all go is removed,
    its leading comments handed to the next statement.
    """
    collector = _Names()
    collector.walk(module)
    used = collector.names
    body: list[cst.BaseStatement] = []
    carried: list[cst.EmptyLine] = []
    for statement in module.body:
        if carried:
            statement = statement.with_changes(leading_lines=[*carried, *statement.leading_lines])
            carried = []
        simple = isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1
        small = statement.body[0] if simple else None
        if (
            isinstance(small, cst.ImportFrom)
            and small.module is not None
            and not small.relative
            and not isinstance(small.names, cst.ImportStar)
        ):
            module_name = cst.Module(body=[]).code_for_node(small.module)
            keep = [
                alias
                for alias in small.names
                if (module_name, alias.evaluated_name) not in names
                or (alias.evaluated_alias or alias.evaluated_name) in used
            ]
            if not keep:
                carried = [line for line in statement.leading_lines if line.comment]
                trailing = statement.trailing_whitespace.comment
                if trailing is not None:  # the comment keeps its own line
                    carried.append(cst.EmptyLine(comment=trailing))
                continue
            if len(keep) != len(small.names):
                keep[-1] = keep[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
                statement = statement.with_changes(body=[small.with_changes(names=keep)])
        body.append(statement)
    return module.with_changes(body=body)
