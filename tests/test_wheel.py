"""The wheel: built from this tree, installed into a fresh virtual environment, it ships every
schema inside the package and its ``leadcomp`` command works there.

The fresh environment gets the wheel alone (``--no-deps``, nothing fetched); it sees the
dependencies (attrs, cattrs, jsonschema, PyYAML) through a ``.pth`` file naming the folders they
are installed in here. Those folders' own ``.pth`` files are not run, so the editable install of
this tree stays out of sight and leadcomp can only come from the wheel.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import venv
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
DEPENDENCIES = ("attrs", "cattrs", "jsonschema", "referencing", "yaml")

CHECK_INSTALLED = """
import json
from importlib import resources

from jsonschema import Draft202012Validator

import leadcomp
from leadcomp.validation import _schemas

found = {}
for path in sorted(_schemas.schema_dir().iterdir()):
    data = json.loads(path.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(data)
    found[path.name] = data
for name in _schemas.SCHEMA_FILES:
    _schemas.validator(name)  # every schema compiles with the registry of shipped schemas
print(json.dumps({
    "leadcomp": leadcomp.__file__,
    "schema_dir": str(_schemas.schema_dir()),
    "schemas": found,
    "py_typed": (resources.files("leadcomp") / "py.typed").is_file(),
    "policies": [policy.id for policy in leadcomp.BUILTIN_POLICIES.values()],
    "version": leadcomp.__version__,
}))
"""


def _run(command: list[str], **options: Any) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command, capture_output=True, text=True, timeout=300, check=False, **options
    )


def _clean_env() -> dict[str, str]:
    """The environment without anything that would put this tree on the new venv's path."""
    return {
        key: value
        for key, value in os.environ.items()
        if key not in ("PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP", "VIRTUAL_ENV")
        and not key.startswith(("COV_CORE_", "COVERAGE_"))
    }


def build_wheel(outdir: Path) -> Path:
    """Build the wheel of this tree; skip when no build tooling can be had offline."""
    if importlib.util.find_spec("build") is None:
        pytest.skip("the 'build' package is not installed (pip install build)")
    command = [sys.executable, "-m", "build", "--wheel", "--outdir", str(outdir)]
    isolated = importlib.util.find_spec("hatchling") is None
    if not isolated:
        command.append("--no-isolation")  # the backend is here: no index needed
    done = _run([*command, str(ROOT)], cwd=ROOT)
    if done.returncode != 0:
        if isolated and "Getting build dependencies" not in done.stdout:
            pytest.skip(
                "could not set up an isolated build environment (hatchling is not installed "
                f"and could not be fetched): {(done.stderr or done.stdout).strip()[-300:]}"
            )
        pytest.fail(f"building the wheel failed:\n{done.stdout}\n{done.stderr}")
    [wheel] = outdir.glob("leadcomp-*.whl")
    return wheel


def make_venv(where: Path) -> Path:
    """A fresh venv without pip; its python."""
    try:
        venv.EnvBuilder(with_pip=False, clear=True).create(where)
    except Exception as error:  # pragma: no cover - depends on the interpreter's build
        pytest.skip(f"cannot create a virtual environment here: {error}")
    python = where / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    if not python.exists():  # pragma: no cover
        pytest.skip("the new virtual environment has no python")
    return python


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Build the wheel, install it into a fresh venv; the venv's python, scripts, site-packages."""
    base = tmp_path_factory.mktemp("wheel")
    wheel = build_wheel(base / "dist")
    python = make_venv(base / "venv")
    env = _clean_env()
    site = Path(
        _run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            env=env,
        ).stdout.strip()
    )
    assert site.is_dir(), site

    done = _run(
        [
            sys.executable, "-m", "pip", "--python", str(python), "install",
            "--no-deps", "--no-index", "--quiet", str(wheel),
        ],
        env=env,
    )
    if done.returncode != 0 and "no such option: --python" in done.stderr:  # pragma: no cover
        pytest.skip("this pip cannot install into another environment (needs pip >= 22.3)")
    assert done.returncode == 0, done.stderr

    folders = sorted({
        str(Path(spec.origin).parent.parent)
        for name in DEPENDENCIES
        if (spec := importlib.util.find_spec(name)) is not None and spec.origin is not None
    })
    (site / "zz-leadcomp-test-dependencies.pth").write_text("\n".join(folders) + "\n")
    return {"python": python, "bin": python.parent, "site": site, "cwd": base}


def test_installed_package_ships_every_schema(installed: dict[str, Path]) -> None:
    done = _run(
        [str(installed["python"]), "-c", CHECK_INSTALLED],
        cwd=installed["cwd"],
        env=_clean_env(),
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    site = installed["site"].resolve()

    assert Path(report["leadcomp"]).resolve().is_relative_to(site / "leadcomp")
    schema_dir = Path(report["schema_dir"]).resolve()
    assert schema_dir == site / "leadcomp" / "schemas"
    assert report["py_typed"] is True
    assert report["policies"] == ["default", "merge", "group-pooling"]  # read from data files

    shipped = report["schemas"]
    in_repo = sorted((ROOT / "schemas").glob("*.json"))
    assert in_repo, "the repository has schemas"
    assert sorted(shipped) == sorted(p.name for p in in_repo)
    for path in in_repo:
        assert shipped[path.name] == json.loads(path.read_text(encoding="utf-8")), path.name


def test_installed_command_validates_the_example(
    installed: dict[str, Path], example_framework_path: Path
) -> None:
    script = installed["bin"] / ("leadcomp.exe" if os.name == "nt" else "leadcomp")
    assert script.exists()
    done = _run(
        [str(script), "validate", "-v", str(example_framework_path)],
        cwd=installed["cwd"],
        env=_clean_env(),
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout == f"{example_framework_path}: ok (framework)\n"
    assert "1 file checked: 1 valid, 0 invalid" in done.stderr

    version = _run([str(script), "--version"], cwd=installed["cwd"], env=_clean_env())
    assert version.returncode == 0
    assert version.stdout.startswith("leadcomp ")
