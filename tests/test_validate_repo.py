"""`leadcomp validate` on a repository as framework authors keep one: every role, assessment and
survey mapping against the framework it names, all findings in one run, repeats counted, and
JSON Lines line by line."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import attrs
import pytest
import yaml
from hypothesis import HealthCheck, given, settings, strategies as st

import leadcomp
import strategies as S
from leadcomp.cli import main
from profiles import scaled

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
LOCATED = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+):(?P<column>\d+): (?P<code>[a-z-]+)")

OPS = {
    "kind": "framework",
    "format": "1.0",
    "id": "ops",
    "version": "2.0.0",
    "title": "Operations",
    "default_scale": "five",
    "scales": [{"id": "five", "levels": [{"value": v, "label": f"L{v}"} for v in range(1, 6)]}],
    "competencies": [
        {"id": "flow", "title": "Flow", "kind": "skill",
         "indicators": [{"id": "flow.1", "text": "Keeps work moving."}]},
    ],
}


def write(path: Path, data: Any) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix == ".json":
        path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    elif path.suffix == ".jsonl":
        path.write_text("".join(json.dumps(d) + "\n" if d else "\n" for d in data), "utf-8")
    else:
        path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def assessment(framework: str, item: str, value: int, rater: str = "me") -> dict[str, Any]:
    return {
        "kind": "assessment", "format": "1.0", "subject": "s1", "framework": framework,
        "raters": [{"id": "me", "group": "self"}],
        "ratings": [{"rater": rater, "item": item, "value": value}],
    }


def role(framework: dict[str, str], competency: str, level: int) -> dict[str, Any]:
    return {
        "kind": "role", "format": "1.0", "id": "r", "title": "R", "framework": framework,
        "requirements": [{"competency": competency, "level": level}],
    }


@pytest.fixture
def repo(tmp_path: Path) -> dict[str, bool]:
    """A scratch repository of good and bad files; each file's name -> whether it is valid."""
    (tmp_path / "frameworks").mkdir()
    shutil.copy(EXAMPLES / "team-leadership.framework.yaml", tmp_path / "frameworks")
    write(tmp_path / "frameworks" / "ops.framework.json", OPS)
    tl = "team-leadership@1.2.0"
    files = {
        # roles on three frameworks: a file, another file, and a built-in
        "roles/lead.role.yaml": (role({"id": "team-leadership", "versions": "^1.0.0"},
                                      "people.care", 3), True),
        "roles/ops.role.json": (role({"id": "ops", "versions": ">=2.0.0"}, "flow", 5), True),
        "roles/ward.role.yaml": (role({"id": "hlm", "versions": "^1.0.0"},
                                      "hlm.leading-with-care", 4), True),
        "roles/off-scale.role.yaml": (role({"id": "hlm", "versions": "^1.0.0"},
                                           "hlm.leading-with-care", 5), False),
        "roles/unknown.role.json": (role({"id": "ops", "versions": "^2.0.0"}, "flw", 2), False),
        "roles/too-new.role.yaml": (role({"id": "ops", "versions": "^3.0.0"}, "flow", 2), False),
        # assessments in JSON and YAML
        "assessments/a.assessment.json": (assessment(tl, "direction.vision.1", 3), True),
        "assessments/b.assessment.yaml": (assessment(tl, "direction.vision.1", 9), False),
        "assessments/c.assessment.yaml": (assessment("ops@2.0.0", "flow.1", 5), True),
        "assessments/d.assessment.json": (assessment("hlm@1.0.0", "nope.1", 2), False),
    }
    valid = {}
    for name, (data, ok) in files.items():
        write(tmp_path / name, data)
        valid[name] = ok
    write(tmp_path / "cohort" / "good.jsonl",
          [assessment(tl, "direction.vision.1", 2), None, assessment("ops@2.0.0", "flow.1", 1)])
    valid["cohort/good.jsonl"] = True
    write(tmp_path / "cohort" / "bad.jsonl",
          [assessment(tl, "direction.vision.1", 2), None, assessment(tl, "direction.vision.1", 7)])
    valid["cohort/bad.jsonl"] = False
    mapping = yaml.safe_load((EXAMPLES / "team-survey.mapping.yaml").read_text("utf-8"))
    write(tmp_path / "surveys" / "good.survey.yaml", mapping)
    valid["surveys/good.survey.yaml"] = True
    broken = dict(mapping, items=[*mapping["items"], {"column": "Q9", "item": "no.such"}])
    write(tmp_path / "surveys" / "bad.survey.yaml", broken)
    valid["surveys/bad.survey.yaml"] = False
    kotter = json.loads(
        (ROOT / "src" / "leadcomp" / "builtin" / "mappings" / "kotter-1.0.0-to-2.0.0.json")
        .read_text(encoding="utf-8")
    )
    write(tmp_path / "mappings" / "kotter.mapping.json", kotter)
    valid["mappings/kotter.mapping.json"] = True
    twice = json.loads(json.dumps(dict(kotter, ids=[*kotter["ids"], kotter["ids"][0]])))
    write(tmp_path / "mappings" / "twice.mapping.yaml", twice)
    valid["mappings/twice.mapping.yaml"] = False
    write(tmp_path / "policies" / "ok.policy.json",
          {"kind": "policy", "format": "1.0", "id": "ok", "title": "OK", "min_coverage": 0.5})
    valid["policies/ok.policy.json"] = True
    write(tmp_path / "policies" / "p.policy.yaml",
          {"kind": "policy", "format": "1.0", "id": "p", "min_coverage": 2})
    valid["policies/p.policy.yaml"] = False
    valid["frameworks/team-leadership.framework.yaml"] = True
    valid["frameworks/ops.framework.json"] = True
    return valid


