"""Reporters for Problems: text lines, a JSON report, and CI annotations."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from typing import Any, TextIO

from leadcomp.problems import Problem, printable


def file_report(file: str, kind: str | None, problems: Sequence[Problem]) -> dict[str, Any]:
    """One file's entry of the JSON report."""
    return {
        "file": file,
        "kind": kind,
        "valid": not any(p.is_error for p in problems),
        "problems": [p.to_dict() for p in problems],
    }


def report(files: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """The whole JSON report (schemas/validation-report.schema.json)."""
    problems = [p for f in files for p in f["problems"]]
    invalid = sum(1 for f in files if not f["valid"])
    return {
        "status": "invalid" if invalid else "valid",
        "files": list(files),
        "summary": {
            "files": len(files),
            "valid": len(files) - invalid,
            "invalid": invalid,
            "errors": sum(1 for p in problems if p["severity"] == "error"),
            "warnings": sum(1 for p in problems if p["severity"] == "warning"),
        },
    }


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_line(p: Problem) -> str:
    """A GitHub Actions workflow command that annotates the problem's line."""
    level = "error" if p.is_error else "warning"
    props = [f"file={_escape_property(printable(p.file or ''))}"]
    if p.line is not None:
        props.append(f"line={p.line}")
    if p.column is not None:
        props.append(f"col={p.column}")
    props.append(f"title={_escape_property(p.code)}")
    return f"::{level} {','.join(props)}::{_escape_data(f'{p.path}: {p.message}')}"


def write_json(out: TextIO, data: Any) -> None:
    """JSON with a final newline."""
    out.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


#: What varies between problems of one kind: quoted names and numbers.
_VARYING = re.compile(r"'[^']*'|\"[^\"]*\"|-?\d+(?:\.\d+)?")


def shape(p: Problem) -> tuple[str, str, str]:
    """What makes problems alike: code, severity, and the message less its names and numbers."""
    return p.code, p.severity, _VARYING.sub("_", p.message)


def alike(problems: Sequence[Problem], keep: int) -> Iterator[tuple[Problem, int]]:
    """Each problem to print as ``(problem, 0)``, at most ``keep`` of one shape; after the last
    of a shape, ``(that problem, n)`` when ``n`` more like it were left out."""
    counts: dict[tuple[str, str, str], int] = {}
    for p in problems:
        key = shape(p)
        counts[key] = counts.get(key, 0) + 1
    seen: dict[tuple[str, str, str], int] = {}
    for p in problems:
        key = shape(p)
        seen[key] = seen.get(key, 0) + 1
        if seen[key] <= keep:
            yield p, 0
            if seen[key] == keep and counts[key] > keep:
                yield p, counts[key] - keep
