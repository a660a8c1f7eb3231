"""The diagnostics of SeparableConv1D's Keras rewrite: each a `(code, message)` pair.

The codes and what each means are listed in docs/diagnostics.md and in
`migrate.codemod.diagnostics.CODES`.
"""

from __future__ import annotations

import libcst as cst

from migrate.codemod.arguments import code

Note = tuple[str, str]

_BIAS_BUG = (
    "Keras 3.15 on TensorFlow adds a channels_first bias along the last axis when the "
    "output length equals `filters` (a BiasAdd special case, keras-team/keras PR #20386)"
)


def runtime_data_format(value: cst.BaseExpression) -> Note:
    return (
        "TF1M125-runtime-data-format",
        f"`data_format={code(value)}` is computed at run time and the layer may have a bias. "
        "Keras 3.15 on TensorFlow adds a channels_first bias along the wrong axis when the "
        "output length equals `filters` (keras-team/keras PR #20386), which would silently "
        "change the numbers, and the tool cannot tell whether this value is 'channels_first'. "
        "The call was left unchanged: write data_format as a literal (or pass use_bias=False), "
        "then run the tool again.",
    )


def channels_first(kept: bool, index: int) -> Note:
    message = (
        f"{_BIAS_BUG}, which would silently change the numbers. The layer therefore computes "
        "in channels_last between two Permute((2, 1)) layers in a keras.Sequential "
        "(numerically equal to v1; the weights keep their shapes and the layer its name). "
        'Once Keras is fixed, the simple form SeparableConv1D(..., data_format="channels_first") '
        "can be restored."
    )
    if kept:
        message += (
            " The object is now the Sequential: reach the convolution's attributes "
            f"(depthwise_kernel, ...) through `.layers[{index}]`."
        )
    return "TF1M124-channels-first-bias", message


def keras_channels_first() -> Note:
    return (
        "TF1M126-keras-channels-first-bias",
        f"This Keras layer needs no migration, but {_BIAS_BUG}, so under Keras 3 it can "
        "silently give other numbers than under Keras 2. The call was left unchanged. Unless "
        "its output length never equals `filters`, compute in channels_last between two "
        "keras.layers.Permute((2, 1)) layers (what the tool emits for v1 layers, see TF1M124), "
        "or pass use_bias=False.",
    )


def causal_sequential(index: int) -> Note:
    return (
        "TF1M123-causal-sequential",
        "padding='causal' became a keras.Sequential of ZeroPadding1D and a 'valid' "
        "SeparableConv1D (numerically equal). The object is now the Sequential: reach the "
        f"convolution's attributes (depthwise_kernel, ...) through `.layers[{index}]`.",
    )


def causal_dynamic(left_unchanged: bool) -> Note:
    advice = (
        "The call was left unchanged; pad with keras.layers.ZeroPadding1D yourself."
        if left_unchanged
        else "Pad with keras.layers.ZeroPadding1D yourself."
    )
    return (
        "TF1M122-causal-dynamic",
        "padding='causal' needs the left padding dilation_rate * (kernel_size - 1), but "
        f"kernel_size or dilation_rate is a literal that is not one integer. {advice}",
    )


def ignored_argument(name: str) -> Note:
    return (
        "TF1M140-ignored-argument",
        f"`{name}=` was removed: SeparableConv1D has depthwise and pointwise kernels, so "
        "Keras 2 accepted this argument and silently ignored it (it had no effect), while "
        "Keras 3 rejects it. Use depthwise_*/pointwise_* if you meant to set them.",
    )


def runtime_padding(value: cst.BaseExpression) -> Note:
    return (
        "TF1M120-runtime-padding",
        f"`padding={code(value)}` is computed at run time; the call was rewritten, and Keras 3 "
        "raises ValueError if the value is 'causal' (v1 accepted it). If it can be, compute "
        "the padding statically.",
    )


def runtime_padding_keras2(value: cst.BaseExpression) -> Note:
    return (
        "TF1M121-runtime-padding-keras2",
        f"`padding={code(value)}` is computed at run time and Keras 2 accepted 'causal', which "
        "Keras 3 rejects; the call was left unchanged. If the value can be 'causal', compute "
        "it statically so the tool can rewrite the layer.",
    )


def name_sanitised(name: str, keras_name: str) -> Note:
    return (
        "TF1M150-name-sanitised",
        f"Keras 3 rejects '/' in layer names: name {name!r} became {keras_name!r} (recorded "
        "in the layer map for checkpoints).",
    )


def name_in_dynamic_scope(name: str) -> Note:
    return (
        "TF1M151-name-in-dynamic-scope",
        f"v1 made name {name!r} unique through an enclosing variable_scope whose name is only "
        "known at run time; Keras 3 needs unique layer names within one model. If this code "
        "runs more than once in a model, derive the name from that scope "
        '(for example name=f"{scope}_' + name + '").',
    )


def shadowed_prefix(root: str) -> Note:
    return (
        "TF1M160-shadowed-prefix",
        f"`{root}` is rebound locally here, so the Keras 3 layer cannot be named through it. "
        "Rename the local variable, then run the tool again.",
    )


def shadowed_prefix_keras2() -> Note:
    return (
        "TF1M160-shadowed-prefix",
        "The rewrite needs Keras 3 layers (keras.Sequential), but the name used for Keras is "
        "rebound locally here. The call was left unchanged: rename the local variable, then "
        "run the tool again.",
    )


def regularization_collection(names: list[str]) -> Note:
    return (
        "TF1M170-regularization-collection",
        f"The Keras 3 layer keeps its {', '.join(names)} losses in `layer.losses` / "
        "`model.losses`; unlike the v1 layer it does not add them to the REGULARIZATION_LOSSES "
        "collection, so `tf.losses.get_regularization_loss()` no longer includes them. Add the "
        "layer's (or model's) `losses` to the training loss.",
    )


def needs_compat(text: str, keras: str) -> Note:
    """The note added to every refusal of a call the Keras target otherwise rewrites."""
    return (
        "TF1M182-kept-legacy-call",
        f"`{text}` keeps its TensorFlow 1 layer (see the reasons reported for this call), "
        "which Keras 3 does not provide. Fix those reasons and run the tool again to get "
        f"`keras.layers.{keras}`, or run tf1-migrate with --target compat on this module, "
        "which runs the same call on compat_layers.",
    )


def regularization_notes(names: list[str | None], replacements: list[object]) -> list[Note]:
    """TF1M170 for the `*_regularizer` arguments a rewrite kept (their losses now live
    in `layer.losses`), or nothing when it kept none."""
    regularized = [
        name
        for name, new_arg in zip(names, replacements, strict=True)
        if new_arg is not None and name is not None and name.endswith("_regularizer")
    ]
    return [regularization_collection(regularized)] if regularized else []
