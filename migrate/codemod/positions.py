"""Line and column of the few nodes a migration reports, and the rewritten module's code,
without generating the code of statements nobody asked about.

libcst's PositionProvider builds a `CodeRange` for every node of the module and
tracks line and column after every token; a migration only needs the start of the
handful of nodes it reports or records. `Positions` finds where each top-level
statement starts in the source from Python's own parser (`ast`, a tenth of libcst's
parse), then generates the code of one top-level statement only when a node inside
it is asked about, remembering for each node the index of the token it starts at.
The starts are exactly PositionProvider's: syntactic where a node records its
syntactic position (with the same `start_node` hoisting), otherwise
whitespace-inclusive. The rewritten module's code is the source's own text for every
top-level statement the rewrite kept, and generated code for the others.

Where the statement starts cannot be trusted (lone carriage returns, which libcst and
`ast` count differently; no newline at the end; a source `ast` rejects; counts that
do not line up), the whole module is generated once instead, as before.
"""

from __future__ import annotations

import ast
import dataclasses
import itertools
import re
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import libcst as cst

from migrate.codemod.libcst_adapter import CodegenState, codegen

__all__ = ["Positions", "Unsure"]

# The newlines libcst's position providers count (libcst._nodes.whitespace.NEWLINE_RE).
_NEWLINE = re.compile(r"\r\n?|\n")


class Unsure(Exception):
    """Positions or code of a reduced module (`codemod.reduce`) cannot be trusted: the
    caller migrates the full module instead."""


class _StartState(CodegenState):
    """Code generation that records the token index each node starts at.

    Every expression and statement records its syntactic position; only with
    `inclusive` are the other nodes' whitespace-inclusive starts recorded too
    (PositionProvider's fallback), which costs a third of the pass.
    """

    def __init__(self, module: cst.Module, inclusive: bool) -> None:
        super().__init__(
            default_indent=module.default_indent, default_newline=module.default_newline
        )
        self.starts: dict[cst.CSTNode, int] = {}
        self._stack: list[int] = []
        self._inclusive = inclusive

    def before_codegen(self, node: cst.CSTNode) -> None:
        if self._inclusive:
            self._stack.append(len(self.tokens))

    def after_codegen(self, node: cst.CSTNode) -> None:
        if self._inclusive:
            start = self._stack.pop()
            # A syntactic position recorded inside the node wins, as in PositionProvider.
            if node not in self.starts:
                self.starts[node] = start

    @contextmanager
    def record_syntactic_position(
        self,
        node: cst.CSTNode,
        *,
        start_node: cst.CSTNode | None = None,
        end_node: cst.CSTNode | None = None,
    ) -> Iterator[None]:
        start = len(self.tokens)
        try:
            yield
        finally:
            self.starts[node] = self.starts[start_node] if start_node is not None else start


class _Generated:
    """The code of one piece of a module with the token index each node starts at."""

    def __init__(self, state: _StartState) -> None:
        self.tokens = state.tokens
        self.starts = state.starts
        self.text = "".join(state.tokens)
        self.offsets = [0, *itertools.accumulate(map(len, state.tokens))]


def _statement_starts(module: cst.Module, source: str) -> tuple[list[int], list[int]] | None:
    """Where each top-level statement of `module` (parsed from `source`) starts, its
    leading blank and comment lines included: (1-based lines, character offsets of
    those lines and of the end of the last line); None where unsure."""
    if not module.body or not module.has_trailing_newline or "\r" in source:
        return None
    try:
        with warnings.catch_warnings():
            # Invalid escape sequences and the like: libcst's parse already accepted them.
            warnings.simplefilter("ignore")
            nodes = ast.parse(source).body
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
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


def _same(new: Sequence[cst.CSTNode], old: Sequence[cst.CSTNode]) -> bool:
    return len(new) == len(old) and all(a is b for a, b in zip(new, old, strict=True))


