"""A plain reference scorer: the scoring rules as the documentation states them, read top down.

``reference_score`` gives the same ScoreSheet as ``leadcomp.score``, byte for byte once
written (``tests/test_reference_scorer.py`` holds them equal), but it is written to be read,
not to be fast: no memos, no packed sums, no plans prepared in advance, one small function per
rule (README "Scoring 360s", docs/privacy.md, docs/psychometrics.md "Pooling per group",
docs/gaps.md on flags). It scores one assessment from its model alone, and shares nothing
with the kernel (``_sheet``, ``_rollup``, ``_moments``, ``_batch``, ``_stream``).

What it does share, so that a rule or a formula is stated once:

- the models (``Framework``, ``Assessment``, ``ScoringPolicy``, ``ScoreSheet`` and its parts)
  and ``OTHER_GROUPS``, the order results list rater groups in;
- the assessment's domain rules (``assessment_problems``), to refuse what cannot be scored;
- the wording of groups and of withheld or merged groups (``_anonymity``: ``label``,
  ``withheld_message``, ``merged_message``, ``withheld_note``) and the order of open
  questions (``question_order``); the decisions themselves are made here;
- the Student t quantile (``_distributions.t_ppf``), and, from ``leadcomp.stats``, Cronbach's
  alpha of rows with pairwise deletion (``alpha_of_rows``), column variances
  (``item_variances``) and rwg(j) from them (``rwg_j_value``).

The order of some figures' arithmetic (where a value is clamped, when a scale is mapped) is
part of the result to the last bit: comments say where it matters.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from attrs import frozen

import leadcomp.stats as stats
from leadcomp import __version__
from leadcomp.builtin._policies import DEFAULT_POLICY
from leadcomp.model import Assessment, Competency, Framework, Scale
from leadcomp.model._policy import ScoringPolicy
from leadcomp.model._results import (
    Comment,
    CompetencyScore,
    GroupScore,
    MissingScore,
    Note,
    OpenComments,
    OverallScore,
    Score,
    ScoreSheet,
    Statistic,
)
from leadcomp.model._types import OTHER_GROUPS
from leadcomp.problems import InvalidDocument
from leadcomp.scoring._anonymity import (
    label,
    merged_message,
    question_order,
    withheld_message,
    withheld_note,
)
from leadcomp.stats._distributions import t_ppf
from leadcomp.validation._rules import assessment_problems

#: Shares are compared with the minimum coverage with this tolerance.
COVERAGE_TOLERANCE = 1e-12
#: Self minus all others is compared with the blind-spot threshold with this tolerance.
FLAG_TOLERANCE = 1e-9
#: How many parents a mixed-scales note names before it counts the rest.
SCALES_NOTE_PARENTS = 10
#: The fewest raters alpha is estimated for, and rwg(j) (raters with every item answered).
ALPHA_RATERS = 3
AGREEMENT_RATERS = 2

#: What ``Answers.get`` gives for an item a rater did not answer at all.
UNANSWERED = "unanswered"
#: A rater's answers: (rater id, item id) -> a value, or None for "not observed".
Answers = Mapping[tuple[str, str], int | None]


# ---- the tree: competencies in document order, then the overall figure -----------------------


@frozen(kw_only=True)
class Node:
    """A competency, or the overall figure (``competency`` None), with its scale and children."""

    competency: Competency | None
    scale: Scale
    children: tuple[Competency, ...]

    @property
    def id(self) -> str | None:
        return None if self.competency is None else self.competency.id

    @property
    def low(self) -> float:
        return float(self.scale.minimum)

    @property
    def high(self) -> float:
        return float(self.scale.maximum)


def scale_of(framework: Framework, competency: Competency) -> Scale:
    """The scale a competency is rated on: its own, else the framework's default."""
    scale = framework.scale_of(competency)
    if scale is None:
        raise ValueError(f"competency {competency.id!r} has no scale")
    return scale


def overall_scale(framework: Framework) -> Scale:
    """The scale of the overall figure: the framework's default, else its first top-level
    competency's, else its first scale."""
    if framework.default_scale is not None:
        scale = framework.scale(framework.default_scale)
        if scale is not None:
            return scale
    roots = framework.roots()
    return scale_of(framework, roots[0]) if roots else framework.scales[0]


