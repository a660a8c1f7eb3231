"""migrate_source's contract: result types, errors, layout preservation, the command."""

from __future__ import annotations

import ast
import inspect
import subprocess
import sys
from pathlib import Path

import keras
import libcst as cst
import pytest
from libcst.codemod import CodemodContext

from golden.generate_codemod import case_dirs
from migrate import (
    TARGETS,
    Diagnostic,
    LayerRecord,
    MigrationResult,
    MigrationSyntaxError,
    might_contain_candidates,
    migrate_source,
)
from migrate.codemod.arguments import KERAS2_IGNORED, V1_FUNCTION_PARAMS
from migrate.codemod.command import SeparableConv1DCommand

ROOT = Path(__file__).resolve().parents[1]
V1 = "import tensorflow.compat.v1 as tf\n"


@pytest.mark.parametrize(
    "source",
    [
        pytest.param("y = tf.layers.separable_conv1d(x, 8, 3)", id="function"),
        pytest.param("l = SeparableConv1D(8, 3)", id="class"),
        pytest.param("l = SeparableConvolution1D(8, 3)", id="keras alias"),
        pytest.param("from x import SEPARABLE_CONV1D", id="any case"),
    ],
)
def test_prefilter_keeps_candidates(source: str) -> None:
    assert might_contain_candidates(source)


@pytest.mark.parametrize(
    "source",
    [
        pytest.param("y = tf.keras.layers.Conv1D(8, 3)(x)", id="keras layer"),
        pytest.param("from tensorflow.keras import layers\ny = layers.Dense(3)(x)", id="keras"),
        pytest.param("# a stack of layers, each an rnn\nx = dynamic_rnn(c, x)", id="prose"),
        pytest.param("y = separable_conv2d(x)", id="2d"),
        pytest.param("", id="empty"),
    ],
)
def test_prefilter_drops_files_without_candidates(source: str) -> None:
    assert not might_contain_candidates(source)


def test_files_without_candidates_are_not_parsed() -> None:
    # The short-circuit happens before parsing: even invalid Python comes back as is.
    result = migrate_source("def broken(:\n")
    assert result == MigrationResult(code="def broken(:\n", changed=False)


def test_syntax_error_carries_position_and_path() -> None:
    source = V1 + "y = tf.layers.separable_conv1d(x, 8, 3\n"
    with pytest.raises(MigrationSyntaxError) as info:
        migrate_source(source, path="pkg/model.py")
    error = info.value
    assert (error.path, error.line) == ("pkg/model.py", 2)  # where the '(' opens
    assert error.column is not None
    assert str(error).startswith(f"pkg/model.py:2:{error.column}: ")
    assert "cannot parse the source" in str(error)
    assert isinstance(error, ValueError)


def test_unknown_target_is_rejected() -> None:
    with pytest.raises(ValueError) as info:
        migrate_source(V1, target="keras2")
    assert str(info.value) == (
        "Invalid value for argument `target`. Expected one of ('keras', 'compat'). "
        "Received: target='keras2'"
    )
    with pytest.raises(ValueError, match="Invalid value for argument `target`"):
        SeparableConv1DCommand(CodemodContext(), target="tf")


def test_non_string_source_is_rejected() -> None:
    with pytest.raises(ValueError) as info:
        migrate_source(b"separable_conv1d")  # type: ignore[arg-type]
    assert str(info.value) == (
        "Invalid value for argument `source`. Expected a str. Received: source of type bytes"
    )


def test_targets() -> None:
    assert TARGETS == ("keras", "compat")


