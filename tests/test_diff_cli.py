"""The ``leadcomp diff`` and ``leadcomp migrate`` commands, run through ``leadcomp.cli.main``."""

from __future__ import annotations

import io
import json
from pathlib import Path

import attrs
import pytest

import leadcomp
from leadcomp.cli import main
from leadcomp.model import Assessment, Framework, IdMapping, Mapping, Rater, Rating
from leadcomp.validation._schemas import validator
from versioning_strategies import ASSESSMENT, MERGED, OLD, ROLE

Run = tuple[int, str, str]


def run(capsys: pytest.CaptureFixture[str], *args: str) -> Run:
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


def write(path: Path, model: object) -> Path:
    leadcomp.dump(model, path)  # type: ignore[arg-type]
    return path


@pytest.fixture
def old_file(tmp_path: Path) -> Path:
    return write(tmp_path / "team-1.framework.json", OLD)


def removed(version: str) -> Framework:
    """OLD without 'coach': a major change."""
    return attrs.evolve(
        OLD, version=version, competencies=tuple(c for c in OLD.competencies if c.id != "coach")
    )


# --- leadcomp diff -----------------------------------------------------------------------------


def test_diff_prints_changes_grouped_by_level(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, old_file: Path
) -> None:
    new = attrs.evolve(
        removed("2.0.0"),
        title="Team, revised",
        competencies=(*removed("2.0.0").competencies,
                      leadcomp.Competency(id="listen", title="Listening", kind="skill")),
    )
    new_file = write(tmp_path / "team-2.framework.yaml", new)
    status, out, err = run(capsys, "diff", str(old_file), str(new_file))
    assert (status, err) == (0, "")
    assert out.splitlines() == [
        "team@1.0.0 -> team@2.0.0: 3 changes (1 major, 1 minor, 1 patch); the new version needs "
        "2.0.0 or later",
        "major (breaks roles or assessments):",
        "  competency-removed: competencies/coach: removing competency 'coach' (nothing "
        "replaces it)",
        "minor (adds):",
        "  competency-added: competencies/listen: adding competency 'listen'",
        "patch (rewords):",
        "  framework-title-changed: title: changing the framework's title",
    ]


def test_check_bump_fails_and_names_the_right_version(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, old_file: Path
) -> None:
    new_file = write(tmp_path / "new.framework.json", removed("1.3.0"))
    status, out, err = run(capsys, "diff", str(old_file), str(new_file), "--check-bump")
    assert status == 1
    assert out.startswith("team@1.0.0 -> team@1.3.0: 1 change (1 major)")
    assert err == (
        f"{new_file}: version-bump: 1.3.0 declared, but removing competency 'coach' (nothing "
        "replaces it) is a major change: 2.0.0 or later\n"
    )


def test_check_bump_passes_a_large_enough_version(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, old_file: Path
) -> None:
    new_file = write(tmp_path / "new.framework.json", removed("2.0.0"))
    status, _, err = run(capsys, "diff", str(old_file), str(new_file), "--check-bump")
    assert status == 0
    assert err == f"{new_file}: 2.0.0 declared, and the changes need 2.0.0 or later: ok\n"


def test_check_bump_names_an_unchanged_version(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, old_file: Path
) -> None:
    new_file = write(tmp_path / "new.framework.json", attrs.evolve(OLD, title="Teams"))
    status, _, err = run(capsys, "diff", str(old_file), str(new_file), "--check-bump")
    assert status == 1
    assert "1.0.0 declared, the same as the old version, but changing the framework's title is a " \
        "patch change: 1.0.1 or later" in err


def test_no_changes_pass_any_check(capsys: pytest.CaptureFixture[str], old_file: Path) -> None:
    status, out, err = run(capsys, "diff", str(old_file), str(old_file), "--check-bump")
    assert status == 0
    assert out == "team@1.0.0 -> team@1.0.0: no changes\n"
    assert "nothing changed" in err


def test_json_output_is_a_framework_diff_document(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, old_file: Path
) -> None:
    new_file = write(tmp_path / "new.framework.json", removed("1.3.0"))
    status, out, _ = run(capsys, "diff", str(old_file), str(new_file), "-o", "json",
                         "--check-bump")
    assert status == 1
    data = json.loads(out)
    assert list(validator("framework-diff").iter_errors(data)) == []
    assert (data["level"], data["required_version"], data["bump_ok"]) == ("major", "2.0.0", False)
    assert data["changes"][0]["kind"] == "competency-removed"


