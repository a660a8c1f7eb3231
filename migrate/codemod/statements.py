"""A module's top-level statements in its source text, and a rewrite's code from them.

`statement_starts` finds where each top-level statement starts in the source with
Python's own parser (`ast`, a tenth of libcst's parse), so `codemod.positions` can
generate one statement's code at a time; `splice` builds the rewritten module's code
from the source's own text for every statement the rewrite kept and generated code
for the others, checking every place the source's text is cut.

Where the statement starts cannot be trusted (lone carriage returns, which libcst and
`ast` count differently; no newline at the end; a source `ast` rejects; counts that
do not line up), the whole module is generated instead, as libcst does; for a module
parsed without some bodies (`codemod.reduce`) that is impossible, and `Unsure` is
raised so that the caller migrates the full module.
"""

from __future__ import annotations

import ast
import dataclasses
import itertools
import re
import warnings
from collections.abc import Sequence
from typing import TYPE_CHECKING

import libcst as cst

from migrate.codemod.libcst_adapter import CodegenState, codegen

if TYPE_CHECKING:
    from migrate.codemod.positions import Positions

__all__ = ["Unsure", "parse_ast", "splice", "statement_starts", "statement_words"]


class Unsure(Exception):
    """Positions or code of a reduced module (`codemod.reduce`) cannot be trusted: the
    caller migrates the full module instead."""


# The last source parsed and its tree: `codemod.reduce` and `statement_starts` parse
# the same text one after the other.
_LAST: list[object] = [None, None]


def parse_ast(source: str) -> ast.Module | None:
    """`ast.parse(source)` without warnings, None where Python rejects it; the tree of
    the last source asked about is kept, so a second call for it costs nothing."""
    if _LAST[0] is source:
        return _LAST[1]  # type: ignore[return-value]
    try:
        with warnings.catch_warnings():
            # Invalid escape sequences and the like: libcst's parse accepted them too.
            warnings.simplefilter("ignore")
            tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        tree = None
    _LAST[:] = [source, tree]
    return tree


def statement_starts(module: cst.Module, source: str) -> tuple[list[int], list[int]] | None:
    """Where each top-level statement of `module` (parsed from `source`) starts, its
    leading blank and comment lines included: (1-based lines, character offsets of
    those lines and of the end of the last line); None where unsure."""
    if not module.body or not module.has_trailing_newline or "\r" in source:
        return None
    tree = parse_ast(source)
    if tree is None:
        return None
    nodes = tree.body
    # Only "\n" ends a line here ("\r" was ruled out): not str.splitlines's set.
    offsets = [0, *(match.end() for match in re.finditer("\n", source))]
    lines: list[int] = []
    at = 0
    for statement in module.body:
        if at >= len(nodes):
            return None
        node = nodes[at]
        first = node.lineno
        leading = len(statement.leading_lines)
        decorators = getattr(statement, "decorators", ())
        if decorators:
            decorated = getattr(node, "decorator_list", None)
            if not decorated:
                return None
            # `ast` places a decorator at its expression, which a parenthesis can move
            # to a later line than the `@`: only trusted when the `@` precedes it there.
            first = decorated[0].lineno
            if first > len(offsets) - 1:
                return None
            text = source[offsets[first - 1] : offsets[first]].encode("utf-8")
            if not text[: decorated[0].col_offset].rstrip().endswith(b"@"):
                return None
            leading += len(decorators[0].leading_lines)
        lines.append(first - leading)
        at += len(statement.body) if isinstance(statement, cst.SimpleStatementLine) else 1
    if (
        at != len(nodes)
        or lines[0] < 1
        or lines[-1] > len(offsets) - 1
        or any(b <= a for a, b in itertools.pairwise(lines))
    ):
        return None
    return lines, [offsets[line - 1] for line in lines]


# An identifier, keyword, or word of a string or comment.
_WORD = re.compile(r"[^\W\d]\w*")


def statement_words(module: cst.Module, source: str) -> list[set[str]] | None:
    """The words of each top-level statement of `module` (parsed from `source`, or from
    a text `codemod.reduce` cut from it): a superset of the names each mentions. None
    where `ast` and libcst do not line up."""
    if not module.body or "\r" in source:
        return None
    tree = parse_ast(source)
    if tree is None:
        return None
    nodes = tree.body
    lines = source.split("\n")
    words: list[set[str]] = []
    at = 0
    for statement in module.body:
        count = len(statement.body) if isinstance(statement, cst.SimpleStatementLine) else 1
        if at + count > len(nodes):
            return None
        first, last = nodes[at], nodes[at + count - 1]
        decorators = getattr(first, "decorator_list", ())
        start = min([first.lineno, *(d.lineno for d in decorators)])
        words.append(set(_WORD.findall("\n".join(lines[start - 1 : last.end_lineno]))))
        at += count
    return words if at == len(nodes) else None


def _same(new: Sequence[cst.CSTNode], old: Sequence[cst.CSTNode]) -> bool:
    """Whether the module header (or footer) lines are the original ones: a transform
    rebuilds them as equal copies (a licence header is a few comment lines)."""
    return len(new) == len(old) and all(
        a is b or a.deep_equals(b) for a, b in zip(new, old, strict=True)
    )


