"""Domain rules of mapping documents: on their own, and against the two frameworks they join."""

from __future__ import annotations

from leadcomp.problems import Problem, problem

TYPE_CHECKING = False
if TYPE_CHECKING:
    from leadcomp.model import Framework, Mapping


def mapping_problems(mapping: Mapping) -> list[Problem]:
    """Problems of a mapping on its own: ids mapped twice, merges that disagree on how to
    combine, scales mapped twice, values mapped twice."""
    found: list[Problem] = []
    if mapping.old == mapping.new:
        found.append(
            problem(
                "same-framework",
                f"the mapping goes from {mapping.old} to itself; 'new' should name another "
                "version",
                ("new",),
            )
        )
    first: dict[str, int] = {}
    rules: dict[str, tuple[str, int]] = {}
    for index, entry in enumerate(mapping.ids):
        at = ("ids", index)
        if entry.old in first:
            found.append(
                problem(
                    "duplicate-id",
                    f"{entry.old!r} is already mapped by $.ids[{first[entry.old]}]; map each "
                    "old id once (list several new ids to split it)",
                    (*at, "old"),
                )
            )
            continue
        first[entry.old] = index
        seen: set[str] = set()
        for number, new_id in enumerate(entry.new):
            if new_id in seen:
                found.append(
                    problem(
                        "duplicate-id", f"{new_id!r} is listed twice", (*at, "new", number)
                    )
                )
            seen.add(new_id)
            if entry.combine is None:
                continue
            earlier = rules.get(new_id)
            if earlier is not None and earlier[0] != entry.combine:
                found.append(
                    problem(
                        "conflicting-combine",
                        f"{new_id!r} combines by {earlier[0]!r} in $.ids[{earlier[1]}] and by "
                        f"{entry.combine!r} here; ids merged into one must agree",
                        (*at, "combine"),
                    )
                )
            rules.setdefault(new_id, (entry.combine, index))
    pairs: dict[tuple[str, str], int] = {}
    for index, scale in enumerate(mapping.scales):
        key = (scale.old, scale.new)
        if key in pairs:
            found.append(
                problem(
                    "duplicate-id",
                    f"scale {scale.old!r} to {scale.new!r} is already mapped by "
                    f"$.scales[{pairs[key]}]",
                    ("scales", index),
                )
            )
        pairs.setdefault(key, index)
        values: dict[int, int] = {}
        for number, pair in enumerate(scale.values):
            if pair.old in values:
                found.append(
                    problem(
                        "duplicate-value",
                        f"value {pair.old} is already mapped by "
                        f"$.scales[{index}].values[{values[pair.old]}]",
                        ("scales", index, "values", number, "old"),
                    )
                )
            values.setdefault(pair.old, number)
    return found


def mapping_fit_problems(mapping: Mapping, old: Framework, new: Framework) -> list[Problem]:
    """Problems of a mapping against the versions it joins: other versions, unknown ids or
    scales, values off their scales."""
    found: list[Problem] = []
    for name, framework in (("old", old), ("new", new)):
        if getattr(mapping, name) != framework.ref:
            found.append(
                problem(
                    "framework-mismatch",
                    f"the mapping's '{name}' is {getattr(mapping, name)}, but the {name} "
                    f"framework is {framework.ref}",
                    (name,),
                )
            )
    if found:
        return found
    old_items = old.indicator_index()
    new_items = new.indicator_index()
    for index, entry in enumerate(mapping.ids):
        if entry.old not in old and entry.old not in old_items:
            found.append(
                problem(
                    "unknown-reference",
                    f"{entry.old!r} is neither a competency nor an indicator of {old.ref}",
                    ("ids", index, "old"),
                )
            )
        for number, new_id in enumerate(entry.new):
            if new_id not in new and new_id not in new_items:
                found.append(
                    problem(
                        "unknown-reference",
                        f"{new_id!r} is neither a competency nor an indicator of {new.ref}",
                        ("ids", index, "new", number),
                    )
                )
    for index, scale_map in enumerate(mapping.scales):
        scales = []
        for name, framework, scale_id in (
            ("old", old, scale_map.old), ("new", new, scale_map.new)
        ):
            scale = framework.scale(scale_id)
            scales.append(scale)
            if scale is None:
                known = ", ".join(repr(s.id) for s in framework.scales)
                found.append(
                    problem(
                        "unknown-reference",
                        f"scale {scale_id!r} is not a scale of {framework.ref} ({known})",
                        ("scales", index, name),
                    )
                )
        old_scale, new_scale = scales
        for number, pair in enumerate(scale_map.values):
            for name, scale, value in (("old", old_scale, pair.old), ("new", new_scale, pair.new)):
                if scale is not None and value not in scale.values:
                    levels = ", ".join(str(v) for v in scale.values)
                    found.append(
                        problem(
                            "level-off-scale",
                            f"{value} is not on scale {scale.id!r} (levels {levels})",
                            ("scales", index, "values", number, name),
                        )
                    )
    return found
