"""Survey responses (CSV and Excel) read into assessments through a survey mapping: wide and long
layouts, every class of bad input as a Problem with its row and column, CSV oddities (ragged rows,
blank headers, a BOM, CRLF inside quoted cells, latin-1), workbooks (two sheets, merged cells,
formulas with and without saved results, a cell limit), the CLI, and the round trip of generated
assessments through a wide CSV (Hypothesis).

XLSX tests need openpyxl (the ``xlsx`` extra) and skip, saying so, without it.
"""

from __future__ import annotations

import datetime
import io
import json
import sys
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

import leadcomp
import strategies as S
from leadcomp.cli import main
from leadcomp.formats.survey import load_survey, read_survey
from leadcomp.model import (
    Assessment,
    Competency,
    Framework,
    Indicator,
    Level,
    Rater,
    Rating,
    Scale,
    SurveyColumns,
    SurveyMapping,
    ValueLabel,
)
from leadcomp.problems import InvalidDocument, Problem
from leadcomp.read._tabular import csv_line, write_cell
from profiles import scaled

AGREE = ("Strongly disagree", "Disagree", "Neutral", "Agree", "Strongly agree")
FRAMEWORK = Framework(
    id="tl",
    version="1.0.0",
    title="Team leadership",
    default_scale="agree",
    scales=(
        Scale(
            id="agree",
            levels=tuple(Level(value=n, label=label) for n, label in enumerate(AGREE, start=1)),
            not_observed=True,
        ),
        Scale(id="yesno", levels=(Level(value=0, label="No"), Level(value=1, label="Yes"))),
    ),
    competencies=(
        Competency(
            id="vision", title="Vision", kind="behaviour",
            indicators=(
                Indicator(id="v1", text="Explains the team's aims"),
                Indicator(id="v2", text="Shares plans early"),
            ),
        ),
        Competency(
            id="people", title="People", kind="behaviour",
            indicators=(Indicator(id="p1", text="Holds one-to-ones", scale="yesno"),),
        ),
    ),
)
WIDE_MAPPING: dict[str, Any] = {
    "kind": "survey-mapping",
    "format": "1.0",
    "id": "fellows-360",
    "framework": "tl@1.0.0",
    "layout": "wide",
    "columns": {
        "subject": "Participant", "rater": "Respondent", "group": "Relationship", "date": "Date",
    },
    "groups": [
        {"label": "Myself", "group": "self"},
        {"label": "Line manager", "group": "manager"},
        {"label": "Colleague", "group": "peer"},
    ],
    "items": [
        {"column": "Q1", "item": "v1"},
        {"column": "Q2", "item": "v2", "comment": "Q2 comments"},
        {"column": "Q3", "item": "p1"},
    ],
    "values": [{"label": label, "value": n} for n, label in enumerate(AGREE, start=1)],
    "not_observed": ["N/A", "Not observed"],
}
WIDE_HEADER = ["Participant", "Respondent", "Relationship", "Date", "Q1", "Q2", "Q2 comments", "Q3"]
WIDE_ROWS = [
    ["s1", "s1", "Myself", "2024-03-01", "Agree", "strongly  AGREE", "On track", "1"],
    ["s1", "m1", "Line manager", "2024-03-01", "4", "N/A", "", "Yes"],
    ["s2", "s2", "myself", "2024-03-02", "Neutral", "5", "", "0"],
    ["s2", "c7", "COLLEAGUE", "2024-03-02", "", "Disagree", "Needs work", ""],
]
LONG_MAPPING: dict[str, Any] = {
    "kind": "survey-mapping",
    "format": "1.0",
    "framework": "tl@1.0.0",
    "layout": "long",
    "columns": {
        "subject": "subject", "rater": "rater", "group": "group", "date": "date",
        "item": "question", "value": "answer", "comment": "comment",
    },
    "items": [
        {"label": "Q1", "item": "v1"}, {"label": "Q2", "item": "v2"}, {"label": "Q3", "item": "p1"},
    ],
    "groups": WIDE_MAPPING["groups"],
    "values": WIDE_MAPPING["values"],
}
LONG_HEADER = ["subject", "rater", "group", "date", "question", "answer", "comment"]