def test_result_dicts() -> None:
    source = (
        V1
        + "with tf.variable_scope('enc'):\n"
        + "    y = tf.layers.separable_conv1d(x, 8, 3, name='a/b')\n"
    )
    result = migrate_source(source)
    assert result.to_dict() == {
        "code": result.code,
        "changed": True,
        "diagnostics": [
            {
                "line": 3,
                "column": 8,
                "code": "TF1M150-name-sanitised",
                "message": result.diagnostics[0].message,
            }
        ],
        "layers": [
            {"line": 3, "column": 8, "v1_scope": "enc", "v1_name": "a/b", "keras_name": "enc_a_b"}
        ],
        "kinds": {"separable_conv1d": 1},
    }
    assert isinstance(result.diagnostics[0], Diagnostic)
    assert isinstance(result.layers[0], LayerRecord)
    assert "'a/b' became 'enc_a_b'" in result.diagnostics[0].message


def test_layer_records_in_source_order() -> None:
    source = V1 + (
        "def f(x, scope):\n"
        "    with tf.variable_scope(scope):\n"
        "        x = tf.layers.separable_conv1d(x, 8, 3, name='c')\n"
        "    return tf.layers.SeparableConv1D(8, 3)(x)\n"
    )
    layers = migrate_source(source).layers
    assert layers == [
        LayerRecord(line=4, column=12, v1_scope=None, v1_name="c", keras_name="c"),
        LayerRecord(line=5, column=11, v1_scope="", v1_name=None, keras_name=None),
    ]


def _scoped(*body: str) -> str:
    """A builder whose body runs inside `with tf.variable_scope("s"):`."""
    lines = "".join(f"        {line}\n" for line in body)
    return V1 + "def f(x, fn):\n    with tf.variable_scope('s'):\n" + lines + "    return x\n"


UNNAMED = "x = tf.layers.separable_conv1d(x, 8, 3)"


@pytest.mark.parametrize(
    ("source", "names"),
    [
        pytest.param(
            _scoped(UNNAMED, UNNAMED), ["separable_conv1d", "separable_conv1d_1"], id="two"
        ),
        pytest.param(
            _scoped("x = tf.layers.separable_conv1d(x, 8, 3, reuse=False, name=None)", UNNAMED),
            ["separable_conv1d", "separable_conv1d_1"],
            id="reuse False and name None count",
        ),
        pytest.param(
            _scoped("layer = tf.layers.SeparableConv1D(8, 3)", UNNAMED),
            [None, "separable_conv1d"],
            id="class not called yet: numbered when called",
        ),
        pytest.param(
            _scoped("layer = tf.layers.SeparableConv1D(8, 3)", "x = layer(x)", UNNAMED),
            [None, None],
            id="calling an instance stops the count",
        ),
        pytest.param(
            _scoped("x = tf.layers.SeparableConv1D(8, 3)(fn(x))", UNNAMED),
            [None, None],
            id="class called on a computed input",
        ),
        pytest.param(
            _scoped("g = lambda y: tf.layers.separable_conv1d(y, 8, 3)", UNNAMED),
            [None, None],
            id="lambda",
        ),
        pytest.param(
            _scoped("x = [tf.layers.separable_conv1d(x, 8, 3) for _ in range(2)][-1]", UNNAMED),
            [None, None],
            id="comprehension",
        ),
        pytest.param(
            _scoped("x = fn(x) if x is None else x", UNNAMED), [None], id="call in a branch"
        ),
        pytest.param(
            _scoped("x = tf.nn.relu(tf.reshape(x, [-1, x.get_shape().as_list()[1], 8]))", UNNAMED),
            ["separable_conv1d"],
            id="TensorFlow ops and tensor methods make no layers",
        ),
        pytest.param(
            _scoped("x = tf.layers.separable_conv1d(x, 8, 3, name='')", UNNAMED),
            [None, None],
            id="empty name",
        ),
        pytest.param(
            _scoped("x = tf.layers.separable_conv1d(x, 8, 3, reuse=tf.AUTO_REUSE)", UNNAMED),
            [None],
            id="refused reuse stops the count",
        ),
        pytest.param(
            V1 + "with tf.variable_scope('top'):\n    y = tf.layers.separable_conv1d(x, 8, 3)\n",
            ["separable_conv1d"],
            id="module level",
        ),
    ],
)
def test_implicit_names_only_when_statically_certain(source: str, names: list) -> None:
    result = migrate_source(source)
    assert [r.v1_name for r in result.layers] == names
    for record in result.layers:
        expected = None if record.v1_name is None else f"s_{record.v1_name}"
        if "'top'" in source:
            expected = "top_separable_conv1d"
        assert record.keras_name == expected
        if expected is not None:
            assert f'name="{expected}"' in result.code


