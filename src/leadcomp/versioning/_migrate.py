"""Carry role profiles and assessments from one framework version to another.

Each old id goes where the mapping says, else to itself when the new version still has it, else
to the competencies that declare they replace it. Values cross a scale change only where the
mapping says what each becomes. Whatever cannot be carried is reported, never silently lost.
"""

from __future__ import annotations

from typing import overload

from attrs import evolve, frozen

from leadcomp.builtin import list_frameworks, load_builtin_framework
from leadcomp.model import (
    Assessment,
    Competency,
    Framework,
    FrameworkRef,
    Indicator,
    Mapping,
    Rating,
    Requirement,
    RoleProfile,
    Scale,
)
from leadcomp.model._mapping import Combine
from leadcomp.model._semver import Version, VersionRange
from leadcomp.problems import InvalidDocument, json_path, problem
from leadcomp.stats import mean
from leadcomp.validation._mapping_rules import mapping_fit_problems, mapping_problems
from leadcomp.validation._rules import check_model
from leadcomp.versioning._result import Account, Action, MigrationResult


@overload
def migrate(
    document: Assessment,
    to: Framework,
    mapping: Mapping | None = ...,
    *,
    old: Framework | None = ...,
    strict: bool = ...,
) -> MigrationResult[Assessment]: ...
@overload
def migrate(
    document: RoleProfile,
    to: Framework,
    mapping: Mapping | None = ...,
    *,
    old: Framework | None = ...,
    strict: bool = ...,
) -> MigrationResult[RoleProfile]: ...
def migrate(
    document: Assessment | RoleProfile,
    to: Framework,
    mapping: Mapping | None = None,
    *,
    old: Framework | None = None,
    strict: bool = False,
) -> MigrationResult[Assessment] | MigrationResult[RoleProfile]:
    """Carry an assessment or a role profile over to the framework ``to``.

    ``old`` is the framework the document was written against; when it is not given, it is
    the built-in framework the document (or the mapping) names. Ids follow ``mapping``, else
    stay when ``to`` still has them, else go to the competencies of ``to`` that declare they
    replace them. The result holds the migrated document, valid against ``to``, and an
    account of what was carried, merged, split, dropped and what needs a decision.

    InvalidDocument (with Problems) when the document does not fit ``old``, the mapping does
    not fit the two versions, or, with ``strict``, when anything would be dropped or needs a
    decision.
    """
    if not isinstance(document, (Assessment, RoleProfile)):
        kind = type(document).__name__
        raise TypeError(f"only assessments and role profiles migrate, not {kind}")
    if old is None:
        old = source_framework(document, to, mapping)
    errors = [p for p in check_model(document, old) if p.is_error]
    if mapping is not None:
        errors += [
            evolve(p, message=f"in the mapping: {p.message}")
            for p in mapping_problems(mapping) + mapping_fit_problems(mapping, old, to)
            if p.is_error
        ]
    if errors:
        raise InvalidDocument(errors)
    plan = _Plan(old, to, mapping)
    if isinstance(document, Assessment):
        result: MigrationResult[Assessment] | MigrationResult[RoleProfile] = plan.assessment(
            document
        )
    else:
        result = plan.role(document)
    if strict and not result.complete:
        raise InvalidDocument(result.problems())
    left = [p for p in check_model(result.document, to) if p.is_error]
    if left:  # a framework built in code may be invalid; never hand back an invalid document
        raise InvalidDocument(left)
    return result


def source_framework(
    document: Assessment | RoleProfile, to: Framework, mapping: Mapping | None
) -> Framework:
    """The framework a document was written against, when the caller did not say.

    An assessment names it exactly; a role is taken to be written against the mapping's old
    version, else ``to`` when its version range already holds ``to``, else the newest built-in
    version in its range. Outside the built-ins: InvalidDocument (``unknown-framework``).
    """

    if isinstance(document, Assessment):
        ref = document.framework
        if ref == to.ref:
            return to
        wanted = [info.ref for info in list_frameworks() if info.ref == ref]
    elif mapping is not None:
        ref = mapping.old
        wanted = [info.ref for info in list_frameworks() if info.ref == ref]
    else:
        ref = f"{document.framework.id} {document.framework.versions}"
        try:
            versions = VersionRange.parse(document.framework.versions)
        except ValueError as error:
            raise InvalidDocument(
                [problem("invalid-version-range", str(error), ("framework", "versions"))]
            ) from None
        if document.framework.id == to.id and Version.parse(to.version) in versions:
            return to
        wanted = [
            info.ref
            for info in list_frameworks()
            if info.id == document.framework.id and Version.parse(info.version or "") in versions
        ]
    if not wanted:
        raise InvalidDocument(
            [
                problem(
                    "unknown-framework",
                    f"{ref} is not a built-in framework; give the framework the document was "
                    "written against (old=... in Python, --from FILE on the command line)",
                    ("framework",),
                )
            ]
        )
    return load_builtin_framework(wanted[-1])


