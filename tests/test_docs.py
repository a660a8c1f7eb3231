"""Every `Example:` in the public docstrings runs and prints what it shows."""

import doctest
import importlib
import warnings

import pytest

import compat_layers

# By module path: a package attribute may be a function named like its module.
MODULES = [
    importlib.import_module("compat_layers.convolutional"),
    importlib.import_module("compat_layers._tracking"),
]


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.__name__)
def test_docstring_examples(module):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", compat_layers.LegacyLayerWarning)
        result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0
