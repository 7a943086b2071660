"""Packages whose public names are imported on first use (PEP 562), so that importing them stays
cheap. A package states its public names once, as the imports of its ``if TYPE_CHECKING:`` block:
type checkers read those imports as they are, and this module reads them to find each name's
module and to make the package's ``__all__``; ``face`` gives the package its ``__getattr__``
and ``__dir__``."""

from __future__ import annotations

import importlib
import sys

TYPE_CHECKING = False
if TYPE_CHECKING:  # typing is not imported at run time: ``import leadcomp`` stays cheap
    from collections.abc import Callable
    from typing import Any


def face(
    package: str, namespace: dict[str, Any]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """The ``__getattr__`` and ``__dir__`` of a package that states its public names in its
    ``if TYPE_CHECKING:`` block: ``__getattr__, __dir__ = face(__name__, globals())``. The
    names its source needed (``annotations``, ``TYPE_CHECKING``) leave its namespace, which
    then holds the public names and subpackages only."""
    namespace.pop("annotations", None)
    namespace.pop("TYPE_CHECKING", None)

    def __getattr__(name: str) -> Any:
        return attribute(package, namespace, name)

    def __dir__() -> list[str]:
        return list(attribute(package, namespace, "__all__"))

    return __getattr__, __dir__


def public_names(package: str) -> dict[str, str]:
    """``{name: module}`` from the imports of ``package``'s ``if TYPE_CHECKING:`` blocks (imports
    from outside leadcomp, such as ``typing``'s, are not public names), and assignments there."""
    import ast

    path = sys.modules[package].__file__
    assert path is not None
    with open(path, encoding="utf-8") as file:
        tree = ast.parse(file.read(), path)
    table: dict[str, str] = {}
    for node in tree.body:
        if not (isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING"):
            continue
        for statement in node.body:
            if isinstance(statement, ast.ImportFrom) and statement.module is not None:
                if statement.module.partition(".")[0] == "leadcomp":
                    for alias in statement.names:
                        table[alias.asname or alias.name] = statement.module
            elif isinstance(statement, ast.Assign):
                for target in statement.targets:
                    if isinstance(target, ast.Name):
                        table[target.id] = package
    return table


def attribute(package: str, namespace: dict[str, Any], name: str) -> Any:
    """The public attribute ``name`` of ``package`` (``__all__`` too), imported from its module on
    first use and then kept in the package's ``namespace``."""
    table = namespace.get("_PUBLIC")
    if table is None:
        table = namespace["_PUBLIC"] = public_names(package)
    if name == "__all__":
        value: Any = sorted([*table, *(n for n in ("__version__",) if n in namespace)])
    else:
        module = table.get(name)
        if module is None and not name.startswith("_"):
            return _submodule(package, name)  # binds itself in namespace
        if module is None or module == package:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module), name)
    namespace[name] = value
    return value


def _submodule(package: str, name: str) -> Any:
    """``package``'s public module or package ``name`` (so that ``leadcomp.cohort`` is imported
    on first use, like the names); AttributeError when there is none."""
    try:
        return importlib.import_module(f"{package}.{name}")
    except ModuleNotFoundError as missing:
        if missing.name != f"{package}.{name}":
            raise  # the module exists and fails to import something else
        raise AttributeError(f"module {package!r} has no attribute {name!r}") from None
