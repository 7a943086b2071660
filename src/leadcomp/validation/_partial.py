"""The rules on what the schema accepted, so that one run finds every problem it can.

A document with schema errors is checked again without the parts in error: an unknown field
goes alone, anything else takes the nearest list item around it (a competency, an indicator, a
rating) with it. When what is left is schema-valid, the domain rules run on it; their problems
are placed at the original paths, and those that only follow from a removed item (a reference to
a removed competency's id, say) are left out. When an error lies outside every list item, no
safe part is left and the rules wait, which is said once.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Sequence
from typing import Any

from attrs import evolve

from leadcomp.problems import Problem, json_path, problem

Parts = tuple[Any, ...]
#: Codes of rule problems that a removed item can cause elsewhere (its id goes missing).
_FOLLOW_ON = frozenset(
    {
        "unknown-reference", "unknown-rater", "unknown-item", "no-scale", "parent-cycle",
        "level-off-scale", "value-off-scale", "not-observed-not-allowed",
    }
)
#: Lists whose items other parts of a document refer to (by id, or a scale by its levels).
_DEFINITIONS = ("competencies", "indicators", "scales", "levels", "raters")


def waiting(kind: str) -> Problem:
    """The one problem saying that the rules have not run."""
    what = {
        "framework": "ids, references, parent cycles and scales",
        "role": "duplicate requirements, and competencies and levels against the framework",
        "assessment": "raters, duplicate ratings, and items and values against the framework",
    }.get(kind, "the rules beyond the schema")
    return problem(
        "checks-waiting",
        f"more checks ({what}) run once the errors above are fixed",
        severity="warning",
    )


def rules_without_errors(
    kind: str,
    data: dict[str, Any],
    errors: Sequence[Problem],
    accepts: Callable[[dict[str, Any]], bool],
    rules: Callable[[dict[str, Any]], list[Problem]],
) -> list[Problem]:
    """The rules' problems on ``data`` less the parts in error, at the original paths; or the
    one ``checks-waiting`` problem when nothing safe is left."""
    pruned = _prune(data, errors)
    if pruned is None or not accepts(pruned[0]):
        return [waiting(kind)]
    body, remap, removed_ids = pruned
    found = []
    for p in rules(body):
        if p.code in _FOLLOW_ON and (
            None in removed_ids or any(f"'{i}'" in p.message for i in removed_ids)
        ):
            continue
        found.append(_at_original(p, remap))
    return found


def _prune(
    data: dict[str, Any], errors: Sequence[Problem]
) -> tuple[dict[str, Any], dict[Parts, list[int]], set[str | None]] | None:
    """A copy of the data without the parts in error; the original index of each list item
    kept, by the list's original path; and the ids of the items removed."""
    unknown: list[Parts] = []
    items: set[Parts] = set()
    for p in errors:
        parts = tuple(p.parts)
        if p.code == "unknown-field" and parts:
            unknown.append(parts)
            continue
        last = max((i for i, part in enumerate(parts) if isinstance(part, int)), default=None)
        if last is None:
            return None
        items.add(parts[: last + 1])
    items = {i for i in items if not any(i[: k] in items for k in range(1, len(i)))}
    pruned = copy.deepcopy(data)
    for parts in unknown:
        if any(parts[: len(i)] == i for i in items):
            continue
        parent = _at(pruned, parts[:-1])
        if isinstance(parent, dict):
            parent.pop(parts[-1], None)
    by_list: dict[Parts, set[int]] = {}
    for parts in items:
        index = parts[-1]
        assert isinstance(index, int)  # an item's path ends at its index
        by_list.setdefault(parts[:-1], set()).add(index)
    in_error = {tuple(p.parts) for p in errors}
    removed_ids: set[str | None] = set()
    remap: dict[Parts, list[int]] = {}
    for list_path in sorted(by_list, key=len, reverse=True):
        target = _at(pruned, list_path)
        if not isinstance(target, list):
            return None
        drop = by_list[list_path]
        for index in drop:
            if not list_path or list_path[-1] not in _DEFINITIONS:
                continue
            item = target[index] if index < len(target) else None
            ident = item.get("id") if isinstance(item, dict) else None
            known = isinstance(ident, str) and (*list_path, index, "id") not in in_error
            # None stands for an item referred to in a way the rules' messages cannot show
            removed_ids.add(ident if known and list_path[-1] != "levels" else None)
        kept = [i for i in range(len(target)) if i not in drop]
        target[:] = [target[i] for i in kept]
        remap[list_path] = kept
    return pruned, remap, removed_ids


def _at(data: Any, parts: Parts) -> Any:
    for part in parts:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _at_original(p: Problem, remap: dict[Parts, list[int]]) -> Problem:
    if not remap:
        return p
    original: list[Any] = []
    for part in p.parts:
        if isinstance(part, int):
            kept = remap.get(tuple(original))
            if kept is not None and part < len(kept):
                part = kept[part]
        original.append(part)
    parts = tuple(original)
    return evolve(p, parts=parts, path=json_path(parts))
