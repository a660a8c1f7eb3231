"""Spellings that hide legacy names from the codemod, reported instead of ignored.

The codemod recognises a legacy name by what it resolves to. Two spellings bring
family names into use without naming them where they are used: a star import from a
family module (`from tensorflow.contrib.rnn import *`, then `LSTMCell(...)`), and a
family module used as a value (`cells[k] = tf.contrib.rnn`, `getattr(tf.layers, name)`).
Neither can be followed, so what they reach keeps its legacy name; both are reported,
so that no legacy name is left behind silently. (With --target compat, `tf.layers` and
`tf.nn.rnn_cell` used as values become `compat_layers` / `compat_layers.rnn_cell`, which
have all their members.)
"""

from __future__ import annotations

from typing import Any

import libcst as cst

from migrate.codemod.layers import MODULE_LAST_NAMES, is_family_module

__all__ = ["module_value", "report_star_import"]


def _code(node: cst.CSTNode) -> str:
    return cst.Module(body=[]).code_for_node(node)


def report_star_import(migrator: Any, node: cst.ImportFrom) -> None:
    """Report `from <family module> import *` (TF1M220)."""
    if node.module is None or node.relative or not isinstance(node.names, cst.ImportStar):
        return
    module = _code(node.module)
    if not is_family_module(module):
        return
    migrator.report(
        node,
        "TF1M220-star-import",
        f"`from {module} import *` brings the legacy names into this module without naming "
        "them, so their uses cannot be recognised and were left unchanged. Import the names "
        f"this module uses explicitly (`from {module} import LSTMCell`) or use them through "
        "the module, then run the tool again.",
    )


# The public modules whose every member compat_layers provides under the same name: used
# as a value, they become that compat_layers module (`layers = tf.layers`).
_WHOLE_MODULES = {
    "tensorflow.layers": "compat_layers",
    "tensorflow.compat.v1.layers": "compat_layers",
    "tensorflow.nn.rnn_cell": "compat_layers.rnn_cell",
    "tensorflow.compat.v1.nn.rnn_cell": "compat_layers.rnn_cell",
}


def module_value(
    migrator: Any, node: cst.Name | cst.Attribute, updated: cst.BaseExpression
) -> cst.BaseExpression | None:
    """A family module used as a value rather than to reach a member: with --target
    compat, `tf.layers` / `tf.nn.rnn_cell` become their compat_layers module (returned);
    any other (`tf.contrib.rnn`, with members compat_layers lacks), and every one with
    --target keras, is reported (TF1M221) and kept (None). The value of a plain alias
    assignment (`L = tf.layers`) is left to `aliases`, which follows the alias."""
    if not migrator._scan.may_be(node, MODULE_LAST_NAMES):
        return None
    if id(node) in migrator.module_aliases.values:
        return None  # `L = tf.layers`: followed through the alias (`aliases`)
    modules = sorted(name for name in migrator.qualified(node) if is_family_module(name))
    if not modules:
        return None
    target = _WHOLE_MODULES.get(modules[0])
    if migrator.target == "compat" and target is not None:
        migrator._use_compat()
        new = cst.parse_expression(target)
        return new.with_changes(lpar=updated.lpar, rpar=updated.rpar)
    text = _code(node)
    migrator._kept_modules.add(modules[0])
    migrator.report(
        node,
        "TF1M221-module-as-value",
        f"`{text}` (the module `{modules[0]}`) is used as a value (passed, stored or given "
        "to getattr), so the legacy names reached through it cannot be recognised and were "
        f"left unchanged. Write them through the module itself (`{text}.<name>`), then run "
        "the tool again.",
    )
    return None
