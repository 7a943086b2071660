"""Domain rules of framework mappings: what the schema cannot say."""

from __future__ import annotations

from itertools import pairwise

from leadcomp.problems import Problem, problem

TYPE_CHECKING = False
if TYPE_CHECKING:
    from leadcomp.model import FrameworkMapping


def framework_mapping_problems(mapping: FrameworkMapping) -> list[Problem]:
    """Fields that do not apply to the shape, levels or kind values given twice, a scale whose
    levels are not in increasing order."""
    found: list[Problem] = []
    if mapping.shape == "csv":
        for name in ("items", "children"):
            if getattr(mapping, name) is not None:
                found.append(
                    problem(
                        "mapping-shape",
                        f"{name} applies to trees and Markdown front matter, not to CSV files "
                        "(a CSV file has one row per competency); remove it, or use "
                        "fields.parent for the hierarchy",
                        (name,),
                    )
                )
        if mapping.fields.levels is not None:
            found.append(
                problem(
                    "mapping-shape",
                    "fields.levels names a key holding an object or list, which a CSV cell "
                    "cannot hold; use fields.level_columns (one column per level)",
                    ("fields", "levels"),
                )
            )
    if mapping.fields.levels is not None and mapping.fields.level_columns:
        found.append(
            problem(
                "mapping-levels",
                "give fields.levels or fields.level_columns, not both",
                ("fields", "level_columns"),
            )
        )
    seen: set[int] = set()
    for index, column in enumerate(mapping.fields.level_columns):
        if column.level in seen:
            found.append(
                problem(
                    "duplicate-level",
                    f"level {column.level} has a column already; give one column per level",
                    ("fields", "level_columns", index, "level"),
                )
            )
        seen.add(column.level)
    values: set[str] = set()
    for index, entry in enumerate(mapping.kinds):
        if entry.value in values:
            found.append(
                problem(
                    "duplicate-value",
                    f"the kind value {entry.value!r} is mapped already; map each value once",
                    ("kinds", index, "value"),
                )
            )
        values.add(entry.value)
    scale = mapping.scale
    if scale is not None:
        levels = [level.value for level in scale.levels]
        if any(b <= a for a, b in pairwise(levels)):
            found.append(
                problem(
                    "scale-order",
                    "the scale's level values must increase strictly, from the lowest level "
                    "to the highest",
                    ("scale", "levels"),
                )
            )
        if scale.proficient is not None and scale.proficient not in levels:
            found.append(
                problem(
                    "unknown-level",
                    f"proficient is {scale.proficient}, which is not a level of the scale; use "
                    f"one of {', '.join(map(str, levels))}",
                    ("scale", "proficient"),
                )
            )
        elif levels and mapping.fields.level_columns:
            for index, column in enumerate(mapping.fields.level_columns):
                if column.level not in levels:
                    found.append(
                        problem(
                            "unknown-level",
                            f"level {column.level} is not a level of the scale; use one of "
                            f"{', '.join(map(str, levels))}",
                            ("fields", "level_columns", index, "level"),
                        )
                    )
    return found
