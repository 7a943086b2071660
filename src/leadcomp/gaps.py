"""Gap analysis: a score sheet against a target role.

``gap(sheet, role)`` compares, for every requirement of the role, the required level with the
achieved score (all others by default, or self, or one rater group), and returns a GapReport:
per requirement the gap, the importance-weighted gap, the status and the importance-performance
quadrant; overall the share met and the fit index; a development plan; the barrier of a
sequential framework; blind spots and hidden strengths; and the data-quality notes.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from attrs import evolve

from leadcomp import __version__
from leadcomp.builtin import find, list_frameworks, list_roles, load_builtin_framework
from leadcomp.documents._pipeline import check
from leadcomp.model import Competency, Framework, Requirement, RoleProfile, Scale
from leadcomp.model._gaps import (
    Barrier,
    CrosshairMode,
    Crosshairs,
    FlaggedCompetency,
    GapNorms,
    GapReport,
    GapStatus,
    GapSummary,
    NormPlacement,
    PlanIndicator,
    PlanItem,
    Quadrant,
    RequirementGap,
)
from leadcomp.model._norms import Norms, percentile_rank
from leadcomp.model._results import CompetencyScore, Note, Score, ScoreSheet
from leadcomp.model._semver import Version, VersionRange
from leadcomp.model._types import LEVEL_EPSILON as EPSILON, OTHER_GROUPS, certainty_of
from leadcomp.problems import InvalidDocument, problem
from leadcomp.scoring._anonymity import label
from leadcomp.scoring._memo import IdentityMemo
from leadcomp.stats import mean

#: The scores a report can compare, besides rater groups: ``all_others`` and ``self``.
COMPARE_DEFAULT = "all_others"

#: Pairs of role and framework already checked, by identity.
_checked = IdentityMemo()


def gap(
    sheet: ScoreSheet,
    role: RoleProfile,
    framework: Framework | None = None,
    *,
    compare: str = COMPARE_DEFAULT,
    crosshairs: CrosshairMode = "attainment",
) -> GapReport:
    """The GapReport of a score sheet against a role.

    ``framework`` is the one the sheet was scored against (default: the built-in it names).
    ``compare`` picks the achieved score: "all_others", "self" or a rater group's name (such as
    "manager", or the policy's merged group). ``crosshairs`` puts the importance-performance
    split, for importance, at the middle of the role's importance range, and for performance
    at each requirement's required level ("attainment", the default: so the quadrants agree
    with the gap table), or at the scale midpoints ("midpoint"); or both at the means of the
    requirements with evidence ("means"). InvalidDocument when the role does not fit the
    sheet's framework version, or the role or the arguments are invalid.
    """
    check_compatible(sheet.framework, role)
    if framework is None:
        framework = builtin_framework(sheet.framework)
    elif framework.ref != sheet.framework:
        raise InvalidDocument(
            [
                problem(
                    "framework-mismatch",
                    f"the score sheet was made against {sheet.framework}, but the framework "
                    f"given is {framework.ref}; give {sheet.framework} (or leave it out to "
                    "use the built-in one)",
                    ("framework",),
                )
            ]
        )
    _check_role(role, framework)
    if crosshairs not in ("attainment", "midpoint", "means"):
        raise InvalidDocument(
            [
                problem(
                    "invalid-value",
                    "crosshairs must be 'attainment', 'midpoint' or 'means', not "
                    f"{crosshairs!r}",
                )
            ]
        )
    _check_compare(compare, sheet)
    return _Analysis(sheet, role, framework, compare, crosshairs).report()


# --- compatibility -------------------------------------------------------------------------


def check_compatible(
    framework_ref: str, role: RoleProfile, *, what: str = "the score sheet is of"
) -> None:
    """InvalidDocument (code ``framework-mismatch``) unless the role fits ``id@version``.

    The message says which version range would fit and which built-in roles and framework
    versions exist; ``what`` names the thing of that framework in it.
    """
    framework_id, _, version = framework_ref.partition("@")
    wanted = role.framework
    if wanted.id != framework_id:
        raise InvalidDocument(
            [
                problem(
                    "framework-mismatch",
                    f"the role {role.id!r} is written against framework {wanted.id!r} "
                    f"(versions {wanted.versions}), but {what} {framework_ref}; "
                    f"use a role written for {framework_id}{_roles_for(framework_id)}, or "
                    f"assess against {wanted.id}",
                    ("framework", "id"),
                )
            ]
        )
    try:
        versions = VersionRange.parse(wanted.versions)
        parsed = Version.parse(version)
    except ValueError as error:
        raise InvalidDocument(
            [problem("invalid-version-range", str(error), ("framework", "versions"))]
        ) from None
    if parsed in versions:
        return
    fitting = [v for v in _builtin_versions(framework_id) if v in versions]
    builtin = (
        f"; built-in {framework_id} versions in that range: {', '.join(map(str, fitting))}"
        if fitting
        else ""
    )
    suggestion = f"^{parsed.major}.0.0" if parsed.major else f"^{parsed}"
    raise InvalidDocument(
        [
            problem(
                "framework-mismatch",
                f"the role {role.id!r} fits {framework_id} versions {wanted.versions}, and "
                f"{what} {framework_ref}, outside that range{builtin}. Score the "
                f"assessment against a version in the range, or use a role whose range "
                f"includes {version} (such as {suggestion!r}; 'leadcomp migrate' carries a "
                f"role over to another version){_roles_for(framework_id)}",
                ("framework", "versions"),
            )
        ]
    )


def _builtin_versions(framework_id: str) -> list[Version]:
    return [
        Version.parse(i.version)
        for i in list_frameworks()
        if i.id == framework_id and i.version is not None
    ]


def _roles_for(framework_id: str) -> str:
    roles = [f"{i.id} ({i.versions})" for i in list_roles() if i.framework == framework_id]
    return f" (built-in roles for {framework_id}: {', '.join(roles)})" if roles else ""


def builtin_framework(framework_ref: str) -> Framework:
    """The built-in framework ``id@version``; InvalidDocument (``framework-needed``) if none."""
    try:
        find(framework_ref, "framework")
    except InvalidDocument:
        raise InvalidDocument(
            [
                problem(
                    "framework-needed",
                    f"{framework_ref} is not a built-in framework; give its framework file "
                    "(--framework FILE, or the framework argument)",
                    ("framework",),
                )
            ]
        ) from None
    return load_builtin_framework(framework_ref)


def role_framework(role: RoleProfile) -> Framework:
    """The newest built-in version of the role's framework within its version range.

    InvalidDocument (``framework-needed``) when no built-in version fits.
    """

    try:
        versions = VersionRange.parse(role.framework.versions)
    except ValueError as error:
        raise InvalidDocument(
            [problem("invalid-version-range", str(error), ("framework", "versions"))]
        ) from None
    fitting = [v for v in _builtin_versions(role.framework.id) if v in versions]
    if not fitting:
        raise InvalidDocument(
            [
                problem(
                    "framework-needed",
                    f"no built-in framework {role.framework.id!r} fits the role's versions "
                    f"{role.framework.versions}; give the framework file (--framework FILE)",
                    ("framework",),
                )
            ]
        )
    return load_builtin_framework(f"{role.framework.id}@{max(fitting)}")


def _check_role(role: RoleProfile, framework: Framework) -> None:
    """InvalidDocument when the role is invalid or does not fit the framework (checked once)."""

    def make() -> bool:
        errors = [p for p in check(role, framework) if p.is_error]
        if errors:
            raise InvalidDocument(errors)
        return True

    _checked.get("role", (role, framework), make)


def compare_choices(sheet: ScoreSheet) -> list[str]:
    """The scores a report on this sheet can compare: all others, self, and every group."""
    return ["all_others", "self", *OTHER_GROUPS, sheet.policy.merge.into]


def _check_compare(compare: str, sheet: ScoreSheet) -> None:
    choices = compare_choices(sheet)
    if compare not in choices:
        raise InvalidDocument(
            [
                problem(
                    "unknown-group",
                    f"cannot compare {compare!r}: choose one of {', '.join(choices)}",
                )
            ]
        )


# --- the analysis --------------------------------------------------------------------------


def _label(group: str) -> str:
    return label(group)


def compared_score(entry: CompetencyScore | None, compare: str) -> Score | None:
    """The score of a competency that counts as achieved: all others, self or a group."""
    if entry is None:
        return None
    if compare == "all_others":
        return entry.all_others
    if compare == "self":
        return entry.self
    for group in entry.groups:
        if group.group == compare:
            return group.score
    return None


def _snap(value: float) -> float:
    """A difference within EPSILON of zero as exactly zero."""
    return 0.0 if abs(value) < EPSILON else value


def _position(value: float, scale: Scale) -> float:
    """Where a value sits on a scale, from 0 (lowest level) to 1 (highest)."""
    span = scale.maximum - scale.minimum
    return 0.5 if span == 0 else (value - scale.minimum) / span


def _level_above(scale: Scale, value: float) -> int | None:
    for level in scale.values:
        if level > value + EPSILON:
            return level
    return None


def status_of(required: int, achieved: float | None, scale: Scale) -> GapStatus:
    """``below`` under the required level, ``exceeds`` at or above the next level up,
    ``meets`` in between, ``no_evidence`` without an achieved score."""
    if achieved is None:
        return "no_evidence"
    if achieved < required - EPSILON:
        return "below"
    above = _level_above(scale, required)
    if above is not None and achieved >= above - EPSILON:
        return "exceeds"
    return "meets"


def norm_placements(norms: Norms, sheet: ScoreSheet) -> GapNorms | None:
    """Where a sheet's scores (the score the norms are of) stand in ``norms``, per competency
    with a norm cell and a score; None when the norms are of another framework version."""
    if norms.framework != sheet.framework:
        return None
    cells = {c.competency: c for c in norms.cells}
    placements: list[NormPlacement] = []
    for entry in sheet.competencies:
        cell = cells.get(entry.competency)
        score = compared_score(entry, norms.compare)
        if cell is None or score is None:
            continue
        placed = percentile_rank(cell, score.mean)
        placements.append(
            NormPlacement(
                competency=entry.competency, score=score.mean, n=cell.n,
                percentile=None if placed is None else placed[0],
                text=None if placed is None else placed[1],
            )
        )
    return GapNorms(
        compare=norms.compare, people=norms.people, policy=norms.policy,
        min_people=norms.min_people, placements=tuple(placements),
    )


def with_norms(report: GapReport, sheet: ScoreSheet, norms: Norms) -> GapReport:
    """The gap report with the sheet's scores placed in ``norms`` (its ``norms``, written in
    gap report format 1.1); InvalidDocument when the norms are of another framework version
    than the sheet."""
    placed = norm_placements(norms, sheet)
    if placed is None:
        raise InvalidDocument([
            problem(
                "framework-mismatch",
                f"the norms are of {norms.framework}, the score sheet of {sheet.framework}",
                ("framework",),
            )
        ])
    return evolve(report, norms=placed)


def attainment(required: int, achieved: float | None, scale: Scale) -> float:
    """A requirement's share of the fit: 1 when met, 0 without evidence, else the share of
    the distance from the scale's lowest level to the required level that is covered."""
    if achieved is None:
        return 0.0
    if achieved >= required - EPSILON:
        return 1.0
    span = required - scale.minimum
    share = (achieved - scale.minimum) / span if span > 0 else 0.0
    return min(max(share, 0.0), math.nextafter(1.0, 0.0))


