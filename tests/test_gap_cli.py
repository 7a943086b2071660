"""The ``leadcomp gap`` and ``leadcomp cohort`` commands: the README's main job, agreement of
API, text and JSON, the example files, and every user error as a Problem with its exit status."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import attrs
import pytest

import leadcomp
from gap_data import make_assessment
from leadcomp.cli import main
from leadcomp.cohort import cohort_gaps, progress
from leadcomp.documents._reports import load_report
from leadcomp.gaps import gap
from leadcomp.reports._gap_text import number
from leadcomp.validation._schemas import validator

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = "examples/clinical-fellow-360.assessment.yaml"
COHORT_2024 = "examples/clinical-fellows-2024.assessments.jsonl"
COHORT_2025 = "examples/clinical-fellows-2025.assessments.jsonl"


@pytest.fixture(autouse=True)
def _at_root() -> Iterator[None]:
    """Run from the repository root, as the README's command is."""
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        yield
    finally:
        os.chdir(cwd)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


def _api_report(role: str = "pcn-clinical-director") -> leadcomp.GapReport:
    assessment = leadcomp.load(EXAMPLE, kind="assessment")
    hlm = leadcomp.load_builtin("hlm")
    return gap(leadcomp.score(assessment, hlm), leadcomp.load_builtin(role, "role"))


# --- the example ---------------------------------------------------------------------------


def test_example_is_a_realistic_canonical_360() -> None:
    text = (ROOT / EXAMPLE).read_text(encoding="utf-8")
    assessment = leadcomp.load(EXAMPLE, kind="assessment")
    assert leadcomp.dumps(assessment, syntax="yaml") == text  # canonical
    groups = [r.group for r in assessment.raters]
    assert {g: groups.count(g) for g in set(groups)} == {
        "self": 1, "manager": 1, "peer": 3, "direct_report": 3, "other": 1,
    }
    assert assessment.framework == "hlm@1.0.0"
    assert any(r.value is None for r in assessment.ratings)  # not observed
    reverse = {i.id for _, i in leadcomp.load_builtin("hlm").indicator_index().values()
               if i.reverse}
    assert any(r.item in reverse and r.value is not None for r in assessment.ratings)
    assert sum(r.comment is not None for r in assessment.ratings) >= 3
    assert leadcomp.validate(EXAMPLE, framework=leadcomp.load_builtin("hlm")) == []


def test_readme_main_job_prints_a_readable_report(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "gap", EXAMPLE, "--role", "pcn-clinical-director")
    assert (status, err) == (0, "")
    report = _api_report()
    lines = out.splitlines()
    assert lines[0] == (
        "Gap report: cf-0417 against Primary Care Network clinical director "
        "(pcn-clinical-director)"
    )
    fit = report.summary
    assert f"Fit {fit.fit:.2f} of 1" in out
    assert f"{fit.met} of {fit.requirements} requirements met" in out
    for row in report.requirements:  # the table: required, achieved, gap, weighted, status
        line = next(x for x in lines if x.startswith(row.title))
        cells = line[len(row.title):].split()
        assert number(row.achieved) in cells
        assert number(row.gap) in cells
        assert number(row.weighted_gap) in cells
        assert str(row.required) == cells[1 if row.essential else 0]
    assert "Top priorities" in out
    top = report.plan[0]
    assert f" 1. {top.title} (essential)" in out
    assert top.next_descriptor is not None
    assert top.next_descriptor.split()[0] in out
    assert "Blind spot: Sharing the vision" in out
    assert "Hidden strength: Leading with care" in out
    assert "Data quality" in out
    assert "direct report ratings withheld" in out
    assert max(len(x) for x in lines) <= 100


def test_api_text_and_json_agree(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "gap", EXAMPLE, "--role", "pcn-clinical-director", "-o", "json")
    assert status == 0
    data = json.loads(out)
    assert not list(validator("gap-report").iter_errors(data))
    assert load_report(out.encode()) == _api_report()


