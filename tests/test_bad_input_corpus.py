"""The bad-input corpus: small malformed files in tests/bad_inputs/, each with the Problems it
must produce (tests/bad_inputs/manifest.json).

Every entry runs twice: through the API its command stands for (``validate``, ``score``,
``migrate``), where the errors must be exactly those listed (code, JSON path, line and column);
and through ``leadcomp.cli.main``, which must exit 1 and print each listed problem as
``file:line:col: code: path: message`` (on standard output or standard error, as the
command prints it), with no traceback anywhere.

Folders are the classes of bad input: parse-json, parse-yaml, header, schema, rules, policy,
scoresheet, mapping and jsonl; ``support/`` holds the valid documents commands refer to. The few
inputs too large to commit (100,000 nested arrays) are listed under "generated" and written at
test time.
"""

from __future__ import annotations

import contextlib
import io
import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

import leadcomp
from leadcomp import InvalidDocument, Problem
from leadcomp.cli import main

CORPUS = Path(__file__).resolve().parent / "bad_inputs"
MANIFEST = json.loads((CORPUS / "manifest.json").read_text(encoding="utf-8"))
ENTRIES: list[dict[str, Any]] = MANIFEST["files"]
GENERATED: list[dict[str, Any]] = MANIFEST["generated"]
SUPPORT: dict[str, str] = MANIFEST["support"]


def _generate(make: str) -> bytes:
    """The content of a generated entry."""
    if make == "nested-arrays":
        return b"[" * 100_000 + b"]" * 100_000
    if make == "nested-objects-in-extensions":
        inner = '{"a": ' * 5_000 + "1" + "}" * 5_000
        return (
            '{"kind": "role", "format": "1.0", "id": "r", "title": "R", '
            '"framework": {"id": "tl", "versions": "1.0.0"}, "requirements": [], '
            f'"extensions": {inner}}}'
        ).encode()
    raise ValueError(f"unknown generated input {make!r}")


def _path(entry: dict[str, Any], folder: Path) -> Path:
    if "make" in entry:
        path = folder / entry["file"]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(_generate(entry["make"]))
        return path
    return CORPUS / entry["file"]


def _argv(entry: dict[str, Any], path: Path) -> list[str]:
    support = str(CORPUS / "support")
    return [a.replace("{file}", str(path)).replace("{support}", support) for a in entry["command"]]


def _option(argv: list[str], name: str) -> str | None:
    return argv[argv.index(name) + 1] if name in argv else None


def api_problems(entry: dict[str, Any], path: Path) -> list[Problem]:
    """Every problem (errors and warnings) the API finds for an entry, as its command would."""
    argv = _argv(entry, path)
    command = argv[0]
    if command == "validate":
        framework_file = _option(argv, "--framework")
        options: dict[str, Any] = {
            "framework": leadcomp.load(framework_file) if framework_file else None
        }
        max_bytes, max_depth = _option(argv, "--max-bytes"), _option(argv, "--max-depth")
        if max_bytes or max_depth:
            default = leadcomp.Limits()
            options["limits"] = leadcomp.Limits(
                max_bytes=int(max_bytes) if max_bytes else default.max_bytes,
                max_depth=int(max_depth) if max_depth else default.max_depth,
            )
        problems = leadcomp.validate(str(path), **options)
        with pytest.raises(InvalidDocument) as raised:
            leadcomp.load(path, **options)
        assert list(raised.value.problems) == problems
        # what the command does: the document against the framework it names, where found
        named = options.pop("framework")
        given = [named] if named is not None else []
        (check,) = leadcomp.validate_files([path], frameworks=given, **options)
        return list(check.problems)
    if command == "score":
        from leadcomp.read._jsonl import read_lines

        framework = leadcomp.load(_option(argv, "--framework"), kind="framework")
        policy_file = _option(argv, "--policy")
        policy = leadcomp.load_policy(policy_file) if policy_file else leadcomp.DEFAULT_POLICY
        items: Any = read_lines(path) if path.suffix == ".jsonl" else [str(path)]
        results = list(leadcomp.try_score_many(items, framework, policy))
        return [p for result in results for p in result.problems]
    if command == "migrate":
        from leadcomp.validation._mapping_rules import mapping_fit_problems, mapping_problems

        try:
            mapping = leadcomp.load(path)
        except InvalidDocument as invalid:
            return list(invalid.problems)
        assert isinstance(mapping, leadcomp.Mapping)
        old = leadcomp.load(_option(argv, "--from"), kind="framework")
        new = leadcomp.load(_option(argv, "--to"), kind="framework")
        found = mapping_problems(mapping) + mapping_fit_problems(mapping, old, new)
        return [p.located(str(path)) for p in found]
    raise ValueError(f"no API equivalent for the command {command!r}")