def test_github_output_annotates_a_short_bump(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, old_file: Path
) -> None:
    new_file = write(tmp_path / "new.framework.json", removed("1.3.0"))
    status, out, _ = run(capsys, "diff", str(old_file), str(new_file), "-o", "github",
                         "--check-bump")
    assert status == 1
    assert out.splitlines()[-1].startswith(f"::error file={new_file},title=version-bump::")


def test_old_can_come_from_standard_input(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    new_file = write(tmp_path / "new.framework.json", removed("2.0.0"))
    stdin = io.TextIOWrapper(io.BytesIO(leadcomp.dumps(OLD).encode()))
    monkeypatch.setattr("sys.stdin", stdin)
    status, out, _ = run(capsys, "diff", "-", str(new_file), "--check-bump")
    assert status == 0
    assert out.startswith("team@1.0.0 -> team@2.0.0: 1 change")


def test_built_ins_can_be_compared_by_name(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "diff", "kotter@1.0.0", "kotter@2.0.0", "--check-bump")
    assert status == 0
    assert "competency-replaced: competencies/kotter.vision" in out
    assert err.endswith("2.0.0 declared, and the changes need 2.0.0 or later: ok\n")


def test_unreadable_and_invalid_files_are_problems(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, old_file: Path
) -> None:
    missing = tmp_path / "missing.json"
    status, out, err = run(capsys, "diff", str(old_file), str(missing))
    assert (status, out) == (1, "")
    assert err == f"{missing}: unreadable: $: no such file\n"
    broken = tmp_path / "broken.framework.json"
    broken.write_text('{"kind": "framework", "format": "1.0", "id": "x"}', encoding="utf-8")
    status, out, err = run(capsys, "diff", str(broken), str(old_file))
    assert status == 1
    assert f"{broken}:1:1: missing-field: $: required field 'version' is missing" in err
    status, out, _ = run(capsys, "diff", str(broken), str(old_file), "-o", "json")
    assert status == 1
    report = json.loads(out)
    assert list(validator("validation-report").iter_errors(report)) == []
    assert report["status"] == "invalid"


def test_a_role_is_not_a_framework(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                   old_file: Path) -> None:
    role_file = write(tmp_path / "lead.role.json", ROLE)
    status, _, err = run(capsys, "diff", str(old_file), str(role_file))
    assert status == 1
    assert "wrong-kind" in err


@pytest.mark.parametrize("args", [["diff"], ["diff", "a.json"], ["diff", "a", "b", "-o", "xml"]])
def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str], args: list[str]) -> None:
    status, _, err = run(capsys, *args)
    assert status == 2
    assert "usage:" in err


def test_the_diff_schema_is_printed(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "schema", "framework-diff")
    assert status == 0
    assert json.loads(out)["$id"] == "urn:leadcomp:schema:framework-diff:1"
    status, out, _ = run(capsys, "schema", "mapping")
    assert json.loads(out)["$id"] == "urn:leadcomp:schema:mapping:1"


# --- leadcomp migrate --------------------------------------------------------------------------


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    return {
        "old": write(tmp_path / "team-1.framework.json", OLD),
        "new": write(tmp_path / "team-2.framework.json", MERGED),
        "assessment": write(tmp_path / "a.assessment.json", ASSESSMENT),
        "role": write(tmp_path / "lead.role.yaml", ROLE),
        "mapping": write(
            tmp_path / "team.mapping.json",
            Mapping(
                id="team-1-to-2", old=OLD.ref, new=MERGED.ref,
                ids=(
                    IdMapping(old="vision.1", new=("direction.1",)),
                    IdMapping(old="focus.1", new=("direction.1",)),
                    IdMapping(old="vision.2", new=(), note="no counterpart"),
                ),
            ),
        ),
    }


def migrate_args(files: dict[str, Path], what: str, *more: str) -> list[str]:
    return ["migrate", str(files[what]), "--to", str(files["new"]), "--from", str(files["old"]),
            *more]