def test_one_command_checks_every_document_against_its_own_framework(
    repo: dict[str, bool], tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["validate", "."]) == 1
    out, err = capsys.readouterr()
    flagged = {LOCATED.match(line)["file"] for line in out.splitlines()}  # type: ignore[index]
    assert flagged == {name for name, ok in repo.items() if not ok}
    assert f"{len(repo)} files checked: {sum(repo.values())} valid" in err
    codes = {m["file"]: m["code"] for line in out.splitlines() if (m := LOCATED.match(line))}
    assert codes == {
        "roles/off-scale.role.yaml": "level-off-scale",
        "roles/unknown.role.json": "unknown-reference",
        "roles/too-new.role.yaml": "framework-mismatch",
        "assessments/b.assessment.yaml": "value-off-scale",
        "assessments/d.assessment.json": "unknown-item",
        "cohort/bad.jsonl": "value-off-scale",
        "surveys/bad.survey.yaml": "unknown-item",
        "policies/p.policy.yaml": "out-of-range",
        "mappings/twice.mapping.yaml": "duplicate-id",
    }
    bad_line = r"^cohort/bad\.jsonl:3:\d+: value-off-scale: \$\.ratings\[0\]\.value"
    assert re.search(bad_line, out, re.M)


def test_the_api_does_what_the_command_does(repo: dict[str, bool], tmp_path: Path) -> None:
    checks = leadcomp.validate_files([tmp_path])
    assert {str(Path(c.file).relative_to(tmp_path)): c.valid for c in checks} == repo
    kinds = {Path(c.file).name: c.kind for c in checks}
    assert kinds["good.jsonl"] == "assessment"
    assert kinds["good.survey.yaml"] == "survey-mapping"


def test_a_framework_that_cannot_be_found_is_a_warning_or_with_strict_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path / "x.role.yaml", role({"id": "elsewhere", "versions": "^1.0.0"}, "a", 2))
    assert main(["validate", str(path)]) == 0
    out, _ = capsys.readouterr()
    assert f"{path}:6:3: unresolved-framework (warning)" in out
    assert "unresolved-framework (warning)" in out
    assert out.count("\n") == 1
    assert main(["validate", "--strict", str(path)]) == 1
    out, _ = capsys.readouterr()
    assert ": unresolved-framework: $.framework:" in out


