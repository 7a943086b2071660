"""Hypothesis strategies for scoring: small frameworks, policies and 360 assessments.

Scales have small level values (so that expected figures are easy to reason about), indicators
may be reverse-keyed or sit on another scale, competencies form a shallow tree with weights,
and assessments have a self rater, rater groups of every size and "not observed" answers.

Shared data and helpers live here too, so that no test module imports another: the pinned
example (``PIN_FRAMEWORK``, ``pin_assessment``, ``cohort``) and the privacy helpers (what a
policy must hide, drawn ``cases`` with distinctive rater ids and comments).
"""

from __future__ import annotations

import random
import string
from typing import Any

import attrs
from hypothesis import strategies as st

from leadcomp.model import (
    Assessment,
    BlindSpotRule,
    Competency,
    Framework,
    GroupThresholds,
    GroupWeights,
    Indicator,
    Level,
    MergeRule,
    OpenComment,
    Rater,
    Rating,
    Scale,
    ScoreSheet,
    ScoringPolicy,
)
from leadcomp.model._types import OTHER_GROUPS

SLUG = st.text(string.ascii_lowercase + string.digits, min_size=1, max_size=6)


@st.composite
def scoring_scales(draw: st.DrawFn, scale_id: str) -> Scale:
    """A scale of 2 to 6 increasing small integer levels, "not observed" allowed or not."""
    values = sorted(draw(st.lists(st.integers(-3, 9), min_size=2, max_size=6, unique=True)))
    return Scale(
        id=scale_id,
        levels=tuple(Level(value=v, label=f"level {v}") for v in values),
        not_observed=draw(st.booleans()),
    )


@st.composite
def scoring_frameworks(
    draw: st.DrawFn, *, max_competencies: int = 4, layered: bool = False
) -> Framework:
    """A valid framework: one or two scales, a shallow tree of weighted competencies, each
    with 0 to 3 indicators (some reverse-keyed, some on the other scale). ``layered``: at
    least three competencies, the second a child of the first, which has indicators too."""
    scale_ids = ["s1", "s2"][: draw(st.integers(1, 2))]
    scale_list = [draw(scoring_scales(scale_id)) for scale_id in scale_ids]
    count = draw(st.integers(3 if layered else 1, max_competencies))
    competencies: list[Competency] = []
    for index in range(count):
        competency_id = f"c{index}"
        if layered and index < 2:
            parent = None if index == 0 else "c0"
        else:
            parent = draw(st.none() | st.sampled_from([c.id for c in competencies])) if (
                competencies
            ) else None
        indicators = tuple(
            Indicator(
                id=f"{competency_id}.{number}",
                text=f"item {number}",
                reverse=draw(st.booleans()),
                scale=draw(st.none() | st.sampled_from(scale_ids)),
            )
            for number in range(draw(st.integers(1 if layered and index == 0 else 0, 3)))
        )
        competencies.append(
            Competency(
                id=competency_id,
                title=f"Competency {index}",
                kind="behaviour",
                parent=parent,
                scale=draw(st.none() | st.sampled_from(scale_ids)),
                weight=draw(st.sampled_from([1.0, 0.5, 2.0, 3.0])),
                indicators=indicators,
            )
        )
    return Framework(
        id="fw",
        version="1.0.0",
        title="Layered test framework" if layered else "Scoring test framework",
        default_scale="s1",
        scales=tuple(scale_list),
        competencies=tuple(competencies),
    )


def items_of(framework: Framework) -> list[str]:
    """Everything a rater can answer: indicators and competencies."""
    return [*framework.indicator_index(), *(c.id for c in framework.competencies)]


def scale_of_item(framework: Framework, item: str) -> Scale:
    """The scale an item is answered on."""
    index = framework.indicator_index()
    if item in index:
        competency, indicator = index[item]
        scale_id = indicator.scale or competency.scale or framework.default_scale
    else:
        scale_id = framework.competency(item).scale or framework.default_scale
    scale = framework.scale(scale_id or "")
    assert scale is not None
    return scale


