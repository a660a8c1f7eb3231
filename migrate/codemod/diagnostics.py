"""The table of diagnostic codes: stable identifiers, what each means, its effect.

"refused": the call (or reference) was left exactly as it was.
"note": the call was rewritten; the diagnostic tells the user what changed around it.
The messages themselves live where the findings are made; this table is the index
the README and the command-line summary are built from.
"""

from __future__ import annotations

__all__ = ["CODES", "NOTES", "REFUSALS"]

CODES: dict[str, tuple[str, str]] = {
    "TF1M101-reuse": ("refused", "`reuse=` True, AUTO_REUSE or not a literal"),
    "TF1M102-shared-scope": (
        "refused",
        "runs under variable reuse (variable_scope reuse, reuse_variables(), make_template, "
        "or its name is reused by another call)",
    ),
    "TF1M103-splat": ("refused", "`*args` / `**kwargs` in the call"),
    "TF1M104-reference": ("refused", "the function or class used without a call"),
    "TF1M105-partial": ("refused", "`functools.partial` of the function or class"),
    "TF1M106-subclass": ("refused", "a subclass of the v1 layer"),
    "TF1M107-private-argument": ("refused", "`_reuse=` / `_scope=`"),
    "TF1M108-bad-arguments": ("refused", "the call does not match the v1 signature"),
    "TF1M109-control-flow": (
        "refused",
        "inside a function given to tf.cond / tf.while_loop / tf.map_fn / ...",
    ),
    "TF1M110-unknown-initializer": ("refused", "an initializer without a certain mapping"),
    "TF1M111-unknown-regularizer": ("refused", "a regularizer without a certain mapping"),
    "TF1M112-scope-defaults": (
        "refused",
        "inherits an enclosing variable_scope's initializer/regularizer/constraint/getter",
    ),
    "TF1M113-frozen-regularizer": (
        "refused",
        "trainable=False with a weight regularizer (Keras 3 drops its loss)",
    ),
    "TF1M120-runtime-padding": (
        "note",
        "v1 padding computed at run time: rewritten; Keras 3 raises if it is 'causal'",
    ),
    "TF1M121-runtime-padding-keras2": (
        "refused",
        "Keras 2 padding computed at run time (may be 'causal', which Keras 3 rejects)",
    ),
    "TF1M122-causal-dynamic": ("refused", "causal padding with an unusable kernel_size/dilation"),
    "TF1M123-causal-sequential": ("note", "a causal layer object became a keras.Sequential"),
    "TF1M124-channels-first-bias": (
        "note",
        "channels_first with a bias computes in channels_last between Permute layers "
        "(Keras 3.15 adds such a bias on the wrong axis when length == filters)",
    ),
    "TF1M125-runtime-data-format": (
        "refused",
        "data_format computed at run time on a convolution that may have a bias (may be "
        "channels_first, which Keras 3.15 gets wrong)",
    ),
    "TF1M126-keras-channels-first-bias": (
        "refused",
        "a Keras 2 layer needing no migration, channels_first with a bias: Keras 3.15 adds such "
        "a bias on the wrong axis when length == filters; left unchanged",
    ),
    "TF1M130-apply": ("refused", "`.apply()` on an object that may be a migrated layer"),
    "TF1M131-v1-attribute": ("refused", "a v1-only attribute or method on a migrated layer"),
    "TF1M140-ignored-argument": ("note", "Keras 2 kernel_* argument removed: it had no effect"),
    "TF1M150-name-sanitised": ("note", "'/' in a layer name became '_'"),
    "TF1M151-name-in-dynamic-scope": (
        "note",
        "a literal name under a variable_scope named at run time (may repeat in a Keras model)",
    ),
    "TF1M160-shadowed-prefix": ("refused", "the name used for Keras is rebound locally"),
    "TF1M170-regularization-collection": (
        "note",
        "regularization losses are in layer.losses, not the REGULARIZATION_LOSSES collection",
    ),
    "TF1M180-compat-target-only": (
        "refused",
        "a legacy family member --target keras does not rewrite (MultiRNNCell, wrappers, a "
        "cell outside dynamic_rnn, Layer, ...) or a covered one not called: left unchanged, "
        "run with --target compat",
    ),
    "TF1M181-not-in-compat-layers": (
        "refused",
        "a member of a legacy family module that compat_layers does not provide "
        "(tf.contrib.rnn.LayerNormBasicLSTMCell, ...): left unchanged",
    ),
    "TF1M182-kept-legacy-call": (
        "refused",
        "added to every refusal of a call --target keras otherwise rewrites (Dense, "
        "convolutions, pooling, Flatten, dropout, batch_normalization): the legacy call it "
        "keeps needs --target compat (or the refusal fixed) to run on Keras 3",
    ),
    "TF1M183-training-tensor": (
        "refused",
        "dropout / batch_normalization `training=` is not a literal bool (may be a "
        "placeholder: v1 built a cond)",
    ),
    "TF1M184-class-form-call-sites": (
        "refused",
        "the Dropout / BatchNormalization class: `training` is decided at its call sites "
        "(use the function form)",
    ),
    "TF1M185-batch-norm-argument": (
        "refused",
        "batch_normalization with renorm, virtual_batch_size, adjustment, a list axis or a "
        "run-time fused (Keras 3 differs)",
    ),
    "TF1M186-graph-mode-training": (
        "refused",
        "batch_normalization in a module that collects UPDATE_OPS or runs a Session (Keras 3 "
        "fills no UPDATE_OPS)",
    ),
    "TF1M187-frozen-batch-norm-training": (
        "refused",
        "batch_normalization with trainable=False and training not False (Keras 3 runs a "
        "frozen layer in inference mode)",
    ),
    "TF1M188-channels-first-bias": (
        "refused",
        "a convolution (other than SeparableConv1D) with data_format='channels_first' and a "
        "bias (Keras 3.15 adds it on the wrong axis when the last axis has `filters` entries)",
    ),
    "TF1M190-rnn-cell-use": (
        "refused",
        "a dynamic_rnn cell that is not an LSTMCell/BasicLSTMCell/GRUCell/BasicRNNCell written "
        "in the call or assigned in the same block to a name used only there",
    ),
    "TF1M191-lstm-cell-feature": (
        "refused",
        "an LSTMCell with peepholes, clipping, a projection, shards or state_is_tuple=False",
    ),
    "TF1M192-forget-bias": ("refused", "an LSTM forget_bias other than a literal 1.0 or 0.0"),
    "TF1M193-cell-argument": (
        "refused",
        "a cell initializer whose draw depends on the matrix shape, a dtype other than "
        "float32, an LSTM/basic RNN cell name=, or an unknown cell argument",
    ),
    "TF1M194-dynamic-rnn-argument": (
        "refused",
        "dynamic_rnn with time_major, sequence_length over an expression, a non-float32 dtype, "
        "a scope object, an LSTM initial state held in a name, or one direction's initial state",
    ),
    "TF1M195-rnn-state-structure": (
        "refused",
        "an assignment of dynamic_rnn's result whose structure Keras does not return (the "
        "whole pair, an LSTM state read as a tuple)",
    ),
    "TF1M196-kept-legacy-rnn": (
        "refused",
        "added to every refused dynamic_rnn: the call and its cells keep their legacy names "
        "and need --target compat (or the refusal fixed) to run on Keras 3",
    ),
    "TF1M197-rnn-fresh-initialization": (
        "note",
        "a rewritten RNN equals v1 for the same (checkpoint) weights; fresh weights are drawn "
        "differently",
    ),
    "TF1M198-rnn-call-form": (
        "refused",
        "a dynamic_rnn call that is not the whole value of an assignment (or its `[0]`)",
    ),
    "TF1M200-layer-subclass": (
        "refused",
        "a user subclass of tf.layers.Layer (or of a v1 layer) kept on its v1 base; the message "
        "lists, line by line, what to change for Keras 3",
    ),
    "TF1M201-rnn-cell-subclass": (
        "refused",
        "a user subclass of an RNNCell kept on its v1 base; the message lists what to change "
        "for a Keras cell (call(inputs, states), (output, [states]), state_size)",
    ),
    "TF1M202-layer-subclass-rewritten": (
        "note",
        "a tf.layers.Layer subclass provably equal as a Keras 3 layer: its base became "
        "keras.layers.Layer",
    ),
    "TF1M209-batch-norm-fused-kernel": (
        "refused",
        "batch_normalization(training=True) where v1 may have run its fused kernel (4D/5D "
        "inputs), which moved moving_variance toward the Bessel-corrected batch variance; "
        "Keras 3 moves it toward the biased one",
    ),
    "TF1M210-module-alias-kept": (
        "refused",
        "`--target compat`: `L = tf.layers` (a module alias) kept because a member used "
        "through `L` is not in compat_layers",
    ),
    "TF1M220-star-import": (
        "refused",
        "`from <legacy layer or cell module> import *`: the names it brings cannot be "
        "recognised where they are used",
    ),
    "TF1M221-module-as-value": (
        "refused",
        "a legacy layer or cell module used as a value (passed, stored, getattr) that "
        "compat_layers does not mirror whole (tf.contrib.rnn), or any with --target keras: the "
        "names reached through it cannot be recognised",
    ),
    "TF1M900-unparsable": ("refused", "valid Python this libcst cannot parse; file unchanged"),
}
NOTES = frozenset(code for code, (effect, _) in CODES.items() if effect == "note")
REFUSALS = frozenset(code for code, (effect, _) in CODES.items() if effect == "refused")
