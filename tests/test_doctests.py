"""The examples in the docstrings run and give what they show."""

import doctest
import importlib
import pkgutil

import kg.extractors
import pytest

import kg


def _modules():
    for pkg in (kg, kg.extractors):
        for info in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + "."):
            yield info.name


@pytest.mark.parametrize("name", sorted(set(_modules())))
def test_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0
