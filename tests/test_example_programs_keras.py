"""The example programs' model builders after `tf1-migrate --target keras` (issue 13).

`tests/test_example_programs.py` proves the whole programs with `--target compat`. Here the
Keras target is proved on the builder functions whose style allows a Keras 3 model:

1. The oracle process (`TF_USE_LEGACY_KERAS=1`, one for the module) calls each ORIGINAL
   builder on a placeholder in a fresh graph, under a graph-level seed, gives every variable
   a random value, saves a `Saver` checkpoint and records the outputs for a fixed input,
   the sum of `REGULARIZATION_LOSSES` and the number of trainable variables.
2. Here the program's source goes through `migrate_source(target="keras")`; the migrated
   builder makes a Keras 3 model, called on `keras.Input` and wrapped in `keras.Model`
   (functional), or called eagerly on a tensor (a builder that applies raw `tf.*` ops to
   layer outputs cannot take a `KerasTensor`). `load_v1_checkpoint(model, checkpoint,
   records=result)` loads the oracle's checkpoint (strict: every layer on both sides).
   Outputs agree within the float32 tolerance, `sum(model.losses)` equals the v1
   regularization loss within 1e-6, the trainable weight counts are equal.

A builder makes new layers on every call, so an eager builder is run by `_EagerModel`: its
first call records the Keras layers the builder constructs, the later calls hand the same
layers back in the same order. The builders the Keras target refuses are pinned with their
reasons (`REFUSED`), and the share of legacy names migrated, refused and left on all
example programs is computed here and must equal the table in docs/examples.md.
"""

from __future__ import annotations

import ast
import functools
import inspect
import textwrap
import types
from collections import Counter
from pathlib import Path

import keras
import numpy as np
import pytest
import tensorflow as tf

from golden.reference import run_reference
from golden.tolerances import assert_close, max_diff
from migrate import migrate_source
from migrate.checkpoints import load_v1_checkpoint
from migrate.codemod.diagnostics import NOTES

ROOT = Path(__file__).resolve().parent.parent
PROGRAMS_DIR = ROOT / "examples" / "programs"
DOCS = ROOT / "docs" / "examples.md"
GRAPH_SEED = 42
REG_LOSS_ATOL = 1e-6

# case -> (program, builder, input shape, how the Keras 3 model is made). Each builder is
# called with the input alone.
BUILDERS: dict[str, tuple[str, str, tuple[int, ...], str]] = {
    "autoencoder_encoder": ("conv_autoencoder", "encoder", (3, 8, 8, 1), "functional"),
    "segmenter_model": ("volume_segmenter", "build_model", (2, 4, 6, 6, 1), "eager"),
    "mlp": ("mlp_classifier", "mlp", (5, 10), "functional"),
    "mlp_eager": ("mlp_classifier", "mlp", (5, 10), "eager"),
    "lenet_features": ("digit_classifier", "feature_extractor", (3, 12, 12, 1), "functional"),
    "denoiser": ("denoising_autoencoder", "denoiser", (2, 8, 8, 2), "functional"),
    "denoiser_eager": ("denoising_autoencoder", "denoiser", (2, 8, 8, 2), "eager"),
}

# Builders the Keras target does not turn into Keras 3 code, with the reasons it reports
# for the calls inside them (notes excluded).
REFUSED: dict[tuple[str, str], set[str]] = {
    # `decoder(code, reuse=None)` under `variable_scope(reuse=reuse)`: a second tower
    # shares the weights; separate Keras layers would not.
    ("conv_autoencoder", "decoder"): {"TF1M102-shared-scope", "TF1M182-kept-legacy-call"},
    # batch norm in a module that runs a Session; dropout switched by a placeholder.
    ("digit_classifier", "lenet"): {
        "TF1M182-kept-legacy-call",
        "TF1M183-training-tensor",
        "TF1M186-graph-mode-training",
    },
    # (its `conv3x3`, a module-level `functools.partial(tf.layers.conv2d, ...)`, is left
    # for --target compat: TF1M180)
    ("cnn_classifier", "conv_block"): {
        "TF1M182-kept-legacy-call",
        "TF1M186-graph-mode-training",
    },
    # a local `l2_regularizer` function; dropout switched by a placeholder.
    ("cnn_classifier", "build_model"): {
        "TF1M111-unknown-regularizer",
        "TF1M182-kept-legacy-call",
        "TF1M183-training-tensor",
    },
    ("speech_tagger", "front_end"): {"TF1M182-kept-legacy-call", "TF1M186-graph-mode-training"},
    ("keyword_spotter", "build_model"): {"TF1M111-unknown-regularizer", "TF1M182-kept-legacy-call"},
}


