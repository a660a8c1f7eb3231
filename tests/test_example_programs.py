"""Whole TF1 programs keep working after `tf1-migrate --target compat`.

Each module in `examples/programs/` is an ordinary TensorFlow 1 program (placeholders,
variable scopes, `tf.layers`, `tf.nn.rnn_cell`, a `Saver`). They share four functions,
the way such programs were usually organised: `load_data()`, `build_graph()` returning a
dict of tensors, `train(sess, model, data, steps)` returning the losses and
`evaluate(sess, model, data)` returning a dict of arrays. `run_program` below is the
harness; the programs know nothing about it.

1. The oracle process (`TF_USE_LEGACY_KERAS=1`, one for the whole module) runs every
   ORIGINAL program with TensorFlow's own legacy layers: it records the variables and the
   graph collections, saves a `Saver` checkpoint of the freshly initialised model,
   evaluates, trains a few steps and evaluates again.
2. Each test migrates one program with `migrate.migrate_source(target="compat")`, runs the
   result in this process on Keras 3 (`compat_layers`), restores the oracle's checkpoint
   and repeats the same steps. Names, shapes, collection sizes, outputs, losses and the
   trained variables must match the legacy run.

The oracle also reruns every legacy program from its own checkpoint and requires the same
numbers bit for bit: a reference that is not reproducible would make any comparison moot
(stateful random ops in a `dynamic_rnn` loop drew their masks in any order until the
language model unrolled one step at a time).
"""

from __future__ import annotations

import ast
import inspect
import re
import shlex
import textwrap
import types
from pathlib import Path

import numpy as np
import pytest
import tensorflow as tf

import migrate
from golden.reference import run_reference
from golden.tolerances import assert_close
from migrate import cli

# Each functional form warns that it is deprecated, as the legacy one did.
pytestmark = pytest.mark.filterwarnings("ignore::compat_layers.LegacyLayerWarning")

PROGRAMS_DIR = Path(__file__).resolve().parent.parent / "examples" / "programs"
PROGRAMS = sorted(path.stem for path in PROGRAMS_DIR.glob("*.py"))
TRAIN_STEPS = 3
GRAPH_SEED = 42

# Dotted names that must not survive the migration (outside strings and comments), under
# either spelling of the root: `tf.layers.dense`, `tensorflow.compat.v1.nn.rnn_cell.GRUCell`.
LEGACY_PREFIXES = tuple(
    f"{root}.{path}"
    for root in ("tf", "tensorflow")
    for path in (
        "layers",
        "compat.v1.layers",
        "nn.rnn_cell",
        "compat.v1.nn.rnn_cell",
        "contrib.rnn",
        "python.layers",
    )
)


# --------------------------------------------------------------------------------------------
# The harness: shipped verbatim to the oracle, and run here on the migrated programs.

COLLECTIONS = (
    "variables",  # GLOBAL_VARIABLES
    "trainable_variables",
    "update_ops",
    "regularization_losses",
    "losses",
)


def run_program(program, checkpoint_in, checkpoint_out, steps, seed):
    """Build, restore or initialise, evaluate, train `steps` steps and evaluate again."""
    v1 = tf.compat.v1
    data = program.load_data()
    with tf.Graph().as_default():
        v1.set_random_seed(seed)
        model = program.build_graph()
        global_variables = v1.global_variables()
        record = {
            "variables": [[v.op.name, v.shape.as_list()] for v in global_variables],
            "trainable": [v.op.name for v in v1.trainable_variables()],
            "collections": {key: len(v1.get_collection(key)) for key in COLLECTIONS},
        }
        saver = v1.train.Saver()
        with v1.Session() as sess:
            if checkpoint_in is None:
                sess.run(v1.global_variables_initializer())
            else:
                saver.restore(sess, checkpoint_in)
            if checkpoint_out is not None:
                saver.save(sess, checkpoint_out, write_meta_graph=False)
            arrays = {f"before/{k}": v for k, v in program.evaluate(sess, model, data).items()}
            arrays["losses"] = np.asarray(program.train(sess, model, data, steps))
            arrays.update({f"after/{k}": v for k, v in program.evaluate(sess, model, data).items()})
            values = sess.run({v.op.name: v for v in global_variables})
            arrays.update({f"variables/{k}": v for k, v in values.items()})
    return record, {k: np.asarray(v) for k, v in arrays.items()}


