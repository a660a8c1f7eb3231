"""The `keras.Sequential` constructs that replace one layer where Keras 3 cannot.

padding='causal': v1 and Keras 2 padded the input on the left by
dilation_rate * (kernel_size - 1) and ran a 'valid' convolution; Keras 3 rejects
'causal', so the codemod writes the same two steps as a `keras.Sequential` (the
form in .notes/MIGRATE_API.md).

channels_first with a bias: Keras 3.15's TensorFlow backend adds a (1, F, 1) bias
to a (B, F, T) output along the last axis when T == F (a BiasAdd fusion special
case, keras-team/keras PR #20386), so the codemod computes in channels_last
between two `Permute((2, 1))` layers, which is numerically equal to v1.
"""

from __future__ import annotations

import libcst as cst

from migrate.codemod.arguments import code, literal
from migrate.codemod.edit import keyword_arg

__all__ = ["causal_padding", "sequential"]


def _int_size(value: object) -> int | None:
    """An int from a literal `3`, `(3,)` or `[3]`."""
    if isinstance(value, (tuple, list)) and len(value) == 1:
        value = value[0]
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    return None


class _Indented(cst.CSTTransformer):
    """Shift the line breaks inside a node right by `extra` (it moved deeper)."""

    def __init__(self, extra: str) -> None:
        super().__init__()
        self.extra = extra

    def leave_ParenthesizedWhitespace(
        self, original_node: cst.ParenthesizedWhitespace, updated_node: cst.ParenthesizedWhitespace
    ) -> cst.ParenthesizedWhitespace:
        shifted = cst.SimpleWhitespace(self.extra + updated_node.last_line.value)
        return updated_node.with_changes(last_line=shifted)

    def leave_EmptyLine(
        self, original_node: cst.EmptyLine, updated_node: cst.EmptyLine
    ) -> cst.EmptyLine:
        if updated_node.comment is None:
            return updated_node
        shifted = cst.SimpleWhitespace(self.extra + updated_node.whitespace.value)
        return updated_node.with_changes(whitespace=shifted)


def causal_padding(
    kernel_size: cst.BaseExpression | None, dilation_rate: cst.BaseExpression | None
) -> str | None:
    """Source of the left padding dilation_rate * (kernel_size - 1), folded when literal."""

    def term(node: cst.BaseExpression | None, default: int) -> int | str | None:
        if node is None:
            return default
        ok, value = literal(node)
        if ok:
            return _int_size(value)
        text = code(node).strip()
        atomic = isinstance(node, (cst.Name, cst.Attribute, cst.Call, cst.Subscript))
        return text if atomic else f"({text})"

    kernel = term(kernel_size, 1)
    dilation = term(dilation_rate, 1)
    if kernel is None or dilation is None:
        return None
    if isinstance(kernel, int) and isinstance(dilation, int):
        return str(dilation * (kernel - 1))
    taps = str(kernel - 1) if isinstance(kernel, int) else f"({kernel} - 1)"
    if dilation == 1:
        return taps.strip("()") if taps.startswith("(") else taps
    if taps in ("0", "1"):
        return "0" if taps == "0" else str(dilation)
    return f"{dilation} * {taps}"


def sequential(
    prefix: str,
    conv: cst.Call,
    *,
    base: str,
    indent: str,
    pad: str | None = None,
    data_format: cst.BaseExpression | None = None,
    permute: bool = False,
) -> cst.Call:
    """`prefix.Sequential([...])` around `conv`, one element a line.

    The elements are, in order: `Permute((2, 1))` when `permute`, `ZeroPadding1D`
    when `pad` is given, `conv`, and `Permute((2, 1))` again when `permute`.

    Args:
      prefix: the expression naming Keras 3 (`tf.keras`).
      conv: the SeparableConv1D call.
      base: indentation of the line the construct starts on.
      indent: one indentation level of the module.
      pad: source of the causal left padding, or None for no ZeroPadding1D.
      data_format: the data format expression for ZeroPadding1D, or None to omit it.
      permute: whether to transpose channels_first input to channels_last and back.
    """

    def newline(levels: int) -> cst.ParenthesizedWhitespace:
        return cst.ParenthesizedWhitespace(
            first_line=cst.TrailingWhitespace(),
            indent=False,
            last_line=cst.SimpleWhitespace(base + indent * levels),
        )

    def permute_layer() -> cst.BaseExpression:
        return cst.parse_expression(f"{prefix}.layers.Permute((2, 1))")

    layers: list[cst.BaseExpression] = [permute_layer()] if permute else []
    if pad is not None:
        space = cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
        padding_args = [keyword_arg("padding", cst.parse_expression(f"({pad}, 0)"))]
        if data_format is not None:
            padding_args = [
                padding_args[0].with_changes(comma=space),
                keyword_arg("data_format", data_format.deep_clone()),
            ]
        layers.append(
            cst.Call(func=cst.parse_expression(f"{prefix}.layers.ZeroPadding1D"), args=padding_args)
        )
    layers.append(conv.visit(_Indented(indent * 2)))
    if permute:
        layers.append(permute_layer())
    elements = [
        cst.Element(layer, comma=cst.Comma(whitespace_after=newline(2))) for layer in layers
    ]
    elements[-1] = elements[-1].with_changes(comma=cst.Comma(whitespace_after=newline(1)))
    return cst.Call(
        func=cst.parse_expression(f"{prefix}.Sequential"),
        args=[
            cst.Arg(
                value=cst.List(
                    elements=elements,
                    lbracket=cst.LeftSquareBracket(whitespace_after=newline(2)),
                ),
                whitespace_after_arg=newline(0),
            )
        ],
        whitespace_before_args=newline(1),
    )