def _load_program(name: str) -> types.ModuleType:
    """The original program, imported from its file (shipped to the oracle as source)."""
    import importlib.util  # here, so that the oracle gets it with the function

    spec = importlib.util.spec_from_file_location(name, f"{PROGRAMS_DIR}/{name}.py")
    program = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(program)
    return program


def run_legacy_builder(
    program: types.ModuleType, builder: str, x_value: np.ndarray, checkpoint: str, seed: int
) -> tuple[dict, list[np.ndarray], np.float32]:
    """Original builder on a placeholder; random weights; checkpoint; outputs and losses."""
    v1 = tf.compat.v1
    graph = tf.Graph()
    with graph.as_default():
        v1.set_random_seed(seed)
        x = v1.placeholder(tf.float32, x_value.shape)
        outputs = getattr(program, builder)(x)
        outputs = list(outputs) if isinstance(outputs, (tuple, list)) else [outputs]
        variables = v1.global_variables()
        losses = v1.get_collection(v1.GraphKeys.REGULARIZATION_LOSSES)
        total = tf.add_n(losses) if losses else tf.constant(0.0)
        rng = np.random.default_rng(seed)
        with v1.Session() as sess:
            sess.run(v1.global_variables_initializer())
            for variable in variables:  # biases too: zeros would not show a missed bias
                value = rng.normal(0.0, 0.5, variable.shape.as_list()).astype(np.float32)
                variable.load(value, sess)
            v1.train.Saver(variables).save(sess, checkpoint, write_meta_graph=False)
            values, loss = sess.run([outputs, total], {x: x_value})
    record = {
        "variables": [v.op.name for v in variables],
        "trainable": len(graph.get_collection(v1.GraphKeys.TRAINABLE_VARIABLES)),
        "regularization_losses": len(losses),
        "outputs": len(values),
    }
    return record, values, np.float32(loss)


ORACLE_MAIN = """
records, flat = {}, {}
for case, (program_name, builder, shape, _) in BUILDERS.items():
    program = _load_program(program_name)
    checkpoint = CHECKPOINTS + "/" + case + "/model.ckpt"
    x_value = INPUTS["x_" + case]
    record, values, loss = run_legacy_builder(program, builder, x_value, checkpoint, GRAPH_SEED)
    records[case] = record
    flat[case + ".loss"] = loss
    for index, value in enumerate(values):
        flat[f"{case}.out{index}"] = value
save_json(records)
save(**flat)
"""


@pytest.fixture(scope="module")
def legacy(tmp_path_factory):
    checkpoints = tmp_path_factory.mktemp("keras_builder_checkpoints")
    rng = np.random.default_rng(3)
    inputs = {
        f"x_{case}": rng.uniform(-1.0, 1.0, shape).astype(np.float32)
        for case, (_, _, shape, _) in BUILDERS.items()
    }
    constants = "\n".join(
        f"{name} = {value!r}"
        for name, value in {
            "BUILDERS": BUILDERS,
            "PROGRAMS_DIR": str(PROGRAMS_DIR),
            "CHECKPOINTS": str(checkpoints),
            "GRAPH_SEED": GRAPH_SEED,
        }.items()
    )
    script = "\n".join(
        [
            "import types\nimport tensorflow as tf",
            constants,
            inspect.getsource(_load_program),
            inspect.getsource(run_legacy_builder),
            textwrap.dedent(ORACLE_MAIN),
        ]
    )
    result = run_reference(script, inputs=inputs)
    return {
        case: (
            record,
            [result.arrays[f"{case}.out{i}"] for i in range(record["outputs"])],
            result.arrays[f"{case}.loss"],
            inputs[f"x_{case}"],
            str(checkpoints / case / "model.ckpt"),
        )
        for case, record in result.json.items()
    }


# --------------------------------------------------------------------------------------------
# The migrated program and the Keras 3 model of one builder.


def _function_spans(source: str) -> dict[str, tuple[int, int]]:
    tree = ast.parse(source)
    return {
        node.name: (node.lineno, node.end_lineno)
        for node in tree.body
        if isinstance(node, ast.FunctionDef)
    }


