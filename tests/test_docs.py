"""Every `Example:` in the public docstrings runs and prints what it shows."""

import doctest
import importlib
import warnings

import pytest

import compat_layers

# By module path: the package's `separable_conv1d` attribute is the function, not the module.
MODULES = [
    importlib.import_module("compat_layers.separable_conv1d"),
    importlib.import_module("compat_layers._tracking"),
]


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.__name__)
def test_docstring_examples(module):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", compat_layers.LegacyLayerWarning)
        result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0
