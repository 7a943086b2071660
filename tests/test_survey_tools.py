"""Survey tools' exports read untouched (survey mapping format 1.1): Qualtrics, SurveyMonkey,
Google Forms and Microsoft Forms, each written here in the tool's own export shape, read with
a short mapping (``tool``, ``items: auto``, ``pseudonymise``, rater groups by label), converted
and scored with no edits. The same responses give the same ratings and score sheets from every
tool, and no name or e-mail of the export reaches any output.

Also: several exports merged into one assessment per subject, ``--keep-going``, a cohort that
names a subject twice, and a test per class of bad input (missing or short key, an indicator
matched by two columns or none, an unknown tool, incomplete responses counted).
"""

from __future__ import annotations

import datetime
import json
import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings, strategies as st

import leadcomp
import strategies as S
from leadcomp.cli import main
from leadcomp.formats._survey_tools import parse_timestamp, pseudonym
from leadcomp.formats.survey import read_survey, read_surveys
from leadcomp.model import Assessment
from leadcomp.problems import InvalidDocument
from profiles import scaled

ROOT = Path(__file__).resolve().parents[1]
FRAMEWORK_FILE = ROOT / "examples" / "team-leadership.framework.yaml"
FRAMEWORK = leadcomp.load(FRAMEWORK_FILE)
ITEMS = list(FRAMEWORK.indicator_index())
TEXT = {item: indicator.text for item, (_c, indicator) in FRAMEWORK.indicator_index().items()}
PROFICIENCY_ITEMS = ITEMS[:5]
AGREEMENT_ITEMS = ITEMS[5:]
KEY = "3f1c9a7e5b2d4c6e8f0a1b3c5d7e9f1a2b4c6d8e0f1a3b5c7d9e1f2a4b6c8d0e\n"

PROFICIENCY = {1: "Developing", 2: "Capable", 3: "Strong", 4: "Exemplary", None: "Not observed"}
AGREEMENT = {
    1: "Disagree", 2: "Somewhat disagree", 3: "Neither agree nor disagree", 4: "Somewhat agree",
    5: "Agree",
}
PROFICIENCY_Q = "How often does this person show the following?"
AGREEMENT_Q = "How far do you agree with these statements about the team?"
SUBJECT_Q = "Whose 360 is this? Please give their full name"
RELATION_Q = "What is your relationship to this person?"
STRENGTHS_Q = "What does this person do well?"
RELATIONS = {"self": "Myself", "manager": "My line manager", "peer": "A peer",
             "direct_report": "Someone I manage"}
GROUPS = [{"label": label, "group": group} for group, label in RELATIONS.items()]

#: The responses every fixture holds: the subject as typed, the rater's group, the rater's
#: name and e-mail (metadata some tools record), the answers to ITEMS in order, and when.
RESPONSES: list[tuple[str, str, str, str, tuple[int | None, ...], datetime.datetime]] = [
    ("Jane Smith", "self", "Jane Smith", "jane.smith@example.org", (3, 2, 1, 3, None, 4, 5),
     datetime.datetime(2025, 3, 8, 9, 5, 0)),
    ("jane smith ", "manager", "Tom Baker", "tom.baker@example.org", (2, 2, 2, 3, 3, 5, 4),
     datetime.datetime(2025, 3, 10, 16, 13, 0)),
    ("Jane  Smith", "peer", "Ann Lee", "ann.lee@example.org", (3, 3, None, 2, 2, 3, 3),
     datetime.datetime(2025, 3, 9, 11, 30, 45)),
    ("JANE SMITH", "direct_report", "Bo Chen", "bo.chen@example.org", (4, 3, 1, 4, 3, 4, 4),
     datetime.datetime(2025, 3, 10, 8, 1, 2)),
    ("Ravi Patel", "self", "Ravi Patel", "ravi.patel@example.org", (2, 2, 2, 2, 2, 3, 3),
     datetime.datetime(2025, 3, 7, 18, 0, 0)),
    ("Ravi Patel", "manager", "Kim Ford", "kim.ford@example.org", (3, 1, 3, None, 2, 2, 2),
     datetime.datetime(2025, 3, 9, 10, 0, 0)),
    ("ravi patel", "peer", "Lou Grant", "lou.grant@example.org", (2, 3, 2, 3, 3, 4, 3),
     datetime.datetime(2025, 3, 8, 12, 0, 0)),
    ("Ravi Patel", "peer", "Mo Adeyemi", "mo.adeyemi@example.org", (1, 2, 4, 2, 1, 2, 1),
     datetime.datetime(2025, 3, 9, 15, 45, 0)),
]
#: Text from the exports that must never reach an output.
PERSONAL = sorted(
    {part for r in RESPONSES for part in (*r[0].split(), *r[2].split(), r[3])}
    | {"Preview", "Quitter", "example.org"}
)
LATEST = {"Jane Smith": datetime.date(2025, 3, 10), "Ravi Patel": datetime.date(2025, 3, 9)}


def statement(item: str, tool: str) -> str:
    """An indicator's text as each tool's questionnaire happens to show it: curly apostrophes,
    no full stop, non-breaking spaces, trailing spaces."""
    text = TEXT[item]
    if tool == "qualtrics":
        return text.replace("'", "\u2019")
    if tool == "surveymonkey":
        return text.rstrip(".")
    if tool == "google-forms":
        return text.replace(" ", "\u00a0", 1)
    return text + " "


