"""The Keras 3 counterpart of a golden case: the layer the codemod's users migrate to.

Each family module says per layer how to build it (`LayerSpec.keras3`): the same arguments,
`dtype=` the case dtype (Keras 3 otherwise computes in float32; float16 batch norm uses
`"mixed_float16"`, float32 parameters as in the legacy layer), and for SeparableConv1D's
'causal' padding, which Keras 3 rejects, the construct in the codemod's contract,
`Sequential([ZeroPadding1D((dilation_rate * (kernel_size - 1), 0)),
SeparableConv1D(padding="valid")])`. The golden weights are assigned by name (RNN cells:
converted to the Keras layout by `migrate.layouts`, the gradients converted back).
"""

from __future__ import annotations

import numpy as np

from golden.cases import Case
from golden.families.conv import KERAS3_BIAS_AXIS_BUG, KERAS3_NCHW_ON_CPU
from golden.harness import apply, run_eager

__all__ = [
    "KERAS3_BIAS_AXIS_BUG",
    "KERAS3_NCHW_ON_CPU",
    "keras3_model",
    "keras3_status",
    "run_keras3",
]


def keras3_status(case: Case) -> tuple[str, str | None, type[BaseException] | None]:
    """`("run" | "skip" | "xfail", reason, raises)` of the Keras 3 comparison of `case`."""
    spec = case.spec
    if spec.keras3 is None:
        return "skip", f"Keras 3 has no counterpart of {case.layer}", None
    reason = spec.keras3_skip(case)
    if reason:
        return "skip", reason, None
    defect = spec.keras3_xfail(case)
    if defect:
        return "xfail", *defect
    return "run", None, None


def keras3_model(case: Case):
    """`(model, weight_layer)`: what to call and the layer holding the weights."""
    if case.spec.keras3 is None:
        raise ValueError(f"Keras 3 has no counterpart of {case.layer}")
    return case.spec.keras3(case)


def run_keras3(case: Case, arrays: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Output, gradients and updated statistics of the Keras 3 counterpart, eagerly."""
    model, weight_layer = keras3_model(case)
    spec = case.spec
    return run_eager(
        case,
        lambda: model,
        arrays,
        weight_layer=lambda _: weight_layer,
        run=spec.keras3_apply or apply,
        layout=spec.keras3_layout(case) if spec.keras3_layout else None,
    )