# --------------------------------------------------------------------------------------------
# The oracle: every original program under TensorFlow's legacy layers, in one process.

ORACLE_MAIN = """
import importlib.util
import tensorflow as tf

records, flat = {}, {}
for name in PROGRAMS:
    spec = importlib.util.spec_from_file_location(name, PROGRAMS_DIR + "/" + name + ".py")
    program = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(program)
    checkpoint = CHECKPOINTS + "/" + name + "/model.ckpt"
    record, arrays = run_program(program, None, checkpoint, TRAIN_STEPS, GRAPH_SEED)
    # The legacy run itself must be reproducible from its checkpoint, bit for bit, or a
    # difference on the compat side would prove nothing.
    again, arrays_again = run_program(program, checkpoint, None, TRAIN_STEPS, GRAPH_SEED)
    record["not_reproducible"] = [key for key in again if again[key] != record[key]] + [
        key for key in arrays if not np.array_equal(arrays[key], arrays_again[key])
    ]
    record["arrays"] = sorted(arrays)
    records[name] = record
    for index, key in enumerate(record["arrays"]):
        flat[f"{name}.{index}"] = arrays[key]
save_json(records)
save(**flat)
"""


@pytest.fixture(scope="module")
def legacy_runs(tmp_path_factory):
    checkpoints = tmp_path_factory.mktemp("legacy_checkpoints")
    constants = "\n".join(
        f"{name} = {value!r}"
        for name, value in {
            "PROGRAMS": PROGRAMS,
            "PROGRAMS_DIR": str(PROGRAMS_DIR),
            "CHECKPOINTS": str(checkpoints),
            "TRAIN_STEPS": TRAIN_STEPS,
            "GRAPH_SEED": GRAPH_SEED,
            "COLLECTIONS": COLLECTIONS,
        }.items()
    )
    script = "\n".join(
        [
            "import tensorflow as tf",
            constants,
            inspect.getsource(run_program),
            textwrap.dedent(ORACLE_MAIN),
        ]
    )
    result = run_reference(script)
    runs = {}
    for name, record in result.json.items():
        keys = record.pop("arrays")
        arrays = {key: result.arrays[f"{name}.{i}"] for i, key in enumerate(keys)}
        runs[name] = (record, arrays, str(checkpoints / name / "model.ckpt"))
    return runs


# --------------------------------------------------------------------------------------------
# Migration and comparison.


def _dotted(node: ast.AST) -> str | None:
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        return ".".join([node.id, *reversed(parts)])
    return None


def _is_legacy(name: str) -> bool:
    return any(name == prefix or name.startswith(prefix + ".") for prefix in LEGACY_PREFIXES)


def legacy_references(source: str) -> list[str]:
    """Every `tf.layers.x`-like reference in the code (docstrings and comments excluded)."""
    tree = ast.parse(source)
    # `tf.layers.dense` is reported once, not also as its `tf.layers` prefix.
    inner = {id(node.value) for node in ast.walk(tree) if isinstance(node, ast.Attribute)}
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and id(node) not in inner:
            name = _dotted(node)
            if name and _is_legacy(name):
                found.add((node.lineno, name))
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = (f"{node.module}.{alias.name}" for alias in node.names)
            found.update((node.lineno, name) for name in names if _is_legacy(name))
    return [f"line {line}: {name}" for line, name in sorted(found)]


def migrated_program(name: str) -> types.ModuleType:
    path = PROGRAMS_DIR / f"{name}.py"
    source = path.read_text(encoding="utf-8")
    assert legacy_references(source), f"{name} should be a TF1 program using legacy layers"
    result = migrate.migrate_source(source, target="compat", path=str(path))
    left = legacy_references(result.code)
    assert not left, f"the migrated {name} still uses legacy names: {left}"
    assert "import compat_layers" in result.code
    program = types.ModuleType(f"migrated_{name}")
    program.__file__ = str(path)
    exec(compile(result.code, str(path), "exec"), program.__dict__)
    return program


def assert_arrays_match(actual: dict, expected: dict, name: str) -> None:
    assert sorted(actual) == sorted(expected)
    stages = ("before", "losses", "after", "variables")  # in run order, for a useful first failure
    for key in sorted(expected, key=lambda k: (stages.index(k.split("/")[0]), k)):
        want = expected[key]
        got = actual[key]
        assert got.shape == want.shape, f"{name} {key}: shape {got.shape} != {want.shape}"
        if np.issubdtype(want.dtype, np.floating):
            assert_close(got, want, "float32", what=f"{name} {key}", family="example-programs")
        else:
            np.testing.assert_array_equal(got, want, err_msg=f"{name} {key}")