@functools.cache
def _migration(program: str):
    """(MigrationResult, original source) of one example program under the Keras target."""
    path = PROGRAMS_DIR / f"{program}.py"
    source = path.read_text(encoding="utf-8")
    return migrate_source(source, target="keras", path=str(path)), source


def _migrated(program: str):
    """(migrated module, MigrationResult, original source): a fresh module on each call."""
    path = PROGRAMS_DIR / f"{program}.py"
    result, source = _migration(program)
    module = types.ModuleType(f"keras_migrated_{program}")
    module.__file__ = str(path)
    exec(compile(result.code, str(path), "exec"), module.__dict__)
    return module, result, source


def _codes_in(result, source: str, function: str) -> set[str]:
    first, last = _function_spans(source)[function]
    return {d.code for d in result.diagnostics if first <= d.line <= last and d.code not in NOTES}


class _Redirect:
    """A module seen through by a builder: `<...>.layers.X`, X a Keras layer class, goes
    through `make(X, *args, **kwargs)`; everything else is the module's own attribute."""

    def __init__(self, module: object, make, path: tuple[str, ...] = ()) -> None:
        self._module, self._make, self._path = module, make, path

    def __getattr__(self, name: str):
        value = getattr(self._module, name)
        if self._path[-1:] == ("layers",) and isinstance(value, type):
            if issubclass(value, keras.layers.Layer):
                return functools.partial(self._make, value)
        if name in ("keras", "layers"):
            return _Redirect(value, self._make, (*self._path, name))
        return value


class _EagerModel(tf.Module):
    """Runs a builder eagerly on tensors and keeps the Keras layers it made (`layers`).

    The first call records each layer the builder constructs; later calls get the same
    layers back, in the same order, so weights loaded in between are the ones used.
    """

    def __init__(self, module: types.ModuleType, builder: str) -> None:
        super().__init__(name=None)
        self.layers: list[keras.layers.Layer] = []
        self._replay: list[keras.layers.Layer] | None = None
        self._builder = builder
        self._module = module
        for name in ("tf", "keras"):
            if name in vars(module):
                setattr(module, name, _Redirect(vars(module)[name], self._make))

    def _make(self, cls: type, *args, **kwargs) -> keras.layers.Layer:
        if self._replay is None:
            self.layers.append(cls(*args, **kwargs))
            return self.layers[-1]
        layer = self._replay.pop(0)
        assert type(layer) is cls, (layer, cls)
        return layer

    def __call__(self, x: tf.Tensor):
        self._replay = None if not self.layers else list(self.layers)
        outputs = getattr(self._module, self._builder)(x)
        assert not self._replay, "the builder made fewer layers than on its first call"
        return outputs

    @property
    def losses(self) -> list:
        return [loss for layer in self.layers for loss in layer.losses]

    @property
    def trainable_weights(self) -> list:
        return [w for layer in self.layers for w in layer.trainable_weights]


def keras_model(program: str, builder: str, x_value: np.ndarray, mode: str):
    """(model, result) of a migrated builder: a functional model or an `_EagerModel`."""
    module, result, _ = _migrated(program)
    if mode == "functional":
        inputs = keras.Input(x_value.shape[1:])
        return keras.Model(inputs, getattr(module, builder)(inputs)), result
    model = _EagerModel(module, builder)  # redirects the fresh module's `tf` and `keras`
    model(tf.constant(x_value))  # builds the layers
    return model, result


def _as_list(outputs) -> list[np.ndarray]:
    outputs = list(outputs) if isinstance(outputs, (tuple, list)) else [outputs]
    return [np.asarray(output) for output in outputs]


# --------------------------------------------------------------------------------------------
# Tests.


@pytest.mark.parametrize("case", list(BUILDERS))
def test_builder_is_fully_migrated(case: str) -> None:
    program, builder, _, _ = BUILDERS[case]
    result, source = _migration(program)
    spans = _function_spans(source)
    called = {builder} | {
        node.func.id
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in spans
        and spans[builder][0] <= node.lineno <= spans[builder][1]
    }
    for function in called:
        assert _codes_in(result, source, function) == set(), (program, function)
    code = result.code
    migrated_spans = _function_spans(code)
    bodies = []
    for function in called:
        first, last = migrated_spans[function]
        bodies.append("\n".join(code.splitlines()[first - 1 : last]))
    assert not any("tf.layers." in b or "compat.v1.layers." in b for b in bodies), case
    assert any("keras.layers." in body for body in bodies), case


