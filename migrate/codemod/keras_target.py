"""What the Keras target needs beyond the layer specs: the name Keras 3 is reached by.

`KerasTarget` is mixed into the transformer: it picks the expression that names
Keras 3 in the module (`tf.keras`, a `keras` import, or one it adds), wraps layers
in a `keras.Sequential` where one layer becomes several, and tells whether an object
whose v1-only method is called (`layer.apply(x)`) is a layer the codemod rewrote.
"""

from __future__ import annotations

import libcst as cst
from libcst.metadata import ScopeProvider

from migrate.codemod.arguments import code
from migrate.codemod.causal import sequential as causal_sequential
from migrate.codemod.layers import LAST_NAMES
from migrate.codemod.layers.keras_layers import called_spec
from migrate.codemod.layers.keras_spec import KerasSpec
from migrate.codemod.positions import Positions
from migrate.codemod.scan import ModuleScan

__all__ = ["KerasTarget"]


class KerasTarget:
    """Keras 3 naming for the transformer (a mixin: `_command`, `_scan`, `_imports`,
    `_rewritten`, `positions` and `_indent` come from the transformer)."""

    _scan: ModuleScan
    positions: Positions

    def keras_prefix(self, node: cst.CSTNode) -> str | None:
        """The expression naming Keras 3 at `node`, or None when it is shadowed there."""
        if self._prefix is None:
            scan = self._scan
            for alias in scan.tensorflow_aliases:
                if scan.global_counts.get(alias) == 1:
                    self._prefix = f"{alias}.keras"
                    break
            else:
                for alias in scan.keras_aliases:
                    if scan.global_counts.get(alias) == 1:
                        self._prefix = alias
                        break
                else:
                    if "keras" not in scan.names:
                        self._prefix = "keras"
                        self._new_import = "from tensorflow import keras"
                    else:
                        free = next(
                            n
                            for n in ("tf2", "tf_v2", "tensorflow_v2", "tf2_")
                            if n not in scan.names
                        )
                        self._prefix = f"{free}.keras"
                        self._new_import = f"import tensorflow as {free}"
        root = self._prefix.split(".")[0]
        scope = self._command.get_metadata(ScopeProvider, node, None)
        if self._new_import is None and scope is not None and root in scope:
            if any(a.scope is not scope.globals for a in scope[root]):
                return None
        return self._prefix

    def keras_table(self, func: cst.BaseExpression) -> tuple[KerasSpec, str, bool] | None:
        """`(spec, kind, function form)` when `func` names a family member the Keras
        target rewrites from a table (`layers.keras_layers`), else None."""
        if not self._scan.may_be(func, LAST_NAMES):
            return None
        return called_spec(self.qualified(func))  # type: ignore[attr-defined]

    def prefix_root(self) -> str:
        """The name the Keras prefix starts with (`tf` of `tf.keras`)."""
        return (self._prefix or "").split(".")[0]

    def use_keras(self) -> None:
        self._changed = True
        if self._new_import is not None and self._new_import not in self._imports:
            self._imports.append(self._new_import)

    def _instance_status(self, receiver: cst.BaseExpression) -> str | None:
        """'rewritten' when the receiver is always a migrated v1 layer, 'mixed'
        when it may be one, None when it is none."""
        if isinstance(receiver, cst.Call):
            if id(receiver) in self._rewritten:
                return "rewritten"
            return None
        if isinstance(receiver, cst.Name):
            scope = self._command.get_metadata(ScopeProvider, receiver, None)
            if scope is None or receiver.value not in scope:
                return None
            calls = [self._scan.instances.get(id(a.node)) for a in scope[receiver.value]]
        elif isinstance(receiver, cst.Subscript):
            # `self.convs[i].apply(x)`: the element cannot be traced; ask the user.
            return "mixed" if self._rewritten else None
        elif isinstance(receiver, cst.Attribute):
            calls = self._scan.attribute_instances.get(code(receiver)) or (
                self._scan.member_instances.get(receiver.attr.value, [])
            )
        else:
            return None
        if not any(call is not None for call in calls):
            return None
        if all(call is not None and call in self._rewritten for call in calls):
            return "rewritten"
        return "mixed"

    def _line(self, number: int) -> str:
        """The text of line `number` (1-based) of the original source."""
        if self._lines is None:
            self._lines = self.positions.text.splitlines()
        return self._lines[number - 1]

    def sequential(
        self,
        original: cst.Call,
        prefix: str,
        conv: cst.Call,
        pad: str | None,
        data_format: cst.BaseExpression | None,
        permute: bool,
    ) -> cst.Call:
        """`conv` wrapped in a keras.Sequential (causal padding, channels_first permutes).

        Indented relative to the line the call starts on, which may be deeper than its
        block (a call inside a multi-line list)."""
        line = self._line(self.positions.start(original)[0])
        base = line[: len(line) - len(line.lstrip(" \t"))]
        return causal_sequential(
            prefix,
            conv,
            base=base,
            indent=self._indent,
            pad=pad,
            data_format=data_format,
            permute=permute,
        )
