"""Editing an argument list without disturbing its layout or losing comments.

Removed arguments hand their comments to the neighbouring separator; added
arguments copy the separator style the list already uses (one line, one
argument per line, trailing comma, tabs).
"""

from __future__ import annotations

from collections.abc import Sequence

import libcst as cst

from migrate.codemod.walk import subtree

__all__ = [
    "as_keyword",
    "edit_args",
    "has_comment",
    "keyword_arg",
    "lowered",
    "plain_whitespace",
    "quote_of",
    "string",
]

_NO_SPACE = cst.SimpleWhitespace("")


def keyword_arg(name: str, value: cst.BaseExpression) -> cst.Arg:
    """`name=value` in the style PEP 8 asks for inside calls."""
    return cst.Arg(
        value=value,
        keyword=cst.Name(name),
        equal=cst.AssignEqual(whitespace_before=_NO_SPACE, whitespace_after=_NO_SPACE),
    )


def string(text: str, quote: str) -> cst.SimpleString:
    """The string literal `text` written with `quote`."""
    return cst.SimpleString(f"{quote}{text}{quote}")


def lowered(node: cst.BaseExpression, value: str, quote: str) -> cst.BaseExpression:
    """A string argument's value in lower case, keeping its own quotes and prefix."""
    if isinstance(node, cst.SimpleString) and node.value.lower() != node.value:
        return node.with_changes(value=node.value.lower())
    if isinstance(node, cst.SimpleString):
        return node
    return string(value.lower(), quote)


def quote_of(call: cst.Call) -> str:
    """The quote character the call's own strings use (double by default)."""
    quotes = [node.quote[0] for node in subtree(call) if isinstance(node, cst.SimpleString)]
    return "'" if quotes.count("'") > quotes.count('"') else '"'


def as_keyword(arg: cst.Arg, name: str, value: cst.BaseExpression | None = None) -> cst.Arg:
    """`arg` written as `name=...` (it keeps its layout), with `value` if given."""
    value = arg.value if value is None else value
    if arg.keyword is not None:
        return arg.with_changes(value=value)
    fresh = keyword_arg(name, value)
    return arg.with_changes(keyword=fresh.keyword, equal=fresh.equal, value=value)


def has_comment(arg: cst.Arg) -> bool:
    """Whether a comment is written anywhere inside the argument."""
    return any(isinstance(node, cst.Comment) for node in subtree(arg, trivia=True))


def _comments(node: cst.CSTNode | None, indent: cst.SimpleWhitespace) -> list[cst.EmptyLine]:
    """Comments held by a whitespace node, as own lines indented like the arguments."""
    if node is None or isinstance(node, cst.MaybeSentinel):
        return []
    found: list[cst.EmptyLine] = []

    class _Collect(cst.CSTVisitor):
        def visit_EmptyLine(self, line: cst.EmptyLine) -> bool:
            if line.comment is not None:
                found.append(line)
            return False

        def visit_TrailingWhitespace(self, trailing: cst.TrailingWhitespace) -> None:
            if trailing.comment is not None:
                found.append(
                    cst.EmptyLine(indent=True, whitespace=indent, comment=trailing.comment)
                )

    node.visit(_Collect())
    return found


def _arg_comments(arg: cst.Arg, indent: cst.SimpleWhitespace) -> list[cst.EmptyLine]:
    """Comments in an argument's separators (its value travels separately)."""
    parts: list[cst.CSTNode | None] = [arg.whitespace_after_star, arg.whitespace_after_arg]
    if isinstance(arg.equal, cst.AssignEqual):
        parts.append(arg.equal)
    if isinstance(arg.comma, cst.Comma):
        parts.append(arg.comma)
    return [line for part in parts for line in _comments(part, indent)]


def plain_whitespace(ws: cst.BaseParenthesizableWhitespace) -> cst.BaseParenthesizableWhitespace:
    """The same line break and indent without comments."""
    if isinstance(ws, cst.ParenthesizedWhitespace):
        return ws.with_changes(first_line=cst.TrailingWhitespace(), empty_lines=())
    return ws


