"""The scoring kernel: the score sheet of checked responses, as the sheet's plain data.

Only raters of shown groups (and self) contribute to anything on the sheet: group scores, the
all-others composite, coverage, "not observed" counts, reliability, agreement and comments. And
a rater's score at a parent or overall uses only the children where their group is shown: each
node's entry is made as soon as its raters' scores are, bottom up, and names the raters that its
parent must leave out. So nothing said inside a withheld cell (a group at a competency where it
is withheld) changes any byte of the sheet while the cell stays withheld.

Everything that depends on the framework and policy alone is prepared once (``prepare``); the
sheet comes out as the canonical plain data of a ScoreSheet (what ``leadcomp.dumps`` writes:
defaults left out, fields in the model's order), which ``score`` structures into the model and
the JSON Lines path writes as it is.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import leadcomp.scoring._kernel.moments as moments
from leadcomp import __version__
from leadcomp.model import Framework
from leadcomp.model._converter import unstructure
from leadcomp.model._policy import ScoringPolicy
from leadcomp.model._types import OTHER_GROUPS
from leadcomp.scoring._anonymity import (
    ShownGroup,
    Visibility,
    decide,
    label,
    missing_entry,
    open_comment_groups,
    question_order,
)
from leadcomp.scoring._kernel.describe import ScoreData, describe, describe_groups
from leadcomp.scoring._kernel.reliability import Statistic, exact_sums, reliability
from leadcomp.scoring._kernel.responses import Responses
from leadcomp.scoring._kernel.rollup import Answer, Figures, Node, Part, Plan
from leadcomp.validation._schema_check import (
    FORMAT,
    OPEN_COMMENTS_FORMAT,
    RATER_CONSISTENCY_FORMAT,
)

#: Tolerance for comparing a self-minus-others difference with the blind-spot threshold.
_EPSILON = 1e-9
#: The plain data of a score sheet.
SheetData = dict[str, Any]
#: How many anonymity decisions a Prepared keeps (one per mix of group sizes met).
_KEEP_VISIBILITIES = 4096
#: The largest group whose description is memoised, and how many a Prepared keeps per
#: scale's range (the benchmark's 10,000 360s gave 23,539 sets of values in groups of three).
_MEMO_GROUP = 4
_KEEP_DESCRIBED = 8192
#: How many raters' parts a Prepared keeps per node shape (5,000 of the benchmark's 360s,
#: nine competencies of one shape, gave 25,278 patterns of answers; the commonest come first).
_KEEP_PARTS = 8192


class Prepared:
    """A framework and policy prepared for scoring: the plan, the policy's plain data, the
    blind-spot threshold of every node, the texts of notes and the anonymity decisions met so
    far (by the counts of scored raters per group)."""

    __slots__ = (
        "all_others_no_group",
        "all_others_note",
        "all_others_withheld",
        "blind_spots",
        "comment_nodes",
        "coverage_note",
        "described",
        "dropped_groups",
        "format",
        "framework",
        "open_format",
        "packed",
        "parts",
        "plan",
        "policy",
        "policy_data",
        "scales_note",
        "self_missing",
        "self_note",
        "visibilities",
    )

    def __init__(self, framework: Framework, plan: Plan, policy: ScoringPolicy) -> None:
        #: The format of the sheets written: 1.1 for those that show answers to open
        #: questions, 1.2 for every sheet of a policy asking for rater consistency.
        self.format = RATER_CONSISTENCY_FORMAT if policy.rater_consistency else FORMAT
        self.open_format = (
            RATER_CONSISTENCY_FORMAT if policy.rater_consistency else OPEN_COMMENTS_FORMAT
        )
        self.framework = framework.ref
        self.plan = plan
        self.policy = policy
        self.policy_data = unstructure(policy)
        rule = policy.blind_spot
        self.blind_spots = tuple(
            rule.threshold * (node.high - node.low)
            if rule.unit == "range_fraction"
            else rule.threshold
            for node in plan.nodes
        )
        #: The node each answerable item belongs to (for comments).
        self.comment_nodes = {
            item: index for index, node in enumerate(plan.nodes) for item in node.answerable
        }
        coverage = f"{policy.min_coverage * 100:g}%"
        self.self_missing = tuple(
            {
                "group": "self",
                "reason": "low-coverage",
                "message": f"self score missing: fewer than {coverage} of {what} answered",
            }
            for what in ("its items", "its parts (by weight)")
        )
        self.self_note = (
            "low-coverage",
            f"self scores are missing where fewer than {coverage} of the items were answered",
        )
        self.coverage_note = (
            "low-coverage",
            f"raters who answered fewer than {coverage} of a competency's items are left out "
            "of its scores",
        )
        #: What a sheet says of a group of threshold 1 whose every rater answered too few
        #: items of a node, where it does not merge (any other group is then withheld): the
        #: entries for a leaf and for a parent.
        self.dropped_groups = tuple(_dropped(group, coverage) for group in OTHER_GROUPS)
        threshold = policy.all_others_threshold
        self.all_others_withheld = {
            "group": "all_others",
            "reason": "withheld",
            "message": f"all-others composite withheld: fewer than {threshold} raters shown",
        }
        self.all_others_note = (
            "withheld",
            f"the all-others composite is withheld where fewer than {threshold} raters are "
            "shown",
        )
        self.all_others_no_group = {
            "group": "all_others",
            "reason": "withheld",
            "message": "all-others composite withheld: no rater group is shown",
        }
        self.visibilities: dict[tuple[tuple[int, ...], tuple[bool, ...]], Visibility] = {}
        #: The note of a framework whose parents (or overall) combine children on scales of
        #: other ranges; the framework's structure alone decides it.
        self.scales_note = _scales_note(plan)
        #: The descriptions of small groups' scores by their values, per node (nodes on one
        #: scale's range share theirs).
        ranges: dict[tuple[float, float], dict[tuple[float, ...], ScoreData]] = {}
        self.described = [ranges.setdefault((node.low, node.high), {}) for node in plan.nodes]
        #: Whether raters' rows are packed for reliability (every value a whole number).
        self.packed = policy.reliability and plan.largest_whole is not None
        #: Raters' parts by their answers, one memo per node shape (see ``Figures``).
        self.parts: list[dict[tuple[Answer, ...], Part]] = [
            {} for _ in range(max(plan.shapes, default=-1) + 1)
        ]

    def visibility(self, counts: tuple[int, ...], listed: tuple[bool, ...]) -> Visibility:
        """The groups shown at a node, from the number of scored raters in each group and
        whether each has raters at all."""
        key = (counts, listed)
        found = self.visibilities.get(key)
        if found is None:
            if len(self.visibilities) >= _KEEP_VISIBILITIES:
                self.visibilities.clear()
            found = self.visibilities[key] = decide(self.policy, counts, listed)
        return found

    def __getstate__(self) -> dict[str, Any]:
        state = {name: getattr(self, name) for name in self.__slots__}
        # (what is memoised is made again where it is needed)
        state["visibilities"] = {}
        state["parts"] = [{} for _ in self.parts]
        ranges: dict[int, dict[tuple[float, ...], ScoreData]] = {}
        state["described"] = [ranges.setdefault(id(memo), {}) for memo in self.described]
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        for name, value in state.items():
            object.__setattr__(self, name, value)


def _described(
    here: list[float | None],
    members: list[int],
    memo: dict[tuple[float, ...], ScoreData],
    low: float,
    high: float,
    confidence: float,
) -> ScoreData:
    """The description of the members' scores. That of a small group is memoised by its
    values in order (a description does not depend on their order, to the bit): groups of up
    to four raters give the same values again and again."""
    values: list[float] = [here[r] for r in members]  # type: ignore[misc]
    if len(values) > _MEMO_GROUP:
        return describe(values, low, high, confidence)
    key = tuple(sorted(values)) if len(values) > 1 else tuple(values)
    found = memo.get(key)
    if found is None:
        found = describe(values, low, high, confidence)
        if len(memo) < _KEEP_DESCRIBED:
            memo[key] = found
    return found


#: How many parents a mixed-scales note names before it counts the rest.
_SCALES_NOTE_PARENTS = 10


def _scales_note(plan: Plan) -> tuple[str, str] | None:
    """The ``mixed-scales`` note of a plan: which parents (and the overall figure) combine
    children rated on scales of other ranges, on which scales, and how; None if none does."""
    nodes = plan.nodes

    def named(node: Node) -> str:
        what = "the overall score" if node.id is None else repr(node.id)
        return f"{what} (scale {node.scale!r}, {node.low:g} to {node.high:g})"

    parents: list[str] = []
    for node in nodes:
        mixed = [
            nodes[child] for (child, _), rescale in zip(node.children, node.rescales, strict=True)
            if rescale is not None
        ]
        if mixed:
            parents.append(f"{named(node)} from {', '.join(map(named, mixed))}")
    if not parents:
        return None
    listed = "; ".join(parents[:_SCALES_NOTE_PARENTS])
    more = len(parents) - _SCALES_NOTE_PARENTS
    if more > 0:
        listed += f"; and {more} more parent{'s' if more != 1 else ''}"
    return (
        "mixed-scales",
        "some scores combine competencies rated on scales of different ranges: each child's "
        "score is mapped linearly onto its parent's range (lowest to lowest, highest to "
        f"highest) before the weighted mean, so 3 of 1 to 5 counts as 2.5 of 1 to 4: {listed}",
    )


_NO_SELF_NOTE = (
    "no-self",
    "there is no self rating, so no blind spots or hidden strengths can be shown",
)


def sheet_data(responses: Responses, prepared: Prepared) -> SheetData:
    """The plain data of the score sheet of responses checked against the prepared framework
    and policy (every rater listed, every item known, every value on its scale).

    Parts that are the same on many sheets (the policy's data, messages, the descriptions of
    small groups) are shared between sheets: read the result, or copy it before changing it.
    """
    plan = prepared.plan
    ids = [rater for rater, _ in responses.raters]
    self_rater: int | None = None
    by_group: list[list[int]] = [[] for _ in OTHER_GROUPS]
    for index, (_, group) in enumerate(responses.raters):
        if group == "self":
            if self_rater is None:
                self_rater = index
        else:
            by_group[_GROUP_POSITION[group]].append(index)
    sheet = _Sheet(
        prepared=prepared,
        self_rater=self_rater,
        by_group=by_group,
        comments=_comments_by_node(responses, prepared, ids),
    )
    # each node's entry is made as soon as its raters' scores are, bottom up, so that its
    # parent leaves out the scores of the groups withheld there
    Figures(
        plan, [responses.answers[rater] for rater in ids], prepared.policy.min_coverage,
        prepared.parts, _KEEP_PARTS, moments.pack if prepared.packed else None, sheet.visit,
    )
    entries = sheet.entries
    notes = sheet.notes
    if self_rater is None:
        notes.setdefault(_NO_SELF_NOTE)
    if prepared.scales_note is not None:
        notes.setdefault(prepared.scales_note)
    data: SheetData = {
        "kind": "scoresheet", "format": prepared.format, "subject": responses.subject
    }
    if responses.assessment is not None:
        data["assessment"] = responses.assessment
    data["framework"] = prepared.framework
    if responses.date is not None:
        data["date"] = responses.date
    data["policy"] = prepared.policy_data
    data["overall"] = entries[plan.overall]
    data["competencies"] = entries[: plan.overall]
    if responses.open_comments:
        shown_open = _open_comments(responses, prepared.policy, self_rater, by_group, notes)
        if shown_open:
            data["format"] = prepared.open_format
            data["open_comments"] = shown_open
    if notes:
        data["notes"] = [{"code": code, "message": message} for code, message in notes]
    data["leadcomp_version"] = __version__
    return data


def _comments_by_node(
    responses: Responses, prepared: Prepared, ids: Sequence[str]
) -> dict[int, list[tuple[int, str]]]:
    """Each node's comments as (rater index, text)."""
    if not responses.comments:
        return {}
    position = {rater: index for index, rater in enumerate(ids)}
    found: dict[int, list[tuple[int, str]]] = {}
    for (rater, item), text in responses.comments.items():
        found.setdefault(prepared.comment_nodes[item], []).append((position[rater], text))
    return found


