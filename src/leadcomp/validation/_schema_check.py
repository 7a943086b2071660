"""Document header checks and JSON Schema validation, as Problems people can act on."""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from typing import Any

from leadcomp.model._types import certainty_of
from leadcomp.problems import PathParts, Problem, problem
from leadcomp.validation._schemas import DOCUMENT_KINDS, validator

#: The newest format version this library reads, per major version.
FORMAT = "1.0"
_SUPPORTED = (1, 0)
#: Score sheets showing answers to open questions.
OPEN_COMMENTS_FORMAT = "1.1"
#: Score sheets of a policy asking for rater consistency (alpha across one person's raters,
#: ``rater_consistency``); older sheets' ``alpha`` is not part of it.
RATER_CONSISTENCY_FORMAT = "1.2"
#: Kinds whose newest format is newer than FORMAT. A document is written with the oldest
#: format that carries what it holds, and documents of older formats are read (see
#: ``upgrade`` for what reading an older one changes): survey mappings 1.1 add tool presets,
#: ``items: auto``, pseudonymisation and open-question columns; assessments 1.1 add the
#: raters' answers to open questions, score sheets 1.1 those shown, and score sheets 1.2 the
#: rater consistency of a policy asking for it (with no ``alpha``); policies 1.1 add
#: ``rater_consistency``; gap reports 1.1 add each requirement's ``certainty`` (required) and
#: ``norms``; cohort reports 1.1 add the item analysis, rater reliability and group comparison.
KIND_FORMATS = {
    "survey-mapping": "1.1",
    "assessment": "1.1",
    "scoresheet": RATER_CONSISTENCY_FORMAT,
    "policy": "1.1",
    "gap-report": "1.1",
    "cohort-report": "1.1",
}
#: What each kind's newer formats add, for messages.
_NEWER_FIELDS = {
    ("survey-mapping", "1.1"): "'tool', 'pseudonymise', 'items: auto' or 'comments'",
    ("assessment", "1.1"): "'comments': answers to open questions",
    ("scoresheet", "1.1"): "'open_comments'",
    ("scoresheet", "1.2"): "'rater_consistency', or a policy asking for it",
    ("policy", "1.1"): "'rater_consistency'",
    ("gap-report", "1.1"): "'certainty', 'uncertain', 'norms' or crosshairs 'attainment'",
    ("cohort-report", "1.1"): "'items', 'reliability' or 'comparison'",
}
_TYPE_NAMES = {
    "object": "an object",
    "array": "an array",
    "string": "a string",
    "integer": "an integer",
    "number": "a number",
    "boolean": "true or false",
    "null": "null",
}


def describe(value: Any) -> str:
    """A short description of a JSON value's type and content, for messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return f"the number {value!r}"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"the string {shown!r}"
    if isinstance(value, list):
        return f"an array of {len(value)} item{'' if len(value) == 1 else 's'}"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def check_header(data: Any) -> tuple[str | None, list[Problem]]:
    """The document's kind, or the problems that stop it being read at all."""
    if not isinstance(data, dict):
        return None, [
            problem(
                "not-an-object",
                f"a leadcomp document is an object with 'kind' and 'format'; found "
                f"{describe(data)}",
            )
        ]
    kinds = ", ".join(repr(k) for k in DOCUMENT_KINDS)
    kind = data.get("kind")
    if "kind" not in data:
        return None, [
            problem("missing-kind", f"the document has no 'kind'; say which it is: {kinds}")
        ]
    if kind not in DOCUMENT_KINDS:
        hint = _did_you_mean(kind, DOCUMENT_KINDS)
        return None, [
            problem(
                "unknown-kind",
                f"unknown kind {describe(kind)}; expected one of {kinds}{hint}",
                ("kind",),
            )
        ]
    return str(kind), header_format_problems(str(kind), data)


def header_format_problems(kind: str, data: dict[str, Any]) -> list[Problem]:
    """The problems of a document's ``format``: missing, not a version, newer than this
    version of leadcomp reads, or not fitting what the document holds (``format_problems``)."""
    found: list[Problem] = []
    if "format" not in data:
        found.append(
            problem(
                "missing-format",
                f"the document has no 'format'; add \"format\": \"{FORMAT}\"",
            )
        )
    else:
        version = _format_version(data["format"])
        if version is None:
            found.append(
                problem(
                    "invalid-format",
                    f"'format' must be a version string such as \"{FORMAT}\"; found "
                    f"{describe(data['format'])}",
                    ("format",),
                )
            )
        elif version > (_format_version(KIND_FORMATS.get(kind, FORMAT)) or _SUPPORTED):
            newest = KIND_FORMATS.get(kind, FORMAT)
            found.append(
                problem(
                    "unsupported-format",
                    f"this document follows format {data['format']}, newer than the {newest} "
                    "this version of leadcomp reads; upgrade leadcomp to read it",
                    ("format",),
                )
            )
        if not found and version is not None and kind in KIND_FORMATS:
            found.extend(format_problems(kind, data, version))
    return found


