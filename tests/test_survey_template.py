"""Survey templates: the questionnaire a tool imports (or a list to paste), its readable copy,
and the survey mapping that reads the tool's export back with no edits."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

import leadcomp
from leadcomp.cli import main
from leadcomp.problems import InvalidDocument
from leadcomp.reports._survey_template import DEVELOPMENT_QUESTION, STRENGTHS_QUESTION
from leadcomp.reports.survey_template import TOOLS, survey_template, write_survey_template

pytest.importorskip("jinja2", reason="the report extra (jinja2) is not installed")

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
FRAMEWORK = EXAMPLES / "team-leadership.framework.yaml"
ROLE = EXAMPLES / "team-lead.role.yaml"


def _framework() -> leadcomp.Framework:
    return leadcomp.load(FRAMEWORK, kind="framework")


def _indicators(framework: leadcomp.Framework) -> list[tuple[str, str]]:
    return [(i.id, i.text) for _, c in framework.walk() for i in c.indicators]


def test_the_generic_export_converts_with_the_generated_mapping(tmp_path: Path) -> None:
    framework = _framework()
    assert main(
        ["survey", "template", "--framework", str(FRAMEWORK), "--tool", "generic",
         "-o", str(tmp_path / "out")]
    ) == 0
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert names == [
        "team-leadership.generic.html", "team-leadership.generic.mapping.yaml",
        "team-leadership.generic.md", "team-leadership.generic.txt",
    ]
    listing = (tmp_path / "out" / "team-leadership.generic.txt").read_text("utf-8")
    # The export in the generic shape: one header row, the question texts as listed.
    statements = [
        line.strip() for line in listing.splitlines()
        if line.startswith("    ") and line.strip()[:1].isdigit()
    ]
    indicators = _indicators(framework)
    assert [s.split(". ", 1)[1] for s in statements] == [text for _, text in indicators]
    header = ["Participant code", "Your relationship to the participant", *statements,
              "Strengths: what does the participant do well as a leader?",
              "Development: what could the participant develop or do differently?"]
    answers = {
        "Self": ["Strong", "Capable", "Developing", "Exemplary", "Strong", "Agree", "Disagree"],
        "Manager": ["Capable", "Not observed", "Strong", "Strong", "Capable",
                    "Somewhat agree", "Neither agree nor disagree"],
        "Direct report": ["Exemplary", "Strong", "Capable", "Developing", "Capable",
                          "Somewhat disagree", "Agree"],
    }
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    for relationship, row in answers.items():
        writer.writerow(["p-07", relationship, *row, "Listens well", "Delegate more"])
    export = tmp_path / "export.csv"
    export.write_text(buffer.getvalue(), "utf-8")
    mapping = tmp_path / "out" / "team-leadership.generic.mapping.yaml"
    assessments, problems = leadcomp.read_survey(export, mapping, framework=framework)
    assert problems == []
    (assessment,) = assessments
    assert assessment.subject == "p-07"
    groups = {r.id: r.group for r in assessment.raters}
    assert sorted(groups.values()) == ["direct_report", "manager", "self"]
    got = {(groups[r.rater], r.item): r.value for r in assessment.ratings}
    scales = {"Developing": 1, "Capable": 2, "Strong": 3, "Exemplary": 4, "Disagree": 1,
              "Somewhat disagree": 2, "Neither agree nor disagree": 3, "Somewhat agree": 4,
              "Agree": 5, "Not observed": None}
    names = {"Self": "self", "Manager": "manager", "Direct report": "direct_report"}
    expected = {
        (names[who], item): scales[answer]
        for who, row in answers.items()
        for (item, _), answer in zip(indicators, row, strict=True)
    }
    assert got == expected
    # Also without the framework: the mapping's own labels are enough.
    again, problems = leadcomp.read_survey(export, mapping)
    assert problems == []
    assert again == assessments


def _parse_advanced(text: str) -> list[dict[str, object]]:
    """Qualtrics' Advanced Format, read back: its questions in order."""
    lines = text.splitlines()
    assert lines[0] == "[[AdvancedFormat]]"
    questions: list[dict[str, object]] = []
    current: dict[str, object] | None = None
    section = "text"
    for line in lines[1:]:
        if line.startswith("[[Question:"):
            current = {"type": line[11:-2], "text": [], "choices": [], "answers": []}
            questions.append(current)
            section = "text"
        elif line in ("[[Choices]]", "[[Answers]]"):
            section = "choices" if line == "[[Choices]]" else "answers"
        elif line.startswith("[[ID:"):
            assert current is not None
            current["id"] = line[5:-2]
        elif line.startswith("[[") or not line:
            assert line in ("", "[[PageBreak]]") or line.startswith("[[Block:"), line
            if line:
                current = None
        else:
            assert current is not None, line
            bucket = current[section]
            assert isinstance(bucket, list)
            bucket.append(line)
    return questions


