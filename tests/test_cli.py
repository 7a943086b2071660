"""The ``leadcomp`` command line, through ``leadcomp.cli.main(argv)`` and, once each, for real."""

from __future__ import annotations

import ast
import copy
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import leadcomp
from leadcomp.cli import main
from leadcomp.cli.schema import KINDS as SCHEMA_KINDS
from leadcomp.validation._report import github_line
from leadcomp.validation._schemas import validator

ROOT = Path(__file__).resolve().parents[1]

FRAMEWORK: dict[str, Any] = {
    "kind": "framework",
    "format": "1.0",
    "id": "tl",
    "version": "1.0.0",
    "title": "Team leadership",
    "default_scale": "five",
    "scales": [
        {"id": "five", "levels": [{"value": v, "label": f"L{v}"} for v in range(1, 6)]},
    ],
    "competencies": [
        {"id": "vision", "title": "Vision", "kind": "behaviour"},
        {"id": "care", "title": "Care", "kind": "behaviour"},
    ],
}
ROLE: dict[str, Any] = {
    "kind": "role",
    "format": "1.0",
    "id": "lead",
    "title": "Team lead",
    "framework": {"id": "tl", "versions": "^1.0.0"},
    "requirements": [{"competency": "vision", "level": 3}],
}


def write(path: Path, doc: dict[str, Any] | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(doc if isinstance(doc, str) else json.dumps(doc, indent=2), encoding="utf-8")
    return path


def with_warning() -> dict[str, Any]:
    """A valid framework with one warning: two levels share a label."""
    doc = copy.deepcopy(FRAMEWORK)
    doc["scales"][0]["levels"][1]["label"] = "L1"
    return doc


def with_error() -> dict[str, Any]:
    """An invalid framework: a duplicate competency id (and the warning above)."""
    doc = with_warning()
    doc["competencies"][1]["id"] = "vision"
    return doc


# -- the parser -------------------------------------------------------------------------------


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    assert capsys.readouterr().out == f"leadcomp {leadcomp.__version__}\n"


def test_no_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert "usage: leadcomp" in err
    assert "validate" in err


@pytest.mark.parametrize(
    "argv",
    [
        ["frobnicate"],
        ["validate"],
        ["validate", "-o", "xml", "x.json"],
        ["validate", "--max-bytes", "lots", "x.json"],
        ["validate", "-q", "-v", "x.json"],
        ["schema"],
        ["schema", "competency"],
        ["--no-such-option"],
    ],
)
def test_usage_errors_exit_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert "usage: leadcomp" in err
    assert "Traceback" not in err


def test_help_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--help"]) == 0
    assert "--framework" in capsys.readouterr().out


# -- validate: text output --------------------------------------------------------------------


def test_valid_file_exits_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path / "tl.json", FRAMEWORK)
    assert main(["validate", str(path)]) == 0
    out, err = capsys.readouterr()
    assert out == ""
    assert err == "1 file checked: 1 valid, 0 invalid (0 errors, 0 warnings)\n"


def test_example_framework_is_valid(
    example_framework_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", "-v", str(example_framework_path)]) == 0
    assert capsys.readouterr().out == f"{example_framework_path}: ok (framework)\n"


def test_warnings_are_shown_but_do_not_fail(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path / "warn.json", with_warning())
    assert main(["validate", str(path)]) == 0
    out, err = capsys.readouterr()
    [line] = out.splitlines()
    assert line.startswith(f"{path}:")
    assert "duplicate-label (warning): $.scales[0].levels[1].label: " in line
    assert "(0 errors, 1 warning)" in err


def test_invalid_file_exits_1_with_file_line_col_code_path_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path / "bad.json", with_error())
    assert main(["validate", str(path)]) == 1
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(f"{path}:")
    assert any(
        line.startswith(f"{path}:")
        and ": duplicate-id: $.competencies[1].id: id 'vision' is already used by " in line
        for line in lines
    )
    assert "1 file checked: 0 valid, 1 invalid (1 error, 1 warning)" in err