def test_implicit_names_are_left_to_compat_layers() -> None:
    # compat_layers numbers unnamed layers itself, exactly as v1 did.
    result = migrate_source(_scoped(UNNAMED), target="compat")
    assert result.layers[0].v1_name is None and "name=" not in result.code


@pytest.mark.parametrize(
    "source",
    [
        pytest.param(
            V1.replace("\n", "\r\n") + "y = tf.layers.separable_conv1d(x, 8, 3)\r\n", id="crlf"
        ),
        pytest.param(V1 + "y = tf.layers.separable_conv1d(x, 8, 3)", id="no final newline"),
        pytest.param(V1 + "# é ü\ny = tf.layers.separable_conv1d(x, 8, 3)  # ok\n", id="non-ascii"),
    ],
)
def test_layout_outside_the_call_is_kept(source: str) -> None:
    result = migrate_source(source)
    assert result.changed
    newline = "\r\n" if "\r\n" in source else "\n"
    untouched = [line for line in source.splitlines(keepends=True) if "separable" not in line]
    kept = result.code.splitlines(keepends=True)
    assert all(line in kept for line in untouched)
    assert result.code.count("\n") == result.code.count(newline) or newline == "\n"
    assert result.code.endswith("\n") == source.endswith("\n")
    if "# ok" in source:
        assert "(x)  # ok\n" in result.code
    assert migrate_source(result.code).code == result.code


def test_modern_syntax_is_parsed() -> None:
    source = V1 + (
        "async def f(x):\n"
        "    match x:\n"
        "        case _:\n"
        "            return f'{x!r:>{8}}', tf.layers.separable_conv1d(x, 8, 3)\n"
    )
    result = migrate_source(source)
    assert result.changed and "keras.layers.SeparableConv1D(8, 3" in result.code