def test_the_programs_cover_the_family():
    used, spellings = set(), set()
    for name in PROGRAMS:
        source = (PROGRAMS_DIR / f"{name}.py").read_text(encoding="utf-8")
        for reference in legacy_references(source):
            spelling, symbol = reference.split(": ")[1].rsplit(".", 1)
            used.add(symbol)
            spellings.add(spelling)
    assert len(PROGRAMS) >= 6
    # `import tensorflow.compat.v1 as tf` programs and `tf_upgrade_v2`-style ones.
    assert spellings == {
        "tf.layers",
        "tf.compat.v1.layers",
        "tf.nn.rnn_cell",
        "tf.compat.v1.nn.rnn_cell",
    }
    assert {
        "conv1d",
        "conv2d",
        "conv3d",
        "separable_conv1d",
        "conv2d_transpose",
        "Conv2DTranspose",
        "Conv3DTranspose",
        "dense",
        "dropout",
        "flatten",
        "batch_normalization",
        "max_pooling2d",
        "max_pooling3d",
        "average_pooling3d",
        "Layer",
        "RNNCell",
        "LSTMCell",
        "BasicLSTMCell",
        "GRUCell",
        "MultiRNNCell",
        "DropoutWrapper",
    } <= used


@pytest.mark.reference
@pytest.mark.parametrize("name", PROGRAMS)
def test_migrated_program_matches_the_legacy_run(name, legacy_runs):
    expected_record, expected_arrays, checkpoint = legacy_runs[name]
    program = migrated_program(name)
    record, arrays = run_program(program, checkpoint, None, TRAIN_STEPS, GRAPH_SEED)
    # Same variables, in the same creation order, with the same shapes; same collections.
    assert record["variables"] == expected_record["variables"]
    assert record["trainable"] == expected_record["trainable"]
    assert record["collections"] == expected_record["collections"]
    # Outputs of the restored model, training losses, outputs and weights after training.
    assert_arrays_match(arrays, expected_arrays, name)


@pytest.mark.reference
def test_legacy_runs_train_and_checkpoint(legacy_runs):
    for name, (record, arrays, checkpoint) in legacy_runs.items():
        assert record["not_reproducible"] == [], name
        stored = dict(tf.train.list_variables(checkpoint))
        assert sorted(stored) == sorted(n for n, _ in record["variables"]), name
        for variable, shape in record["variables"]:
            assert stored[variable] == shape, (name, variable)
        # Training changed the trainable weights and the losses are finite.
        reader = tf.train.load_checkpoint(checkpoint)
        changed = [
            not np.array_equal(reader.get_tensor(v), arrays[f"variables/{v}"])
            for v in record["trainable"]
        ]
        assert all(changed), (name, record["trainable"], changed)
        assert np.all(np.isfinite(arrays["losses"])), name
    assert sorted(legacy_runs) == PROGRAMS


# --------------------------------------------------------------------------------------------
# docs/examples.md


DOCS = PROGRAMS_DIR.parent.parent / "docs" / "examples.md"


def test_docs_list_every_program():
    listed = re.findall(r"^\| `(\w+)\.py` \|", DOCS.read_text(encoding="utf-8"), re.MULTILINE)
    assert sorted(listed) == PROGRAMS


def test_docs_command_migrates_every_program(capsys, monkeypatch):
    (command,) = re.findall(r"```bash\n(tf1-migrate [^\n]*)\n```", DOCS.read_text("utf-8"))
    program, *argv = shlex.split(command)
    assert program == "tf1-migrate" and "--diff" in argv and "compat" in argv
    monkeypatch.chdir(PROGRAMS_DIR.parent.parent)
    before = {p.name: p.read_bytes() for p in PROGRAMS_DIR.glob("*.py")}
    status = cli.main([*argv, "-j1"])
    out, err = capsys.readouterr()
    assert status == 0, err
    changed = re.findall(r"^--- a/examples/programs/(\w+)\.py$", out, re.MULTILINE)
    assert changed == PROGRAMS
    assert {p.name: p.read_bytes() for p in PROGRAMS_DIR.glob("*.py")} == before
