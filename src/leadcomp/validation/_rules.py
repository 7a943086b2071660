"""Domain rules: what a schema cannot say (unique ids, references, cycles, scales, versions)."""

from __future__ import annotations

from typing import Any

from .._semver import Version, VersionRange
from ..model import Assessment, Framework, RoleProfile, Scale
from ._problem import Problem, problem


def check_model(model: Any, framework: Framework | None = None) -> list[Problem]:
    """Every domain-rule problem of a document model; against a framework where one is given."""
    if isinstance(model, Framework):
        return framework_problems(model)
    if isinstance(model, RoleProfile):
        return role_problems(model, framework)
    if isinstance(model, Assessment):
        return assessment_problems(model, framework)
    from ..model import ScoreSheet, ScoringPolicy
    from ._scoring_rules import policy_problems, scoresheet_problems

    if isinstance(model, ScoringPolicy):
        return policy_problems(model)
    if isinstance(model, ScoreSheet):
        return scoresheet_problems(model)
    from ..model import Mapping

    if isinstance(model, Mapping):
        from ._mapping_rules import mapping_problems

        return mapping_problems(model)
    raise TypeError(f"not a leadcomp document model: {type(model).__name__}")


def _scale_problems(scale: Scale, index: int) -> list[Problem]:
    found: list[Problem] = []
    at = ("scales", index)
    seen: dict[int, int] = {}
    previous: int | None = None
    for position, level in enumerate(scale.levels):
        if level.value in seen:
            found.append(
                problem(
                    "duplicate-level",
                    f"scale {scale.id!r} has the value {level.value} twice (levels "
                    f"{seen[level.value]} and {position}); each level needs its own value",
                    (*at, "levels", position, "value"),
                )
            )
        elif previous is not None and level.value < previous:
            found.append(
                problem(
                    "unordered-levels",
                    f"scale {scale.id!r} lists its levels out of order: {level.value} comes "
                    f"after {previous}; list levels from lowest to highest value",
                    (*at, "levels", position, "value"),
                )
            )
        seen.setdefault(level.value, position)
        previous = level.value if previous is None else max(previous, level.value)
    labels: dict[str, int] = {}
    for position, level in enumerate(scale.levels):
        if level.label in labels:
            found.append(
                problem(
                    "duplicate-label",
                    f"scale {scale.id!r} uses the label {level.label!r} for two levels",
                    (*at, "levels", position, "label"),
                    severity="warning",
                )
            )
        labels.setdefault(level.label, position)
    if scale.proficient is not None and scale.proficient not in seen:
        found.append(
            problem(
                "level-off-scale",
                f"'proficient' is {scale.proficient}, which is not a level of scale "
                f"{scale.id!r} ({_values(scale)})",
                (*at, "proficient"),
            )
        )
    return found


def _values(scale: Scale) -> str:
    return "levels " + ", ".join(str(v) for v in scale.values)


def framework_problems(framework: Framework) -> list[Problem]:
    """Domain-rule problems of a framework on its own."""
    found: list[Problem] = []
    scales: dict[str, int] = {}
    for index, scale in enumerate(framework.scales):
        if scale.id in scales:
            found.append(
                problem(
                    "duplicate-id",
                    f"scale id {scale.id!r} is already used by $.scales[{scales[scale.id]}]",
                    ("scales", index, "id"),
                )
            )
        else:
            scales[scale.id] = index
        found.extend(_scale_problems(scale, index))
    if framework.default_scale is not None and framework.default_scale not in scales:
        found.append(_unknown_scale(framework.default_scale, scales, ("default_scale",)))
    values_of = {scale.id: frozenset(scale.values) for scale in reversed(framework.scales)}
    default_values = values_of.get(framework.default_scale or "")

    # ids are one namespace across competencies and indicators, since ratings name either:
    # first owner of each id as (competency index, indicator index or -1)
    owners: dict[str, tuple[int, int]] = {}
    positions: dict[str, int] = {}
    for index, competency in enumerate(framework.competencies):
        key = competency.id
        if key in owners:
            found.append(_duplicate_id(key, owners[key], (index, -1)))
        else:
            owners[key] = (index, -1)
            positions[key] = index
        for number, indicator in enumerate(competency.indicators):
            key = indicator.id
            if key in owners:
                found.append(_duplicate_id(key, owners[key], (index, number)))
            else:
                owners[key] = (index, number)

    for index, competency in enumerate(framework.competencies):
        own_scale = competency.scale
        if own_scale is None:
            rated_values = default_values
            if framework.default_scale is None:
                found.append(
                    problem(
                        "no-scale",
                        f"competency {competency.id!r} has no scale: set its 'scale' or the "
                        "framework's 'default_scale'",
                        ("competencies", index),
                    )
                )
        else:
            rated_values = values_of.get(own_scale)
            if rated_values is None:
                found.append(
                    _unknown_scale(own_scale, scales, ("competencies", index, "scale"))
                )
        parent = competency.parent
        if parent is not None and parent not in positions:
            found.append(
                problem(
                    "unknown-reference",
                    f"parent {parent!r} is not a competency of this framework"
                    + _suggest(parent, positions),
                    ("competencies", index, "parent"),
                )
            )
        for number, indicator in enumerate(competency.indicators):
            if indicator.scale is not None and indicator.scale not in scales:
                found.append(
                    _unknown_scale(
                        indicator.scale,
                        scales,
                        ("competencies", index, "indicators", number, "scale"),
                    )
                )
        if competency.descriptors:
            found.extend(_descriptor_problems(framework, index, rated_values))
        for number, relation in enumerate(competency.relations):
            if relation.framework is None and relation.target not in owners:
                found.append(
                    problem(
                        "unknown-reference",
                        f"relation target {relation.target!r} is not in this framework; set "
                        "'framework' for a target in another framework"
                        + _suggest(relation.target, positions),
                        ("competencies", index, "relations", number, "target"),
                    )
                )
    found.extend(_cycles(framework, positions))
    return found


