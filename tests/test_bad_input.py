"""Every class of bad input, seen three ways: ``validate`` (never raises), ``load`` (raises
InvalidDocument with the same problems) and ``leadcomp validate`` (exit 1, the problem printed,
no traceback). Each test asserts the exact code, JSON path, and line and column where knowable.

Bad documents are derived from small valid base documents defined here as dicts.
"""

from __future__ import annotations

import copy
import json
import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from unittest.mock import ANY

import pytest
import yaml

import leadcomp
from leadcomp.cli import main

# -- valid base documents --------------------------------------------------------------------

FRAMEWORK: dict[str, Any] = {
    "kind": "framework",
    "format": "1.0",
    "id": "tl",
    "version": "1.0.0",
    "title": "Team leadership",
    "default_scale": "five",
    "scales": [
        {
            "id": "five",
            "levels": [{"value": v, "label": f"L{v}"} for v in range(1, 6)],
            "proficient": 3,
            "not_observed": True,
        },
        {"id": "yn", "levels": [{"value": 0, "label": "No"}, {"value": 1, "label": "Yes"}]},
    ],
    "competencies": [
        {"id": "vision", "title": "Vision", "kind": "domain"},
        {
            "id": "vision.share",
            "title": "Sharing the vision",
            "kind": "behaviour",
            "parent": "vision",
            "indicators": [
                {"id": "vision.share.1", "text": "Explains the team's aims."},
                {"id": "vision.share.2", "text": "Checks people know the aims.", "scale": "yn"},
            ],
            "descriptors": [{"level": 1, "text": "Repeats the aims when asked."}],
            "relations": [{"type": "related", "target": "care"}],
        },
        {"id": "care", "title": "Care", "kind": "behaviour"},
    ],
}

ROLE: dict[str, Any] = {
    "kind": "role",
    "format": "1.0",
    "id": "team-lead",
    "title": "Team lead",
    "framework": {"id": "tl", "versions": ">=1.0.0, <2.0.0"},
    "requirements": [
        {"competency": "vision.share", "level": 3},
        {"competency": "care", "level": 4, "essential": True},
    ],
}

ASSESSMENT: dict[str, Any] = {
    "kind": "assessment",
    "format": "1.0",
    "subject": "p-001",
    "framework": "tl@1.0.0",
    "date": "2024-02-29",
    "raters": [{"id": "me", "group": "self"}, {"id": "boss", "group": "manager"}],
    "ratings": [
        {"rater": "me", "item": "vision.share.1", "value": 4},
        {"rater": "boss", "item": "vision.share.1", "value": 3},
        {"rater": "boss", "item": "care", "value": None},
        {"rater": "me", "item": "vision.share.2", "value": 1},
    ],
}

BASES = {"framework": FRAMEWORK, "role": ROLE, "assessment": ASSESSMENT}
KEY_CODES = frozenset({"unknown-field", "duplicate-key"})
_SENTINEL = "\u2603 sentinel \u2603"

Expected = tuple[str, str, Any, Any]  # code, JSON path, line, column


# -- helpers ---------------------------------------------------------------------------------


def dumps(doc: Any) -> str:
    """How these tests write JSON documents."""
    return json.dumps(doc, indent=2, ensure_ascii=False)


def yaml_base() -> str:
    """The base framework as YAML (without extensions, so tests can append them)."""
    return yaml.safe_dump(FRAMEWORK, sort_keys=False, allow_unicode=True)


def derive(base: dict[str, Any], change: Callable[[dict[str, Any]], object]) -> dict[str, Any]:
    doc = copy.deepcopy(base)
    change(doc)
    return doc