def test_quiet_hides_warnings_and_summary(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    warn = write(tmp_path / "warn.json", with_warning())
    assert main(["validate", "-q", str(warn)]) == 0
    assert capsys.readouterr() == ("", "")

    bad = write(tmp_path / "bad.json", with_error())
    assert main(["validate", "--quiet", str(warn), str(bad)]) == 1
    out, err = capsys.readouterr()
    [line] = out.splitlines()
    assert ": duplicate-id: " in line
    assert "duplicate-label" not in out
    assert err == ""


def test_verbose_lists_ok_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = write(tmp_path / "good.json", FRAMEWORK)
    role = write(tmp_path / "role.yaml", json.dumps(ROLE))
    bad = write(tmp_path / "bad.json", with_error())
    assert main(["validate", "-v", str(good), str(bad), str(role)]) == 1
    out, _ = capsys.readouterr()
    lines = out.splitlines()
    assert f"{good}: ok (framework)" in lines
    assert f"{role}: ok (role)" in lines
    assert not any(line.startswith(f"{bad}: ok") for line in lines)

    assert main(["validate", str(good)]) == 0
    assert "ok" not in capsys.readouterr().out


def test_folder_is_searched_recursively_and_hidden_folders_skipped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tree = tmp_path / "tree"
    found = [
        write(tree / "a.json", FRAMEWORK),
        write(tree / "sub" / "deeper" / "b.yaml", json.dumps(ROLE)),
        write(tree / "sub" / "c.YML", json.dumps(FRAMEWORK)),
    ]
    write(tree / ".git" / "bad.json", with_error())
    write(tree / "sub" / ".cache" / "bad.yaml", "kind: [")
    write(tree / ".hidden.json", with_error())
    write(tree / "notes.txt", "not a document")
    write(tree / "sub" / "data.csv", "a,b\n")

    assert main(["validate", "-v", str(tree)]) == 0
    out, err = capsys.readouterr()
    assert sorted(out.splitlines()) == sorted(
        f"{p}: ok ({'role' if p.suffix == '.yaml' else 'framework'})" for p in found
    )
    assert "3 files checked: 3 valid" in err

    write(tree / "sub" / "deeper" / "bad.json", with_error())
    assert main(["validate", str(tree)]) == 1
    assert str(tree / "sub" / "deeper" / "bad.json") in capsys.readouterr().out


def test_framework_option_checks_roles_against_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    framework = write(tmp_path / "tl.json", FRAMEWORK)
    role = write(tmp_path / "role.json", ROLE)
    assert main(["validate", "--framework", str(framework), str(role)]) == 0
    capsys.readouterr()

    off_scale = copy.deepcopy(ROLE)
    off_scale["requirements"][0]["level"] = 9
    bad = write(tmp_path / "off.json", off_scale)
    assert main(["validate", str(bad)]) == 0  # without the framework, nothing to check against
    capsys.readouterr()
    assert main(["validate", "--framework", str(framework), str(bad)]) == 1
    out, _ = capsys.readouterr()
    assert ": level-off-scale: $.requirements[0].level: required level 9 " in out


def test_framework_option_with_a_bad_framework_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    framework = write(tmp_path / "tl.json", with_error())
    role = write(tmp_path / "role.json", ROLE)
    assert main(["validate", "--framework", str(framework), str(role)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert "duplicate-id" in err
    assert "(the --framework file)" in err

    assert main(["validate", "--framework", str(role), str(role)]) == 2
    assert "wrong-kind" in capsys.readouterr().err


# -- validate: JSON and GitHub output ---------------------------------------------------------


def test_json_output_follows_the_report_schema(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = write(tmp_path / "good.json", FRAMEWORK)
    warn = write(tmp_path / "warn.json", with_warning())
    bad = write(tmp_path / "bad.json", with_error())
    missing = tmp_path / "missing.json"

    assert main(["validate", "-o", "json", str(good), str(warn), str(bad), str(missing)]) == 1
    out, err = capsys.readouterr()
    assert err == ""
    report = json.loads(out)
    errors = sorted(validator("validation-report").iter_errors(report), key=str)
    assert errors == []

    assert report["status"] == "invalid"
    assert report["summary"] == {
        "files": 4,
        "valid": 2,
        "invalid": 2,
        "errors": 2,
        "warnings": 2,
    }
    by_file = {f["file"]: f for f in report["files"]}
    assert by_file[str(good)] == {
        "file": str(good),
        "kind": "framework",
        "valid": True,
        "problems": [],
    }
    assert by_file[str(missing)]["kind"] is None
    assert [p["code"] for p in by_file[str(missing)]["problems"]] == ["unreadable"]
    assert [(p["code"], p["severity"]) for p in by_file[str(bad)]["problems"]] == [
        ("duplicate-label", "warning"),  # the scales come first in the file
        ("duplicate-id", "error"),
    ]
    problem = next(p for p in by_file[str(bad)]["problems"] if p["code"] == "duplicate-id")
    assert problem["path"] == "$.competencies[1].id"
    assert problem["file"] == str(bad)
    assert isinstance(problem["line"], int)
    assert isinstance(problem["column"], int)


def test_json_output_for_valid_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = write(tmp_path / "good.json", FRAMEWORK)
    assert main(["validate", "-o", "json", str(good)]) == 0
    report = json.loads(capsys.readouterr().out)
    assert validator("validation-report").is_valid(report)
    assert report["status"] == "valid"
    assert report["summary"]["errors"] == 0


def test_github_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = write(tmp_path / "bad.json", with_error())
    assert main(["validate", "-o", "github", str(bad)]) == 1
    out, err = capsys.readouterr()
    assert err == ""
    lines = out.splitlines()
    assert len(lines) == 2
    [error] = [line for line in lines if line.startswith("::error file=")]
    [warning] = [line for line in lines if line.startswith("::warning file=")]
    problems = leadcomp.validate(str(bad))
    dup = next(p for p in problems if p.code == "duplicate-id")
    assert error.startswith(f"::error file={bad},line={dup.line},col={dup.column},")
    assert ",title=duplicate-id::$.competencies[1].id: id 'vision'" in error
    assert "title=duplicate-label::" in warning


def test_github_output_escapes_commas_colons_and_newlines_in_properties(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "odd"
    bad = write(folder / "a,b:c\nd%.json", with_error())
    assert main(["validate", "-o", "github", str(bad)]) == 1
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert len(lines) == 2  # a newline in a file name must not start a new line
    escaped = str(folder).replace("%", "%25") + "/a%2Cb%3Ac%0Ad%25.json"
    assert lines[0].startswith("::error file=") or lines[0].startswith("::warning file=")
    for line in lines:
        assert line.split(" ", 1)[1].startswith(f"file={escaped},line=")


def test_github_line_escapes_the_message() -> None:
    p = leadcomp.Problem(
        code="x-y", message="50% done\nthen, more: yes\r", path="$.a", file="f.json", line=3
    )
    assert github_line(p) == (
        "::error file=f.json,line=3,title=x-y::$.a: 50%25 done%0Athen, more: yes%0D"
    )
    warning = leadcomp.Problem(code="w", message="m", severity="warning")
    assert github_line(warning) == "::warning file=,title=w::$: m"


# -- schema -----------------------------------------------------------------------------------


def test_schema_offers_every_shipped_schema() -> None:
    shipped = {p.name.removesuffix(".schema.json") for p in (ROOT / "schemas").glob("*.json")}
    assert {"framework", "role", "assessment", "common", "validation-report"} <= shipped
    assert set(SCHEMA_KINDS) == shipped


@pytest.mark.parametrize("kind", SCHEMA_KINDS)
def test_schema_prints_valid_json(kind: str, capsys: pytest.CaptureFixture[str]) -> None:
    from jsonschema import Draft202012Validator

    assert main(["schema", kind]) == 0
    out = capsys.readouterr().out
    schema = json.loads(out)
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"].startswith("urn:leadcomp:schema:")
    shipped = json.loads((ROOT / "schemas" / f"{kind}.schema.json").read_text("utf-8"))
    # the shipped schema, made self-contained: the same fields, its own definitions kept
    assert schema.keys() == shipped.keys()
    assert set(shipped.get("$defs", {})) <= set(schema.get("$defs", {}))


# -- for real, in a subprocess -----------------------------------------------------------------


@pytest.mark.slow
def test_leadcomp_command_in_a_subprocess(tmp_path: Path, example_framework_path: Path) -> None:
    script = Path(sys.executable).parent / "leadcomp"
    if not script.exists():
        pytest.skip(f"the leadcomp console script is not installed beside {sys.executable}")
    bad = write(tmp_path / "bad.json", with_error())
    done = subprocess.run(
        [str(script), "validate", "-v", str(example_framework_path), str(bad)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    lines = done.stdout.splitlines()
    assert f"{example_framework_path}: ok (framework)" in lines
    assert any(": duplicate-id: $.competencies[1].id: " in line for line in lines)
    assert "2 files checked: 1 valid, 1 invalid" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.slow
def test_python_m_leadcomp_version() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "leadcomp", "--version"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"leadcomp {leadcomp.__version__}\n"


@pytest.mark.slow
def test_version_does_not_import_the_heavy_dependencies() -> None:
    code = (
        "import sys, leadcomp.cli\n"
        "status = leadcomp.cli.main(['--version'])\n"
        "print(sorted({m.split('.')[0] for m in sys.modules}))\n"
        "print(status)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    version, modules, status = done.stdout.splitlines()
    assert version == f"leadcomp {leadcomp.__version__}"
    assert status == "0"
    loaded = set(ast.literal_eval(modules))
    assert "leadcomp" in loaded
    assert "jsonschema" not in loaded
    assert "cattrs" not in loaded