def label(item: str, value: int | None, tool: str) -> str:
    text = (AGREEMENT if item in AGREEMENT_ITEMS else PROFICIENCY)[value]  # type: ignore[index]
    if tool == "surveymonkey":
        return text + " "
    if tool == "google-forms" and value is None:
        return "Not\u00a0observed"
    return text


def write_csv(path: Path, rows: list[list[str]], *, bom: bool = False, crlf: bool = False) -> Path:
    import csv
    import io

    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n" if crlf else "\n").writerows(rows)
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + out.getvalue().encode("utf-8"))
    return path


def write_mapping(folder: Path, name: str, tool: str, **more: Any) -> Path:
    (folder / "key.txt").write_text(KEY, encoding="utf-8")
    mapping: dict[str, Any] = {
        "kind": "survey-mapping", "format": "1.1", "id": f"{tool}-360",
        "framework": "team-leadership@1.2.0", "tool": tool, "layout": "wide",
        "columns": {"subject": SUBJECT_Q, "group": RELATION_Q}, "items": "auto",
        "pseudonymise": {"key_file": "key.txt"}, "groups": GROUPS, **more,
    }
    path = folder / name
    path.write_text(json.dumps(mapping, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


# -- the four tools' exports -------------------------------------------------------------------

QUALTRICS_META = [
    ("StartDate", "Start Date", '{"ImportId":"startDate","timeZone":"Europe/London"}'),
    ("EndDate", "End Date", '{"ImportId":"endDate","timeZone":"Europe/London"}'),
    ("Status", "Response Type", '{"ImportId":"status"}'),
    ("IPAddress", "IP Address", '{"ImportId":"ipAddress"}'),
    ("Progress", "Progress", '{"ImportId":"progress"}'),
    ("Duration (in seconds)", "Duration (in seconds)", '{"ImportId":"duration"}'),
    ("Finished", "Finished", '{"ImportId":"finished"}'),
    ("RecordedDate", "Recorded Date", '{"ImportId":"recordedDate","timeZone":"Europe/London"}'),
    ("ResponseId", "Response ID", '{"ImportId":"_recordId"}'),
    ("RecipientLastName", "Recipient Last Name", '{"ImportId":"recipientLastName"}'),
    ("RecipientFirstName", "Recipient First Name", '{"ImportId":"recipientFirstName"}'),
    ("RecipientEmail", "Recipient Email", '{"ImportId":"recipientEmail"}'),
    ("ExternalReference", "External Data Reference", '{"ImportId":"externalDataReference"}'),
    ("LocationLatitude", "Location Latitude", '{"ImportId":"locationLatitude"}'),
    ("LocationLongitude", "Location Longitude", '{"ImportId":"locationLongitude"}'),
    ("DistributionChannel", "Distribution Channel", '{"ImportId":"distributionChannel"}'),
    ("UserLanguage", "User Language", '{"ImportId":"userLanguage"}'),
]


def qualtrics(folder: Path, *, numeric: bool = False) -> tuple[Path, Path]:
    """A Qualtrics CSV export: BOM, CRLF, three header rows, an embedded data field, an
    unfinished response and a preview; choice text or numeric values."""
    ids = [m[0] for m in QUALTRICS_META] + ["Q1", "Q2"]
    texts = [m[1] for m in QUALTRICS_META] + [SUBJECT_Q, RELATION_Q]
    imports = [m[2] for m in QUALTRICS_META] + ['{"ImportId":"QID1_TEXT"}', '{"ImportId":"QID2"}']
    for n, item in enumerate(PROFICIENCY_ITEMS, start=1):
        ids.append(f"Q3_{n}")
        texts.append(f"{PROFICIENCY_Q} - {statement(item, 'qualtrics')}")
        imports.append(f'{{"ImportId":"QID3_{n}"}}')
    for n, item in enumerate(AGREEMENT_ITEMS, start=1):
        ids.append(f"Q4_{n}")
        texts.append(f"{AGREEMENT_Q} - {statement(item, 'qualtrics')}")
        imports.append(f'{{"ImportId":"QID4_{n}"}}')
    ids += ["Q5", "Cohort"]
    texts += [STRENGTHS_Q, "Cohort"]
    imports += ['{"ImportId":"QID5_TEXT"}', '{"ImportId":"Cohort"}']
    codes = {group: str(n) for n, group in enumerate(RELATIONS, start=1)}
    rows = [ids, texts, imports]

    def row(number: int, subject: str, group: str, name: str, email: str,
            answers: tuple[int | None, ...], when: datetime.datetime, status: str = "IP Address",
            finished: bool = True) -> list[str]:
        first, last = name.split(" ", 1)
        stamp = when.strftime("%Y-%m-%d %H:%M:%S")
        start = (when - datetime.timedelta(minutes=7)).strftime("%Y-%m-%d %H:%M:%S")
        if numeric:
            cells = ["99" if a is None else str(a) for a in answers]
            status = {"IP Address": "0", "Survey Preview": "1"}[status]
            relation = codes[group]
        else:
            cells = [label(item, a, "qualtrics") for item, a in zip(ITEMS, answers, strict=True)]
            relation = RELATIONS[group]
        done = ("1" if finished else "0") if numeric else str(finished)
        return [
            start, stamp, status, "192.0.2.1", "100" if finished else "40", "420", done, stamp,
            f"R_{number:03d}aBcDeFgHiJ", last, first, email, "", "51.5", "-0.1", "email", "EN",
            subject, relation, *cells, "Listens well", "2025-spring",
        ]

    for number, response in enumerate(RESPONSES, start=1):
        rows.append(row(number, *response))
    rows.append(row(90, "Jane Smith", "peer", "Preview Person", "preview@example.org",
                    (1,) * 7, datetime.datetime(2025, 3, 11, 9), status="Survey Preview"))
    rows.append(row(91, "Ravi Patel", "peer", "Quitter Person", "quit@example.org",
                    (1,) * 7, datetime.datetime(2025, 3, 11, 9), finished=False))
    export = write_csv(folder / "qualtrics.csv", rows, bom=True, crlf=True)
    more: dict[str, Any] = {"columns": {"subject": "Q1", "group": RELATION_Q}}
    if numeric:
        more["groups"] = [{"label": codes[g], "group": g} for g in RELATIONS]
        more["not_observed"] = ["99"]
    return export, write_mapping(folder, "qualtrics.mapping.json", "qualtrics", **more)


def surveymonkey(folder: Path) -> tuple[Path, Path]:
    """A SurveyMonkey "expanded" CSV: two header rows, each matrix's text only over its first
    column, US dates with AM/PM, the agreement matrix before the proficiency one."""
    meta = ["Respondent ID", "Collector ID", "Start Date", "End Date", "IP Address",
            "Email Address", "First Name", "Last Name", "Custom Data 1"]
    order = AGREEMENT_ITEMS + PROFICIENCY_ITEMS
    first = [*meta, SUBJECT_Q, RELATION_Q, AGREEMENT_Q, ""]
    first += [PROFICIENCY_Q] + [""] * (len(PROFICIENCY_ITEMS) - 1) + [STRENGTHS_Q]
    second = [""] * len(meta) + ["Open-Ended Response", "Response"]
    second += [statement(item, "surveymonkey") for item in order] + ["Open-Ended Response"]
    rows = [first, second]
    for number, (subject, group, name, email, answers, when) in enumerate(RESPONSES, start=1):
        by_item = dict(zip(ITEMS, answers, strict=True))
        given, family = name.split(" ", 1)
        rows.append([
            str(114236140000 + number), "405123456",
            (when - datetime.timedelta(minutes=5)).strftime("%m/%d/%Y %I:%M:%S %p"),
            when.strftime("%m/%d/%Y %I:%M:%S %p"), "192.0.2.7", email, given, family, "",
            subject, RELATIONS[group],
            *[label(item, by_item[item], "surveymonkey") for item in order], "Calm in a crisis",
        ])
    export = write_csv(folder / "surveymonkey.csv", rows)
    return export, write_mapping(folder, "surveymonkey.mapping.json", "surveymonkey")


GOOGLE_STAMPS = [
    "2025/03/08 9:05:00 AM GMT", "10/03/2025 16:13:00", "2025/03/09 12:30:45 PM GMT+1",
    "2025/03/10 8:01:02 AM GMT", "07/03/2025 18:00:00", "2025/03/09 10:00:00 AM GMT",
    "2025/03/08 12:00:00 PM GMT", "2025/03/09 4:45:00 PM GMT+1",
]


def google_forms(folder: Path) -> tuple[Path, Path]:
    """A Google Forms CSV: Timestamp in three forms (GMT, GMT+1 after the clocks change, en-GB),
    Email address, grid columns ``<question> [<row statement>]``."""
    header = ["Timestamp", "Email address", SUBJECT_Q, RELATION_Q]
    header += [f"{PROFICIENCY_Q} [{statement(i, 'google-forms')}]" for i in PROFICIENCY_ITEMS]
    header += [f"{AGREEMENT_Q} [{statement(i, 'google-forms')}]" for i in AGREEMENT_ITEMS]
    header.append(STRENGTHS_Q)
    rows = [header]
    for stamp, (subject, group, _name, email, answers, _when) in zip(
        GOOGLE_STAMPS, RESPONSES, strict=True
    ):
        rows.append([
            stamp, email, subject, RELATIONS[group],
            *[label(item, a, "google-forms") for item, a in zip(ITEMS, answers, strict=True)],
            "",
        ])
    export = write_csv(folder / "google.csv", rows)
    return export, write_mapping(folder, "google.mapping.json", "google-forms")


def ms_forms(folder: Path) -> tuple[Path, Path]:
    """A Microsoft Forms workbook: ID, Start time, Completion time (Excel date-times; one a
    bare serial number), Email and Name ``anonymous``, Likert columns headed by the statement
    (the agreement ones prefixed by the question), numeric answers for one respondent."""
    openpyxl = pytest.importorskip("openpyxl", reason="needs openpyxl (the xlsx extra)")
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    header = ["ID", "Start time", "Completion time", "Email", "Name", SUBJECT_Q, RELATION_Q]
    header += [statement(i, "ms-forms") for i in PROFICIENCY_ITEMS]
    header += [f"{AGREEMENT_Q}.{statement(i, 'ms-forms')}" for i in AGREEMENT_ITEMS]
    header.append(STRENGTHS_Q)
    sheet.append(header)
    for number, (subject, group, _name, _email, answers, when) in enumerate(RESPONSES, start=1):
        finished: Any = when
        if number == 2:  # a serial date-time without a date format
            finished = (when - datetime.datetime(1899, 12, 30)).total_seconds() / 86400
        cells: list[Any] = [
            a if number == 3 and a is not None else label(item, a, "ms-forms")
            for item, a in zip(ITEMS, answers, strict=True)
        ]
        sheet.append([
            number, when - datetime.timedelta(minutes=4), finished, "anonymous", "anonymous",
            subject, RELATIONS[group], *cells, None,
        ])
    export = folder / "msforms.xlsx"
    workbook.save(export)
    return export, write_mapping(folder, "msforms.mapping.json", "ms-forms")


TOOLS: dict[str, Callable[[Path], tuple[Path, Path]]] = {
    "qualtrics": qualtrics,
    "surveymonkey": surveymonkey,
    "google-forms": google_forms,
    "ms-forms": ms_forms,
}


def expected_ratings() -> Counter[tuple[str, str, str, int | None]]:
    key = KEY.strip().encode()
    out: Counter[tuple[str, str, str, int | None]] = Counter()
    for subject, group, _n, _e, answers, _w in RESPONSES:
        for item, value in zip(ITEMS, answers, strict=True):
            out[(pseudonym(key, subject), group, item, value)] += 1
    return out


def ratings_of(assessments: list[Assessment]) -> Counter[tuple[str, str, str, int | None]]:
    out: Counter[tuple[str, str, str, int | None]] = Counter()
    for a in assessments:
        groups = {r.id: r.group for r in a.raters}
        for rating in a.ratings:
            out[(a.subject, groups[rating.rater], rating.item, rating.value)] += 1
    return out


def convert(
    tool: str, folder: Path, capsys: pytest.CaptureFixture[str]
) -> tuple[list[Assessment], str, str]:
    export, mapping = TOOLS[tool](folder)
    out = folder / f"{tool}.jsonl"
    status = main(["convert", str(export), str(out), "--mapping", str(mapping), "--framework",
                   str(FRAMEWORK_FILE)])
    err = capsys.readouterr().err
    assert status == 0, err
    text = out.read_text(encoding="utf-8")
    return [leadcomp.load(line.encode()) for line in text.splitlines()], text, err


@pytest.mark.parametrize("tool", list(TOOLS))
def test_each_tool_export_converts_and_scores_with_no_edits(
    tool: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assessments, text, err = convert(tool, tmp_path, capsys)
    assert len(assessments) == 2
    assert ratings_of(assessments) == expected_ratings()
    key = KEY.strip().encode()
    assert [a.subject for a in assessments] == [
        pseudonym(key, "Jane Smith"), pseudonym(key, "Ravi Patel")
    ]
    assert [a.date for a in assessments] == [LATEST["Jane Smith"], LATEST["Ravi Patel"]]
    assert "2 assessments, 56 ratings" in err
    sheets = [leadcomp.dumps(leadcomp.score(a, FRAMEWORK)) for a in assessments]
    for output in [text, *sheets]:
        for personal in PERSONAL:
            assert personal.casefold() not in output.casefold(), (tool, personal)
        assert KEY.strip() not in output
    for a in assessments:
        assert leadcomp.validate(leadcomp.dumps(a).encode(), framework=FRAMEWORK) == []


@pytest.mark.parametrize("tool", list(TOOLS))
def test_each_tool_export_becomes_per_person_reports_with_no_name_in_them(
    tool: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The programme's whole cycle for one tool: its export, a short mapping (the tool, items
    found by their text, pseudonyms) -> assessments -> a report page per person and an index,
    with no edits, and no name, e-mail or key in any page."""
    pytest.importorskip("jinja2", reason="the report extra (jinja2) is not installed")
    assessments, _text, _err = convert(tool, tmp_path, capsys)
    pages = tmp_path / "pages"
    status = main([
        "report", str(tmp_path / f"{tool}.jsonl"), "--role",
        str(ROOT / "examples" / "team-lead.role.yaml"), "--framework", str(FRAMEWORK_FILE),
        "--per-person", "-o", str(pages),
    ])
    assert status == 0, capsys.readouterr().err
    written = sorted(p.name for p in pages.iterdir())
    assert written == sorted(["index.html", *(f"{a.subject}.html" for a in assessments)])
    for page in pages.iterdir():
        text = page.read_text(encoding="utf-8")
        for personal in PERSONAL:  # as a word: "Bo" is a name, "border" is CSS
            found = re.search(rf"\b{re.escape(personal)}\b", text, re.IGNORECASE)
            assert found is None, (tool, page.name, personal)
        assert KEY.strip() not in text


def test_every_tool_gives_the_same_assessments_and_score_sheets(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sheets: dict[str, list[str]] = {}
    for tool in TOOLS:
        folder = tmp_path / tool
        folder.mkdir()
        assessments, _text, _err = convert(tool, folder, capsys)
        sheets[tool] = [
            json.dumps(_without_raters(leadcomp.score(a, FRAMEWORK)), sort_keys=True)
            for a in assessments
        ]
    first = sheets["qualtrics"]
    assert all(found == first for found in sheets.values())


def _without_raters(sheet: Any) -> Any:
    """A score sheet's data without rater ids (each tool's response ids differ)."""
    data = json.loads(leadcomp.dumps(sheet))

    def strip(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items() if k not in ("rater", "raters")}
        if isinstance(value, list):
            return [strip(v) for v in value]
        return value

    return strip(data)


def test_qualtrics_numeric_values_and_skipped_responses_are_counted(tmp_path: Path) -> None:
    export, mapping = qualtrics(tmp_path, numeric=True)
    assessments, found = read_survey(export, mapping, framework=FRAMEWORK)
    assert ratings_of(assessments) == expected_ratings()
    skipped = [p for p in found if p.code == "skipped-responses"]
    assert [(p.severity, p.line) for p in skipped] == [("warning", 12), ("warning", 13)]
    assert "1 response is a survey preview" in skipped[0].message
    assert "1 response is not finished" in skipped[1].message
    assert not [p for p in found if p.is_error]
    # rater ids are Qualtrics' response ids
    assert assessments[0].raters[0].id == "R_001aBcDeFgHiJ"


def test_a_qualtrics_column_is_named_by_its_id_or_its_text(tmp_path: Path) -> None:
    export, _ = qualtrics(tmp_path)
    mapping = json.loads(write_mapping(tmp_path, "m.json", "qualtrics").read_text())
    mapping["items"] = [
        {"column": "Q3_1", "item": "direction.vision.1"},
        {"column": f"{PROFICIENCY_Q} - Connects daily tasks to longer-term goals.",
         "item": "direction.vision.2", "comment": "Q5"},
    ]
    (tmp_path / "m.json").write_text(json.dumps(mapping), encoding="utf-8")
    assessments, found = read_survey(export, tmp_path / "m.json", framework=FRAMEWORK)
    assert not [p for p in found if p.is_error], found
    assert len(assessments[0].ratings) == 8
    assert assessments[0].ratings[1].comment == "Listens well"


def test_names_are_refused_without_pseudonymise(tmp_path: Path) -> None:
    export, mapping_file = google_forms(tmp_path)
    mapping = json.loads(mapping_file.read_text())
    del mapping["pseudonymise"]
    mapping_file.write_text(json.dumps(mapping), encoding="utf-8")
    assessments, found = read_survey(export, mapping_file, framework=FRAMEWORK)
    assert assessments == []
    assert Counter(p.code for p in found if p.is_error) == {"invalid-id": 8}
    assert "'pseudonymise'" in next(p.message for p in found if p.code == "invalid-id")


def test_pseudonyms_fold_the_name_and_depend_on_the_key() -> None:
    key = b"k" * 32
    assert pseudonym(key, " Jane  SMITH ") == pseudonym(key, "jane smith")
    assert pseudonym(key, "jane smith") != pseudonym(b"j" * 32, "jane smith")
    assert pseudonym(key, "jane smith").startswith("p-")
    assert len(pseudonym(key, "jane smith")) == 18


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("2025/03/10 4:13:00 PM GMT", datetime.date(2025, 3, 10)),
        ("2025/03/30 9:02:11 AM GMT+1", datetime.date(2025, 3, 30)),
        ("10/03/2025 16:13:00", datetime.date(2025, 3, 10)),
        ("2025-03-10T23:30:00+01:00", datetime.date(2025, 3, 10)),
    ],
)
def test_google_timestamps(text: str, day: datetime.date) -> None:
    from leadcomp.formats._survey_tools import PRESETS

    assert parse_timestamp(text, PRESETS["google-forms"].date_formats) == day


# -- bad input ---------------------------------------------------------------------------------


def test_a_missing_or_short_key_file_is_a_located_problem(tmp_path: Path) -> None:
    export, mapping = google_forms(tmp_path)
    (tmp_path / "key.txt").unlink()
    assessments, found = read_survey(export, mapping, framework=FRAMEWORK)
    assert assessments == []
    assert [(p.code, p.file, p.path) for p in found] == [
        ("key-file", str(mapping), "$.pseudonymise.key_file")
    ]
    assert "secrets.token_hex(32)" in found[0].message
    (tmp_path / "key.txt").write_text("short\n", encoding="utf-8")
    assessments, found = read_survey(export, mapping, framework=FRAMEWORK)
    assert assessments == []
    assert [p.code for p in found] == ["short-key"]


def test_an_indicator_matched_by_two_columns_or_none(tmp_path: Path) -> None:
    export, mapping = google_forms(tmp_path)
    rows = export.read_text(encoding="utf-8").splitlines()
    # a second question repeats the first statement; the last statement is reworded
    first = f'"Self-rating [{TEXT["direction.vision.1"]}]"'
    rows = [rows[0].replace(",What does", f",{first},What does")] + [
        r + "," for r in rows[1:]
    ]
    rows[0] = rows[0].replace("practical work", "day-to-day work")
    export.write_text("\n".join(rows) + "\n", encoding="utf-8")
    assessments, found = read_survey(export, mapping, framework=FRAMEWORK)
    assert assessments == []
    codes = {(p.code, p.line) for p in found if p.is_error}
    assert codes == {("ambiguous-column", 1), ("missing-column", 1)}
    missing = next(p for p in found if p.code == "missing-column")
    assert "improving.readiness.2" in missing.message
    assert "day-to-day work" in missing.message
    ambiguous = next(p for p in found if p.code == "ambiguous-column")
    assert "direction.vision.1" in ambiguous.message
    assert ambiguous.column is not None


def test_an_unknown_tool_and_items_auto_without_a_framework(tmp_path: Path) -> None:
    export, mapping_file = surveymonkey(tmp_path)
    mapping = json.loads(mapping_file.read_text())
    with pytest.raises(InvalidDocument) as raised:
        read_survey(export, {**mapping, "tool": "typeform"}, framework=FRAMEWORK)
    assert [(p.code, p.path) for p in raised.value.problems] == [("invalid-value", "$.tool")]
    with pytest.raises(InvalidDocument) as raised:
        read_survey(export, mapping_file)
    assert [(p.code, p.path) for p in raised.value.problems] == [("missing-framework", "$.items")]
    with pytest.raises(InvalidDocument) as raised:
        read_survey(export, {**mapping, "format": "1.2"}, framework=FRAMEWORK)
    assert [p.code for p in raised.value.problems] == ["unsupported-format"]


def test_format_1_1_is_written_only_when_a_mapping_needs_it(tmp_path: Path) -> None:
    _, mapping_file = surveymonkey(tmp_path)
    model = leadcomp.load(mapping_file)
    assert json.loads(leadcomp.dumps(model))["format"] == "1.1"
    assert json.loads(leadcomp.dumps(leadcomp.load(ROOT / "examples/team-survey.mapping.yaml")))[
        "format"
    ] == "1.0"
    assert leadcomp.validate(mapping_file, framework=FRAMEWORK) == []


# -- several exports, --keep-going, cohorts ----------------------------------------------------


def self_and_others(folder: Path) -> tuple[list[str], Path]:
    """A Google self form (the subject's own name, every row self) and a Qualtrics form for
    the others."""
    export, mapping = qualtrics(folder)
    rows = export.read_bytes().decode("utf-8-sig").split("\r\n")
    keep = rows[:3] + [r for r in rows[3:] if r and ",Myself," not in r]
    export.write_text("\ufeff" + "\r\n".join(keep) + "\r\n", encoding="utf-8")
    header = ["Timestamp", "Your full name"]
    header += [f"How often do you show the following? [{TEXT[i]}]" for i in PROFICIENCY_ITEMS]
    header += [f"{AGREEMENT_Q} [{TEXT[i]}]" for i in AGREEMENT_ITEMS]
    own = [["Timestamp", *header[1:]]]
    for stamp, (subject, group, _n, _e, answers, _w) in zip(
        GOOGLE_STAMPS, RESPONSES, strict=True
    ):
        if group == "self":
            own.append([stamp, subject, *[label(i, a, "google-forms")
                                          for i, a in zip(ITEMS, answers, strict=True)]])
    self_form = write_csv(folder / "self.csv", own)
    self_mapping = write_mapping(
        folder, "self.mapping.json", "google-forms", columns={"subject": "Your full name"},
        default_group="self", groups=[],
    )
    return [str(self_form), "--mapping", str(self_mapping), "--input", str(export),
            "--mapping", str(mapping)], folder / "merged.jsonl"


def test_a_self_form_and_a_360_form_make_one_assessment_per_subject(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args, out = self_and_others(tmp_path)
    status = main(["convert", *args, str(out), "--framework", str(FRAMEWORK_FILE)])
    err = capsys.readouterr().err
    assert status == 0, err
    assessments = [leadcomp.load(line.encode()) for line in out.read_text().splitlines()]
    assert ratings_of(assessments) == expected_ratings()
    assert [sorted(r.group for r in a.raters) for a in assessments] == [
        ["direct_report", "manager", "peer", "self"], ["manager", "peer", "peer", "self"]
    ]
    assert "self.csv + " in err
    assert "2 assessments, 56 ratings" in err
    # the same in Python
    merged, found = read_surveys(
        [(args[0], args[2]), (args[4], args[6])], framework=FRAMEWORK
    )
    assert merged == assessments
    assert not [p for p in found if p.is_error]


def test_a_second_self_rating_across_exports_is_reported_where_it_is(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    export, mapping = qualtrics(tmp_path)  # has self rows too
    sub = tmp_path / "two"
    sub.mkdir()
    args, out2 = self_and_others(sub)
    args[4] = str(export)  # the full Qualtrics export, with its own self rows
    args[6] = str(mapping)
    assert main(["convert", *args, str(out2), "--framework", str(FRAMEWORK_FILE)]) == 1
    err = capsys.readouterr().err
    assert f"{export}:4:" in err
    assert "duplicate-self" in err
    assert not out2.exists()


def test_usage_errors_for_inputs_and_mappings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args, out = self_and_others(tmp_path)
    assert main(["convert", args[0], "--input", args[4], "--mapping", args[2], str(out)]) == 2
    assert "2 survey exports but 1 --mapping" in capsys.readouterr().err
    assert main(["convert", args[0], str(out), "--mapping", args[2], "--mapping", args[6]]) == 2
    assert "--input" in capsys.readouterr().err
    # --input FILE --mapping FILE pairs alone, OUT last
    assert main(["convert", "--input", args[0], "--mapping", args[2], "--input", args[4],
                 "--mapping", args[6], str(out), "--framework", str(FRAMEWORK_FILE)]) == 0


def test_keep_going_writes_the_valid_assessments_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    export, mapping = surveymonkey(tmp_path)
    lines = export.read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3].replace("My line manager", "My mentor")  # row 4: an unknown group
    lines[5] = lines[5].replace("Exemplary", "Brilliant", 1)  # row 6: an unknown answer
    export.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    argv = ["convert", str(export), str(out), "--mapping", str(mapping), "--framework",
            str(FRAMEWORK_FILE)]
    assert main(argv) == 1
    assert not out.exists()
    capsys.readouterr()
    assert main([*argv, "--keep-going"]) == 1
    err = capsys.readouterr().err
    assert "surveymonkey.csv:4:11: unknown-group:" in err
    assert "surveymonkey.csv:6:" in err
    assert "unknown-label" in err
    assessments = [leadcomp.load(line.encode()) for line in out.read_text().splitlines()]
    assert len(assessments) == 2
    assert sum(len(a.ratings) for a in assessments) == 56 - 7 - 1
    assert "2 assessments, 48 ratings; 2 errors left out" in err


def test_cohort_commands_refuse_a_subject_on_two_lines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = ROOT / "examples" / "clinical-fellows-2024.assessments.jsonl"
    lines = source.read_text(encoding="utf-8").splitlines()
    cohort = tmp_path / "cohort.jsonl"
    cohort.write_text("\n".join([*lines, "", lines[0]]) + "\n", encoding="utf-8")
    assert main(["cohort", str(cohort), "--role", "clinical-fellow"]) == 1
    err = capsys.readouterr().err
    subject = json.loads(lines[0])["subject"]
    where = f"{cohort}:{len(lines) + 2}: duplicate-subject: subject {subject!r} is also on line 1"
    assert where in err
    assert f"{len(lines)} of {len(lines) + 1} assessments compared with the role, 1 failed" in err
    pytest.importorskip("jinja2", reason="leadcomp report needs Jinja2 (the report extra)")
    assert main(["report", str(cohort), "--role", "clinical-fellow", "-o",
                 str(tmp_path / "r.md")]) == 1
    assert where in capsys.readouterr().err


def test_a_format_1_0_mapping_cannot_use_1_1_fields(tmp_path: Path) -> None:
    export, mapping_file = surveymonkey(tmp_path)
    mapping = {**json.loads(mapping_file.read_text()), "format": "1.0"}
    with pytest.raises(InvalidDocument) as raised:
        read_survey(export, mapping, framework=FRAMEWORK)
    assert [(p.code, p.path) for p in raised.value.problems] == [("invalid-format", "$.format")]
    assert '"format": "1.1"' in raised.value.problems[0].message


def test_row_numbers_of_two_exports_of_one_tool_give_different_raters(tmp_path: Path) -> None:
    """Google Forms has no response id: the row number stands for one, qualified by the
    export's place when several are read (row 2 of each is someone else)."""
    export, mapping = google_forms(tmp_path)
    rows = export.read_text(encoding="utf-8").splitlines()
    first = tmp_path / "first.csv"
    second = tmp_path / "second.csv"
    first.write_text("\n".join(rows[:5]) + "\n", encoding="utf-8")
    second.write_text("\n".join([rows[0], *rows[5:]]) + "\n", encoding="utf-8")
    alone, _ = read_survey(first, mapping, framework=FRAMEWORK)
    assert alone[0].raters[0].id == "row-2"
    merged, found = read_surveys([(first, mapping), (second, mapping)], framework=FRAMEWORK)
    assert not [p for p in found if p.is_error]
    assert ratings_of(merged) == expected_ratings()
    assert merged[1].raters[0].id == "i2-row-2"


@settings(scaled(0.5), deadline=None)
@given(st.data())
def test_items_auto_finds_each_indicator_however_its_text_is_rendered(data: st.DataObject) -> None:
    """Whatever the case, quotes, dashes, spaces, full stop and column order of the question
    texts, each indicator's answers are read as that indicator's."""
    order = data.draw(st.permutations(ITEMS))
    header = ["Participant"] + [
        f"{PROFICIENCY_Q} - " + data.draw(S.rendered_texts(TEXT[item])) for item in order
    ]
    answers = {item: (n % 4) + 1 for n, item in enumerate(ITEMS)}
    row = ["p1"] + [str(answers[item]) for item in order]
    mapping = {
        "kind": "survey-mapping", "format": "1.1", "framework": "team-leadership@1.2.0",
        "tool": "generic", "layout": "wide", "columns": {"subject": "Participant"},
        "items": "auto",
    }
    text = "".join(
        ",".join('"' + c.replace('"', '""') + '"' for c in line) + "\n" for line in [header, row]
    )
    assessments, found = read_survey(text.encode("utf-8"), mapping, framework=FRAMEWORK)
    assert not [p for p in found if p.is_error], found
    assert {r.item: r.value for r in assessments[0].ratings} == answers


def test_a_surveymonkey_workbook_export(tmp_path: Path) -> None:
    """SurveyMonkey's XLSX export: the same two header rows, dates as Excel date-times."""
    openpyxl = pytest.importorskip("openpyxl", reason="needs openpyxl (the xlsx extra)")
    import csv

    export, mapping = surveymonkey(tmp_path)
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    with export.open(encoding="utf-8", newline="") as handle:
        for number, text in enumerate(csv.reader(handle), start=1):
            cells: list[Any] = list(text)
            if number > 2:
                for column in (2, 3):
                    cells[column] = datetime.datetime.strptime(
                        cells[column], "%m/%d/%Y %I:%M:%S %p"
                    )
                cells[0] = int(cells[0])
            sheet.append([c if c != "" else None for c in cells])
    book = tmp_path / "surveymonkey.xlsx"
    workbook.save(book)
    assessments, found = read_survey(book, mapping, framework=FRAMEWORK)
    assert not [p for p in found if p.is_error], found
    assert ratings_of(assessments) == expected_ratings()
    assert [a.date for a in assessments] == [LATEST["Jane Smith"], LATEST["Ravi Patel"]]
    assert assessments[0].raters[0].id == "respondent-114236140001"


def test_columns_items_auto_leaves_unread_are_listed(tmp_path: Path) -> None:
    export, mapping = qualtrics(tmp_path)
    _, found = read_survey(export, mapping, framework=FRAMEWORK)
    unread = [p for p in found if p.code == "unread-columns"]
    assert len(unread) == 1
    assert unread[0].severity == "warning"
    assert unread[0].path == "$[row 1].Q5"
    assert "2 columns" in unread[0].message
    assert repr(STRENGTHS_Q) in unread[0].message
    assert "'Cohort'" in unread[0].message


def test_open_questions_mapped_in_comments_go_on_their_raters(tmp_path: Path) -> None:
    """``comments`` (format 1.1) reads the open question's column onto each rater, by the
    tool's column id or the question text; the column is no longer unread, while the one
    column no mapping reads (embedded data) still is, as a warning."""
    export, _ = qualtrics(tmp_path)
    for column in ("Q5", STRENGTHS_Q, STRENGTHS_Q.upper()):
        mapping = write_mapping(
            tmp_path, "open.mapping.json", "qualtrics",
            columns={"subject": "Q1", "group": RELATION_Q}, comments={"strengths": column},
        )
        assessments, found = read_survey(export, mapping, framework=FRAMEWORK)
        assert not [p for p in found if p.is_error], found
        unread = [p for p in found if p.code == "unread-columns"]
        assert len(unread) == 1
        assert unread[0].severity == "warning"
        assert "1 column " in unread[0].message
        assert "'Cohort'" in unread[0].message
        assert repr(STRENGTHS_Q) not in unread[0].message
        for assessment in assessments:
            assert {r.id for r in assessment.raters} == {c.rater for c in assessment.comments}
            assert {(c.question, c.text) for c in assessment.comments} == {
                ("strengths", "Listens well")
            }
            assert '"format": "1.1"' in leadcomp.dumps(assessment)
        # the answers reach the sheet, as far as anonymity allows
        sheet = leadcomp.score(assessments[0], FRAMEWORK)
        (answers,) = sheet.open_comments
        assert answers.question == "strengths"
        assert [c.group for c in answers.comments] == ["self", "manager"]  # one peer, one report


def test_open_questions_mapped_twice_or_missing_are_problems(tmp_path: Path) -> None:
    export, _ = qualtrics(tmp_path)
    mapping = write_mapping(
        tmp_path, "missing.mapping.json", "qualtrics",
        columns={"subject": "Q1", "group": RELATION_Q},
        comments={"strengths": "What could they develop?"},
    )
    _, found = read_survey(export, mapping, framework=FRAMEWORK)
    assert [p.code for p in found if p.is_error] == ["missing-column"]
    assert "comments.strengths" in found[0].message
    # a mapping of format 1.0 cannot use comments
    mapping = tmp_path / "old.mapping.yaml"
    mapping.write_text(
        'kind: survey-mapping\nformat: "1.0"\nframework: team-leadership@1.2.0\nlayout: wide\n'
        "columns: {subject: Q1}\nitems: [{column: Q3_1, item: " + ITEMS[0] + "}]\n"
        "comments: {strengths: Q5}\n",
        encoding="utf-8",
    )
    with pytest.raises(InvalidDocument) as caught:
        read_survey(export, mapping, framework=FRAMEWORK)
    assert [p.code for p in caught.value.problems] == ["invalid-format"]
    assert "'comments'" in caught.value.problems[0].message


def test_a_second_answer_to_an_open_question_is_reported_and_the_first_kept(
    tmp_path: Path,
) -> None:
    rows = [
        ["Participant", "Respondent", "Relationship", "Q1", "Well?"],
        ["p-1", "r-1", "peer", "3", "First"],
        ["p-1", "r-1", "peer", "", "Second"],
        ["p-1", "r-2", "peer", "2", "   "],
    ]
    export = write_csv(tmp_path / "s.csv", rows)
    mapping = {
        "kind": "survey-mapping", "format": "1.1", "framework": "team-leadership@1.2.0",
        "layout": "wide",
        "columns": {"subject": "Participant", "rater": "Respondent", "group": "Relationship"},
        "items": [{"column": "Q1", "item": ITEMS[0]}], "comments": {"strengths": "Well?"},
    }
    (assessment,), found = read_survey(export, mapping, framework=FRAMEWORK)
    assert [(p.code, p.line) for p in found] == [("duplicate-answer", 3)]
    assert [(c.rater, c.text) for c in assessment.comments] == [("r-1", "First")]


@pytest.mark.parametrize("version", ["1.0", "1.1"])
def test_a_column_holding_answers_that_no_mapping_names_is_a_warning(
    version: str, tmp_path: Path
) -> None:
    """With items listed one by one, a column the mapping does not name is not read; where it
    holds an answer in some response, an ``unread-columns`` warning lists it (an empty one, or
    one mapped in ``comments``, is not listed)."""
    rows = [
        ["Participant", "Respondent", "Relationship", "Q1", "Well?", "Other thoughts", "Blank"],
        ["p-1", "r-1", "peer", "3", "Kind", "", ""],
        ["p-1", "r-2", "peer", "2", "", "Great team", ""],
    ]
    export = write_csv(tmp_path / "s.csv", rows)
    mapping: dict[str, Any] = {
        "kind": "survey-mapping", "format": version, "framework": "team-leadership@1.2.0",
        "layout": "wide",
        "columns": {"subject": "Participant", "rater": "Respondent", "group": "Relationship"},
        "items": [{"column": "Q1", "item": ITEMS[0]}],
    }
    if version == "1.1":
        mapping["comments"] = {"strengths": "Well?"}
    (assessment,), found = read_survey(export, mapping, framework=FRAMEWORK)
    (warning,) = found
    assert (warning.code, warning.severity, warning.line) == ("unread-columns", "warning", 1)
    listed = "E ('Well?'), F ('Other thoughts')" if version == "1.0" else "F ('Other thoughts')"
    assert listed in warning.message
    assert "Blank" not in warning.message
    assert len(assessment.comments) == (1 if version == "1.1" else 0)