def format_of(kind: str, data: dict[str, Any], default: str = FORMAT) -> str:
    """The format a model's plain data is written with: the oldest that carries it (a survey
    mapping or assessment using a 1.1 feature is 1.1, a score sheet 1.1 with answers to open
    questions and 1.2 with rater consistency, a gap report 1.1 with certainty or norms...),
    and never older than ``default``."""
    needed = _needed_format(kind, data)
    if (_format_version(needed) or _SUPPORTED) > (_format_version(default) or _SUPPORTED):
        return needed
    return default


def _needed_format(kind: str, data: dict[str, Any]) -> str:
    """The oldest format that carries what the plain data holds."""
    if kind == "survey-mapping" and (
        "tool" in data or "pseudonymise" in data or data.get("items") == "auto"
        or "comments" in data
    ):
        return KIND_FORMATS[kind]
    if kind == "assessment" and "comments" in data:
        return KIND_FORMATS[kind]
    if kind == "policy" and "rater_consistency" in data:
        return KIND_FORMATS[kind]
    if kind == "scoresheet":
        policy = data.get("policy")
        entries = [data.get("overall"), *_items(data.get("competencies"))]
        if (isinstance(policy, dict) and "rater_consistency" in policy) or any(
            isinstance(e, dict) and "rater_consistency" in e for e in entries
        ):
            return RATER_CONSISTENCY_FORMAT
        if "open_comments" in data:
            return OPEN_COMMENTS_FORMAT
    if kind == "gap-report":
        summary = data.get("summary")
        crosshairs = data.get("crosshairs")
        if (
            "norms" in data
            or any(
                isinstance(r, dict) and "certainty" in r for r in _items(data.get("requirements"))
            )
            or (isinstance(summary, dict) and "uncertain" in summary)
            or (isinstance(crosshairs, dict) and crosshairs.get("mode") == "attainment")
        ):
            return KIND_FORMATS[kind]
    if kind == "cohort-report" and (
        "items" in data or "reliability" in data or "comparison" in data
    ):
        return KIND_FORMATS[kind]
    return FORMAT