def _emitted_keywords(code: str) -> list[tuple[str, str]]:
    """(callee, keyword) for each Keras layer call in migrated code."""
    found = []
    for node in ast.walk(ast.parse(code)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            callee = ast.unparse(node.func)
            if callee.endswith(("keras.layers.SeparableConv1D", "keras.layers.ZeroPadding1D")):
                found += [(node.func.attr, k.arg) for k in node.keywords if k.arg]
    return found


def test_emitted_keywords_exist_in_keras_3() -> None:
    """Like tf_upgrade_v2's testV2KeywordArgNames, against the real Keras 3 signature."""
    allowed = {
        "SeparableConv1D": set(inspect.signature(keras.layers.SeparableConv1D).parameters),
        "ZeroPadding1D": set(inspect.signature(keras.layers.ZeroPadding1D).parameters),
    }
    # Keras 3 takes these through **kwargs (keras.layers.Layer.__init__).
    layer_kwargs = set(inspect.signature(keras.layers.Layer.__init__).parameters)
    allowed["SeparableConv1D"] |= {"name", "trainable", "dtype"} & layer_kwargs | {"name"}
    all_positional = V1 + (
        "y = tf.layers.separable_conv1d("
        + ", ".join(["x", "8", "3", "2", "'same'"])
        + ", 'channels_last', 1, 2, tf.nn.relu, False, tf.ones_initializer(), "
        "tf.ones_initializer(), tf.ones_initializer(), tf.keras.regularizers.L2(0.1), "
        "tf.keras.regularizers.L2(0.1), tf.keras.regularizers.L2(0.1), "
        "tf.keras.regularizers.L2(0.1), c, c, c, True, 'n', None)\n"
    )
    codes = [migrate_source(all_positional).code]
    codes += [(case / "after.py").read_text(encoding="utf-8") for case in case_dirs()]
    keywords = [kw for code in codes for kw in _emitted_keywords(code)]
    assert {kw for _, kw in keywords} >= set(V1_FUNCTION_PARAMS) - {"inputs", "reuse"}
    for callee, keyword in keywords:
        if keyword in KERAS2_IGNORED:
            continue  # only in unmigrated (refused) code
        assert keyword in allowed[callee], (callee, keyword)


def test_no_keras2_only_keywords_in_rewritten_calls() -> None:
    result = migrate_source(V1 + "l = tf.layers.SeparableConv1D(8, 3, kernel_constraint=c)\n")
    assert "kernel_constraint" not in result.code
    assert [d.code for d in result.diagnostics] == ["TF1M140-ignored-argument"]
    assert "had no effect" in result.diagnostics[0].message


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        pytest.param("tf.contrib.layers.l2_regularizer(0.01)", "L2(0.005)", id="literal folded"),
        pytest.param("tf.contrib.layers.l2_regularizer(scale=1e-4)", "L2(5e-05)", id="keyword"),
        pytest.param("tf.contrib.layers.l2_regularizer(wd)", "L2(wd / 2)", id="name"),
        pytest.param("tf.contrib.layers.l2_regularizer(a + b)", "L2((a + b) / 2)", id="expression"),
        pytest.param("tf.contrib.layers.l1_regularizer(0.01)", "L1(0.01)", id="l1 not halved"),
        pytest.param(
            "tf.contrib.layers.l1_l2_regularizer()", "L1L2(l1=1.0, l2=0.5)", id="defaults"
        ),
        pytest.param("tf.keras.regularizers.l2(l=0.5 * (s))", "l2(0.5 * (s))", id="keras 2 l="),
    ],
)
def test_regularizer_mapping(expression: str, expected: str) -> None:
    result = migrate_source(
        V1 + f"y = tf.layers.separable_conv1d(x, 8, 3, depthwise_regularizer={expression})\n"
    )
    assert [d.code for d in result.diagnostics] == ["TF1M170-regularization-collection"]
    assert "depthwise_regularizer losses" in result.diagnostics[0].message
    assert f"depthwise_regularizer=keras.regularizers.{expected}" in result.code or (
        f"depthwise_regularizer=tf.keras.regularizers.{expected}" in result.code
    )


def test_keras_l2_accepts_the_emitted_positional_number() -> None:
    result = migrate_source(
        V1
        + "y = tf.layers.SeparableConv1D(8, 3, "
        + "depthwise_regularizer=tf.contrib.layers.l2_regularizer(0.01))\n"
    )
    namespace: dict = {}
    exec(result.code, namespace)
    regularizer = namespace["y"].depthwise_regularizer
    assert isinstance(regularizer, keras.regularizers.L2)
    assert regularizer.get_config() == {"l2": 0.005}


