"""Domain rules: what a schema cannot say (unique ids, references, cycles, scales, versions).

The rules of frameworks, roles and assessments read the plain data the schema has accepted, so a
document is checked before (and without) being built into a model; a model built in code is
checked by turning it back into that data first.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from leadcomp.model._converter import kind_of, unstructure
from leadcomp.model._semver import Version, VersionRange
from leadcomp.problems import Problem, json_path, problem
from leadcomp.validation._framework_mapping_rules import framework_mapping_problems
from leadcomp.validation._mapping_rules import mapping_problems
from leadcomp.validation._scoring_rules import policy_problems, scoresheet_problems
from leadcomp.validation._suggest import Suggestions
from leadcomp.validation._survey_rules import survey_mapping_against, survey_mapping_problems

TYPE_CHECKING = False
if TYPE_CHECKING:
    from leadcomp.model import Assessment, Framework, RoleProfile, Scale

#: The kinds whose rules run on plain data.
PLAIN_KINDS = ("framework", "role", "assessment")
Data = dict[str, Any]


def check_plain(
    kind: str, data: Data, framework: Framework | None = None, *, require_self: bool = False
) -> list[Problem]:
    """Every domain-rule problem of schema-valid plain data of a framework, role or assessment."""
    if kind == "framework":
        return _framework_rules(data)
    if kind == "role":
        return _role_rules(data, framework)
    if kind == "assessment":
        return _assessment_rules(data, framework, require_self)
    raise ValueError(f"no plain-data rules for {kind!r}; use check_model")


def check_model(model: Any, framework: Framework | None = None) -> list[Problem]:
    """Every domain-rule problem of a document model; against a framework where one is given."""
    kind = kind_of(model)
    if kind in PLAIN_KINDS:
        return check_plain(kind, unstructure(model), framework)
    if kind == "policy":
        return policy_problems(model)
    if kind == "scoresheet":
        return scoresheet_problems(model)
    if kind == "mapping":
        return mapping_problems(model)
    if kind == "survey-mapping":
        found = survey_mapping_problems(model)
        if framework is not None and not any(p.is_error for p in found):
            found += survey_mapping_against(model, framework)
        return found
    if kind == "framework-mapping":
        return framework_mapping_problems(model)
    raise TypeError(f"not a leadcomp document model: {type(model).__name__}")


def framework_problems(framework: Framework) -> list[Problem]:
    """Domain-rule problems of a framework model on its own."""
    return _framework_rules(unstructure(framework))


def role_problems(role: RoleProfile, framework: Framework | None = None) -> list[Problem]:
    """Domain-rule problems of a role model; level and reference checks need its framework."""
    return _role_rules(unstructure(role), framework)


def assessment_problems(
    assessment: Assessment, framework: Framework | None = None, *, require_self: bool = False
) -> list[Problem]:
    """Domain-rule problems of an assessment model; item and value checks need its framework.

    ``require_self`` (a scoring policy's) makes a missing self rater a problem.
    """
    return _assessment_rules(unstructure(assessment), framework, require_self)


def _num(value: Any) -> str:
    """A level value as written: 2 for 2.0."""
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)


def _listed(values: Sequence[Any]) -> str:
    return "levels " + ", ".join(_num(v) for v in values)


def _values(scale: Scale) -> str:
    return _listed(scale.values)


def _scale_rules(scale: Data, index: int) -> list[Problem]:
    found: list[Problem] = []
    at = ("scales", index)
    name = scale["id"]
    seen: dict[Any, int] = {}
    previous: Any = None
    for position, level in enumerate(scale["levels"]):
        value = level["value"]
        if value in seen:
            found.append(
                problem(
                    "duplicate-level",
                    f"scale {name!r} has the value {_num(value)} twice (levels "
                    f"{seen[value]} and {position}); each level needs its own value",
                    (*at, "levels", position, "value"),
                )
            )
        elif previous is not None and value < previous:
            found.append(
                problem(
                    "unordered-levels",
                    f"scale {name!r} lists its levels out of order: {_num(value)} comes "
                    f"after {_num(previous)}; list levels from lowest to highest value",
                    (*at, "levels", position, "value"),
                )
            )
        seen.setdefault(value, position)
        previous = value if previous is None else max(previous, value)
    labels: dict[str, int] = {}
    for position, level in enumerate(scale["levels"]):
        label = level["label"]
        if label in labels:
            found.append(
                problem(
                    "duplicate-label",
                    f"scale {name!r} uses the label {label!r} for two levels",
                    (*at, "levels", position, "label"),
                    severity="warning",
                )
            )
        labels.setdefault(label, position)
    proficient = scale.get("proficient")
    if proficient is not None and proficient not in seen:
        found.append(
            problem(
                "level-off-scale",
                f"'proficient' is {_num(proficient)}, which is not a level of scale {name!r} "
                f"({_listed([level['value'] for level in scale['levels']])})",
                (*at, "proficient"),
            )
        )
    return found


def _framework_rules(data: Data) -> list[Problem]:
    found: list[Problem] = []
    scales: dict[str, int] = {}
    for index, scale in enumerate(data["scales"]):
        if scale["id"] in scales:
            found.append(
                problem(
                    "duplicate-id",
                    f"scale id {scale['id']!r} is already used by $.scales[{scales[scale['id']]}]",
                    ("scales", index, "id"),
                )
            )
        else:
            scales[scale["id"]] = index
        found.extend(_scale_rules(scale, index))
    default_scale = data.get("default_scale")
    if default_scale is not None and default_scale not in scales:
        found.append(_unknown_scale(default_scale, scales, ("default_scale",)))
    levels_of = {
        scale["id"]: [level["value"] for level in scale["levels"]]
        for scale in reversed(data["scales"])
    }
    competencies = data["competencies"]

    # ids are one namespace across competencies and indicators, since ratings name either:
    # first owner of each id as (competency index, indicator index or -1)
    owners: dict[str, tuple[int, int]] = {}
    positions: dict[str, int] = {}
    for index, competency in enumerate(competencies):
        key = competency["id"]
        if key in owners:
            found.append(_duplicate_id(key, owners[key], (index, -1)))
        else:
            owners[key] = (index, -1)
            positions[key] = index
        for number, indicator in enumerate(competency.get("indicators", ())):
            key = indicator["id"]
            if key in owners:
                found.append(_duplicate_id(key, owners[key], (index, number)))
            else:
                owners[key] = (index, number)

    near_parents = Suggestions(positions, cutoff=0.75)
    near_targets = Suggestions(positions, cutoff=0.75)
    for index, competency in enumerate(competencies):
        scale_id = competency.get("scale")
        if scale_id is None:
            scale_id = default_scale
            if default_scale is None:
                found.append(
                    problem(
                        "no-scale",
                        f"competency {competency['id']!r} has no scale: set its 'scale' or the "
                        "framework's 'default_scale'",
                        ("competencies", index),
                    )
                )
        elif scale_id not in scales:
            found.append(_unknown_scale(scale_id, scales, ("competencies", index, "scale")))
        parent = competency.get("parent")
        if parent is not None and parent not in positions:
            found.append(
                problem(
                    "unknown-reference",
                    f"parent {parent!r} is not a competency of this framework"
                    + near_parents.hint(parent),
                    ("competencies", index, "parent"),
                )
            )
        for number, indicator in enumerate(competency.get("indicators", ())):
            own = indicator.get("scale")
            if own is not None and own not in scales:
                found.append(
                    _unknown_scale(
                        own, scales, ("competencies", index, "indicators", number, "scale")
                    )
                )
        descriptors = competency.get("descriptors")
        if descriptors:
            found.extend(
                _descriptor_rules(competency, index, scale_id, levels_of.get(scale_id or ""))
            )
        for number, relation in enumerate(competency.get("relations", ())):
            target = relation["target"]
            if relation.get("framework") is None and target not in owners:
                found.append(
                    problem(
                        "unknown-reference",
                        f"relation target {target!r} is not in this framework; set "
                        "'framework' for a target in another framework"
                        + near_targets.hint(target),
                        ("competencies", index, "relations", number, "target"),
                    )
                )
    found.extend(_cycles(competencies, positions))
    return found


def _duplicate_id(key: str, first: tuple[int, int], again: tuple[int, int]) -> Problem:
    def where(owner: tuple[int, int]) -> tuple[str | int, ...]:
        index, number = owner
        if number < 0:
            return ("competencies", index)
        return ("competencies", index, "indicators", number)


    return problem(
        "duplicate-id",
        f"id {key!r} is already used by {json_path(where(first))}; ids must be unique across "
        "competencies and indicators",
        (*where(again), "id"),
    )


def _descriptor_rules(
    competency: Data, index: int, scale_id: str | None, levels: list[Any] | None
) -> list[Problem]:
    found: list[Problem] = []
    levels_seen: set[Any] = set()
    for number, descriptor in enumerate(competency["descriptors"]):
        level = descriptor["level"]
        where = ("competencies", index, "descriptors", number, "level")
        if level in levels_seen:
            found.append(
                problem(
                    "duplicate-level",
                    f"competency {competency['id']!r} has two descriptors for level "
                    f"{_num(level)}; keep one",
                    where,
                )
            )
        levels_seen.add(level)
        if levels is not None and level not in levels:
            found.append(
                problem(
                    "level-off-scale",
                    f"descriptor level {_num(level)} is not on scale {scale_id!r} "
                    f"({_listed(levels)})",
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


def _cycles(competencies: list[Data], positions: dict[str, int]) -> list[Problem]:
    parent = {c["id"]: c.get("parent") for c in competencies}
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


def _role_rules(data: Data, framework: Framework | None) -> list[Problem]:
    found: list[Problem] = []
    reference = data["framework"]
    try:
        versions: VersionRange | None = VersionRange.parse(reference["versions"])
    except ValueError as error:
        versions = None
        found.append(problem("invalid-version-range", str(error), ("framework", "versions")))
    requirements = data["requirements"]
    seen: dict[str, int] = {}
    for index, requirement in enumerate(requirements):
        competency_id = requirement["competency"]
        if competency_id in seen:
            found.append(
                problem(
                    "duplicate-requirement",
                    f"competency {competency_id!r} is already required by "
                    f"$.requirements[{seen[competency_id]}]; keep one requirement",
                    ("requirements", index, "competency"),
                )
            )
        seen.setdefault(competency_id, index)
    if framework is None:
        return found
    if reference["id"] != framework.id:
        found.append(
            problem(
                "framework-mismatch",
                f"the role is written against framework {reference['id']!r}, not "
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
    for index, requirement in enumerate(requirements):
        at = ("requirements", index)
        competency = framework.get(requirement["competency"])
        if competency is None:
            found.append(
                problem(
                    "unknown-reference",
                    f"{requirement['competency']!r} is not a competency of {framework.ref}",
                    (*at, "competency"),
                )
            )
            continue
        scale = framework.scale_of(competency)
        if scale is not None and requirement["level"] not in scale.value_set:
            found.append(
                problem(
                    "level-off-scale",
                    f"required level {_num(requirement['level'])} is not on the scale of "
                    f"{competency.id!r} ({scale.id}: {_values(scale)})",
                    (*at, "level"),
                )
            )
    return found


def _assessment_rules(
    data: Data, framework: Framework | None, require_self: bool = False
) -> list[Problem]:
    found: list[Problem] = []
    date = data.get("date")
    if date is not None:
        try:
            datetime.date.fromisoformat(date)
        except ValueError:
            found.append(
                problem(
                    "invalid-value",
                    f"{date!r} is not a real calendar date (YYYY-MM-DD)",
                    ("date",),
                )
            )
    raters: dict[str, int] = {}
    selves: list[int] = []
    for index, rater in enumerate(data["raters"]):
        rater_id = rater["id"]
        if rater_id in raters:
            found.append(
                problem(
                    "duplicate-id",
                    f"rater id {rater_id!r} is already used by $.raters[{raters[rater_id]}]",
                    ("raters", index, "id"),
                )
            )
        raters.setdefault(rater_id, index)
        if rater["group"] == "self":
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
    ratings = data["ratings"]
    answered: dict[tuple[str, str], int] = {}
    near_raters = Suggestions(raters, cutoff=0.75)
    for index, rating in enumerate(ratings):
        rater_id = rating["rater"]
        if rater_id not in raters:
            found.append(
                problem(
                    "unknown-rater",
                    f"rater {rater_id!r} is not listed in $.raters" + near_raters.hint(rater_id),
                    ("ratings", index, "rater"),
                )
            )
        key = (rater_id, rating["item"])
        if key in answered:
            found.append(
                problem(
                    "duplicate-rating",
                    f"rater {rater_id!r} already rated {rating['item']!r} at "
                    f"$.ratings[{answered[key]}]; keep one answer",
                    ("ratings", index),
                )
            )
        else:
            answered[key] = index
    found.extend(_open_comment_rules(data.get("comments", ()), raters, near_raters))
    if framework is not None:
        found.extend(_against_framework(data, framework))
    return found


def _open_comment_rules(
    comments: Sequence[Data], raters: dict[str, int], near_raters: Suggestions
) -> list[Problem]:
    """Answers to open questions: each by a listed rater, with some text, once per rater and
    question (the question ids are checked by the schema)."""
    found: list[Problem] = []
    given: dict[tuple[str, str], int] = {}
    for index, comment in enumerate(comments):
        rater_id = comment["rater"]
        if rater_id not in raters:
            found.append(
                problem(
                    "unknown-rater",
                    f"rater {rater_id!r} is not listed in $.raters" + near_raters.hint(rater_id),
                    ("comments", index, "rater"),
                )
            )
        if not comment["text"].strip():
            found.append(
                problem(
                    "empty-value",
                    "an open comment needs some text; leave out a question the rater did not "
                    "answer",
                    ("comments", index, "text"),
                )
            )
        key = (rater_id, comment["question"])
        if key in given:
            found.append(
                problem(
                    "duplicate-comment",
                    f"rater {rater_id!r} already answered {comment['question']!r} at "
                    f"$.comments[{given[key]}]; keep one answer (join the texts)",
                    ("comments", index),
                )
            )
        else:
            given[key] = index
    return found


def _against_framework(data: Data, framework: Framework) -> list[Problem]:
    if data["framework"] != framework.ref:
        return [
            problem(
                "framework-mismatch",
                f"the assessment was made against {data['framework']}, but the framework "
                f"given is {framework.ref}",
                ("framework",),
            )
        ]
    found: list[Problem] = []
    for index, rating in enumerate(data["ratings"]):
        item = rating["item"]
        if not framework.is_item(item):
            found.append(
                problem(
                    "unknown-item",
                    f"{item!r} is neither an indicator nor a competency of {framework.ref}",
                    ("ratings", index, "item"),
                )
            )
            continue
        scale = framework.scale_of_item(item)
        if scale is None:
            continue
        value = rating["value"]
        if value is None:
            if not scale.not_observed:
                found.append(
                    problem(
                        "not-observed-not-allowed",
                        f"scale {scale.id!r} does not allow 'not observed' answers; give one "
                        f"of {_values(scale)}",
                        ("ratings", index, "value"),
                    )
                )
        elif value not in scale.value_set:
            found.append(
                problem(
                    "value-off-scale",
                    f"{_num(value)} is not on scale {scale.id!r} ({_values(scale)})",
                    ("ratings", index, "value"),
                )
            )
    return found
