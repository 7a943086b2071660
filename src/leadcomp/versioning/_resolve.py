"""A mapping named on a command line: a file, or a built-in mapping's id."""

from __future__ import annotations

import os

from leadcomp.formats._dispatch import load
from leadcomp.model import Mapping
from leadcomp.problems import InvalidDocument, problem
from leadcomp.versioning._builtin import builtin_mapping_ids, load_builtin_mapping


def resolve_mapping(name: str) -> Mapping:
    """A mapping from a file, or a built-in mapping by id (when no file has that name);
    InvalidDocument when the file is not a valid mapping."""
    if not os.path.exists(name) and name in builtin_mapping_ids():
        return load_builtin_mapping(name)
    loaded = load(name)
    if not isinstance(loaded, Mapping):
        raise InvalidDocument([problem("wrong-kind", "expected a mapping document", ("kind",))])
    return loaded