def test_migrate_writes_the_document_and_reports_on_stderr(
    capsys: pytest.CaptureFixture[str], files: dict[str, Path], tmp_path: Path
) -> None:
    target = tmp_path / "out.role.json"
    status, out, err = run(capsys, *migrate_args(files, "role", "-o", str(target)))
    assert (status, out) == (0, "")
    role = leadcomp.load(target, kind="role")
    assert [(r.competency, r.level) for r in role.requirements] == [("direction", 2), ("coach", 3)]
    assert leadcomp.validate(target, framework=MERGED) == []
    assert err.splitlines() == [
        f"{files['role']}: team@1.0.0 -> team@2.0.0",
        "  carried unchanged: 1 id (1 requirement)",
        "  merged:",
        "    vision + focus -> direction: combined by mean (importance: the highest; essential "
        "if any was)",
        "  nothing dropped, nothing left to decide",
    ]


def test_migrate_prints_to_stdout_without_a_target(
    capsys: pytest.CaptureFixture[str], files: dict[str, Path]
) -> None:
    status, out, err = run(
        capsys, *migrate_args(files, "assessment", "--mapping", str(files["mapping"]))
    )
    assert status == 0
    migrated = leadcomp.load(out.encode(), kind="assessment")
    assert migrated.framework == "team@2.0.0"
    assert [(r.rater, r.item, r.value) for r in migrated.ratings] == [
        ("me", "direction.1", 3), ("me", "care.1", None), ("me", "coach", 2),
        ("p1", "direction.1", 1),
    ]
    assert "with the mapping team-1-to-2" in err
    assert "  dropped:\n    $.ratings[1]: vision.2: the mapping drops 'vision.2' (no counterpart)" \
        in err


def test_strict_migration_writes_nothing_and_fails(
    capsys: pytest.CaptureFixture[str], files: dict[str, Path], tmp_path: Path
) -> None:
    target = tmp_path / "out.json"
    status, out, err = run(
        capsys, *migrate_args(files, "assessment", "--strict", "-o", str(target))
    )
    assert (status, out) == (1, "")
    assert not target.exists()
    assert f"{files['assessment']}: needs-decision: $.ratings[0]: indicator 'vision.1'" in err
    assert err.endswith("not migrated: with --strict nothing may be dropped or left to decide\n")


def test_migrate_never_overwrites_without_force_and_never_its_input(
    capsys: pytest.CaptureFixture[str], files: dict[str, Path], tmp_path: Path
) -> None:
    target = tmp_path / "out.json"
    target.write_text("keep", encoding="utf-8")
    status, _, err = run(capsys, *migrate_args(files, "role", "-o", str(target)))
    assert status == 2
    assert "file-exists" in err
    assert target.read_text(encoding="utf-8") == "keep"
    status, _, _ = run(capsys, *migrate_args(files, "role", "-o", str(target), "--force"))
    assert status == 0
    assert leadcomp.load(target, kind="role").framework.versions == "^2.0.0"
    before = files["role"].read_bytes()
    status, _, err = run(capsys, *migrate_args(files, "role", "-o", str(files["role"]), "--force"))
    assert status == 2
    assert "same-file" in err
    assert files["role"].read_bytes() == before


