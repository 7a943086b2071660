"""The semantic diff of two framework versions: what changed, and how big a bump it needs.

The competency lists of the two versions are walked side by side and paired by id, so a diff
takes time linear in the size of the two frameworks; pairs that are identical or equal are
skipped, and only what differs is compared field by field.
"""

from __future__ import annotations

import gc
import itertools
from typing import Any

from leadcomp.model import Competency, Framework, Indicator, Level, Relation, Scale
from leadcomp.model._converter import unstructure
from leadcomp.versioning._changes import Change, FrameworkDiff
from leadcomp.versioning._levels import CHANGE_LEVELS, BumpLevel


def diff(old: Framework, new: Framework) -> FrameworkDiff:
    """Every change from ``old`` to ``new``, each classified major, minor or patch.

    Both frameworks should be valid (``leadcomp.check`` is clean); with duplicate ids the
    result is unspecified (but the diff never fails). The order of the changes is stable: the
    framework's fields, its scales, its competencies in the new document's order, removed
    competencies in the old order, then sibling reorderings.
    """
    enabled = gc.isenabled()
    gc.disable()  # nothing built here is garbage yet: spare the collector's rescans
    try:
        changes = tuple(_Differ(old, new).run())
    finally:
        if enabled:
            gc.enable()
    return FrameworkDiff(old=old.ref, new=new.ref, changes=changes)