def _expected(entry: dict[str, Any], path: Path) -> list[tuple[Any, ...]]:
    return [
        (str(path), e.get("line"), e.get("column"), e["code"], e["path"]) for e in entry["expect"]
    ]


def _prefix(file: str, line: int | None, column: int | None, code: str, path: str) -> str:
    where = file + (f":{line}" if line is not None else "")
    where += f":{column}" if line is not None and column is not None else ""
    return f"{where}: {code}: {path}: "


def _ids(entries: list[dict[str, Any]]) -> list[str]:
    return [entry["file"] for entry in entries]


@pytest.mark.parametrize("entry", ENTRIES + GENERATED, ids=_ids(ENTRIES + GENERATED))
def test_the_api_finds_exactly_the_listed_errors(entry: dict[str, Any], tmp_path: Path) -> None:
    path = _path(entry, tmp_path)
    errors = [p for p in api_problems(entry, path) if p.is_error]
    found = [(p.file, p.line, p.column, p.code, p.path) for p in errors]
    assert found == _expected(entry, path)
    for p in errors:
        assert p.message.strip()
        assert "\n" not in p.message


@pytest.mark.parametrize("entry", ENTRIES + GENERATED, ids=_ids(ENTRIES + GENERATED))
def test_the_command_exits_1_and_prints_each_error(entry: dict[str, Any], tmp_path: Path) -> None:
    path = _path(entry, tmp_path)
    out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="strict")
    err = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="backslashreplace")
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(_argv(entry, path))
        out.flush()
        err.flush()
    printed = "".join(s.buffer.getvalue().decode() for s in (out, err))  # type: ignore[attr-defined]
    assert status == 1, printed
    assert "Traceback" not in printed
    lines = printed.splitlines()
    for expected in _expected(entry, path):
        prefix = _prefix(*expected)
        assert any(line.startswith(prefix) for line in lines), (prefix, printed)


# ---- the manifest itself ----------------------------------------------------------------------


def test_the_corpus_has_at_least_80_files_across_every_class() -> None:
    assert len(ENTRIES) >= 80
    classes = Counter(entry["file"].split("/")[0] for entry in ENTRIES)
    assert set(classes) == {
        "parse-json", "parse-yaml", "header", "schema", "rules", "policy", "scoresheet",
        "mapping", "jsonl",
    }


def test_every_file_in_the_folder_is_in_the_manifest_and_back() -> None:
    on_disk = {
        str(p.relative_to(CORPUS)) for p in CORPUS.rglob("*") if p.is_file()
    } - {"manifest.json"}
    listed = [entry["file"] for entry in ENTRIES] + list(SUPPORT)
    assert len(listed) == len(set(listed))
    assert on_disk == set(listed)
    for entry in GENERATED:
        assert not (CORPUS / entry["file"]).exists()


def test_every_entry_is_complete_and_small() -> None:
    commands = {"validate", "score", "migrate"}
    for entry in ENTRIES + GENERATED:
        assert entry["command"][0] in commands
        assert "{file}" in entry["command"]
        assert entry["note"]
        assert entry["expect"]
        for expected in entry["expect"]:
            assert set(expected) <= {"code", "path", "line", "column"}
            assert expected["path"].startswith("$")
    for entry in ENTRIES:
        assert (CORPUS / entry["file"]).stat().st_size < 8 * 1024


def test_the_support_files_are_valid() -> None:
    for name in SUPPORT:
        assert leadcomp.validate(CORPUS / name) == []


def test_every_rule_code_has_an_entry() -> None:
    """Each code the domain rules, scoring rules and mapping rules can raise as an error is
    exercised by at least one file."""
    import re

    import leadcomp.validation as validation

    folder = Path(validation.__file__).parent
    codes: set[str] = set()
    for name in ("_rules.py", "_scoring_rules.py", "_mapping_rules.py"):
        text = (folder / name).read_text(encoding="utf-8")
        codes |= set(re.findall(r'problem\(\s*"([a-z-]+)"', text))
    codes.discard("duplicate-label")  # a warning: a file with only this one is valid
    covered = {e["code"] for entry in ENTRIES for e in entry["expect"]}
    assert codes <= covered, sorted(codes - covered)