def splice(positions: Positions, module: cst.Module) -> str:
    """`module.code` for a rewrite of this module.

    Top-level statements the rewrite kept (the same objects) are not generated:
    their text is the source's. Wherever that text is cut, a statement next to the
    cut must have the text found there, or the whole module is generated instead.
    """
    original = positions.module
    if module is original and positions.source is not None:
        return positions.source
    if (
        (module.default_indent, module.default_newline)
        != (original.default_indent, original.default_newline)
        or not _same(module.header, original.header)
        or not _same(module.footer, original.footer)
        or module.has_trailing_newline != original.has_trailing_newline
    ):
        return _whole_code(positions, module)
    if positions.source is not None and (
        len(module.body) == len(original.body)
        and all(a is b for a, b in zip(module.body, original.body, strict=True))
    ):
        return positions.source  # every statement kept: the source, no cut anywhere
    if positions.split() is None:
        return _whole_code(positions, module)
    source: str = positions.source  # type: ignore[assignment]
    offsets = positions.offsets
    # What each statement of the output is: a kept statement (its index), a kept
    # statement with new leading lines (its index and their text), or a new one.
    entries: list[tuple[int | None, str | None, cst.CSTNode]] = []
    for statement in module.body:
        index = positions.index.get(id(statement))
        lead = None
        if index is None:
            index = _relined(positions, statement)
            if index is not None:
                lead = _lead(positions, statement, index)
                if lead is None:
                    return _whole_code(positions, module)
        entries.append((index, lead, statement))
    used = {index for index, _, _ in entries}
    if any(index not in used for index in positions.reduced):
        return _whole_code(positions, module)
    # Where the output cuts the source's text between two statements, the cut must
    # be right: one of the two statements' text is checked to stand there.
    pieces = [-1, *(index for index, _, _ in entries), len(offsets) - 1]
    cuts = {index for index, lead, _ in entries if lead is not None}
    for before, after in itertools.pairwise(pieces):
        if before is None or after is None or after != before + 1:
            if before is not None:
                cuts.add(before + 1)
            if after is not None and after < len(offsets) - 1:
                cuts.add(after)
    if not all(_cut_at(positions, cut) for cut in sorted(cuts)):
        return _whole_code(positions, module)
    parts = [source[: offsets[0]]]
    for index, lead, statement in entries:
        if index is None:
            parts.append(_fresh(positions, statement))
        elif lead is None:
            parts.append(source[offsets[index] : offsets[index + 1]])
        else:
            parts.append(lead)
    parts.append(source[offsets[-1] :])
    return "".join(parts)


def _relined(positions: Positions, statement: cst.CSTNode) -> int | None:
    """The index of the original statement `statement` is but for its leading lines
    (an import added before it gets a blank line in between), else None."""
    index = positions.by_body.get(id(getattr(statement, "body", None)))
    if index is None:
        return None
    original = positions.module.body[index]
    if type(original) is not type(statement):
        return None
    for field in dataclasses.fields(statement):
        if field.name != "leading_lines" and getattr(statement, field.name) is not getattr(
            original, field.name
        ):
            return None
    return index


def _lead(positions: Positions, statement: cst.CSTNode, index: int) -> str | None:
    """The text of the relined statement `index`: its new leading lines, then the
    source's text after its old ones (None when those are not found there)."""
    old = _fresh_lines(positions, positions.module.body[index].leading_lines)
    start = positions.offsets[index]
    if not positions.source.startswith(old, start):  # type: ignore[union-attr]
        return None
    new = _fresh_lines(positions, statement.leading_lines)  # type: ignore[attr-defined]
    return new + positions.source[start + len(old) : positions.offsets[index + 1]]  # type: ignore[index]


def _fresh_lines(positions: Positions, lines: Sequence[cst.CSTNode]) -> str:
    state = CodegenState(
        default_indent=positions.module.default_indent,
        default_newline=positions.module.default_newline,
    )
    for line in lines:
        codegen(line, state)
    return "".join(state.tokens)


def _whole_code(positions: Positions, module: cst.Module) -> str:
    if positions.reduced:
        raise Unsure("the output's text")
    return module.code


def _cut_at(positions: Positions, cut: int) -> bool:
    """Whether `positions.offsets[cut]` is where statement `cut` starts (and the one before
    it ends), checked on a statement whose code was generated already if possible."""
    last = len(positions.offsets) - 2
    if cut > last:
        return True  # the footer's start: measured from the end
    near = [i for i in (cut - 1, cut) if 0 <= i <= last and i not in positions.reduced]
    if not near:
        return False
    for index in near:
        if index in positions.generated:
            return _found_at(positions, index)
    # The shorter statement is the cheaper one to generate.
    offsets = positions.offsets
    return _found_at(positions, min(near, key=lambda i: offsets[i + 1] - offsets[i]))


def _found_at(positions: Positions, index: int) -> bool:
    text = positions.statement(index, False).text
    return positions.source[positions.offsets[index] : positions.offsets[index + 1]] == text  # type: ignore[index]


def _fresh(positions: Positions, statement: cst.CSTNode) -> str:
    state = CodegenState(
        default_indent=positions.module.default_indent,
        default_newline=positions.module.default_newline,
    )
    codegen(statement, state)
    return "".join(state.tokens)
