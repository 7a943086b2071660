"""Build the score sheet of a checked assessment: rater scores, shown groups, figures and notes.

Only raters of shown groups (and self) contribute to anything on the sheet: group scores, the
all-others composite, coverage, "not observed" counts, reliability, agreement and comments.
"""

from __future__ import annotations

from collections.abc import Sequence

from attrs import frozen

from ._anonymity import ShownGroup, Visibility, decide, label
from ._describe import describe, describe_groups
from ._reliability import agreement, alpha
from ._rollup import Node, Plan, answers_by_rater, item_row, rater_scores
from ._version import __version__
from .model import Assessment, Framework
from .model._policy import OTHER_GROUPS, ScoringPolicy
from .model._results import (
    Comment,
    CompetencyScore,
    Flag,
    GroupScore,
    MissingScore,
    Note,
    OverallScore,
    Score,
    ScoreSheet,
    Statistic,
)
from .model._types import RaterGroup

#: Tolerance for comparing a self-minus-others difference with the blind-spot threshold.
_EPSILON = 1e-9


@frozen(kw_only=True)
class _Counts:
    """Answer counts behind a node's figures, over the raters shown there."""

    valid: int = 0
    expected: int = 0
    not_observed: int = 0

    def __add__(self, other: _Counts) -> _Counts:
        return _Counts(
            valid=self.valid + other.valid,
            expected=self.expected + other.expected,
            not_observed=self.not_observed + other.not_observed,
        )


@frozen(kw_only=True)
class _Figures:
    """What a node shows, before it becomes a CompetencyScore or the OverallScore."""

    self_score: Score | None
    all_others: Score | None
    groups: tuple[GroupScore, ...]
    missing: tuple[MissingScore, ...]
    counts: _Counts
    flag: Flag | None
    alpha: Statistic | None
    agreement: Statistic | None
    comments: tuple[Comment, ...]


class _Notes:
    """Data-quality notes, each said once, in the order first met."""

    def __init__(self) -> None:
        self._notes: dict[tuple[str, str], None] = {}

    def add(self, code: str, message: str) -> None:
        self._notes.setdefault((code, message), None)

    def all(self) -> tuple[Note, ...]:
        return tuple(Note(code=code, message=message) for code, message in self._notes)


