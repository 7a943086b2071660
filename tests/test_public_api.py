"""The public API is stated once and nothing else leaks.

``leadcomp`` and its public packages (``PACKAGES``) state their public names once (the imports
of their ``if TYPE_CHECKING:`` blocks, read by ``leadcomp._lazy``). Every name listed exists
and every listed class and function says what it is; ``dir()`` shows exactly the listed names;
and the packages' namespaces hold nothing public besides those names and their subpackages (no
``annotations`` from a ``__future__`` import, no ``TYPE_CHECKING``, no helper imported for
typing). The public modules that are not packages (``MODULES``) list their names in
``__all__``: each exists and says what it is.

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

#: The packages whose public names are imported on first use (``leadcomp._lazy``).
PACKAGES = (
    "leadcomp",
    "leadcomp.model",
    "leadcomp.cohort",
    "leadcomp.documents",
    "leadcomp.reports",
    "leadcomp.scoring",
    "leadcomp.validation",
    "leadcomp.versioning",
)
#: Public modules that are plain modules, with an ``__all__`` of their own.
MODULES = (
    "leadcomp.builtin",
    "leadcomp.formats.case",
    "leadcomp.formats.moodle",
    "leadcomp.formats.registry",
    "leadcomp.formats.survey",
    "leadcomp.gaps",
    "leadcomp.reports.survey_template",
    "leadcomp.stats",
)


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


@pytest.mark.parametrize("package", PACKAGES + MODULES)
def test_every_listed_name_exists(package: str) -> None:
    module = importlib.import_module(package)
    assert module.__all__, package
    assert len(set(module.__all__)) == len(module.__all__)
    missing = [name for name in module.__all__ if not hasattr(module, name)]
    assert missing == []


@pytest.mark.parametrize("package", PACKAGES + MODULES)
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


@pytest.mark.parametrize("package", PACKAGES)
def test_a_name_not_listed_is_an_attribute_error(package: str) -> None:
    module = importlib.import_module(package)
    assert not hasattr(module, "no_such_name")
    with pytest.raises(AttributeError, match="no_such_name"):
        module.no_such_name  # noqa: B018


def test_a_submodule_that_fails_to_import_says_why(monkeypatch: pytest.MonkeyPatch) -> None:
    """A missing dependency of a public submodule is not hidden as a missing attribute."""
    import leadcomp._lazy as lazy

    def fail(name: str) -> None:
        raise ModuleNotFoundError("No module named 'jinja2'", name="jinja2")

    monkeypatch.setattr(importlib, "import_module", fail)
    with pytest.raises(ModuleNotFoundError, match="jinja2"):
        lazy.attribute("leadcomp", {}, "not_yet_imported")
