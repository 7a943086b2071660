"""Hostile and extreme input, by class: each test states a promise for a whole class of inputs
(every value within a limit, every workbook up to the size limit, every special file...), not
only for the one example that first showed it broken."""

from __future__ import annotations

import datetime
import io
import json
import os
import pickle
import re
import subprocess
import sys
import zipfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

import leadcomp
from leadcomp.model import Assessment, Framework, Indicator, Level, ScoringPolicy
from leadcomp.scoring import SCALE_LIMIT, prepared
from leadcomp.scoring._kernel.responses import from_assessment
from leadcomp.scoring._kernel.sheet import Prepared, sheet_data
from scoring_strategies import policies, scoring_assessments, scoring_frameworks
from strategies import documents, frameworks, json_values, texts

ROOT = Path(__file__).resolve().parents[1]

# --- scales with values up to the scale limit -----------------------------------------------


@st.composite
def large_scale_cases(draw: st.DrawFn) -> tuple[Framework, list[Assessment], ScoringPolicy]:
    """A scoring framework whose scales' values are spread anywhere within +-SCALE_LIMIT."""
    framework = draw(scoring_frameworks())
    big = st.integers(-SCALE_LIMIT, SCALE_LIMIT) | st.sampled_from(
        [SCALE_LIMIT, -SCALE_LIMIT, 2**31, 2**32 + 1, 2**26, -(2**33)]
    )
    scales = []
    for scale in framework.scales:
        values = sorted(
            draw(st.lists(big, min_size=len(scale.levels), max_size=len(scale.levels),
                          unique=True))
        )
        scales.append(attrs.evolve(scale, levels=tuple(
            Level(value=v, label=f"level {v}") for v in values
        )))
    framework = attrs.evolve(framework, scales=tuple(scales))
    assessments = draw(st.lists(scoring_assessments(framework), min_size=1, max_size=3))
    return framework, assessments, draw(policies())


def _plain(framework: Framework, policy: ScoringPolicy) -> Prepared:
    """The framework and policy prepared to score without packed sums (the plain path)."""
    ready: Prepared = pickle.loads(pickle.dumps(prepared(framework, policy)))
    ready.packed = False
    return ready


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=large_scale_cases())
def test_every_value_within_the_scale_limit_scores_alike_on_both_paths(
    case: tuple[Framework, list[Assessment], ScoringPolicy],
) -> None:
    framework, assessments, policy = case
    plain = _plain(framework, policy)
    for assessment in assessments:
        sheet = leadcomp.score(assessment, framework, policy)
        assert sheet.assessment == assessment.id
        responses = from_assessment(assessment, plain.plan.items)
        fast = pickle.loads(pickle.dumps(prepared(framework, policy)))
        assert json.dumps(sheet_data(responses, fast)) == json.dumps(
            sheet_data(responses, plain)
        )


# --- whole numbers longer than Python writes ------------------------------------------------

_LIMIT = sys.get_int_max_str_digits() if hasattr(sys, "get_int_max_str_digits") else 0


