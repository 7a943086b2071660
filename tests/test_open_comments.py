"""Answers to open questions (assessment format 1.1), end to end: a survey export with the two
open questions of the questionnaire becomes assessments that carry them on their raters, score
sheets that show them by question as far as anonymity allows, and reports that show them
under their questions. Also: loading and writing 1.1 documents, and how groups are shown."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings

import leadcomp
from leadcomp.cli import main
from leadcomp.model import Assessment, OpenComment, Rater, Rating
from leadcomp.model._policy import GroupThresholds, MergeRule
from leadcomp.reports._survey_template import DEVELOPMENT_QUESTION, STRENGTHS_QUESTION
from leadcomp.scoring._anonymity import open_comment_groups
from profiles import scaled
from scoring_strategies import scoring_assessments, scoring_frameworks

ROOT = Path(__file__).resolve().parents[1]
FRAMEWORK = ROOT / "examples" / "team-leadership.framework.yaml"
ROLE = ROOT / "examples" / "team-lead.role.yaml"
EXPORT = ROOT / "examples" / "team-leadership.generic-export.csv"


def _run(*argv: str, capsys: pytest.CaptureFixture[str]) -> str:
    status = main(list(argv))
    out, err = capsys.readouterr()
    assert status == 0, err
    return out + err


def _export_with_peers(tmp_path: Path) -> Path:
    """The shipped generic export with three peers of tl-01 added, each answering the two
    open questions (so that peers, threshold 3, are shown)."""
    rows = list(csv.reader(io.StringIO(EXPORT.read_text("utf-8"))))
    header = rows[0]
    assert header[-2:] == [STRENGTHS_QUESTION, DEVELOPMENT_QUESTION]
    first = next(r for r in rows[1:] if r[0] == "tl-01")
    answers = first[2:-2]
    for n in range(1, 4):
        rows.append(["tl-01", "Peer", *answers, f"Peer strength {n}", f"Peer development {n}"])
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    path = tmp_path / "export.csv"
    path.write_text(out.getvalue(), "utf-8")
    return path


def test_a_survey_export_with_open_questions_reaches_the_person_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("jinja2", reason="the report extra (jinja2) is not installed")
    _run("survey", "template", "--framework", str(FRAMEWORK), "--tool", "generic",
         "-o", str(tmp_path / "q"), capsys=capsys)
    mapping = tmp_path / "q" / "team-leadership.generic.mapping.yaml"
    assert "comments:" in mapping.read_text("utf-8")
    cohort = tmp_path / "cohort.jsonl"
    _run("convert", str(_export_with_peers(tmp_path)), str(cohort), "--mapping", str(mapping),
         "--framework", str(FRAMEWORK), capsys=capsys)
    lines = cohort.read_text("utf-8").splitlines()
    first = json.loads(lines[0])
    assert first["format"] == "1.1"
    assert {c["question"] for c in first["comments"]} == {"strengths", "development"}
    assessment = tmp_path / "tl-01.assessment.json"
    assessment.write_text(lines[0], "utf-8")
    # the score sheet: by question, self first, then each shown group, each sorted by text
    status = main(["score", str(assessment), "--framework", str(FRAMEWORK), "-o", "json"])
    sheet_text = capsys.readouterr().out
    assert status == 0
    sheet = json.loads(sheet_text)
    assert sheet["format"] == "1.1"
    assert leadcomp.validate(sheet_text.encode()) == []
    questions = {q["question"]: q["comments"] for q in sheet["open_comments"]}
    assert [q["question"] for q in sheet["open_comments"]] == ["strengths", "development"]
    peers = [c["text"] for c in questions["strengths"] if c["group"] == "peer"]
    assert peers == ["Peer strength 1", "Peer strength 2", "Peer strength 3"]
    assert questions["strengths"][0]["group"] == "self"
    # the person's report, HTML and Markdown, under their questions, after the figures
    for suffix in ("html", "md"):
        report = tmp_path / f"tl-01.{suffix}"
        _run("report", str(assessment), "--role", str(ROLE), "--framework", str(FRAMEWORK),
             "-o", str(report), capsys=capsys)
        text = report.read_text("utf-8")
        assert "What they do well" in text
        assert "What to develop" in text
        assert "Peer development 2" in text
        assert text.index("Rater groups") < text.index("What they do well")
        assert text.index("What they do well") < text.index("What to develop")
    # and each per-person page
    folder = tmp_path / "people"
    _run("report", str(cohort), "--role", str(ROLE), "--framework", str(FRAMEWORK),
         "--per-person", "-o", str(folder), capsys=capsys)
    page = (folder / "tl-01.html").read_text("utf-8")
    assert "What they do well" in page
    assert "Peer strength 3" in page
    # the text sheet too
    text = _run("score", str(assessment), "--framework", str(FRAMEWORK), "-o", "text",
                capsys=capsys)
    assert "strengths (peer): Peer strength 1" in text


def _assessment(groups: dict[str, int], said: list[tuple[str, str, str]]) -> Assessment:
    raters = [Rater(id="me", group="self")] + [
        Rater(id=f"{group}-{n}", group=group)  # type: ignore[arg-type]
        for group, count in groups.items() for n in range(count)
    ]
    return Assessment(
        subject="s", framework="fw@1.0.0", raters=tuple(raters),
        ratings=tuple(Rating(rater=r.id, item="c0", value=3) for r in raters),
        comments=tuple(OpenComment(rater=r, question=q, text=t) for r, q, t in said),
    )


def _framework() -> leadcomp.Framework:
    from leadcomp.model import Competency, Level, Scale

    scale = Scale(id="s", levels=tuple(Level(value=v, label=f"L{v}") for v in range(1, 6)))
    return leadcomp.Framework(
        id="fw", version="1.0.0", title="One", default_scale="s", scales=(scale,),
        competencies=(Competency(id="c0", title="First", kind="behaviour"),),
    )


def _shown(sheet: leadcomp.ScoreSheet) -> dict[str, list[tuple[str, str]]]:
    return {
        q.question: [(c.group, c.text) for c in q.comments] for q in sheet.open_comments
    }


def test_groups_under_their_comment_threshold_show_none_and_are_noted() -> None:
    said = [
        ("peer-0", "strengths", "b"), ("peer-1", "strengths", "a"),
        ("manager-0", "development", "m"), ("me", "strengths", "mine"),
        ("direct_report-0", "strengths", "z"), ("direct_report-1", "q-9", "y"),
        ("direct_report-2", "strengths", "x"),
    ]
    sheet = leadcomp.score(_assessment({"manager": 1, "peer": 2, "direct_report": 3}, said),
                           _framework())
    assert _shown(sheet) == {
        "strengths": [("self", "mine"), ("direct_report", "x"), ("direct_report", "z")],
        "development": [("manager", "m")],
        "q-9": [("direct_report", "y")],
    }
    assert [n.code for n in sheet.notes if n.code == "open-comments-withheld"] == [
        "open-comments-withheld"
    ]
    # the merge policy shows the peers within colleagues (six raters), sorted by text
    merged = leadcomp.score(
        _assessment({"manager": 1, "peer": 2, "direct_report": 3}, said), _framework(),
        leadcomp.BUILTIN_POLICIES["merge"],
    )
    assert _shown(merged)["strengths"] == [
        ("self", "mine"), ("colleagues", "a"), ("colleagues", "b"), ("colleagues", "x"),
        ("colleagues", "z"),
    ]


def test_comment_thresholds_above_the_thresholds_and_below() -> None:
    policy = leadcomp.DEFAULT_POLICY
    strict = attrs.evolve(policy, comment_thresholds=GroupThresholds(manager=2))
    shown, withheld = open_comment_groups(strict, [1, 3, 0, 0])
    assert shown == (("peer", ("peer",)),)
    assert withheld == (("manager", 2),)
    # a comment threshold below the group's threshold does not show a withheld group
    loose = attrs.evolve(policy, comment_thresholds=GroupThresholds(peer=1))
    assert open_comment_groups(loose, [0, 2, 0, 0]) == ((), (("peer", 3),))
    merge = attrs.evolve(
        policy, small_groups="merge",
        merge=MergeRule(into="colleagues", groups=("peer", "other"), threshold=3,
                        comment_threshold=4),
    )
    assert open_comment_groups(merge, [1, 2, 0, 1]) == (
        (("manager", ("manager",)),), (("colleagues", 4),)
    )
    assert open_comment_groups(merge, [1, 2, 0, 2])[0][-1] == ("colleagues", ("peer", "other"))


def test_a_1_0_assessment_is_written_as_1_0_and_a_sheet_without_answers_too() -> None:
    assessment = _assessment({"manager": 1}, [])
    assert '"format": "1.0"' in leadcomp.dumps(assessment)
    sheet = leadcomp.score(assessment, _framework())
    assert '"format": "1.0"' in leadcomp.dumps(sheet)
    assert "open_comments" not in leadcomp.dumps(sheet)
    # answers of withheld groups only: nothing shown, and the sheet stays 1.0
    hidden = _assessment({"peer": 2}, [("peer-0", "strengths", "secret")])
    text = leadcomp.dumps(leadcomp.score(hidden, _framework()))
    assert '"format": "1.0"' in text
    assert "secret" not in text


@settings(scaled(0.5), deadline=None)
@given(data=scoring_frameworks().flatmap(lambda fw: scoring_assessments(fw)))
def test_assessments_round_trip_through_json_and_yaml(data: Assessment) -> None:
    for syntax in ("json", "yaml"):
        text = leadcomp.dumps(data, syntax=syntax)  # type: ignore[arg-type]
        assert ('"1.1"' in text or "'1.1'" in text) == bool(data.comments)
        again = leadcomp.load(text.encode())
        assert again == data
        assert leadcomp.dumps(again, syntax=syntax) == text  # type: ignore[arg-type]