@st.composite
def group_sizes(draw: st.DrawFn) -> dict[str, int]:
    """How many raters each group has (0 to 5), self 0 or 1."""
    sizes = {"self": draw(st.integers(0, 1))}
    for group in OTHER_GROUPS:
        sizes[group] = draw(st.integers(0, 5))
    return sizes


@st.composite
def scoring_assessments(
    draw: st.DrawFn,
    framework: Framework,
    *,
    sizes: dict[str, int] | None = None,
    answer_rate: float = 0.85,
) -> Assessment:
    """A valid 360 assessment: raters in every group, each answering most items, sometimes
    "not observed" (where the scale allows it), sometimes with a comment."""
    if sizes is None:
        sizes = draw(group_sizes())
    raters = [
        Rater(id=f"rater-{group}-{number}", group=group)  # type: ignore[arg-type]
        for group, size in sizes.items()
        for number in range(size)
    ]
    ratings: list[Rating] = []
    items = items_of(framework)
    for rater in raters:
        for item in items:
            if draw(st.floats(0, 1)) > answer_rate:
                continue
            scale = scale_of_item(framework, item)
            choices: list[int | None] = list(scale.values)
            if scale.not_observed:
                choices.append(None)
            ratings.append(
                Rating(
                    rater=rater.id,
                    item=item,
                    value=draw(st.sampled_from(choices)),
                    comment=draw(st.none() | st.just(f"a {rater.group} remark on {item}")),
                )
            )
    return Assessment(
        id="a1", subject="subject-1", framework=framework.ref, raters=tuple(raters),
        ratings=tuple(ratings), comments=draw(open_comments(raters)),
    )


#: Open questions the strategies answer: the two a report names, and one of a programme's own.
QUESTIONS = ("strengths", "development", "q-3")


@st.composite
def open_comments(
    draw: st.DrawFn, raters: list[Rater], *, note: str = ""
) -> tuple[OpenComment, ...]:
    """Answers to open questions (format 1.1): each rater answers each question or not, at
    most once; sometimes nobody answers any (a 1.0 assessment)."""
    if not draw(st.booleans()):
        return ()
    return tuple(
        OpenComment(rater=rater.id, question=question,
                    text=f"{note}a {rater.group} answers {question}")
        for rater in raters
        for question in QUESTIONS
        if draw(st.booleans())
    )


@st.composite
def open_comment_changes(
    draw: st.DrawFn, assessment: Assessment, groups: set[str]
) -> Assessment:
    """The assessment with the answers to open questions of the raters of ``groups`` changed:
    each kept, removed, rewritten, or added where there was none. Nothing else changes."""
    raters = [r for r in assessment.raters if r.group in groups]
    ids = {r.id for r in raters}
    kept = [c for c in assessment.comments if c.rater not in ids]
    found = {(c.rater, c.question): c for c in assessment.comments if c.rater in ids}
    changed: list[OpenComment] = []
    for rater in raters:
        for question in QUESTIONS:
            old = found.get((rater.id, question))
            action = draw(st.sampled_from(["keep", "remove", "rewrite"]))
            if action == "remove" or (old is None and action == "keep"):
                continue
            if action == "keep" and old is not None:
                changed.append(old)
            else:
                text = draw(st.sampled_from(["changed", "zz", "a longer answer, changed"]))
                changed.append(OpenComment(rater=rater.id, question=question, text=text))
    return attrs.evolve(assessment, comments=(*kept, *changed))


def thresholds() -> st.SearchStrategy[GroupThresholds]:
    """Per-group thresholds from 1 to 4."""
    counts = st.integers(1, 4)
    return st.builds(
        GroupThresholds, manager=counts, peer=counts, direct_report=counts, other=counts
    )


