"""Read-only walks over libcst trees that neither copy nor rebuild any node.

libcst's own `visit` rebuilds every node it passes (visitors included), which made a
read-only pass over a module cost as much as parsing it. `children`, `subtree` and
`Walker` read the nodes' fields directly; the module scan (`codemod.scan`), the
import bookkeeping, the edits and the module-alias search use them.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from typing import Any

import libcst as cst

__all__ = ["Walker", "children", "subtree"]

# Fields that hold statements, in source order; a walk visits every other field of
# a node first (a `with` item, a decorator, a base class, a handler's type, a loop's
# target all precede the body in the source).
_BODY_FIELDS = ("body", "handlers", "orelse", "finalbody", "cases")
_FIELDS: dict[type, tuple[str, ...]] = {}
# Nodes that hold only whitespace, comments or a fixed token: no name, call or
# statement is ever below them.
_TRIVIA = (
    cst.BaseParenthesizableWhitespace,
    cst.TrailingWhitespace,
    cst.EmptyLine,
    cst.Newline,
    cst.Comment,
    cst.Comma,
    cst.Dot,
    cst.Colon,
    cst.Semicolon,
    cst.AssignEqual,
    cst.LeftParen,
    cst.RightParen,
    cst.LeftSquareBracket,
    cst.RightSquareBracket,
    cst.LeftCurlyBrace,
    cst.RightCurlyBrace,
    cst.BaseBinaryOp,
    cst.BaseBooleanOp,
    cst.BaseCompOp,
    cst.BaseUnaryOp,
    cst.BaseAugOp,
)
# Per type of a field's value: 0 not a node, 1 a node, 2 a trivia node.
_KIND: dict[type, int] = {}


def _fields(cls: type) -> tuple[str, ...]:
    names = _FIELDS.get(cls)
    if names is None:
        every = [f.name for f in dataclasses.fields(cls)]
        names = tuple(
            [n for n in every if n not in _BODY_FIELDS] + [n for n in _BODY_FIELDS if n in every]
        )
        _FIELDS[cls] = names
    return names


def _kind(cls: type) -> int:
    kind = _KIND[cls] = (
        0 if not issubclass(cls, cst.CSTNode) else 2 if issubclass(cls, _TRIVIA) else 1
    )
    return kind


def children(node: cst.CSTNode, trivia: bool = False) -> Iterator[cst.CSTNode]:
    """The child nodes of `node`, statements after the rest, without copying anything.

    libcst's `visit` rebuilds every node it passes (visitors included), which made a
    read-only pass over a module cost as much as parsing it. Whitespace, comments and
    fixed tokens (`_TRIVIA`) are left out unless `trivia` is true.
    """
    limit = 2 if trivia else 1
    for name in _fields(type(node)):
        value = getattr(node, name)
        if isinstance(value, (list, tuple)):
            for item in value:
                kind = _KIND.get(type(item))
                if kind is None:
                    kind = _kind(type(item))
                if 0 < kind <= limit:
                    yield item
        else:
            kind = _KIND.get(type(value))
            if kind is None:
                kind = _kind(type(value))
            if 0 < kind <= limit:
                yield value


def subtree(node: cst.CSTNode, trivia: bool = False) -> Iterator[cst.CSTNode]:
    """`node` and every node below it, in no particular order (see `children`)."""
    todo = [node]
    while todo:
        current = todo.pop()
        yield current
        todo.extend(children(current, trivia))


class Walker:
    """A read-only depth-first walk with libcst-style `visit_X` / `leave_X` methods.

    `visit_X` returning False skips the node's children; `leave_X` runs either way.
    """

    def __init__(self) -> None:
        self._visits: dict[type, Callable[[Any], bool | None]] = {}
        self._leaves: dict[type, Callable[[Any], None]] = {}
        for attribute in dir(self):
            prefix, _, node_type = attribute.partition("_")
            if prefix in ("visit", "leave") and hasattr(cst, node_type):
                table = self._visits if prefix == "visit" else self._leaves
                table[getattr(cst, node_type)] = getattr(self, attribute)

    def walk(self, node: cst.CSTNode) -> None:
        kind = type(node)
        visit = self._visits.get(kind)
        if visit is None or visit(node) is not False:
            for child in children(node):
                self.walk(child)
        leave = self._leaves.get(kind)
        if leave is not None:
            leave(node)