@pytest.mark.reference
@pytest.mark.parametrize("case", list(BUILDERS))
def test_migrated_builder_loads_the_v1_checkpoint(case: str, legacy) -> None:
    program, builder, _, mode = BUILDERS[case]
    record, expected, v1_loss, x_value, checkpoint = legacy[case]
    model, result = keras_model(program, builder, x_value, mode)

    report = load_v1_checkpoint(model, checkpoint, records=result)
    scopes = {variable.rpartition("/")[0] for variable in record["variables"]}
    assert {layer.v1_scope for layer in report.loaded} == scopes
    assert not report.problems and not report.unmatched_target_layers

    outputs = _as_list(model(tf.constant(x_value)))
    assert len(outputs) == len(expected)
    diff = 0.0
    for index, (got, want) in enumerate(zip(outputs, expected, strict=True)):
        assert_close(got, want, "float32", what=f"{case} output {index}", family="programs-keras")
        diff = max(diff, max_diff(got, want))
    keras_loss = np.float32(sum(float(loss) for loss in model.losses))
    assert len(model.losses) == record["regularization_losses"]
    assert abs(float(keras_loss) - float(v1_loss)) <= REG_LOSS_ATOL, (keras_loss, v1_loss)
    assert len(model.trainable_weights) == record["trainable"]
    rules = Counter(layer.rule for layer in report.loaded)
    print(
        f"{case}: max |diff| {diff:.3g}, regularization loss {float(v1_loss):.6g} "
        f"(diff {abs(float(keras_loss) - float(v1_loss)):.3g}), trainable "
        f"{len(model.trainable_weights)} = {record['trainable']}, matched by {dict(rules)}"
    )


@pytest.mark.parametrize(
    ("program", "builder"), list(REFUSED), ids=[f"{p}.{b}" for p, b in REFUSED]
)
def test_refused_builders_keep_their_legacy_calls(program: str, builder: str) -> None:
    result, source = _migration(program)
    assert _codes_in(result, source, builder) == REFUSED[(program, builder)]
    first, last = _function_spans(result.code)[builder]
    body = "\n".join(result.code.splitlines()[first - 1 : last])
    assert "layers." in body and ("tf.layers." in body or "compat.v1.layers." in body)


# --------------------------------------------------------------------------------------------
# The share of legacy names the Keras target migrates, refuses and leaves.


def share_rows() -> tuple[list[str], Counter]:
    """Markdown rows, one per program and a total, and the diagnostics by code."""
    rows, totals, codes = [], Counter(), Counter()
    for path in sorted(PROGRAMS_DIR.glob("*.py")):
        source = path.read_text(encoding="utf-8")
        legacy = migrate_source(source, target="compat").kinds
        names = sum(legacy.values())
        result = migrate_source(source, target="keras")
        found = Counter(d.code for d in result.diagnostics)
        codes.update(found)
        # Legacy names only: `dynamic_rnn` (still in TensorFlow) is counted by its cells.
        migrated = sum(n for kind, n in result.kinds.items() if kind in legacy)
        left = found["TF1M180-compat-target-only"]
        refused = names - migrated - left
        reasons = sorted(
            c.split("-")[0] for c in found if c not in NOTES and c[:7] not in ("TF1M180", "TF1M182")
        )
        totals.update(names=names, migrated=migrated, refused=refused, left=left)
        rows.append(
            f"| `{path.stem}` | {names} | {migrated} | {refused} | {left} | "
            f"{', '.join(reasons) or '-'} |"
        )
    n = totals["names"]
    rows.append(
        f"| all {len(rows)} | {n} | {totals['migrated']} ({100 * totals['migrated'] / n:.0f}%) | "
        f"{totals['refused']} ({100 * totals['refused'] / n:.0f}%) | "
        f"{totals['left']} ({100 * totals['left'] / n:.0f}%) | |"
    )
    return rows, codes


def test_docs_table_is_the_measured_share() -> None:
    rows, codes = share_rows()
    code_rows = [f"| `{code}` | {count} |" for code, count in sorted(codes.items())]
    print("\n".join(rows + [""] + code_rows))
    docs = DOCS.read_text(encoding="utf-8")
    for row in rows + code_rows:
        assert row in docs, row
    documented = [line for line in docs.splitlines() if line.startswith("| `TF1M")]
    assert sorted(documented) == sorted(code_rows)