def _long_integers() -> st.SearchStrategy[tuple[str, int]]:
    """YAML whole numbers past the digit limit, as written and the line they are on: decimal
    (signed or not, with YAML 1.1 underscores), and hex, octal, binary and
    sexagesimal that expand past it."""
    extra = st.integers(1, 300)
    decimal = st.tuples(st.sampled_from(["", "-", "+"]), extra).map(
        lambda t: t[0] + "9" * (_LIMIT + t[1])
    )
    underscored = extra.map(lambda n: "1_" + "0" * (_LIMIT + n))
    hexadecimal = extra.map(lambda n: "0x" + "f" * (_LIMIT * 5 // 6 + n))
    octal = extra.map(lambda n: "0" + "7" * (_LIMIT * 10 // 9 + n))
    sexagesimal = extra.map(lambda n: "1" + ":59" * (_LIMIT * 10 // 17 + n))
    binary = extra.map(lambda n: "0b" + "1" * (_LIMIT * 10 // 3 + n))
    return st.tuples(
        st.one_of(decimal, underscored, hexadecimal, octal, binary, sexagesimal), st.integers(0, 3)
    )


@pytest.mark.skipif(not _LIMIT, reason="this Python converts whole numbers of any length")
@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=_long_integers(), where=st.sampled_from(["extensions", "version", "list"]))
def test_whole_numbers_past_the_digit_limit_are_located_problems(
    case: tuple[str, int], where: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    number, blank_lines = case
    head = 'kind: framework\nformat: "1.0"\nid: x\ntitle: t\n' + "\n" * blank_lines
    body = {
        "extensions": f"version: 1.0.0\nextensions:\n  a: {number}\n",
        "version": f"version: {number}\n",
        "list": f"version: 1.0.0\ntags: [a, {number}]\n",
    }[where]
    path = tmp_path_factory.mktemp("long") / "x.yaml"
    path.write_text(head + body)
    problems = leadcomp.validate(path)  # never raises
    assert [p.code for p in problems] == ["number-too-long"]
    found = problems[0]
    assert found.line == head.count("\n") + body.count("\n")
    assert found.column is not None
    assert str(_LIMIT) in found.message
    with pytest.raises(leadcomp.InvalidDocument):
        leadcomp.load(path)
    assert found.path == {"extensions": "$.extensions.a", "version": "$.version",
                          "list": "$.tags[1]"}[where]


@pytest.mark.skipif(not _LIMIT, reason="this Python converts whole numbers of any length")
@pytest.mark.parametrize(
    "value", [10**_LIMIT, -(10**_LIMIT), 16 ** (_LIMIT + 1)], ids=["ten", "negative", "hex"]
)
def test_whole_numbers_past_the_digit_limit_in_data_are_problems_not_crashes(value: int) -> None:
    data = {"kind": "framework", "format": "1.0", "extensions": {"a": [value]}}
    assert "number-too-long" in [p.code for p in leadcomp.validate(data)]
    framework = leadcomp.load(ROOT / "examples" / "team-leadership.framework.json")
    with pytest.raises(leadcomp.InvalidDocument) as caught:
        leadcomp.dumps(attrs.evolve(framework, extensions={"a": value}))
    assert [p.code for p in caught.value.problems] == ["number-too-long"]
    assert leadcomp.validate({**data, "extensions": {"a": 10**_LIMIT - 1}}) == leadcomp.validate(
        {**data, "extensions": {"a": 1}}
    )


# --- limits set very high ---------------------------------------------------------------------

_HIGH_LIMITS = st.integers(2**31, 2**70) | st.sampled_from(
    [2**31, 2**62, 2**63 - 1, 2**63, 2**64, 10**30, sys.maxsize, sys.maxsize + 1]
)


@pytest.fixture(scope="module")
def framework_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The example framework as leadcomp YAML, CASE JSON and Moodle CSV."""
    folder = tmp_path_factory.mktemp("formats")
    framework = leadcomp.load(ROOT / "examples" / "team-leadership.framework.yaml")
    files = {
        "yaml": ROOT / "examples" / "team-leadership.framework.yaml",
        "case": folder / "x.case.json",
        "moodle": folder / "x.csv",
        "jsonl": ROOT / "examples" / "clinical-fellows-2024.assessments.jsonl",
    }
    files["case"].write_text(leadcomp.dumps_case(framework), encoding="utf-8")
    leadcomp.dump_moodle(framework, files["moodle"])
    return files


@settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(limit=_HIGH_LIMITS, kind=st.sampled_from(["yaml", "case", "moodle", "jsonl"]))
def test_a_very_high_byte_limit_reads_with_memory_that_grows_with_the_file(
    limit: int, kind: str, framework_files: dict[str, Path]
) -> None:
    import tracemalloc

    from leadcomp.read._jsonl import read_lines

    path = framework_files[kind]
    limits = leadcomp.Limits(max_bytes=limit)
    tracemalloc.start()
    try:
        if kind == "yaml":
            assert leadcomp.validate(path, limits=limits) == []
        elif kind == "case":
            leadcomp.load_case(path, limits=limits)
        elif kind == "moodle":
            leadcomp.load_moodle(path, limits=limits)
        else:
            assert sum(1 for _ in read_lines(path, limits=limits)) > 0
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 64 * path.stat().st_size + 16 * 2**20


@pytest.mark.parametrize("limit", [str(2**63), str(10**30), "9" * 200])
def test_a_very_high_byte_limit_on_the_command_line_reads_the_file(
    limit: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from leadcomp.cli import main

    example = str(ROOT / "examples" / "team-leadership.framework.yaml")
    assert main(["validate", "--max-bytes", limit, example]) == 0
    out = tmp_path / "out.json"
    assert main(["convert", "--max-bytes", limit, example, str(out)]) == 0
    assert leadcomp.load(out) == leadcomp.load(example)
    assert main(["convert", "--max-bytes", "-1", example, str(tmp_path / "no.json")]) == 2
    assert "too small" in capsys.readouterr().err


# --- hostile workbooks ------------------------------------------------------------------------

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE = "http://schemas.openxmlformats.org/package/2006"
_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml"


def _workbook(
    sheet_data: str, *, merges: Sequence[str] = (), strings: Sequence[str] = (),
    strings_xml: bytes | None = None, styles_xml: bytes | None = None,
) -> bytes:
    """A workbook of one sheet, written by hand: its rows' XML, merged ranges and shared
    strings as given, or the shared strings' and styles' parts whole (nothing checks that
    they make sense)."""
    merged = (
        f'<mergeCells count="{len(merges)}">'
        + "".join(f'<mergeCell ref="{ref}"/>' for ref in merges)
        + "</mergeCells>"
    ) if merges else ""
    parts = {
        "[Content_Types].xml": (
            f'<Types xmlns="{_PACKAGE}/content-types">'
            f'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{_TYPE}.sheet.main+xml"/>'
            f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{_TYPE}.worksheet+xml"/>'
            f'<Override PartName="/xl/sharedStrings.xml" ContentType="{_TYPE}.sharedStrings+xml"/>'
            "</Types>"
        ),
        "_rels/.rels": (
            f'<Relationships xmlns="{_PACKAGE}/relationships"><Relationship Id="rId1" '
            f'Type="{_RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            f'<workbook xmlns="{_MAIN}" xmlns:r="{_RELS}"><sheets>'
            '<sheet name="Responses" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            f'<Relationships xmlns="{_PACKAGE}/relationships">'
            f'<Relationship Id="rId1" Type="{_RELS}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{_RELS}/sharedStrings" Target="sharedStrings.xml"/>'
            f'<Relationship Id="rId3" Type="{_RELS}/styles" Target="styles.xml"/>'
            "</Relationships>"
        ),
        "xl/worksheets/sheet1.xml": (
            f'<worksheet xmlns="{_MAIN}"><sheetData>{sheet_data}</sheetData>{merged}</worksheet>'
        ),
        "xl/sharedStrings.xml": (
            f'<sst xmlns="{_MAIN}" count="{len(strings)}">'
            + "".join(f"<si><t>{text}</t></si>" for text in strings)
            + "</sst>"
        ),
    }
    written: dict[str, str | bytes] = dict(parts)
    if strings_xml is not None:
        written["xl/sharedStrings.xml"] = strings_xml
    written["xl/styles.xml"] = styles_xml if styles_xml is not None else (
        f'<styleSheet xmlns="{_MAIN}"><cellXfs count="1"><xf numFmtId="0"/></cellXfs>'
        "</styleSheet>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, text in written.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def _header_and_rows(rows: int) -> str:
    """A header row (subject, rater, group, c1.1) and ``rows`` answer rows."""
    header = '<row r="1">' + "".join(
        f'<c r="{col}1" t="s"><v>{n}</v></c>' for n, col in enumerate("ABCD")
    ) + "</row>"
    body = "".join(
        f'<row r="{r}"><c r="A{r}" t="s"><v>4</v></c><c r="B{r}"><v>{r}</v></c>'
        f'<c r="C{r}" t="s"><v>5</v></c><c r="D{r}"><v>3</v></c></row>'
        for r in range(2, rows + 2)
    )
    return header + body


_STRINGS = ["subject", "rater", "group", "c1.1", "s1", "peer"]

#: Hostile workbooks, each under a megabyte, and the problem each must be refused with (None:
#: read without one).
HOSTILE_WORKBOOKS: dict[str, tuple[bytes, str | None]] = {
    # one merged range over the whole sheet, many times over: billions of cell writes
    "merged-everything": (
        _workbook(_header_and_rows(300), merges=[
            f"A1:XFD{1_048_576 - n}" for n in range(300)
        ], strings=_STRINGS),
        "too-many-cells",
    ),
    # merged ranges as wide as a sheet on every row of the file
    "merged-wide": (
        _workbook(_header_and_rows(2000), merges=[f"D{r}:XFD{r}" for r in range(2, 2002)],
                  strings=_STRINGS),
        "too-many-cells",
    ),
    # more merged ranges than any survey export has (each would be kept and reported)
    "merged-many": (
        _workbook(_header_and_rows(3), merges=[f"E{r}:F{r}" for r in range(1, 200_002)],
                  strings=_STRINGS),
        "too-many-cells",
    ),
    # a sheet (or a row) full of elements that are neither rows nor cells: each would be
    # parsed (in a row, all at once)
    "not-rows": (
        _workbook(_header_and_rows(3) + "<x/>" * 5_000_000, strings=_STRINGS),
        "invalid-xlsx",
    ),
    "not-cells": (
        _workbook(_header_and_rows(3) + '<row r="9">' + "<x/>" * 5_000_000 + "</row>",
                  strings=_STRINGS),
        "invalid-xlsx",
    ),
    # a merged range with columns no sheet has
    "merged-past-the-columns": (
        _workbook(_header_and_rows(3), merges=["D2:ZZZZZZZ2"], strings=_STRINGS),
        "too-many-cells",
    ),
    # one row numbered in the millions, then one past a sheet's last row
    "row-in-the-millions": (
        _workbook(_header_and_rows(1) + '<row r="9000000"><c r="A9000000"><v>1</v></c></row>',
                  strings=_STRINGS),
        "invalid-xlsx",
    ),
    "row-past-the-last": (
        _workbook(_header_and_rows(1) + '<row r="4294967297"><c r="A1"><v>1</v></c></row>',
                  strings=_STRINGS),
        "invalid-xlsx",
    ),
    # a row of more cells than a sheet has columns, all at once
    "row-too-wide": (
        _workbook(_header_and_rows(1) + '<row r="3">' + "<c/>" * 400_000 + "</row>",
                  strings=_STRINGS),
        "invalid-xlsx",
    ),
    # rows out of order would be dropped without a word
    "rows-backwards": (
        _workbook(_header_and_rows(3) + _header_and_rows(1), strings=_STRINGS),
        "invalid-xlsx",
    ),
    # a negative shared-string index would read another string (counted from the end)
    "negative-string": (
        _workbook(_header_and_rows(1).replace("<v>5</v>", "<v>-1</v>"), strings=_STRINGS),
        "invalid-xlsx",
    ),
    "string-past-the-end": (
        _workbook(_header_and_rows(1).replace("<v>5</v>", "<v>6</v>"), strings=_STRINGS),
        "invalid-xlsx",
    ),
    # more cells than the limit, as 627 rows of 16,000 empty cells: refused before parsing
    "cells-over-the-limit": (
        _workbook(_header_and_rows(1) + "".join(
            f'<row r="{r}">' + "<c/>" * 16_000 + "</row>" for r in range(3, 640)
        ), strings=_STRINGS),
        "too-many-cells",
    ),
    # a shared-string table longer than the cell limit (empty strings: 5 bytes each)
    "strings-over-the-limit": (
        _workbook(_header_and_rows(1), strings_xml=(
            f'<sst xmlns="{_MAIN}">'.encode() + b"<si/>" * 10_000_001 + b"</sst>"
        )),
        "too-many-cells",
    ),
    # a shared-string table of 9 million strings (under the cell limit) that the sheet barely
    # uses: read, and only as far as its cells name strings
    "strings-unused": (
        _workbook(_header_and_rows(1), strings_xml=(
            f'<sst xmlns="{_MAIN}">'.encode()
            + "".join(f"<si><t>{text}</t></si>" for text in _STRINGS).encode()
            + b"<si/>" * 9_000_000 + b"</sst>"
        )),
        None,
    ),
    # far more cell formats than Excel has, each a small object once parsed
    "styles-bomb": (
        _workbook(_header_and_rows(1), strings=_STRINGS, styles_xml=(
            f'<styleSheet xmlns="{_MAIN}"><cellXfs>'.encode() + b"<xf/>" * 2_000_000
            + b"</cellXfs></styleSheet>"
        )),
        "invalid-xlsx",
    ),
}

_MEASURE = """
import json, resource, sys
resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))


def peak():
    # this process's own peak (ru_maxrss would include the parent it was forked from)
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


from leadcomp.read._xlsx import XlsxRows
import time
start = time.perf_counter()
rows = XlsxRows(sys.argv[1])
read = sum(1 for _ in rows)
print(json.dumps({
    "seconds": round(time.perf_counter() - start, 2),
    "codes": sorted({p.code for p in rows.problems}),
    "rows": read,
    "rss": peak(),
}))
"""

_MAPPING = {
    "kind": "survey-mapping", "format": "1.0", "id": "hostile", "framework": "f@1.0.0",
    "layout": "wide",
    "columns": {"subject": "subject", "rater": "rater", "group": "group"},
    "groups": [{"label": "peer", "group": "peer"}],
    "items": [{"column": "c1.1", "item": "c1.1"}],
    "values": [{"label": "three", "value": 3}],
}


@pytest.mark.parametrize("name", sorted(HOSTILE_WORKBOOKS))
def test_hostile_workbooks_are_refused_within_a_gigabyte(name: str, tmp_path: Path) -> None:
    pytest.importorskip("openpyxl")
    data, code = HOSTILE_WORKBOOKS[name]
    assert len(data) < 1024 * 1024
    path = tmp_path / f"{name}.xlsx"
    path.write_bytes(data)
    ran = subprocess.run(
        [sys.executable, "-c", _MEASURE, str(path), json.dumps(_MAPPING)],
        capture_output=True, text=True, timeout=600, check=False,
    )
    assert ran.returncode == 0, ran.stderr[-2000:]
    found = json.loads(ran.stdout)
    assert found["codes"] == ([code] if code else [])
    # the process ran under a 1 GB address-space limit (a MemoryError would have failed it)
    # and its peak resident memory was far below it
    assert found["rss"] < 512 * 2**20
    print(name, len(data), found["rss"], found["seconds"])


def test_a_hand_written_workbook_reads_and_a_bad_string_index_changes_no_answer(
    tmp_path: Path,
) -> None:
    pytest.importorskip("openpyxl")
    path = tmp_path / "good.xlsx"
    path.write_bytes(_workbook(_header_and_rows(3), strings=_STRINGS))
    assessments, problems = leadcomp.read_survey(path, _MAPPING)
    assert problems == []
    assert [len(a.ratings) for a in assessments] == [3]
    # the group cell of row 3 names string -1 ("peer" counted from the end), then 6 (none)
    for index in ("-1", "6"):
        text = _header_and_rows(3).replace(
            '<c r="C3" t="s"><v>5</v>', f'<c r="C3" t="s"><v>{index}</v>'
        )
        path.write_bytes(_workbook(text, strings=_STRINGS))
        assessments, problems = leadcomp.read_survey(path, _MAPPING)
        assert assessments == []
        assert [(p.code, p.line) for p in problems] == [("invalid-xlsx", 3)]


# --- costs that grow with the input, not with its square ------------------------------------


def _lines_run(run: Callable[[], object], *modules: str) -> int:
    """The number of lines of the named modules' files executed by ``run``: a count of the
    work done that, unlike a time, does not depend on the machine."""
    import importlib

    files = {importlib.import_module(name).__file__ for name in modules}
    count = 0

    def trace(frame: Any, event: str, arg: Any) -> Any:
        nonlocal count
        if frame.f_code.co_filename not in files:
            return None
        if event == "line":
            count += 1
        return trace

    previous = sys.gettrace()  # a coverage tracer, say: put back afterwards, not dropped
    sys.settrace(trace)
    try:
        run()
    finally:
        sys.settrace(previous)
    return count


def _unknown_parents(n: int) -> dict[str, Any]:
    """A framework of n competencies, each with a parent that is not in it (but close to an
    id that is, so that each has a hint to look for)."""
    return {
        "kind": "framework", "format": "1.0", "id": "f", "version": "1.0.0", "title": "t",
        "default_scale": "s",
        "scales": [{"id": "s", "levels": [{"value": 1, "label": "a"}, {"value": 2, "label": "b"}]}],
        "competencies": [
            {"id": f"c{i:05}", "title": "t", "kind": "skill", "parent": f"p{i:05}"}
            for i in range(n)
        ],
    }


def _unknown_raters(n: int) -> dict[str, Any]:
    """An assessment of n raters and n ratings by raters it does not list."""
    return {
        "kind": "assessment", "format": "1.0", "id": "a", "subject": "s",
        "framework": "f@1.0.0",
        "raters": [{"id": f"r{i:05}", "group": "peer"} for i in range(n)],
        "ratings": [{"rater": f"x{i:05}", "item": "c", "value": 1} for i in range(n)],
    }


def _moodle_export(n: int) -> bytes:
    """leadcomp's Moodle export of n competencies, each with data only its leadcomp cell
    carries (a weight and tags), so that every row is patched after it is read."""
    from leadcomp.model import Competency, Provenance, Scale

    framework = Framework(
        id="f", version="1.0.0", title="t", provenance=Provenance(source="x"),
        scales=(Scale(id="s", levels=(Level(value=1, label="a"), Level(value=2, label="b"))),),
        default_scale="s",
        competencies=tuple(
            Competency(
                id=f"c{i}", title=f"C {i}", kind="skill", weight=2.0, tags=("x",),
                parent=f"c{i // 2}" if i else None,
            )
            for i in range(n)
        ),
    )
    return leadcomp.write_moodle(framework).encode("utf-8")


def _growth(make: Callable[[int], Any], run: Callable[[Any], object], *modules: str) -> float:
    small, large = make(250), make(1000)
    return _lines_run(lambda: run(large), *modules) / _lines_run(lambda: run(small), *modules)


def test_unknown_references_cost_linear_work_and_keep_their_first_hints() -> None:
    modules = ("difflib", "leadcomp.validation._rules", "leadcomp.validation._suggest")
    parents = _growth(_unknown_parents, leadcomp.validate, *modules)
    raters = _growth(_unknown_raters, leadcomp.validate, *modules)
    assert parents < 5.0  # four times the input: about four times the work, not sixteen
    assert raters < 5.0
    problems = leadcomp.validate(_unknown_parents(100))
    assert [p.code for p in problems] == ["unknown-reference"] * 100
    assert "did you mean 'c00000'?" in problems[0].message
    assert sum("did you mean" in p.message for p in problems) == 20
    problems = leadcomp.validate(_unknown_raters(50))
    assert sum(p.code == "unknown-rater" for p in problems) == 50


def test_a_moodle_export_is_read_in_linear_work() -> None:
    modules = ("leadcomp.formats.moodle", "leadcomp.formats._moodle_spec")
    assert _growth(_moodle_export, leadcomp.read_moodle, *modules) < 5.0
    framework, problems = leadcomp.read_moodle(_moodle_export(30))
    assert problems == []
    assert framework is not None
    assert all(c.weight == 2.0 and c.tags == ("x",) for c in framework.competencies)


# --- special files are written into, never replaced ------------------------------------------


def _writers(framework: Framework) -> dict[str, Callable[[Path], object]]:
    """Every way leadcomp writes a file over an existing one."""
    from leadcomp.cli import main
    from leadcomp.documents._atomic import atomic_bytes

    def streamed(path: Path) -> None:
        with atomic_bytes(path, overwrite=True) as out:
            out.write(leadcomp.dumps(framework).encode("utf-8"))

    example = str(ROOT / "examples" / "team-leadership.framework.yaml")
    return {
        "dump": lambda path: leadcomp.dump(framework, path, overwrite=True),
        "dump_moodle": lambda path: leadcomp.dump_moodle(framework, path, overwrite=True),
        "streamed": streamed,
        "convert --force": lambda path: main(["convert", "-q", "--force", example, str(path)]),
    }


def _special_targets(tmp_path: Path) -> Iterator[tuple[str, Path, Callable[[], bytes]]]:
    """Special files to write to, each with a way to get what was written to it."""
    import stat
    import threading

    fifo = tmp_path / "fifo.json"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()

    def from_fifo() -> bytes:
        reader.join(timeout=60)
        return got[0]

    yield "fifo", fifo, from_fifo
    read_end, write_end = os.pipe()
    link = tmp_path / "stdout-link.json"
    link.symlink_to(f"/proc/self/fd/{write_end}")
    try:
        def from_pipe() -> bytes:
            os.close(write_end)
            with os.fdopen(read_end, "rb") as handle:
                return handle.read()

        if Path(f"/proc/self/fd/{write_end}").exists():
            yield "link to a pipe", link, from_pipe
        else:  # pragma: no cover - no /proc
            os.close(write_end)
            os.close(read_end)
    finally:
        assert link.is_symlink()
    device = tmp_path / "null-device"
    try:
        os.mknod(device, 0o666 | stat.S_IFCHR, os.makedev(1, 3))  # a null device, as /dev/null
    except (PermissionError, AttributeError):
        return
    yield "device", device, lambda: b""


@pytest.mark.parametrize("writer", ["dump", "dump_moodle", "streamed", "convert --force"])
def test_special_files_are_written_into_never_replaced(writer: str, tmp_path: Path) -> None:
    import stat

    framework = leadcomp.load(ROOT / "examples" / "team-leadership.framework.yaml")
    write = _writers(framework)[writer]
    expected = (
        leadcomp.write_moodle(framework) if writer == "dump_moodle" else leadcomp.dumps(framework)
    ).encode("utf-8")
    seen = []
    for name, target, written in _special_targets(tmp_path):
        before = os.stat(target).st_mode
        assert not stat.S_ISREG(before)
        write(target)
        assert os.stat(target).st_mode == before, name  # the same kind of file, not replaced
        data = written()
        if name != "device":
            assert data == expected, name
        seen.append(name)
    assert "fifo" in seen
    # a link to a regular file is kept, and the file it names gets the new content
    real = tmp_path / "real.json"
    real.write_text("{}")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    write(link)
    assert link.is_symlink()
    assert real.read_bytes() == expected


# --- file names are printed escaped ------------------------------------------------------------

#: A file name that would forge a problem line and a CI workflow command, and move the cursor.
EVIL = "x\n::warning file=forged::forged\nforged.yaml:1:1: error\x1b[2J\x1b]0;title\x07"


def _evil_runs(tmp_path: Path) -> list[list[str]]:
    example = ROOT / "examples" / "team-leadership.framework.yaml"
    evil = tmp_path / (EVIL + ".yaml")
    evil.write_bytes(example.read_bytes())
    broken = tmp_path / (EVIL + "broken.yaml")
    broken.write_text("kind: framework\nformat: '1.0'\nid: [\n")
    missing = str(tmp_path / (EVIL + "missing.jsonl"))
    taken = tmp_path / (EVIL + "taken.json")
    taken.write_text("{}")
    assessment = str(ROOT / "examples" / "clinical-fellow-360.assessment.yaml")
    return [
        ["validate", "-v", str(evil), str(broken), missing],
        ["validate", "-o", "github", str(broken), missing],
        ["convert", str(evil), str(tmp_path / (EVIL + "out.json"))],
        ["convert", str(evil), str(taken)],
        ["convert", str(broken), str(tmp_path / "out2.json")],
        ["score", "--framework", "hlm", missing],
        ["score", "--framework", "hlm", assessment, "--output-file", str(taken)],
        ["diff", str(evil), str(broken)],
        ["diff", "--check-bump", str(evil), str(evil)],
        ["migrate", "--to", str(evil), missing],
        ["gap", "--role", "pcn-clinical-director", missing],
        ["cohort", "--role", "pcn-clinical-director", missing],
        ["report", "--role", "pcn-clinical-director", "-o", str(taken), missing],
    ]


def test_file_names_are_printed_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from leadcomp.cli import main

    for argv in _evil_runs(tmp_path):
        main(argv)
        out, err = capsys.readouterr()
        for line in (out + err).splitlines():
            assert "\x1b" not in line, argv
            assert "\x07" not in line, argv
            assert not line.startswith(("::warning file=forged", "forged")), (argv, line)
        # the name is shown, escaped as a key of a path is (GitHub's commands: %-encoded)
        assert "\\u000a" in out + err or "x%0A%3A%3Awarning" in out, argv


# --- what is read and validated can be written ------------------------------------------------


def _nest(levels: int) -> Any:
    value: Any = 1
    for _ in range(levels):
        value = [value]
    return value


@pytest.fixture(scope="module")
def foreign_case_package() -> dict[str, Any]:
    """The example framework as a CASE package without leadcomp's own extensions (as another
    tool would write it)."""
    framework = leadcomp.load(ROOT / "examples" / "team-leadership.framework.yaml")
    package: dict[str, Any] = json.loads(leadcomp.dumps_case(framework))
    package["CFDocument"].pop("extensions", None)
    for item in package["CFItems"]:
        item.pop("extensions", None)
    return package


@settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    where=st.sampled_from(["package", "document", "item", "association", "definitions"]),
    below=st.integers(0, 4),
)
def test_a_case_package_that_reads_and_validates_can_be_written(
    where: str, below: int, foreign_case_package: dict[str, Any]
) -> None:
    package = json.loads(json.dumps(foreign_case_package))
    # nested as deep as the reader allows where it stands, less ``below`` levels
    limit = leadcomp.Limits().max_depth
    if where == "package":
        package["X"] = _nest(limit - 2 - below)
    elif where == "document":
        package["CFDocument"]["X"] = _nest(limit - 3 - below)
    elif where == "item":
        package["CFItems"][5]["X"] = _nest(limit - 4 - below)
    elif where == "association":
        package["CFAssociations"][0]["X"] = _nest(limit - 4 - below)
    else:
        package["CFDefinitions"] = {"CFConcepts": [{"X": _nest(limit - 4 - below)}]}
    data = json.dumps(package).encode("utf-8")
    if [p for p in leadcomp.validate(data) if p.is_error]:
        assert "too-deep" in _refusal(lambda: leadcomp.read_case(data))
        return
    framework, _problems = leadcomp.read_case(data)
    text = leadcomp.dumps(framework)  # the leadcomp writer takes whatever was read
    assert leadcomp.validate(text.encode("utf-8")) == []
    # the others write it, or refuse it with a problem (CASE nests extensions deeper)
    assert _refusal(lambda: leadcomp.write_moodle(framework, shorten=True)) == []
    assert _refusal(lambda: leadcomp.dumps_case(framework)) in ([], ["too-deep"])


def _refusal(write: Callable[[], object]) -> list[str]:
    """The codes of the problems a writer (or reader) refuses with; [] if it does not."""
    try:
        write()
    except leadcomp.InvalidDocument as invalid:
        return [p.code for p in invalid.problems]
    return []


@pytest.mark.parametrize(
    "cell", ['{"weight":1e400}', '{"weight":-1e400}', '{"tags":["\\ud800"]}',
             '{"extensions":{"a":[1e999]}}'],
)
def test_a_moodle_leadcomp_cell_no_writer_can_write_is_a_problem(cell: str) -> None:
    framework = leadcomp.load(ROOT / "examples" / "team-leadership.framework.yaml")
    lines = leadcomp.write_moodle(framework).splitlines(keepends=True)
    quoted = '"' + cell.replace('"', '""') + '"'
    lines[2] = lines[2].rstrip("\r\n") + quoted + "\r\n"
    data = "".join(lines).encode("utf-8")
    with pytest.raises(leadcomp.InvalidDocument) as caught:
        leadcomp.read_moodle(data)
    assert [(p.code, p.line, p.column) for p in caught.value.problems if p.is_error] == [
        ("moodle-leadcomp-column", 3, 15)
    ]
    assert [p.code for p in leadcomp.validate(data) if p.is_error] == ["moodle-leadcomp-column"]


# --- leadcomp's Moodle export reads back, however long a cell ------------------------------


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(
    framework=frameworks(max_competencies=3),
    length=st.sampled_from([2**17 - 1, 2**17, 2**17 + 1, 300_000]),
    where=st.sampled_from(["title", "description", "extensions", "indicator"]),
)
def test_a_moodle_export_with_cells_past_the_csv_field_limit_reads_back(
    framework: Framework, length: int, where: str
) -> None:
    import csv

    if not framework.competencies:
        return
    first = framework.competencies[0]
    long = "é" * (length // 2) + "x" * (length - length // 2)
    if where == "title":
        changed = attrs.evolve(first, title=long)
    elif where == "description":
        changed = attrs.evolve(first, description=long)
    elif where == "extensions":
        changed = attrs.evolve(first, extensions={"note": long})
    else:
        changed = attrs.evolve(first, indicators=(Indicator(id=f"{first.id}.long", text=long),))
    framework = attrs.evolve(framework, competencies=(changed, *framework.competencies[1:]))
    if [p for p in leadcomp.check(framework) if p.is_error]:
        return  # the indicator's id may be taken in this framework
    limit = csv.field_size_limit()
    text = leadcomp.write_moodle(framework, shorten=True)
    back, warnings = leadcomp.read_moodle(text.encode("utf-8"))
    assert back == framework
    assert [p for p in warnings if p.is_error] == []
    assert csv.field_size_limit() == limit  # the process-wide limit is as it was


# --- Markdown reports: untrusted text stays text ---------------------------------------------

_LINKY = st.sampled_from([
    "http://evil.example/x", "https://a.b/c?d=e", "HTTPS://X.ORG", "ftp://f.example",
    "www.evil.com", "WWW.Example.org/path", "me@x.org", "first.last+tag@sub.example.co.uk",
    "mailto:a@b.c", "xmpp:foo@bar.org/x", "<http://x.org>", "[t](http://x.org)", "_x_@y.org",
])


@settings(deadline=None)
@given(parts=st.lists(_LINKY | texts(), min_size=1, max_size=5))
def test_bare_urls_and_addresses_in_markdown_stay_inert_text(parts: list[str]) -> None:
    import html

    cmarkgfm = pytest.importorskip("cmarkgfm")
    from leadcomp.reports._env import escape_markdown

    text = " ".join(parts)
    rendered = cmarkgfm.github_flavored_markdown_to_html(escape_markdown(text))
    assert "<a " not in rendered
    shown = html.unescape(re.sub(r"<[^>]+>", "", rendered))
    # what a reader sees is the text: the same visible characters, in the same order
    assert _visible(shown) == _visible(text)


def _visible(text: str) -> str:
    import unicodedata

    # renderers show NUL as U+FFFD, as CommonMark says
    return "".join(c for c in text if unicodedata.category(c)[0] not in "CZ" and c != "\ufffd")


def test_a_markdown_report_shows_commented_urls_without_links() -> None:
    cmarkgfm = pytest.importorskip("cmarkgfm")
    from leadcomp.reports._env import escape_markdown

    title = "Read www.evil.example and write to boss@evil.example (see https://evil.example)"
    rendered = cmarkgfm.github_flavored_markdown_to_html(f"# {escape_markdown(title)}\n")
    assert "<a " not in rendered
    assert "https://evil.example" in rendered


# --- --jobs is capped at the CPUs -------------------------------------------------------------


@pytest.mark.parametrize("extra", [1, 2, 62, 10**6])
def test_jobs_beyond_the_cpus_are_capped_with_a_note(
    extra: int, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import leadcomp.scoring._stream as _stream
    from leadcomp.cli import main
    from leadcomp.cli.score import usable_cpus

    cohort = str(ROOT / "examples" / "clinical-fellows-2024.assessments.jsonl")
    cpus = usable_cpus()
    started: list[int] = []
    real = _stream.score_file

    def counting(*args: Any, **kwargs: Any) -> Any:
        started.append(kwargs["jobs"])
        return real(*args, **kwargs)

    monkeypatch.setattr(_stream, "score_file", counting)
    out = tmp_path / "many.jsonl"
    argv = ["score", "--framework", "hlm", cohort, "-o", "jsonl", "--output-file"]
    assert main([*argv, str(out), "--jobs", str(cpus + extra)]) == 0
    assert started == [cpus]  # no more worker processes than CPUs
    err = capsys.readouterr().err
    assert f"--jobs {cpus + extra} is more than the {cpus} CPU" in err
    one = tmp_path / "one.jsonl"
    assert main([*argv, str(one), "--jobs", "1"]) == 0
    assert "note" not in capsys.readouterr().err
    assert out.read_bytes() == one.read_bytes()


# --- equal documents are equal bytes --------------------------------------------------------


def _reversed_json(value: Any) -> Any:
    if type(value) is dict:
        return {key: _reversed_json(value[key]) for key in reversed(list(value))}
    if type(value) is list:
        return [_reversed_json(item) for item in value]
    return value


def _reordered(obj: Any) -> Any:
    """The same model with the keys of every ``extensions`` object (at every depth) in the
    reverse order: equal, as dicts are, whatever their order."""
    if attrs.has(type(obj)):
        changes = {}
        for field in attrs.fields(type(obj)):
            if not field.init:
                continue
            value = getattr(obj, field.name)
            new = _reversed_json(value) if field.name == "extensions" else _reordered(value)
            if new is not value:
                changes[field.alias] = new
        return attrs.evolve(obj, **changes) if changes else obj
    if type(obj) is tuple:
        items = tuple(_reordered(item) for item in obj)
        return items if any(a is not b for a, b in zip(items, obj, strict=True)) else obj
    return obj


def _twins(document: Any) -> Iterator[tuple[str, Any]]:
    """Models equal to the document, made other ways: reordered, read back from what each
    writer wrote."""
    yield "reordered", _reordered(document)
    yield "json", leadcomp.load(leadcomp.dumps(document).encode("utf-8"))
    yield "yaml", leadcomp.load(leadcomp.dumps(document, syntax="yaml").encode("utf-8"))
    if isinstance(document, Framework):
        yield "case", leadcomp.read_case(leadcomp.dumps_case(document).encode("utf-8"))[0]
        # shortened where Moodle's 100-character limits would refuse: read back exactly
        moodle = leadcomp.write_moodle(document, shorten=True)
        yield "moodle", leadcomp.read_moodle(moodle.encode("utf-8"))[0]
        yield "moodle of reordered", leadcomp.read_moodle(
            leadcomp.write_moodle(_reordered(document), shorten=True).encode("utf-8")
        )[0]


def _all_bytes(document: Any) -> list[str]:
    out = [leadcomp.dumps(document), leadcomp.dumps(document, syntax="yaml")]
    if isinstance(document, Framework):
        out += [leadcomp.dumps_case(document), leadcomp.write_moodle(document, shorten=True)]
    return out


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(document=documents(max_competencies=3) | policies())
def test_equal_documents_dump_to_equal_bytes(document: Any) -> None:
    written = _all_bytes(document)
    for how, twin in _twins(document):
        assert twin == document, how
        assert _all_bytes(twin) == written, how
        # and once more round: read back from the twin's bytes
        again = leadcomp.load(leadcomp.dumps(twin).encode("utf-8"))
        assert leadcomp.dumps(again) == written[0], how


def test_a_foreign_case_package_and_its_round_trip_dump_alike(
    foreign_case_package: dict[str, Any],
) -> None:
    package = json.loads(json.dumps(foreign_case_package))
    package["zeta"] = {"b": 1, "a": [{"y": 2, "x": 1}]}
    package["CFDocument"]["zz"] = "kept"
    package["CFItems"][0]["yy"] = {"d": 1, "c": 2}
    first, _ = leadcomp.read_case(json.dumps(package).encode("utf-8"))
    second, _ = leadcomp.read_case(leadcomp.dumps_case(first).encode("utf-8"))
    assert first == second
    assert leadcomp.dumps(first) == leadcomp.dumps(second)
    assert leadcomp.dumps_case(first) == leadcomp.dumps_case(second)


_NUMBERISH = st.sampled_from([0, 0.0, -0.0, 1, 1.0, True, False, None, "1", [], {}])


def _lookalikes(value: Any) -> list[Any]:
    """Values Python holds equal to ``value`` that JSON writes otherwise: 1, 1.0 and True;
    0.0 and -0.0; the same inside lists and objects."""
    if type(value) is bool:
        return [value, int(value), float(value)]
    if type(value) is int:
        return [value, float(value)] + ([bool(value)] if value in (0, 1) else [])
    if type(value) is float:
        if value == 0:
            return [value, -value]
        return [value, int(value)] if value.is_integer() else [value]
    if type(value) is list:
        return [value] + [[x, *value[1:]] for x in _lookalikes(value[0])] if value else [value]
    if type(value) is dict and value:
        key = next(iter(value))
        return [value] + [{**value, key: x} for x in _lookalikes(value[key])]
    return [value]


@settings(deadline=None)
@given(first=json_values(3) | _NUMBERISH, data=st.data(), document=documents(max_competencies=2))
def test_models_equal_exactly_when_their_extensions_write_alike(
    first: Any, data: st.DataObject, document: Any
) -> None:
    second = data.draw(st.sampled_from(_lookalikes(first)) | json_values(2))
    a = attrs.evolve(document, extensions={"k": first, "z": [first]})
    b = attrs.evolve(document, extensions={"z": [second], "k": second})
    if leadcomp.validate(leadcomp.dumps(a).encode("utf-8")) or leadcomp.validate(
        leadcomp.dumps(b).encode("utf-8")
    ):
        return
    assert (a == b) == (leadcomp.dumps(a) == leadcomp.dumps(b))


@pytest.mark.parametrize("values", [(1, 2**31 + 1, 2**33), (-SCALE_LIMIT, 0, SCALE_LIMIT)])
def test_commands_that_score_take_scales_up_to_the_limit(
    values: tuple[int, ...], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from leadcomp.cli import main
    from leadcomp.model import Competency, Indicator, Rater, Rating, Scale

    scale = Scale(id="s", levels=tuple(Level(value=v, label=f"l{v}") for v in values))
    framework = Framework(
        id="big", version="1.0.0", title="Big values", default_scale="s", scales=(scale,),
        competencies=(
            Competency(id="c", title="C", kind="skill", indicators=tuple(
                Indicator(id=f"c.{n}", text="x") for n in range(3)
            )),
        ),
    )
    raters = tuple(Rater(id=f"r{n}", group="self" if n == 0 else "peer") for n in range(6))
    assessment = Assessment(
        id="a", subject="s", framework=framework.ref, raters=raters,
        ratings=tuple(
            Rating(rater=r.id, item=f"c.{n}", value=values[(i + n) % len(values)])
            for i, r in enumerate(raters) for n in range(3)
        ),
    )
    fw_path = tmp_path / "big.framework.json"
    leadcomp.dump(framework, fw_path)
    one = tmp_path / "a.assessment.json"
    leadcomp.dump(assessment, one)
    cohort = tmp_path / "cohort.jsonl"
    cohort.write_text((leadcomp.dumps(assessment, compact=True) + "\n") * 3, encoding="utf-8")
    expected = leadcomp.score(assessment, framework)
    for source, output in ((one, "json"), (cohort, "jsonl"), (one, "text")):
        assert main(["score", "--framework", str(fw_path), str(source), "-o", output]) == 0
        out = capsys.readouterr().out
        if output == "jsonl":
            sheets = [json.loads(line) for line in out.splitlines()]
            assert len(sheets) == 3
            assert all(s == json.loads(leadcomp.dumps(expected)) for s in sheets)


_CELLS = st.one_of(
    st.none(), st.booleans(), st.integers(-(10**9), 10**9),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=12),
    st.dates(datetime.date(1950, 1, 1), datetime.date(2090, 12, 31)),
)


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    rows=st.lists(st.lists(_CELLS, max_size=6), min_size=1, max_size=8),
    date1904=st.booleans(), rich=st.booleans(),
)
def test_workbooks_read_as_openpyxl_reads_them(
    rows: list[list[Any]], date1904: bool, rich: bool, tmp_path_factory: pytest.TempPathFactory
) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    from openpyxl.cell.rich_text import CellRichText, TextBlock
    from openpyxl.cell.text import InlineFont

    from leadcomp.read._tabular import restore
    from leadcomp.read._xlsx import XlsxRows

    book = openpyxl.Workbook()
    book.epoch = openpyxl.utils.datetime.CALENDAR_MAC_1904 if date1904 else book.epoch
    sheet = book.active
    for number, row in enumerate(rows, start=1):
        for column, value in enumerate(row, start=1):
            if value is None:
                continue
            cell = sheet.cell(number, column)
            if rich and isinstance(value, str) and len(value) > 1:
                cell.value = CellRichText(
                    value[:1], TextBlock(InlineFont(b=True), value[1:])
                )
            else:
                cell.value = value
            if isinstance(value, datetime.date):
                cell.number_format = "yyyy-mm-dd"
    path = tmp_path_factory.mktemp("book") / "book.xlsx"
    book.save(path)
    theirs = openpyxl.load_workbook(path, read_only=True, data_only=True)
    expected = [
        [restore(v) if isinstance(v, str) else v for v in row]
        for row in theirs.active.iter_rows(values_only=True)
    ]
    theirs.close()
    reader = XlsxRows(path)
    ours = {row.number: _trimmed(row.cells) for row in reader}
    assert reader.problems == []
    wanted = {n: _trimmed(row) for n, row in enumerate(expected, start=1)}
    # rows the file leaves out are not read (openpyxl gives them empty)
    assert {n: r for n, r in ours.items() if r} == {n: r for n, r in wanted.items() if r}


def _trimmed(row: Sequence[Any]) -> list[Any]:
    out = list(row)
    while out and out[-1] is None:
        out.pop()
    return out
