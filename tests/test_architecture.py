"""The layout keeps its promises (docs/architecture.md): a short package root, no import cycles
(imports inside functions counted), a command line over the public API only, imports inside
functions kept to the few the map names, and the import contracts of pyproject.toml kept."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "leadcomp"

#: Import statements inside functions, at most, of any module (leadcomp's, the standard
#: library's, third parties'). docs/architecture.md names the kinds that may stay (heavy
#: third-party and standard-library modules, their adapters, each format's module where it is
#: read or written, and the few named there); lower the ceiling when one goes, and raise it only
#: for one of those kinds.
INNER_IMPORTS = 29


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


MODULES = _modules()


def _imports(module: str) -> Iterator[tuple[str, bool, bool]]:
    """(imported leadcomp module, inside a function, under TYPE_CHECKING) for each import."""
    path = MODULES[module]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    parents: dict[ast.AST, ast.AST] = {}
    for node in ast.walk(tree):
        for child in ast.iter_child_nodes(node):
            parents[child] = node
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            targets = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        else:
            continue
        inside = typing = False
        up: ast.AST | None = parents.get(node)
        while up is not None:
            if isinstance(up, (ast.FunctionDef, ast.AsyncFunctionDef)):
                inside = True
            if isinstance(up, ast.If) and ast.unparse(up.test) == "TYPE_CHECKING":
                typing = True
            up = parents.get(up)
        resolved = set()
        for target in targets:
            while target and target not in MODULES:
                target = target.rpartition(".")[0]
            if target and target != module:
                resolved.add(target)
        for target in sorted(resolved):
            yield target, inside, typing


def test_every_import_is_absolute() -> None:
    relative = [
        f"{module}:{node.lineno}"
        for module, path in MODULES.items()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.ImportFrom) and node.level
    ]
    assert relative == []


def test_every_module_says_its_job() -> None:
    silent = [
        module
        for module, path in MODULES.items()
        if not ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")))
    ]
    assert silent == []


def test_the_package_root_holds_few_entries() -> None:
    entries = sorted(p.name for p in PACKAGE.iterdir() if p.name != "__pycache__")
    assert len(entries) <= 18, entries


def test_no_module_imports_itself_back_through_others() -> None:
    """No cycle among modules, counting imports inside functions (Tarjan's algorithm)."""
    graph = {
        m: {t for t, _inside, typing in _imports(m) if not typing} for m in MODULES
    }
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in graph[node]:
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for module in graph:
        if module not in index:
            visit(module)
    assert cycles == []


def test_the_command_line_imports_no_private_module() -> None:
    private = sorted(
        f"{module} -> {target}"
        for module in MODULES
        if module.startswith("leadcomp.cli")
        for target, _inside, _typing in _imports(module)
        if not target.startswith("leadcomp.cli")
        and any(part.startswith("_") for part in target.split(".")[1:])
    )
    assert private == []


def _inner_imports(module: str) -> Iterator[str]:
    """``module:line name`` for each import statement inside a function of ``module``."""
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    for function in ast.walk(tree):
        if isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for node in ast.walk(function):
                if isinstance(node, ast.Import):
                    yield f"{module}:{node.lineno} {node.names[0].name}"
                elif isinstance(node, ast.ImportFrom):
                    yield f"{module}:{node.lineno} {'.' * node.level}{node.module or ''}"


def test_imports_inside_functions_stay_few() -> None:
    inner = sorted({line for module in MODULES for line in _inner_imports(module)})
    assert len(inner) <= INNER_IMPORTS, "\n".join(inner)


def _contracts() -> list[dict[str, object]]:
    tomllib = pytest.importorskip("tomllib", reason="reading pyproject.toml needs Python 3.11")
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contracts: list[dict[str, object]] = config["tool"]["importlinter"]["contracts"]
    return contracts


def test_the_public_api_contract_names_every_private_module() -> None:
    """The contract that keeps the command line on the public API forbids every private module
    outside it: a new private module cannot slip past it."""
    (contract,) = [c for c in _contracts() if "public API" in str(c["name"])]
    forbidden = [str(m) for m in contract["forbidden_modules"]]  # type: ignore[attr-defined]

    def covered(module: str) -> bool:
        return any(
            module == f or (f.endswith(".**") and module.startswith(f[:-2])) for f in forbidden
        )

    missing = [
        module
        for module in MODULES
        if not module.startswith("leadcomp.cli")
        and module != "leadcomp.__main__"
        and any(part.startswith("_") for part in module.split(".")[1:])
        and not covered(module)
    ]
    assert missing == []


def test_the_import_contracts_are_kept() -> None:
    pytest.importorskip("importlinter", reason="import-linter (the dev extra) is not installed")
    command = shutil.which("lint-imports") or str(Path(sys.executable).parent / "lint-imports")
    result = subprocess.run(
        [command, "--no-cache"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