def nodes_of(framework: Framework) -> list[Node]:
    """Every competency reachable from the top, depth first (the sheet's order), then the
    overall figure, whose children are the top-level competencies."""
    nodes = [
        Node(
            competency=competency,
            scale=scale_of(framework, competency),
            children=framework.children(competency.id),
        )
        for _, competency in framework.walk()
    ]
    nodes.append(Node(competency=None, scale=overall_scale(framework), children=framework.roots()))
    return nodes


# ---- one rater's score on one competency's own items ----------------------------------------


def linear_map(
    value: float, low: float, high: float, target_low: float, target_high: float
) -> float:
    """An item's value on its own scale mapped linearly onto its competency's scale."""
    if low == target_low and high == target_high:
        return value
    span = (target_high - target_low) / (high - low)
    return target_low + (value - low) * span


def indicator_value(raw: int, item_scale: Scale, reverse: bool, scale: Scale) -> float:
    """The value of an answer on an indicator: reflected on its scale when reverse-keyed
    (lowest for highest), then mapped onto the competency's scale."""
    low, high = float(item_scale.minimum), float(item_scale.maximum)
    value = float(low + high - raw if reverse else raw)
    return linear_map(value, low, high, float(scale.minimum), float(scale.maximum))


@frozen(kw_only=True)
class Own:
    """A rater's answers on a competency's own items (its indicators, then itself): the
    score (None where too few were valid), the counts, and the indicators' values."""

    score: float | None
    expected: int
    valid: int
    not_observed: int
    #: Each indicator's value on the competency's scale, None where not validly answered.
    row: tuple[float | None, ...]


#: The part of a rater where there is nothing to answer (the overall figure).
NOTHING = Own(score=None, expected=0, valid=0, not_observed=0, row=())


def clamp(value: float, low: float, high: float) -> float:
    """The value kept within [low, high] (undoes rounding just past either end)."""
    return low if value < low else high if value > high else value


def covered(valid: float, expected: float, min_coverage: float) -> bool:
    """The coverage rule: a valid share (of items, or of parts by weight) at least the
    policy's minimum."""
    return valid / expected >= min_coverage - COVERAGE_TOLERANCE


def own_part(
    framework: Framework, node: Node, rater: str, answers: Answers, min_coverage: float
) -> Own:
    """A rater's score on a competency's own items: the mean of their valid answers (the
    indicators', and the competency's own rating where they gave one), when they answered
    validly at least the minimum share of what is expected of them. "Not observed" leaves
    numerator and denominator; a direct rating is expected only of a competency with neither
    indicators nor children."""
    competency = node.competency
    if competency is None:
        return NOTHING
    values: list[float] = []
    row: list[float | None] = []
    not_observed = 0
    for indicator in competency.indicators:
        answer = answers.get((rater, indicator.id), UNANSWERED)
        if isinstance(answer, int):
            item_scale = framework.scale(indicator.scale) if indicator.scale else None
            value = indicator_value(answer, item_scale or node.scale, indicator.reverse, node.scale)
            values.append(value)
            row.append(value)
        else:
            not_observed += answer is None
            row.append(None)
    expected = len(competency.indicators)
    direct = answers.get((rater, competency.id), UNANSWERED)
    if isinstance(direct, int):
        values.append(float(direct))
        expected += 1
    else:
        not_observed += direct is None
        if not competency.indicators and not node.children:
            expected += 1
    score: float | None = None
    if values and covered(len(values), expected, min_coverage):
        score = clamp(math.fsum(values) / len(values), node.low, node.high)
    return Own(
        score=score, expected=expected, valid=len(values), not_observed=not_observed,
        row=tuple(row),
    )


# ---- up the tree: parents and the overall figure ---------------------------------------------


def child_value(value: float, child: Node, parent: Node) -> float:
    """A child's score mapped linearly onto its parent's scale (lowest to lowest, highest to
    highest)."""
    if child.low == parent.low and child.high == parent.high:
        return value
    # (in this order of operations, to the last bit)
    return parent.low + (value - child.low) * (parent.high - parent.low) / (child.high - child.low)


def weighted_score(
    parts: Sequence[tuple[float, float | None]], min_coverage: float, low: float, high: float
) -> float | None:
    """The weighted mean of the parts scored, from (weight, score) pairs; None where the
    scored parts' share of the weight is under the minimum coverage."""
    present = [(weight, value) for weight, value in parts if value is not None]
    if not present:
        return None
    weight = math.fsum(w for w, _ in present)
    if not covered(weight, math.fsum(w for w, _ in parts), min_coverage):
        return None
    return clamp(math.fsum(w * v for w, v in present) / weight, low, high)