def policies() -> st.SearchStrategy[ScoringPolicy]:
    """Any valid scoring policy."""
    weights = st.sampled_from([0.5, 1.0, 2.0])
    return st.builds(
        ScoringPolicy,
        id=SLUG,
        title=st.just("A policy"),
        description=st.none() | st.just("Drawn by Hypothesis"),
        pooling=st.sampled_from(["rater", "group"]),
        min_coverage=st.sampled_from([0.5, 0.75, 1.0, 0.34]),
        thresholds=thresholds(),
        all_others_threshold=st.integers(1, 6),
        comment_thresholds=st.none() | thresholds(),
        small_groups=st.sampled_from(["suppress", "merge"]),
        merge=st.builds(
            MergeRule,
            into=st.sampled_from(["colleagues", "others-combined"]),
            groups=st.lists(st.sampled_from(OTHER_GROUPS), min_size=1, unique=True).map(tuple),
            threshold=st.integers(1, 5),
            comment_threshold=st.none() | st.integers(1, 5),
            weight=weights,
        ),
        require_self=st.just(False),
        blind_spot=st.builds(
            BlindSpotRule,
            threshold=st.sampled_from([0.5, 1.0, 1.5]),
            unit=st.just("points"),
        )
        | st.builds(
            BlindSpotRule, threshold=st.sampled_from([0.2, 1 / 3]), unit=st.just("range_fraction")
        ),
        confidence=st.sampled_from([0.9, 0.95, 0.99]),
        group_weights=st.builds(
            GroupWeights, manager=weights, peer=weights, direct_report=weights, other=weights
        ),
        reliability=st.booleans(),
        rater_consistency=st.booleans(),
    )


def scored_values(sheet: Any) -> list[tuple[str, Any]]:
    """Every Score of a sheet with where it is: (label, Score)."""
    found: list[tuple[str, Any]] = []
    nodes = [("overall", sheet.overall), *((c.competency, c) for c in sheet.competencies)]
    for name, node in nodes:
        if node.self is not None:
            found.append((f"{name}/self", node.self))
        if node.all_others is not None:
            found.append((f"{name}/all_others", node.all_others))
        found.extend((f"{name}/{g.group}", g.score) for g in node.groups)
    return found


# ---- noninterference: layered frameworks, layouts that straddle thresholds, cell changes ------


def layered_frameworks(*, max_competencies: int = 6) -> st.SearchStrategy[Framework]:
    """A valid framework at least two levels deep whose first competency has both children
    and indicators of its own (deeper ones may too): roll-ups of parents, own items and the
    overall all meet. Indicators may be reverse-keyed or sit on another scale."""
    return scoring_frameworks(max_competencies=max_competencies, layered=True)


def own_items(framework: Framework, competency: str) -> list[str]:
    """What a rater answers in a competency's own cell: its indicators, then itself."""
    found = framework.competency(competency)
    return [*(i.id for i in found.indicators), found.id]


def _answers(draw: st.DrawFn, scale: Scale) -> int | None:
    choices: list[int | None] = list(scale.values)
    if scale.not_observed:
        choices.append(None)
    value: int | None = draw(st.sampled_from(choices))
    return value