def test_migrate_uses_the_built_in_mapping_between_built_ins(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    kotter = leadcomp.load_builtin("kotter@1.0.0")
    assessment = Assessment(
        subject="s", framework=kotter.ref, raters=(Rater(id="me", group="self"),),
        ratings=(Rating(rater="me", item="kotter.vision.3", value=4),),
    )
    source = write(tmp_path / "k.assessment.json", assessment)
    status, out, err = run(
        capsys, "migrate", str(source), "--to", "kotter@2.0.0", "--allow-unscorable"
    )
    assert status == 0
    assert err.startswith("using the built-in mapping kotter-1.0.0-to-2.0.0\n")
    migrated = leadcomp.load(out.encode(), kind="assessment")
    assert [(r.item, r.value) for r in migrated.ratings] == [("kotter.strategic-vision.2", 4)]


EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def test_migrate_says_which_competencies_can_no_longer_be_scored(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    ana = EXAMPLES / "ana.assessment.json"
    out_file = tmp_path / "ana-2014.assessment.json"
    status, _, err = run(capsys, "migrate", str(ana), "--to", "kotter@2.0.0", "-o", str(out_file))
    assert status == 1
    assert not out_file.exists()
    assert "not scorable under the policy 'default': 8 of 8 competencies" in err
    assert "kotter.urgency: no answer carries to it (no rating of it or its indicators)" in err
    assert "kotter.strategic-vision: self score missing: fewer than 75% of its items" in err
    assert "not migrated: the result cannot be scored on 8 of 8 competencies" in err
    status, _, err = run(
        capsys, "migrate", str(ana), "--to", "kotter@2.0.0", "-o", str(out_file),
        "--allow-unscorable",
    )
    assert status == 0
    assert out_file.exists()
    assert "not scorable under the policy 'default': 8 of 8 competencies" in err
    # A lenient policy keeps what the stricter one loses.
    lenient = tmp_path / "lenient.policy.json"
    lenient.write_text(
        json.dumps(
            {"kind": "policy", "format": "1.0", "id": "lenient", "title": "Lenient",
             "min_coverage": 0.2}
        ),
        encoding="utf-8",
    )
    status, _, err = run(
        capsys, "migrate", str(ana), "--to", "kotter@2.0.0", "--policy", str(lenient)
    )
    verdicts = leadcomp.migrate(
        leadcomp.load(ana), leadcomp.load_builtin("kotter@2.0.0")
    ).scorability(leadcomp.load_builtin("kotter@2.0.0"), leadcomp.load(lenient))
    lost = [v.competency for v in verdicts if not v.scorable]
    assert len(verdicts) == 8
    assert status == (1 if lost else 0)
    if not lost:
        assert "scorable under the policy 'lenient': all 8 competencies" in err


def test_migrate_with_an_unknown_policy_says_so(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(
        capsys, "migrate", str(EXAMPLES / "ana.assessment.json"), "--to", "kotter@2.0.0",
        "--policy", "no-such-policy",
    )
    assert status == 1
    assert err.startswith("no-such-policy")
    assert "Traceback" not in err


def test_migration_scorability_in_the_library() -> None:
    new = leadcomp.load_builtin("kotter@2.0.0")
    result = leadcomp.migrate(leadcomp.load(EXAMPLES / "ana.assessment.json"), new)
    verdicts = result.scorability(new)
    assert [v.competency for v in verdicts] == [c.id for _, c in new.walk()]
    assert result.unscorable(new) == verdicts
    assert all(not v.scorable for v in verdicts)
    assert all("75%" in v.reason or "no answer carries" in v.reason for v in verdicts)
    assert verdicts[0].to_dict()["scorable"] is False
    # Unchanged: an assessment already on the version scores where it did.
    same = leadcomp.migrate(leadcomp.load(EXAMPLES / "ana.assessment.json"),
                            leadcomp.load_builtin("kotter@1.0.0"))
    assert same.unscorable(leadcomp.load_builtin("kotter@1.0.0")) == ()
    # A role profile is not scored.
    assert leadcomp.migrate(ROLE, MERGED, old=OLD).scorability(MERGED) == ()


def test_migrate_refuses_what_it_cannot_migrate(
    capsys: pytest.CaptureFixture[str], files: dict[str, Path], tmp_path: Path
) -> None:
    status, _, err = run(capsys, "migrate", str(files["old"]), "--to", str(files["new"]))
    assert status == 1
    assert "wrong-kind" in err
    status, _, err = run(capsys, "migrate", str(files["assessment"]), "--to", str(files["new"]))
    assert status == 1
    assert "unknown-framework" in err
    bad_mapping = write(tmp_path / "bad.mapping.json", Mapping(old="team@0.1.0", new=MERGED.ref))
    status, _, err = run(capsys, *migrate_args(files, "role", "--mapping", str(bad_mapping)))
    assert status == 1
    assert f"{bad_mapping}: framework-mismatch: $.old:" in err
    status, _, err = run(capsys, *migrate_args(files, "role", "--force"))
    assert status == 2
    assert "--force needs -o" in err
    status, _, err = run(capsys, "migrate", str(files["role"]))
    assert status == 2