def test_the_qualtrics_advanced_format_holds_every_indicator_once_in_order() -> None:
    framework = _framework()
    template = survey_template(framework, "qualtrics")
    files = dict(template.files)
    questions = _parse_advanced(files["team-leadership.qualtrics.txt"])
    kinds = [q["type"] for q in questions]
    assert kinds[:2] == ["TE:SingleLine", "MC:SingleAnswer:Vertical"]
    assert kinds[-2:] == ["TE:Essay", "TE:Essay"]
    assert questions[1]["choices"] == ["Self", "Manager", "Peer", "Direct report", "Other"]
    matrices = [q for q in questions if q["type"] == "Matrix"]
    statements = [c for q in matrices for c in q["choices"]]  # type: ignore[attr-defined]
    texts = [text for _, text in _indicators(framework)]
    assert statements == [f"{n}. {t}" for n, t in enumerate(texts, start=1)]
    for matrix in matrices:
        (title,) = matrix["text"]  # type: ignore[misc]
        competency = next(c for _, c in framework.walk() if c.title == title)
        scale = framework.scale_of(competency)
        assert scale is not None
        labels = [level.label for level in scale.levels]
        if scale.not_observed:
            labels.append(scale.not_observed_label or "Not observed")
        assert matrix["answers"] == labels
    # The mapping names each indicator by the question text row of the export.
    assert [(i.item, i.column) for i in template.mapping.items] == [
        (item, f"{competency} - {n}. {text}")
        for n, (item, text, competency) in enumerate(
            ((i.id, i.text, c.title) for _, c in framework.walk() for i in c.indicators),
            start=1,
        )
    ]
    assert template.mapping.header_row == 1  # the preset reads all three header rows
    assert template.mapping.tool == "qualtrics"


def test_a_role_asks_about_its_competencies_only_and_every_tool_works() -> None:
    framework = _framework()
    role = leadcomp.load(ROLE, kind="role")
    required = {r.competency for r in role.requirements}
    for tool in TOOLS:
        template = survey_template(framework, tool, role=role)
        assert {g.competency for g in template.groups} <= required
        assert {i.item for i in template.mapping.items} == {
            i.id for _, c in framework.walk() if c.id in required for i in c.indicators
        }
        files = dict(template.files)
        html = files[f"team-lead.{tool}.html"]
        assert "<script" not in html
        assert "not observed" in html.lower()
        for _, text in files.items():
            assert "Makes time to listen before deciding." in text or text.startswith("#")
        assert leadcomp.load(
            files[f"team-lead.{tool}.mapping.yaml"].encode("utf-8"), kind="survey-mapping"
        ) == template.mapping


def test_files_are_never_replaced_without_force(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    args = ["survey", "template", "--framework", str(FRAMEWORK), "--tool", "ms-forms",
            "-o", str(tmp_path)]
    assert main(args) == 0
    mapping = tmp_path / "team-leadership.ms-forms.mapping.yaml"
    mapping.write_text("mine", "utf-8")
    capsys.readouterr()
    assert main(args) == 2
    assert "file-exists" in capsys.readouterr().err
    assert mapping.read_text("utf-8") == "mine"
    assert main([*args, "--force"]) == 0
    assert mapping.read_text("utf-8").startswith("# The survey mapping")
    with pytest.raises(FileExistsError):
        write_survey_template(survey_template(_framework(), "ms-forms"), tmp_path)
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".")]
    afile = tmp_path / "afile"
    afile.write_text("x", "utf-8")
    assert main([*args[:-1], str(afile)]) == 2
    assert "not-a-folder" in capsys.readouterr().err


def test_unknown_tools_and_roles_on_other_frameworks_are_problems() -> None:
    with pytest.raises(InvalidDocument) as caught:
        survey_template(_framework(), "paper")  # type: ignore[arg-type]
    assert caught.value.problems[0].code == "unknown-tool"
    assert main(["survey", "template", "--framework", "hlm", "--role", str(ROLE),
                 "--tool", "generic", "-o", "unused"]) == 1


