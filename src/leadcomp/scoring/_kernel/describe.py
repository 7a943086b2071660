"""Descriptive statistics of rater scores: n, mean, SD, SE, a t interval, min and max.

Results are the plain data of a ``Score`` (what its JSON holds: fields left out where None).
Sums use ``math.fsum``, which is exactly rounded and so does not depend on the order of the
values: permuting raters cannot change a single bit of a result.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from leadcomp.stats import mean, mean_sd
from leadcomp.stats._distributions import t_ppf

#: The plain data of a Score.
ScoreData = dict[str, Any]


@lru_cache(maxsize=256)
def t_quantile(confidence: float, df: float) -> float:
    """The two-sided Student t critical value for a confidence level and degrees of freedom."""
    return t_ppf(0.5 + confidence / 2.0, df)


def clamp(value: float, low: float, high: float) -> float:
    """The value kept within [low, high] (guards against rounding just past a scale's end)."""
    return low if value < low else high if value > high else value


def weighted_mean(pairs: Sequence[tuple[float, float]]) -> float:
    """The mean of values weighted by weights, from (weight, value) pairs."""
    return math.fsum(w * v for w, v in pairs) / math.fsum(w for w, _ in pairs)


def _mean_sd(values: Sequence[float]) -> tuple[float, float]:
    """``leadcomp.stats.mean_sd`` of two values or more (whose SD is never None)."""
    centre, sd = mean_sd(values)
    return centre, 0.0 if sd is None else sd


def sample_sd(values: Sequence[float], centre: float) -> float:
    """The sample standard deviation (n - 1 denominator) around a given centre, such as a
    weighted mean (around the values' own mean: ``leadcomp.stats.mean_sd``)."""
    return math.sqrt(math.fsum([(v - centre) ** 2 for v in values]) / (len(values) - 1))


def describe(
    values: Sequence[float], low: float, high: float, confidence: float
) -> ScoreData:
    """n, mean, sample SD, SE and the t confidence interval of the mean, min and max.

    Every figure is kept within [low, high], the scale's range; the interval is the t interval
    truncated to it. With one value, SD, SE and the interval are None.
    """
    n = len(values)
    if n == 1:
        value = values[0]
        return {"n": 1, "mean": value, "min": value, "max": value}
    smallest, largest = min(values), max(values)
    centre, sd = _mean_sd(values)
    se = sd / math.sqrt(n)
    if se == 0.0:
        ci = [centre, centre]
    else:
        half = t_quantile(confidence, n - 1) * se
        ci = [clamp(centre - half, low, high), clamp(centre + half, low, high)]
    return {"n": n, "mean": centre, "sd": sd, "se": se, "ci": ci, "min": smallest, "max": largest}


def describe_groups(
    groups: Sequence[tuple[float, Sequence[float]]], low: float, high: float, confidence: float
) -> ScoreData:
    """Pool groups per group: the weighted mean of the group means, from (weight, values) pairs.

    n, min and max describe all the raters together; the SD too, centred on the reported (the
    weighted) mean. Where every group has at least two raters the SE is the stratified one,
    sqrt(sum((w_g / W)^2 * s_g^2 / n_g)), with Welch-Satterthwaite degrees of freedom for the
    interval. Where a group has one rater (its own variance unknown) the raters are taken to
    share one variance, estimated by that SD: SE = SD * sqrt(sum((w_g / W)^2 / n_g)), with
    n - 1 degrees of freedom. With one rater in all, SE and interval are None.
    """
    pooled = [v for _, values in groups for v in values]
    n = len(pooled)
    smallest, largest = min(pooled), max(pooled)
    centre = clamp(weighted_mean([(w, mean(values)) for w, values in groups]), smallest, largest)
    sd = sample_sd(pooled, centre) if n >= 2 else None
    se: float | None = None
    ci: list[float] | None = None
    total = math.fsum(w for w, _ in groups)
    if sd is not None and any(len(values) < 2 for _, values in groups):
        se = sd * math.sqrt(math.fsum((w / total) ** 2 / len(values) for w, values in groups))
        ci = _interval(centre, se, n - 1, low, high, confidence)
    elif sd is not None:
        parts = [
            ((w / total) ** 2 * _mean_sd(values)[1] ** 2 / len(values), len(values))
            for w, values in groups
        ]
        variance = math.fsum(part for part, _ in parts)
        se = math.sqrt(variance)
        if variance > 0.0:
            df = variance**2 / math.fsum(part**2 / (size - 1) for part, size in parts)
            ci = _interval(centre, se, df, low, high, confidence)
        else:
            ci = [centre, centre]
    data: ScoreData = {"n": n, "mean": centre}
    if sd is not None:
        data["sd"] = sd
    if se is not None:
        data["se"] = se
    if ci is not None:
        data["ci"] = ci
    data["min"] = smallest
    data["max"] = largest
    return data


def _interval(
    centre: float, se: float, df: float, low: float, high: float, confidence: float
) -> list[float]:
    if se == 0.0:
        return [centre, centre]
    half = t_quantile(confidence, df) * se
    return [clamp(centre - half, low, high), clamp(centre + half, low, high)]