def line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a character offset."""
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column


def position_of(text: str, needle: str, nth: int = 1) -> tuple[int, int]:
    """Line and column of the nth occurrence of needle in text."""
    offset = -1
    for _ in range(nth):
        offset = text.index(needle, offset + 1)
    return line_col(text, offset)


_STEP = re.compile(r"\.([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]")


def parts_of(path: str) -> list[str | int]:
    """The keys and indices of a simple JSON path such as ``$.competencies[3].id``."""
    assert path.startswith("$")
    parts: list[str | int] = []
    pos = 1
    while pos < len(path):
        match = _STEP.match(path, pos)
        assert match is not None, path
        parts.append(match[1] if match[1] is not None else int(match[2]))
        pos = match.end()
    return parts


def json_position(doc: Any, path: str, *, key: bool = False) -> tuple[int, int]:
    """Where the value (or key) at path starts in ``dumps(doc)``, found independently of
    leadcomp: the value is swapped for a sentinel, and the text before it is unchanged."""
    parts = parts_of(path)
    if not parts:
        return 1, 1
    marked = copy.deepcopy(doc)
    target = marked
    for part in parts[:-1]:
        target = target[part]
    target[parts[-1]] = _SENTINEL
    text = dumps(marked)
    offset = text.index(json.dumps(_SENTINEL, ensure_ascii=False))
    if key:
        offset -= len(json.dumps(parts[-1])) + 2
    return line_col(text, offset)


def write(folder: Path, name: str, content: str | bytes | dict[str, Any]) -> Path:
    path = folder / name
    if isinstance(content, dict):
        content = dumps(content)
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return path


def check_bad(
    path: Path,
    capsys: pytest.CaptureFixture[str],
    expected: Sequence[Expected],
    *,
    framework_file: Path | None = None,
    limits: leadcomp.Limits | None = None,
    cli: Sequence[str] = (),
) -> list[leadcomp.Problem]:
    """Assert the errors of a bad file through validate, load and the CLI; return them."""
    name = str(path)
    framework = leadcomp.load(framework_file) if framework_file is not None else None
    options: dict[str, Any] = {"framework": framework}
    if limits is not None:
        options["limits"] = limits

    problems = leadcomp.validate(name, **options)
    errors = [p for p in problems if p.is_error]
    assert [(p.code, p.path, p.line, p.column) for p in errors] == list(expected)
    assert all(p.file == name for p in problems)

    with pytest.raises(leadcomp.InvalidDocument) as raised:
        leadcomp.load(path, **options)
    assert list(raised.value.problems) == problems

    # the command checks the document against the framework it names (the one given, where
    # it is that one), as validate_files does
    given = [framework] if framework is not None else []
    limits = options.get("limits", leadcomp.Limits())
    (check,) = leadcomp.validate_files([name], frameworks=given, limits=limits)
    if framework is None or framework.id in name_of_framework(path):
        # with no framework found, the command says so once (a warning) and finds the rest
        found = [p for p in check.problems if p.code != "unresolved-framework"]
        assert found == problems
    argv = ["validate", *cli]
    if framework_file is not None:
        argv += ["--framework", str(framework_file)]
    assert main([*argv, name]) == 1
    out, err = capsys.readouterr()
    lines = out.splitlines()
    for p in check.problems:
        assert str(p) in lines
    assert "Traceback" not in out + err
    assert "1 file checked: 0 valid, 1 invalid" in err
    return errors


def name_of_framework(path: Path) -> str:
    """The framework a role or assessment file names, as text ('' when it names none)."""
    data = json.loads(path.read_text(encoding="utf-8")) if path.suffix == ".json" else {}
    named = data.get("framework") if isinstance(data, dict) else None
    return str(named.get("id") if isinstance(named, dict) else named or "")


def check_good(path: Path, capsys: pytest.CaptureFixture[str], *cli: str) -> Any:
    """Assert a file is valid through validate, load and the CLI; return the model."""
    assert leadcomp.validate(str(path)) == []
    model = leadcomp.load(path)
    assert main(["validate", *cli, str(path)]) == 0
    out, err = capsys.readouterr()
    assert out == ""
    assert "1 file checked: 1 valid, 0 invalid" in err
    return model


@pytest.fixture
def framework_file(tmp_path: Path) -> Path:
    return write(tmp_path, "tl.framework.json", FRAMEWORK)


# -- the base documents are valid ------------------------------------------------------------


@pytest.mark.parametrize("kind", sorted(BASES))
def test_base_documents_are_valid(
    kind: str, tmp_path: Path, framework_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, f"base.{kind}.json", BASES[kind])
    framework = leadcomp.load(framework_file)
    assert leadcomp.validate(str(path), framework=framework) == []
    model = leadcomp.load(path, framework=framework)
    assert (
        type(model).__name__
        == {
            "framework": "Framework",
            "role": "RoleProfile",
            "assessment": "Assessment",
        }[kind]
    )
    assert main(["validate", "--framework", str(framework_file), str(path)]) == 0
    assert capsys.readouterr().out == ""


# -- bytes that are not a document -----------------------------------------------------------

_EMPTY_MESSAGE = "the file is empty"


@pytest.mark.parametrize("name", ["empty.json", "empty.yaml", "empty.yml"])
def test_empty_file(name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, name, b"")
    [error] = check_bad(path, capsys, [("empty", "$", None, None)])
    assert _EMPTY_MESSAGE in error.message


@pytest.mark.parametrize("name", ["blank.json", "blank.yaml"])
def test_whitespace_only(name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, name, " \n\t\r\n   \n")
    [error] = check_bad(path, capsys, [("empty", "$", None, None)])
    assert _EMPTY_MESSAGE in error.message


def test_yaml_with_only_comments_is_empty(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, "comments.yaml", "# nothing here yet\n\n# still nothing\n")
    check_bad(path, capsys, [("empty", "$", None, None)])


def test_plain_prose_in_a_json_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "prose.json", "This framework is about leadership.\n")
    [error] = check_bad(path, capsys, [("invalid-json", "$", 1, 1)])
    assert error.message.startswith("not valid JSON")


@pytest.mark.parametrize("name", ["garbage.json", "garbage.yaml"])
def test_binary_garbage_is_not_utf8(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10"
    path = write(tmp_path, name, png)
    [error] = check_bad(path, capsys, [("invalid-utf8", "$", 1, 1)])
    assert "0x89" in error.message


def test_control_characters_in_a_json_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, "control.json", b"\x00\x01\x02\x03\x04")
    check_bad(path, capsys, [("invalid-json", "$", 1, 1)])


def test_control_characters_in_a_yaml_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, "control.yaml", b"\x00\x01\x02\x03\x04")
    [error] = leadcomp.validate(str(path))
    assert (error.code, error.path, error.file) == ("invalid-yaml", "$", str(path))
    assert error.message.startswith("not valid YAML")
    with pytest.raises(leadcomp.InvalidDocument) as raised:
        leadcomp.load(path)
    assert raised.value.problems == (error,)
    assert main(["validate", str(path)]) == 1
    out, err = capsys.readouterr()
    assert str(error) in out
    assert "Traceback" not in out + err


def test_control_characters_in_a_yaml_file_are_placed_on_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, "control.yaml", b"\x00\x01\x02\x03\x04")
    [error] = check_bad(path, capsys, [("invalid-yaml", "$", 1, 1)])
    assert "\n" not in error.message
    assert "<unicode string>" not in error.message


def test_trailing_garbage_after_a_json_object(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = dumps(FRAMEWORK) + "\n{}\n"
    path = write(tmp_path, "trailing.json", text)
    line = dumps(FRAMEWORK).count("\n") + 2
    [error] = check_bad(path, capsys, [("invalid-json", "$", line, 1)])
    assert "after the end of the document" in error.message


@pytest.mark.parametrize(
    ("name", "text", "found"),
    [
        ("array.json", json.dumps([FRAMEWORK]), "an array of 1 item"),
        ("array.yaml", "- kind: framework\n- kind: role\n", "an array of 2 items"),
        ("string.json", '"framework"', "the string 'framework'"),
        ("string.yaml", "framework\n", "the string 'framework'"),
        ("number.yaml", "42\n", "the number 42"),
    ],
)
def test_top_level_not_an_object(
    name: str, text: str, found: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, name, text)
    [error] = check_bad(path, capsys, [("not-an-object", "$", 1, 1)])
    assert found in error.message


# -- strict parsing ---------------------------------------------------------------------------


def test_duplicate_key_nested_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = dumps(FRAMEWORK)
    assert text.count('"title": "Care",') == 1
    text = text.replace('"title": "Care",', '"title": "Care", "title": "Caring",')
    path = write(tmp_path, "dup.json", text)
    line, column = position_of(text, '"title": "Caring"')
    [error] = check_bad(path, capsys, [("duplicate-key", "$.competencies[2].title", line, column)])
    assert "'title'" in error.message


def test_duplicate_key_nested_yaml(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base = yaml_base()
    text = base + "extensions:\n  team:\n    lead: Ann\n    lead: Bob\n"
    path = write(tmp_path, "dup.yaml", text)
    line = base.count("\n") + 4
    [error] = check_bad(path, capsys, [("duplicate-key", "$.extensions.team.lead", line, 5)])
    assert "'lead'" in error.message


@pytest.mark.parametrize("token", ["NaN", "Infinity", "-Infinity", "1e999", "-1e999"])
def test_non_finite_number_json(
    token: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = derive(FRAMEWORK, lambda d: d["competencies"][2].update(weight=0.5))
    text = dumps(doc)
    text = text.replace('"weight": 0.5', f'"weight": {token}')
    path = write(tmp_path, "nonfinite.json", text)
    line, column = json_position(doc, "$.competencies[2].weight")
    check_bad(path, capsys, [("non-finite-number", "$.competencies[2].weight", line, column)])


@pytest.mark.parametrize("token", [".nan", ".NaN", ".inf", "-.inf", "+.Inf"])
def test_non_finite_number_yaml(
    token: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = yaml_base()
    path = write(tmp_path, "nonfinite.yaml", base + f"extensions:\n  score: {token}\n")
    line = base.count("\n") + 2
    check_bad(path, capsys, [("non-finite-number", "$.extensions.score", line, 10)])


def test_hundred_thousand_nested_arrays_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, "deep.json", "[" * 100_000 + "]" * 100_000)
    [error] = check_bad(path, capsys, [("too-deep", "$", 1, 65)])
    assert "64" in error.message


def test_hundred_thousand_nested_arrays_yaml(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, "deep.yaml", "[" * 100_000 + "]" * 100_000)
    [error] = check_bad(path, capsys, [("too-deep", "$", 1, ANY)])
    assert "64" in error.message


def test_hundred_thousand_nested_arrays_yaml_points_at_the_first_level_too_deep(
    tmp_path: Path,
) -> None:
    path = write(tmp_path, "deep.yaml", "[" * 100_000 + "]" * 100_000)
    [error] = leadcomp.validate(str(path))
    assert (error.code, error.line, error.column) == ("too-deep", 1, 65)


def _nested(levels: int) -> Any:
    value: Any = "bottom"
    for _ in range(levels):
        value = [value]
    return value


# The document is depth 1 and 'extensions' depth 2, so 'x' with n nested arrays reaches 2 + n.
_OVER = "$.extensions.x" + "[0]" * 62  # the first array at depth 65


def test_nesting_just_over_the_limit_in_extensions_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = derive(FRAMEWORK, lambda d: d.update(extensions={"x": _nested(68)}))  # depth 70
    path = write(tmp_path, "deep70.json", doc)
    line, column = json_position(doc, _OVER)
    check_bad(path, capsys, [("too-deep", _OVER, line, column)])


def test_nesting_just_over_the_limit_in_extensions_yaml(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = yaml_base()
    text = base + "extensions:\n  x: " + "[" * 68 + "bottom" + "]" * 68 + "\n"
    path = write(tmp_path, "deep70.yaml", text)
    line = base.count("\n") + 2
    check_bad(path, capsys, [("too-deep", _OVER, line, len("  x: ") + 63)])


def test_nesting_exactly_at_the_limit_is_accepted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = derive(FRAMEWORK, lambda d: d.update(extensions={"x": _nested(62)}))  # depth 64
    json_path = write(tmp_path, "deep64.json", doc)
    text = yaml_base() + "extensions:\n  x: " + "[" * 62 + "bottom" + "]" * 62 + "\n"
    yaml_path = write(tmp_path, "deep64.yaml", text)
    for path in (json_path, yaml_path):
        model = check_good(path, capsys)
        assert model.extensions == {"x": _nested(62)}


def test_nesting_limit_can_be_lowered(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = derive(FRAMEWORK, lambda d: d.update(extensions={"x": _nested(5)}))  # depth 7
    path = write(tmp_path, "deep7.json", doc)
    assert leadcomp.validate(str(path)) == []
    over = "$.extensions.x[0][0][0][0]"  # depth 7
    line, column = json_position(doc, over)
    check_bad(
        path,
        capsys,
        [("too-deep", over, line, column)],
        limits=leadcomp.Limits(max_depth=6),
        cli=["--max-depth", "6"],
    )


@pytest.mark.parametrize(("kind", "max_depth"), [("framework", 4), ("role", 2)])
def test_a_low_nesting_limit_reports_too_deep_for_json_files(
    kind: str, max_depth: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, f"{kind}.json", BASES[kind])  # depth 5 (framework), 3 (role)
    problems = leadcomp.validate(str(path), limits=leadcomp.Limits(max_depth=max_depth))
    assert [p.code for p in problems] == ["too-deep"]
    assert main(["validate", "--max-depth", str(max_depth), str(path)]) == 1
    assert "too-deep" in capsys.readouterr().out


def test_file_over_the_size_limit(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "big.json", FRAMEWORK)
    size = path.stat().st_size
    [error] = check_bad(
        path,
        capsys,
        [("too-large", "$", None, None)],
        limits=leadcomp.Limits(max_bytes=size - 1),
        cli=["--max-bytes", str(size - 1)],
    )
    assert str(size) in error.message
    assert str(size - 1) in error.message


def test_file_exactly_at_the_size_limit_is_accepted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, "fits.json", FRAMEWORK)
    size = path.stat().st_size
    assert leadcomp.validate(str(path), limits=leadcomp.Limits(max_bytes=size)) == []
    assert main(["validate", "--max-bytes", str(size), str(path)]) == 0
    assert "1 valid" in capsys.readouterr().err


@pytest.mark.parametrize("suffix", ["json", "yaml"])
def test_invalid_utf8(suffix: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = dumps(FRAMEWORK) if suffix == "json" else yaml_base()
    text = text.replace("Team leadership", "Team ?leadership")
    assert text.count("?") == 1
    line, column = position_of(text, "?")
    path = write(tmp_path, f"latin1.{suffix}", text.encode("utf-8").replace(b"?", b"\xff"))
    [error] = check_bad(path, capsys, [("invalid-utf8", "$", line, column)])
    assert "0xff" in error.message


@pytest.mark.parametrize("suffix", ["json", "yaml"])
def test_utf8_byte_order_mark_is_accepted(
    suffix: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = dumps(FRAMEWORK) if suffix == "json" else yaml_base()
    path = write(tmp_path, f"bom.{suffix}", b"\xef\xbb\xbf" + text.encode("utf-8"))
    model = check_good(path, capsys)
    assert model == leadcomp.load(FRAMEWORK)


# -- header, schema and domain rules (table-driven) ------------------------------------------


@dataclass(frozen=True)
class Case:
    name: str
    base: str
    change: Callable[[dict[str, Any]], object]
    #: (code, JSON path) of every error, positions worked out from the written file
    errors: list[tuple[str, str]]
    #: text every listed fragment must appear in one of the messages
    says: tuple[str, ...] = ()
    #: validate against the base framework (roles and assessments)
    with_framework: bool = False


def _comp(index: int, **values: Any) -> Callable[[dict[str, Any]], object]:
    return lambda d: d["competencies"][index].update(values)


def _pop(key: str) -> Callable[[dict[str, Any]], object]:
    return lambda d: d.pop(key)


def _swap_levels(d: dict[str, Any]) -> None:
    levels = d["scales"][0]["levels"]
    levels[1], levels[2] = levels[2], levels[1]


CASES = [
    # header
    Case("missing kind", "framework", _pop("kind"), [("missing-kind", "$")], ("'framework'",)),
    Case(
        "missing format",
        "framework",
        _pop("format"),
        [("missing-format", "$")],
        ('"format": "1.0"',),
    ),
    Case(
        "unknown kind",
        "framework",
        lambda d: d.update(kind="framwork"),
        [("unknown-kind", "$.kind")],
        ("did you mean 'framework'?",),
    ),
    Case(
        "newer minor format",
        "framework",
        lambda d: d.update(format="1.1"),
        [("unsupported-format", "$.format")],
        ("1.1", "upgrade leadcomp"),
    ),
    Case(
        "newer major format",
        "role",
        lambda d: d.update(format="2.0"),
        [("unsupported-format", "$.format")],
        ("2.0", "upgrade leadcomp"),
    ),
    Case(
        "malformed format",
        "assessment",
        lambda d: d.update(format="one"),
        [("invalid-format", "$.format")],
        ("'one'",),
    ),
    Case(
        "format as a number",
        "framework",
        lambda d: d.update(format=1.0),
        [("invalid-format", "$.format")],
    ),
    # schema
    Case(
        "unknown field at top level",
        "framework",
        lambda d: d.update(titel="Oops"),
        [("unknown-field", "$.titel")],
        ("did you mean 'title'?", "extensions"),
    ),
    Case(
        "unknown field nested",
        "framework",
        _comp(1, indicatorz=[]),
        [("unknown-field", "$.competencies[1].indicatorz")],
        ("did you mean 'indicators'?",),
    ),
    Case(
        "unknown field deeply nested",
        "framework",
        lambda d: d["scales"][0]["levels"][2].update(lable="x"),
        [("unknown-field", "$.scales[0].levels[2].lable")],
        ("did you mean 'label'?",),
    ),
    Case(
        "unknown field in an assessment rating",
        "assessment",
        lambda d: d["ratings"][1].update(valeu=3),
        [("unknown-field", "$.ratings[1].valeu")],
        ("did you mean 'value'?",),
    ),
    Case(
        "wrong types",
        "framework",
        lambda d: (
            d.update(title=5, sequential="yes"),
            d["scales"][0]["levels"][0].update(value="1"),
            d["competencies"][2].update(weight="heavy"),
        ),
        [
            ("wrong-type", "$.title"),
            ("wrong-type", "$.sequential"),
            ("wrong-type", "$.scales[0].levels[0].value"),
            ("wrong-type", "$.competencies[2].weight"),
        ],
        ("expected a string, found the number 5", "expected an integer, found the string '1'"),
    ),
    Case(
        "a list where an object belongs",
        "role",
        lambda d: d.update(framework=["tl"]),
        [("wrong-type", "$.framework")],
        ("expected an object",),
    ),
    Case(
        "a boolean is not an integer",
        "assessment",
        lambda d: d["ratings"][0].update(value=True),
        [("wrong-type", "$.ratings[0].value")],
    ),
    Case(
        "empty competency id",
        "framework",
        _comp(2, id=""),
        [("empty-value", "$.competencies[2].id")],
    ),
    Case(
        "empty indicator id",
        "framework",
        lambda d: d["competencies"][1]["indicators"][0].update(id=""),
        [("empty-value", "$.competencies[1].indicators[0].id")],
    ),
    Case(
        "empty rater id",
        "assessment",
        lambda d: d["raters"][1].update(id=""),
        [("empty-value", "$.raters[1].id")],
    ),
    Case("empty title", "framework", lambda d: d.update(title=""), [("empty-value", "$.title")]),
    Case(
        "assessment framework without a version",
        "assessment",
        lambda d: d.update(framework="tl"),
        [("invalid-value", "$.framework")],
    ),
    Case(
        "impossible date",
        "assessment",
        lambda d: d.update(date="2024-02-30"),
        [("invalid-value", "$.date")],
        ("2024-02-30",),
    ),
    # framework rules
    Case(
        "duplicate competency ids",
        "framework",
        lambda d: d["competencies"].append({"id": "care", "title": "Care 2", "kind": "skill"}),
        [("duplicate-id", "$.competencies[3].id")],
        ("'care'", "$.competencies[2]"),
    ),
    Case(
        "duplicate indicator ids",
        "framework",
        lambda d: d["competencies"][1]["indicators"][1].update(id="vision.share.1"),
        [("duplicate-id", "$.competencies[1].indicators[1].id")],
        ("$.competencies[1].indicators[0]",),
    ),
    Case(
        "indicator id equal to a competency id",
        "framework",
        lambda d: d["competencies"][1]["indicators"][1].update(id="vision"),
        [("duplicate-id", "$.competencies[1].indicators[1].id")],
        ("$.competencies[0]",),
    ),
    Case(
        "duplicate scale ids",
        "framework",
        lambda d: d["scales"].append(copy.deepcopy(d["scales"][1])),
        [("duplicate-id", "$.scales[2].id")],
        ("'yn'", "$.scales[1]"),
    ),
    Case(
        "dangling parent",
        "framework",
        _comp(1, parent="visoin"),
        [("unknown-reference", "$.competencies[1].parent")],
        ("did you mean 'vision'?",),
    ),
    Case(
        "dangling competency scale",
        "framework",
        _comp(2, scale="ten"),
        [("unknown-reference", "$.competencies[2].scale")],
        ("'ten'", "'five', 'yn'"),
    ),
    Case(
        "dangling indicator scale",
        "framework",
        lambda d: d["competencies"][1]["indicators"][1].update(scale="ten"),
        [("unknown-reference", "$.competencies[1].indicators[1].scale")],
    ),
    Case(
        "dangling default_scale",
        "framework",
        lambda d: d.update(default_scale="ten"),
        [("unknown-reference", "$.default_scale")],
    ),
    Case(
        "dangling relation target",
        "framework",
        lambda d: d["competencies"][1]["relations"][0].update(target="cares"),
        [("unknown-reference", "$.competencies[1].relations[0].target")],
        ("did you mean 'care'?",),
    ),
    Case(
        "no scale at all",
        "framework",
        lambda d: d.pop("default_scale"),
        [
            ("no-scale", "$.competencies[0]"),
            ("no-scale", "$.competencies[1]"),
            ("no-scale", "$.competencies[2]"),
        ],
    ),
    Case(
        "parent cycle",
        "framework",
        _comp(0, parent="vision.share"),
        [("parent-cycle", "$.competencies[0].parent")],
        ("vision -> vision.share -> vision",),
    ),
    Case(
        "self parent",
        "framework",
        _comp(2, parent="care"),
        [("parent-cycle", "$.competencies[2].parent")],
        ("care -> care",),
    ),
    Case(
        "unordered scale levels",
        "framework",
        _swap_levels,
        [("unordered-levels", "$.scales[0].levels[2].value")],
        ("2 comes after 3",),
    ),
    Case(
        "duplicate scale levels",
        "framework",
        lambda d: d["scales"][0]["levels"][1].update(value=1),
        [("duplicate-level", "$.scales[0].levels[1].value")],
    ),
    Case(
        "proficient off the scale",
        "framework",
        lambda d: d["scales"][0].update(proficient=9),
        [("level-off-scale", "$.scales[0].proficient")],
        ("levels 1, 2, 3, 4, 5",),
    ),
    Case(
        "descriptor level off the scale",
        "framework",
        lambda d: d["competencies"][1]["descriptors"][0].update(level=7),
        [("level-off-scale", "$.competencies[1].descriptors[0].level")],
    ),
    Case(
        "duplicate descriptor levels",
        "framework",
        lambda d: d["competencies"][1]["descriptors"].append({"level": 1, "text": "Again."}),
        [("duplicate-level", "$.competencies[1].descriptors[1].level")],
    ),
    # role rules
    Case(
        "role requirement level off the scale",
        "role",
        lambda d: d["requirements"][1].update(level=9),
        [("level-off-scale", "$.requirements[1].level")],
        ("'care'",),
        with_framework=True,
    ),
    Case(
        "role requirement on an unknown competency",
        "role",
        lambda d: d["requirements"][0].update(competency="vision.shared"),
        [("unknown-reference", "$.requirements[0].competency")],
        with_framework=True,
    ),
    Case(
        "role version range not matching",
        "role",
        lambda d: d["framework"].update(versions="^2.0.0"),
        [("framework-mismatch", "$.framework.versions")],
        ("tl@1.0.0",),
        with_framework=True,
    ),
    Case(
        "role for another framework",
        "role",
        lambda d: d["framework"].update(id="hlm"),
        [("framework-mismatch", "$.framework.id")],
        with_framework=True,
    ),
    Case(
        "malformed version range",
        "role",
        lambda d: d["framework"].update(versions=">=banana"),
        [("invalid-version-range", "$.framework.versions")],
        ("'banana'",),
    ),
    Case(
        "version range with an empty comparator",
        "role",
        lambda d: d["framework"].update(versions=">=1.0.0,,<2.0.0"),
        [("invalid-version-range", "$.framework.versions")],
        with_framework=True,
    ),
    Case(
        "duplicate requirement",
        "role",
        lambda d: d["requirements"].append({"competency": "care", "level": 2}),
        [("duplicate-requirement", "$.requirements[2].competency")],
    ),
    # assessment rules
    Case(
        "duplicate raters",
        "assessment",
        lambda d: d["raters"].append({"id": "boss", "group": "peer"}),
        [("duplicate-id", "$.raters[2].id")],
        with_framework=True,
    ),
    Case(
        "two self raters",
        "assessment",
        lambda d: d["raters"].append({"id": "me-too", "group": "self"}),
        [("duplicate-self", "$.raters[2].group")],
        with_framework=True,
    ),
    Case(
        "unknown rater",
        "assessment",
        lambda d: d["ratings"][1].update(rater="bos"),
        [("unknown-rater", "$.ratings[1].rater")],
        ("did you mean 'boss'?",),
    ),
    Case(
        "duplicate rating",
        "assessment",
        lambda d: d["ratings"].append({"rater": "me", "item": "vision.share.1", "value": 2}),
        [("duplicate-rating", "$.ratings[4]")],
        ("$.ratings[0]",),
        with_framework=True,
    ),
    Case(
        "value off the scale",
        "assessment",
        lambda d: d["ratings"][0].update(value=6),
        [("value-off-scale", "$.ratings[0].value")],
        ("'five'",),
        with_framework=True,
    ),
    Case(
        "value off an indicator's own scale",
        "assessment",
        lambda d: d["ratings"][3].update(value=2),
        [("value-off-scale", "$.ratings[3].value")],
        ("'yn'",),
        with_framework=True,
    ),
    Case(
        "not observed where not allowed",
        "assessment",
        lambda d: d["ratings"][3].update(value=None),
        [("not-observed-not-allowed", "$.ratings[3].value")],
        ("'yn'",),
        with_framework=True,
    ),
    Case(
        "unknown item",
        "assessment",
        lambda d: d["ratings"][0].update(item="vision.share.9"),
        [("unknown-item", "$.ratings[0].item")],
        with_framework=True,
    ),
    Case(
        "framework mismatch",
        "assessment",
        lambda d: d.update(framework="tl@1.1.0"),
        [("framework-mismatch", "$.framework")],
        ("tl@1.1.0", "tl@1.0.0"),
        with_framework=True,
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_document_rules(
    case: Case, tmp_path: Path, framework_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = derive(BASES[case.base], case.change)
    path = write(tmp_path, f"bad.{case.base}.json", doc)
    expected = [
        (code, where, *json_position(doc, where, key=code in KEY_CODES))
        for code, where in case.errors
    ]
    expected.sort(key=lambda e: (e[2], e[3], e[1], e[0]))
    errors = check_bad(
        path, capsys, expected, framework_file=framework_file if case.with_framework else None
    )
    for fragment in case.says:
        assert any(fragment in e.message for e in errors), fragment


def test_missing_required_fields_are_each_reported_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = derive(FRAMEWORK, lambda d: (d.pop("scales"), d.pop("competencies")))
    path = write(tmp_path, "missing.json", doc)
    errors = check_bad(path, capsys, [("missing-field", "$", 1, 1)] * 2)
    assert sorted(e.message for e in errors) == [
        "required field 'competencies' is missing",
        "required field 'scales' is missing",
    ]


def test_a_missing_required_field(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = derive(ROLE, lambda d: d["requirements"][0].pop("level"))
    path = write(tmp_path, "missing.json", doc)
    line, column = json_position(doc, "$.requirements[0]")
    [error] = check_bad(path, capsys, [("missing-field", "$.requirements[0]", line, column)])
    assert "'level'" in error.message


# -- YAML-specific hazards ---------------------------------------------------------------------


@pytest.fixture
def no_shell(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Record (instead of running) any os.system or subprocess call made while parsing."""
    import subprocess

    calls: list[Any] = []
    monkeypatch.setattr(os, "system", lambda *a, **k: calls.append(("os.system", a)) or 0)
    original = subprocess.Popen

    def popen(*args: Any, **kwargs: Any) -> Any:
        calls.append(("Popen", args))
        return original(*args, **kwargs)

    monkeypatch.setattr(subprocess, "Popen", popen)
    return calls


