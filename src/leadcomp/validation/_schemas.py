"""The shipped JSON Schemas: loaded once, registered by ``$id``, never fetched from anywhere."""

from __future__ import annotations

import copy
import json
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

#: Document kinds with a schema of their own, by the ``kind`` value documents carry.
SCHEMA_FILES = {
    "common": "common.schema.json",
    "framework": "framework.schema.json",
    "role": "role.schema.json",
    "assessment": "assessment.schema.json",
    "policy": "policy.schema.json",
    "scoresheet": "scoresheet.schema.json",
    "validation-report": "validation-report.schema.json",
    "mapping": "mapping.schema.json",
    "survey-mapping": "survey-mapping.schema.json",
    "framework-mapping": "framework-mapping.schema.json",
    "framework-diff": "framework-diff.schema.json",
    "gap-report": "gap-report.schema.json",
    "cohort-report": "cohort-report.schema.json",
    "progress-report": "progress-report.schema.json",
    "norms": "norms.schema.json",
}
DOCUMENT_KINDS = (
    "framework", "role", "assessment", "policy", "scoresheet", "mapping", "survey-mapping",
    "framework-mapping",
)


def schema_dir() -> Path:
    """Where the schemas are: inside the installed package, or the source tree's ``schemas/``."""
    packaged = resources.files("leadcomp") / "schemas"
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[3] / "schemas"


@cache
def schema_text(name: str) -> str:
    """The text of one shipped schema, by kind name."""
    if name not in SCHEMA_FILES:
        raise KeyError(name)
    return (schema_dir() / SCHEMA_FILES[name]).read_text(encoding="utf-8")


@cache
def schema(name: str) -> dict[str, Any]:
    """One shipped schema as data, by kind name."""
    loaded: dict[str, Any] = json.loads(schema_text(name))
    return loaded


@cache
def schemas_by_id() -> dict[str, dict[str, Any]]:
    """Every shipped schema by its ``$id``."""
    return {schema(name)["$id"]: schema(name) for name in SCHEMA_FILES}


@cache
def registry() -> Any:
    """A ``referencing`` registry of the shipped schemas with no way to retrieve anything else.

    A ``$ref`` to any other URI (remote, ``file:`` or unknown) fails as unresolvable.
    """
    import referencing.jsonschema  # the referencing package and its JSON Schema dialects

    draft = referencing.jsonschema.DRAFT202012
    return referencing.Registry().with_resources(
        (uri, referencing.Resource.from_contents(contents, default_specification=draft))
        for uri, contents in schemas_by_id().items()
    )


@cache
def validator(name: str) -> Any:
    """The jsonschema validator of one kind, built once."""
    from jsonschema import Draft202012Validator

    return Draft202012Validator(schema(name), registry=registry())


def bundled_schema(name: str) -> dict[str, Any]:
    """One schema made self-contained for other tools (check-jsonschema, editors): every
    definition it uses from another shipped schema copied into its own ``$defs`` as
    ``<kind>.<name>``, and every ``$ref`` made local. It accepts exactly what ``schema(name)``
    accepts with the shipped registry."""
    root = copy.deepcopy(schema(name))
    root_id = root["$id"]
    defs: dict[str, Any] = root.setdefault("$defs", {})

    def local(uri: str, definition: str) -> str:
        kind = uri.split(":")[3]  # urn:leadcomp:schema:KIND:1
        key = f"{kind}.{definition}"
        if key not in defs:
            defs[key] = {}  # taken before its contents are rewritten: definitions may recurse
            defs[key] = rewrite(copy.deepcopy(schemas_by_id()[uri]["$defs"][definition]), uri)
        return f"#/$defs/{key}"

    def rewrite(node: Any, base: str) -> Any:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "$ref" and isinstance(value, str):
                    uri, _, fragment = value.partition("#")
                    uri = uri or base
                    if uri == root_id:
                        node[key] = f"#{fragment}"
                    else:
                        node[key] = local(uri, fragment.removeprefix("/$defs/"))
                else:
                    rewrite(value, base)
        elif isinstance(node, list):
            for value in node:
                rewrite(value, base)
        return node

    for key in list(defs):
        rewrite(defs[key], root_id)
    for key, value in root.items():
        if key != "$defs":
            rewrite(value, root_id)
    root["$defs"] = dict(sorted(defs.items()))
    return root


def bundled_schema_text(name: str) -> str:
    """``bundled_schema`` as canonical JSON text (two-space indent, final newline)."""
    return json.dumps(bundled_schema(name), indent=2, ensure_ascii=False) + "\n"
