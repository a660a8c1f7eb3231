"""Names bound to a family module by a plain assignment: `L = tf.layers`, `rnn =
tf.nn.rnn_cell`, `rnn_cell = tf.contrib.rnn`.

libcst's scopes follow imports (`import tensorflow.compat.v1.layers as L`) but not
assignments, so `L.dense(x, 3)` had no qualified name and was neither rewritten nor
reported. `find_module_aliases` finds every single-target assignment of a family
module and the members used through each alias; `ModuleAliases.qualified` gives
`L.dense` the qualified name of `tf.layers.dense` wherever every assignment of `L`
visible there is such an alias of one module, so a call through the alias is
handled exactly as the direct call (and as one through an import alias).

With `--target compat` the assignment itself becomes a rename (`L = compat_layers`,
`rnn = compat_layers.rnn_cell`), so the alias keeps working for anything the
transformer cannot see (`getattr(L, name)`, `L` passed on), unless a member used
through it is not provided by compat_layers: then it is kept and reported (TF1M210).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import libcst as cst
from libcst.metadata import Assignment

from migrate.codemod.layers import MODULE_LAST_NAMES, TABLE, module_target
from migrate.codemod.walk import subtree

__all__ = ["ModuleAliases", "find_module_aliases", "rename_module_alias"]

# An assignment whose value ends in a family module's last name (`= tf.layers`,
# `= tf.contrib.rnn  # comment`): a file without one has no module alias.
_ASSIGNMENT = re.compile(
    r"=[ \t]*(?:[A-Za-z_]\w*[ \t]*\.[ \t]*)*(?:"
    + "|".join(sorted(MODULE_LAST_NAMES))
    + r")[ \t]*(?:#[^\n]*)?$",
    re.MULTILINE,
)


@dataclass
class ModuleAliases:
    """The module aliases of one module.

    Attributes:
      modules: id of an alias's target Name -> the family module it is bound to.
      values: id of such an assignment's value -> (alias name, family module).
      kept: alias names used with a member compat_layers does not provide -> that member.
      names: the names bound to a family module somewhere in the module.
    """

    modules: dict[int, str] = field(default_factory=dict)
    values: dict[int, tuple[str, str]] = field(default_factory=dict)
    kept: dict[str, str] = field(default_factory=dict)
    names: set[str] = field(default_factory=set)

    def qualified(self, scope: object, node: cst.CSTNode) -> set[str]:
        """The qualified name `node` (`alias.member`) has through an alias, else none."""
        if not self.modules or type(node) is not cst.Attribute:
            return set()
        base = node.value
        if type(base) is not cst.Name:
            return set()
        try:
            assignments = scope[base.value]  # type: ignore[index]
        except (KeyError, TypeError):
            return set()
        found = {
            self.modules.get(id(a.node)) if isinstance(a, Assignment) else None for a in assignments
        }
        if len(found) != 1 or None in found:
            return set()
        return {f"{found.pop()}.{node.attr.value}"}


def find_module_aliases(
    module: cst.Module,
    qualified: Callable[[cst.CSTNode], set[str]],
    source: str | None,
    skip: frozenset[int] = frozenset(),
) -> ModuleAliases:
    """Every `name = <family module>` of `module` and the members used through them.

    Args:
      module: the module being migrated.
      qualified: the transformer's qualified-name lookup (scopes resolved).
      source: the module's text, when known: without a matching line nothing is walked.
      skip: ids of top-level statements not to look into (nothing asked about inside).
    """
    aliases = ModuleAliases()
    if source is not None and _ASSIGNMENT.search(source) is None:
        return aliases
    members: dict[str, set[str]] = {}
    for statement in module.body:
        if id(statement) in skip:
            continue
        for node in subtree(statement):
            kind = type(node)
            if kind is cst.Assign:
                _assignment(node, qualified, aliases)
            elif kind is cst.Attribute and type(node.value) is cst.Name:
                members.setdefault(node.value.value, set()).add(node.attr.value)
    targets = {name: target for name, target in aliases.values.values()}
    for name, target in targets.items():
        for member in sorted(members.get(name, ())):
            if f"{target}.{member}" not in TABLE and not member.startswith("_"):
                aliases.kept[name] = member
                break
    return aliases


def _assignment(
    node: cst.Assign, qualified: Callable[[cst.CSTNode], set[str]], aliases: ModuleAliases
) -> None:
    if len(node.targets) != 1 or type(node.targets[0].target) is not cst.Name:
        return
    value = node.value
    if type(value) not in (cst.Attribute, cst.Name):
        return
    last = value.attr.value if type(value) is cst.Attribute else value.value  # type: ignore[union-attr]
    if last not in MODULE_LAST_NAMES:
        return
    modules = sorted(name for name in qualified(value) if module_target(name) is not None)
    if modules:
        target = node.targets[0].target
        aliases.modules[id(target)] = modules[0]
        aliases.values[id(value)] = (target.value, modules[0])  # type: ignore[union-attr]
        aliases.names.add(target.value)  # type: ignore[union-attr]


def rename_module_alias(
    host: Any, original: cst.Name | cst.Attribute, updated: cst.BaseExpression
) -> cst.BaseExpression | None:
    """With `--target compat`: `tf.layers` in `L = tf.layers` renamed to its
    compat_layers module, or reported (TF1M210) where a member used through `L` is not
    one compat_layers provides; None for any other node.

    Args:
      host: the transformer (its `module_aliases`, `report`, `_use_compat`).
      original: the node as parsed.
      updated: the node with its children transformed.
    """
    found = host.module_aliases.values.get(id(original))
    if found is None:
        return None
    name, module = found
    member = host.module_aliases.kept.get(name)
    if member is not None:
        host.report(
            original,
            "TF1M210-module-alias-kept",
            f"`{name}` stands for `{module}`, and `{name}.{member}` is not part of the legacy "
            "layer family that compat_layers provides, so the assignment was left as it was "
            f"(calls of family members through `{name}` were renamed). Replace "
            f"`{name}.{member}` by hand, then run the tool again.",
        )
        return None
    host._use_compat()
    new = cst.parse_expression(module_target(module))  # type: ignore[arg-type]
    return new.with_changes(lpar=updated.lpar, rpar=updated.rpar)
