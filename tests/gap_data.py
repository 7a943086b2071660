"""Generated 360 assessments for gap and cohort tests: any framework, deterministic values."""

from __future__ import annotations

import datetime
import random
from collections.abc import Mapping
from typing import Any

import leadcomp
from leadcomp import DEFAULT_POLICY
from leadcomp.model import (
    Assessment,
    CompetencyScore,
    Framework,
    FrameworkRef,
    GroupScore,
    MissingScore,
    OverallScore,
    Rater,
    Rating,
    Requirement,
    RoleProfile,
    Score,
    ScoreSheet,
)
from leadcomp.model._results import Flag

#: A full 360: self, a manager, three peers, three direct reports and one other.
RATERS: tuple[tuple[str, str], ...] = (
    ("r1", "self"),
    ("r2", "manager"),
    ("r3", "peer"),
    ("r4", "peer"),
    ("r5", "peer"),
    ("r6", "direct_report"),
    ("r7", "direct_report"),
    ("r8", "direct_report"),
    ("r9", "other"),
)


def rated_items(framework: Framework) -> list[tuple[str, bool]]:
    """Every item raters answer: indicators, and competencies with neither items nor parts
    (rated directly), with whether each is reverse-keyed."""
    items: list[tuple[str, bool]] = []
    for competency in framework.competencies:
        if competency.indicators:
            items.extend((i.id, i.reverse) for i in competency.indicators)
        elif not framework.children(competency.id):
            items.append((competency.id, False))
    return items


def make_assessment(
    framework: Framework,
    subject: str = "p-001",
    *,
    seed: int = 1,
    level: float = 0.5,
    date: datetime.date | None = None,
) -> Assessment:
    """A full 360 of one subject: every rater answers every item, around ``level`` (a position
    on the scale from 0, lowest, to 1, highest); reverse-keyed items are answered reflected."""
    rng = random.Random(f"{subject}:{seed}")
    ratings = []
    for rater, _group in RATERS:
        for item, reverse in rated_items(framework):
            scale = framework.scale_of_item(item)
            assert scale is not None
            values = scale.values
            position = min(max(level + rng.gauss(0, 0.2), 0.0), 1.0)
            index = round(position * (len(values) - 1))
            value = values[len(values) - 1 - index] if reverse else values[index]
            ratings.append(Rating(rater=rater, item=item, value=value))
    return Assessment(
        id=f"{subject}-{seed}",
        subject=subject,
        framework=framework.ref,
        date=date,
        raters=tuple(Rater(id=r, group=g) for r, g in RATERS),  # type: ignore[arg-type]
        ratings=tuple(ratings),
    )


def sheet_of(
    framework: Framework,
    achieved: Mapping[str, float | None],
    *,
    compare: str = "all_others",
    self_scores: Mapping[str, float] | None = None,
    flags: Mapping[str, Flag] | None = None,
    missing: Mapping[str, str] | None = None,
    subject: str = "p-001",
) -> ScoreSheet:
    """A hand-made score sheet: the ``compare`` score of each competency in ``achieved`` (None:
    no score), optional self scores and flags, and ``missing`` messages of withheld scores."""
    entries = []
    for _depth, competency in framework.walk():
        scale = framework.scale_of(competency)
        assert scale is not None
        value = achieved.get(competency.id)
        score = None if value is None else Score(n=5, mean=value, min=value, max=value)
        own = (self_scores or {}).get(competency.id)
        groups: tuple[GroupScore, ...] = ()
        if compare not in ("all_others", "self") and score is not None:
            groups = (GroupScore(group=compare, score=score),)
        withheld = (missing or {}).get(competency.id)
        entries.append(
            CompetencyScore(
                competency=competency.id,
                scale=scale.id,
                self_=Score(n=1, mean=own, min=own, max=own) if own is not None else (
                    score if compare == "self" else None
                ),
                all_others=score if compare == "all_others" else None,
                groups=groups,
                missing=()
                if withheld is None
                else (MissingScore(group=compare, reason="withheld", message=withheld),),
                flag=(flags or {}).get(competency.id),
            )
        )
    first_scale = framework.scales[0].id
    return ScoreSheet(
        subject=subject,
        framework=framework.ref,
        policy=DEFAULT_POLICY,
        overall=OverallScore(scale=first_scale),
        competencies=tuple(entries),
        leadcomp_version="test",
    )


def _toy() -> Framework:
    data: dict[str, Any] = {
        "kind": "framework",
        "format": "1.0",
        "id": "toy",
        "version": "1.0.0",
        "title": "Toy framework",
        "default_scale": "level",
        "scales": [
            {
                "id": "level",
                "levels": [
                    {"value": v, "label": label}
                    for v, label in ((1, "One"), (2, "Two"), (3, "Three"), (4, "Four"))
                ],
                "proficient": 3,
                "not_observed": True,
            }
        ],
        "competencies": [
            {
                "id": cid,
                "title": f"Competency {cid.upper()}",
                "kind": "skill",
                "indicators": [
                    {"id": f"{cid}.1", "text": f"Does {cid} well."},
                    {"id": f"{cid}.2", "text": f"Neglects {cid}.", "reverse": True},
                ],
                "descriptors": [
                    {"level": v, "text": f"{cid} at level {v}."} for v in (1, 2, 3, 4)
                ],
            }
            for cid in ("a", "b", "c", "d", "e", "f")
        ],
    }
    framework: Framework = leadcomp.load(data, kind="framework")
    return framework


TOY = _toy()
ROLE = RoleProfile(
    id="toy-role",
    title="Toy role",
    framework=FrameworkRef(id="toy", versions="^1.0.0"),
    requirements=(
        Requirement(competency="a", level=3, importance=4.0, essential=True),
        Requirement(competency="b", level=2, importance=2.0),
        Requirement(competency="c", level=3, importance=3.0),
        Requirement(competency="d", level=4, importance=1.0),
        Requirement(competency="e", level=2, importance=5.0, essential=True),
        Requirement(competency="f", level=3, importance=1.0),
    ),
)