class Positions:
    """Start positions of the nodes of one module, computed on first use.

    Args:
      module: the module whose nodes are looked up (the tree metadata was resolved on).
      source: the text `module` was parsed from (`module.code`), when known.
      reduced: indexes of the top-level statements whose bodies were cut from `source`
        before parsing (`codemod.reduce`): their code is not the source's, and
        `Unsure` is raised wherever it would have to be.
    """

    def __init__(
        self, module: cst.Module, source: str | None = None, reduced: frozenset[int] = frozenset()
    ) -> None:
        self._module = module
        self._source = source
        self._reduced = reduced
        self._lines: list[int] | None | bool = False  # False: not computed yet
        self._offsets: list[int] = []  # character offset of each statement, then the end
        self._index = {id(statement): i for i, statement in enumerate(module.body)}
        self._by_body = {id(statement.body): i for i, statement in enumerate(module.body)}
        # Set by the transformer as it enters each top-level statement: a node asked
        # about is looked for there first.
        self.statements = self._index.keys()
        self._generated: dict[int, _Generated] = {}  # statement index -> its code
        self._inclusive: dict[int, _Generated] = {}
        self._whole: _Generated | None = None
        self._whole_inclusive: _Generated | None = None
        self.current: cst.CSTNode | None = None  # the top-level statement being visited

    # ---- where the top-level statements are -----------------------------------

    def _split(self) -> list[int] | None:
        if self._lines is False:
            found = None
            if self._source is not None:
                found = _statement_starts(self._module, self._source)
            lines = None
            if found is not None:
                lines, self._offsets = found
                self._offsets.append(self._footer_start())
                if self._offsets[-1] < self._offsets[-2]:
                    lines = None
            self._lines = lines
        return self._lines  # type: ignore[return-value]

    def _footer_start(self) -> int:
        state = CodegenState(
            default_indent=self._module.default_indent,
            default_newline=self._module.default_newline,
        )
        for footer in self._module.footer:
            codegen(footer, state)
        return len(self._source) - len("".join(state.tokens))  # type: ignore[arg-type]

    def _statement(self, index: int, inclusive: bool) -> _Generated:
        cache = self._inclusive if inclusive else self._generated
        found = cache.get(index)
        if found is None:
            state = _StartState(self._module, inclusive)
            codegen(self._module.body[index], state)
            found = cache[index] = _Generated(state)
        return found

    def _whole_module(self, inclusive: bool) -> _Generated:
        found = self._whole_inclusive if inclusive else self._whole
        if found is None:
            state = _StartState(self._module, inclusive)
            codegen(self._module, state)
            found = _Generated(state)
            if inclusive:
                self._whole_inclusive = found
            else:
                self._whole = found
        return found

    # ---- the public interface ------------------------------------------------

    @property
    def text(self) -> str:
        """The module's code, as `Module.code` gives it."""
        if self._source is not None:
            return self._source
        return self._whole_module(False).text

    def start(self, node: cst.CSTNode) -> tuple[int, int]:
        """(1-based line, 0-based column) where `node` starts, as PositionProvider gives it."""
        lines = self._split()
        if lines is None:
            if self._reduced:
                raise Unsure("statement starts")
            return self._locate(self._whole_module, node, 1)
        order = [index for index in range(len(lines)) if index not in self._reduced]
        current = self._index.get(id(self.current))
        if current is not None:
            order.remove(current)
            order.insert(0, current)
        for inclusive in (False, True):
            for index in order:
                generated = self._statement(index, inclusive)
                if node in generated.starts:
                    return self._position(generated, generated.starts[node], lines[index])
        if self._reduced:
            raise Unsure("a node in a cut statement")
        raise KeyError(node)

    def _locate(self, whole, node: cst.CSTNode, first_line: int) -> tuple[int, int]:
        generated = whole(False)
        index = generated.starts.get(node)
        if index is None:
            generated = whole(True)
            index = generated.starts[node]
        return self._position(generated, index, first_line)

    @staticmethod
    def _position(generated: _Generated, index: int, first_line: int) -> tuple[int, int]:
        offset = generated.offsets[index]
        text = generated.text
        if "\r" not in text:
            line_start = text.rfind("\n", 0, offset) + 1
            return first_line + text.count("\n", 0, offset), offset - line_start
        # Lone carriage returns count as newlines: follow libcst token by token.
        line, column = first_line, 0
        for token in itertools.islice(generated.tokens, index):
            segments = _NEWLINE.split(token)
            if len(segments) == 1:
                column += len(token)
            else:
                line += len(segments) - 1
                column = len(segments[-1])
        return line, column

    def code(self, module: cst.Module) -> str:
        """`module.code` for a rewrite of this module.

        Top-level statements the rewrite kept (the same objects) are not generated:
        their text is the source's. Wherever that text is cut, a statement next to the
        cut must have the text found there, or the whole module is generated instead.
        """
        original = self._module
        if module is original and self._source is not None:
            return self._source
        if (
            (module.default_indent, module.default_newline)
            != (original.default_indent, original.default_newline)
            or not _same(module.header, original.header)
            or not _same(module.footer, original.footer)
            or module.has_trailing_newline != original.has_trailing_newline
            or self._split() is None
        ):
            return self._whole_code(module)
        source: str = self._source  # type: ignore[assignment]
        offsets = self._offsets
        # What each statement of the output is: a kept statement (its index), a kept
        # statement with new leading lines (its index and their text), or a new one.
        entries: list[tuple[int | None, str | None, cst.CSTNode]] = []
        for statement in module.body:
            index = self._index.get(id(statement))
            lead = None
            if index is None:
                index = self._relined(statement)
                if index is not None:
                    lead = self._lead(statement, index)
                    if lead is None:
                        return self._whole_code(module)
            entries.append((index, lead, statement))
        used = {index for index, _, _ in entries}
        if any(index not in used for index in self._reduced):
            return self._whole_code(module)
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
        if not all(self._cut_at(cut) for cut in sorted(cuts)):
            return self._whole_code(module)
        parts = [source[: offsets[0]]]
        for index, lead, statement in entries:
            if index is None:
                parts.append(self._fresh(statement))
            elif lead is None:
                parts.append(source[offsets[index] : offsets[index + 1]])
            else:
                parts.append(lead)
        parts.append(source[offsets[-1] :])
        return "".join(parts)

    def _relined(self, statement: cst.CSTNode) -> int | None:
        """The index of the original statement `statement` is but for its leading lines
        (an import added before it gets a blank line in between), else None."""
        index = self._by_body.get(id(getattr(statement, "body", None)))
        if index is None:
            return None
        original = self._module.body[index]
        if type(original) is not type(statement):
            return None
        for field in dataclasses.fields(statement):
            if field.name != "leading_lines" and getattr(statement, field.name) is not getattr(
                original, field.name
            ):
                return None
        return index

    def _lead(self, statement: cst.CSTNode, index: int) -> str | None:
        """The text of the relined statement `index`: its new leading lines, then the
        source's text after its old ones (None when those are not found there)."""
        old = self._fresh_lines(self._module.body[index].leading_lines)
        start = self._offsets[index]
        if not self._source.startswith(old, start):  # type: ignore[union-attr]
            return None
        new = self._fresh_lines(statement.leading_lines)  # type: ignore[attr-defined]
        return new + self._source[start + len(old) : self._offsets[index + 1]]  # type: ignore[index]

    def _fresh_lines(self, lines: Sequence[cst.CSTNode]) -> str:
        state = CodegenState(
            default_indent=self._module.default_indent,
            default_newline=self._module.default_newline,
        )
        for line in lines:
            codegen(line, state)
        return "".join(state.tokens)

    def _whole_code(self, module: cst.Module) -> str:
        if self._reduced:
            raise Unsure("the output's text")
        return module.code

    def _cut_at(self, cut: int) -> bool:
        """Whether `self._offsets[cut]` is where statement `cut` starts (and the one before
        it ends), checked on a statement whose code was generated already if possible."""
        last = len(self._offsets) - 2
        if cut > last:
            return True  # the footer's start: measured from the end
        near = [i for i in (cut - 1, cut) if 0 <= i <= last and i not in self._reduced]
        if not near:
            return False
        for index in near:
            if index in self._generated:
                return self._found_at(index)
        # The shorter statement is the cheaper one to generate.
        offsets = self._offsets
        return self._found_at(min(near, key=lambda i: offsets[i + 1] - offsets[i]))

    def _found_at(self, index: int) -> bool:
        text = self._statement(index, False).text
        return self._source[self._offsets[index] : self._offsets[index + 1]] == text  # type: ignore[index]

    def _fresh(self, statement: cst.CSTNode) -> str:
        state = CodegenState(
            default_indent=self._module.default_indent,
            default_newline=self._module.default_newline,
        )
        codegen(statement, state)
        return "".join(state.tokens)