@st.composite
def straddling_assessments(
    draw: st.DrawFn, framework: Framework, policy: ScoringPolicy
) -> Assessment:
    """A 360 whose groups sit just under, at or just over their thresholds (or are empty),
    and whose raters each answer some competencies fully, some in part, some not at all and
    some only "not observed", so that a group is shown at some competencies and withheld at
    others, with nobody, some or all of it scored."""
    sizes = {"self": draw(st.integers(0, 1))}
    for group in OTHER_GROUPS:
        least = policy.thresholds.of(group)
        sizes[group] = draw(st.sampled_from(sorted({0, max(1, least - 1), least, least + 1})))
    raters = [
        Rater(id=f"rater-{group}-{number}", group=group)  # type: ignore[arg-type]
        for group, size in sizes.items()
        for number in range(size)
    ]
    ratings: list[Rating] = []
    for rater in raters:
        for competency in framework.competencies:
            mode = draw(st.sampled_from(["all", "all", "all", "some", "none", "not observed"]))
            if mode == "none":
                continue
            items = own_items(framework, competency.id)
            if len(items) > 1 and not draw(st.booleans()):
                items = items[:-1]  # the indicators only, not the competency itself
            for item in items:
                if mode == "some" and draw(st.booleans()):
                    continue
                scale = scale_of_item(framework, item)
                if mode == "not observed" and scale.not_observed:
                    value = None
                else:
                    value = _answers(draw, scale)
                ratings.append(
                    Rating(
                        rater=rater.id,
                        item=item,
                        value=value,
                        comment=draw(st.none() | st.just(f"{rater.group} on {item}")),
                    )
                )
    return Assessment(
        id="a1", subject="subject-1", framework=framework.ref, raters=tuple(raters),
        ratings=tuple(ratings), comments=draw(open_comments(raters)),
    )


def builtin_or_drawn_policies() -> st.SearchStrategy[ScoringPolicy]:
    """The built-in policies, or any valid one (merging, pooling, thresholds and comment
    thresholds of every kind)."""
    from leadcomp import BUILTIN_POLICIES

    return st.sampled_from(list(BUILTIN_POLICIES.values())) | policies()


@st.composite
def cell_changes(
    draw: st.DrawFn, framework: Framework, assessment: Assessment, group: str, competency: str
) -> Assessment:
    """The assessment with anything the raters of ``group`` said in ``competency``'s own
    cell changed: each answer kept, removed, made "not observed" (where allowed) or another
    value, answers added where there were none, and comments kept, removed, added or
    rewritten. Nothing else changes."""
    items = set(own_items(framework, competency))
    raters = [r.id for r in assessment.raters if r.group == group]
    kept = [
        r for r in assessment.ratings if not (r.rater in raters and r.item in items)
    ]
    found = {
        (r.rater, r.item): r for r in assessment.ratings if r.rater in raters and r.item in items
    }
    changed: list[Rating] = []
    for rater in raters:
        for item in own_items(framework, competency):
            old = found.get((rater, item))
            action = draw(st.sampled_from(["keep", "remove", "value", "comment"]))
            if action == "remove" or (old is None and action == "keep"):
                continue
            value = old.value if old is not None and action != "value" else _answers(
                draw, scale_of_item(framework, item)
            )
            comment = old.comment if old is not None else None
            if action == "comment" or old is None:
                comment = draw(st.none() | st.just(f"changed {rater} on {item}"))
            changed.append(Rating(rater=rater, item=item, value=value, comment=comment))
    return attrs.evolve(assessment, ratings=(*kept, *changed))


# ---- the reference scorer against the kernel: any framework, policy and assessment ----------


@st.composite
def self_only_assessments(draw: st.DrawFn, framework: Framework) -> Assessment:
    """An assessment with a self rater and nobody else."""
    sizes = {"self": 1, **dict.fromkeys(OTHER_GROUPS, 0)}
    return draw(scoring_assessments(framework, sizes=sizes))


@st.composite
def crowd_assessments(draw: st.DrawFn, framework: Framework) -> Assessment:
    """An assessment with enough raters for all others, rater consistency and agreement to
    show: three to six in one group, up to six in the others, nearly every item answered."""
    sizes = {"self": draw(st.integers(0, 1))}
    crowded = draw(st.sampled_from(OTHER_GROUPS))
    for group in OTHER_GROUPS:
        sizes[group] = draw(st.integers(3, 6) if group == crowded else st.integers(0, 6))
    return draw(scoring_assessments(framework, sizes=sizes, answer_rate=0.95))


