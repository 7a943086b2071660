"""The public API is stated once and nothing else leaks.

``leadcomp`` and ``leadcomp.model`` state their public names once (the imports of their
``if TYPE_CHECKING:`` blocks, read by ``leadcomp._lazy``). Every name listed exists and every
listed class and function says what it is; ``dir()`` shows exactly the listed names; and the
packages' namespaces hold nothing public besides those names and their subpackages (no
``annotations`` from a ``__future__`` import, no ``TYPE_CHECKING``, no helper imported for
typing).

The project has no API reference page (README.md's "Python API" section shows a few calls, and
docs/ has no reference), so no listing in the docs is checked.
"""

from __future__ import annotations

import importlib
import inspect
import subprocess
import sys
import types

import pytest

PACKAGES = ("leadcomp", "leadcomp.model")


def _leaks(package: str) -> list[str]:
    """Public names in the package's namespace that are neither listed nor subpackages."""
    module = importlib.import_module(package)
    listed = set(module.__all__)
    found = []
    for name, value in vars(module).items():
        if name.startswith("_") or name in listed:
            continue
        if isinstance(value, types.ModuleType) and value.__name__ == f"{package}.{name}":
            continue  # a subpackage or submodule, bound when it was imported
        found.append(name)
    return sorted(found)


@pytest.mark.parametrize("package", PACKAGES)
def test_every_listed_name_exists(package: str) -> None:
    module = importlib.import_module(package)
    assert module.__all__, package
    assert len(set(module.__all__)) == len(module.__all__)
    missing = [name for name in module.__all__ if not hasattr(module, name)]
    assert missing == []


@pytest.mark.parametrize("package", PACKAGES)
def test_every_listed_class_and_function_has_a_docstring(package: str) -> None:
    module = importlib.import_module(package)
    undocumented = []
    for name in module.__all__:
        value = getattr(module, name)
        if (inspect.isclass(value) or inspect.isfunction(value)) and not (
            inspect.getdoc(value) or ""
        ).strip():
            undocumented.append(name)
    assert undocumented == []


@pytest.mark.parametrize("package", PACKAGES)
def test_dir_shows_exactly_the_listed_names(package: str) -> None:
    module = importlib.import_module(package)
    assert dir(module) == module.__all__


@pytest.mark.parametrize("package", PACKAGES)
def test_nothing_else_public_leaks(package: str) -> None:
    module = importlib.import_module(package)
    for name in module.__all__:  # every lazy name loaded: what they bring must not leak either
        getattr(module, name)
    assert _leaks(package) == []


@pytest.mark.parametrize("package", PACKAGES)
def test_nothing_public_leaks_from_a_fresh_import(package: str) -> None:
    """In a fresh interpreter, before any name is used (the test session imports much more)."""
    code = (
        "import types, importlib\n"
        f"m = importlib.import_module({package!r})\n"
        "print(sorted(n for n, v in vars(m).items() if not n.startswith('_')\n"
        "    and n not in m.__all__\n"
        "    and not (isinstance(v, types.ModuleType) and v.__name__ == m.__name__ + '.' + n)))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"