def test_a_score_sheet_gives_the_same_report(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    sheet = tmp_path / "sheet.json"
    assert run(capsys, "score", EXAMPLE, "--framework", "hlm", "-o", "json")[0] == 0
    status, out, _ = run(capsys, "score", EXAMPLE, "--framework", "hlm", "-o", "json",
                         "--output-file", str(sheet))
    assert status == 0
    status, out, _ = run(capsys, "gap", str(sheet), "--role", "pcn-clinical-director",
                         "-o", "json")
    assert status == 0
    assert load_report(out.encode()) == _api_report()


def test_options_reach_the_report(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "gap", EXAMPLE, "--role", "clinical-fellow", "--compare",
                         "self", "--crosshairs", "means", "--policy", "merge", "-o", "json")
    assert status == 0
    report = load_report(out.encode())
    assert isinstance(report, leadcomp.GapReport)
    assert (report.compare, report.crosshairs.mode, report.policy) == ("self", "means", "merge")
    assert report.role == "clinical-fellow"
    status, out, _ = run(capsys, "gap", EXAMPLE, "--role", "pcn-clinical-director",
                         "--compare", "manager")
    assert status == 0
    assert "achieved = manager" in out


def test_output_file_is_written_once_unless_forced(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = tmp_path / "gap.json"
    args = ["gap", EXAMPLE, "--role", "pcn-clinical-director", "-o", "json",
            "--output-file", str(target)]
    assert run(capsys, *args) == (0, "", "")
    assert load_report(target) == _api_report()
    status, _, err = run(capsys, *args)
    assert status == 2
    assert "file-exists" in err
    assert run(capsys, *args, "--force")[0] == 0
    status, _, err = run(capsys, "gap", EXAMPLE, "--role", "clinical-fellow", "--force")
    assert status == 2
    assert "--force needs --output-file" in err


def test_output_file_dash_is_standard_output(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    example = str(Path(EXAMPLE).resolve())
    monkeypatch.chdir(tmp_path)
    plain = run(capsys, "gap", example, "--role", "pcn-clinical-director", "-o", "json")
    dashed = run(capsys, "gap", example, "--role", "pcn-clinical-director", "-o", "json",
                 "--output-file", "-")
    assert dashed == plain
    assert plain[0] == 0
    assert not (tmp_path / "-").exists()


# --- user errors ---------------------------------------------------------------------------


def test_a_role_of_another_framework_is_a_problem(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "gap", EXAMPLE, "--role", "pcn-clinical-director-clcf")
    assert (status, out) == (1, "")
    assert "framework-mismatch" in err
    assert "pcn-clinical-director (^1.0.0)" in err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("args", "status", "code"),
    [
        (["--role", "pcn-director"], 2, "unknown-builtin"),
        (["--role", "missing.role.yaml"], 2, "unreadable"),
        (["--role", "clinical-fellow", "--framework", "nope"], 2, "unknown-builtin"),
        (["--role", "clinical-fellow", "--policy", "strict"], 2, "unknown-policy"),
        (["--role", "clinical-fellow", "--compare", "peers"], 2, "cannot compare 'peers'"),
        (["--role", "clinical-fellow", "--framework", "clcf"], 1, "framework-mismatch"),
    ],
)
def test_bad_options(
    capsys: pytest.CaptureFixture[str], args: list[str], status: int, code: str
) -> None:
    got, out, err = run(capsys, "gap", EXAMPLE, *args)
    assert (got, out) == (status, "")
    assert code in err
    assert "Traceback" not in err


def test_bad_inputs(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    status, _, err = run(capsys, "gap", "missing.yaml", "--role", "clinical-fellow")
    assert status == 1
    assert "unreadable" in err
    role_file = ROOT / "src/leadcomp/builtin/roles/clinical-fellow.json"
    status, _, err = run(capsys, "gap", str(role_file), "--role", "clinical-fellow")
    assert status == 1
    assert "wrong-kind" in err
    bad = tmp_path / "bad.assessment.json"
    assessment = leadcomp.load(EXAMPLE, kind="assessment")
    leadcomp.dump(attrs.evolve(assessment, ratings=(
        *assessment.ratings[:-1],
        attrs.evolve(assessment.ratings[-1], value=7),
    )), bad)
    status, _, err = run(capsys, "gap", str(bad), "--role", "clinical-fellow")
    assert status == 1
    assert "value-off-scale" in err
    assert f"{bad}:" in err  # located in the file, with its line


def test_an_assessment_of_a_framework_that_is_not_built_in(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    framework_path = "examples/team-leadership.framework.yaml"
    framework = leadcomp.load(framework_path, kind="framework")
    path = tmp_path / "team.assessment.json"
    leadcomp.dump(make_assessment(framework), path)
    role = leadcomp.RoleProfile(
        id="team-lead",
        title="Team lead",
        framework=leadcomp.FrameworkRef(id=framework.id, versions=f"^{framework.version}"),
        requirements=tuple(
            leadcomp.Requirement(competency=c.id, level=2)
            for c in framework.competencies
            if c.indicators
        ),
    )
    role_path = tmp_path / "team.role.json"
    leadcomp.dump(role, role_path)
    status, _, err = run(capsys, "gap", str(path), "--role", str(role_path))
    assert status == 2
    assert "framework-needed" in err
    status, out, _ = run(capsys, "gap", str(path), "--role", str(role_path), "--framework",
                         framework_path)
    assert status == 0
    assert out.startswith("Gap report: p-001 against Team lead (team-lead)")


def test_schemas_are_printed(capsys: pytest.CaptureFixture[str]) -> None:
    for kind in ("gap-report", "cohort-report", "progress-report"):
        status, out, _ = run(capsys, "schema", kind)
        assert status == 0
        assert json.loads(out)["$id"] == f"urn:leadcomp:schema:{kind}:1"


# --- cohort --------------------------------------------------------------------------------


def _api_cohort(role: str = "clinical-fellow") -> leadcomp.CohortReport:
    hlm = leadcomp.load_builtin("hlm")
    profile = leadcomp.load_builtin(role, "role")

    def reports(path: str) -> list[leadcomp.GapReport]:
        lines = (ROOT / path).read_bytes().splitlines()
        return [gap(leadcomp.score(leadcomp.load(line, kind="assessment"), hlm), profile)
                for line in lines]

    from leadcomp.cohort import baseline_alphas

    report = cohort_gaps(reports(COHORT_2025))
    alphas = baseline_alphas(str(ROOT / COHORT_2024), hlm, leadcomp.DEFAULT_POLICY)
    return attrs.evolve(
        report,
        progress=progress(reports(COHORT_2024), reports(COHORT_2025), reliability=alphas),
    )


def test_cohort_text_json_and_api_agree(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["cohort", COHORT_2025, "--role", "clinical-fellow", "--baseline", COHORT_2024]
    status, out, err = run(capsys, *args, "-o", "json")
    assert status == 0
    assert f"{COHORT_2025}: 12 of 12 assessments compared with the role" in err
    data = json.loads(out)
    assert not list(validator("cohort-report").iter_errors(data))
    expected = _api_cohort()
    got = load_report(out.encode())
    assert isinstance(got, leadcomp.CohortReport)
    assert got.progress is not None
    assert expected.progress is not None
    # the command keeps only what progress needs of each report; the figures are the same;
    # the JSON also carries the rater reliability and group comparison (format 1.1)
    assert data["format"] == "1.1"
    assert got.reliability
    assert got.comparison
    assert got.items is None
    assert attrs.evolve(got, progress=None, reliability=(), comparison=()) == attrs.evolve(
        expected, progress=None
    )
    assert got.progress.competencies == expected.progress.competencies
    assert got.progress.fit == expected.progress.fit
    assert got.progress.missing_followup == ("cf-0101", "cf-0102")
    assert got.progress.missing_baseline == ("cf-0113", "cf-0114")
    status, text, _ = run(capsys, *args)
    assert status == 0
    assert text.startswith("Cohort report: 12 people against Clinical fellow")
    for c in expected.competencies:
        line = next(x for x in text.splitlines() if x.startswith(c.title))
        assert number(c.mean_gap) in line.split()
        assert number(c.mwds) in line.split()
    assert "Progress since the baseline: 10 people in both rounds" in text
    assert "No follow-up (2): cf-0101, cf-0102" in text
    assert "No baseline (2): cf-0113, cf-0114" in text


def test_cohort_reports_bad_lines_and_counts_the_rest(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    lines = (ROOT / COHORT_2025).read_text(encoding="utf-8").splitlines()
    lines.insert(2, '{"kind": "assessment", "format": "1.0"}')
    path = tmp_path / "cohort.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    status, out, err = run(capsys, "cohort", str(path), "--role", "pcn-clinical-director")
    assert status == 1
    assert f"{path}:3:" in err
    assert "12 of 13 assessments compared with the role, 1 failed" in err
    assert out.startswith("Cohort report: 12 people")


@pytest.mark.parametrize(
    ("args", "status", "message"),
    [
        (["--role", "nope"], 2, "unknown-builtin"),
        (["--role", "clinical-fellow", "--compare", "boss"], 2, "cannot compare 'boss'"),
        (["--role", "clinical-fellow", "--baseline", "missing.jsonl"], 1, "unreadable"),
        (["--role", "pcn-clinical-director-clcf"], 1, "framework-mismatch"),
        (["--role", "clinical-fellow", "--framework", "clcf"], 1, "but the framework given is"),
    ],
)
def test_cohort_errors(
    capsys: pytest.CaptureFixture[str], args: list[str], status: int, message: str
) -> None:
    got, _, err = run(capsys, "cohort", COHORT_2025, *args)
    assert got == status
    assert message in err
    assert "Traceback" not in err


def test_an_empty_cohort_is_a_problem(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "empty.jsonl"
    path.write_text("\n", encoding="utf-8")
    status, out, err = run(capsys, "cohort", str(path), "--role", "clinical-fellow")
    assert (status, out) == (1, "")
    assert "empty-cohort" in err