def _duplicate_id(key: str, first: tuple[int, int], again: tuple[int, int]) -> Problem:
    def where(owner: tuple[int, int]) -> tuple[str | int, ...]:
        index, number = owner
        if number < 0:
            return ("competencies", index)
        return ("competencies", index, "indicators", number)

    from ._problem import json_path

    return problem(
        "duplicate-id",
        f"id {key!r} is already used by {json_path(where(first))}; ids must be unique across "
        "competencies and indicators",
        (*where(again), "id"),
    )


def _descriptor_problems(
    framework: Framework, index: int, rated_values: frozenset[int] | None
) -> list[Problem]:
    competency = framework.competencies[index]
    scale = framework.scale_of(competency)
    found: list[Problem] = []
    levels_seen: set[int] = set()
    for number, descriptor in enumerate(competency.descriptors):
        where = ("competencies", index, "descriptors", number, "level")
        if descriptor.level in levels_seen:
            found.append(
                problem(
                    "duplicate-level",
                    f"competency {competency.id!r} has two descriptors for level "
                    f"{descriptor.level}; keep one",
                    where,
                )
            )
        levels_seen.add(descriptor.level)
        if scale is not None and rated_values is not None and descriptor.level not in rated_values:
            found.append(
                problem(
                    "level-off-scale",
                    f"descriptor level {descriptor.level} is not on scale {scale.id!r} "
                    f"({_values(scale)})",
                    where,
                )
            )
    return found


def _unknown_scale(
    scale_id: str, scales: dict[str, int], parts: tuple[str | int, ...]
) -> Problem:
    known = ", ".join(repr(s) for s in scales) or "none"
    return problem(
        "unknown-reference", f"scale {scale_id!r} is not defined (scales: {known})", parts
    )


def _suggest(name: str, known: dict[str, int]) -> str:
    import difflib

    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.75)
    return f"; did you mean {close[0]!r}?" if close else ""


def _cycles(framework: Framework, positions: dict[str, int]) -> list[Problem]:
    parent = {c.id: c.parent for c in framework.competencies}
    state: dict[str, int] = {}  # 1: on the current chain, 2: done
    found: list[Problem] = []
    for start in parent:
        chain: list[str] = []
        node: str | None = start
        while node is not None and node in parent and state.get(node) is None:
            state[node] = 1
            chain.append(node)
            node = parent[node]
        if node is not None and state.get(node) == 1:
            cycle = chain[chain.index(node) :]
            loop = " -> ".join([*cycle, node])
            found.append(
                problem(
                    "parent-cycle",
                    f"competencies are their own ancestors: {loop}; break the loop by "
                    "changing one 'parent'",
                    ("competencies", positions[cycle[0]], "parent"),
                )
            )
        for member in chain:
            state[member] = 2
    return found


