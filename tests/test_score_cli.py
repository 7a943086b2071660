"""The ``leadcomp score`` command, run through ``leadcomp.cli.main``."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import attrs
import pytest

import leadcomp
from leadcomp.cli import main
from leadcomp.model import Assessment
from scoring_strategies import PIN_FRAMEWORK, cohort, pin_assessment


@pytest.fixture
def framework_file(tmp_path: Path) -> Path:
    path = tmp_path / "pin.framework.json"
    leadcomp.dump(PIN_FRAMEWORK, path)
    return path


@pytest.fixture
def assessment_file(tmp_path: Path) -> Path:
    path = tmp_path / "pin.assessment.yaml"
    leadcomp.dump(pin_assessment(), path)
    return path


def write_jsonl(path: Path, assessments: list[Assessment], bad: dict[int, str]) -> Path:
    """JSON Lines of assessments, with some lines (numbered from 1) replaced by ``bad``."""
    lines = [leadcomp.dumps(a, compact=True) for a in assessments]
    for number, text in sorted(bad.items()):
        lines.insert(number - 1, text)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(["score", *args])
    out, err = capsys.readouterr()
    return status, out, err


def test_text_output_is_a_table_per_subject(
    capsys: pytest.CaptureFixture[str], framework_file: Path, assessment_file: Path
) -> None:
    status, out, err = run(capsys, str(assessment_file), "--framework", str(framework_file))
    assert status == 0
    assert err == ""
    lines = out.splitlines()
    assert lines[0] == "subject-7 (assessment pin-1): pin@1.0.0, policy 'default'"
    assert lines[1].split() == ["competency", "self", "all", "others", "manager", "peer", "n",
                                "95%", "CI", "flag"]
    vision = next(line for line in lines if "Sharing a vision" in line)
    # self 5, all others 19/6, manager 3, peers 29/9, n 4, t interval, a blind spot
    assert vision.split()[3:9] == ["5.00", "3.17", "3.00", "3.22", "4", "2.06-4.27"]
    assert vision.endswith("blind spot")
    overall = next(line for line in lines if line.startswith("Overall"))
    assert overall.split()[1:5] == ["4.17", "-", "3.00", "-"]
    assert "note: direct report ratings are withheld where fewer than 3 raters" in out
    assert "comment on care (peer): Listens well" in out
    assert "SECRET" not in out


def test_json_output_is_the_score_sheet(
    capsys: pytest.CaptureFixture[str], framework_file: Path, assessment_file: Path
) -> None:
    status, out, _ = run(
        capsys, str(assessment_file), "--framework", str(framework_file), "-o", "json"
    )
    assert status == 0
    sheet = leadcomp.load(out.encode(), kind="scoresheet")
    assert sheet == leadcomp.score(pin_assessment(), PIN_FRAMEWORK)
    assert out == leadcomp.dumps(sheet)


def test_a_named_or_file_policy_is_used_and_recorded(
    capsys: pytest.CaptureFixture[str], framework_file: Path, assessment_file: Path,
    tmp_path: Path,
) -> None:
    status, out, _ = run(
        capsys, str(assessment_file), "--framework", str(framework_file), "-o", "json",
        "--policy", "merge",
    )
    assert status == 0
    sheet = leadcomp.load(out.encode(), kind="scoresheet")
    assert sheet.policy == leadcomp.builtin_policy("merge")
    assert "colleagues" in {g.group for g in sheet.competency("vision").groups}
    custom = attrs.evolve(leadcomp.DEFAULT_POLICY, id="custom", all_others_threshold=6)
    policy_file = tmp_path / "custom.policy.json"
    leadcomp.dump(custom, policy_file)
    status, out, _ = run(
        capsys, str(assessment_file), "--framework", str(framework_file), "-o", "json",
        "--policy", str(policy_file),
    )
    assert status == 0
    sheet = leadcomp.load(out.encode(), kind="scoresheet")
    assert sheet.policy == custom
    assert sheet.competency("vision").all_others is None


def test_jsonl_with_a_bad_line_scores_the_others_and_names_the_line(
    capsys: pytest.CaptureFixture[str], framework_file: Path, tmp_path: Path
) -> None:
    assessments = cohort(4)
    wrong = attrs.evolve(assessments[0], id="wrong", framework="pin@2.0.0")
    path = write_jsonl(
        tmp_path / "cohort.jsonl",
        assessments,
        {3: '{"kind": "assessment", "format": "1.0", oops', 5: leadcomp.dumps(wrong, compact=True)},
    )
    status, out, err = run(
        capsys, str(path), "--framework", str(framework_file), "-o", "jsonl"
    )
    assert status == 1
    sheets = [leadcomp.load(line.encode(), kind="scoresheet") for line in out.splitlines()]
    assert [s.assessment for s in sheets] == ["a0", "a1", "a2", "a3"]
    assert sheets == [leadcomp.score(a, PIN_FRAMEWORK) for a in assessments]
    problems = [line for line in err.splitlines() if line.startswith(str(path))]
    assert problems[0].startswith(f"{path}:3:")
    assert "invalid-json" in problems[0]
    assert problems[1].startswith(f"{path}:5:")
    assert "framework-mismatch: $.framework" in problems[1]
    assert err.splitlines()[-1] == "4 of 6 assessments scored, 2 failed"


def test_jsonl_blank_lines_are_skipped_and_numbering_follows_the_file(
    capsys: pytest.CaptureFixture[str], framework_file: Path, tmp_path: Path
) -> None:
    path = tmp_path / "gaps.jsonl"
    good = leadcomp.dumps(pin_assessment(), compact=True)
    path.write_text(f"\n{good}\n\n   \nnot json\n{good}\n", encoding="utf-8")
    status, out, err = run(capsys, str(path), "--framework", str(framework_file), "-o", "jsonl")
    assert status == 1
    assert len(out.splitlines()) == 2
    assert f"{path}:5:1: invalid-json" in err


def test_jsonl_to_json_is_an_array_and_jobs_give_the_same_output(
    capsys: pytest.CaptureFixture[str], framework_file: Path, tmp_path: Path
) -> None:
    path = write_jsonl(tmp_path / "cohort.jsonl", cohort(9), {})
    status, single, _ = run(
        capsys, str(path), "--framework", str(framework_file), "-o", "json", "--chunksize", "2"
    )
    assert status == 0
    data = json.loads(single)
    assert [d["assessment"] for d in data] == [f"a{n}" for n in range(9)]
    status, pooled, _ = run(
        capsys, str(path), "--framework", str(framework_file), "-o", "json", "--jobs", "2",
        "--chunksize", "2",
    )
    assert status == 0
    assert pooled == single


def test_jsonl_text_output_has_one_table_per_subject(
    capsys: pytest.CaptureFixture[str], framework_file: Path, tmp_path: Path
) -> None:
    path = write_jsonl(tmp_path / "cohort.jsonl", cohort(3), {})
    status, out, _ = run(capsys, str(path), "--framework", str(framework_file))
    assert status == 0
    assert [line.split(" ")[0] for line in out.splitlines() if "policy 'default'" in line] == [
        "s0", "s1", "s2"
    ]


def test_an_empty_jsonl_file_gives_an_empty_array(
    capsys: pytest.CaptureFixture[str], framework_file: Path, tmp_path: Path
) -> None:
    path = tmp_path / "empty.jsonl"
    path.write_text("", encoding="utf-8")
    status, out, err = run(capsys, str(path), "--framework", str(framework_file), "-o", "json")
    assert status == 0
    assert out == "[]\n"
    assert "0 of 0 assessments scored" in err


def test_output_file_is_written_atomically_and_never_silently_replaced(
    capsys: pytest.CaptureFixture[str], framework_file: Path, assessment_file: Path,
    tmp_path: Path,
) -> None:
    target = tmp_path / "sheet.json"
    args = [str(assessment_file), "--framework", str(framework_file), "-o", "json",
            "--output-file", str(target)]
    status, out, _ = run(capsys, *args)
    assert status == 0
    assert out == ""
    written = target.read_text(encoding="utf-8")
    assert leadcomp.load(target, kind="scoresheet") == leadcomp.score(
        pin_assessment(), PIN_FRAMEWORK
    )
    status, _, err = run(capsys, *args)
    assert status == 2
    assert "file-exists" in err
    target.write_text("old", encoding="utf-8")
    status, _, _ = run(capsys, *args, "--force")
    assert status == 0
    assert target.read_text(encoding="utf-8") == written
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


@pytest.mark.parametrize(
    "args",
    [
        ["--framework"],
        ["--jobs", "0"],
        ["--jobs", "two"],
        ["-o", "xml"],
        ["--force"],
        ["--policy", "lenient"],
    ],
)
def test_usage_errors_exit_2(
    capsys: pytest.CaptureFixture[str], framework_file: Path, assessment_file: Path,
    args: list[str],
) -> None:
    base = [str(assessment_file), "--framework", str(framework_file)]
    if args == ["--framework"]:
        base = [str(assessment_file)]
        args = []
    status, out, err = run(capsys, *base, *args)
    assert status == 2
    assert out == ""
    assert err


def test_a_bad_framework_file_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], assessment_file: Path, tmp_path: Path
) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{"kind": "framework"}', encoding="utf-8")
    status, _, err = run(capsys, str(assessment_file), "--framework", str(broken))
    assert status == 2
    assert "(the --framework file)" in err


def test_a_bad_single_assessment_exits_1_with_located_problems(
    capsys: pytest.CaptureFixture[str], framework_file: Path, tmp_path: Path
) -> None:
    path = tmp_path / "bad.json"
    document = json.loads(leadcomp.dumps(pin_assessment()))
    document["ratings"][4]["value"] = 9
    path.write_text(json.dumps(document, indent=2), encoding="utf-8")
    status, out, err = run(capsys, str(path), "--framework", str(framework_file))
    assert status == 1
    assert out == ""
    line = err.splitlines()[0]
    assert line.startswith(f"{path}:")
    assert "value-off-scale: $.ratings[4].value" in line
    missing = tmp_path / "missing.jsonl"
    status, _, err = run(capsys, str(missing), "--framework", str(framework_file))
    assert status == 1
    assert "unreadable" in err


def test_no_progress_bar_when_stderr_is_not_a_terminal(
    capsys: pytest.CaptureFixture[str], framework_file: Path, tmp_path: Path
) -> None:
    path = write_jsonl(tmp_path / "cohort.jsonl", cohort(3), {})
    _, _, err = run(capsys, str(path), "--framework", str(framework_file), "-o", "jsonl")
    assert "\r" not in err
    assert err == "3 of 3 assessments scored\n"


def test_suppressed_groups_never_reach_cli_output(
    capsys: pytest.CaptureFixture[str], framework_file: Path, assessment_file: Path
) -> None:
    for output in ("text", "json", "jsonl"):
        status, out, _ = run(
            capsys, str(assessment_file), "--framework", str(framework_file), "-o", output
        )
        assert status == 0
        assert "SECRET" not in out
        for rater in ("D1", "D2", "P1", "P2", "P3", "P4"):
            assert rater not in out
        if output == "text":
            # "direct report" appears only in the note saying that they were withheld
            assert [line for line in out.splitlines() if "direct report" in line] == [
                "note: direct report ratings are withheld where fewer than 3 raters answered "
                "enough items"
            ]
        else:
            sheet = leadcomp.load(out.encode(), kind="scoresheet")
            for node in (sheet.overall, *sheet.competencies):
                assert "direct_report" not in {g.group for g in node.groups}


def test_a_builtin_framework_can_be_named(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from leadcomp.builtin import resolve
    from leadcomp.model import Rater, Rating

    framework = resolve("hlm", "framework")
    items = list(framework.indicator_index())
    raters = [Rater(id="me", group="self"), Rater(id="boss", group="manager")]
    assessment = Assessment(
        subject="someone",
        framework=framework.ref,
        raters=tuple(raters),
        ratings=tuple(
            Rating(rater=r.id, item=item, value=framework.scales[0].values[n % 2])
            for r in raters
            for n, item in enumerate(items)
        ),
    )
    path = tmp_path / "hlm.assessment.json"
    leadcomp.dump(assessment, path)
    status, out, _ = run(capsys, str(path), "--framework", "hlm", "-o", "json")
    assert status == 0
    sheet = leadcomp.load(out.encode(), kind="scoresheet")
    assert sheet.framework == framework.ref
    assert len(sheet.competencies) == len(framework.competencies)
    assert sheet == leadcomp.score(assessment, framework)


class _Terminal(io.StringIO):
    """A standard error that says it is a terminal."""

    def isatty(self) -> bool:
        return True


def test_a_progress_count_is_shown_on_a_terminal_and_cleared(
    capsys: pytest.CaptureFixture[str], framework_file: Path, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = write_jsonl(tmp_path / "cohort.jsonl", cohort(3), {})
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    status = main(
        ["score", str(path), "--framework", str(framework_file), "-o", "jsonl", "--chunksize", "1"]
    )
    assert status == 0
    err = terminal.getvalue()
    assert "\rscoring: 1 done, 0 failed" in err  # a count per chunk
    assert err.endswith("\r\033[K3 of 3 assessments scored\n")
    assert len(capsys.readouterr().out.splitlines()) == 3