class _Differ:
    """One diff in progress: the two frameworks, their indexes and the changes found."""

    def __init__(self, old: Framework, new: Framework) -> None:
        self.old = old
        self.new = new
        self.changes: list[Change] = []
        #: Ids of old competencies that the new version no longer has, with their positions.
        self.removed: dict[str, int] = {}

    def add(self, kind: str, subject: str, old: Any = None, new: Any = None) -> None:
        self.changes.append(
            Change(kind=kind, level=CHANGE_LEVELS[kind], subject=subject, old=old, new=new)
        )

    def run(self) -> list[Change]:
        self.framework_fields()
        self.scales()
        self.competencies()
        return self.changes

    # --- the framework's own fields --------------------------------------------------------

    def framework_fields(self) -> None:
        old, new = self.old, self.new
        if old.id != new.id:
            self.add("framework-id-changed", "id", old.id, new.id)
        for name in ("title", "description"):
            if getattr(old, name) != getattr(new, name):
                self.add(f"framework-{name}-changed", name, getattr(old, name), getattr(new, name))
        if old.provenance != new.provenance:
            self.add(
                "framework-provenance-changed", "provenance",
                _plain(old.provenance), _plain(new.provenance),
            )
        if old.sequential != new.sequential:
            self.add("framework-sequential-changed", "sequential", old.sequential, new.sequential)
        if old.default_scale != new.default_scale:
            self.add(
                "framework-default-scale-changed", "default_scale",
                old.default_scale, new.default_scale,
            )
        if old.tags != new.tags:
            self.add("framework-tags-changed", "tags", list(old.tags), list(new.tags))
        if old.extensions != new.extensions:
            self.add("framework-extensions-changed", "extensions", old.extensions, new.extensions)

    # --- scales ----------------------------------------------------------------------------

    def scales(self) -> None:
        old_scales = {scale.id: scale for scale in reversed(self.old.scales)}
        new_ids = {scale.id for scale in self.new.scales}
        seen: set[str] = set()
        for scale in self.new.scales:
            if scale.id in seen:
                continue
            seen.add(scale.id)
            before = old_scales.get(scale.id)
            if before is None:
                self.add("scale-added", f"scales/{scale.id}", None, scale.id)
            elif before != scale:
                self.scale(before, scale)
        removed: set[str] = set()
        for scale in self.old.scales:
            if scale.id not in new_ids and scale.id not in removed:
                removed.add(scale.id)
                self.add("scale-removed", f"scales/{scale.id}", scale.id, None)

    def scale(self, old: Scale, new: Scale) -> None:
        at = f"scales/{new.id}"
        if old.title != new.title:
            self.add("scale-title-changed", at, old.title, new.title)
        if old.levels != new.levels:
            self.levels(at, old.levels, new.levels)
        if old.proficient != new.proficient:
            self.add("proficient-changed", at, old.proficient, new.proficient)
        if old.not_observed != new.not_observed:
            kind = "not-observed-allowed" if new.not_observed else "not-observed-disallowed"
            self.add(kind, at, old.not_observed, new.not_observed)
        if old.not_observed_label != new.not_observed_label:
            self.add(
                "not-observed-label-changed", at, old.not_observed_label, new.not_observed_label
            )

    def levels(self, at: str, old: tuple[Level, ...], new: tuple[Level, ...]) -> None:
        """Levels keep their identity by label first (a label at a new value is re-valued),
        then by value (a new label at the same value is relabelled)."""
        old_by_label: dict[str, Level] = {}
        for level in old:
            old_by_label.setdefault(level.label, level)
        new_by_label: dict[str, Level] = {}
        for level in new:
            new_by_label.setdefault(level.label, level)
        old_by_value = {level.value: level for level in old}
        matched_old: set[int] = set()  # values of old levels accounted for
        pairs: list[tuple[Level, Level]] = []
        unmatched_new: list[Level] = []
        for level in new:
            twin = old_by_label.get(level.label)
            if twin is not None and twin.value not in matched_old:
                matched_old.add(twin.value)
                pairs.append((twin, level))
            else:
                unmatched_new.append(level)
        still_new: list[Level] = []
        for level in unmatched_new:
            twin = old_by_value.get(level.value)
            if (
                twin is not None
                and twin.value not in matched_old
                and twin.label not in new_by_label
            ):
                matched_old.add(twin.value)
                pairs.append((twin, level))
            else:
                still_new.append(level)
        for before, after in sorted(pairs, key=lambda pair: pair[1].value):
            where = f"{at}/levels/{after.value}"
            if before.value != after.value:
                self.add(
                    "level-revalued", f"{at}/levels/{before.value}",
                    _level(before), _level(after),
                )
            elif before.label != after.label:
                self.add("level-relabelled", where, before.label, after.label)
            if before.description != after.description:
                self.add("level-description-changed", where, before.description, after.description)
        for level in still_new:
            self.add("level-added", f"{at}/levels/{level.value}", None, _level(level))
        for level in old:
            if level.value not in matched_old:
                matched_old.add(level.value)
                self.add("level-removed", f"{at}/levels/{level.value}", _level(level), None)

    # --- competencies ----------------------------------------------------------------------

    def competencies(self) -> None:
        """Pair old and new competencies by id, then compare the pairs that differ.

        Large frameworks do not fit in the processor's caches, so every pass over all their
        competencies costs. One pass walks both lists side by side: where the ids agree (nearly
        everywhere, between two versions) the pair needs no lookup at all; where they do not,
        each side waits in a dict until its twin comes by. Only pairs that differ are compared
        in detail.
        """
        old, new = self.old, self.new
        olds, news = old.competencies, new.competencies
        n_old, n_new = len(olds), len(news)
        rescaling = old.default_scale != new.default_scale
        pending: list[tuple[int, Competency | None, Competency]] = []
        old_waiting: dict[str, int] = {}
        new_waiting: dict[str, int] = {}
        # (new position, old position) of first and last pair of each stretch paired in step,
        # and of each pair found through the waiting dicts: to tell whether the order changed
        stretches: list[tuple[int, int, int, int]] = []
        strays: list[tuple[int, int]] = []
        i = j = 0
        while i < n_old and j < n_new:
            start_i, start_j = i, j
            while i < n_old and j < n_new:
                before, after = olds[i], news[j]
                if before.id != after.id:
                    break
                if (
                    (before is not after and before != after)
                    or after.replaces
                    or (rescaling and after.scale is None)
                ):
                    pending.append((j, before, after))
                i += 1
                j += 1
            if i > start_i:
                stretches.append((start_j, start_i, j - 1, i - 1))
            if i == n_old or j == n_new:
                break
            before, after = olds[i], news[j]
            at = old_waiting.pop(after.id, None)
            if at is not None:
                self.pair(pending, strays, at, olds[at], j, after, rescaling)
                j += 1
                continue
            at = new_waiting.pop(before.id, None)
            if at is not None:
                self.pair(pending, strays, i, before, at, news[at], rescaling)
                i += 1
                continue
            old_waiting.setdefault(before.id, i)
            new_waiting.setdefault(after.id, j)
            i += 1
            j += 1
        for old_at in range(i, n_old):
            before = olds[old_at]
            at = new_waiting.pop(before.id, None)
            if at is None:
                old_waiting.setdefault(before.id, old_at)
            else:
                self.pair(pending, strays, old_at, before, at, news[at], rescaling)
        for new_at in range(j, n_new):
            after = news[new_at]
            at = old_waiting.pop(after.id, None)
            if at is None:
                new_waiting.setdefault(after.id, new_at)
            else:
                self.pair(pending, strays, at, olds[at], new_at, after, rescaling)
        pending.extend((at, None, news[at]) for at in new_waiting.values())
        pending.sort(key=lambda entry: entry[0])
        self.removed = old_waiting
        removed = [olds[at] for at in sorted(old_waiting.values())]

        replaced = self.replacements([after for _, _, after in pending if after.replaces])
        old_pool, new_pool = self.indicator_pools(pending, removed)
        for _, twin, after in pending:
            key = after.id
            group = replaced.get(key)
            if group is not None and group[1][0] == key:  # once, at its first new competency
                self.replacement(*group)
            if twin is None:
                if group is None:
                    self.add("competency-added", f"competencies/{key}", None, key)
                for indicator in after.indicators:
                    found = old_pool.get(indicator.id)
                    if found is not None:
                        self.indicator(found[0], found[1], after, indicator)
                continue
            self.competency(twin, after, explained=group is not None)
            if twin is not after and twin.indicators != after.indicators:
                self.indicators(twin, after, old_pool, new_pool)
        for competency in removed:
            if competency.id not in replaced:
                self.add("competency-removed", f"competencies/{competency.id}", competency.id, None)
        if strays and not _in_order(stretches, strays):
            self.reorderings({news[at].parent for at, _ in strays}, stretches, strays)

    @staticmethod
    def pair(
        pending: list[tuple[int, Competency | None, Competency]],
        strays: list[tuple[int, int]],
        old_at: int,
        before: Competency,
        new_at: int,
        after: Competency,
        rescaling: bool,
    ) -> None:
        """Record a pair found through the waiting dicts (out of step)."""
        strays.append((new_at, old_at))
        if before != after or after.replaces or (rescaling and after.scale is None):
            pending.append((new_at, before, after))

    def gone(self, key: str) -> bool:
        """True for an id of an old competency that the new version no longer has."""
        return key in self.removed

    def replacements(self, replacing: list[Competency]) -> dict[str, tuple[list[str], list[str]]]:
        """Groups of old ids replaced by new ones (declared with ``replaces`` in the new version),
        by every id in the group: (old ids in old order, new ids in new order).

        Only ids gone from the new version count as replaced; the competency that replaces them
        may be new or one that already existed (a merge into it).
        """
        edges = [
            (gone, competency.id)
            for competency in replacing
            for gone in competency.replaces
            if self.gone(gone)
        ]
        if not edges:
            return {}
        # union-find over ids: the replaced ids are gone from new, so they never collide with
        # the ids of their successors
        parent: dict[str, str] = {}

        def find(node: str) -> str:
            parent.setdefault(node, node)
            while parent[node] != node:
                parent[node] = parent[parent[node]]
                node = parent[node]
            return node

        for gone, successor in edges:
            a, b = find(gone), find(successor)
            if a != b:
                parent[a] = b
        members: dict[str, tuple[list[str], list[str]]] = {}
        for gone in sorted({gone for gone, _ in edges}, key=self.removed.__getitem__):
            members.setdefault(find(gone), ([], []))[0].append(gone)
        for competency in replacing:
            if competency.id in parent:
                news = members.setdefault(find(competency.id), ([], []))[1]
                if competency.id not in news:
                    news.append(competency.id)
        groups: dict[str, tuple[list[str], list[str]]] = {}
        for olds, news in members.values():
            for key in (*olds, *news):
                groups[key] = (olds, news)
        return groups

    def replacement(self, olds: list[str], news: list[str]) -> None:
        if len(olds) == 1 and len(news) > 1:
            kind = "competency-split"
        elif len(olds) > 1 and len(news) == 1:
            kind = "competency-merged"
        else:
            kind = "competency-replaced"
        self.add(kind, f"competencies/{','.join(olds)}", list(olds), list(news))

    def competency(self, old: Competency, new: Competency, *, explained: bool = False) -> None:
        """Field by field; ``explained`` when a replacement change already covers ``replaces``."""
        at = f"competencies/{new.id}"
        if old.parent != new.parent:
            self.add("competency-moved", at, old.parent, new.parent)
        if old.title != new.title:
            self.add("competency-renamed", at, old.title, new.title)
        if old.kind != new.kind:
            self.add("competency-kind-changed", at, old.kind, new.kind)
        if old.description != new.description:
            self.add("competency-description-changed", at, old.description, new.description)
        old_scale = old.scale or self.old.default_scale
        new_scale = new.scale or self.new.default_scale
        if old_scale != new_scale:
            self.add("competency-rescaled", at, old_scale, new_scale)
        if old.weight != new.weight:
            self.add("competency-weight-changed", at, old.weight, new.weight)
        if old.tags != new.tags:
            self.add("competency-tags-changed", at, list(old.tags), list(new.tags))
        if old.replaces != new.replaces and not explained:
            self.add("competency-replaces-changed", at, list(old.replaces), list(new.replaces))
        if old.relations != new.relations:
            self.relations(at, old.relations, new.relations)
        if old.descriptors != new.descriptors:
            before = {d.level: d.text for d in reversed(old.descriptors)}
            after = {d.level: d.text for d in reversed(new.descriptors)}
            for level in sorted(before.keys() | after.keys()):
                where = f"{at}/descriptors/{level}"
                if level not in before:
                    self.add("descriptor-added", where, None, after[level])
                elif level not in after:
                    self.add("descriptor-removed", where, before[level], None)
                elif before[level] != after[level]:
                    self.add("descriptor-changed", where, before[level], after[level])
        if old.extensions != new.extensions:
            self.add("competency-extensions-changed", at, old.extensions, new.extensions)

    def relations(
        self, at: str, old: tuple[Relation, ...], new: tuple[Relation, ...]
    ) -> None:
        before, after = set(old), set(new)
        for relation in dict.fromkeys(new):
            if relation not in before:
                self.add("relation-added", at, None, _plain(relation))
        for relation in dict.fromkeys(old):
            if relation not in after:
                self.add("relation-removed", at, _plain(relation), None)

    # --- indicators ------------------------------------------------------------------------

    @staticmethod
    def indicator_pools(
        pending: list[tuple[int, Competency | None, Competency]], removed: list[Competency]
    ) -> tuple[_Pool, _Pool]:
        """Indicators that left a competency (old side) and that joined one (new side).

        An indicator that moved is in both pools; every other indicator either stayed where it
        was (and is compared in place) or came or went with its competency.
        """
        old_pool: _Pool = {}
        new_pool: _Pool = {}
        for _, before, after in pending:
            if before is None:
                for indicator in after.indicators:
                    new_pool.setdefault(indicator.id, (after, indicator))
            elif before.indicators != after.indicators:
                kept = {indicator.id for indicator in after.indicators}
                had = {indicator.id for indicator in before.indicators}
                for indicator in before.indicators:
                    if indicator.id not in kept:
                        old_pool.setdefault(indicator.id, (before, indicator))
                for indicator in after.indicators:
                    if indicator.id not in had:
                        new_pool.setdefault(indicator.id, (after, indicator))
        for competency in removed:
            for indicator in competency.indicators:
                old_pool.setdefault(indicator.id, (competency, indicator))
        return old_pool, new_pool

    def indicators(
        self, before: Competency, after: Competency, old_pool: _Pool, new_pool: _Pool
    ) -> None:
        at = f"competencies/{after.id}"
        had = {indicator.id: indicator for indicator in reversed(before.indicators)}
        for indicator in after.indicators:
            previous = had.get(indicator.id)
            if previous is not None:
                self.indicator(before, previous, after, indicator)
                continue
            found = old_pool.get(indicator.id)
            if found is None:
                self.add("indicator-added", f"{at}/indicators/{indicator.id}", None, indicator.id)
            else:
                self.indicator(found[0], found[1], after, indicator)
        kept = {indicator.id for indicator in after.indicators}
        for indicator in before.indicators:
            if indicator.id not in kept and indicator.id not in new_pool:
                self.add(
                    "indicator-removed", f"{at}/indicators/{indicator.id}", indicator.id, None
                )
        old_order = list(dict.fromkeys(i.id for i in before.indicators if i.id in kept))
        new_order = list(dict.fromkeys(i.id for i in after.indicators if i.id in had))
        if old_order != new_order:
            self.add("indicator-reordered", at, old_order, new_order)

    def indicator(
        self, old_owner: Competency, old: Indicator, new_owner: Competency, new: Indicator
    ) -> None:
        if old == new and old_owner.id == new_owner.id:
            return
        at = f"competencies/{new_owner.id}/indicators/{new.id}"
        if old_owner.id != new_owner.id:
            self.add("indicator-moved", at, old_owner.id, new_owner.id)
        if old.text != new.text:
            self.add("indicator-reworded", at, old.text, new.text)
        if old.reverse != new.reverse:
            self.add("indicator-rekeyed", at, old.reverse, new.reverse)
        old_scale = old.scale or old_owner.scale or self.old.default_scale
        new_scale = new.scale or new_owner.scale or self.new.default_scale
        inherited = old.scale is None and new.scale is None and old_owner.id == new_owner.id
        if old_scale != new_scale and not inherited:
            self.add("indicator-rescaled", at, old_scale, new_scale)
        if old.extensions != new.extensions:
            self.add("indicator-extensions-changed", at, old.extensions, new.extensions)

    # --- sibling order ---------------------------------------------------------------------

    def reorderings(
        self,
        parents: set[str | None],
        stretches: list[tuple[int, int, int, int]],
        strays: list[tuple[int, int]],
    ) -> None:
        """Siblings that stayed under the same parent but changed their relative order.

        Only families with a member paired out of step can have changed order (pairs found in
        step keep their order), so only their members are gathered, with their old positions:
        a family is reordered when those positions do not grow in the new order.
        """
        olds, news = self.old.competencies, self.new.competencies
        out_of_step = dict(strays)
        families: dict[str | None, list[tuple[int, str]]] = {p: [] for p in parents}
        k, count = 0, len(stretches)
        for new_at, competency in enumerate(news):
            family = families.get(competency.parent)
            if family is None:
                continue
            while k < count and stretches[k][2] < new_at:
                k += 1
            if k < count and stretches[k][0] <= new_at:
                old_at: int | None = stretches[k][1] + new_at - stretches[k][0]
            else:
                old_at = out_of_step.get(new_at)
            if old_at is not None and olds[old_at].parent == competency.parent:
                family.append((old_at, competency.id))
        sequential = self.new.sequential
        for parent, members in families.items():
            if all(a[0] < b[0] for a, b in itertools.pairwise(members)):
                continue
            at = "competencies" if parent is None else f"competencies/{parent}"
            level: BumpLevel = "minor" if parent is None and sequential else "patch"
            self.changes.append(
                Change(
                    kind="competency-reordered", level=level, subject=at,
                    old=[key for _, key in sorted(members)], new=[key for _, key in members],
                )
            )


def _in_order(
    stretches: list[tuple[int, int, int, int]], strays: list[tuple[int, int]]
) -> bool:
    """True when, in new order, every pair's old position comes after the previous pair's."""
    spans = stretches + [(new_at, old_at, new_at, old_at) for new_at, old_at in strays]
    spans.sort()
    last = -1
    for _, first_old, _, last_old in spans:
        if first_old <= last:
            return False
        last = last_old
    return True


_Pool = dict[str, tuple[Competency, Indicator]]


def _plain(value: Any) -> Any:
    if value is None:
        return None

    return unstructure(value)


def _level(level: Level) -> dict[str, Any]:
    data: dict[str, Any] = {"value": level.value, "label": level.label}
    if level.description is not None:
        data["description"] = level.description
    return data
