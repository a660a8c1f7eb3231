"""The text libcst parses for `--target compat`: unasked top-level definitions' bodies cut.

With the compat target the transformer and the scan skip every top-level function or
class that mentions no name the codemod asks about (see `codemod.source`), and scopes
are resolved without their bodies. Parsing those bodies with libcst only to drop them
was most of a candidate file's cost, so `reduce_source` finds them with Python's own
parser (`ast`, a tenth of libcst's parse) and replaces each such body by `pass` at the
body's indentation, leaving every other line as it was (decorators, signatures, comments
and the statements that are asked about keep their text and layout). The rewrite's
output takes untouched statements from the original source (`codemod.positions`), and
line numbers come from the original text, so nothing of the cut text is ever shown.

The rule for "mentions" is the one `codemod.source._scope_module` applies to libcst
nodes, on the `ast` nodes that hold the same identifiers.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass

from migrate.codemod.statements import parse_ast

__all__ = ["Reduced", "reduce_source"]

_DEFINITIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
# An identifier (or keyword, or a word of a string or comment): a superset of the
# names a statement mentions.
_WORD = re.compile(r"[^\W\d]\w*")


@dataclass(frozen=True)
class Reduced:
    """A source with some top-level bodies cut.

    Attributes:
      text: the text to parse.
      stubbed: indexes (in the original's `ast` module body) of the definitions cut.
    """

    text: str
    stubbed: frozenset[int]


def _names(
    node: ast.AST, queries: frozenset[str], modules: frozenset[str], aliases: dict[str, str]
) -> tuple[set, bool]:
    """The identifiers `node` mentions (refined as in `_scope_module`), and whether it
    declares a `global`; its import aliases are added to `aliases` (as name -> name)."""
    names: set[str] = set()
    declares_global = False
    for inner in ast.walk(node):
        kind = type(inner)
        if kind is ast.Name:
            names.add(inner.id)
        elif kind is ast.Attribute:
            value = inner.value
            if type(value) is not ast.Attribute or value.attr in queries or inner.attr in modules:
                names.add(inner.attr)
        elif kind is ast.alias:
            names.update(inner.name.split("."))
            if inner.asname:
                names.add(inner.asname)
                aliases[inner.asname] = inner.name
        elif kind is ast.ImportFrom:
            names.update((inner.module or "").split("."))
        elif kind in (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef):
            names.add(inner.name)
        elif kind is ast.arg:
            names.add(inner.arg)
        elif kind is ast.keyword:
            if inner.arg:
                names.add(inner.arg)
        elif kind is ast.Global:
            declares_global = True
            names.update(inner.names)
        elif kind is ast.Nonlocal:
            names.update(inner.names)
        elif kind is ast.ExceptHandler or kind is ast.MatchAs or kind is ast.MatchStar:
            if inner.name:
                names.add(inner.name)
        elif kind is ast.MatchMapping:
            if inner.rest:
                names.add(inner.rest)
        elif kind is ast.MatchClass:
            names.update(inner.kwd_attrs)
    return names, declares_global


def reduce_source(source: str, queries: frozenset[str], modules: frozenset[str]) -> Reduced | None:
    """`source` with the bodies of its unasked top-level definitions replaced by `pass`.

    Args:
      source: the module's text.
      queries: the last names the codemod asks scopes about.
      modules: the last names of the family modules (`layers`, `rnn_cell`, ...).

    Returns:
      The reduced text, or None when `ast` cannot parse `source`, lines end in
      anything but "\\n", or no body is cut.
    """
    if "\r" in source:
        return None
    tree = parse_ast(source)
    if tree is None:
        return None
    # A statement none of whose words (identifiers, keywords, words in strings and
    # comments) is asked about mentions nothing asked about: only the others are walked.
    lines = source.split("\n")
    aliases: dict[str, str] = {}
    words: list[set[str]] = []
    walked: dict[int, tuple[set[str], bool]] = {}
    for index, statement in enumerate(tree.body):
        start = min(
            [statement.lineno, *(d.lineno for d in getattr(statement, "decorator_list", ()))]
        )
        found = set(_WORD.findall("\n".join(lines[start - 1 : statement.end_lineno])))
        words.append(found)
        if not found.isdisjoint(queries):
            walked[index] = _names(statement, queries, modules, aliases)
    asked = queries | {alias for alias, name in aliases.items() if name in queries}
    candidates: list[tuple[int, ast.stmt, set[str]]] = []
    for index, statement in enumerate(tree.body):
        if not isinstance(statement, _DEFINITIONS):
            continue
        if index in walked:
            names, declares_global = walked[index]
        elif words[index].isdisjoint(asked):
            names, declares_global = set(), "global" in words[index]
        else:
            names, declares_global = _names(statement, queries, modules, {})
        if not declares_global:
            candidates.append((index, statement, names))
    cut: list[tuple[int, int, str]] = []  # (first line, last line, replacement), 0-based
    stubbed = set()
    for index, statement, names in candidates:
        if not names.isdisjoint(asked):
            continue
        first = statement.body[0]
        start = min([first.lineno, *(d.lineno for d in getattr(first, "decorator_list", ()))])
        end = statement.end_lineno
        if end is None or start <= statement.lineno:
            continue  # a body on the signature's line: kept whole
        line = lines[start - 1]
        column = len(line.encode("utf-8")[: first.col_offset].decode("utf-8", "replace"))
        indent = line[:column]
        if getattr(first, "decorator_list", None) or indent.strip(" \t") or not indent:
            continue  # kept whole where the body's first line is not plain
        cut.append((start - 1, end - 1, indent + "pass"))
        stubbed.add(index)
    if not cut:
        return None
    out: list[str] = []
    at = 0
    for first, last, replacement in cut:
        out.extend(lines[at:first])
        out.append(replacement)
        at = last + 1
    out.extend(lines[at:])
    return Reduced("\n".join(out), frozenset(stubbed))
