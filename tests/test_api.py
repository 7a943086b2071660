"""The public functions: load, validate, check, dump and dumps."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import Any

import attrs
import pytest
import yaml

import leadcomp

FRAMEWORK: dict[str, Any] = {
    "kind": "framework",
    "format": "1.0",
    "id": "tl",
    "version": "1.0.0",
    "title": "Team leadership",
    "default_scale": "five",
    "scales": [
        {"id": "five", "levels": [{"value": v, "label": f"L{v}"} for v in range(1, 6)]},
    ],
    "competencies": [
        {"id": "vision", "title": "Vision", "kind": "domain"},
        {
            "id": "vision.share",
            "parent": "vision",
            "title": "Sharing the vision",
            "kind": "behaviour",
            "weight": 2.5,
            "indicators": [{"id": "vision.share.1", "text": "Explains the aims."}],
        },
        {"id": "care", "title": "Care", "kind": "behaviour"},
    ],
    "extensions": {"publisher": "Example"},
}
ROLE: dict[str, Any] = {
    "kind": "role",
    "format": "1.0",
    "id": "lead",
    "title": "Team lead",
    "framework": {"id": "tl", "versions": "^1.0.0"},
    "requirements": [{"competency": "care", "level": 3}],
}


@pytest.fixture
def framework() -> leadcomp.Framework:
    return leadcomp.load(FRAMEWORK, kind="framework")


def only_files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


# -- load -------------------------------------------------------------------------------------


def test_load_from_every_kind_of_source(tmp_path: Path, framework: leadcomp.Framework) -> None:
    json_path = tmp_path / "tl.json"
    json_path.write_text(json.dumps(FRAMEWORK), encoding="utf-8")
    yaml_path = tmp_path / "tl.yaml"
    yaml_path.write_text(yaml.safe_dump(FRAMEWORK), encoding="utf-8")

    assert isinstance(framework, leadcomp.Framework)
    assert framework.id == "tl"
    assert framework.competency("vision.share").weight == 2.5
    assert framework.extensions == {"publisher": "Example"}
    assert leadcomp.load(str(json_path)) == framework
    assert leadcomp.load(json_path) == framework
    assert leadcomp.load(yaml_path) == framework
    assert leadcomp.load(json_path.read_bytes()) == framework
    assert leadcomp.load(yaml_path.read_bytes()) == framework  # told apart by content
    assert leadcomp.load(bytearray(json_path.read_bytes())) == framework


def test_load_does_not_keep_a_reference_to_the_mapping(framework: leadcomp.Framework) -> None:
    data = json.loads(json.dumps(FRAMEWORK))
    loaded = leadcomp.load(data)
    data["extensions"]["publisher"] = "changed"
    assert loaded.extensions == {"publisher": "Example"}
    assert loaded == framework


def test_load_the_example_framework(example_framework_path: Path) -> None:
    example = leadcomp.load(example_framework_path, kind="framework")
    assert example.ref == "team-leadership@1.2.0"
    assert leadcomp.check(example) == []


def test_load_each_kind(framework: leadcomp.Framework) -> None:
    role = leadcomp.load(ROLE, kind="role", framework=framework)
    assert isinstance(role, leadcomp.RoleProfile)
    assert role.requirement("care") == leadcomp.Requirement(competency="care", level=3)


@pytest.mark.parametrize("wanted", ["role", "assessment"])
def test_load_of_the_wrong_kind(wanted: str, tmp_path: Path) -> None:
    path = tmp_path / "tl.json"
    path.write_text(json.dumps(FRAMEWORK, indent=2), encoding="utf-8")

    with pytest.raises(leadcomp.InvalidDocument) as raised:
        leadcomp.load(path, kind=wanted)
    [problem] = raised.value.problems
    assert (problem.code, problem.path, problem.file) == ("wrong-kind", "$.kind", str(path))
    assert (problem.line, problem.column) == (2, 11)
    assert f"{wanted} document" in problem.message
    assert "found a framework" in problem.message

    assert leadcomp.validate(str(path), kind=wanted) == [problem]
    with pytest.raises(leadcomp.InvalidDocument) as from_mapping:
        leadcomp.load(FRAMEWORK, kind=wanted)
    assert [p.code for p in from_mapping.value.problems] == ["wrong-kind"]


def test_load_raises_for_errors_but_not_for_warnings() -> None:
    data = json.loads(json.dumps(FRAMEWORK))
    data["scales"][0]["levels"][1]["label"] = "L1"  # a duplicate label: a warning
    loaded = leadcomp.load(data)
    assert loaded.scales[0].levels[1].label == "L1"
    [warning] = leadcomp.validate(data)
    assert (warning.code, warning.severity) == ("duplicate-label", "warning")
    warnings: list[leadcomp.Problem] = []
    assert leadcomp.load(data, warnings=warnings) == loaded
    assert warnings == [warning]


_ROOT = Path(__file__).resolve().parents[1]
_LOADABLE = sorted(
    path
    for folder in (_ROOT / "examples", _ROOT / "tests" / "old_formats")
    for path in folder.iterdir()
    if path.suffix in (".json", ".yaml", ".csv") and "report" not in path.name
)


@pytest.mark.parametrize("path", _LOADABLE, ids=lambda p: p.name)
def test_load_gives_the_warnings_validate_reports(path: Path) -> None:
    """One read for both: ``load(..., warnings=[])`` fills the list with what ``validate``
    reports for a document that loads (a file with errors leaves the list as it was)."""
    warnings: list[leadcomp.Problem] = []
    try:
        leadcomp.load(path, warnings=warnings)
    except leadcomp.InvalidDocument:
        assert warnings == []
        assert any(p.is_error for p in leadcomp.validate(path))
        return
    assert warnings == leadcomp.validate(path)
    if path.name.endswith("scoresheet-1.0.json"):  # its alphas are dropped, each said
        assert {p.code for p in warnings} == {"dropped-field"}


# -- validate never raises for bad input -----------------------------------------------------

JUNK: list[Any] = [
    b"",
    b" ",
    b"\xff\xfe\x00",
    b"{",
    b"[" * 50_000,
    b"{" * 50_000,
    b'{"a": 1, "a": 2}',
    b'{"kind": NaN}',
    b"null",
    b"- - - -",
    b"kind: framework\nformat: '1.0'\n",
    b'{"kind": "framework", "format": "1.0", "scales": "many"}',
    b"!!python/name:os.system\n",
    b"a: &x 1\nb: *x\n",
    b"---\n---\n",
    "\u00e9\u00e8".encode("latin-1"),
    {},
    {"kind": None},
    {"kind": "framework", "format": "9.9"},
    {"kind": "role", "format": "1.0", "framework": 5},
    {1: 2},
    {"kind": "framework", "format": "1.0", "extensions": {"deep": [[[[[[[[]]]]]]]]}},
]


@pytest.mark.parametrize("junk", JUNK, ids=[repr(j)[:30] for j in JUNK])
def test_validate_never_raises_for_junk(junk: Any) -> None:
    problems = leadcomp.validate(junk)
    assert problems
    assert all(isinstance(p, leadcomp.Problem) for p in problems)
    assert any(p.is_error for p in problems)
    with pytest.raises(leadcomp.InvalidDocument) as raised:
        leadcomp.load(junk)
    assert list(raised.value.problems) == problems


def test_validate_a_path_that_does_not_exist(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere" / "tl.json"
    [problem] = leadcomp.validate(missing)
    assert (problem.code, problem.file, problem.path) == ("unreadable", str(missing), "$")
    assert "no such file" in problem.message


@pytest.mark.parametrize("source", [12, None, ["kind", "framework"], 1.5])
def test_sources_that_are_not_documents_are_a_type_error(source: Any) -> None:
    with pytest.raises(TypeError, match="path, bytes or a mapping"):
        leadcomp.validate(source)
    with pytest.raises(TypeError, match="path, bytes or a mapping"):
        leadcomp.load(source)


def test_non_finite_numbers_in_a_mapping_are_problems() -> None:
    data = json.loads(json.dumps(FRAMEWORK))
    data["competencies"][1]["weight"] = float("nan")
    data["extensions"]["score"] = float("inf")
    problems = leadcomp.validate(data)
    assert [(p.code, p.path) for p in problems] == [
        ("non-finite-number", "$.competencies[1].weight"),
        ("non-finite-number", "$.extensions.score"),
    ]


# -- check ------------------------------------------------------------------------------------


def test_check_a_valid_model(framework: leadcomp.Framework) -> None:
    assert leadcomp.check(framework) == []


def test_check_finds_rule_problems_in_a_model_built_in_code(
    framework: leadcomp.Framework,
) -> None:
    broken = attrs.evolve(
        framework, competencies=(*framework.competencies, framework.competencies[2])
    )
    [problem] = leadcomp.check(broken)
    assert (problem.code, problem.path) == ("duplicate-id", "$.competencies[3].id")
    assert (problem.file, problem.line, problem.column) == (None, None, None)


def test_check_finds_schema_problems_in_a_model_built_in_code(
    framework: leadcomp.Framework,
) -> None:
    broken = attrs.evolve(framework, title="", version="one")
    assert sorted((p.code, p.path) for p in leadcomp.check(broken)) == [
        ("empty-value", "$.title"),
        ("invalid-value", "$.version"),
    ]


def test_check_a_role_against_a_framework(framework: leadcomp.Framework) -> None:
    role = leadcomp.load(ROLE)
    assert leadcomp.check(role, framework) == []
    too_high = attrs.evolve(role, requirements=(attrs.evolve(role.requirements[0], level=9),))
    assert leadcomp.check(too_high) == []
    [problem] = leadcomp.check(too_high, framework)
    assert (problem.code, problem.path) == ("level-off-scale", "$.requirements[0].level")


@pytest.mark.parametrize("value", [{"kind": "framework"}, "tl.json", 3, object()])
def test_check_and_dump_of_a_non_model_are_a_type_error(value: Any, tmp_path: Path) -> None:
    with pytest.raises(TypeError, match="not a leadcomp document model"):
        leadcomp.check(value)
    with pytest.raises(TypeError, match="not a leadcomp document model"):
        leadcomp.dumps(value)
    with pytest.raises(TypeError, match="not a leadcomp document model"):
        leadcomp.dump(value, tmp_path / "out.json")
    assert only_files(tmp_path) == []


def test_a_part_of_a_model_is_not_a_document(framework: leadcomp.Framework) -> None:
    with pytest.raises(TypeError, match="Competency"):
        leadcomp.check(framework.competencies[0])  # type: ignore[arg-type]


# -- dumps and dump ---------------------------------------------------------------------------


def test_dumps_is_canonical_and_round_trips(framework: leadcomp.Framework) -> None:
    text = leadcomp.dumps(framework)
    assert text.endswith("}\n")
    data = json.loads(text)
    assert list(data)[:2] == ["kind", "format"]
    assert data == FRAMEWORK  # defaults left out, nothing added
    assert leadcomp.load(text.encode()) == framework
    assert leadcomp.dumps(leadcomp.load(text.encode())) == text
    yaml_text = leadcomp.dumps(framework, syntax="yaml")
    assert yaml_text.startswith("kind: framework\n")
    assert leadcomp.load(yaml_text.encode()) == framework


def test_dump_to_a_path_writes_the_text_it_returns(
    tmp_path: Path, framework: leadcomp.Framework
) -> None:
    target = tmp_path / "tl.json"
    text = leadcomp.dump(framework, target)
    assert text == leadcomp.dumps(framework)
    assert target.read_text(encoding="utf-8") == text
    assert only_files(tmp_path) == ["tl.json"]  # no temporary file left behind
    assert leadcomp.load(target) == framework

    as_string = tmp_path / "again.json"
    assert leadcomp.dump(framework, str(as_string)) == text
    assert as_string.read_text(encoding="utf-8") == text


def test_dump_without_a_target_only_returns_text(
    tmp_path: Path, framework: leadcomp.Framework, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert leadcomp.dump(framework) == leadcomp.dumps(framework)
    assert only_files(tmp_path) == []


@pytest.mark.parametrize("name", ["tl.yaml", "tl.yml", "TL.YAML"])
def test_dump_picks_yaml_from_the_suffix(
    name: str, tmp_path: Path, framework: leadcomp.Framework
) -> None:
    target = tmp_path / name
    text = leadcomp.dump(framework, target)
    assert text == leadcomp.dumps(framework, syntax="yaml")
    assert target.read_text(encoding="utf-8").startswith("kind: framework\nformat: '1.0'\n")
    assert leadcomp.load(target) == framework


def test_dump_syntax_overrides_the_suffix(tmp_path: Path, framework: leadcomp.Framework) -> None:
    target = tmp_path / "tl.yaml"
    leadcomp.dump(framework, target, syntax="json")
    assert json.loads(target.read_text(encoding="utf-8"))["id"] == "tl"


def test_dump_refuses_to_overwrite(tmp_path: Path, framework: leadcomp.Framework) -> None:
    target = tmp_path / "tl.json"
    target.write_text("old content\n", encoding="utf-8")

    with pytest.raises(leadcomp.InvalidDocument) as raised:
        leadcomp.dump(framework, target)
    [problem] = raised.value.problems
    assert (problem.code, problem.file) == ("file-exists", str(target))
    assert "overwrite=True" in problem.message
    assert target.read_text(encoding="utf-8") == "old content\n"
    assert only_files(tmp_path) == ["tl.json"]

    text = leadcomp.dump(framework, target, overwrite=True)
    assert target.read_text(encoding="utf-8") == text
    assert only_files(tmp_path) == ["tl.json"]


def test_overwriting_keeps_the_file_mode(tmp_path: Path, framework: leadcomp.Framework) -> None:
    target = tmp_path / "tl.json"
    target.write_text("old\n", encoding="utf-8")
    target.chmod(0o600)
    leadcomp.dump(framework, target, overwrite=True)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert leadcomp.load(target) == framework


def test_a_failed_write_leaves_the_old_file_and_no_temporary(
    tmp_path: Path, framework: leadcomp.Framework, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "tl.json"
    target.write_text("old content\n", encoding="utf-8")

    def fail(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", fail)
    with pytest.raises(leadcomp.InvalidDocument) as raised:
        leadcomp.dump(framework, target, overwrite=True)
    [problem] = raised.value.problems
    assert (problem.code, problem.file) == ("unwritable", str(target))
    assert "No space left on device" in problem.message
    assert target.read_text(encoding="utf-8") == "old content\n"
    assert only_files(tmp_path) == ["tl.json"]


def test_dump_into_a_missing_folder_is_unwritable(
    tmp_path: Path, framework: leadcomp.Framework
) -> None:
    target = tmp_path / "no" / "such" / "folder" / "tl.json"
    with pytest.raises(leadcomp.InvalidDocument) as raised:
        leadcomp.dump(framework, target)
    assert [p.code for p in raised.value.problems] == ["unwritable"]
    assert only_files(tmp_path) == []


def test_dump_of_an_invalid_model_writes_nothing(
    tmp_path: Path, framework: leadcomp.Framework
) -> None:
    broken = attrs.evolve(
        framework, competencies=(*framework.competencies, framework.competencies[0])
    )
    target = tmp_path / "broken.json"
    with pytest.raises(leadcomp.InvalidDocument) as raised:
        leadcomp.dump(broken, target)
    assert [(p.code, p.path) for p in raised.value.problems] == [
        ("duplicate-id", "$.competencies[3].id")
    ]
    assert not target.exists()
    assert only_files(tmp_path) == []
    with pytest.raises(leadcomp.InvalidDocument):
        leadcomp.dumps(broken)


@pytest.mark.parametrize(
    ("weight", "also"),
    [
        (float("inf"), []),
        (float("nan"), []),
        (float("-inf"), ["out-of-range"]),  # weights must also be above 0
    ],
)
def test_dump_of_a_non_finite_number(
    weight: float, also: list[str], tmp_path: Path, framework: leadcomp.Framework
) -> None:
    first = attrs.evolve(framework.competencies[1], weight=weight)
    broken = attrs.evolve(
        framework, competencies=(framework.competencies[0], first, framework.competencies[2])
    )
    target = tmp_path / "tl.json"
    with pytest.raises(leadcomp.InvalidDocument) as raised:
        leadcomp.dump(broken, target)
    assert [(p.code, p.path) for p in raised.value.problems] == [
        (code, "$.competencies[1].weight") for code in ["non-finite-number", *also]
    ]
    assert only_files(tmp_path) == []
    assert [p.code for p in leadcomp.check(broken)] == ["non-finite-number", *also]


def test_dump_of_a_non_finite_number_in_extensions(framework: leadcomp.Framework) -> None:
    broken = attrs.evolve(framework, extensions={"scores": [1.0, float("nan")]})
    with pytest.raises(leadcomp.InvalidDocument) as raised:
        leadcomp.dumps(broken, syntax="yaml")
    assert [(p.code, p.path) for p in raised.value.problems] == [
        ("non-finite-number", "$.extensions.scores[1]")
    ]


# -- InvalidDocument --------------------------------------------------------------------------


def test_invalid_document_names_the_first_error(tmp_path: Path) -> None:
    data = json.loads(json.dumps(FRAMEWORK))
    data["scales"][0]["levels"][1]["label"] = "L1"  # a warning, first in the file
    data["competencies"][1]["parent"] = "visoin"  # then two errors
    data["competencies"].append({"id": "care", "title": "Care 2", "kind": "skill"})
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")

    with pytest.raises(leadcomp.InvalidDocument) as raised:
        leadcomp.load(path)
    invalid = raised.value
    assert isinstance(invalid, ValueError)
    assert [p.code for p in invalid.problems] == [
        "duplicate-label",
        "unknown-reference",
        "duplicate-id",
    ]
    assert [p.code for p in invalid.errors] == ["unknown-reference", "duplicate-id"]
    first = invalid.errors[0]
    assert str(invalid) == f"{first} (and 1 more)"
    assert str(invalid).startswith(f"{path}:{first.line}:{first.column}: unknown-reference: ")
    assert "$.competencies[1].parent" in str(invalid)


def test_invalid_document_with_one_error() -> None:
    with pytest.raises(leadcomp.InvalidDocument) as raised:
        leadcomp.load(b"[]")
    [problem] = raised.value.problems
    assert str(raised.value) == str(problem)
    assert str(problem).startswith("<input>:1:1: not-an-object: $: ")
    assert "(and" not in str(raised.value)