def test_bad_inputs_and_unwritable_folders(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = ["survey", "template", "--tool", "generic", "-o", str(tmp_path / "o")]
    assert main([*base, "--framework", str(tmp_path / "missing.yaml")]) == 2
    assert main([*base, "--framework", str(FRAMEWORK), "--role", "no-such-role"]) == 2
    afile = tmp_path / "afile"
    afile.write_text("x", "utf-8")
    capsys.readouterr()
    assert main(["survey", "template", "--tool", "generic", "--framework", str(FRAMEWORK),
                 "-o", str(afile / "sub")]) == 1
    assert "cannot write" in capsys.readouterr().err


#: What the self rater and the direct report answer to the two open questions.
OPEN_ANSWERS = [["Listens well", ""], ["Clear goals", "Delegate more"]]


def _export(tool: str, framework: leadcomp.Framework) -> tuple[list[list[str]], int]:
    """An export of the questionnaire in the tool's own shape (docs: ../shared/surveys.md), with
    two raters of one participant; and the number of header rows above the answers."""
    template = survey_template(framework, tool)  # type: ignore[arg-type]
    questions = [(g.title, q.statement) for g in template.groups for q in g.questions]
    answers = [["Strong"] * 5 + ["Agree"] * 2 + OPEN_ANSWERS[0],
               ["Capable"] * 5 + ["Somewhat agree"] * 2 + OPEN_ANSWERS[1]]
    who = ["Self", "Direct report"]
    strengths, development = STRENGTHS_QUESTION, DEVELOPMENT_QUESTION
    if tool == "google-forms":
        header = ["Timestamp", "Participant code", "Your relationship to the participant",
                  *(f"{t} [{s}]" for t, s in questions), strengths, development]
        rows = [["2025/03/10 4:13:00 PM GMT", "p-1", w, *a]
                for w, a in zip(who, answers, strict=True)]
        return [header, *rows], 1
    if tool == "ms-forms":
        header = ["ID", "Start time", "Completion time", "Email", "Name", "Participant code",
                  "Your relationship to the participant", *(s for _, s in questions),
                  strengths, development]
        rows = [[str(n), "45726.5", "45726.6", "anonymous", "anonymous", "p-1", w, *a]
                for n, (w, a) in enumerate(zip(who, answers, strict=True), start=1)]
        return [header, *rows], 1
    if tool == "surveymonkey":
        meta = ["Respondent ID", "Collector ID", "Start Date", "End Date", "IP Address",
                "Email Address", "First Name", "Last Name", "Custom Data 1"]
        first: list[str] = [*meta, "Participant code", "Your relationship to the participant"]
        seen: set[str] = set()
        for title, _ in questions:
            first.append("" if title in seen else title)
            seen.add(title)
        first += ["In your own words", ""]
        second = [""] * len(meta) + ["Open-Ended Response", "Response",
                                     *(s for _, s in questions), "Strengths", "Development"]
        rows = [[str(n), "1", "03/10/2025 04:13:00 PM", "03/10/2025 04:20:00 PM", "", "", "",
                 "", "", "p-1", w, *a]
                for n, (w, a) in enumerate(zip(who, answers, strict=True), start=1)]
        return [first, second, *rows], 2
    assert tool == "qualtrics"
    meta = ["StartDate", "EndDate", "Status", "Progress", "Finished", "ResponseId"]
    ids = [*meta, "participant", "relationship",
           *(f"C{n}" for n, _ in enumerate(questions, start=1)), "strengths", "development"]
    texts = [*meta, "Participant code", "Your relationship to the participant",
             *(f"{t} - {s}" for t, s in questions), strengths, development]
    imports = [json.dumps({"ImportId": i}) for i in ids]
    rows = [["2025-03-10 16:13:00", "2025-03-10 16:20:00", "IP Address", "100", "True",
             f"R_{n}", "p-1", w, *a]
            for n, (w, a) in enumerate(zip(who, answers, strict=True), start=1)]
    return [ids, texts, imports, *rows], 3


@pytest.mark.parametrize("tool", ["google-forms", "ms-forms", "surveymonkey", "qualtrics"])
def test_each_tools_export_converts_with_its_mapping(tool: str, tmp_path: Path) -> None:
    framework = _framework()
    template = survey_template(framework, tool)  # type: ignore[arg-type]
    rows, _ = _export(tool, framework)
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    export = tmp_path / "export.csv"
    export.write_text(buffer.getvalue(), "utf-8-sig")
    assessments, problems = leadcomp.read_survey(export, template.mapping, framework=framework)
    assert [p for p in problems if p.is_error] == []
    (assessment,) = assessments
    assert sorted(r.group for r in assessment.raters) == ["direct_report", "self"]
    assert len(assessment.ratings) == 2 * len(template.mapping.items)
    values = sorted({r.value for r in assessment.ratings if r.value is not None})
    assert values == [2, 3, 4, 5]
    # the two open questions, on their raters (an empty answer is no answer)
    group = {r.id: r.group for r in assessment.raters}
    said = sorted((group[c.rater], c.question, c.text) for c in assessment.comments)
    assert said == [
        ("direct_report", "development", "Delegate more"),
        ("direct_report", "strengths", "Clear goals"),
        ("self", "strengths", "Listens well"),
    ]


@pytest.mark.parametrize("import_ids", [True, False], ids=["three header rows", "two"])
def test_a_qualtrics_export_converts_with_no_edits(import_ids: bool, tmp_path: Path) -> None:
    """The Qualtrics mapping is of format 1.1 with the Qualtrics preset: the import-id row
    (which a 1.0 mapping read as a response) is a header row, or absent; response ids are
    the raters' ids; nothing is left as a problem, not even a warning."""
    framework = _framework()
    template = survey_template(framework, "qualtrics")
    assert template.mapping.tool == "qualtrics"
    text = dict(template.files)["team-leadership.qualtrics.mapping.yaml"]
    assert 'format: "1.1"' in text or "format: '1.1'" in text
    rows, _ = _export("qualtrics", framework)
    if not import_ids:
        del rows[2]
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    export = tmp_path / "export.csv"
    export.write_text(buffer.getvalue(), "utf-8-sig")
    assessments, problems = leadcomp.read_survey(export, template.mapping, framework=framework)
    assert problems == []
    (assessment,) = assessments
    assert sorted(r.id for r in assessment.raters) == ["R_1", "R_2"]
    assert assessment.date is not None
    assert assessment.date.isoformat() == "2025-03-10"
