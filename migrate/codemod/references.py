"""Family names that are not called: `tf.layers.dense` in a registry, `L.LSTMCell` as a
class base, `tf.nn.rnn_cell` kept in a variable.

`References` is mixed into the transformer (`Migrator`, which provides `qualified`,
`report`, `count`, `_scan`, `_called`, `_classes`, `_bases`, `_partial_args`, `_rnn`,
`module_aliases`, `_attribute_values`, `_kept_modules` and `target`). With
`--target compat` a family name is renamed to its compat_layers name wherever it
stands; with `--target keras` a name the Keras rewrite does not handle where it is
called is reported: a member compat_layers lacks (TF1M181), a subclass base, a
`functools.partial` argument or any other reference (TF1M104-106), a v1-only layer
attribute (TF1M131), a module used as a value (`untracked`, TF1M221).
"""

from __future__ import annotations

from typing import Any

import libcst as cst

from migrate.codemod import untracked
from migrate.codemod.aliases import rename_module_alias
from migrate.codemod.arguments import code
from migrate.codemod.layers import (
    LAST_NAMES,
    MODULE_LAST_NAMES,
    FamilyName,
    keras_rewrite,
    lookup,
    unknown_member,
)
from migrate.codemod.layers.keras_layers import spec_for
from migrate.codemod.names import CANDIDATE_NAMES, V1_ONLY_ATTRIBUTES, Kind, classify
from migrate.codemod.subclasses import subclass_base

__all__ = ["References"]


class References:
    """The transformer's handling of family names that are not called (a mixin)."""

    _scan: Any
    _called: set[int]

    def _family(self, node: cst.Name | cst.Attribute) -> FamilyName | None:
        """The family name `node` stands for (any spelling), else None; reports a member
        of a family module that compat_layers does not provide."""
        if self._scan.may_be(node, LAST_NAMES):
            entry = lookup(self.qualified(node))
            if entry is not None:
                return entry
        if isinstance(node, cst.Attribute) and (
            self._scan.may_be(node.value, MODULE_LAST_NAMES)
            or (type(node.value) is cst.Name and node.value.value in self.module_aliases.names)
        ):
            self._report_unknown(node, self.qualified(node))
        return None

    def _report_unknown(self, node: cst.CSTNode, qualified: set[str]) -> None:
        unknown = unknown_member(qualified)
        if unknown is not None:
            module, member = unknown
            self._kept_modules.add(module)
            self.report(
                node,
                "TF1M181-not-in-compat-layers",
                f"`{module}.{member}` is not part of the legacy layer family that compat_layers "
                "provides, so it was left unchanged. If it no longer exists in TensorFlow 2 "
                "(tf.contrib was removed), replace it by hand.",
            )

    def _family_reference(
        self, original: cst.Name | cst.Attribute, updated: cst.BaseExpression
    ) -> cst.BaseExpression | None:
        """A family name renamed for the compat target (None when it is none); with the
        keras target, a member other than SeparableConv1D reported and kept."""
        entry = self._family(original)
        if entry is None:
            return rename_module_alias(self, original, updated) if self.target == "compat" else None
        if self.target == "compat":
            self._use_compat()
            self.count(entry.kind)
            new = cst.parse_expression(entry.target)
            return new.with_changes(lpar=updated.lpar, rpar=updated.rpar)
        if entry.family == "separable_conv1d":
            return None
        if id(original) in self._classes and entry.name not in ("InputSpec", "experimental"):
            return subclass_base(self, self._classes[id(original)], original, updated, entry)
        if spec_for(entry.target) is not None and id(original) in self._called:
            return None  # rewritten or refused by `leave_Call`
        if self._rnn is not None and id(original) in self._rnn.cell_funcs:
            return None  # a cell of a dynamic_rnn call: `keras_rnn` decides
        self.report(original, *keras_rewrite.not_rewritten(code(original), entry.target))
        return updated

    def _reference(
        self, original: cst.Name | cst.Attribute, updated: cst.BaseExpression
    ) -> cst.BaseExpression:
        renamed = self._family_reference(original, updated)
        if renamed is not None:
            return renamed
        if id(original) in self._called or not self._scan.may_be(original, CANDIDATE_NAMES):
            return updated
        kind = classify(self.qualified(original))
        if kind is None or kind is Kind.KERAS2_CLASS:
            return updated
        text = code(original)
        if id(original) in self._bases:
            self.report(
                original,
                "TF1M106-subclass",
                f"A class derives from the v1 layer `{text}`; its methods rely on v1 internals "
                "(variable scopes, `apply`, `_reuse`). Port the subclass to "
                "`keras.layers.SeparableConv1D` by hand, or use --target compat.",
            )
        elif id(original) in self._partial_args:
            self.report(
                original,
                "TF1M105-partial",
                f"`functools.partial({text}, ...)` binds v1 arguments whose calls happen "
                "elsewhere, so they cannot be mapped here. Replace the partial with a function "
                "that calls the layer, then run the tool again.",
            )
        else:
            self.report(
                original,
                "TF1M104-reference",
                f"`{text}` is referenced without being called (alias, registry entry or "
                "argument), so its arguments are unknown here. Call it directly where it is "
                "used, or use --target compat.",
            )
        return updated

    def visit_Attribute(self, node: cst.Attribute) -> None:
        self._attribute_values.update((id(node.value), id(node.attr)))

    def leave_Name(self, original_node: cst.Name, updated_node: cst.Name) -> cst.BaseExpression:
        if id(original_node) not in self._attribute_values:
            module = untracked.module_value(self, original_node, updated_node)
            if module is not None:
                return module
        return self._reference(original_node, updated_node)

    def leave_Attribute(
        self, original_node: cst.Attribute, updated_node: cst.Attribute
    ) -> cst.BaseExpression:
        attr = original_node.attr.value
        if (
            attr in V1_ONLY_ATTRIBUTES
            and self.target == "keras"
            and id(original_node) not in self._called
            and self._instance_status(original_node.value) is not None
        ):
            self.report(
                original_node,
                "TF1M131-v1-attribute",
                f"`.{attr}` belongs to the v1 layer; the migrated Keras 3 layer (which this "
                "object is, or may be) has none. Use the Keras equivalent (`.name`, `.losses`, "
                "`.weights`).",
            )
        if id(original_node) not in self._attribute_values:
            module = untracked.module_value(self, original_node, updated_node)
            if module is not None:
                return module
        return self._reference(original_node, updated_node)
