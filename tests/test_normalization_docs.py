"""The published batch-normalization examples run: the docs page's code and the docstring."""

from __future__ import annotations

import doctest
import importlib
import re
import warnings
from pathlib import Path

import pytest

import compat_layers

DOC = Path(__file__).resolve().parents[1] / "docs" / "batch_normalization.md"


def _blocks() -> list[str]:
    return re.findall(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.S)


def test_doc_has_an_example():
    assert len(_blocks()) == 1


@pytest.mark.parametrize("index", range(len(_blocks())))
def test_doc_code_blocks_run(index):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", compat_layers.LegacyLayerWarning)
        exec(compile(_blocks()[index], f"{DOC.name}[{index}]", "exec"), {})  # noqa: S102


def test_docstring_example_runs():
    module = importlib.import_module("compat_layers.normalization")
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0
