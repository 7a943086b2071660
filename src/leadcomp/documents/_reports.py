"""Gap, cohort and progress reports as JSON: checked against their schemas before any is written.

Reports are results, not inputs: ``leadcomp.load`` and ``leadcomp validate`` do not read them,
but ``load_report`` does, so that saved reports can be read back (``load_report(dumps_report(r))
== r``).
"""

from __future__ import annotations

import json
import os
from typing import Any

from leadcomp.documents._atomic import write_document
from leadcomp.documents._pipeline import parse_source
from leadcomp.model._cohort import CohortReport, ProgressReport
from leadcomp.model._converter import build_model, unstructure
from leadcomp.model._gaps import GapReport
from leadcomp.model._norms import Norms
from leadcomp.problems import InvalidDocument, Problem, problem, sort_problems
from leadcomp.read._limits import DEFAULT_LIMITS
from leadcomp.read._plain import plain_problems
from leadcomp.read._reader import check_depth
from leadcomp.validation._acceptor import acceptor
from leadcomp.validation._schema_check import (
    FORMAT,
    check_header,
    format_of,
    header_format_problems,
    schema_problems,
    upgrade,
)

#: A gap, cohort or progress report.
Report = GapReport | CohortReport | ProgressReport | Norms

#: Report kinds by model, as the documents' ``kind`` says.
REPORT_KINDS: dict[type[Any], str] = {
    GapReport: "gap-report",
    CohortReport: "cohort-report",
    ProgressReport: "progress-report",
    Norms: "norms",
}
_MODELS = {kind: model for model, kind in REPORT_KINDS.items()}


def report_data(report: Report) -> dict[str, Any]:
    """The plain data of a report, with its ``kind`` and ``format`` first (not checked)."""
    kind = REPORT_KINDS.get(type(report))
    if kind is None:
        raise TypeError(f"not a leadcomp report: {type(report).__name__}")
    data = unstructure(report)
    return {"kind": kind, "format": format_of(kind, data, FORMAT), **data}


def report_problems(data: dict[str, Any]) -> list[Problem]:
    """Every problem of a report's plain data against its kind's schema."""
    found = plain_problems(data)
    kind = data.get("kind")
    if kind not in _MODELS:
        kinds = ", ".join(repr(k) for k in _MODELS)
        return [*found, problem("unknown-kind", f"expected a report of kind {kinds}", ("kind",))]
    found += header_format_problems(kind, data)
    if not acceptor(kind, DEFAULT_LIMITS.max_depth)(data):
        found += check_depth(data, DEFAULT_LIMITS) + schema_problems(kind, data)
    return sort_problems(found)


def dumps_report(report: Report, *, compact: bool = False) -> str:
    """The canonical JSON of a report; InvalidDocument if it does not fit its schema.

    ``compact`` JSON is one line with no spaces and no final newline (a JSON Lines record).
    """
    data = report_data(report)
    found = report_problems(data)
    if any(p.is_error for p in found):
        raise InvalidDocument(found)
    if compact:
        return json.dumps(data, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    return json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def dump_report(
    report: Report, target: str | os.PathLike[str], *, overwrite: bool = False
) -> str:
    """Write a report's canonical JSON atomically and return the text.

    An existing file is replaced only with ``overwrite=True``; InvalidDocument, and nothing
    written, if the report does not fit its schema or the file cannot be written.
    """
    text = dumps_report(report)
    write_document(target, text.encode("utf-8"), overwrite=overwrite)
    return text


def load_report(source: str | os.PathLike[str] | bytes | dict[str, Any]) -> Report:
    """Read a gap, cohort or progress report (or norms) written by ``dumps_report``, of this
    version's format or an older one (a gap report of format 1.0 gets each requirement's
    certainty from its own figures: ``validation._schema_check.upgrade``).

    InvalidDocument carrying every Problem when it is not one.
    """
    parsed = parse_source(source)
    data = parsed.data
    kind = data.get("kind") if isinstance(data, dict) else None
    if kind not in _MODELS:
        _kind, header = check_header(data)
        if not header:
            kinds = ", ".join(repr(k) for k in _MODELS)
            header = [
                problem("wrong-kind", f"expected a report of kind {kinds}", ("kind",))
            ]
        raise InvalidDocument(sort_problems(parsed.locate(header)))
    found = report_problems(data)
    if any(p.is_error for p in found):
        raise InvalidDocument(sort_problems(parsed.locate(found)))
    data, _warnings = upgrade(kind, data)
    body = {key: value for key, value in data.items() if key not in ("kind", "format")}
    report, problems = build_model(body, _MODELS[kind])
    if report is None:
        raise InvalidDocument(sort_problems(parsed.locate(problems)))
    return report  # type: ignore[no-any-return]


__all__ = [
    "REPORT_KINDS",
    "Report",
    "dump_report",
    "dumps_report",
    "load_report",
    "report_data",
    "report_problems",
]
