"""Line and column of the few nodes a migration reports, without PositionProvider.

libcst's PositionProvider builds a `CodeRange` for every node of the module and
tracks line and column after every token; a migration only needs the start of the
handful of nodes it reports or records. `Positions` takes where each top-level
statement starts from `codemod.statements` (`ast`), then generates the code of one
top-level statement only when a node inside it is asked about, remembering for each
node the index of the token it starts at. The starts are exactly PositionProvider's:
syntactic where a node records its syntactic position (with the same `start_node`
hoisting), otherwise whitespace-inclusive. Where the statement starts are unknown,
the whole module's code is generated once instead.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import libcst as cst

from migrate.codemod.libcst_adapter import CodegenState, codegen
from migrate.codemod.statements import Unsure, splice, statement_starts

__all__ = ["Positions"]

# The newlines libcst's position providers count (libcst._nodes.whitespace.NEWLINE_RE).
_NEWLINE = re.compile(r"\r\n?|\n")


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
        self.module = module
        self.source = source
        self.reduced = reduced
        self._lines: list[int] | None | bool = False  # False: not computed yet
        self.offsets: list[int] = []  # character offset of each statement, then the end
        self.index = {id(statement): i for i, statement in enumerate(module.body)}
        self.by_body = {id(statement.body): i for i, statement in enumerate(module.body)}
        self.generated: dict[int, _Generated] = {}  # statement index -> its code
        self._inclusive: dict[int, _Generated] = {}
        self._whole: _Generated | None = None
        self._whole_inclusive: _Generated | None = None
        self.current: cst.CSTNode | None = None  # the top-level statement being visited
        self._edited = False

    # ---- where the top-level statements are -----------------------------------

    def split(self) -> list[int] | None:
        if self._lines is False:
            found = None
            if self.source is not None:
                found = statement_starts(self.module, self.source)
            lines = None
            if found is not None:
                lines, self.offsets = found
                self.offsets.append(self._footer_start())
                if self.offsets[-1] < self.offsets[-2]:
                    lines = None
            self._lines = lines
        return self._lines  # type: ignore[return-value]

    def _footer_start(self) -> int:
        state = CodegenState(
            default_indent=self.module.default_indent,
            default_newline=self.module.default_newline,
        )
        for footer in self.module.footer:
            codegen(footer, state)
        return len(self.source) - len("".join(state.tokens))  # type: ignore[arg-type]

    def statement(self, index: int, inclusive: bool) -> _Generated:
        cache = self._inclusive if inclusive else self.generated
        found = cache.get(index)
        if found is None:
            state = _StartState(self.module, inclusive)
            codegen(self.module.body[index], state)
            found = cache[index] = _Generated(state)
        return found

    def _whole_module(self, inclusive: bool) -> _Generated:
        found = self._whole_inclusive if inclusive else self._whole
        if found is None:
            state = _StartState(self.module, inclusive)
            codegen(self.module, state)
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
        if self.source is not None:
            return self.source
        return self._whole_module(False).text

    def start(self, node: cst.CSTNode) -> tuple[int, int]:
        """(1-based line, 0-based column) where `node` starts, as PositionProvider gives it."""
        lines = self.split()
        if lines is None:
            if self.reduced:
                raise Unsure("statement starts")
            return self._locate(self._whole_module, node, 1)
        order = [index for index in range(len(lines)) if index not in self.reduced]
        current = self.index.get(id(self.current))
        if current is not None:
            order.remove(current)
            order.insert(0, current)
        for inclusive in (False, True):
            for index in order:
                generated = self.statement(index, inclusive)
                if node in generated.starts:
                    return self._position(generated, generated.starts[node], lines[index])
        if self.reduced:
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
        """`module.code` for a rewrite of this module (see `codemod.statements.splice`)."""
        return splice(self, module)

    def enter(self, node: cst.CSTNode) -> None:
        """The transformer enters `node`: a top-level statement is remembered (a node
        asked about is looked for there first) with nothing edited in it yet."""
        if id(node) in self.index:
            self.current = node
            self._edited = False

    def settle(self, original: cst.CSTNode, updated: cst.CSTNode, result: Any) -> Any:
        """What the transformer returns on leaving `original`: `result`, except that a
        top-level statement rebuilt without any edit below it is the original object,
        whose text the output then takes from the source."""
        if result is not updated:
            self._edited = True
        elif not self._edited and id(original) in self.index:
            return original
        return result