def role_problems(role: RoleProfile, framework: Framework | None = None) -> list[Problem]:
    """Domain-rule problems of a role; level and reference checks need its framework."""
    found: list[Problem] = []
    try:
        versions: VersionRange | None = VersionRange.parse(role.framework.versions)
    except ValueError as error:
        versions = None
        found.append(problem("invalid-version-range", str(error), ("framework", "versions")))
    seen: dict[str, int] = {}
    for index, requirement in enumerate(role.requirements):
        at = ("requirements", index)
        if requirement.competency in seen:
            found.append(
                problem(
                    "duplicate-requirement",
                    f"competency {requirement.competency!r} is already required by "
                    f"$.requirements[{seen[requirement.competency]}]; keep one requirement",
                    (*at, "competency"),
                )
            )
        seen.setdefault(requirement.competency, index)
    if framework is None:
        return found
    if role.framework.id != framework.id:
        found.append(
            problem(
                "framework-mismatch",
                f"the role is written against framework {role.framework.id!r}, not "
                f"{framework.id!r}",
                ("framework", "id"),
            )
        )
        return found
    if versions is not None and Version.parse(framework.version) not in versions:
        found.append(
            problem(
                "framework-mismatch",
                f"the role needs {framework.id} versions {versions}, and {framework.ref} is "
                "outside that range",
                ("framework", "versions"),
            )
        )
    for index, requirement in enumerate(role.requirements):
        at = ("requirements", index)
        competency = framework.get(requirement.competency)
        if competency is None:
            found.append(
                problem(
                    "unknown-reference",
                    f"{requirement.competency!r} is not a competency of {framework.ref}",
                    (*at, "competency"),
                )
            )
            continue
        scale = framework.scale_of(competency)
        if scale is not None and requirement.level not in scale.values:
            found.append(
                problem(
                    "level-off-scale",
                    f"required level {requirement.level} is not on the scale of "
                    f"{competency.id!r} ({scale.id}: {_values(scale)})",
                    (*at, "level"),
                )
            )
    return found


def assessment_problems(
    assessment: Assessment, framework: Framework | None = None, *, require_self: bool = False
) -> list[Problem]:
    """Domain-rule problems of an assessment; item and value checks need its framework.

    ``require_self`` (a scoring policy's) makes a missing self rater a problem.
    """
    found: list[Problem] = []
    raters: dict[str, int] = {}
    selves: list[int] = []
    for index, rater in enumerate(assessment.raters):
        if rater.id in raters:
            found.append(
                problem(
                    "duplicate-id",
                    f"rater id {rater.id!r} is already used by $.raters[{raters[rater.id]}]",
                    ("raters", index, "id"),
                )
            )
        raters.setdefault(rater.id, index)
        if rater.group == "self":
            selves.append(index)
    for index in selves[1:]:
        found.append(
            problem(
                "duplicate-self",
                "an assessment has at most one self rater (the subject); this is another",
                ("raters", index, "group"),
            )
        )
    if require_self and not selves:
        found.append(
            problem(
                "missing-self",
                "the scoring policy needs a self rater: add the subject as a rater with group "
                "'self' and their own ratings, or score with a policy that does not require one",
                ("raters",),
            )
        )
    answered: dict[tuple[str, str], int] = {}
    for index, rating in enumerate(assessment.ratings):
        at = ("ratings", index)
        if rating.rater not in raters:
            found.append(
                problem(
                    "unknown-rater",
                    f"rater {rating.rater!r} is not listed in $.raters"
                    + _suggest(rating.rater, raters),
                    (*at, "rater"),
                )
            )
        key = (rating.rater, rating.item)
        if key in answered:
            found.append(
                problem(
                    "duplicate-rating",
                    f"rater {rating.rater!r} already rated {rating.item!r} at "
                    f"$.ratings[{answered[key]}]; keep one answer",
                    at,
                )
            )
        answered.setdefault(key, index)
    if framework is not None:
        found.extend(_against_framework(assessment, framework))
    return found


def _against_framework(assessment: Assessment, framework: Framework) -> list[Problem]:
    found: list[Problem] = []
    if assessment.framework != framework.ref:
        return [
            problem(
                "framework-mismatch",
                f"the assessment was made against {assessment.framework}, but the framework "
                f"given is {framework.ref}",
                ("framework",),
            )
        ]
    indicators = framework.indicator_index()
    for index, rating in enumerate(assessment.ratings):
        at = ("ratings", index)
        if rating.item in indicators or rating.item in framework:
            scale = framework.scale_of_item(rating.item)
        else:
            found.append(
                problem(
                    "unknown-item",
                    f"{rating.item!r} is neither an indicator nor a competency of "
                    f"{framework.ref}",
                    (*at, "item"),
                )
            )
            continue
        if scale is None:
            continue
        if rating.value is None:
            if not scale.not_observed:
                found.append(
                    problem(
                        "not-observed-not-allowed",
                        f"scale {scale.id!r} does not allow 'not observed' answers; give one "
                        f"of {_values(scale)}",
                        (*at, "value"),
                    )
                )
        elif rating.value not in scale.values:
            found.append(
                problem(
                    "value-off-scale",
                    f"{rating.value} is not on scale {scale.id!r} ({_values(scale)})",
                    (*at, "value"),
                )
            )
    return found