@pytest.mark.parametrize(
    ("expression", "scale", "mode", "uniform"),
    [
        pytest.param("tf.contrib.layers.xavier_initializer()", 1.0, "fan_avg", True, id="xavier"),
        pytest.param(
            "tf.contrib.layers.xavier_initializer(uniform=False)",
            1.0,
            "fan_avg",
            False,
            id="xavier normal",
        ),
        pytest.param(
            "tf.contrib.layers.variance_scaling_initializer()",
            2.0,
            "fan_in",
            False,
            id="vs defaults",
        ),
        pytest.param(
            "tf.contrib.layers.variance_scaling_initializer(1.5, 'FAN_OUT', True)",
            1.5,
            "fan_out",
            True,
            id="vs uniform",
        ),
    ],
)
def test_contrib_initializers_match_contrib_formulas(expression, scale, mode, uniform) -> None:
    """tf.contrib is gone, so its documented formulas are the reference:
    uniform: U(-sqrt(3 f / n), sqrt(3 f / n)); normal: truncated normal with
    stddev sqrt(1.3 f / n), whose samples have std 0.8796 * that."""
    import numpy as np

    result = migrate_source(
        V1 + f"l = tf.layers.SeparableConv1D(8, 5, depthwise_initializer={expression})\n"
    )
    assert not result.diagnostics
    namespace: dict = {}
    exec(result.code, namespace)
    shape = (5, 40, 60)
    fan_in, fan_out = 5 * 40, 5 * 60
    n = {"fan_in": fan_in, "fan_out": fan_out, "fan_avg": (fan_in + fan_out) / 2}[mode]
    sample = np.asarray(namespace["l"].depthwise_initializer(shape, dtype="float32"))
    if uniform:
        limit = np.sqrt(3 * scale / n)
        assert sample.max() <= limit and sample.min() >= -limit
        assert sample.std() == pytest.approx(limit / np.sqrt(3), rel=0.02)
    else:
        stddev = np.sqrt(1.3 * scale / n)
        assert np.abs(sample).max() <= 2 * stddev * 1.0001
        assert sample.std() == pytest.approx(0.87962566103423978 * stddev, rel=0.02)


def test_libcst_tool_runs_the_command(tmp_path: Path) -> None:
    path = tmp_path / "model.py"
    path.write_text(V1 + "y = tf.layers.separable_conv1d(x, 8, 3)\n", encoding="utf-8")
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "libcst.tool",
            "codemod",
            "-x",
            "migrate.codemod.command.SeparableConv1DCommand",
            "--no-format",
            "--target",
            "compat",
            str(path),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={"PYTHONPATH": str(ROOT), "PATH": ""},
    )
    assert proc.returncode == 0, proc.stderr
    assert path.read_text(encoding="utf-8") == (
        V1 + "import compat_layers\n\ny = compat_layers.separable_conv1d(x, 8, 3)\n"
    )


def test_command_reports_through_libcst_warnings() -> None:
    context = CodemodContext()
    command = SeparableConv1DCommand(context)
    module = cst.parse_module(V1 + "y = tf.layers.separable_conv1d(x, 8, 3, reuse=True)\n")
    assert command.transform_module(module).code == module.code
    codes = [d.code for d in command.diagnostics]
    assert codes == ["TF1M101-reuse", "TF1M182-kept-legacy-call"]
    assert context.warnings == [f"2:4: {d.code}: {d.message}" for d in command.diagnostics]


def test_docstring_example_runs() -> None:
    import doctest

    import migrate.codemod.source

    result = doctest.testmod(migrate.codemod.source)
    assert result.attempted > 0 and result.failed == 0


def test_metadata_is_resolved_once_per_module(monkeypatch) -> None:
    """One MetadataWrapper per module: libcst's import visitors would each make another."""
    from libcst.metadata import MetadataWrapper

    wrappers = []
    original = MetadataWrapper.__init__

    def counting(self, *args, **kwargs):
        wrappers.append(self)
        original(self, *args, **kwargs)

    monkeypatch.setattr(MetadataWrapper, "__init__", counting)
    # A rewrite that adds an import and removes a now-unused one.
    source = (
        "from tensorflow.compat.v1.layers import separable_conv1d as sc\n"
        "import tensorflow as tf\n\n"
        "y = sc(x, 8, 3, depthwise_regularizer=tf.contrib.layers.l2_regularizer(0.1))\n"
    )
    result = migrate_source(source)
    assert result.code == (
        "import tensorflow as tf\n\n"
        "y = tf.keras.layers.SeparableConv1D(8, 3, "
        "depthwise_regularizer=tf.keras.regularizers.L2(0.05), "
        'data_format="channels_last")(x)\n'
    )
    assert len(wrappers) == 1