def _open_comments(
    responses: Responses,
    policy: ScoringPolicy,
    self_rater: int | None,
    by_group: list[list[int]],
    notes: dict[tuple[str, str], None],
) -> list[dict[str, Any]]:
    """The answers to open questions a sheet shows, by question: self's, then each group's
    that anonymity allows over the whole assessment, each group's sorted by text.

    Which groups show is decided from the number of raters of each group alone, and the note
    on a withheld group is written only where the sheet shows some answers: neither depends
    on what a withheld group answered, or whether it answered at all.
    """
    shown, withheld = open_comment_groups(policy, [len(members) for members in by_group])
    group_of = dict(responses.raters)
    self_id = None if self_rater is None else responses.raters[self_rater][0]
    where: dict[str, str] = {member: name for name, members in shown for member in members}
    order = {name: index for index, (name, _) in enumerate(shown)}
    found: dict[str, list[tuple[int, str, str]]] = {}
    for rater, question, text in responses.open_comments:
        if rater == self_id:
            found.setdefault(question, []).append((-1, "self", text))
            continue
        name = where.get(group_of[rater])
        if name is not None:
            found.setdefault(question, []).append((order[name], name, text))
    if not found:
        return []
    for name, threshold in withheld:
        notes.setdefault(
            (
                "open-comments-withheld",
                f"{label(name)} answers to open questions are withheld: the assessment has "
                f"fewer than {threshold} {label(name)} raters",
            )
        )
    return [
        {
            "question": question,
            "comments": [
                {"group": name, "text": text} for _, name, text in sorted(found[question])
            ],
        }
        for question in sorted(found, key=question_order)
    ]