class _Builder:
    """The state of scoring one assessment."""

    def __init__(self, assessment: Assessment, plan: Plan, policy: ScoringPolicy) -> None:
        self.plan = plan
        self.policy = policy
        self.answers = answers_by_rater(assessment)
        self.comments: dict[tuple[str, str], str] = {
            (r.rater, r.item): r.comment for r in assessment.ratings if r.comment is not None
        }
        self.scores: dict[str, tuple[float | None, ...]] = {
            rater: rater_scores(plan, answers, policy.min_coverage)
            for rater, answers in self.answers.items()
        }
        self.self_rater: str | None = None
        self.by_group: dict[RaterGroup, list[str]] = {group: [] for group in OTHER_GROUPS}
        for rater in assessment.raters:
            if rater.group == "self":
                self.self_rater = self.self_rater or rater.id
            else:
                self.by_group[rater.group].append(rater.id)
        self.notes = _Notes()
        self.counts: list[_Counts] = [_Counts()] * len(plan.nodes)
        self.coverage_pct = f"{self.policy.min_coverage * 100:g}%"

    def figures(self, index: int) -> _Figures:
        node = self.plan.nodes[index]
        scored: dict[RaterGroup, list[str]] = {
            group: [r for r in raters if self.scores[r][index] is not None]
            for group, raters in self.by_group.items()
        }
        visibility = decide(self.policy, scored)
        self._note_visibility(visibility)
        self_score, missing = self._self(index, node)
        groups = tuple(
            GroupScore(group=shown.name, score=self._describe(shown.raters, index, node))
            for shown in visibility.shown
        )
        all_others, pooled = self._all_others(index, node, visibility)
        if all_others is None and pooled:
            missing.append(
                MissingScore(
                    group="all_others",
                    reason="withheld",
                    message=f"all-others composite withheld: fewer than "
                    f"{self.policy.all_others_threshold} raters shown",
                )
            )
            self.notes.add(
                "withheld",
                f"the all-others composite is withheld where fewer than "
                f"{self.policy.all_others_threshold} raters are shown",
            )
        elif all_others is None and visibility.missing:
            missing.append(
                MissingScore(
                    group="all_others",
                    reason="withheld",
                    message="all-others composite withheld: no rater group is shown",
                )
            )
        counted = [rater for shown in visibility.shown for rater in self._members(shown)]
        if self.self_rater is not None:
            counted.append(self.self_rater)
        self._note_unscored(visibility)
        counts = self._own_counts(node, counted)
        for child, _ in node.children:
            counts = counts + self.counts[child]
        self.counts[index] = counts
        rows = (
            self._rows(node, pooled)
            if all_others is not None and self.policy.reliability
            else []
        )
        return _Figures(
            self_score=self_score,
            all_others=all_others,
            groups=groups,
            missing=(*missing, *visibility.missing),
            counts=counts,
            flag=self._flag(self_score, all_others, node),
            alpha=alpha(rows, self.policy.confidence),
            agreement=agreement(rows, node.low, node.high, node.levels),
            comments=self._comments(node, visibility) if node.id is not None else (),
        )

    def _describe(self, raters: Sequence[str], index: int, node: Node) -> Score:
        values = [self._score(r, index) for r in raters]
        return describe(values, node.low, node.high, self.policy.confidence)

    def _score(self, rater: str, index: int) -> float:
        value = self.scores[rater][index]
        if value is None:  # only scored raters are ever described
            raise AssertionError(f"rater {rater!r} has no score at node {index}")
        return value

    def _self(self, index: int, node: Node) -> tuple[Score | None, list[MissingScore]]:
        if self.self_rater is None:
            return None, []
        value = self.scores[self.self_rater][index]
        if value is None:
            what = "its parts (by weight)" if node.children else "its items"
            message = f"self score missing: fewer than {self.coverage_pct} of {what} answered"
            self.notes.add(
                "low-coverage",
                f"self scores are missing where fewer than {self.coverage_pct} of the items "
                "were answered",
            )
            return None, [MissingScore(group="self", reason="low-coverage", message=message)]
        return Score(n=1, mean=value, min=value, max=value), []

    def _all_others(
        self, index: int, node: Node, visibility: Visibility
    ) -> tuple[Score | None, tuple[str, ...]]:
        """The all-others composite of the shown groups, and the raters it pools."""
        pooled = tuple(r for shown in visibility.shown for r in shown.raters)
        if len(pooled) < self.policy.all_others_threshold:
            return None, pooled
        if self.policy.pooling == "rater":
            return self._describe(pooled, index, node), pooled
        weighted = [
            (self._weight(shown), [self._score(r, index) for r in shown.raters])
            for shown in visibility.shown
        ]
        return (
            describe_groups(weighted, node.low, node.high, self.policy.confidence),
            pooled,
        )

    def _weight(self, shown: ShownGroup) -> float:
        if shown.name == self.policy.merge.into:
            return self.policy.merge.weight
        return self.policy.group_weights.of(shown.members[0])

    def _members(self, shown: ShownGroup) -> list[str]:
        return [r for group in shown.members for r in self.by_group[group]]

    def _own_counts(self, node: Node, raters: Sequence[str]) -> _Counts:
        valid = expected = not_observed = 0
        answerable = [item.id for item in node.indicators]
        if node.direct is not None:
            answerable.append(node.direct.id)
        for rater in raters:
            answers = self.answers[rater]
            items = node.own_items(answers)
            expected += len(items)
            valid += sum(1 for item in items if answers.get(item.id) is not None)
            not_observed += sum(1 for i in answerable if i in answers and answers[i] is None)
        return _Counts(valid=valid, expected=expected, not_observed=not_observed)

    def _flag(self, self_score: Score | None, others: Score | None, node: Node) -> Flag | None:
        if self_score is None or others is None:
            return None
        rule = self.policy.blind_spot
        threshold = rule.threshold
        if rule.unit == "range_fraction":
            threshold *= node.high - node.low
        difference = self_score.mean - others.mean
        if difference >= threshold - _EPSILON:
            return "blind_spot"
        if difference <= -threshold + _EPSILON:
            return "hidden_strength"
        return None

    def _rows(self, node: Node, raters: Sequence[str]) -> list[list[float | None]]:
        if len(node.indicators) < 2:
            return []
        rows = [item_row(node, self.answers[r]) for r in raters]
        # a canonical order, so that the statistics do not depend on the raters' order
        return sorted(rows, key=lambda row: [(v is None, v or 0.0) for v in row])

    def _comments(self, node: Node, visibility: Visibility) -> tuple[Comment, ...]:
        items = [item.id for item in node.indicators]
        if node.direct is not None:
            items.append(node.direct.id)
        found: list[Comment] = []
        if self.self_rater is not None:
            found.extend(
                Comment(group="self", text=text)
                for text in self._texts([self.self_rater], items)
            )
        for shown in visibility.shown:
            texts = self._texts(shown.raters, items)
            if not texts:
                continue
            if len(shown.raters) < shown.comment_threshold:
                self.notes.add(
                    "comments-withheld",
                    f"{label(shown.name)} comments are withheld where fewer than "
                    f"{shown.comment_threshold} raters answered enough items",
                )
                continue
            found.extend(Comment(group=shown.name, text=text) for text in texts)
        return tuple(found)

    def _texts(self, raters: Sequence[str], items: Sequence[str]) -> list[str]:
        return sorted(
            self.comments[(r, i)] for r in raters for i in items if (r, i) in self.comments
        )

    def _note_visibility(self, visibility: Visibility) -> None:
        for missing in visibility.missing:
            if missing.reason == "merged":
                merge = self.policy.merge
                names = ", ".join(label(g) for g in merge.groups)
                self.notes.add(
                    "merged",
                    f"{names} ratings are shown together as {merge.into!r} where a group had "
                    "fewer raters than its threshold",
                )
            else:
                threshold = (
                    self.policy.merge.threshold
                    if missing.group == self.policy.merge.into
                    else self.policy.thresholds.of(missing.group)
                )
                self.notes.add(
                    "withheld",
                    f"{label(missing.group)} ratings are withheld where fewer than {threshold} "
                    "raters answered enough items",
                )

    def _note_unscored(self, visibility: Visibility) -> None:
        for shown in visibility.shown:
            if len(shown.raters) < len(self._members(shown)):
                self.notes.add(
                    "low-coverage",
                    f"raters who answered fewer than {self.coverage_pct} of a competency's "
                    "items are left out of its scores",
                )
                return