def test_framework_options_add_frameworks_and_repeat(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ops = write(tmp_path / "defs" / "ops.json", OPS)
    a = write(tmp_path / "a.assessment.json", assessment("ops@2.0.0", "flow.1", 6))
    tl = {"id": "team-leadership", "versions": "^1.0.0"}
    b = write(tmp_path / "b.role.yaml", role(tl, "x", 2))
    argv = ["validate", "--framework", str(ops), "--framework",
            str(EXAMPLES / "team-leadership.framework.yaml"), str(a), str(b)]
    assert main(argv) == 1
    out, _ = capsys.readouterr()
    assert {m["code"] for line in out.splitlines() if (m := LOCATED.match(line))} == {
        "value-off-scale", "unknown-reference",
    }


def test_a_broken_framework_file_is_named_by_what_refers_to_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(tmp_path / "ops.framework.json", dict(OPS, default_scale=5))
    write(tmp_path / "r.role.yaml", role({"id": "ops", "versions": "^2.0.0"}, "flow", 2))
    assert main(["validate", str(tmp_path)]) == 1
    out, _ = capsys.readouterr()
    assert "its file" in out
    assert "ops.framework.json has errors" in out


def test_schema_errors_and_rule_errors_come_in_one_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = yaml.safe_load((EXAMPLES / "team-leadership.framework.yaml").read_text("utf-8"))
    data["competencies"][1]["titel"] = "typo"  # a schema error
    data["competencies"][4]["parent"] = "peopel"  # a rule error, two items further on
    path = write(tmp_path / "t.framework.yaml", data)
    assert main(["validate", str(path)]) == 1
    out, _ = capsys.readouterr()
    codes = [m["code"] for line in out.splitlines() if (m := LOCATED.match(line))]
    assert codes == ["unknown-field", "unknown-reference"]
    assert "$.competencies[4].parent" in out
    problems = leadcomp.validate(path)
    assert [p.path for p in problems] == ["$.competencies[1].titel", "$.competencies[4].parent"]


def test_what_cannot_be_checked_yet_is_said_once(tmp_path: Path) -> None:
    data = yaml.safe_load((EXAMPLES / "team-leadership.framework.yaml").read_text("utf-8"))
    data["version"] = 2  # at the top level: no part of the document is safe to check
    data["competencies"][4]["parent"] = "peopel"
    problems = leadcomp.validate(write(tmp_path / "t.framework.yaml", data))
    assert [p.code for p in problems] == ["wrong-type", "checks-waiting"]
    assert "once the errors above are fixed" in problems[1].message


def test_repeats_are_counted_in_text_and_github_and_kept_in_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = assessment("team-leadership@1.2.0", "direction.vision.1", 2)
    items = ["direction.vision.1", "direction.vision.2", "people.care.1", "people.care.2"]
    data["ratings"] = [
        {"rater": f"x{n}", "item": items[n % 4], "value": 2} for n in range(41)
    ]
    path = write(tmp_path / "a.assessment.json", data)
    frameworks = ["--framework", str(EXAMPLES / "team-leadership.framework.yaml")]
    for output in ("text", "github"):
        assert main(["validate", "-o", output, *frameworks, str(path)]) == 1
        out, _ = capsys.readouterr()
        lines = out.splitlines()
        assert len(lines) == 4, out
        assert lines[-1] == f"{path}: (38 more like it: unknown-rater)"
    assert main(["validate", "-o", "json", *frameworks, str(path)]) == 1
    out, _ = capsys.readouterr()
    assert len(json.loads(out)["files"][0]["problems"]) == 41


def test_jsonl_lines_are_documents_with_their_line_numbers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = [assessment("hlm@1.0.0", "hlm.leading-with-care.1", 2), None, None,
             {"kind": "assessment"}]
    path = write(tmp_path / "c.jsonl", lines)
    path.write_bytes(path.read_bytes() + b'{"kind": "assessment", "format": "1.0",\n')
    assert main(["validate", str(path)]) == 1
    out, _ = capsys.readouterr()
    located = [(m["line"], m["code"]) for line in out.splitlines() if (m := LOCATED.match(line))]
    assert located[0] == ("4", "missing-format")
    assert located[-1][0] == "5"
    assert main(["validate", str(EXAMPLES)]) == 0


def test_the_examples_folder_validates_including_its_cohorts(
    capsys: pytest.CaptureFixture[str],
) -> None:
    checks = leadcomp.validate_files([EXAMPLES])
    names = {Path(c.file).name for c in checks}
    assert {"clinical-fellows-2024.assessments.jsonl", "team-survey.mapping.yaml"} <= names
    assert all(c.valid for c in checks), [c for c in checks if not c.valid]
    assert not any(p.code == "unresolved-framework" for c in checks for p in c.problems)


@settings(scaled(0.5), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_a_schema_error_hides_no_rule_problem_elsewhere_and_paths_stay_true(
    data: st.DataObject,
) -> None:
    """In a framework with an unknown field in one competency and a dangling parent in
    another, validation reports both, each at its own original path, and nothing else."""
    drawn = S.frameworks(max_competencies=6).filter(lambda f: len(f.competencies) >= 2)
    framework = data.draw(drawn)
    plain = json.loads(leadcomp.dumps(framework))
    count = len(plain["competencies"])
    typo, dangling = data.draw(
        st.lists(st.integers(0, count - 1), min_size=2, max_size=2, unique=True)
    )
    plain["competencies"][typo]["titel"] = "x"
    plain["competencies"][dangling]["parent"] = "no-such-parent"
    problems = leadcomp.validate(plain)
    assert sorted((p.code, p.path) for p in problems if p.is_error) == sorted([
        ("unknown-field", f"$.competencies[{typo}].titel"),
        ("unknown-reference", f"$.competencies[{dangling}].parent"),
    ])


def test_file_checks_are_frozen_and_say_whether_they_are_valid() -> None:
    check = leadcomp.FileCheck("f", None, ())
    assert check.valid
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        check.file = "g"  # type: ignore[misc]


# ---- pre-commit, as a real client --------------------------------------------------------------


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", *args],
        cwd=cwd, check=True, capture_output=True,
    )


@pytest.mark.slow
def test_the_pre_commit_hook_fails_exactly_the_bad_files(
    repo: dict[str, bool], tmp_path: Path
) -> None:
    """``pre-commit try-repo`` with this repository's hook, on the scratch repository: the
    hook fails, and names each bad file, and no good one, with file:line:col: code."""
    pre_commit = shutil.which("pre-commit") or shutil.which(
        "pre-commit", path=str(Path(sys.executable).parent)
    )
    if pre_commit is None:
        pytest.skip("pre-commit is not installed (pip install pre-commit; CI installs it)")
    if not (ROOT / ".git").exists():
        pytest.skip("this copy of leadcomp is not a git repository, which try-repo needs")
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", ".")
    env = dict(os.environ, PRE_COMMIT_HOME=str(tmp_path.parent / "pre-commit-home"))
    env.pop("PYTEST_ADDOPTS", None)
    done = subprocess.run(
        [pre_commit, "try-repo", str(ROOT), "leadcomp-validate", "--all-files", "--color=never"],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=900,
    )
    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    assert "leadcomp validate" in output
    flagged = {m["file"] for line in output.splitlines() if (m := LOCATED.match(line))}
    hooked = {name for name in repo if HOOK_FILES.search(name)}
    assert flagged == {name for name in hooked if not repo[name]}, output
    assert "Traceback" not in output


#: The hook's default file pattern, as .pre-commit-hooks.yaml states it.
HOOK_FILES = re.compile(
    yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))[0]["files"]
)