def fit_index(parts: Iterable[tuple[float, float]]) -> float:
    """The importance-weighted mean of (importance, attainment) pairs; 1 for no pairs.

    It is exactly 1 only when every attainment is 1.
    """
    pairs = list(parts)
    if not pairs:
        return 1.0
    total = math.fsum(weight for weight, _ in pairs)
    value = math.fsum(weight * share for weight, share in pairs) / total
    value = min(max(value, 0.0), 1.0)
    if any(share < 1.0 for _, share in pairs):
        value = min(value, math.nextafter(1.0, 0.0))
    return value


def _quadrant(important: bool, performing: bool) -> Quadrant:
    if important:
        return "keep_up_the_good_work" if performing else "concentrate_here"
    return "possible_overkill" if performing else "low_priority"


def _nearest_level(scale: Scale, value: float) -> int:
    """The scale level nearest a value (the lower one on a tie)."""
    return min(scale.values, key=lambda level: (abs(level - value), level))


class _Analysis:
    """The state of one gap analysis."""

    def __init__(
        self,
        sheet: ScoreSheet,
        role: RoleProfile,
        framework: Framework,
        compare: str,
        crosshairs: CrosshairMode,
    ) -> None:
        self.sheet = sheet
        self.role = role
        self.framework = framework
        self.compare = compare
        self.mode = crosshairs
        self.entries = {entry.competency: entry for entry in sheet.competencies}
        self.order = {c.id: index for index, (_, c) in enumerate(framework.walk())}
        self.notes: dict[tuple[str, str], None] = {
            (note.code, note.message): None for note in sheet.notes
        }

    def note(self, code: str, message: str) -> None:
        self.notes.setdefault((code, message), None)

    def scale(self, competency: Competency) -> Scale:
        scale = self.framework.scale_of(competency)
        if scale is None:  # a checked framework gives every competency a scale
            raise AssertionError(f"competency {competency.id!r} has no scale")
        return scale

    def requirements(self) -> list[Requirement]:
        """The role's requirements in the framework's order (so their own order never counts)."""
        return sorted(
            self.role.requirements,
            key=lambda r: (self.order.get(r.competency, len(self.order)), r.competency),
        )

    def report(self) -> GapReport:
        rows = [self.row(requirement) for requirement in self.requirements()]
        marks = self.crosshairs(rows)
        rows = [self.place(row, marks) for row in rows]
        met = sum(1 for r in rows if r.status in ("meets", "exceeds"))
        parts = [
            (r.importance, attainment(r.required, r.achieved, self.scale_by_id(r.competency)))
            for r in rows
        ]
        summary = GapSummary(
            requirements=len(rows),
            met=met,
            exceeds=sum(1 for r in rows if r.status == "exceeds"),
            below=sum(1 for r in rows if r.status == "below"),
            no_evidence=sum(1 for r in rows if r.status == "no_evidence"),
            uncertain=sum(1 for r in rows if r.certainty == "uncertain"),
            share_met=met / len(rows) if rows else 1.0,
            fit=fit_index(parts),
            essential_unmet=tuple(r.competency for r in rows if r.essential_unmet),
        )
        if self.compare == "self":
            self.note(
                "self-only",
                "achieved levels are the subject's own ratings, not the views of others",
            )
        barrier = self.barrier() if self.framework.sequential else None
        sheet = self.sheet
        return GapReport(
            subject=sheet.subject,
            assessment=sheet.assessment,
            date=sheet.date,
            framework=sheet.framework,
            role=self.role.id,
            role_title=self.role.title,
            compare=self.compare,
            policy=sheet.policy.id,
            summary=summary,
            requirements=tuple(rows),
            plan=self.plan(rows),
            crosshairs=marks,
            sequential=self.framework.sequential,
            barrier=barrier,
            flags=self.flags(),
            notes=tuple(Note(code=code, message=message) for code, message in self.notes),
            leadcomp_version=__version__,
        )

    def scale_by_id(self, competency_id: str) -> Scale:
        return self.scale(self.framework.competency(competency_id))

    def row(self, requirement: Requirement) -> RequirementGap:
        competency = self.framework.competency(requirement.competency)
        scale = self.scale(competency)
        entry = self.entries.get(competency.id)
        score = compared_score(entry, self.compare)
        achieved = None if score is None else score.mean
        status = status_of(requirement.level, achieved, scale)
        difference = None if achieved is None else _snap(requirement.level - achieved)
        missing = None
        if achieved is None:
            missing = self.why_missing(entry)
            self.note("no-evidence", f"{competency.title}: {missing}")
        elif entry is not None:
            self.note_evidence(competency, entry)
        return RequirementGap(
            competency=competency.id,
            title=competency.title,
            scale=scale.id,
            required=requirement.level,
            importance=requirement.importance,
            essential=requirement.essential,
            status=status,
            certainty=certainty_of(
                requirement.level,
                achieved,
                None if score is None else score.ci,
                None if score is None else score.n,
            ),
            essential_unmet=requirement.essential and status in ("below", "no_evidence"),
            achieved=achieved,
            n=None if score is None else score.n,
            ci=None if score is None else score.ci,
            coverage=None if entry is None else entry.coverage,
            gap=difference,
            weighted_gap=None if difference is None else _snap(
                requirement.importance * difference
            ),
            flag=None if entry is None else entry.flag,
            missing=missing,
            comments=() if entry is None else entry.comments,
        )

    def note_evidence(self, competency: Competency, entry: CompetencyScore) -> None:
        """Notes on what an achieved score rests on: low coverage, groups withheld."""
        if entry.coverage is not None and entry.coverage < self.sheet.policy.min_coverage:
            self.note(
                "low-coverage",
                f"{competency.title}: only {entry.coverage:.0%} of the expected answers were "
                "valid (the rest not observed or missing), so its score rests on less evidence",
            )
        if self.compare != "all_others":
            return
        for missing in entry.missing:
            if missing.group != "self" and missing.reason == "withheld":
                self.note("withheld", f"{competency.title}: {missing.message}")

    def why_missing(self, entry: CompetencyScore | None) -> str:
        group = _label(self.compare)
        if entry is None:
            return "the score sheet has no score for it; it counts as not met"
        for missing in entry.missing:
            if missing.group == self.compare:
                return f"no {group} score ({missing.message}); it counts as not met"
        if self.compare == "self":
            return "there is no self rating of it; it counts as not met"
        return f"no {group} rater scored it; it counts as not met"

    def crosshairs(self, rows: list[RequirementGap]) -> Crosshairs:
        evidenced = [r for r in rows if r.achieved is not None]
        importances = [r.importance for r in rows]
        if self.mode == "means" and evidenced:
            importance = mean([r.importance for r in evidenced])
            performance = mean(
                [
                    _position(r.achieved, self.scale_by_id(r.competency))
                    for r in evidenced
                    if r.achieved is not None
                ]
            )
        else:
            importance = (min(importances) + max(importances)) / 2 if importances else 0.0
            if self.mode == "attainment":
                return Crosshairs(mode="attainment", importance=importance)
            performance = 0.5
        return Crosshairs(mode=self.mode, importance=importance, performance=performance)

    def place(self, row: RequirementGap, marks: Crosshairs) -> RequirementGap:
        if row.achieved is None:
            return row

        if marks.performance is None:  # attainment: met (or exceeded) or not, as in the table
            performing = row.status in ("meets", "exceeds")
        else:
            position = _position(row.achieved, self.scale_by_id(row.competency))
            performing = position >= marks.performance - EPSILON
        quadrant = _quadrant(row.importance >= marks.importance - EPSILON, performing)
        return evolve(row, quadrant=quadrant)

    def plan(self, rows: list[RequirementGap]) -> tuple[PlanItem, ...]:
        below = [r for r in rows if r.status == "below"]
        below.sort(
            key=lambda r: (not r.essential, -(r.weighted_gap or 0.0), -(r.gap or 0.0),
                           r.competency)
        )
        return tuple(self.item(rank, row) for rank, row in enumerate(below, start=1))

    def item(self, rank: int, row: RequirementGap) -> PlanItem:
        competency = self.framework.competency(row.competency)
        scale = self.scale(competency)
        if row.achieved is None or row.gap is None or row.weighted_gap is None:
            raise AssertionError(f"{row.competency!r} is in the plan without a gap")
        above = _level_above(scale, _nearest_level(scale, row.achieved))
        next_level = row.required if above is None else min(above, row.required)
        level = scale.level(next_level)
        return PlanItem(
            rank=rank,
            competency=row.competency,
            title=row.title,
            essential=row.essential,
            required=row.required,
            achieved=row.achieved,
            gap=row.gap,
            weighted_gap=row.weighted_gap,
            next_level=next_level,
            next_label=level.label if level is not None else str(next_level),
            next_descriptor=competency.descriptor(next_level),
            indicators=tuple(
                PlanIndicator(id=i.id, text=i.text, reverse=i.reverse)
                for i in competency.indicators
            ),
        )

    def barrier(self) -> Barrier | None:
        unknown: list[str] = []
        for position, competency in enumerate(self.framework.roots(), start=1):
            requirement = self.role.requirement(competency.id)
            scale = self.scale(competency)
            threshold: float | None = scale.proficient
            if threshold is None and requirement is not None:
                threshold = requirement.level
            if threshold is None:
                self.note(
                    "no-threshold",
                    f"{competency.title}: its scale has no proficient level and the role "
                    "requires none, so it cannot be the barrier",
                )
                continue
            score = compared_score(self.entries.get(competency.id), self.compare)
            if score is None:
                unknown.append(competency.title)
                continue
            if score.mean < threshold - EPSILON:
                self.note_unknown(unknown, competency.title)
                return Barrier(
                    competency=competency.id,
                    title=competency.title,
                    position=position,
                    achieved=score.mean,
                    threshold=float(threshold),
                )
        self.note_unknown(unknown, None)
        return None

    def note_unknown(self, unknown: list[str], barrier: str | None) -> None:
        if not unknown:
            return
        names = ", ".join(unknown)
        self.note(
            "sequence-unknown",
            f"no evidence for {names}, which come before {barrier} in the sequence, so the "
            "barrier could lie earlier"
            if barrier
            else f"no evidence for {names}, so a barrier there cannot be ruled out",
        )

    def flags(self) -> tuple[FlaggedCompetency, ...]:
        found: list[FlaggedCompetency] = []
        for entry in self.sheet.competencies:
            if entry.flag is None or entry.self is None or entry.all_others is None:
                continue
            competency = self.framework.get(entry.competency)
            found.append(
                FlaggedCompetency(
                    competency=entry.competency,
                    title=competency.title if competency is not None else entry.competency,
                    flag=entry.flag,
                    self_mean=entry.self.mean,
                    others_mean=entry.all_others.mean,
                    difference=entry.self.mean - entry.all_others.mean,
                )
            )
        return tuple(found)


__all__ = [
    "COMPARE_DEFAULT",
    "attainment",
    "builtin_framework",
    "certainty_of",
    "check_compatible",
    "compare_choices",
    "compared_score",
    "fit_index",
    "gap",
    "norm_placements",
    "role_framework",
    "status_of",
    "with_norms",
]
