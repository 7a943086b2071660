"""Moodle competency CSV (tool_lpimportcsv) import and export: the corpus fixture pinned and
round-tripped byte for byte, every other corpus CSV refused with Problems (never an exception),
the leadcomp -> Moodle -> leadcomp round trip (Hypothesis), spreadsheet-safe cells, and bad input
as Problems with row and column.

Corpus files are read from ../shared/corpus; those tests skip when it is absent.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings

import leadcomp
import leadcomp.formats._dispatch as _api
import strategies as S
from leadcomp.cli import main
from leadcomp.formats import _moodle_spec as spec
from leadcomp.formats._sniff import foreign_csv
from leadcomp.formats.moodle import (
    dump_moodle,
    load_moodle,
    looks_like_moodle,
    looks_like_outcomes,
    read_moodle,
    write_moodle,
)
from leadcomp.model import Competency, Framework, Indicator, Level, Relation, Scale
from leadcomp.problems import InvalidDocument, Problem
from leadcomp.read._tabular import csv_line, restore, write_cell
from profiles import scaled

SOME = settings(scaled(1.5), deadline=None, suppress_health_check=list(HealthCheck))

FIXTURE = Path("moodle-lpimportcsv/example.csv")
#: Every other CSV of the corpus (SOURCES.md): none of them is a Moodle competency CSV.
OTHER_CSVS = (
    "esco-v1.2.0/digCompSkillsCollection_en.csv",
    "esco-v1.2.0/languageSkillsCollection_en.csv",
    "esco-v1.2.0/researchSkillsCollection_en.csv",
    "esco-v1.2.0/skillGroups_en.csv",
    "esco-v1.2.0/skillsHierarchy_en.csv",
    "esco-v1.2.0/transversalSkillsCollection_en.csv",
    "onet-29.2-derived/Content_Model_Reference.csv",
    "onet-29.2-derived/Level_Scale_Anchors.csv",
    "onet-29.2-derived/Scales_Reference.csv",
    "opensalt/csv/abbreviatedStatement.csv",
    "opensalt/csv/abbreviatedStatementLimit.csv",
    "opensalt/csv/ccsso_ela_item.csv",
    "opensalt/csv/children.csv",
    "opensalt/csv/sample_case.csv",
    "opensalt/csv/sequenceNumber.csv",
    "opensalt/csv/test_items.csv",
    "opensalt/legacy-samples/CASE_OLO_ELA.csv",
    "opensalt/legacy-samples/Final_ELA_OLO_11-12_-_Final_11-12.csv",
    "opensalt/legacy-samples/HFMathSkillsWithParents.csv",
    "opensalt/legacy-samples/sample_casemarkdownparagraph.csv",
    "opensalt/legacy-samples/sample_parent_column.csv",
    "osmt/Skills-Import.csv",
    "osmt/osmt-batch-import-example.csv",
)
HEADER = csv_line(spec.LABELS, php=True).rstrip("\n")
FRAMEWORK_ROW = ',fw,"Team leadership",,2,"Not yet,Yes","[{""scaleid"":""1""},{""id"":2,""scaledefault"":1,""proficient"":1}]",,,,,,1,"competency,competency"'  # noqa: E501


@pytest.fixture
def corpus(shared_dir: Path) -> Path:
    """The corpus of real files from other projects."""
    path = shared_dir / "corpus"
    if not path.is_dir():
        pytest.skip("../shared/corpus is absent: the Moodle corpus tests need it")
    return path


@pytest.fixture
def fixture_path(corpus: Path) -> Path:
    path = corpus / FIXTURE
    if not path.is_file():
        pytest.skip(f"{FIXTURE} is absent from the corpus")
    return path


def moodle(*rows: str, header: str = HEADER) -> bytes:
    """A Moodle CSV of a header and rows (each a CSV line)."""
    return ("\n".join([header, *rows]) + "\n").encode("utf-8")


def row(parent: str, idnumber: str, title: str, **cells: str) -> str:
    """One competency row, the other cells as Moodle writes them unless given."""
    values = {
        "parentidnumber": parent, "idnumber": idnumber, "shortname": title, "description": "",
        "descriptionformat": "2", "scalevalues": "", "scaleconfiguration": "", "ruletype": "",
        "ruleoutcome": "0", "ruleconfig": "null", "relatedidnumbers": "", "exportid": "",
        "isframework": "", "taxonomy": "",
    }
    values.update(cells)
    return csv_line([values[key] for key in spec.COLUMNS], php=True).rstrip("\n")


def problems_of(data: bytes, **options: Any) -> list[Problem]:
    with pytest.raises(InvalidDocument) as caught:
        read_moodle(data, **options)
    return list(caught.value.problems)


def where(found: list[Problem], code: str) -> list[tuple[int | None, int | None, str]]:
    return [(p.line, p.column, p.path) for p in found if p.code == code]


# -- the corpus fixture -------------------------------------------------------------------------


def test_the_moodle_fixture_imports_with_its_tree_scale_taxonomy_and_relations(
    fixture_path: Path,
) -> None:
    framework, warnings = read_moodle(fixture_path)
    assert warnings == []
    assert (framework.id, framework.title, framework.version) == ("OECD-CORE", "OECD", "1.0.0")
    assert framework.description is not None
    assert framework.description.startswith("<p>The Core Competencies summarise")
    assert "\r\n" in framework.description  # HTML kept verbatim, CRLF inside the cell too
    # 64 competencies under the framework row, none of them an indicator
    assert len(framework.competencies) == 64
    assert all(not c.indicators for c in framework.competencies)
    # the 4-level tree: levels/competencies, then levels 1-5 and clusters, competencies, items
    depths = Counter(depth for depth, _c in framework.walk())
    assert depths == {0: 2, 1: 8, 2: 15, 3: 39}
    assert framework.extensions["moodle"] == {"descriptionformat": "1"}  # taxonomy not kept:
    assert spec.taxonomy_of(  # it is what the writer makes of the kinds
        [(d, c.kind) for d, c in framework.walk()]
    ) == "competency,competency,competency,competency"
    assert {c.kind for c in framework.competencies} == {"skill"}
    # the scale "Not yet competent,Competent", the second level proficient (scaleconfiguration)
    (scale,) = framework.scales
    assert [(lv.value, lv.label) for lv in scale.levels] == [
        (1, "Not yet competent"), (2, "Competent")
    ]
    assert (scale.id, scale.proficient, framework.default_scale) == (
        "moodle-scale-2", 2, "moodle-scale-2"
    )
    # cross-referenced id numbers: related relations, all resolved inside the framework
    level_1 = framework.competency("level-1")
    assert len(level_1.relations) == 39
    assert {r.type for r in level_1.relations} == {"related"}
    assert all(r.target in framework and r.framework is None for r in level_1.relations)
    item = framework.competency("DR-AT1")
    assert item.relations == (Relation(type="related", target="level-1"),)
    assert item.parent == "analytical-thinking"
    assert item.extensions == {"moodle": {"descriptionformat": "1", "exportid": "26"}}
    assert sum(len(c.relations) for c in framework.competencies) == 78
    assert leadcomp.validate(leadcomp.dumps(framework).encode()) == []


def test_the_fixture_round_trips_byte_for_byte(fixture_path: Path, tmp_path: Path) -> None:
    original = fixture_path.read_bytes()
    framework = load_moodle(fixture_path)
    assert write_moodle(framework).encode("utf-8") == original
    # through leadcomp JSON and back, with the CLI
    json_path, csv_path = tmp_path / "oecd.json", tmp_path / "oecd.csv"
    assert main(["convert", str(fixture_path), str(json_path), "-q"]) == 0
    assert leadcomp.load(json_path) == framework
    assert main(["convert", str(json_path), str(csv_path), "-q"]) == 0
    assert csv_path.read_bytes() == original


def test_load_validate_and_dump_accept_moodle_csv(fixture_path: Path, tmp_path: Path) -> None:
    framework = leadcomp.load(fixture_path)
    assert isinstance(framework, Framework)
    assert leadcomp.load(fixture_path.read_bytes()) == framework
    assert leadcomp.validate(fixture_path) == []
    with open(fixture_path, encoding="utf-8", newline="") as handle:
        assert leadcomp.dump(framework, tmp_path / "out.csv") == handle.read()
    with pytest.raises(InvalidDocument) as caught:
        leadcomp.dump(framework, tmp_path / "out.csv")
    assert caught.value.problems[0].code == "file-exists"
    dump_moodle(framework, tmp_path / "out.csv", overwrite=True)
    with pytest.raises(InvalidDocument) as caught:
        leadcomp.load(fixture_path, kind="role")
    assert caught.value.problems[0].code == "wrong-kind"


@pytest.mark.parametrize("name", OTHER_CSVS)
def test_every_other_corpus_csv_gives_problems_not_an_exception(corpus: Path, name: str) -> None:
    path = corpus / name
    if not path.is_file():
        pytest.skip(f"{name} is absent from the corpus")
    assert not looks_like_moodle(path.read_bytes()[:65536])
    found = problems_of(path.read_bytes())
    assert [(p.code, p.line, p.column) for p in found] == [("moodle-header", 1, 1)]
    assert "not a Moodle competency CSV" in found[0].message
    if foreign_csv(path) is None:
        assert leadcomp.validate(path)[0].code == "moodle-header"
    else:  # an ESCO or O*NET file is read as the framework it is, not refused as not Moodle
        assert not [p for p in leadcomp.validate(path) if p.code.startswith("moodle")]
    # the same rows under a Moodle header: ragged rows, blank headers, embedded newlines...
    data = path.read_bytes()
    body = data.split(b"\n", 1)[1] if b"\n" in data else b""
    framework: Framework | None = None
    try:
        framework, found = read_moodle(HEADER.encode() + b"\n" + body)
    except InvalidDocument as invalid:
        found = list(invalid.problems)
    assert framework is None  # none of them is a framework, under any header
    assert found
    for p in found:
        assert p.path.startswith("$[row "), p
        assert p.line is not None, p
        assert p.line >= 1, p
        assert p.message


# -- leadcomp -> Moodle -> leadcomp ----------------------------------------------------------


@SOME
@given(S.frameworks(max_competencies=5))
def test_leadcomp_to_moodle_and_back_is_lossless(framework: Framework) -> None:
    shortened: list[Problem] = []
    text = write_moodle(framework, shorten=True, warnings=shortened)
    back, warnings = read_moodle(text.encode("utf-8"))
    assert back == framework
    assert [p for p in warnings if p.is_error] == []
    assert write_moodle(back, shorten=True) == text
    assert {p.code for p in shortened} <= {"moodle-shortened"}
    if not shortened:  # nothing too long: the default writes the same, else it refuses
        assert write_moodle(framework) == text
    else:
        with pytest.raises(InvalidDocument) as caught:
            write_moodle(framework)
        assert {p.code for p in caught.value.problems} == {"moodle-too-long"}
        assert len(caught.value.problems) == len(shortened)


def test_what_moodle_carries_needs_no_leadcomp_column() -> None:
    framework = Framework(
        id="tl", version="1.0.0", title="Team leadership", default_scale="moodle-scale-1",
        scales=(
            Scale(id="moodle-scale-1", levels=(Level(value=1, label="Not yet"),
                                               Level(value=2, label="Yes")), proficient=2),
        ),
        competencies=(
            Competency(id="vision", title="Vision", kind="skill", description="Sets a vision"),
            Competency(
                id="vision.share", title="Sharing", kind="skill", parent="vision",
                relations=(Relation(type="related", target="vision"),),
            ),
        ),
    )
    text = write_moodle(framework)
    header, framework_row, *rows = text.splitlines()
    assert header.split(",")[-1] == "Taxonomy"  # 14 columns: no leadcomp column
    assert framework_row == (
        ',tl,"Team leadership",,2,"Not yet,Yes",'
        '"[{""scaleid"":""1""},{""id"":2,""scaledefault"":1,""proficient"":1}]",,,,,,1,'
        '"competency,competency"'
    )
    assert rows == [
        ',vision,Vision,"Sets a vision",2,,,,0,null,,,,',
        "vision,vision.share,Sharing,,2,,,,0,null,vision,,,",
    ]
    assert load_moodle(text.encode()) == framework


def test_indicators_and_other_fields_travel_in_the_leadcomp_column() -> None:
    framework = Framework(
        id="tl", version="2.1.0", title="TL", default_scale="four",
        scales=(Scale(id="four", levels=tuple(Level(value=v, label=f"L{v}") for v in range(4))),),
        competencies=(
            Competency(
                id="c", title="C", kind="behaviour", weight=2.0, tags=("core",),
                indicators=(Indicator(id="c.1", text="Listens", reverse=True),),
            ),
        ),
    )
    text = write_moodle(framework)
    lines = text.splitlines()
    assert lines[0].endswith(",Taxonomy,leadcomp")
    assert lines[2].startswith(",c,C,")  # the competency
    assert lines[3].startswith("c,c.1,Listens,")  # its indicator, a child row for Moodle
    assert json.loads(next(iter(__import__("csv").reader([lines[3]])))[14]) == {
        "indicator": True, "reverse": True
    }
    assert load_moodle(text.encode()) == framework


# -- cells for spreadsheets ----------------------------------------------------------------------


def test_written_cells_that_look_like_formulas_are_neutralised_and_read_back() -> None:
    framework = Framework(
        id="tl", version="1.0.0", title="=HYPERLINK(\"http://x\",\"y\")",
        description="+1 and more", default_scale="s",
        scales=(Scale(id="s", levels=(Level(value=1, label="@a"), Level(value=2, label="b"))),),
        competencies=(
            Competency(id="c", title="-2", kind="skill", description="\tTabbed"),
            Competency(id="d", title="'=already quoted", kind="skill"),
        ),
    )
    text = write_moodle(framework)
    cells = list(__import__("csv").reader(text.splitlines()))
    assert cells[1][2] == "'=HYPERLINK(\"http://x\",\"y\")"
    assert cells[1][3] == "'+1 and more"
    assert cells[1][5].startswith("'@a")  # the scale values cell starts with a formula sign
    assert cells[2][2] == "'-2"
    assert cells[2][3] == "'\tTabbed"
    assert cells[3][2] == "''=already quoted"
    for line in cells[1:]:
        for cell in line:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
    assert load_moodle(text.encode()) == framework


@pytest.mark.parametrize(
    "cell", ["=1+1", "+44", "-x", "@SUM(A1)", "\tx", "\rx", "'=x", "''+x", "'x", "plain", ""]
)
def test_write_cell_is_safe_and_restore_undoes_it(cell: str) -> None:
    written = write_cell(cell)
    assert not written.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert restore(written) == cell


# -- what Moodle keeps that leadcomp has no field for ----------------------------------------------


def test_rules_exported_ids_and_own_scales_are_kept_and_written_back() -> None:
    data = moodle(
        FRAMEWORK_ROW,
        row("", "a", "A", ruletype="core_competency\\competency_rule_all", ruleoutcome="2",
            exportid="7"),
        row("a", "b", "B", scalevalues="Not yet,Yes",
            scaleconfiguration='[{"scaleid":"1"},{"id":2,"scaledefault":1,"proficient":1}]',
            ruleconfig='{"base":{"points":2},"competencies":[{"id":7,"points":1}]}'),
        row("a", "c", "C", scalevalues="Low,Mid,High",
            scaleconfiguration='[{"scaleid":"9"},{"id":2,"scaledefault":1,"proficient":1},'
            '{"id":3,"scaledefault":0,"proficient":1}]'),
    )
    framework, warnings = read_moodle(data)
    assert warnings == []
    a, b, c = framework.competencies
    assert a.extensions["moodle"] == {
        "ruletype": "core_competency\\competency_rule_all", "ruleoutcome": "2", "exportid": "7"
    }
    assert b.scale == framework.default_scale == "moodle-scale-1"  # the same scale, reused
    assert "ruleconfig" in b.extensions["moodle"]
    assert c.scale == "moodle-scale-9"
    assert framework.scale("moodle-scale-9").proficient == 2  # type: ignore[union-attr]
    assert [k.kind for k in framework.competencies] == ["skill", "skill", "skill"]
    assert write_moodle(framework).encode() == data


def test_a_scale_configuration_leadcomp_would_not_write_is_kept() -> None:
    config = '[{"scaleid":"4"},{"id":1,"scaledefault":1,"proficient":0},{"id":2,"proficient":1}]'
    data = moodle(
        ',fw,F,,1,"No,Yes","' + config.replace('"', '""') + '",,,,,,1,competency',
        row("", "a", "A"),
    )
    framework = load_moodle(data)
    assert framework.scales[0].proficient == 2
    assert framework.extensions["moodle"]["scaleconfiguration"] == config
    assert framework.extensions["moodle"]["descriptionformat"] == "1"
    assert write_moodle(framework).encode() == data


def test_id_numbers_that_are_not_leadcomp_ids_are_kept() -> None:
    data = moodle(FRAMEWORK_ROW, row("", "Team work 1", "A"), row("Team work 1", "B/2", "B",
                  relatedidnumbers="Team work 1,elsewhere"))
    framework, warnings = read_moodle(data)
    assert [(p.code, p.line, p.column, p.severity) for p in warnings] == [
        ("moodle-id", 2 + 1, 2, "warning"),
        ("moodle-id", 4, 2, "warning"),
        ("unknown-reference", 4, 11, "warning"),
    ]
    a, b = framework.competencies
    assert (a.id, b.id, b.parent) == ("Team-work-1", "B-2", "Team-work-1")
    assert b.relations == (Relation(type="related", target="Team-work-1"),)
    assert b.extensions["moodle"]["unresolved_related"] == ["elsewhere"]
    assert write_moodle(framework).encode() == data


def test_taxonomy_terms_give_kinds() -> None:
    data = moodle(
        FRAMEWORK_ROW.replace('"competency,competency"', '"domain,behaviour,concept"'),
        row("", "a", "A"), row("a", "b", "B"), row("b", "c", "C"),
    )
    framework = load_moodle(data)
    assert [c.kind for c in framework.competencies] == ["domain", "behaviour", "knowledge"]
    assert "taxonomy" not in framework.extensions.get("moodle", {})
    assert write_moodle(framework).encode() == data


# -- bad input: Problems with row and column ----------------------------------------------------


def test_bad_rows_are_problems_with_row_and_column() -> None:
    found = problems_of(
        moodle(
            FRAMEWORK_ROW,
            row("", "a", "A"),
            row("", "a", "Again"),  # duplicate id number
            row("nowhere", "b", "B"),  # unknown parent
            row("", "", "No id"),  # missing id number
            row("", "d", ""),  # missing short name
            row("f", "e", "E"), row("e", "f", "F"),  # a cycle
        )
    )
    assert where(found, "duplicate-id") == [(4, 2, "$[row 4].idnumber")]
    assert where(found, "unknown-reference") == [(5, 1, "$[row 5].parentidnumber")]
    assert where(found, "missing-value") == [
        (6, 2, "$[row 6].idnumber"), (7, 3, "$[row 7].shortname")
    ]
    assert where(found, "cycle") == [(8, 1, "$[row 8].parentidnumber")]
    assert all(p.is_error for p in found)


def test_a_file_without_a_framework_row_or_scale_is_refused() -> None:
    found = problems_of(moodle(row("", "a", "A")))
    assert [(p.code, p.line) for p in found] == [("moodle-no-framework", 2)]
    found = problems_of(moodle(FRAMEWORK_ROW.replace('"Not yet,Yes"', ""), row("", "a", "A")))
    assert ("moodle-no-scale", 2, 6) in [(p.code, p.line, p.column) for p in found]
    found = problems_of(moodle(FRAMEWORK_ROW, FRAMEWORK_ROW.replace(",fw,", ",fw2,")))
    assert where(found, "moodle-second-framework") == [(3, 13, "$[row 3].isframework")]
    assert problems_of(b"")[0].code == "empty"


@pytest.mark.parametrize(
    ("values", "message"),
    [("Only one", "at least two"), ("a,,c", "scale value 2 is empty")],
)
def test_scales_need_two_non_empty_values(values: str, message: str) -> None:
    found = problems_of(moodle(FRAMEWORK_ROW, row("", "a", "A", scalevalues=values)))
    assert [(p.code, p.line, p.column) for p in found] == [("moodle-scale", 3, 6)]
    assert message in found[0].message


def test_warnings_for_what_can_still_be_read() -> None:
    framework, warnings = read_moodle(
        moodle(
            FRAMEWORK_ROW.replace('"competency,competency"', '"competency,gizmo"'),
            row("", "a", "A", scalevalues="x,y", scaleconfiguration="not json"),
            "a,b,B",  # a short row
        )
    )
    assert [(p.code, p.line, p.column) for p in warnings] == [
        ("moodle-taxonomy", 2, 14), ("moodle-scale-configuration", 3, 7), ("ragged-row", 4, 4)
    ]
    assert framework.competency("b").parent == "a"


def test_embedded_line_breaks_move_the_lines_not_the_rows() -> None:
    found = problems_of(
        moodle(FRAMEWORK_ROW, row("", "a", "A", description="one\r\ntwo\r\nthree"),
               row("", "a", "A again"))
    )
    (duplicate,) = found
    assert (duplicate.code, duplicate.line, duplicate.path) == (
        "duplicate-id", 6, "$[row 4].idnumber"
    )


def test_encodings_bom_and_limits() -> None:
    latin = moodle(FRAMEWORK_ROW, row("", "a", "Équipe")).decode().encode("latin-1")
    (bad,) = problems_of(latin)
    assert (bad.code, bad.line, bad.column) == ("invalid-encoding", 3, 4)
    assert "not UTF-8" in bad.message
    assert "0xc9" in bad.message
    assert load_moodle(latin, encoding="latin-1").competencies[0].title == "Équipe"
    assert load_moodle(b"\xef\xbb\xbf" + moodle(FRAMEWORK_ROW)).id == "fw"
    assert problems_of(moodle(FRAMEWORK_ROW).decode().encode("utf-16"))[0].code == (
        "invalid-encoding"
    )
    data = moodle(FRAMEWORK_ROW, *(row("", f"c{n}", "C") for n in range(20)))
    assert problems_of(data, limits=leadcomp.Limits(max_bytes=100))[0].code == "too-large"
    (many,) = problems_of(data, limits=leadcomp.Limits(max_cells=100))
    assert (many.code, many.line) == ("too-many-cells", 8)


def test_the_leadcomp_column_is_checked() -> None:
    header = HEADER + ",leadcomp"
    found = problems_of(moodle(FRAMEWORK_ROW + ",", row("", "a", "A") + ",{not json",
                               header=header))
    assert where(found, "moodle-leadcomp-column") == [(3, 15, "$[row 3].leadcomp")]
    found = problems_of(
        moodle(FRAMEWORK_ROW + ",", row("", "a", "A") + ',"{""weight"": -1}"', header=header)
    )
    assert [(p.code, p.line, p.column, p.path) for p in found] == [
        ("out-of-range", 3, 15, "$[row 3].leadcomp.weight")
    ]


def test_extra_columns_are_reported_and_ignored() -> None:
    framework, warnings = read_moodle(
        moodle(FRAMEWORK_ROW + ",x", row("", "a", "A") + ",y", header=HEADER + ",Notes")
    )
    assert [(p.code, p.line, p.column) for p in warnings] == [("moodle-extra-column", 1, 15)]
    assert framework.competency("a").title == "A"


def test_convert_tells_moodle_and_survey_files_apart() -> None:
    from leadcomp.cli import convert

    assert convert.detect("x.csv", None) == "moodle"  # an output
    assert convert.detect("x.csv", moodle(FRAMEWORK_ROW)) == "moodle"
    assert convert.detect("x.CSV", b"\xef\xbb\xbf" + moodle(FRAMEWORK_ROW)) == "moodle"
    assert convert.detect("x.csv", b"Participant,Q1\ns1,4\n") == "survey"
    assert convert.detect("x.xlsx", b"PK\x03\x04") == "survey"
    assert convert.detect("x.xlsx", None) is None  # nothing writes workbooks
    assert convert.detect("x.jsonl", None) == "leadcomp"


def test_convert_refuses_to_write_what_is_not_a_framework(tmp_path: Path) -> None:
    role = tmp_path / "role.json"
    role.write_text(
        json.dumps({"kind": "role", "format": "1.0", "id": "r", "title": "R",
                    "framework": {"id": "tl", "versions": "1.0.0"}, "requirements": []}),
        encoding="utf-8",
    )
    assert main(["convert", str(role), str(tmp_path / "role.csv")]) == 1
    assert not (tmp_path / "role.csv").exists()


def test_reading_never_raises_anything_but_invalid_document() -> None:
    samples = [b"\x00\x01\x02", b'"', HEADER.encode() + b'\n"unterminated', b"\n\n\n",
               HEADER.encode() + b"\n" + b",".join([b"x"] * 40)]
    for data in samples:
        with pytest.raises(InvalidDocument):
            read_moodle(data)


def test_framework_models_built_in_code_are_checked_before_writing() -> None:
    framework = Framework(
        id="tl", version="1.0.0", title="T", default_scale="s",
        scales=(Scale(id="s", levels=(Level(value=1, label="a"), Level(value=2, label="b"))),),
        competencies=(Competency(id="c", title="C", kind="skill", parent="missing"),),
    )
    with pytest.raises(InvalidDocument) as caught:
        write_moodle(framework)
    assert caught.value.problems[0].code == "unknown-reference"
    assert attrs.evolve(framework, competencies=()) == load_moodle(
        write_moodle(attrs.evolve(framework, competencies=())).encode()
    )


# -- Moodle's field limits: id numbers and short names of at most 100 characters -----------------


def _long_framework(*ids: str, title: str = "Team leadership") -> Framework:
    """A framework whose competencies have these ids, each child of the one before."""
    return Framework(
        id="tl", version="1.0.0", title=title, default_scale="s",
        scales=(Scale(id="s", levels=(Level(value=1, label="No"), Level(value=2, label="Yes"))),),
        competencies=tuple(
            Competency(
                id=cid, title=f"Competency {n}", kind="skill",
                parent=ids[n - 1] if n else None,
                relations=(Relation(type="related", target=ids[0]),) if n else (),
            )
            for n, cid in enumerate(ids)
        ),
    )


def _cells(text: str) -> list[list[str]]:
    import csv
    import io

    return list(csv.reader(io.StringIO(text)))


def test_an_id_number_over_100_characters_is_refused_at_its_row_and_column() -> None:
    framework = _long_framework("a" * 101, "b")
    with pytest.raises(InvalidDocument) as caught:
        write_moodle(framework)
    (found,) = caught.value.problems
    assert (found.code, found.path, found.line, found.column) == (
        "moodle-too-long", "$[row 3].idnumber", 3, 2
    )
    assert "101 characters" in found.message
    assert "--moodle-shorten" in found.message
    assert write_moodle(_long_framework("a" * 100, "b"))  # 100 is allowed


def test_a_short_name_over_100_characters_is_refused_on_any_row() -> None:
    framework = _long_framework("a", "b", title="T" * 101)
    framework = attrs.evolve(
        framework,
        competencies=(
            framework.competencies[0],
            attrs.evolve(framework.competencies[1], title="é" * 150),
        ),
    )
    with pytest.raises(InvalidDocument) as caught:
        write_moodle(framework)
    assert [(p.code, p.path, p.column) for p in caught.value.problems] == [
        ("moodle-too-long", "$[row 2].shortname", 3),
        ("moodle-too-long", "$[row 4].shortname", 3),
    ]
    # characters are counted, not bytes: 100 accented letters are allowed
    assert write_moodle(attrs.evolve(framework, title="é" * 100, competencies=(
        framework.competencies[0], attrs.evolve(framework.competencies[1], title="é" * 100),
    )))


def test_shortened_cells_fit_moodle_warn_and_read_back_exactly() -> None:
    long_id = "leadership." + "x" * 150
    framework = _long_framework(long_id, long_id + ".child", title="Title " * 30)
    warnings: list[Problem] = []
    text = write_moodle(framework, shorten=True, warnings=warnings)
    rows = _cells(text)
    assert rows[0][-1] == "leadcomp"
    for row in rows[1:]:
        assert len(row[spec.IDNUMBER]) <= 100
        assert len(row[spec.SHORTNAME]) <= 100
    # parents and cross-references name the shortened id numbers, as Moodle needs
    assert rows[3][spec.PARENT] == rows[2][spec.IDNUMBER]
    assert rows[3][spec.RELATED] == rows[2][spec.IDNUMBER]
    assert rows[2][spec.IDNUMBER].startswith("leadership.xxx")
    assert [(p.code, p.path, p.severity) for p in warnings] == [
        ("moodle-shortened", "$[row 2].shortname", "warning"),
        ("moodle-shortened", "$[row 3].idnumber", "warning"),
        ("moodle-shortened", "$[row 4].idnumber", "warning"),
    ]
    back, read_warnings = read_moodle(text.encode("utf-8"))
    assert back == framework
    assert read_warnings == []
    assert write_moodle(framework, shorten=True) == text  # deterministic


def test_shortened_id_numbers_stay_unique_when_their_starts_collide() -> None:
    start = "c" * 120
    ids = [start + suffix for suffix in ("a", "b", "c", "d")]
    taken = start[:91] + "-" + "0" * 8  # a short id that looks like a shortened one
    framework = _long_framework(*ids, taken)
    text = write_moodle(framework, shorten=True)
    idnumbers = [row[spec.IDNUMBER] for row in _cells(text)[2:]]
    assert len(set(idnumbers)) == len(idnumbers) == 5
    assert all(len(idnumber) <= 100 for idnumber in idnumbers)
    assert read_moodle(text.encode("utf-8"))[0] == framework
    assert spec.shorten("x" * 200) == spec.shorten("x" * 200)
    made = spec.shorten("x" * 200)
    assert spec.shorten("x" * 200, {made}) not in {made}


def test_convert_refuses_or_shortens_over_long_cells(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "long.framework.json"
    source.write_text(leadcomp.dumps(_long_framework("a" * 120, "b")), encoding="utf-8")
    target = tmp_path / "long.csv"
    assert main(["convert", str(source), str(target)]) == 1
    err = capsys.readouterr().err
    assert f"{target}:3:2: moodle-too-long: $[row 3].idnumber" in err
    assert "Traceback" not in err
    assert not target.exists()  # nothing written
    assert main(["convert", str(source), str(target), "--moodle-shorten"]) == 0
    err = capsys.readouterr().err
    assert "moodle-shortened (warning): $[row 3].idnumber" in err
    assert ": 1 warning" in err
    assert load_moodle(target) == _long_framework("a" * 120, "b")


def test_a_kept_taxonomy_moodle_would_refuse_is_not_written_but_still_read_back() -> None:
    framework = _long_framework("a", "b")
    framework = attrs.evolve(framework, extensions={"moodle": {"taxonomy": "Skill,skill"}})
    text = write_moodle(framework)
    assert _cells(text)[1][spec.TAXONOMY] == "competency,competency"
    assert read_moodle(text.encode("utf-8"))[0] == framework
    kept = attrs.evolve(framework, extensions={"moodle": {"taxonomy": "skill,proficiency"}})
    assert _cells(write_moodle(kept))[1][spec.TAXONOMY] == "skill,proficiency"


# -- a Moodle outcomes file is not a competency framework ----------------------------------------

#: A Moodle gradebook outcomes export: ';' between cells, as Moodle writes it (made up here).
OUTCOMES = (
    b"outcome_name;outcome_shortname;outcome_description;scale_name;scale_items;"
    b"scale_description\n"
    b'"Leads the team";leads;"Sets direction";"Competence";"Not yet,Competent";\n'
)
#: The same with commas, as a spreadsheet would save it.
OUTCOMES_COMMAS = (
    "\ufeffoutcome_name,outcome_shortname,outcome_description,scale_name,scale_items,"
    'scale_description\r\n"Leads the team",leads,,Competence,"Not yet,Competent",\r\n'
).encode("utf-8")


@pytest.mark.parametrize("data", [OUTCOMES, OUTCOMES_COMMAS], ids=["semicolons", "commas"])
def test_an_outcomes_file_is_refused_by_load_and_validate(data: bytes, tmp_path: Path) -> None:
    path = tmp_path / "outcomes.csv"
    path.write_bytes(data)
    for source in (path, str(path), data):
        with pytest.raises(InvalidDocument) as caught:
            leadcomp.load(source)
        (found,) = caught.value.problems
        assert found.code == "moodle-outcomes-file"
        assert "not a competency framework" in found.message
        assert "Competencies > Export" in found.message
        assert found.line == 1
        kind, problems = _api.inspect(source)
        assert kind is None
        assert [p.code for p in problems] == ["moodle-outcomes-file"]
        assert [p.code for p in leadcomp.validate(source)] == ["moodle-outcomes-file"]
    with pytest.raises(InvalidDocument) as caught:
        read_moodle(path)
    assert [p.code for p in caught.value.problems] == ["moodle-outcomes-file"]
    assert looks_like_outcomes(data)
    assert not looks_like_outcomes(b"Parent id number,Id number\n")


@pytest.mark.parametrize("data", [OUTCOMES, OUTCOMES_COMMAS], ids=["semicolons", "commas"])
def test_an_outcomes_file_is_refused_by_convert_and_validate_cli(
    data: bytes, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "outcomes.csv"
    path.write_bytes(data)
    target = tmp_path / "out.framework.json"
    assert main(["convert", str(path), str(target)]) == 1
    err = capsys.readouterr().err
    assert f"{path}:1:" in err
    assert "moodle-outcomes-file" in err
    assert "survey mapping" not in err
    assert "Traceback" not in err
    assert not target.exists()
    assert main(["validate", str(path)]) == 1
    out_err = capsys.readouterr()
    assert "moodle-outcomes-file" in out_err.out + out_err.err