def csv_text(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    return "".join(csv_line([write_cell(c) for c in line]) for line in [header, *rows])


def long_rows() -> list[list[str]]:
    """The answers of WIDE_ROWS, one row each."""
    out = []
    for subject, rater, group, date, q1, q2, q2c, q3 in WIDE_ROWS:
        for label, answer, comment in (("Q1", q1, ""), ("Q2", q2, q2c), ("Q3", q3, "")):
            if answer:
                out.append([subject, rater, group, date, label, answer, comment])
    return out


@pytest.fixture
def files(tmp_path: Path) -> Path:
    (tmp_path / "wide.csv").write_text(csv_text(WIDE_HEADER, WIDE_ROWS), encoding="utf-8")
    (tmp_path / "long.csv").write_text(csv_text(LONG_HEADER, long_rows()), encoding="utf-8")
    (tmp_path / "wide.mapping.json").write_text(json.dumps(WIDE_MAPPING), encoding="utf-8")
    (tmp_path / "long.mapping.json").write_text(json.dumps(LONG_MAPPING), encoding="utf-8")
    (tmp_path / "tl.json").write_text(leadcomp.dumps(FRAMEWORK), encoding="utf-8")
    return tmp_path


EXPECTED = [
    Assessment(
        subject="s1", framework="tl@1.0.0", date=datetime.date(2024, 3, 1),
        raters=(Rater(id="s1", group="self"), Rater(id="m1", group="manager")),
        ratings=(
            Rating(rater="s1", item="v1", value=4),
            Rating(rater="s1", item="v2", value=5, comment="On track"),
            Rating(rater="s1", item="p1", value=1),
            Rating(rater="m1", item="v1", value=4),
            Rating(rater="m1", item="v2", value=None),
            Rating(rater="m1", item="p1", value=1),
        ),
    ),
    Assessment(
        subject="s2", framework="tl@1.0.0", date=datetime.date(2024, 3, 2),
        raters=(Rater(id="s2", group="self"), Rater(id="c7", group="peer")),
        ratings=(
            Rating(rater="s2", item="v1", value=3),
            Rating(rater="s2", item="v2", value=5),
            Rating(rater="s2", item="p1", value=0),
            Rating(rater="c7", item="v2", value=2, comment="Needs work"),
        ),
    ),
]


def wide(tmp_path: Path, rows: Sequence[Sequence[str]], header: Sequence[str] = WIDE_HEADER,
         **changes: Any) -> tuple[list[Assessment], list[Problem]]:
    """Read a wide CSV of these rows with the wide mapping (changed as given)."""
    path = tmp_path / "in.csv"
    path.write_text(csv_text(header, rows), encoding="utf-8")
    return read_survey(path, {**WIDE_MAPPING, **changes}, framework=FRAMEWORK)


def located(found: Sequence[Problem], code: str) -> list[tuple[int | None, int | None, str]]:
    return [(p.line, p.column, p.path) for p in found if p.code == code]


# -- reading ----------------------------------------------------------------------------------


def test_wide_rows_become_one_valid_assessment_per_subject(files: Path) -> None:
    assessments, problems = read_survey(
        files / "wide.csv", files / "wide.mapping.json", framework=FRAMEWORK
    )
    assert problems == []
    assert assessments == EXPECTED
    for assessment in assessments:
        text = leadcomp.dumps(assessment)
        assert leadcomp.validate(text.encode(), framework=FRAMEWORK) == []


def test_long_rows_give_the_same_assessments(files: Path) -> None:
    assessments, problems = read_survey(
        files / "long.csv", files / "long.mapping.json", framework=FRAMEWORK
    )
    assert problems == []
    assert assessments == EXPECTED


def test_the_mapping_can_be_a_model_and_the_framework_is_optional(files: Path) -> None:
    mapping = leadcomp.load(files / "wide.mapping.json")
    assert isinstance(mapping, SurveyMapping)
    assessments, problems = read_survey(files / "wide.csv", mapping)
    # without the framework its scale labels ("Yes") are unknown; the mapping's labels work
    assert located(problems, "unknown-label") == [(3, 8, "$[row 3].Q3")]
    assert [len(a.ratings) for a in assessments] == [5, 4]
    mapping = attrs.evolve(mapping, values=(*mapping.values, ValueLabel(label="yes", value=1)))
    assert load_survey((files / "wide.csv").read_bytes(), mapping) == EXPECTED


def test_scale_labels_of_the_framework_and_exact_matching(tmp_path: Path) -> None:
    rows = [["s1", "s1", "Myself", "", "agree", "Neutral", "", "yes"]]
    assessments, problems = wide(tmp_path, rows, values=[])
    assert problems == []
    assert [r.value for r in assessments[0].ratings] == [4, 3, 1]  # the scales' own labels
    assessments, problems = wide(tmp_path, rows, values=[], match="exact")
    assert located(problems, "unknown-label") == [
        (2, 5, "$[row 2].Q1"), (2, 8, "$[row 2].Q3")
    ]


def test_self_only_files_need_no_rater_or_group_column(tmp_path: Path) -> None:
    mapping = {**WIDE_MAPPING, "columns": {"subject": "Participant"}, "default_group": "self"}
    path = tmp_path / "self.csv"
    path.write_text(csv_text(["Participant", "Q1"], [["s1", "Agree"], ["s2", "N/A"]]),
                    encoding="utf-8")
    mapping["items"] = [{"column": "Q1", "item": "v1"}]
    assessments, problems = read_survey(path, mapping, framework=FRAMEWORK)
    assert problems == []
    assert [(a.subject, a.raters, a.ratings[0].value) for a in assessments] == [
        ("s1", (Rater(id="row-2", group="self"),), 4),
        ("s2", (Rater(id="row-3", group="self"),), None),
    ]


# -- bad input: code, row and column ---------------------------------------------------------------


def test_unknown_labels_values_off_the_scale_and_not_observed(tmp_path: Path) -> None:
    rows = [
        ["s1", "s1", "Myself", "", "Agreee", "7", "", "N/A"],
        ["s1", "m1", "Line manager", "", "=1+1", "3.5", "", "2"],
    ]
    assessments, problems = wide(tmp_path, rows)
    assert located(problems, "unknown-label") == [
        (2, 5, "$[row 2].Q1"), (3, 5, "$[row 3].Q1"), (3, 6, "$[row 3].Q2")
    ]
    formula = next(p for p in problems if p.line == 3 and p.column == 5)
    assert "formula" in formula.message
    assert "never runs" in formula.message
    assert located(problems, "value-off-scale") == [
        (2, 6, "$[row 2].Q2"), (3, 8, "$[row 3].Q3")
    ]
    assert located(problems, "not-observed-not-allowed") == [(2, 8, "$[row 2].Q3")]
    # the answers with errors are left out; the rest make a valid assessment
    (assessment,) = assessments
    assert assessment.ratings == ()
    assert [r.id for r in assessment.raters] == ["s1", "m1"]


def test_missing_and_duplicate_columns(tmp_path: Path) -> None:
    header = ["Participant", "Respondent", "Relationship", "Date", "Q1", "Q2", "Q3"]
    assessments, problems = wide(tmp_path, [["s1"] * 7], header=header)
    assert assessments == []
    assert [(p.code, p.line, p.column, p.path) for p in problems] == [
        ("missing-column", 1, None, "$[row 1]")
    ]
    assert "'Q2 comments'" in problems[0].message
    header = [*WIDE_HEADER, "q1"]
    assessments, problems = wide(tmp_path, [], header=header)
    assert assessments == []
    assert located(problems, "duplicate-column") == [(1, 9, "$[row 1].q1")]


def test_duplicate_answers_unknown_groups_and_conflicts(tmp_path: Path) -> None:
    rows = [
        ["s1", "s1", "Myself", "2024-03-01", "Agree", "", "", ""],
        ["s1", "s1", "Myself", "2024-03-01", "Neutral", "Agree", "", ""],  # Q1 again
        ["s1", "x1", "Mentor", "", "Agree", "", "", ""],  # unknown group
        ["s1", "m1", "Line manager", "", "Agree", "", "", ""],
        ["s1", "m1", "Colleague", "", "Agree", "", "", ""],  # m1 changes group
        ["s1", "s9", "self", "", "Agree", "", "", ""],  # a second self
        ["s1", "m2", "manager", "1 March", "Agree", "", "", ""],  # not a date
        ["s1", "m3", "manager", "2024-03-02", "Agree", "", "", ""],  # another date
        ["", "m4", "manager", "", "Agree", "", "", ""],  # no subject
        ["s 1", "m4", "manager", "", "Agree", "", "", ""],  # not an id
        ["s1", "m5", "manager", "", "", "", "orphan", ""],  # a comment with no answer
    ]
    assessments, problems = wide(tmp_path, rows)
    assert located(problems, "duplicate-answer") == [(3, 5, "$[row 3].Q1")]
    assert located(problems, "unknown-group") == [(4, 3, "$[row 4].Relationship")]
    assert located(problems, "conflicting-group") == [(6, 3, "$[row 6].Relationship")]
    assert located(problems, "duplicate-self") == [(7, 2, "$[row 7].Respondent")]
    assert located(problems, "invalid-date") == [(8, 4, "$[row 8].Date")]
    assert located(problems, "conflicting-dates") == [(9, 4, "$[row 9].Date")]
    assert located(problems, "missing-value") == [(10, 1, "$[row 10].Participant")]
    assert located(problems, "invalid-id") == [(11, 1, "$[row 11].Participant")]
    assert located(problems, "comment-without-answer") == [(12, 6, "$[row 12].Q2")]
    (assessment,) = assessments
    assert assessment.date == datetime.date(2024, 3, 1)
    assert [(r.id, r.group) for r in assessment.raters] == [
        ("s1", "self"), ("m1", "manager"), ("m3", "manager"), ("m5", "manager")
    ]
    assert leadcomp.validate(leadcomp.dumps(assessment).encode(), framework=FRAMEWORK) == []


def test_long_layout_problems(tmp_path: Path) -> None:
    rows = [
        ["s1", "r1", "peer", "", "Q1", "Agree", ""],
        ["s1", "r1", "peer", "", "q1", "Neutral", ""],  # the same item (labels match loosely)
        ["s1", "r1", "peer", "", "Q9", "Agree", ""],  # unknown item
        ["s1", "r1", "peer", "", "", "Agree", ""],  # no item
        ["s1", "r1", "peer", "", "p1", "Yes", "=HYPERLINK(\"x\")"],  # an item id works too
    ]
    path = tmp_path / "long.csv"
    path.write_text(csv_text(LONG_HEADER, rows), encoding="utf-8")
    (assessment,), problems = read_survey(path, LONG_MAPPING, framework=FRAMEWORK)
    assert located(problems, "duplicate-answer") == [(3, 6, "$[row 3].answer")]
    assert located(problems, "unknown-item") == [(4, 5, "$[row 4].question")]
    assert located(problems, "missing-value") == [(5, 5, "$[row 5].question")]
    assert assessment.ratings == (
        Rating(rater="r1", item="v1", value=4),
        Rating(rater="r1", item="p1", value=1, comment='=HYPERLINK("x")'),  # text, kept
    )


def test_ragged_rows_blank_headers_bom_and_crlf_inside_cells(tmp_path: Path) -> None:
    path = tmp_path / "odd.csv"
    path.write_bytes(
        b"\xef\xbb\xbfParticipant,Respondent,Relationship,Date,Q1,Q2,Q2 comments,Q3,,\r\n"
        b's1,s1,Myself,,Agree,Agree,"line one\r\nline two",Yes\r\n'  # 8 cells of 10
        b"s2,s2,Myself,,Agree,Agree,,Yes,,,extra\r\n"  # 11 cells
        b"s3,s3,Myself,,Agreee,,,,,\r\n"
    )
    assessments, problems = read_survey(path, WIDE_MAPPING, framework=FRAMEWORK)
    assert located(problems, "blank-header") == [
        (1, 9, "$[row 1][column 9]"), (1, 10, "$[row 1][column 10]")
    ]
    # the quoted cell spans two lines: row 3 starts on line 4, row 4 on line 5
    assert located(problems, "ragged-row") == [
        (2, 9, "$[row 2][column 9]"), (4, 11, "$[row 3][column 11]")
    ]
    assert located(problems, "unknown-label") == [(5, 5, "$[row 4].Q1")]
    assert all(not p.is_error for p in problems if p.code != "unknown-label")
    assert assessments[0].ratings[1].comment == "line one\r\nline two"
    assert [a.subject for a in assessments] == ["s1", "s2", "s3"]


def test_encodings_are_reported_or_read_when_declared(tmp_path: Path) -> None:
    path = tmp_path / "latin.csv"
    path.write_bytes(
        csv_text(WIDE_HEADER, [["s1", "s1", "Myself", "", "Agree", "Agree", "Très bien", ""]])
        .encode("latin-1")
    )
    assessments, problems = read_survey(path, WIDE_MAPPING, framework=FRAMEWORK)
    assert assessments == []
    assert [(p.code, p.line, p.column) for p in problems] == [("invalid-encoding", 2, 29)]
    assert "byte 0xe8" in problems[0].message
    assert "encoding" in problems[0].message
    assessments, problems = read_survey(
        path, {**WIDE_MAPPING, "encoding": "latin-1"}, framework=FRAMEWORK
    )
    assert problems == []
    assert assessments[0].ratings[1].comment == "Très bien"
    path.write_bytes(csv_text(WIDE_HEADER, []).encode("utf-16"))
    assessments, problems = read_survey(path, WIDE_MAPPING)
    assert [p.code for p in problems] == ["invalid-encoding"]
    assert "UTF-16" in problems[0].message
    assessments, problems = read_survey(path, {**WIDE_MAPPING, "encoding": "utf-16"})
    assert (assessments, problems) == ([], [])


def test_other_delimiters_and_header_rows(tmp_path: Path) -> None:
    path = tmp_path / "semi.csv"
    path.write_text(
        "Survey export 2024;;\n\n" + csv_text(["Participant", "Q1"], [["s1", "4"]]).replace(
            ",", ";"
        ),
        encoding="utf-8",
    )
    mapping = {
        **WIDE_MAPPING, "columns": {"subject": "Participant"}, "delimiter": ";",
        "header_row": 3, "items": [{"column": "Q1", "item": "v1"}],
    }
    (assessment,), problems = read_survey(path, mapping, framework=FRAMEWORK)
    assert problems == []
    assert assessment.ratings == (Rating(rater="row-4", item="v1", value=4),)


def test_cell_limits_are_reported_not_a_hang(tmp_path: Path) -> None:
    rows = [["s1", f"r{n}", "Colleague", "", "Agree", "", "", ""] for n in range(500)]
    assessments, problems = wide(tmp_path, rows, max_cells=1000)
    assert assessments == []
    assert [(p.code, p.line) for p in problems] == [("too-many-cells", 126)]
    path = tmp_path / "in.csv"
    assessments, problems = read_survey(
        path, WIDE_MAPPING, limits=leadcomp.Limits(max_cells=80)
    )
    assert [(p.code, p.line) for p in problems] == [("too-many-cells", 11)]
    assessments, problems = read_survey(path, WIDE_MAPPING, limits=leadcomp.Limits(max_bytes=10))
    assert [p.code for p in problems] == ["too-large"]
    assessments, problems = read_survey(tmp_path / "absent.csv", WIDE_MAPPING)
    assert [p.code for p in problems] == ["unreadable"]


# -- the mapping --------------------------------------------------------------------------------


def test_mapping_rules() -> None:
    bad = {
        **WIDE_MAPPING,
        "columns": {"subject": "Participant", "item": "Question", "rater": "Q1"},
        "items": [
            {"column": "Q1", "item": "v1"}, {"column": "Q2", "item": "v1", "label": "x"},
        ],
        "values": [{"label": "Agree", "value": 4}, {"label": " agree ", "value": 5},
                   {"label": "N/A", "value": 0}],
        "groups": [{"label": "Peer", "group": "manager"}],
        "encoding": "klingon",
    }
    found = leadcomp.validate(bad)
    assert sorted((p.code, p.path) for p in found) == [
        ("ambiguous-label", "$.groups[0].label"),
        ("ambiguous-label", "$.values[1].label"),
        ("ambiguous-label", "$.values[2].label"),
        ("duplicate-column", "$.items[0].column"),
        ("duplicate-id", "$.items[1].item"),
        ("unknown-encoding", "$.encoding"),
        ("wrong-layout", "$.columns.item"),
        ("wrong-layout", "$.items[1].label"),
    ]
    long = {**LONG_MAPPING, "columns": {"subject": "s"}, "items": [{"item": "v1", "column": "Q"}]}
    assert sorted((p.code, p.path) for p in leadcomp.validate(long)) == [
        ("missing-field", "$.columns"), ("missing-field", "$.columns"),
        ("missing-field", "$.columns"), ("missing-field", "$.items[0]"),
        ("wrong-layout", "$.items[0].column"),
    ]
    with pytest.raises(InvalidDocument):
        read_survey(b"x", bad)


def test_the_mapping_must_fit_the_framework(files: Path) -> None:
    with pytest.raises(InvalidDocument) as caught:
        read_survey(files / "wide.csv", files / "wide.mapping.json",
                    framework=attrs.evolve(FRAMEWORK, version="2.0.0"))
    assert [p.code for p in caught.value.problems] == ["framework-mismatch"]
    mapping = {**WIDE_MAPPING, "items": [{"column": "Q1", "item": "v11"}]}
    with pytest.raises(InvalidDocument) as caught:
        read_survey(files / "wide.csv", mapping, framework=FRAMEWORK)
    assert [(p.code, p.path) for p in caught.value.problems] == [
        ("unknown-item", "$.items[0].item")
    ]
    assert "did you mean 'v1'" in caught.value.problems[0].message


def test_mapping_documents_load_from_yaml_and_have_a_schema(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "map.yaml"
    path.write_text(
        "kind: survey-mapping\nformat: '1.0'\nframework: tl@1.0.0\nlayout: long\n"
        "columns: {subject: Who, rater: By, item: Q, value: A}\n",
        encoding="utf-8",
    )
    mapping = leadcomp.load(path, kind="survey-mapping")  # type: ignore[call-overload]
    assert mapping == SurveyMapping(
        framework="tl@1.0.0", layout="long",
        columns=SurveyColumns(subject="Who", rater="By", item="Q", value="A"),
    )
    assert leadcomp.load(leadcomp.dumps(mapping).encode()) == mapping
    assert main(["schema", "survey-mapping"]) == 0
    assert json.loads(capsys.readouterr().out)["$id"] == "urn:leadcomp:schema:survey-mapping:1"
    assert main(["validate", str(path)]) == 0


# -- the command line -----------------------------------------------------------------------------


def test_convert_writes_json_lines_of_assessments(
    files: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = files / "out.jsonl"
    argv = ["convert", str(files / "wide.csv"), str(out), "--mapping",
            str(files / "wide.mapping.json"), "--framework", str(files / "tl.json")]
    assert main(argv) == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    assert [leadcomp.load(line.encode()) for line in lines] == EXPECTED
    assert main(argv) == 2  # OUT exists
    assert main(["convert", str(files / "wide.csv"), str(files / "x.jsonl")]) == 2
    assert "--mapping" in capsys.readouterr().err
    (files / "bad.csv").write_text(
        csv_text(WIDE_HEADER, [["s1", "s1", "Mentor", "", "", "", "", ""]]), encoding="utf-8"
    )
    assert main(["convert", str(files / "bad.csv"), str(files / "bad.jsonl"), "--mapping",
                 str(files / "wide.mapping.json")]) == 1
    assert not (files / "bad.jsonl").exists()
    assert "bad.csv:2:3: unknown-group: $[row 2].Relationship:" in capsys.readouterr().err


# -- Excel -------------------------------------------------------------------------------------


def _workbook(tmp_path: Path, name: str = "survey.xlsx") -> Path:
    openpyxl = pytest.importorskip(
        "openpyxl", reason="openpyxl is not installed: XLSX tests need the 'xlsx' extra"
    )
    workbook = openpyxl.Workbook()
    intro = workbook.active
    intro.title = "Read me"
    intro["A1"] = "Responses are on the next sheet"
    sheet = workbook.create_sheet("Responses")
    sheet.append(["Participant", "Respondent", "Relationship", "Date", "Q1", "Q2", "Q2 comments",
                  "Q3"])
    sheet.append(["s1", "s1", "Myself", datetime.datetime(2024, 3, 1), 4, "=2+2", "=A1", 1])
    sheet.append([None, "m1", "Line manager", datetime.datetime(2024, 3, 1), "Agree", "=1+1",
                  None, "Yes"])
    sheet.append([None, "c1", "Colleague", None, 5.0, 3, "'=not a formula", 0])
    sheet.merge_cells("A2:A4")  # the subject, merged over its raters' rows
    path = tmp_path / name
    workbook.save(path)
    # openpyxl saves no results of formulas: give "=2+2" the result Excel would have saved
    return _with_results(path, {b"<f>2+2</f><v />": b"<f>2+2</f><v>4</v>",
                                b"<f>A1</f><v />": b'<f>A1</f><v>Participant</v>'})


def _with_results(path: Path, replacements: dict[bytes, bytes]) -> Path:
    buffer = io.BytesIO()
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(buffer, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename.startswith("xl/worksheets/"):
                for old, new in replacements.items():
                    data = data.replace(old, new)
                data = data.replace(b'<c r="G2"><f>A1</f>', b'<c r="G2" t="str"><f>A1</f>')
            target.writestr(info, data)
    path.write_bytes(buffer.getvalue())
    return path


def test_xlsx_sheets_merged_cells_and_formulas(tmp_path: Path) -> None:
    path = _workbook(tmp_path)
    mapping = {**WIDE_MAPPING, "sheet": "responses"}
    (assessment,), problems = read_survey(path, mapping, framework=FRAMEWORK)
    assert [(p.code, p.line, p.column, p.severity) for p in problems] == [
        ("merged-cells", 2, 1, "warning"),
        ("formula-without-value", 3, 6, "error"),
    ]
    assert "'=1+1'" in problems[1].message
    assert "no saved result" in problems[1].message
    assert assessment.subject == "s1"  # all three rows: the merged cell
    assert assessment.date == datetime.date(2024, 3, 1)
    assert [(r.rater, r.item, r.value, r.comment) for r in assessment.ratings] == [
        ("s1", "v1", 4, None), ("s1", "v2", 4, "Participant"), ("s1", "p1", 1, None),
        ("m1", "v1", 4, None), ("m1", "p1", 1, None),
        ("c1", "v1", 5, None), ("c1", "v2", 3, "=not a formula"), ("c1", "p1", 0, None),
    ]
    # the default sheet is the first: it has none of the columns
    assessments, problems = read_survey(path, WIDE_MAPPING)
    assert assessments == []
    assert {p.code for p in problems} == {"missing-column"}
    assessments, problems = read_survey(path, {**WIDE_MAPPING, "sheet": "Answers"})
    assert [p.code for p in problems] == ["missing-sheet"]
    assert "'Read me', 'Responses'" in problems[0].message


def test_huge_sheets_stop_at_the_cell_limit(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip(
        "openpyxl", reason="openpyxl is not installed: XLSX tests need the 'xlsx' extra"
    )
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("Responses")
    sheet.append(WIDE_HEADER)
    for n in range(2000):
        sheet.append(["s1", f"r{n}", "Colleague", None, 4, 4, None, 1])
    path = tmp_path / "big.xlsx"
    workbook.save(path)
    assessments, problems = read_survey(path, WIDE_MAPPING, limits=leadcomp.Limits(max_cells=4000))
    assert assessments == []
    assert [(p.code, p.line) for p in problems] == [("too-many-cells", 501)]
    (assessment,), problems = read_survey(path, WIDE_MAPPING, framework=FRAMEWORK)
    assert problems == []
    assert len(assessment.raters) == 2000


def test_not_a_workbook(tmp_path: Path) -> None:
    pytest.importorskip("openpyxl", reason="the xlsx extra (openpyxl) is not installed")
    path = tmp_path / "fake.xlsx"
    path.write_bytes(b"not a zip file")
    _none, problems = read_survey(path, WIDE_MAPPING)
    assert [p.code for p in problems] == ["invalid-xlsx"]


def test_a_workbook_without_openpyxl(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "fake.xlsx"
    path.write_bytes(b"not a zip file")
    monkeypatch.setitem(sys.modules, "openpyxl", None)  # as if it were not installed
    _assessments, problems = read_survey(path, WIDE_MAPPING)
    assert [p.code for p in problems] == ["missing-dependency"]
    assert "leadcomp[xlsx]" in problems[0].message


# -- round trip of generated assessments ----------------------------------------------------------


def _wide_csv(
    framework: Framework, assessments: Sequence[Assessment]
) -> tuple[str, dict[str, Any]]:
    """Assessments as a wide CSV (one row per subject and rater) and its mapping."""
    items = list(framework.indicator_index()) + [c.id for c in framework.competencies]
    header = ["subject", "rater", "group", "date"]
    for number in range(len(items)):
        header += [f"Q{number}", f"Q{number} comment"]
    rows = []
    for assessment in assessments:
        for rater in assessment.raters:
            answers = {r.item: r for r in assessment.ratings if r.rater == rater.id}
            line = [assessment.subject, rater.id, rater.group,
                    assessment.date.isoformat() if assessment.date else ""]
            for item in items:
                rating = answers.get(item)
                if rating is None:
                    line += ["", ""]
                else:
                    line += ["N/A" if rating.value is None else str(rating.value),
                             rating.comment or ""]
            rows.append(line)
    mapping = {
        "kind": "survey-mapping", "format": "1.0", "framework": framework.ref, "layout": "wide",
        "columns": {"subject": "subject", "rater": "rater", "group": "group", "date": "date"},
        "items": [
            {"column": f"Q{n}", "comment": f"Q{n} comment", "item": item}
            for n, item in enumerate(items)
        ],
    }
    if not items:  # a wide mapping needs an item: one that is never answered
        mapping["items"] = [{"column": "Qx", "item": "unused"}]
        header.append("Qx")
    return csv_text(header, rows), mapping


@st.composite
def _survey(draw: st.DrawFn) -> tuple[Framework, list[Assessment]]:
    framework = draw(S.frameworks(max_competencies=3, max_indicators=2))
    count = draw(st.integers(1, 3))
    assessments = [draw(S.assessments(framework, max_raters=3)) for _ in range(count)]
    subjects = set()
    unique = []
    for assessment in assessments:  # one assessment per subject, as a file holds them
        if assessment.subject not in subjects:
            subjects.add(assessment.subject)
            unique.append(assessment)
    return framework, unique


def _as_read(framework: Framework, assessment: Assessment) -> Assessment:
    """What a wide CSV carries: no id or extensions, ratings in rater then item order."""
    items = list(framework.indicator_index()) + [c.id for c in framework.competencies]
    raters = [r.id for r in assessment.raters]
    ratings = sorted(assessment.ratings, key=lambda r: (raters.index(r.rater), items.index(r.item)))
    return attrs.evolve(assessment, id=None, extensions={}, ratings=tuple(ratings))


@settings(scaled(0.8), deadline=None, suppress_health_check=list(HealthCheck))
@given(_survey())
def test_generated_assessments_round_trip_through_a_wide_csv(
    survey: tuple[Framework, list[Assessment]],
) -> None:
    framework, assessments = survey
    text, mapping = _wide_csv(framework, assessments)
    with_framework = framework.indicator_index() or framework.competencies
    read, problems = read_survey(
        text.encode("utf-8"), mapping, framework=framework if with_framework else None
    )
    assert [p for p in problems if p.is_error] == []
    expected = [_as_read(framework, a) for a in assessments if a.raters]
    assert read == expected