def build_sheet(
    assessment: Assessment, framework: Framework, plan: Plan, policy: ScoringPolicy
) -> ScoreSheet:
    """The score sheet of an assessment already checked against the framework and policy."""
    builder = _Builder(assessment, plan, policy)
    figures: list[_Figures | None] = [None] * len(plan.nodes)
    for index in plan.bottom_up:
        figures[index] = builder.figures(index)
    if builder.self_rater is None:
        builder.notes.add(
            "no-self",
            "there is no self rating, so no blind spots or hidden strengths can be shown",
        )
    competencies = []
    for index, node in enumerate(plan.nodes[:-1]):
        shown = figures[index]
        assert shown is not None
        assert node.id is not None
        competencies.append(
            CompetencyScore(
                competency=node.id,
                scale=node.scale,
                self_=shown.self_score,
                all_others=shown.all_others,
                groups=shown.groups,
                missing=shown.missing,
                coverage=_coverage(shown.counts),
                not_observed=shown.counts.not_observed,
                flag=shown.flag,
                alpha=shown.alpha,
                agreement=shown.agreement,
                comments=shown.comments,
            )
        )
    top = figures[plan.overall]
    overall_node = plan.nodes[plan.overall]
    assert top is not None
    overall = OverallScore(
        scale=overall_node.scale,
        self_=top.self_score,
        all_others=top.all_others,
        groups=top.groups,
        missing=top.missing,
        coverage=_coverage(top.counts),
        not_observed=top.counts.not_observed,
        flag=top.flag,
    )
    return ScoreSheet(
        subject=assessment.subject,
        assessment=assessment.id,
        framework=framework.ref,
        date=assessment.date,
        policy=policy,
        overall=overall,
        competencies=tuple(competencies),
        notes=builder.notes.all(),
        leadcomp_version=__version__,
    )


def _coverage(counts: _Counts) -> float | None:
    return counts.valid / counts.expected if counts.expected else None