@st.composite
def scoring_cases(draw: st.DrawFn) -> tuple[Framework, Assessment, ScoringPolicy]:
    """A framework (flat, or layered with parents that have items of their own; one or two
    scales of any range; reverse-keyed indicators), a policy (built-in, or drawn with merging,
    pooling per group and thresholds of every kind) and an assessment of it: groups of every
    size or just under, at and over their thresholds, self only or no self, answers missing,
    partial or "not observed", comments on items and answers to open questions."""
    framework = draw(st.one_of(scoring_frameworks(), layered_frameworks()))
    policy = draw(builtin_or_drawn_policies())
    kind = draw(st.sampled_from(["straddling", "any", "sparse", "crowd", "self only"]))
    if kind == "straddling":
        assessment = draw(straddling_assessments(framework, policy))
    elif kind == "any":
        assessment = draw(scoring_assessments(framework))
    elif kind == "sparse":
        assessment = draw(scoring_assessments(framework, answer_rate=0.5))
    elif kind == "crowd":
        assessment = draw(crowd_assessments(framework))
    else:
        assessment = draw(self_only_assessments(framework))
    return framework, assessment, policy


# --- the pinned example and a cohort of it: shared by scoring, stream, executor, kernel tests


FIVE = Scale(
    id="five",
    levels=tuple(Level(value=v, label=f"level {v}") for v in range(1, 6)),
    not_observed=True,
)


#: lead (domain) = vision (weight 1) + care (weight 2); ethics is rated directly.
PIN_FRAMEWORK = Framework(
    id="pin",
    version="1.0.0",
    title="Pinned example",
    default_scale="five",
    scales=(FIVE,),
    competencies=(
        Competency(id="lead", title="Leading", kind="domain"),
        Competency(
            id="vision",
            title="Sharing a vision",
            kind="behaviour",
            parent="lead",
            indicators=(
                Indicator(id="v1", text="Explains the aim"),
                Indicator(id="v2", text="Links tasks to the aim"),
                Indicator(id="v3", text="Leaves people unsure", reverse=True),
            ),
        ),
        Competency(
            id="care",
            title="Leading with care",
            kind="behaviour",
            parent="lead",
            weight=2.0,
            indicators=(
                Indicator(id="c1", text="Notices strain"),
                Indicator(id="c2", text="Listens first"),
            ),
        ),
        Competency(id="ethics", title="Acting with integrity", kind="behaviour"),
    ),
)


# rater: (v1, v2, v3 reverse-keyed, c1, c2, ethics); None is "not observed"
PIN_ANSWERS: dict[str, tuple[int | None, ...]] = {
    "S": (5, 5, 1, 4, 4, 4),
    "M": (3, 3, 3, 4, 5, 2),
    "P1": (4, 4, 2, 3, 3, 3),
    "P2": (3, 3, None, 4, 4, 3),
    "P3": (2, 3, 4, 2, 3, None),
    "P4": (4, 3, 3, 5, 4, 4),
    "D1": (1, None, 5, None, 1, 5),
    "D2": (1, 1, 5, 1, 1, 5),
}


PIN_GROUPS = {
    "S": "self", "M": "manager", "P1": "peer", "P2": "peer", "P3": "peer", "P4": "peer",
    "D1": "direct_report", "D2": "direct_report",
}


PIN_COMMENTS = {
    ("S", "c1"): "My own view",
    ("M", "c2"): "Manager note",
    ("P1", "c1"): "Listens well",
    ("D2", "c1"): "SECRET direct report remark",
}


def pin_assessment(raters: list[str] | None = None) -> Assessment:
    """The pinned assessment (optionally only some raters, in the order given)."""
    chosen = raters if raters is not None else list(PIN_ANSWERS)
    items = ("v1", "v2", "v3", "c1", "c2", "ethics")
    return Assessment(
        id="pin-1",
        subject="subject-7",
        framework="pin@1.0.0",
        raters=tuple(Rater(id=r, group=PIN_GROUPS[r]) for r in chosen),  # type: ignore[arg-type]
        ratings=tuple(
            Rating(rater=r, item=item, value=value, comment=PIN_COMMENTS.get((r, item)))
            for r in chosen
            for item, value in zip(items, PIN_ANSWERS[r], strict=True)
        ),
    )