def rolled_score(
    node: Node,
    own: Own,
    children: Sequence[tuple[Node, float | None]],
    min_coverage: float,
) -> float | None:
    """A rater's score at a competency with children (or overall): the weighted mean of their
    child scores (None where they have none, or where their group is not shown there) and of
    their score on the competency's own items as one more part of weight 1, where it has any.
    """
    parts: list[tuple[float, float | None]] = []
    if own.expected:
        parts.append((1.0, own.score))
    for child, value in children:
        weight = child.competency.weight if child.competency is not None else 1.0
        parts.append((weight, None if value is None else child_value(value, child, node)))
    return weighted_score(parts, min_coverage, node.low, node.high)


# ---- anonymity: which groups a competency shows --------------------------------------------


@frozen(kw_only=True)
class Shown:
    """A group shown at a competency (or a merged group): its name, the rater groups it holds,
    its comment threshold and its weight when all others are pooled per group."""

    name: str
    members: tuple[str, ...]
    comment_threshold: int
    weight: float


@frozen(kw_only=True)
class Visibility:
    """The groups shown at a competency; the entries and notes on those that are not; and the
    groups of threshold 1 with raters but nobody scored (missing for low coverage)."""

    shown: tuple[Shown, ...]
    missing: tuple[MissingScore, ...]
    notes: tuple[Note, ...]
    unscored: tuple[str, ...]


def under_threshold(policy: ScoringPolicy, group: str, raters: int, scored: int) -> bool:
    """A group with raters is under its threshold where fewer than that many were scored,
    none included; only a group of threshold 1 with nobody scored is not (nothing of it could
    be backed out by subtraction)."""
    threshold = policy.thresholds.of(group)
    return raters > 0 and scored < threshold and (scored > 0 or threshold > 1)


def merged_note(policy: ScoringPolicy) -> Note:
    merge = policy.merge
    return Note(
        code="merged",
        message=f"{', '.join(label(g) for g in merge.groups)} ratings are shown together as "
        f"{merge.into!r} where a group had fewer raters than its threshold",
    )


def visibility(
    policy: ScoringPolicy, raters: Mapping[str, int], scored: Mapping[str, int]
) -> Visibility:
    """Which groups a competency shows, from each group's number of raters and of raters
    scored there.

    Suppress: a group under its threshold is withheld. Merge: where any of the merge rule's
    groups is under its threshold, every one of them with raters is shown only within the
    merged group, which is itself withheld under the merge threshold.
    """
    small = {g for g in OTHER_GROUPS if under_threshold(policy, g, raters[g], scored[g])}
    merge = policy.merge
    merging = policy.small_groups == "merge" and any(g in small for g in merge.groups)
    members = tuple(g for g in OTHER_GROUPS if merging and g in merge.groups and raters[g])
    shown: list[Shown] = []
    missing: list[MissingScore] = []
    notes: list[Note] = []
    unscored: list[str] = []
    for group in OTHER_GROUPS:
        threshold = policy.thresholds.of(group)
        if not raters[group]:
            continue
        if group in members:
            missing.append(
                MissingScore(
                    group=group, reason="merged", message=merged_message(group, merge.into)
                )
            )
            notes.append(merged_note(policy))
        elif group in small:
            missing.append(withheld(group, threshold))
            notes.append(withheld_group_note(group, threshold))
        elif not scored[group]:
            unscored.append(group)
        else:
            shown.append(
                Shown(
                    name=group,
                    members=(group,),
                    comment_threshold=policy.comment_threshold(group),
                    weight=policy.group_weights.of(group),
                )
            )
    if members:
        if sum(scored[g] for g in members) >= merge.threshold:
            shown.append(
                Shown(
                    name=merge.into,
                    members=members,
                    comment_threshold=policy.merge_comment_threshold,
                    weight=merge.weight,
                )
            )
        else:
            missing.append(withheld(merge.into, merge.threshold))
            notes.append(withheld_group_note(merge.into, merge.threshold))
    return Visibility(
        shown=tuple(shown), missing=tuple(missing), notes=tuple(notes), unscored=tuple(unscored)
    )


