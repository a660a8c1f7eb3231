"""`convert`: a TF1 checkpoint's layers as a TF2 object-based checkpoint in Keras layout.

Without the migrated model at hand, a `.weights.h5` file cannot be laid out (Keras 3 keys
it by the model's structure), so `convert` writes what TensorFlow restores into any
object tree: `tf.train.Checkpoint(layers={keras_name: module})`, with each module holding
the Keras weights under their Keras attribute names (`kernel`, `bias`; `gamma`, `beta`,
`moving_mean`, `moving_variance`; an RNN cell's `kernel`, `recurrent_kernel`, `bias`, converted
by `migrate.layouts`). A Keras 3 layer or cell has the same attributes, so
`tf.train.Checkpoint(layers={name: model.get_layer(name)}).read(prefix)` restores it.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping

import tensorflow as tf

from migrate.checkpoints.matching import recorded_names, records_to_map
from migrate.checkpoints.reader import V1Layer, read_layers

# Written next to a converted checkpoint: which v1 scope each Keras name came from.
MANIFEST = "tf1_migrate_checkpoint.json"


def _keras_names(
    layers: list[V1Layer], scope_map: Mapping[str, str] | None, records: object
) -> dict[str, tuple[str, str]]:
    """v1 scope -> (Keras name, rule) for `convert`, which has no model to look at."""
    record_map = records_to_map(records)
    scope_map = dict(scope_map or {})
    known = {v.scope for v in layers}
    for scope, name in scope_map.items():
        if scope not in known or not isinstance(name, str) or "/" in name or not name:
            raise ValueError(
                "Invalid value for argument `scope_map`. Expected {v1_scope: keras_name} with "
                f"scopes of the checkpoint ({', '.join(sorted(known))}) and names without '/'. "
                f"Received: {scope!r}: {name!r}"
            )
    names: dict[str, tuple[str, str]] = {}
    for v1 in layers:
        if v1.scope in scope_map:
            names[v1.scope] = (scope_map[v1.scope], "scope_map")
        elif recorded_names(v1.scope, record_map):
            candidates = sorted(recorded_names(v1.scope, record_map))
            if len(candidates) > 1:
                raise _ambiguous_names(v1.scope, candidates)
            names[v1.scope] = (candidates[0], "records")
        else:
            names[v1.scope] = (v1.scope.replace("/", "_"), "sanitised")
    taken: dict[str, str] = {}
    for scope, (name, _) in names.items():
        if name in taken:
            raise ValueError(
                f"Checkpoint layers `{taken[name]}` and `{scope}` would both be stored as "
                f"Keras layer `{name}`. Pass scope_map to name one of them."
            )
        taken[name] = scope
    return names


def _ambiguous_names(scope: str, candidates: list[str]) -> ValueError:
    names = ", ".join(f"`{c}`" for c in candidates)
    return ValueError(
        f"Ambiguous checkpoint mapping: the records give checkpoint layer `{scope}` several "
        f"Keras names: {names}. Pass scope_map={{v1_scope: keras_name}} to choose."
    )


def convert_checkpoint(
    checkpoint: str | os.PathLike[str],
    out_dir: str | os.PathLike[str],
    *,
    records: object = None,
    scope_map: Mapping[str, str] | None = None,
    forget_bias: float = 1.0,
) -> str:
    """Rewrite a TF1 checkpoint's layers as a TF2 object-based checkpoint in Keras layout.

    The result stores each layer under `layers/<keras_name>/<keras weight>` (for example
    `layers/encoder_conv/depthwise_kernel`, `layers/rnn_lstm_cell/recurrent_kernel`), so
    TensorFlow alone restores it into a Keras 3 model:
    `tf.train.Checkpoint(layers={name: model.get_layer(name)}).read(prefix)`, and
    `load_v1_checkpoint(model, out_dir)` loads it by layer name. A manifest
    (`tf1_migrate_checkpoint.json`) records which v1 scope each name came from.

    Args:
      checkpoint: a TF1 checkpoint prefix or a directory holding a `checkpoint` file.
      out_dir: a new or empty directory.
      records: the codemod's layer records (see `load_v1_checkpoint`); without them a
        scope `encoder/conv` becomes `encoder_conv`.
      scope_map: `{v1_scope: keras_name}` overrides.
      forget_bias: the v1 LSTM cells' `forget_bias` (not stored in the checkpoint; v1
        default 1.0), folded into the converted bias.

    Returns:
      The prefix of the written checkpoint.

    Raises:
      ValueError: bad checkpoint, `out_dir` not empty, two layers given one name, or a
        scope that no kind takes or a variable no Keras weight holds (nothing is written).
    """
    out = os.fspath(out_dir)
    if os.path.exists(out) and (not os.path.isdir(out) or os.listdir(out)):
        raise ValueError(
            "Invalid value for argument `out_dir`. Expected a new or empty directory. "
            f"Received: out_dir={out!r}"
        )
    contents = read_layers(checkpoint)
    refusals = contents.refusals()
    if refusals:
        raise ValueError(
            f"Cannot convert checkpoint {contents.prefix!r}:\n"
            + "\n".join(f"  - {r}" for r in refusals)
        )
    names = _keras_names(contents.layers, scope_map, records)
    modules = {}
    manifest = {"source": contents.prefix, "forget_bias": forget_bias, "layers": []}
    for v1 in contents.layers:
        module = tf.Module(name=None)
        for weight, value in contents.keras_values(v1, forget_bias).items():
            setattr(module, weight, tf.Variable(value, name=weight))
        keras_name, rule = names[v1.scope]
        modules[keras_name] = module
        manifest["layers"].append({"keras_name": keras_name, "rule": rule, **v1.to_dict()})
    os.makedirs(out, exist_ok=True)
    manager = tf.train.CheckpointManager(
        tf.train.Checkpoint(layers=modules), out, max_to_keep=1, checkpoint_name="weights"
    )
    prefix = manager.save()
    manifest["checkpoint"] = os.path.basename(prefix)
    with open(os.path.join(out, MANIFEST), "w", encoding="utf-8") as f:
        json.dump(manifest, f, indent=2)
        f.write("\n")
    return prefix