_GROUP_POSITION: dict[str, int] = {group: index for index, group in enumerate(OTHER_GROUPS)}


class _Sheet:
    """The state of one sheet being made: the entries, notes and counts of the nodes done so
    far."""

    def __init__(
        self,
        prepared: Prepared,
        self_rater: int | None,
        by_group: list[list[int]],
        comments: dict[int, list[tuple[int, str]]],
    ) -> None:
        self.prepared = prepared
        self.self_rater = self_rater
        self.by_group = by_group
        #: Whether each group has raters at all.
        self.listed = tuple(bool(members) for members in by_group)
        self.comments = comments
        self.notes: dict[tuple[str, str], None] = {}
        size = len(prepared.plan.nodes)
        self.entries: list[dict[str, Any]] = [{}] * size
        self.counts: list[tuple[int, int, int]] = [(0, 0, 0)] * size
        #: The raters of the shown groups of each visibility met (most nodes of a sheet
        #: show the same groups), by its id: (visibility, Shown).
        self.raters: dict[int, tuple[Visibility, Shown]] = {}

    def shown_raters(self, visibility: Visibility) -> Shown:
        """The shown groups with all their raters, those raters pooled, the raters counted
        for coverage (those of the shown groups, then self), and the raters of the groups not
        shown (None when there are none)."""
        found = self.raters.get(id(visibility))
        if found is None or found[0] is not visibility:
            shown = _shown(visibility, self.by_group)
            counted = [r for _, members in shown for r in members]
            pooled = counted[:]
            if self.self_rater is not None:
                counted.append(self.self_rater)
            positions = {p for group in visibility.shown for p in group.positions}
            hidden = frozenset(
                r
                for position, members in enumerate(self.by_group)
                if position not in positions
                for r in members
            )
            found = self.raters[id(visibility)] = (
                visibility, (shown, pooled, counted, hidden or None)
            )
        return found[1]

    def visit(self, figures: Figures, index: int) -> frozenset[int] | None:
        """Makes the entry of a node whose raters' scores are made (its children's entries
        already made); answers the raters whose scores there its parent must leave out."""
        entry, hidden = self.node(index, self.prepared.plan.nodes[index], figures)
        self.entries[index] = entry
        return hidden

    def node(
        self, index: int, node: Node, figures: Figures
    ) -> tuple[dict[str, Any], frozenset[int] | None]:
        """The entry of one node (its children already done), and the raters of the groups
        not shown there; records its counts and notes."""
        here = figures.scores[index]
        scored, visibility = self.visibility(here)
        missing: list[dict[str, str]] = []
        dropped = self.dropped(node, visibility) if visibility.unscored else []
        self_score = self.self_score(node, here, missing)
        shown, pooled, counted, hidden = self.shown_raters(visibility)
        if scored is not self.by_group:
            shown = _shown(visibility, scored)
            pooled = [r for _, members in shown for r in members]
        all_others = self.all_others(node, here, shown, pooled, visibility, missing)
        expected, valid, not_observed = self.count(index, node, figures.parts[index], counted)
        if len(pooled) < len(counted) - (self.self_rater is not None):  # a shown rater unscored
            self.notes.setdefault(self.prepared.coverage_note)
        entry: dict[str, Any] = {} if node.id is None else {"competency": node.id}
        entry["scale"] = node.scale
        if self_score is not None:
            entry["self"] = self_score
        if all_others is not None:
            entry["all_others"] = all_others
        groups = self.groups(index, node, here, shown)
        if groups:
            entry["groups"] = groups
        if missing or visibility.missing or dropped:
            entry["missing"] = [*missing, *visibility.missing, *dropped]
        if expected:
            entry["coverage"] = valid / expected
        if not_observed:
            entry["not_observed"] = not_observed
        if self_score is not None and all_others is not None:
            found = self.flag(index, self_score, all_others)
            if found is not None:
                entry["flag"] = found
        if node.id is not None:
            self.competency_figures(entry, index, node, figures.parts[index], shown, pooled)
        return entry, hidden

    def visibility(
        self, here: list[float | None]
    ) -> tuple[list[list[int]], Visibility]:
        """The raters scored at a node in each group (``by_group`` itself when all are) and
        the groups shown there; records the visibility's notes."""
        by_group = self.by_group
        scored = (
            [[r for r in members if here[r] is not None] for members in by_group]
            if None in here
            else by_group
        )
        visibility = self.prepared.visibility(tuple(map(len, scored)), self.listed)
        for note in visibility.notes:
            self.notes.setdefault(note)
        return scored, visibility

    def dropped(self, node: Node, visibility: Visibility) -> list[dict[str, str]]:
        """The entries of groups of threshold 1 whose every rater answered too little, not
        merged (any other group with fewer raters scored than its threshold, none included,
        is withheld)."""
        prepared = self.prepared
        dropped: list[dict[str, str]] = []
        for position in visibility.unscored:
            leaf, parent = prepared.dropped_groups[position]
            dropped.append(parent if node.children else leaf)
            self.notes.setdefault(prepared.coverage_note)
        return dropped

    def self_score(
        self, node: Node, here: list[float | None], missing: list[dict[str, str]]
    ) -> ScoreData | None:
        """The subject's own score at a node; where it is missing, its entry and note."""
        if self.self_rater is None:
            return None
        value = here[self.self_rater]
        if value is None:
            prepared = self.prepared
            missing.append(prepared.self_missing[1 if node.children else 0])
            self.notes.setdefault(prepared.self_note)
            return None
        return {"n": 1, "mean": value, "min": value, "max": value}

    def groups(
        self,
        index: int,
        node: Node,
        here: list[float | None],
        shown: list[tuple[ShownGroup, list[int]]],
    ) -> list[dict[str, Any]]:
        """The scores of the shown groups, from their raters scored."""
        described = self.prepared.described[index]
        confidence = self.prepared.policy.confidence
        return [
            {
                "group": group.name,
                "score": _described(here, members, described, node.low, node.high, confidence),
            }
            for group, members in shown
        ]

    def all_others(
        self,
        node: Node,
        here: list[float | None],
        shown: list[tuple[ShownGroup, list[int]]],
        pooled: list[int],
        visibility: Visibility,
        missing: list[dict[str, str]],
    ) -> ScoreData | None:
        """The all-others composite of the pooled raters, per rater or per group; where it
        is withheld, its entry (and note)."""
        prepared = self.prepared
        policy = prepared.policy
        low, high, confidence = node.low, node.high, policy.confidence
        if len(pooled) >= policy.all_others_threshold:
            if policy.pooling == "rater":
                return describe([here[r] for r in pooled], low, high, confidence)  # type: ignore[misc]
            return describe_groups(
                [(group.weight, [here[r] for r in members]) for group, members in shown],  # type: ignore[misc]
                low, high, confidence,
            )
        if pooled:
            missing.append(prepared.all_others_withheld)
            self.notes.setdefault(prepared.all_others_note)
        elif visibility.missing:
            missing.append(prepared.all_others_no_group)
        return None

    def count(
        self, index: int, node: Node, parts: list[Part], counted: list[int]
    ) -> tuple[int, int, int]:
        """The expected, valid and "not observed" answers at a node: the counted raters' on
        its own items, and its children's; recorded for its parent."""
        counts = self.counts
        found: tuple[int, int, int] = tuple(  # type: ignore[assignment]
            map(
                sum,
                zip(
                    *[parts[r][1] for r in counted],
                    *[counts[child] for child, _ in node.children],
                    (0, 0, 0), strict=True,
                ),
            )
        )
        counts[index] = found
        return found

    def flag(self, index: int, self_score: ScoreData, all_others: ScoreData) -> str | None:
        """Blind spot or hidden strength: self beyond all others by the threshold and outside
        their interval (none: no flag)."""
        own = self_score["mean"]
        difference = own - all_others["mean"]
        threshold = self.prepared.blind_spots[index]
        ci = all_others.get("ci")
        if ci is not None:
            if difference >= threshold - _EPSILON and own > ci[1] + _EPSILON:
                return "blind_spot"
            if difference <= -threshold + _EPSILON and own < ci[0] - _EPSILON:
                return "hidden_strength"
        return None

    def competency_figures(
        self,
        entry: dict[str, Any],
        index: int,
        node: Node,
        parts: list[Part],
        shown: list[tuple[ShownGroup, list[int]]],
        pooled: list[int],
    ) -> None:
        """What only a competency's entry holds: rater consistency and agreement of its items
        (where all others is shown and the policy asks), and the comments shown."""
        policy = self.prepared.policy
        if "all_others" in entry and policy.reliability and len(node.items) >= 2:
            alpha, agreement = self.reliability(node, [parts[r] for r in pooled])
            if alpha is not None and policy.rater_consistency:
                entry["rater_consistency"] = alpha
            if agreement is not None:
                entry["agreement"] = agreement
        texts = self.comments.get(index)
        if texts:
            kept = _kept_comments(texts, self.self_rater, shown, self.notes)
            if kept:
                entry["comments"] = kept

    def reliability(
        self, node: Node, pooled: list[Part]
    ) -> tuple[Statistic | None, Statistic | None]:
        """Alpha and rwg(j) of a competency's items over the pooled raters' parts."""
        prepared = self.prepared
        largest = prepared.plan.largest_whole
        n, k = len(pooled), len(node.items)
        confidence = prepared.policy.confidence
        if exact_sums(largest, n, k):
            packed = [part[3] for part in pooled]
            if None not in packed:
                found = moments.reliability(
                    sum(packed), n, k, node.high, node.low, node.levels, confidence  # type: ignore[arg-type]
                )
                if found is not None:
                    return found
        return reliability(
            [part[2] for part in pooled], node.low, node.high, node.levels, confidence, largest
        )