def withheld_group_note(group: str, threshold: int) -> Note:
    code, message = withheld_note(group, threshold)
    return Note(code=code, message=message)


def withheld(group: str, threshold: int) -> MissingScore:
    return MissingScore(
        group=group, reason="withheld", message=withheld_message(group, threshold)
    )


# ---- descriptions of scores ---------------------------------------------------------------


def t_interval(
    centre: float, se: float, df: float, low: float, high: float, confidence: float
) -> tuple[float, float]:
    """The t confidence interval of a mean, truncated to the scale's range."""
    if se == 0.0:
        return centre, centre
    half = t_ppf(0.5 + confidence / 2.0, df) * se
    return clamp(centre - half, low, high), clamp(centre + half, low, high)


def sample_sd(values: Sequence[float], centre: float) -> float:
    """The sample standard deviation (n - 1) of values around a centre."""
    return math.sqrt(math.fsum([(v - centre) ** 2 for v in values]) / (len(values) - 1))


def describe(values: Sequence[float], low: float, high: float, confidence: float) -> Score:
    """n, mean, SD, SE, the t interval, min and max of the raters' scores (of one rater: the
    score alone)."""
    n = len(values)
    smallest, largest = min(values), max(values)
    if n == 1:
        return Score(n=1, mean=values[0], min=smallest, max=largest)
    centre = clamp(math.fsum(values) / n, smallest, largest)
    sd = sample_sd(values, centre)
    se = sd / math.sqrt(n)
    ci = t_interval(centre, se, n - 1, low, high, confidence)
    return Score(n=n, mean=centre, sd=sd, se=se, ci=ci, min=smallest, max=largest)


def describe_groups(
    groups: Sequence[tuple[float, Sequence[float]]], low: float, high: float, confidence: float
) -> Score:
    """All others pooled per group (docs/psychometrics.md "Pooling per group"), from (weight,
    scores) of each shown group: the weighted mean of the group means; n, min and max of all
    raters; the SD of all raters around that mean; the stratified SE with Welch-Satterthwaite
    degrees of freedom, or, where a group has one rater, SD times sqrt(sum((w/W)^2 / n_g))
    with n - 1 degrees of freedom."""
    everyone = [v for _, values in groups for v in values]
    n = len(everyone)
    smallest, largest = min(everyone), max(everyone)
    means = [(w, math.fsum(values) / len(values)) for w, values in groups]
    total = math.fsum(w for w, _ in groups)
    centre = clamp(math.fsum(w * m for w, m in means) / total, smallest, largest)
    if n == 1:
        return Score(n=1, mean=centre, min=smallest, max=largest)
    sd = sample_sd(everyone, centre)
    if any(len(values) == 1 for _, values in groups):
        se = sd * math.sqrt(math.fsum((w / total) ** 2 / len(values) for w, values in groups))
        ci = t_interval(centre, se, n - 1, low, high, confidence)
    else:
        terms = [
            ((w / total) ** 2 * sample_sd(values, mean) ** 2 / len(values), len(values))
            for (w, values), (_, mean) in zip(groups, means, strict=True)
        ]
        variance = math.fsum(term for term, _ in terms)
        se = math.sqrt(variance)
        if variance > 0.0:
            df = variance**2 / math.fsum(term**2 / (size - 1) for term, size in terms)
            ci = t_interval(centre, se, df, low, high, confidence)
        else:
            ci = (centre, centre)
    return Score(n=n, mean=centre, sd=sd, se=se, ci=ci, min=smallest, max=largest)


def flag(policy: ScoringPolicy, node: Node, own: Score, others: Score) -> str | None:
    """Blind spot: self above all others by the threshold and above their interval; hidden
    strength: below by the threshold and below it. No interval, no flag (docs/gaps.md)."""
    rule = policy.blind_spot
    threshold = rule.threshold * (node.high - node.low) if rule.unit == "range_fraction" else (
        rule.threshold
    )
    if others.ci is None:
        return None
    difference = own.mean - others.mean
    if difference >= threshold - FLAG_TOLERANCE and own.mean > others.ci[1] + FLAG_TOLERANCE:
        return "blind_spot"
    if difference <= -threshold + FLAG_TOLERANCE and own.mean < others.ci[0] - FLAG_TOLERANCE:
        return "hidden_strength"
    return None


# ---- reliability and agreement of a competency's items ------------------------------------


