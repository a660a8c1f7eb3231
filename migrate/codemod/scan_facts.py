"""What the module scan (`codemod.scan`) finds: the facts single calls depend on, and
the ones read off the module's top-level imports and bindings."""

from __future__ import annotations

from dataclasses import dataclass, field

import libcst as cst

from migrate.codemod.arguments import code
from migrate.codemod.names import last_name

__all__ = ["ModuleScan", "module_imports"]


@dataclass
class ModuleScan:
    """Facts about one module that single calls depend on.

    Attributes:
      reuse_regions: ids of `with` blocks, functions or the module in which a
        variable scope reuses variables.
      shared_functions: names of functions that run (directly or through calls)
        under variable reuse or inside `tf.make_template`.
      control_lambdas: ids of lambdas passed to TensorFlow control flow.
      shared_lambdas: ids of lambdas passed to `tf.make_template`.
      reused_names: literal `name=` values of v1 calls that pass `reuse=`/`_reuse=`.
      control_functions: names of functions passed to (or called from functions
        passed to) TensorFlow control flow.
      scope_setters: whether the module changes a variable scope's defaults with
        `set_initializer` and friends.
      instances: id of an assignment target Name -> id of the v1 class call assigned.
      attribute_instances: source of an attribute target (`self.conv`) -> ids of
        the calls assigned to it (None for a value that is not a v1 layer).
      member_instances: like `attribute_instances`, keyed by the target's last name
        (`conv` for `self.conv = ...` and for a class attribute `conv = ...`).
      names: every identifier used in the module.
      tensorflow_aliases: module-level names bound to `tensorflow` (TF 2 API).
      keras_aliases: module-level names bound to Keras 3 (`keras`, `tensorflow.keras`).
      global_counts: how often each module-level name is bound.
      aliases: `as` names of `from ... import x as y` (y -> x).
      plain: ids of statements the transformer has nothing to do in: no name or
        attribute in them is a candidate spelling, an import alias of one, or a
        v1-only layer attribute (`apply`, ...).
    """

    reuse_regions: set[int] = field(default_factory=set)
    shared_functions: set[str] = field(default_factory=set)
    control_lambdas: set[int] = field(default_factory=set)
    shared_lambdas: set[int] = field(default_factory=set)
    reused_names: set[str] = field(default_factory=set)
    control_functions: set[str] = field(default_factory=set)
    scope_setters: bool = False
    instances: dict[int, int] = field(default_factory=dict)
    attribute_instances: dict[str, list[int | None]] = field(default_factory=dict)
    member_instances: dict[str, list[int | None]] = field(default_factory=dict)
    names: set[str] = field(default_factory=set)
    tensorflow_aliases: list[str] = field(default_factory=list)
    keras_aliases: list[str] = field(default_factory=list)
    global_counts: dict[str, int] = field(default_factory=dict)
    aliases: dict[str, str] = field(default_factory=dict)
    plain: set[int] = field(default_factory=set)

    def may_be(self, node: cst.CSTNode, names: frozenset[str]) -> bool:
        """Cheap test before computing qualified names: the node's last name (or the
        name an import alias stands for) is one of `names`."""
        last = last_name(node)
        return last is not None and (last in names or self.aliases.get(last) in names)


def module_imports(module: cst.Module, scan: ModuleScan) -> None:
    """Fill in `scan`'s facts about the module's top-level imports and bindings:
    `tensorflow_aliases`, `keras_aliases` and `global_counts`."""

    def statements(body):
        for statement in body:
            if isinstance(statement, cst.SimpleStatementLine):
                yield from statement.body
            elif isinstance(statement, cst.Try):
                yield from statements(statement.body.body)

    for small in statements(module.body):
        if isinstance(small, cst.Import):
            for alias in small.names:
                full = code(alias.name)
                bound = alias.evaluated_alias or alias.evaluated_name.split(".")[0]
                scan.global_counts[bound] = scan.global_counts.get(bound, 0) + 1
                if full == "tensorflow":
                    scan.tensorflow_aliases.append(bound)
                elif full == "keras":
                    scan.keras_aliases.append(bound)
        elif isinstance(small, cst.ImportFrom) and not isinstance(small.names, cst.ImportStar):
            module_name = code(small.module) if small.module and not small.relative else ""
            for alias in small.names:
                bound = alias.evaluated_alias or alias.evaluated_name
                scan.global_counts[bound] = scan.global_counts.get(bound, 0) + 1
                if alias.evaluated_name == "keras" and module_name in (
                    "tensorflow",
                    "tensorflow.compat.v1",
                    "tensorflow.compat.v2",
                ):
                    scan.keras_aliases.append(bound)
        elif isinstance(small, (cst.Assign, cst.AnnAssign, cst.AugAssign)):
            targets = small.targets if isinstance(small, cst.Assign) else [small]
            for target in targets:
                if isinstance(target.target, cst.Name):
                    name = target.target.value
                    scan.global_counts[name] = scan.global_counts.get(name, 0) + 1
