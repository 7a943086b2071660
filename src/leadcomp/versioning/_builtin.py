"""The mappings shipped between built-in framework versions (``leadcomp/builtin/mappings/``)."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from leadcomp.documents._pipeline import load_document as load
from leadcomp.model import Mapping
from leadcomp.problems import InvalidDocument, problem

_FOLDER = "mappings"


@cache
def _index() -> dict[str, tuple[str, str, str]]:
    """Every shipped mapping: its id (the file's stem) -> (resource name, old ref, new ref)."""
    folder = resources.files("leadcomp.builtin") / _FOLDER
    found: dict[str, tuple[str, str, str]] = {}
    if not folder.is_dir():
        return found
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".json"):
            data: dict[str, Any] = json.loads(entry.read_text(encoding="utf-8"))
            found[entry.name[: -len(".json")]] = (entry.name, data["old"], data["new"])
    return found


def builtin_mapping_ids() -> list[str]:
    """The ids of the shipped mappings, such as ``kotter-1.0.0-to-2.0.0``."""
    return list(_index())


@cache
def load_builtin_mapping(name: str) -> Mapping:
    """A shipped mapping by id; InvalidDocument (``unknown-builtin``) when there is none."""
    found = _index().get(name)
    if found is None:
        known = ", ".join(_index()) or "none"
        raise InvalidDocument(
            [problem("unknown-builtin", f"{name!r} is not a built-in mapping (mappings: {known})")]
        )
    data = (resources.files("leadcomp.builtin") / _FOLDER / found[0]).read_bytes()
    mapping = load(data)
    if not isinstance(mapping, Mapping):  # pragma: no cover - the shipped files are mappings
        raise InvalidDocument([problem("wrong-kind", f"{found[0]} is not a mapping")])
    return mapping


def builtin_mapping(old: str, new: str) -> Mapping | None:
    """The shipped mapping from one framework version to another (``id@version``), or None."""
    for name, (_, old_ref, new_ref) in _index().items():
        if old_ref == old and new_ref == new:
            return load_builtin_mapping(name)
    return None
