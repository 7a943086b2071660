"""``leadcomp convert``: formats told from names and content, atomic writes that never clobber,
warnings printed like ``leadcomp validate`` prints problems, and exit 0 / 1 / 2."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

import leadcomp
from leadcomp.cli import main
from leadcomp.formats import registry
from leadcomp.model import Framework

FRAMEWORK: dict[str, Any] = {
    "kind": "framework",
    "format": "1.0",
    "id": "tl",
    "version": "1.0.0",
    "title": "Team leadership",
    "default_scale": "four",
    "scales": [
        {"id": "four", "levels": [{"value": v, "label": f"L{v}"} for v in range(1, 5)]},
    ],
    "competencies": [
        {"id": "vision", "title": "Vision", "kind": "domain"},
        {
            "id": "vision.share",
            "title": "Sharing the vision",
            "kind": "behaviour",
            "parent": "vision",
            "indicators": [{"id": "vision.share.1", "text": "Explains the team's aims."}],
            "descriptors": [{"level": 1, "text": "Repeats the aims when asked."}],
        },
    ],
}

STAMP = "2024-01-31T09:00:00+00:00"
CASE: dict[str, Any] = {
    "CFDocument": {
        "identifier": "00000000-0000-4000-8000-000000000000",
        "uri": "https://case.example.org/doc",
        "creator": "Tests",
        "title": "A CASE framework",
        "lastChangeDateTime": STAMP,
        "CFPackageURI": "https://case.example.org/package",  # a known OpenSALT deviation
    },
    "CFItems": [
        {
            "identifier": "00000001-0000-4000-8000-000000000000",
            "uri": "https://case.example.org/1",
            "fullStatement": "Leads people",
            "humanCodingScheme": "L.1",
            "lastChangeDateTime": STAMP,
        }
    ],
    "CFAssociations": [],
}
LINE = re.compile(r"^(?P<file>.+?):(?P<line>\d+):(?P<col>\d+): (?P<code>[\w-]+)( \(warning\))?: ")


@pytest.fixture
def files(tmp_path: Path) -> Path:
    (tmp_path / "tl.json").write_text(json.dumps(FRAMEWORK), encoding="utf-8")
    (tmp_path / "package.json").write_text(json.dumps(CASE, indent=2), encoding="utf-8")
    return tmp_path


def run(*args: str | Path) -> int:
    return main(["convert", *(str(a) for a in args)])


def test_leadcomp_to_case_and_back_is_lossless(
    files: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(files / "tl.json", files / "tl.case.json") == 0
    package = json.loads((files / "tl.case.json").read_text(encoding="utf-8"))
    assert package["CFDocument"]["title"] == "Team leadership"
    assert "tl.json (leadcomp) -> " in capsys.readouterr().err
    assert run(files / "tl.case.json", files / "back.yaml") == 0
    back = leadcomp.load(files / "back.yaml")
    assert back == leadcomp.load(files / "tl.json")
    assert (files / "back.yaml").read_text(encoding="utf-8").startswith("kind: framework")


def test_case_content_is_detected_and_warnings_are_printed_with_positions(
    files: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(files / "package.json", files / "out.json") == 0
    err = capsys.readouterr().err.splitlines()
    match = LINE.match(err[0])
    assert match is not None, err
    assert match["file"] == str(files / "package.json")
    assert (match["line"], match["code"]) == ("8", "case-deviation")
    assert "(warning)" in err[0]
    assert "$.CFDocument.CFPackageURI" in err[0]
    assert err[-1].endswith("(case) -> " + str(files / "out.json") + " (leadcomp): 1 warning")
    framework = leadcomp.load(files / "out.json")
    assert isinstance(framework, Framework)
    assert [c.id for c in framework.competencies] == ["L.1"]


def test_strict_makes_deviations_errors_and_writes_nothing(
    files: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(files / "package.json", files / "out.json", "--strict") == 1
    err = capsys.readouterr().err
    assert "case-deviation: $.CFDocument.CFPackageURI" in err
    assert not (files / "out.json").exists()


def test_quiet_hides_warnings(files: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(files / "package.json", files / "out.json", "-q") == 0
    assert capsys.readouterr().err == ""


def test_an_existing_output_is_kept_unless_forced(
    files: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = files / "tl.case.json"
    target.write_text("keep me", encoding="utf-8")
    assert run(files / "tl.json", target) == 2
    assert "file-exists" in capsys.readouterr().err
    assert target.read_text(encoding="utf-8") == "keep me"
    assert run(files / "tl.json", target, "--force") == 0
    assert json.loads(target.read_text(encoding="utf-8"))["CFDocument"]["title"]


def test_the_input_is_never_overwritten(files: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = (files / "tl.json").read_bytes()
    assert run(files / "tl.json", files / "tl.json", "--force", "--to", "case") == 2
    assert "OUT is IN" in capsys.readouterr().err
    assert (files / "tl.json").read_bytes() == before


def test_formats_can_be_given_and_must_be_known(
    files: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(files / "tl.json", files / "tl.txt") == 2
    assert "give --to" in capsys.readouterr().err
    assert run(files / "tl.json", files / "tl.txt", "--to", "case") == 0
    assert "CFDocument" in json.loads((files / "tl.txt").read_text(encoding="utf-8"))
    assert run(files / "tl.json", files / "x.json", "--to", "sfia") == 2  # no such format
    assert run(files / "tl.txt", files / "y.json", "--from", "case") == 0
    assert leadcomp.load(files / "y.json") == leadcomp.load(files / "tl.json")


def test_standard_output(files: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(files / "tl.json", "-", "--to", "case") == 0
    out = capsys.readouterr().out
    assert json.loads(out)["CFDocument"]["title"] == "Team leadership"
    assert out == leadcomp.dumps_case(leadcomp.load(files / "tl.json"))


def test_bad_input_exits_1_with_problems(files: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (files / "bad.json").write_text('{"CFDocument": {"title": "x"}, "CFItems": 5}', "utf-8")
    assert run(files / "bad.json", files / "out.json") == 1
    assert "case-invalid: $.CFItems:" in capsys.readouterr().err
    (files / "broken.json").write_text("{not json", "utf-8")
    assert run(files / "broken.json", files / "out.json") == 1
    assert "invalid-json" in capsys.readouterr().err
    assert run(files / "missing.json", files / "out.json") == 1
    assert "unreadable" in capsys.readouterr().err
    assert not (files / "out.json").exists()


def test_only_frameworks_become_case(files: Path, capsys: pytest.CaptureFixture[str]) -> None:
    role = {
        "kind": "role",
        "format": "1.0",
        "id": "lead",
        "title": "Lead",
        "framework": {"id": "tl", "versions": "1.0.0"},
        "requirements": [],
    }
    (files / "role.json").write_text(json.dumps(role), encoding="utf-8")
    assert run(files / "role.json", files / "role.case.json") == 1
    assert "wrong-kind" in capsys.readouterr().err
    assert not (files / "role.case.json").exists()


def test_detection() -> None:
    assert registry.detect("x.case.json", None) == "case"
    assert registry.detect("x.json", b'{"CFDocument": {}}') == "case"
    assert registry.detect("x.json", b'\xef\xbb\xbf {\n "CFItems": []}') == "case"
    assert registry.detect("x.json", b'{"kind": "framework", "extensions": {"CFDocument": 1}}') == (
        "leadcomp"
    )
    assert registry.detect("x.yaml", b"kind: framework") == "leadcomp"
    assert registry.detect("x.txt", None) is None


def test_the_format_registry_takes_new_rows(
    files: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def read(name: str, options: registry.Options) -> tuple[Any, list[Any]]:
        return leadcomp.load(files / "tl.json"), []

    row = registry.Format(
        description="a test format",
        detect=lambda name, head: name.endswith(".test"),
        read=read,
        write=None,
    )
    monkeypatch.setitem(registry.FORMATS, "test", row)
    (files / "in.test").write_text("anything", encoding="utf-8")
    assert run(files / "in.test", files / "out.case.json") == 0
    assert run(files / "tl.json", files / "out.test") == 2  # the format cannot be written
    assert "cannot be written" in capsys.readouterr().err


@pytest.mark.parametrize("name", ["survey", "mapped"])
def test_the_registry_says_when_a_mapping_is_missing(tmp_path: Path, name: str) -> None:
    """A format that reads through a mapping, called from Python without one, is a Problem."""
    path = tmp_path / "answers.csv"
    path.write_text("Participant,Q1\nana,3\n", encoding="utf-8")
    read = registry.FORMATS[name].read
    assert read is not None
    with pytest.raises(leadcomp.InvalidDocument) as caught:
        read(str(path), registry.Options())
    assert [p.code for p in caught.value.problems] == ["missing-mapping"]
