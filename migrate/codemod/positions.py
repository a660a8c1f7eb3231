"""Line and column of the few nodes a migration reports, without PositionProvider.

libcst's PositionProvider builds a `CodeRange` for every node of the module and
tracks line and column after every token; a migration only needs the start of the
handful of nodes it reports or records, and resolving the provider cost as much as
the whole rest of the metadata. `Positions` generates the module's code once, on the
first request, remembering for each node only the index of the token it starts at,
and turns an index into (line, column) on demand. The starts are exactly
PositionProvider's: syntactic where a node records its syntactic position (with the
same `start_node` hoisting), otherwise whitespace-inclusive.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from contextlib import contextmanager

import libcst as cst

from migrate.codemod.libcst_adapter import CodegenState, codegen

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


def _module_code(
    module: cst.Module,
    state: CodegenState,
    spans: dict[int, tuple[int, int]],
    reuse: list[str] | None = None,
) -> None:
    """`Module._codegen` with the token span of each top-level statement.

    Without `reuse`, records in `spans` (statement id -> token span) where each
    statement's tokens went; with `reuse` (the tokens of such a generation), copies
    the tokens of every statement found in `spans` instead of generating it again.
    """
    state.before_codegen(module)
    for header in module.header:
        codegen(header, state)
    for statement in module.body:
        span = spans.get(id(statement)) if reuse is not None else None
        if span is not None:
            state.tokens.extend(reuse[span[0] : span[1]])  # type: ignore[index]
        else:
            begin = len(state.tokens)
            codegen(statement, state)
            if reuse is None:
                spans[id(statement)] = (begin, len(state.tokens))
    for footer in module.footer:
        codegen(footer, state)
    if module.has_trailing_newline:
        if not state.tokens:
            state.add_token(state.default_newline)
    else:
        state.pop_trailing_newline()
    state.after_codegen(module)


class Positions:
    """Start positions of the nodes of one module, computed on first use.

    Args:
      module: the module whose nodes are looked up (the tree metadata was resolved on).
    """

    def __init__(self, module: cst.Module) -> None:
        self._module = module
        self._starts: dict[cst.CSTNode, int] | None = None
        self._tokens: list[str] = []
        self._offsets: list[int] = []
        self._text = ""
        self._spans: dict[int, tuple[int, int]] = {}

    def _generate(self, inclusive: bool = False) -> dict[cst.CSTNode, int]:
        if self._starts is None or inclusive:
            state = _StartState(self._module, inclusive)
            self._spans = {}
            _module_code(self._module, state, self._spans)
            self._tokens = state.tokens
            self._offsets = [0, *itertools.accumulate(map(len, state.tokens))]
            self._text = "".join(state.tokens)
            self._starts = state.starts
        return self._starts

    @property
    def text(self) -> str:
        """The module's code, as `Module.code` gives it."""
        self._generate()
        return self._text

    def code(self, module: cst.Module) -> str:
        """`module.code` for a rewrite of this module.

        Top-level statements the rewrite kept (the same objects) are not generated
        again: their text is the one generated for positions, when there was one.
        """
        original = self._module
        if self._starts is None or (module.default_indent, module.default_newline) != (
            original.default_indent,
            original.default_newline,
        ):
            return module.code
        state = CodegenState(
            default_indent=module.default_indent, default_newline=module.default_newline
        )
        _module_code(module, state, self._spans, reuse=self._tokens)
        return "".join(state.tokens)

    def start(self, node: cst.CSTNode) -> tuple[int, int]:
        """(1-based line, 0-based column) where `node` starts, as PositionProvider gives it."""
        index = self._generate().get(node)
        if index is None:
            index = self._generate(inclusive=True)[node]
        offset = self._offsets[index]
        if "\r" not in self._text:
            line_start = self._text.rfind("\n", 0, offset) + 1
            return self._text.count("\n", 0, offset) + 1, offset - line_start
        # Lone carriage returns count as newlines: follow libcst token by token.
        line, column = 1, 0
        for token in itertools.islice(self._tokens, index):
            segments = _NEWLINE.split(token)
            if len(segments) == 1:
                column += len(token)
            else:
                line += len(segments) - 1
                column = len(segments[-1])
        return line, column