# --- the plan: where every old id goes --------------------------------------------------------


@frozen
class _Route:
    """Where one old id goes: its new ids, why, and how its values cross over."""

    targets: tuple[str, ...]
    #: "same" (the id still exists), "mapping", "replaces" or "none".
    source: str
    reason: str
    reflect: bool = False
    #: What happens to the id's values when there is no target.
    gap: Action = "dropped"


class _Plan:
    """Routes of the old version's ids to the new version, worked out once per migration."""

    def __init__(self, old: Framework, new: Framework, mapping: Mapping | None) -> None:
        self.old, self.new, self.mapping = old, new, mapping
        self.old_items = old.indicator_index()
        self.new_items = new.indicator_index()
        self.entries = {e.old: e for e in reversed(mapping.ids)} if mapping else {}
        #: New id -> the old ids the mapping sends there, in the mapping's order.
        self.mapped_into: dict[str, list[str]] = {}
        for entry in mapping.ids if mapping else ():
            if self.entries[entry.old] is entry:
                for target in entry.new:
                    self.mapped_into.setdefault(target, []).append(entry.old)
        self.successors: dict[str, list[str]] = {}
        for competency in new.competencies:
            for gone in competency.replaces:
                if gone not in new and gone not in self.new_items:
                    self.successors.setdefault(gone, []).append(competency.id)
        self.routes: dict[str, _Route] = {}
        self._sources: dict[str, tuple[str, ...]] = {}

    # routes -------------------------------------------------------------------------------

    def exists(self, key: str) -> bool:
        """True for a competency or indicator of the new version."""
        return key in self.new or key in self.new_items

    def route(self, key: str) -> _Route:
        found = self.routes.get(key)
        if found is None:
            found = self.routes[key] = self._route(key)
        return found

    def _route(self, key: str) -> _Route:
        new_ref = self.new.ref
        entry = self.entries.get(key)
        if entry is not None:
            note = f" ({entry.note})" if entry.note else ""
            if not entry.new:
                return _Route((), "mapping", f"the mapping drops {key!r}{note}")
            return _Route(entry.new, "mapping", f"mapped{note}", entry.reflect)
        if self.exists(key):
            return _Route((key,), "same", "same id")
        successors = self.successors.get(key)
        if successors and key in self.old:
            listing = ", ".join(repr(s) for s in successors)
            return _Route(
                tuple(successors), "replaces", f"{listing} replace{'s' * (len(successors) == 1)} "
                f"{key!r} in {new_ref}",
            )
        found = self.old_items.get(key)
        if found is not None:
            owner = self.route(found[0].id)
            if owner.targets:
                listing = ", ".join(repr(t) for t in owner.targets)
                return _Route(
                    (), "none",
                    f"indicator {key!r} is not in {new_ref}, and its competency "
                    f"{found[0].id!r} goes to {listing}: map {key!r} to an indicator there (or "
                    "to the competency itself), or drop it, in a mapping",
                    gap="needs-decision",
                )
            return _Route((), "none", f"indicator {key!r} was removed in {new_ref}")
        return _Route((), "none", f"{key!r} was removed in {new_ref} and nothing replaces it")

    def sources(self, target: str) -> tuple[str, ...]:
        """The old ids whose values meet in one new id, in the order ``first`` follows:
        the same id, then the mapping's entries, then the new version's ``replaces``."""
        found = self._sources.get(target)
        if found is not None:
            return found
        ordered: list[str] = []
        if (target in self.old or target in self.old_items) and self.route(
            target
        ).source == "same":
            ordered.append(target)
        ordered += self.mapped_into.get(target, [])
        competency = self.new.get(target)
        if competency is not None:
            ordered += [
                gone for gone in competency.replaces
                if self.route(gone).source == "replaces" and target in self.route(gone).targets
            ]
        found = self._sources[target] = tuple(dict.fromkeys(ordered))
        return found

    def combine_rule(self, target: str) -> Combine:
        """How values meeting in ``target`` combine: an entry's rule, else the mapping's."""
        if self.mapping is None:
            return "mean"
        for source in self.sources(target):
            entry = self.entries.get(source)
            if entry is not None and entry.combine is not None:
                return entry.combine
        return self.mapping.combine

    # values -------------------------------------------------------------------------------

    @staticmethod
    def reverse_keyed(items: dict[str, tuple[Competency, Indicator]], key: str) -> bool:
        """True for a reverse-keyed indicator (competencies are never reverse-keyed)."""
        found = items.get(key)
        return found is not None and found[1].reverse

    def convert(
        self, value: int | None, source: str, target: str, route: _Route, *, rating: bool
    ) -> tuple[int | None, str | None]:
        """A value of ``source`` as a value of ``target``, or the reason it cannot cross."""
        old_scale = self.old.scale_of_item(source)
        new_scale = self.new.scale_of_item(target)
        if old_scale is None or new_scale is None:
            return value, None  # an unscaled item (invalid framework): nothing to check
        if value is None:
            if new_scale.not_observed:
                return None, None
            return None, (
                f"{target!r} is rated on scale {new_scale.id!r}, which does not allow "
                "'not observed' answers"
            )
        if rating:
            if route.reflect:
                value = old_scale.minimum + old_scale.maximum - value
            elif route.source != "mapping" and self.reverse_keyed(
                self.old_items, source
            ) != self.reverse_keyed(self.new_items, target):
                return None, (
                    f"{source!r} and {target!r} are keyed the other way round: say in a "
                    "mapping whether to reflect the answers (reflect: true) or keep them"
                )
        scale_map = self.mapping.scale(old_scale.id, new_scale.id) if self.mapping else None
        if scale_map is not None:
            mapped = scale_map.value(value)
            if mapped is None:
                return None, (
                    f"the mapping from scale {old_scale.id!r} to {new_scale.id!r} does not say "
                    f"what {value} becomes"
                )
            return mapped, None
        if _carries(old_scale, new_scale, value):
            return value, None
        level = old_scale.level(value)
        label = f" ({level.label!r})" if level is not None else ""
        return None, (
            f"{value}{label} on scale {old_scale.id!r} has no unchanged level on scale "
            f"{new_scale.id!r} of {target!r}: add a value mapping for scale {old_scale.id!r} to "
            f"{new_scale.id!r}"
        )

    def merged_value(self, target: str, values: list[tuple[int, int | None]]) -> int | None:
        """Values (with their source's rank) that meet in one new id, combined by its rule."""
        observed = [value for _, value in sorted(values, key=lambda v: v[0]) if value is not None]
        if not observed:
            return None
        rule = self.combine_rule(target)
        if rule == "first":
            return observed[0]
        if rule == "max":
            return max(observed)
        if rule == "min":
            return min(observed)
        centre = mean(observed)
        scale = self.new.scale_of_item(target)
        if scale is None:
            return round(centre)
        return min(scale.values, key=lambda level: (abs(level - centre), level))

    # documents ----------------------------------------------------------------------------

    def assessment(self, assessment: Assessment) -> MigrationResult[Assessment]:
        account = Account()
        # (rater, new item) -> [(source rank, value, comment)]
        gathered: dict[tuple[str, str], list[tuple[int, int | None, str | None]]] = {}
        first_at: dict[tuple[str, str], int] = {}
        for index, rating in enumerate(assessment.ratings):
            at = json_path(("ratings", index))
            route = self.route(rating.item)
            if not route.targets:
                account.note(route.gap, (rating.item,), (), route.reason, at)
                continue
            for target in route.targets:
                value, why = self.convert(rating.value, rating.item, target, route, rating=True)
                if why is not None:
                    account.note("needs-decision", (rating.item,), (target,), why, at)
                    continue
                key = (rating.rater, target)
                gathered.setdefault(key, []).append(
                    (self.rank(rating.item, target), value, rating.comment)
                )
                first_at.setdefault(key, index)
                self.account_route(account, rating.item, route, at)
        ratings: list[Rating] = []
        for (rater, target), found in gathered.items():
            at = json_path(("ratings", first_at[(rater, target)]))
            if len(self.sources(target)) > 1:
                value = self.merged_value(target, [(rank, v) for rank, v, _ in found])
                account.note(
                    "merged", self.sources(target), (target,),
                    f"combined by {self.combine_rule(target)}", at,
                )
            else:
                value = found[0][1]
            comments = list(dict.fromkeys(c for _, _, c in found if c is not None))
            ratings.append(
                Rating(
                    rater=rater, item=target, value=value,
                    comment="\n\n".join(comments) if comments else None,
                )
            )
        document = evolve(assessment, framework=self.new.ref, ratings=tuple(ratings))
        return MigrationResult(
            document=document, old=self.old.ref, new=self.new.ref, outcomes=account.outcomes()
        )

    def rank(self, source: str, target: str) -> int:
        """The place of ``source`` among the old ids meeting in ``target`` (for ``first``)."""
        sources = self.sources(target)
        return sources.index(source) if source in sources else len(sources)

    def account_route(self, account: Account, key: str, route: _Route, at: str) -> None:
        """Note how one old id crossed (once per rating or requirement)."""
        if len(route.targets) > 1:
            account.note("split", (key,), route.targets, f"copied: {route.reason}", at)
            return
        target = route.targets[0]
        if len(self.sources(target)) == 1:
            account.note("carried", (key,), (target,), route.reason, at)

    def role(self, role: RoleProfile) -> MigrationResult[RoleProfile]:
        account = Account()
        gathered: dict[str, list[tuple[int, Requirement, int]]] = {}
        first_at: dict[str, int] = {}
        for index, requirement in enumerate(role.requirements):
            at = json_path(("requirements", index))
            key = requirement.competency
            route = self.route(key)
            if not route.targets:
                account.note(route.gap, (key,), (), route.reason, at)
                continue
            for target in route.targets:
                if target not in self.new:
                    account.note(
                        "needs-decision", (key,), (target,),
                        f"{target!r} is an indicator of {self.new.ref}, and roles require "
                        "competencies: map it to a competency",
                        at,
                    )
                    continue
                level, why = self.convert(requirement.level, key, target, route, rating=False)
                if why is not None or level is None:
                    account.note("needs-decision", (key,), (target,), why or "no level", at)
                    continue
                gathered.setdefault(target, []).append(
                    (self.rank(key, target), evolve(requirement, competency=target, level=level),
                     index)
                )
                first_at.setdefault(target, index)
                self.account_route(account, key, route, at)
        requirements: list[Requirement] = []
        for target, found in gathered.items():
            at = json_path(("requirements", first_at[target]))
            if len(self.sources(target)) > 1:
                account.note(
                    "merged", self.sources(target), (target,),
                    f"combined by {self.combine_rule(target)} (importance: the highest; "
                    "essential if any was)",
                    at,
                )
            if len(found) == 1:
                requirements.append(found[0][1])
                continue
            level = self.merged_value(target, [(rank, r.level) for rank, r, _ in found])
            notes = list(dict.fromkeys(r.note for _, r, _ in found if r.note is not None))
            requirements.append(
                Requirement(
                    competency=target,
                    level=found[0][1].level if level is None else level,
                    importance=max(r.importance for _, r, _ in found),
                    essential=any(r.essential for _, r, _ in found),
                    note="; ".join(notes) if notes else None,
                )
            )
        document = evolve(
            role,
            framework=FrameworkRef(id=self.new.id, versions=f"^{self.new.version}"),
            requirements=tuple(requirements),
        )
        return MigrationResult(
            document=document, old=self.old.ref, new=self.new.ref, outcomes=account.outcomes()
        )


def _carries(old: Scale, new: Scale, value: int) -> bool:
    """True when a value means the same on the new scale: the same level (value and label),
    or the same scale with that level only relabelled."""
    before = old.level(value)
    after = new.level(value)
    if before is None or after is None:
        return False
    if after.label == before.label:
        return True
    return old.id == new.id and all(level.label != before.label for level in new.levels)