def _with_comments(
    ws: cst.BaseParenthesizableWhitespace,
    lines: list[cst.EmptyLine],
    fallback_indent: cst.SimpleWhitespace,
) -> cst.BaseParenthesizableWhitespace:
    if not lines:
        return ws
    if isinstance(ws, cst.ParenthesizedWhitespace):
        if ws.first_line.comment is None:
            first, rest = lines[0], lines[1:]
            return ws.with_changes(
                first_line=cst.TrailingWhitespace(
                    whitespace=cst.SimpleWhitespace("  "), comment=first.comment
                ),
                empty_lines=(*rest, *ws.empty_lines),
            )
        return ws.with_changes(empty_lines=(*lines, *ws.empty_lines))
    first, rest = lines[0], lines[1:]
    return cst.ParenthesizedWhitespace(
        first_line=cst.TrailingWhitespace(
            whitespace=cst.SimpleWhitespace("  "), comment=first.comment
        ),
        empty_lines=tuple(rest),
        indent=True,
        last_line=fallback_indent,
    )


def _separator(
    kept: list[cst.Arg], before: cst.BaseParenthesizableWhitespace
) -> cst.BaseParenthesizableWhitespace:
    """The whitespace the list uses between two arguments."""
    for arg in kept[:-1]:
        if isinstance(arg.comma, cst.Comma):
            return plain_whitespace(arg.comma.whitespace_after)
    if isinstance(before, cst.ParenthesizedWhitespace):
        return plain_whitespace(before)
    return cst.SimpleWhitespace(" ")


def edit_args(
    args: Sequence[cst.Arg],
    replacements: Sequence[cst.Arg | None],
    additions: Sequence[cst.Arg],
    before: cst.BaseParenthesizableWhitespace,
) -> tuple[list[cst.Arg], cst.BaseParenthesizableWhitespace]:
    """Apply per-argument replacements (None removes), then append `additions`.

    Args:
      args: the original arguments.
      replacements: one entry per original argument: its new form, or None.
      additions: new arguments for the end of the list.
      before: the whitespace after the opening parenthesis.

    Returns:
      The new arguments and the new whitespace after the opening parenthesis.
    """
    layout = _separator(list(args), before)
    indent = (
        layout.last_line
        if isinstance(layout, cst.ParenthesizedWhitespace)
        else cst.SimpleWhitespace("    ")
    )
    kept: list[cst.Arg] = []
    for original, new in zip(args, replacements, strict=True):
        if new is not None:
            kept.append(new)
            continue
        lines = _arg_comments(original, indent)
        if kept:
            last = kept[-1]
            if isinstance(last.comma, cst.Comma):
                ws = _with_comments(last.comma.whitespace_after, lines, indent)
                kept[-1] = last.with_changes(comma=last.comma.with_changes(whitespace_after=ws))
            elif lines:
                ws = _with_comments(last.whitespace_after_arg, lines, indent)
                kept[-1] = last.with_changes(whitespace_after_arg=ws)
        else:
            before = _with_comments(before, lines, indent)
    if args and kept and kept[-1] is not replacements[-1]:
        # The original last argument went: the new last one takes its ending
        # (trailing comma or not, and the line break before the parenthesis).
        last, ending = kept[-1], args[-1]
        carried = _comments(last.comma, indent)
        if isinstance(ending.comma, cst.Comma):
            ws = _with_comments(ending.comma.whitespace_after, carried, indent)
            kept[-1] = last.with_changes(comma=ending.comma.with_changes(whitespace_after=ws))
        else:
            ws = _with_comments(ending.whitespace_after_arg, carried, indent)
            kept[-1] = last.with_changes(comma=cst.MaybeSentinel.DEFAULT, whitespace_after_arg=ws)
    for new in additions:
        if not kept:
            kept.append(new)
            continue
        separator = _separator(kept, before)
        last = kept[-1]
        if isinstance(last.comma, cst.Comma):
            # Trailing comma: the new argument inherits the line break before ')'.
            ending = last.comma.whitespace_after
            if isinstance(ending, cst.ParenthesizedWhitespace) and isinstance(
                separator, cst.ParenthesizedWhitespace
            ):
                own = ending.with_changes(indent=separator.indent, last_line=separator.last_line)
                closing = plain_whitespace(ending)
            else:
                own, closing = separator, plain_whitespace(ending)
            kept[-1] = last.with_changes(comma=last.comma.with_changes(whitespace_after=own))
            kept.append(new.with_changes(comma=cst.Comma(whitespace_after=closing)))
        else:
            kept[-1] = last.with_changes(
                comma=cst.Comma(whitespace_after=separator), whitespace_after_arg=_NO_SPACE
            )
            kept.append(new.with_changes(whitespace_after_arg=last.whitespace_after_arg))
    return kept, before