def test_yaml_python_tag_at_the_top_is_refused_and_never_run(
    tmp_path: Path, capfd: pytest.CaptureFixture[str], no_shell: list[Any]
) -> None:
    path = write(tmp_path, "evil.yaml", '!!python/object/apply:os.system ["echo hi"]\n')
    [error] = check_bad(path, capfd, [("yaml-tag", "$", 1, 1)])
    assert "python/object/apply:os.system" in error.message
    assert no_shell == []
    assert "hi" not in capfd.readouterr().out.split()


def test_yaml_python_tag_nested_is_refused_and_never_run(
    tmp_path: Path, capfd: pytest.CaptureFixture[str], no_shell: list[Any]
) -> None:
    base = yaml_base()
    marker = tmp_path / "ran"
    text = base + f'extensions:\n  run: !!python/object/apply:os.system ["touch {marker}"]\n'
    path = write(tmp_path, "evil.yaml", text)
    check_bad(path, capfd, [("yaml-tag", "$.extensions.run", base.count("\n") + 2, 8)])
    assert no_shell == []
    assert not marker.exists()


@pytest.mark.parametrize("tag", ["!!set", "!custom", "!!binary"])
def test_other_yaml_tags_are_refused(
    tag: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = yaml_base()
    path = write(tmp_path, "tagged.yaml", base + f"extensions:\n  x: {tag} abc\n")
    check_bad(path, capsys, [("yaml-tag", "$.extensions.x", base.count("\n") + 2, 6)])


def test_yaml_alias_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base = yaml_base()
    text = base + "extensions:\n  first: &note {text: hi}\n  second: *note\n"
    path = write(tmp_path, "alias.yaml", text)
    [error] = check_bad(
        path, capsys, [("yaml-alias", "$.extensions.second", base.count("\n") + 3, 11)]
    )
    assert "alias" in error.message


def test_yaml_alias_in_a_list_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = yaml_base()
    text = base + "extensions:\n  first: &v 1\n  more: [2, *v]\n"
    path = write(tmp_path, "alias.yaml", text)
    check_bad(path, capsys, [("yaml-alias", "$.extensions.more[1]", base.count("\n") + 3, 13)])


def test_yaml_merge_key_is_refused_as_an_alias(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = yaml_base()
    text = base + "extensions:\n  first: {text: hi}\n  second:\n    <<: {text: hi}\n"
    path = write(tmp_path, "merge.yaml", text)
    check_bad(path, capsys, [("yaml-alias", "$.extensions.second", base.count("\n") + 4, 5)])


def test_yaml_merge_key_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base = yaml_base()
    text = base + "extensions:\n  first: &note {text: hi}\n  second:\n    <<: *note\n"
    path = write(tmp_path, "merge.yaml", text)
    [error] = check_bad(path, capsys, [(ANY, "$.extensions.second", base.count("\n") + 4, 5)])
    assert error.code in ("yaml-alias", "yaml-tag")
    assert "merge" in error.message


def test_yaml_multi_document(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base = yaml_base()
    path = write(tmp_path, "two.yaml", base + "---\nkind: framework\n")
    [error] = check_bad(path, capsys, [("invalid-yaml", "$", base.count("\n") + 1, 1)])
    assert "more than one YAML document" in error.message


@pytest.mark.parametrize(
    ("key", "says"),
    [
        ("1", "int"),
        ("1.5", "float"),
        ("true", "bool"),
        ("null", "NoneType"),
        ("~", "NoneType"),
        ("[a, b]", "plain strings"),
        ("{a: 1}", "plain strings"),
    ],
)
def test_yaml_non_string_keys(
    key: str, says: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = yaml_base()
    path = write(tmp_path, "keys.yaml", base + f"extensions:\n  {key}: value\n")
    [error] = check_bad(path, capsys, [("invalid-key", "$.extensions", base.count("\n") + 2, 3)])
    assert says in error.message


def test_yaml_quoted_keys_are_strings(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = yaml_base() + "extensions:\n  '1': one\n  \"true\": yes\n"
    model = check_good(write(tmp_path, "keys.yaml", text), capsys)
    assert model.extensions == {"1": "one", "true": True}


def test_yaml_syntax_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "broken.yaml", "kind: framework\ntitle: [unclosed\nid: x\n")
    [error] = check_bad(path, capsys, [("invalid-yaml", "$", ANY, ANY)])
    assert error.line is not None
    assert error.line >= 2


# -- files and folders ------------------------------------------------------------------------


def test_a_directory_is_not_a_document(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "folder.json"
    folder.mkdir()
    problems = leadcomp.validate(str(folder))
    assert [(p.code, p.path, p.file, p.line) for p in problems] == [
        ("unreadable", "$", str(folder), None)
    ]
    with pytest.raises(leadcomp.InvalidDocument) as raised:
        leadcomp.load(folder)
    assert list(raised.value.problems) == problems


def test_a_nonexistent_path(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "missing.json"
    [error] = check_bad(path, capsys, [("unreadable", "$", None, None)])
    assert "no such file" in error.message


def test_cli_goes_on_past_a_directory_and_a_missing_path(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = write(tmp_path, "good.json", FRAMEWORK)
    bad_doc = derive(FRAMEWORK, lambda d: d.update(titel="x"))
    bad = write(tmp_path, "bad.json", bad_doc)
    missing = tmp_path / "missing.yaml"
    empty_folder = tmp_path / "nothing-here"
    empty_folder.mkdir()
    (empty_folder / "notes.txt").write_text("not a document\n")

    status = main(["validate", "-v", str(good), str(missing), str(empty_folder), str(bad)])

    assert status == 1
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert f"{good}: ok (framework)" in lines
    assert f"{missing}: unreadable: $: no such file" in lines
    assert any(line.startswith(f"{empty_folder}: no-documents: $: ") for line in lines)
    at_line, at_column = json_position(bad_doc, "$.titel", key=True)
    prefix = f"{bad}:{at_line}:{at_column}: unknown-field: $.titel: "
    assert any(line.startswith(prefix) for line in lines)
    assert "4 files checked: 1 valid, 3 invalid" in err
    assert "Traceback" not in out + err
