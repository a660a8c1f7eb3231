"""The libcst internals the codemod uses (migrate/codemod/libcst_adapter.py) still exist.

Each test names the internal it checks: when a libcst release changes one, this file
says which, instead of every codemod test failing without a hint.
"""

import inspect
from importlib import metadata

import libcst as cst
import pytest
from libcst.metadata import MetadataWrapper, ScopeProvider

from migrate.codemod import libcst_adapter
from migrate.codemod.libcst_adapter import CodegenState, codegen, resolve_scopes

SOURCE = (
    "import tensorflow.compat.v1 as tf\n"
    "from tensorflow.compat.v1.layers import dense as D\n\n"
    "def f(x):\n"
    "    tf = None\n"
    "    return D(x, 3), tf\n\n"
    "y = tf.layers.conv2d(x, 8, 3)\n"
)


def test_libcst_version_is_the_tested_range():
    version = tuple(int(p) for p in metadata.version("libcst").split(".")[:2])
    assert (1, 9) <= version < (2, 0), (
        f"libcst {version} is outside the range migrate/codemod/libcst_adapter.py was "
        "checked with (setup.cfg: libcst>=1.9,<2)"
    )


def test_metadata_wrapper_keeps_resolved_providers_in_underscore_metadata():
    wrapper = MetadataWrapper(cst.parse_module(SOURCE), unsafe_skip_copy=True)
    assert isinstance(getattr(wrapper, "_metadata", None), dict), (
        "libcst changed MetadataWrapper._metadata (resolve_scopes stores results there)"
    )
    provider = ScopeProvider()
    with provider.resolve(wrapper):
        provider.visit_Module(wrapper.module)
    assert isinstance(getattr(provider, "_computed", None), dict) and provider._computed, (
        "libcst changed BaseMetadataProvider._computed (resolve_scopes reads it)"
    )


def _qualified(wrapper: MetadataWrapper) -> list[tuple[str, set[str]]]:
    scopes = wrapper.resolve(ScopeProvider)
    found = []
    for node, scope in scopes.items():
        if scope is not None and isinstance(node, (cst.Name, cst.Attribute)):
            names = {q.name for q in scope.get_qualified_names_for(node)}
            found.append((wrapper.module.code_for_node(node), names))
    return sorted(found, key=lambda item: (item[0], sorted(item[1])))


def test_resolve_scopes_gives_what_libcst_resolution_gives():
    module = cst.parse_module(SOURCE)
    adapted = MetadataWrapper(module, unsafe_skip_copy=True)
    resolve_scopes(adapted)
    reference = MetadataWrapper(module, unsafe_skip_copy=True)
    assert _qualified(adapted) == _qualified(reference)
    # And libcst's own resolution reuses what was stored instead of computing it again.
    assert adapted.resolve(ScopeProvider) is adapted._metadata[ScopeProvider]
    names = dict(_qualified(adapted))
    assert names["tf.layers.conv2d"] == {"tensorflow.compat.v1.layers.conv2d"}
    assert names["D"] == {"tensorflow.compat.v1.layers.dense"}


@pytest.mark.parametrize(
    "name", ["tokens", "before_codegen", "after_codegen", "record_syntactic_position", "add_token"]
)
def test_codegen_state_has_what_positions_use(name):
    state = CodegenState(default_indent="    ", default_newline="\n")
    assert hasattr(state, name), f"libcst changed CodegenState.{name} (migrate/codemod/positions)"


def test_codegen_generates_the_module_code():
    module = cst.parse_module(SOURCE)
    assert callable(getattr(module, "_codegen", None)), "libcst changed CSTNode._codegen"
    state = CodegenState(default_indent="    ", default_newline="\n")
    codegen(module, state)
    assert "".join(state.tokens) == SOURCE


def test_no_other_module_touches_libcst_internals():
    import pathlib

    root = pathlib.Path(inspect.getfile(libcst_adapter)).parents[1]
    for path in root.rglob("*.py"):
        if path.name == "libcst_adapter.py":
            continue
        text = path.read_text(encoding="utf-8")
        for internal in ("._metadata", "._computed", "._codegen(", "libcst._"):
            code_lines = [
                line for line in text.splitlines() if internal in line and "#" not in line
            ]
            assert not code_lines, f"{path} uses the libcst internal {internal!r}"