def test_frameworks_in_finds_the_frameworks_a_hook_is_not_given(
    repo: dict[str, bool], tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    changed = ["roles/unknown.role.json", "roles/ops.role.json"]
    assert main(["validate", *changed]) == 0  # ops is nowhere: a warning each
    out, _ = capsys.readouterr()
    assert out.count("unresolved-framework (warning)") == 2
    assert main(["validate", "--frameworks-in", ".", *changed]) == 1
    out, err = capsys.readouterr()
    assert out.startswith("roles/unknown.role.json:")
    assert "unknown-reference" in out
    assert "2 files checked: 1 valid, 1 invalid" in err


def _readme_hook() -> dict[str, Any]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text[text.index("As a [pre-commit]"):]
    start = section.index("```yaml\n") + len("```yaml\n")
    block = section[start: section.index("```\n", start)]
    config: dict[str, Any] = yaml.safe_load(block)
    return config


def test_the_readme_hook_has_the_shipped_hooks_files_and_entry() -> None:
    (hook,) = _readme_hook()["repos"][0]["hooks"]
    (shipped,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["files"] == shipped["files"]
    assert hook["entry"] == shipped["entry"]
    assert hook["require_serial"] == shipped["require_serial"]


@pytest.mark.slow
def test_the_readme_hook_pastes_and_works(repo: dict[str, bool], tmp_path: Path) -> None:
    pre_commit = shutil.which("pre-commit", path=str(Path(sys.executable).parent)) or (
        shutil.which("pre-commit")
    )
    if pre_commit is None:
        pytest.skip("pre-commit is not installed (pip install pre-commit; CI installs it)")
    if shutil.which("leadcomp", path=str(Path(sys.executable).parent)) is None:
        pytest.skip(f"the leadcomp console script is not installed beside {sys.executable}")
    (tmp_path / ".pre-commit-config.yaml").write_text(
        yaml.safe_dump(_readme_hook()), encoding="utf-8"
    )
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", ".")
    env = dict(os.environ, PRE_COMMIT_HOME=str(tmp_path.parent / "pre-commit-home"))
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env["PATH"]])
    done = subprocess.run(
        [pre_commit, "run", "--all-files", "--color=never"],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300,
    )
    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    flagged = {m["file"] for line in output.splitlines() if (m := LOCATED.match(line))}
    hooked = {name for name in repo if HOOK_FILES.search(name)}
    assert flagged == {name for name in hooked if not repo[name]}, output
    # a commit of the good files alone passes
    for name, ok in repo.items():
        if not ok:
            (tmp_path / name).unlink()
    _git(tmp_path, "add", "-A")
    done = subprocess.run(
        [pre_commit, "run", "--all-files", "--color=never"],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
