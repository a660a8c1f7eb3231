"""Reading and writing the golden data in golden/data/.

One `.npz` per case (written byte-for-byte reproducibly: fixed zip timestamps, sorted
members, no compression, so regenerating identical numbers gives identical files and
identical sha256) and `index.json` with each case's configuration, dtype, tolerance,
file name and sha256, plus the versions of the reference that produced them.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from pathlib import Path

import numpy as np

from golden.cases import Case

__all__ = [
    "DATA_DIR",
    "INDEX_NAME",
    "load_arrays",
    "load_index",
    "read_npz",
    "sha256_file",
    "write_index",
    "write_npz",
]

DATA_DIR = Path(__file__).resolve().parent / "data"
INDEX_NAME = "index.json"
# The earliest date a zip entry can carry; any fixed value makes the bytes reproducible.
_ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


def sha256_file(path: Path) -> str:
    """Hex sha256 of the file's bytes."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


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


def load_index(data_dir: Path = DATA_DIR) -> dict:
    """The parsed index.json of `data_dir`."""
    return json.loads((Path(data_dir) / INDEX_NAME).read_text(encoding="utf-8"))


def write_index(index: dict, data_dir: Path = DATA_DIR) -> None:
    """Write index.json (sorted keys, trailing newline: stable diffs)."""
    text = json.dumps(index, indent=1, sort_keys=True) + "\n"
    (Path(data_dir) / INDEX_NAME).write_text(text, encoding="utf-8")


def load_arrays(case: Case, data_dir: Path = DATA_DIR) -> dict[str, np.ndarray]:
    """The stored arrays of `case`."""
    return read_npz(Path(data_dir) / f"{case.name}.npz")
