"""Document header checks and JSON Schema validation, as Problems people can act on."""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from typing import Any

from leadcomp.problems import PathParts, Problem, problem
from leadcomp.validation._schemas import DOCUMENT_KINDS, validator

#: The newest format version this library reads, per major version.
FORMAT = "1.0"
_SUPPORTED = (1, 0)
#: Kinds whose newest format is newer than FORMAT: survey mappings 1.1 add tool presets,
#: ``items: auto``, pseudonymisation and open-question columns; assessments 1.1 add the raters'
#: answers to open questions, and score sheets 1.1 those shown (1.0 documents are read and
#: written as they always were).
KIND_FORMATS = {"survey-mapping": "1.1", "assessment": "1.1", "scoresheet": "1.1"}
#: What each kind's newer format adds, for messages.
_NEWER_FIELDS = {
    "survey-mapping": "'tool', 'pseudonymise', 'items: auto' or 'comments'",
    "assessment": "'comments': answers to open questions",
    "scoresheet": "'open_comments'",
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
        elif version > (_format_version(KIND_FORMATS.get(str(kind), FORMAT)) or _SUPPORTED):
            newest = KIND_FORMATS.get(str(kind), FORMAT)
            found.append(
                problem(
                    "unsupported-format",
                    f"this document follows format {data['format']}, newer than the {newest} "
                    "this version of leadcomp reads; upgrade leadcomp to read it",
                    ("format",),
                )
            )
        if (
            not found and kind in KIND_FORMATS and isinstance(data, dict)
            and (version or _SUPPORTED) < (_format_version(KIND_FORMATS[kind]) or _SUPPORTED)
            and format_of(kind, data, str(data["format"])) != str(data["format"])
        ):
            found.append(
                problem(
                    "invalid-format",
                    f"this {kind} uses fields of format {KIND_FORMATS[kind]} "
                    f"({_NEWER_FIELDS[kind]}); say \"format\": \"{KIND_FORMATS[kind]}\"",
                    ("format",),
                )
            )
    return str(kind), found


def format_of(kind: str, data: dict[str, Any], default: str = FORMAT) -> str:
    """The format a model's plain data is written with: the oldest that carries it (a survey
    mapping, assessment or score sheet using a 1.1 feature is 1.1; every other document is
    ``default``)."""
    if kind == "survey-mapping" and (
        "tool" in data or "pseudonymise" in data or data.get("items") == "auto"
        or "comments" in data
    ):
        return KIND_FORMATS[kind]
    if (kind == "assessment" and "comments" in data) or (
        kind == "scoresheet" and "open_comments" in data
    ):
        return KIND_FORMATS[kind]
    return default


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