def statistic(value: float, ci: tuple[float, float] | None = None) -> Statistic | None:
    """A figure as shown: none where it is not finite, its interval where both ends are."""
    if not math.isfinite(value):
        return None
    if ci is not None and not (math.isfinite(ci[0]) and math.isfinite(ci[1])):
        ci = None
    return Statistic(value=value, ci=ci)


def rater_alpha(rows: Sequence[Sequence[float | None]], confidence: float) -> Statistic | None:
    """Cronbach's alpha of the indicators over three or more raters (pairwise deletion), with
    its Feldt interval; None where it cannot be estimated."""
    if len(rows) < ALPHA_RATERS:
        return None
    try:
        found = stats.alpha_of_rows(rows, confidence)
    except (ValueError, ZeroDivisionError):
        return None
    return statistic(found.value, found.ci)


def agreement(rows: Sequence[Sequence[float | None]], node: Node) -> Statistic | None:
    """rwg(j) of the raters who answered every indicator (two or more) against a uniform
    null over the scale's options; the item variances are taken on the 1..levels options
    (divided by the square of one step of the scale)."""
    complete = [row for row in rows if None not in row]
    levels = len(node.scale.levels)
    if len(complete) < AGREEMENT_RATERS or levels < 2:
        return None
    step = (node.high - node.low) / (levels - 1)
    variances = stats.item_variances(complete)  # type: ignore[arg-type]
    try:
        value = stats.rwg_j_value([v / (step * step) for v in variances], levels)
    except (ValueError, ZeroDivisionError):
        return None
    return statistic(value)


# ---- comments ------------------------------------------------------------------------------


def item_comments(
    node: Node,
    assessment: Assessment,
    self_id: str | None,
    shown: Sequence[tuple[Shown, list[str]]],
    notes: dict[Note, None],
) -> tuple[Comment, ...]:
    """The comments on a competency's own items that the sheet shows: self's, then each
    shown group's (of its raters scored there) where it has at least its comment threshold
    of raters scored, each group's sorted by text."""
    competency = node.competency
    assert competency is not None
    items = {*(i.id for i in competency.indicators), competency.id}
    said = [
        (r.rater, r.comment)
        for r in assessment.ratings
        if r.item in items and r.comment is not None
    ]
    kept = [Comment(group="self", text=text) for text in sorted(t for r, t in said if r == self_id)]
    for group, raters in shown:
        texts = sorted(t for r, t in said if r in raters)
        if not texts:
            continue
        if len(raters) < group.comment_threshold:
            notes.setdefault(
                Note(
                    code="comments-withheld",
                    message=f"{label(group.name)} comments are withheld where fewer than "
                    f"{group.comment_threshold} raters answered enough items",
                )
            )
            continue
        kept.extend(Comment(group=group.name, text=text) for text in texts)
    return tuple(kept)


def open_comment_groups(
    policy: ScoringPolicy, raters: Mapping[str, int]
) -> tuple[list[tuple[str, tuple[str, ...]]], list[tuple[str, int]]]:
    """Which groups' answers to open questions are shown (name, rater groups), and which are
    withheld (name, raters needed), from the number of raters each group has in the
    assessment: a group needs its comment threshold and its threshold both."""
    needs = {g: max(policy.thresholds.of(g), policy.comment_threshold(g)) for g in OTHER_GROUPS}
    small = {g for g in OTHER_GROUPS if 0 < raters[g] < needs[g]}
    merge = policy.merge
    merging = policy.small_groups == "merge" and any(g in small for g in merge.groups)
    members = tuple(g for g in OTHER_GROUPS if merging and g in merge.groups and raters[g])
    shown: list[tuple[str, tuple[str, ...]]] = []
    hidden: list[tuple[str, int]] = []
    for group in OTHER_GROUPS:
        if not raters[group] or group in members:
            continue
        if group in small:
            hidden.append((group, needs[group]))
        else:
            shown.append((group, (group,)))
    if members:
        merged_needs = max(merge.threshold, policy.merge_comment_threshold)
        if sum(raters[g] for g in members) >= merged_needs:
            shown.append((merge.into, members))
        else:
            hidden.append((merge.into, merged_needs))
    return shown, hidden


