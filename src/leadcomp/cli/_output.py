"""Reporters for Problems: text lines, a JSON report, and CI annotations."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, TextIO

from ..validation._problem import Problem, printable


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
