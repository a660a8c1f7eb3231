"""Run TensorFlow's own legacy layers as an oracle, in a separate process.

With Keras 3 as the default, `tf.compat.v1.layers` only works in a process that
sets `TF_USE_LEGACY_KERAS=1` before TensorFlow is imported, so the reference
cannot share a process with the code under test. `run_reference` executes a
script in a fresh interpreter with that variable set and brings back what the
script saved.

Inside the script two helpers are predefined:

* `INPUTS`: the arrays passed as `inputs=` (a dict of NumPy arrays), and
* `save(**arrays)` / `save_json(obj)`: the results to hand back.

Example:

    result = run_reference(
        "import tensorflow as tf\\n"
        "save(y=tf.compat.v1.layers.separable_conv1d(INPUTS['x'], 2, 3).shape.as_list())\\n",
        inputs={"x": np.zeros((1, 5, 3), np.float32)},
    )
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import textwrap
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

__all__ = ["ReferenceError", "ReferenceResult", "reference_env", "run_reference"]

_PRELUDE = textwrap.dedent(
    """\
    import json as _json
    import os as _os
    import numpy as np
    import numpy as _np

    _OUT = _os.environ["TF1_COMPAT_REFERENCE_OUT"]
    _IN = _os.environ.get("TF1_COMPAT_REFERENCE_IN")
    INPUTS = dict(_np.load(_IN, allow_pickle=False)) if _IN else {}
    _SAVED = {}

    def save(**arrays):
        _SAVED.update({k: _np.asarray(v) for k, v in arrays.items()})
        _np.savez(_os.path.join(_OUT, "arrays.npz"), **_SAVED)

    def save_json(obj):
        with open(_os.path.join(_OUT, "result.json"), "w") as f:
            _json.dump(obj, f)

    """
)


class ReferenceError(RuntimeError):
    """The reference process failed; the message carries the tail of its stderr."""


@dataclass
class ReferenceResult:
    arrays: dict[str, np.ndarray] = field(default_factory=dict)
    json: Any = None
    stdout: str = ""


def reference_env() -> dict[str, str]:
    """The environment of a reference process: tf-keras as `tf.keras`, quiet logs."""
    env = dict(os.environ)
    env["TF_USE_LEGACY_KERAS"] = "1"
    env["TF_CPP_MIN_LOG_LEVEL"] = "3"
    # Same numerics in both processes: oneDNN reorders float sums on some CPUs.
    env.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")
    return env


def run_reference(
    script: str,
    *,
    inputs: dict[str, np.ndarray] | None = None,
    timeout: float = 900.0,
    cwd: str | os.PathLike[str] | None = None,
) -> ReferenceResult:
    """Execute `script` under TensorFlow's legacy Keras and return what it saved.

    Args:
      script: Python source. It may use `INPUTS`, `save(**arrays)` and `save_json(obj)`.
      inputs: arrays made available to the script as `INPUTS`.
      timeout: seconds before the process is killed.
      cwd: working directory of the process (default: a temporary directory).

    Returns:
      A `ReferenceResult` with the saved arrays, the saved JSON object and stdout.

    Raises:
      ReferenceError: the script exited with a non-zero status or timed out.
    """
    with tempfile.TemporaryDirectory(prefix="tf1_reference_") as tmp:
        env = reference_env()
        env["TF1_COMPAT_REFERENCE_OUT"] = tmp
        if inputs:
            in_path = Path(tmp) / "inputs.npz"
            np.savez(in_path, **inputs)
            env["TF1_COMPAT_REFERENCE_IN"] = str(in_path)
        script_path = Path(tmp) / "reference_script.py"
        script_path.write_text(_PRELUDE + textwrap.dedent(script), encoding="utf-8")
        try:
            proc = subprocess.run(
                [sys.executable, str(script_path)],
                env=env,
                cwd=str(cwd) if cwd is not None else tmp,
                capture_output=True,
                text=True,
                timeout=timeout,
            )
        except subprocess.TimeoutExpired as exc:
            raise ReferenceError(f"reference script timed out after {timeout} s") from exc
        if proc.returncode != 0:
            tail = "\n".join(proc.stderr.splitlines()[-40:])
            raise ReferenceError(f"reference script exited with status {proc.returncode}:\n{tail}")
        result = ReferenceResult(stdout=proc.stdout)
        arrays_path = Path(tmp) / "arrays.npz"
        if arrays_path.exists():
            with np.load(arrays_path, allow_pickle=False) as data:
                result.arrays = {k: data[k] for k in data.files}
        json_path = Path(tmp) / "result.json"
        if json_path.exists():
            result.json = json.loads(json_path.read_text(encoding="utf-8"))
        return result