def open_comments(
    assessment: Assessment, policy: ScoringPolicy, raters: Mapping[str, int],
    notes: dict[Note, None],
) -> tuple[OpenComments, ...]:
    """The answers to open questions shown, by question: self's, then each shown group's in
    the order of the groups, each group's sorted by text; a note on each withheld group where
    any answer is shown."""
    shown, hidden = open_comment_groups(policy, raters)
    group_of = {r.id: r.group for r in assessment.raters}
    found: dict[str, list[tuple[int, str, str]]] = {}
    for comment in assessment.comments:
        group = group_of[comment.rater]
        if group == "self":
            found.setdefault(comment.question, []).append((-1, "self", comment.text))
        for order, (name, members) in enumerate(shown):
            if group in members:
                found.setdefault(comment.question, []).append((order, name, comment.text))
    if not found:
        return ()
    for name, needs in hidden:
        notes.setdefault(
            Note(
                code="open-comments-withheld",
                message=f"{label(name)} answers to open questions are withheld: the assessment "
                f"has fewer than {needs} {label(name)} raters",
            )
        )
    return tuple(
        OpenComments(
            question=question,
            comments=tuple(
                Comment(group=name, text=text) for _, name, text in sorted(found[question])
            ),
        )
        for question in sorted(found, key=question_order)
    )


# ---- notes that depend on the framework and policy alone -----------------------------------


def coverage_words(policy: ScoringPolicy) -> str:
    return f"{policy.min_coverage * 100:g}%"


def coverage_note(policy: ScoringPolicy) -> Note:
    return Note(
        code="low-coverage",
        message=f"raters who answered fewer than {coverage_words(policy)} of a competency's "
        "items are left out of its scores",
    )


def mixed_scales_note(nodes: Sequence[Node]) -> Note | None:
    """The note on parents (and the overall figure) that map children rated on scales of
    other ranges onto their own: the framework alone decides it, never a rating."""

    def named(node: Node) -> str:
        what = "the overall score" if node.id is None else repr(node.id)
        return f"{what} (scale {node.scale.id!r}, {node.low:g} to {node.high:g})"

    by_id = {node.id: node for node in nodes}
    parents: list[str] = []
    for node in nodes:
        mixed = [
            by_id[c.id] for c in node.children
            if (by_id[c.id].low, by_id[c.id].high) != (node.low, node.high)
        ]
        if mixed:
            parents.append(f"{named(node)} from {', '.join(map(named, mixed))}")
    if not parents:
        return None
    listed = "; ".join(parents[:SCALES_NOTE_PARENTS])
    more = len(parents) - SCALES_NOTE_PARENTS
    if more > 0:
        listed += f"; and {more} more parent{'s' if more != 1 else ''}"
    return Note(
        code="mixed-scales",
        message="some scores combine competencies rated on scales of different ranges: each "
        "child's score is mapped linearly onto its parent's range (lowest to lowest, highest "
        "to highest) before the weighted mean, so 3 of 1 to 5 counts as 2.5 of 1 to 4: "
        + listed,
    )


# ---- one competency's entry ----------------------------------------------------------------


@frozen(kw_only=True)
class Entry:
    """What a node's figures need to be written: its entry's fields, and what its parent
    reads: each rater's score as far as it may reach the parent, and the answer counts."""

    scores: dict[str, float | None]
    reaching: dict[str, float | None]
    counts: tuple[int, int, int]
    fields: dict[str, object]


