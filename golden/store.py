"""Reading and writing the golden data in golden/data/.

One `.npz` per layer (`conv2d.npz`, `batch_normalization.npz`, ...), whose members are
`<variant>/<array>.npy`, written byte-for-byte reproducibly (fixed zip timestamps, sorted
members, no compression), so identical numbers give identical files. `index.json` records
per file its sha256 and per case its configuration and a digest of its arrays, so a case
that did not change keeps its digest when others are regenerated.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from functools import lru_cache
from pathlib import Path

import numpy as np

from golden.cases import Case, snake

__all__ = [
    "DATA_DIR",
    "INDEX_NAME",
    "arrays_digest",
    "file_name",
    "load_arrays",
    "load_index",
    "read_layer_file",
    "read_npz",
    "sha256_file",
    "write_index",
    "write_npz",
]

DATA_DIR = Path(__file__).resolve().parent / "data"
INDEX_NAME = "index.json"
# The earliest date a zip entry can carry; any fixed value makes the bytes reproducible.
_ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


def file_name(layer: str) -> str:
    """The data file of a layer class: `Conv2DTranspose` -> `conv2d_transpose.npz`."""
    return f"{snake(layer)}.npz"


def sha256_file(path: Path) -> str:
    """Hex sha256 of the file's bytes."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def arrays_digest(arrays: dict[str, np.ndarray]) -> str:
    """A short content hash of named arrays (names, dtypes, shapes and bytes)."""
    digest = hashlib.sha256()
    for key in sorted(arrays):
        value = np.ascontiguousarray(arrays[key])
        digest.update(f"{key}|{value.dtype.str}|{value.shape}|".encode())
        digest.update(value.tobytes())
    return digest.hexdigest()[:16]


def write_npz(path: Path, arrays: dict[str, np.ndarray]) -> None:
    """Write `arrays` as an `.npz` that `numpy.load` reads, with reproducible bytes."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_STORED) as archive:
        for key in sorted(arrays):
            buffer = io.BytesIO()
            np.lib.format.write_array(buffer, np.ascontiguousarray(arrays[key]), allow_pickle=False)
            info = zipfile.ZipInfo(f"{key}.npy", date_time=_ZIP_EPOCH)
            info.external_attr = 0o644 << 16
            archive.writestr(info, buffer.getvalue())


def read_npz(path: Path) -> dict[str, np.ndarray]:
    """All arrays of an `.npz` file (no pickles)."""
    with np.load(path, allow_pickle=False) as data:
        return {key: data[key] for key in data.files}


def read_layer_file(path: Path) -> dict[str, dict[str, np.ndarray]]:
    """A layer's `.npz` as `{variant: {array name: array}}`."""
    cases: dict[str, dict[str, np.ndarray]] = {}
    for key, value in read_npz(path).items():
        variant, name = key.rsplit("/", 1)
        cases.setdefault(variant, {})[name] = value
    return cases


@lru_cache(maxsize=32)
def _cached_layer_file(path: str, mtime_ns: int) -> dict[str, dict[str, np.ndarray]]:
    return read_layer_file(Path(path))


def load_arrays(case: Case, data_dir: Path = DATA_DIR) -> dict[str, np.ndarray]:
    """The stored arrays of `case` (copies: callers may modify them).

    Raises:
      KeyError: the case is not stored.
    """
    path = Path(data_dir) / file_name(case.layer)
    if not path.exists():
        raise KeyError(f"{case.name}: {path.name} does not exist")
    stored = _cached_layer_file(str(path), path.stat().st_mtime_ns)
    if case.variant not in stored:
        raise KeyError(f"{case.name} is not stored in {path.name}")
    return {key: value.copy() for key, value in stored[case.variant].items()}


def load_index(data_dir: Path = DATA_DIR) -> dict:
    """The parsed index.json of `data_dir`."""
    return json.loads((Path(data_dir) / INDEX_NAME).read_text(encoding="utf-8"))


def write_index(index: dict, data_dir: Path = DATA_DIR) -> None:
    """Write index.json: sorted keys, one line per case (small, with readable diffs)."""
    lines = ["{"]
    items = sorted(index.items())
    for position, (key, value) in enumerate(items):
        comma = "," if position < len(items) - 1 else ""
        if key == "cases":
            lines.append(' "cases": {')
            cases = sorted(value.items())
            for i, (name, entry) in enumerate(cases):
                tail = "," if i < len(cases) - 1 else ""
                lines.append(f"  {json.dumps(name)}: {json.dumps(entry, sort_keys=True)}{tail}")
            lines.append(f" }}{comma}")
        else:
            text = json.dumps(value, indent=1, sort_keys=True).replace("\n", "\n ")
            lines.append(f" {json.dumps(key)}: {text}{comma}")
    lines.append("}")
    (Path(data_dir) / INDEX_NAME).write_text("\n".join(lines) + "\n", encoding="utf-8")
