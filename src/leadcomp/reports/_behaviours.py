"""Per-indicator figures for a person's report, under the score sheet's anonymity.

The score sheet holds competency figures only; the report works out each behavioural
indicator's mean from the assessment, counting only raters (self excluded) of the groups the
sheet *shows* at the indicator's competency (a merged group stands for its members), and only
where all others are shown there. A rater of a withheld group is never read, so what such a
rater said changes no byte of the report (tests/test_privacy.py holds this). An indicator
figure is shown only when at least the policy's all-others threshold of those raters answered
it. Reverse-keyed indicators are turned the right way up (minimum + maximum - value), so that
higher is better for every behaviour.
"""

from __future__ import annotations

from attrs import frozen

from leadcomp.model import Assessment, Framework
from leadcomp.model._results import CompetencyScore, ScoreSheet
from leadcomp.stats import mean


@frozen(kw_only=True)
class IndicatorFigure:
    """The mean of the shown raters on one indicator (turned if reverse-keyed), and their n."""

    indicator: str
    text: str
    reverse: bool
    mean: float
    n: int


def _shown(entry: CompetencyScore, sheet: ScoreSheet) -> frozenset[str]:
    """The rater groups whose raters a competency's figures may use."""
    if entry.all_others is None:
        return frozenset()
    shown = {g.group for g in entry.groups}
    merge = sheet.policy.merge
    if merge.into in shown:
        shown.update(merge.groups)
    return frozenset(shown)


def indicator_figures(
    assessment: Assessment, sheet: ScoreSheet, framework: Framework
) -> dict[str, tuple[IndicatorFigure, ...]]:
    """Per competency id (of the sheet), its indicators' figures, in framework order; only
    indicators with enough shown raters are listed."""
    group_of = {rater.id: rater.group for rater in assessment.raters}
    entries = {entry.competency: entry for entry in sheet.competencies}
    minimum = max(1, sheet.policy.all_others_threshold)
    answers: dict[str, list[int]] = {}
    index = framework.indicator_index()
    allowed: dict[str, frozenset[str]] = {}
    for rating in assessment.ratings:
        if rating.value is None:
            continue
        found = index.get(rating.item)
        if found is None:
            continue
        owner = found[0].id
        shown = allowed.get(owner)
        if shown is None:
            entry = entries.get(owner)
            shown = frozenset() if entry is None else _shown(entry, sheet)
            allowed[owner] = shown
        group = group_of.get(rating.rater)
        if group is None or group == "self" or group not in shown:
            continue
        answers.setdefault(rating.item, []).append(rating.value)
    figures: dict[str, tuple[IndicatorFigure, ...]] = {}
    for entry in sheet.competencies:
        competency = framework.get(entry.competency)
        if competency is None:
            continue
        listed = []
        for indicator in competency.indicators:
            values = answers.get(indicator.id, [])
            if len(values) < minimum:
                continue
            scale = framework.scale_of_item(indicator.id)
            if indicator.reverse and scale is not None:
                values = [scale.minimum + scale.maximum - v for v in values]
            listed.append(
                IndicatorFigure(
                    indicator=indicator.id,
                    text=indicator.text,
                    reverse=indicator.reverse,
                    mean=mean(values),
                    n=len(values),
                )
            )
        if listed:
            figures[entry.competency] = tuple(listed)
    return figures