class Scoring:
    """One assessment being scored: the raters, the answers, and the notes so far."""

    def __init__(
        self, assessment: Assessment, framework: Framework, policy: ScoringPolicy
    ) -> None:
        self.assessment = assessment
        self.framework = framework
        self.policy = policy
        self.answers: dict[tuple[str, str], int | None] = {
            (r.rater, r.item): r.value for r in assessment.ratings
        }
        self.self_id = next((r.id for r in assessment.raters if r.group == "self"), None)
        self.by_group: dict[str, list[str]] = {
            g: [r.id for r in assessment.raters if r.group == g] for g in OTHER_GROUPS
        }
        self.raters: dict[str, int] = {g: len(ids) for g, ids in self.by_group.items()}
        self.notes: dict[Note, None] = {}
        self.nodes = nodes_of(framework)
        self.by_id = {node.id: node for node in self.nodes}
        self.done: dict[str | None, Entry] = {}

    def note(self, note: Note) -> None:
        self.notes.setdefault(note)

    def everyone(self) -> list[str]:
        return [r.id for r in self.assessment.raters]

    def entry(self, node: Node) -> Entry:
        """A node's entry; its children's are done."""
        policy = self.policy
        owns = {
            rater: own_part(self.framework, node, rater, self.answers, policy.min_coverage)
            for rater in self.everyone()
        }
        scores = self.rater_scores(node, owns)
        scored = {g: [r for r in ids if scores[r] is not None] for g, ids in self.by_group.items()}
        seen = visibility(policy, self.raters, {g: len(ids) for g, ids in scored.items()})
        for note in seen.notes:
            self.note(note)
        dropped = [self.dropped(group, node) for group in seen.unscored]
        missing: list[MissingScore] = []
        own_score = self.self_score(node, scores, missing)
        shown = [(group, [r for g in group.members for r in scored[g]]) for group in seen.shown]
        others = self.all_others(node, shown, scores, seen, missing)
        listed = {g for group in seen.shown for g in group.members}
        counted = [r for group in seen.shown for g in group.members for r in self.by_group[g]]
        if any(scores[r] is None for r in counted):
            self.note(coverage_note(policy))
        if self.self_id is not None:
            counted.append(self.self_id)
        counts = self.counts(node, [owns[r] for r in counted])
        fields: dict[str, object] = {"scale": node.scale.id}
        if own_score is not None:
            fields["self_"] = own_score
        if others is not None:
            fields["all_others"] = others
        fields["groups"] = tuple(
            GroupScore(group=group.name, score=self.describe(node, [scores[r] for r in raters]))
            for group, raters in shown
        )
        fields["missing"] = (*missing, *seen.missing, *dropped)
        expected, valid, not_observed = counts
        if expected:
            fields["coverage"] = valid / expected
        fields["not_observed"] = not_observed
        if own_score is not None and others is not None:
            fields["flag"] = flag(policy, node, own_score, others)
        if node.competency is not None:
            fields.update(self.item_figures(node, owns, shown, others))
        reaching = {
            rater: score if rater == self.self_id or self.group_of(rater) in listed else None
            for rater, score in scores.items()
        }
        return Entry(scores=scores, reaching=reaching, counts=counts, fields=fields)

    def group_of(self, rater: str) -> str:
        return next(r.group for r in self.assessment.raters if r.id == rater)

    def rater_scores(self, node: Node, owns: Mapping[str, Own]) -> dict[str, float | None]:
        """Each rater's score at a node: from its own items, or rolled up from its children
        (each child as far as the rater's group is shown there)."""
        if not node.children:
            return {rater: own.score for rater, own in owns.items()}
        return {
            rater: rolled_score(
                node,
                own,
                [(self.by_id[c.id], self.done[c.id].reaching[rater]) for c in node.children],
                self.policy.min_coverage,
            )
            for rater, own in owns.items()
        }

    def dropped(self, group: str, node: Node) -> MissingScore:
        """A group of threshold 1 whose every rater answered too little (not merged)."""
        self.note(coverage_note(self.policy))
        what = "its parts (by weight)" if node.children else "its items"
        return MissingScore(
            group=group,
            reason="low-coverage",
            message=f"{label(group)} score missing: every {label(group)} rater answered fewer "
            f"than {coverage_words(self.policy)} of {what}",
        )

    def self_score(
        self, node: Node, scores: Mapping[str, float | None], missing: list[MissingScore]
    ) -> Score | None:
        """The subject's own score, or a missing entry where they answered too little."""
        if self.self_id is None:
            return None
        value = scores[self.self_id]
        if value is not None:
            return Score(n=1, mean=value, min=value, max=value)
        coverage = coverage_words(self.policy)
        what = "its parts (by weight)" if node.children else "its items"
        missing.append(
            MissingScore(
                group="self",
                reason="low-coverage",
                message=f"self score missing: fewer than {coverage} of {what} answered",
            )
        )
        self.note(
            Note(
                code="low-coverage",
                message=f"self scores are missing where fewer than {coverage} of the items "
                "were answered",
            )
        )
        return None

    def describe(self, node: Node, values: Sequence[float | None]) -> Score:
        present = [v for v in values if v is not None]
        return describe(present, node.low, node.high, self.policy.confidence)

    def all_others(
        self,
        node: Node,
        shown: Sequence[tuple[Shown, list[str]]],
        scores: Mapping[str, float | None],
        seen: Visibility,
        missing: list[MissingScore],
    ) -> Score | None:
        """Every non-self rater scored in the shown groups, pooled per rater or per group,
        where there are at least the policy's all-others threshold of them."""
        policy = self.policy
        pooled = [r for _, raters in shown for r in raters]
        if pooled and len(pooled) >= policy.all_others_threshold:
            if policy.pooling == "rater":
                return self.describe(node, [scores[r] for r in pooled])
            groups = [
                (group.weight, [v for r in raters if (v := scores[r]) is not None])
                for group, raters in shown
            ]
            return describe_groups(groups, node.low, node.high, policy.confidence)
        if pooled:
            threshold = policy.all_others_threshold
            missing.append(
                MissingScore(
                    group="all_others",
                    reason="withheld",
                    message=f"all-others composite withheld: fewer than {threshold} raters shown",
                )
            )
            self.note(
                Note(
                    code="withheld",
                    message=f"the all-others composite is withheld where fewer than {threshold} "
                    "raters are shown",
                )
            )
        elif seen.missing:
            missing.append(
                MissingScore(
                    group="all_others",
                    reason="withheld",
                    message="all-others composite withheld: no rater group is shown",
                )
            )
        return None

    def counts(self, node: Node, owns: Sequence[Own]) -> tuple[int, int, int]:
        """Expected, valid and "not observed" answers of the raters shown on the node's own
        items, and of those counted at each child."""
        parts = [(o.expected, o.valid, o.not_observed) for o in owns]
        parts.extend(self.done[c.id].counts for c in node.children)
        return (
            sum(p[0] for p in parts), sum(p[1] for p in parts), sum(p[2] for p in parts)
        )

    def item_figures(
        self,
        node: Node,
        owns: Mapping[str, Own],
        shown: Sequence[tuple[Shown, list[str]]],
        others: Score | None,
    ) -> dict[str, object]:
        """Rater consistency (where the policy asks), agreement over the raters pooled in all
        others (where shown, the policy asks for reliability and there are two indicators or
        more), and the comments shown."""
        policy = self.policy
        competency = node.competency
        assert competency is not None
        fields: dict[str, object] = {}
        if others is not None and policy.reliability and len(competency.indicators) >= 2:
            rows = [owns[r].row for _, raters in shown for r in raters]
            if policy.rater_consistency:
                fields["rater_consistency"] = rater_alpha(rows, policy.confidence)
            fields["agreement"] = agreement(rows, node)
        fields["comments"] = item_comments(node, self.assessment, self.self_id, shown, self.notes)
        return fields

    def sheet(self) -> ScoreSheet:
        """Every node's entry, children before parents (the reverse of document order, the
        overall figure last), then the sheet."""
        for node in [*reversed(self.nodes[:-1]), self.nodes[-1]]:
            self.done[node.id] = self.entry(node)
        if self.self_id is None:
            self.note(
                Note(
                    code="no-self",
                    message="there is no self rating, so no blind spots or hidden strengths "
                    "can be shown",
                )
            )
        scales = mixed_scales_note(self.nodes)
        if scales is not None:
            self.note(scales)
        shown_open = (
            open_comments(self.assessment, self.policy, self.raters, self.notes)
            if self.assessment.comments else ()
        )
        return ScoreSheet(
            subject=self.assessment.subject,
            assessment=self.assessment.id,
            framework=self.framework.ref,
            date=self.assessment.date,
            policy=self.policy,
            overall=OverallScore(**self.done[None].fields),  # type: ignore[arg-type]
            competencies=tuple(
                CompetencyScore(competency=node.id, **self.done[node.id].fields)  # type: ignore[arg-type]
                for node in self.nodes[:-1]
                if node.id is not None
            ),
            open_comments=shown_open,
            notes=tuple(self.notes),
            leadcomp_version=__version__,
        )


def reference_score(
    assessment: Assessment, framework: Framework, policy: ScoringPolicy = DEFAULT_POLICY
) -> ScoreSheet:
    """The ScoreSheet of one assessment, by the rules as written; the same as
    ``leadcomp.score`` gives. The framework and policy are taken as valid (``score`` checks
    them); InvalidDocument if the assessment cannot be scored against the framework."""
    errors = [
        p for p in assessment_problems(assessment, framework, require_self=policy.require_self)
        if p.is_error
    ]
    if errors:
        raise InvalidDocument(errors)
    return Scoring(assessment, framework, policy).sheet()