def cohort(count: int) -> list[Assessment]:
    rng = random.Random(7)
    out = []
    for number in range(count):
        base = pin_assessment()
        ratings = tuple(
            attrs.evolve(r, value=rng.randint(1, 5)) if r.value is not None else r
            for r in base.ratings
        )
        out.append(attrs.evolve(base, id=f"a{number}", subject=f"s{number}", ratings=ratings))
    return out


# --- what must stay hidden, and drawn cases (shared by the privacy and report tests) ---------


_ALPHABET = string.ascii_lowercase + string.digits


def hidden_groups(policy: ScoringPolicy, counts: dict[str, int]) -> tuple[set[str], set[str]]:
    """Groups whose figures, and groups whose comments, no output may show (judged from the
    raters listed, never fewer than those scored: each group named is hidden for certain).

    Returns (figures hidden, comments hidden); figures hidden implies comments hidden.
    """
    merge = policy.merge
    merging = policy.small_groups == "merge"
    members = set(merge.groups) if merging else set()
    total = sum(counts[g] for g in members)
    figures: set[str] = set()
    comments: set[str] = set()
    for group in OTHER_GROUPS:
        n = counts[group]
        if not n:
            continue
        small = n < policy.thresholds.of(group)
        quiet = n < policy.comment_threshold(group)
        if group not in members:
            if small:
                figures.add(group)
            if small or quiet:
                comments.add(group)
            continue
        # a merge partner: shown alone (if not small) or within the merged group
        if small and total < merge.threshold:
            figures.add(group)
        if (small or quiet) and total < policy.merge_comment_threshold:
            comments.add(group)
        if small and total < merge.threshold:
            comments.add(group)
    return figures, comments


def removable(policy: ScoringPolicy, figures: set[str]) -> set[str]:
    """Hidden groups whose removal cannot change how the others are shown."""
    if policy.small_groups != "merge":
        return set(figures)
    return {g for g in figures if g not in policy.merge.groups}


def without_withheld_markers(sheet: ScoreSheet) -> ScoreSheet:
    def clean(node: Any) -> Any:
        return attrs.evolve(node, missing=tuple(m for m in node.missing if m.reason != "withheld"))

    return attrs.evolve(
        sheet,
        overall=clean(sheet.overall),
        competencies=tuple(clean(c) for c in sheet.competencies),
        notes=tuple(
            n for n in sheet.notes if n.code not in ("withheld", "open-comments-withheld")
        ),
    )


def distinct_token(rng: random.Random, prefix: str) -> str:
    return prefix + "".join(rng.choice(_ALPHABET) for _ in range(14))


def distinctive(assessment: Assessment, seed: int) -> Assessment:
    """The assessment with every rater id and every comment a distinctive random token."""
    rng = random.Random(seed)
    ids = {rater.id: distinct_token(rng, "zr") for rater in assessment.raters}
    return attrs.evolve(
        assessment,
        raters=tuple(attrs.evolve(r, id=ids[r.id]) for r in assessment.raters),
        ratings=tuple(
            attrs.evolve(
                rating,
                rater=ids[rating.rater],
                comment=None if rating.comment is None else distinct_token(rng, "zc"),
            )
            for rating in assessment.ratings
        ),
        comments=tuple(
            attrs.evolve(c, rater=ids[c.rater], text=distinct_token(rng, "zo"))
            for c in assessment.comments
        ),
    )


@st.composite
def cases(draw: st.DrawFn) -> tuple[Framework, ScoringPolicy, Assessment]:
    framework = draw(scoring_frameworks())
    policy = draw(policies())
    assessment = draw(scoring_assessments(framework, answer_rate=0.9))
    return framework, policy, distinctive(assessment, draw(st.integers(0, 2**32)))