#: The shown groups with their raters, those raters pooled, the raters counted for coverage,
#: and the raters of the groups not shown (None: none).
Shown = tuple[
    list[tuple[ShownGroup, list[int]]], list[int], list[int], frozenset[int] | None
]


def _shown(
    visibility: Visibility, by_group: list[list[int]]
) -> list[tuple[ShownGroup, list[int]]]:
    """Each shown group with its raters (of ``by_group``, by position)."""
    return [
        (group, [r for position in group.positions for r in by_group[position]])
        for group in visibility.shown
    ]


def _kept_comments(
    texts: Sequence[tuple[int, str]],
    self_rater: int | None,
    shown: Sequence[tuple[Any, list[int]]],
    notes: dict[tuple[str, str], None],
) -> list[dict[str, str]]:
    """The comments a node shows: self's, then each shown group's that meets its comment
    threshold, each group's sorted by text (so nothing tells which rater wrote which)."""
    kept = [
        {"group": "self", "text": text}
        for text in sorted(text for rater, text in texts if rater == self_rater)
    ]
    for group, members in shown:
        among = set(members)
        found = sorted(text for rater, text in texts if rater in among)
        if not found:
            continue
        if len(members) < group.comment_threshold:
            notes.setdefault(
                (
                    "comments-withheld",
                    f"{label(group.name)} comments are withheld where fewer than "
                    f"{group.comment_threshold} raters answered enough items",
                )
            )
            continue
        kept.extend({"group": group.name, "text": text} for text in found)
    return kept


def _dropped(group: str, coverage: str) -> tuple[dict[str, str], dict[str, str]]:
    leaf, parent = (
        missing_entry(
            group,
            "low-coverage",
            f"{label(group)} score missing: every {label(group)} rater answered fewer than "
            f"{coverage} of {what}",
        )
        for what in ("its items", "its parts (by weight)")
    )
    return leaf, parent


def prepare(framework: Framework, plan: Plan, policy: ScoringPolicy) -> Prepared:
    """A framework (with its plan) and a policy prepared for scoring many assessments."""
    return Prepared(framework, plan, policy)