def _items(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def format_problems(kind: str, data: dict[str, Any], version: tuple[int, int]) -> list[Problem]:
    """What a document holds that its format does not: fields of a newer format (say the
    newer format), fields an older format had and this one has not, and fields this format
    requires that the schema (which accepts every format) cannot require."""
    needed = _needed_format(kind, data)
    if (_format_version(needed) or _SUPPORTED) > version:
        return [
            problem(
                "invalid-format",
                f"this {kind} uses fields of format {needed} "
                f"({_NEWER_FIELDS[(kind, needed)]}); say \"format\": \"{needed}\"",
                ("format",),
            )
        ]
    found: list[Problem] = []
    if kind == "scoresheet" and version >= (1, 2):
        for index, entry in enumerate(_items(data.get("competencies"))):
            if isinstance(entry, dict) and "alpha" in entry:
                found.append(
                    problem(
                        "unknown-field",
                        "'alpha' is not part of score sheet format 1.2: alpha across one "
                        "person's raters is no longer shown (it measures halo, not "
                        "reliability); a policy may ask for it as 'rater_consistency'",
                        ("competencies", index, "alpha"),
                    )
                )
    if kind == "gap-report" and version >= (1, 1):
        for index, row in enumerate(_items(data.get("requirements"))):
            if isinstance(row, dict) and "certainty" not in row:
                found.append(
                    problem(
                        "missing-field",
                        "required field 'certainty' is missing (gap report format 1.1)",
                        ("requirements", index),
                    )
                )
    return found


def upgrade(kind: str, data: dict[str, Any]) -> tuple[dict[str, Any], list[Problem]]:
    """Schema-valid plain data of an older format as the current model reads it, and the
    warnings saying what was changed.

    A score sheet of format 1.0 or 1.1 loses each competency's ``alpha`` (alpha across one
    person's raters, which older versions showed; it measures halo, not reliability), with a
    ``dropped-field`` warning. A gap report of format 1.0 gets each requirement's
    ``certainty`` (and the summary's count of uncertain ones) from its own achieved score,
    interval and number of raters, by the rule the current version writes it with.
    """
    version = _format_version(data.get("format")) or _SUPPORTED
    if kind == "scoresheet" and version < (1, 2):
        entries = _items(data.get("competencies"))
        if not any(isinstance(e, dict) and "alpha" in e for e in entries):
            return data, []
        warnings: list[Problem] = []
        kept: list[Any] = []
        for index, entry in enumerate(entries):
            if isinstance(entry, dict) and "alpha" in entry:
                entry = {key: value for key, value in entry.items() if key != "alpha"}
                warnings.append(
                    problem(
                        "dropped-field",
                        "'alpha' (Cronbach's alpha across this person's raters, shown by "
                        "older versions) is no longer shown and was dropped: it measures "
                        "how alike raters answer across items (halo), not reliability; "
                        "reliability of items is estimated across people (leadcomp items), "
                        "and a policy may still ask for it as 'rater_consistency'",
                        ("competencies", index, "alpha"),
                        severity="warning",
                    )
                )
            kept.append(entry)
        return {**data, "competencies": kept}, warnings
    if kind == "gap-report" and version < (1, 1):
        rows = _items(data.get("requirements"))
        if all(not isinstance(r, dict) or "certainty" in r for r in rows):
            return data, []
        upgraded = []
        for row in rows:
            if isinstance(row, dict) and "certainty" not in row:
                ci = row.get("ci")
                row = {
                    **row,
                    "certainty": certainty_of(
                        row["required"], row.get("achieved"),
                        None if ci is None else (ci[0], ci[1]), row.get("n"),
                    ),
                }
            upgraded.append(row)
        uncertain = sum(
            1 for r in upgraded if isinstance(r, dict) and r["certainty"] == "uncertain"
        )
        found = {**data, "requirements": upgraded}
        summary = data.get("summary")
        if uncertain and isinstance(summary, dict) and "uncertain" not in summary:
            found["summary"] = {**summary, "uncertain": uncertain}
        return found, []
    return data, []


def _format_version(value: Any) -> tuple[int, int] | None:
    if not isinstance(value, str):
        return None
    major, dot, minor = value.partition(".")
    if not (dot and major.isdigit() and minor.isdigit()):
        return None
    return int(major), int(minor)


def _did_you_mean(value: Any, options: Any) -> str:
    if not isinstance(value, str):
        return ""
    close = difflib.get_close_matches(value, [str(o) for o in options], n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


def schema_problems(kind: str, data: Any) -> list[Problem]:
    """Every schema error of a document of this kind, as Problems."""

    found: list[Problem] = []
    for error in validator(kind).iter_errors(data):
        found.extend(_translate(error))
    return found


def _translate(error: Any) -> Iterator[Problem]:
    parts: PathParts = tuple(error.absolute_path)
    keyword = error.validator
    schema = error.schema if isinstance(error.schema, dict) else {}
    value = error.instance
    if keyword == "additionalProperties":
        allowed = list(schema.get("properties", {}))
        for key in sorted(set(value) - set(allowed)):
            hint = _did_you_mean(key, allowed)
            yield problem(
                "unknown-field",
                f"unknown field {key!r}{hint}; allowed here: {', '.join(allowed)} "
                "(put your own data under 'extensions')",
                (*parts, key),
            )
    elif keyword == "required":  # one error per missing key: find which one this is
        missing = [k for k in error.validator_value if isinstance(value, dict) and k not in value]
        named = [k for k in missing if error.message.startswith(repr(k))]
        for key in named[:1] or missing[:1]:
            yield problem("missing-field", f"required field {key!r} is missing", parts)
    elif keyword == "type":
        wanted = error.validator_value
        names = [wanted] if isinstance(wanted, str) else list(wanted)
        expected = " or ".join(_TYPE_NAMES.get(n, n) for n in names)
        yield problem("wrong-type", f"expected {expected}, found {describe(value)}", parts)
    elif keyword in ("enum", "const"):
        options = error.validator_value if keyword == "enum" else [error.validator_value]
        shown = ", ".join(repr(o) for o in options)
        hint = _did_you_mean(value, options)
        yield problem(
            "invalid-value", f"{describe(value)} is not allowed here; use {shown}{hint}", parts
        )
    elif keyword == "pattern":
        what = schema.get("description", f"a string matching {error.validator_value!r}")
        code = "empty-value" if value == "" else "invalid-value"
        yield problem(code, f"{describe(value)} is not valid: {what}", parts)
    elif keyword == "minLength":
        yield problem("empty-value", "must not be empty", parts)
    elif keyword == "minItems":
        yield problem(
            "too-few-items",
            f"needs at least {error.validator_value} "
            f"item{'s' if error.validator_value != 1 else ''}, found {len(value)}",
            parts,
        )
    elif keyword in ("exclusiveMinimum", "minimum", "maximum", "exclusiveMaximum"):
        relation = {
            "exclusiveMinimum": "greater than",
            "minimum": "at least",
            "maximum": "at most",
            "exclusiveMaximum": "less than",
        }[keyword]
        yield problem(
            "out-of-range",
            f"must be {relation} {error.validator_value}, found {describe(value)}",
            parts,
        )
    else:  # pragma: no cover - every keyword our schemas use is handled above
        yield problem("schema", error.message, parts)
