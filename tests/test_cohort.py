"""Cohort figures and progress: Borich's MWDS pinned to domain.md, hand-computed cohorts,
paired change with d_z and a t interval, and pairing that never drops anyone silently."""

from __future__ import annotations

import json
import math
import statistics

import attrs
import pytest
from hypothesis import given, settings, strategies as st
from scipy import stats as scipy_stats

import leadcomp
from gap_data import ROLE, TOY, make_assessment, sheet_of
from leadcomp import InvalidDocument
from leadcomp.cohort import (
    borich_mwds,
    change_summary,
    cohort_gaps,
    distribution,
    histogram,
    progress,
    quantile,
)
from leadcomp.documents._reports import dumps_report, load_report
from leadcomp.gaps import gap
from leadcomp.model import HistogramBin
from leadcomp.validation._schemas import schema, validator
from profiles import scaled

# --- Borich --------------------------------------------------------------------------------


def test_borich_mwds_check_value_from_domain_md() -> None:
    assert borich_mwds([5, 4, 5], [3, 3, 4]) == pytest.approx(6.2222, abs=5e-5)
    assert borich_mwds([5, 4, 5], [3, 3, 4]) == pytest.approx(56 / 9)


def test_borich_mwds_is_public() -> None:
    assert leadcomp.borich_mwds([4.0], [4.0]) == 0.0
    assert leadcomp.borich_mwds([2, 2], [4, 4]) == -4.0  # ability above importance


@pytest.mark.parametrize(
    ("importance", "ability"),
    [([5, 4], [3]), ([], []), ([5, math.nan], [3, 3]), ([5, "4"], [3, 3]), ([True], [1])],
)
def test_borich_mwds_refuses_bad_input(importance: list[object], ability: list[object]) -> None:
    with pytest.raises(ValueError):  # noqa: PT011 - each case has its own message
        borich_mwds(importance, ability)  # type: ignore[arg-type]


# --- plain figures -------------------------------------------------------------------------


@given(st.lists(st.floats(-50, 50), min_size=2, max_size=30))
def test_quartiles_match_the_inclusive_method(values: list[float]) -> None:
    ordered = sorted(values)
    expected = statistics.quantiles(ordered, n=4, method="inclusive")
    got = [quantile(ordered, p) for p in (0.25, 0.5, 0.75)]
    assert got == pytest.approx(expected, abs=1e-9)


def test_distribution_and_histogram_pinned() -> None:
    d = distribution([0.5, -0.25, 1.0, 2.0])
    assert d is not None
    assert (d.min, d.q1, d.median, d.q3, d.max) == (-0.25, 0.3125, 0.75, 1.25, 2.0)
    assert distribution([]) is None
    assert histogram([0.5, -0.25, 1.0, 2.0, 0.0, 1.0000000000001]) == (
        HistogramBin(low=-1.0, high=0.0, count=2),
        HistogramBin(low=0.0, high=1.0, count=3),
        HistogramBin(low=1.0, high=2.0, count=1),
    )
    assert histogram([]) == ()
    wide = histogram([0.0, 1000.0])
    assert len(wide) <= 21
    assert sum(b.count for b in wide) == 2


def test_change_summary_pinned_against_scipy() -> None:
    summary = change_summary([(2.0, 3.0), (3.0, 3.5), (4.0, 5.0)])
    changes = [1.0, 0.5, 1.0]
    sd = statistics.stdev(changes)
    assert summary.n == 3
    assert summary.mean_change == pytest.approx(5 / 6)
    assert summary.sd_change == pytest.approx(sd)
    assert summary.effect_size == pytest.approx((5 / 6) / sd)
    low, high = scipy_stats.t.interval(0.95, 2, loc=5 / 6, scale=sd / math.sqrt(3))
    assert summary.ci == pytest.approx((low, high), rel=1e-9)
    assert (summary.mean_baseline, summary.mean_followup) == (3.0, pytest.approx(23 / 6))
    assert change_summary([(1.0, 2.0)]).ci is None  # one pair: no spread
    same = change_summary([(1.0, 2.0), (2.0, 3.0)])
    assert same.effect_size is None  # changes all equal: d_z undefined
    assert same.ci == (1.0, 1.0)


# --- cohort gaps ---------------------------------------------------------------------------


def _reports() -> list[leadcomp.GapReport]:
    people: dict[str, dict[str, float | None]] = {
        "p1": {"a": 3.0, "b": 1.0, "c": 2.0, "d": 4.0, "e": 2.0, "f": 3.0},
        "p2": {"a": 2.0, "b": 2.5, "c": 3.5, "d": 3.0, "e": None, "f": 3.0},
        "p3": {"a": 1.0, "b": 2.0, "c": 3.0, "d": 2.0, "e": 2.0, "f": 3.0},
    }
    return [gap(sheet_of(TOY, values, subject=s), ROLE, TOY) for s, values in people.items()]


def test_hand_computed_cohort() -> None:
    report = cohort_gaps(_reports())
    assert (report.role, report.people, report.frameworks) == ("toy-role", 3, ("toy@1.0.0",))
    rows = {c.competency: c for c in report.competencies}
    a = rows["a"]  # required 3: gaps 0, 1, 2
    assert (a.n, a.met, a.share_met) == (3, 1, pytest.approx(1 / 3))
    assert a.mean_gap == pytest.approx(1.0)
    assert a.sd_gap == pytest.approx(1.0)
    assert a.mean_weighted_gap == pytest.approx(4.0)
    # Borich weights by importance (4), not by the required level (3): 4 * mean(0, 1, 2)
    assert a.mwds == pytest.approx(4.0)
    assert a.gaps is not None
    assert (a.gaps.min, a.gaps.median, a.gaps.max) == (0.0, 1.0, 2.0)
    e = rows["e"]  # one person without evidence
    assert (e.n, e.no_evidence, e.met) == (2, 1, 2)
    assert "no-evidence" in [n.code for n in report.notes]
    # b: importance 2, gaps 1, -0.5, 0 -> MWDS 2 * mean(1, -0.5, 0) = 1/3
    assert rows["b"].mwds == pytest.approx(1 / 3)
    # d: required 4 but importance 1, gaps 0, 1, 2 -> 1 (weighting by the level gave 4)
    assert rows["d"].mwds == pytest.approx(1.0)
    # ranking: a 4, d 1, c (importance 3: 1, -0.5, 0 -> 0.5), b 1/3, e 0, f 0 (ties by id)
    assert report.borich == ("a", "d", "c", "b", "e", "f")
    assert [rows[c].borich_rank for c in report.borich] == list(range(1, 7))
    assert report.all_met == 0
    assert report.fit is not None
    assert report.mean_fit == pytest.approx(
        statistics.fmean(r.summary.fit for r in _reports())
    )


def test_borich_ties_are_ranked_by_id() -> None:
    report = cohort_gaps([gap(sheet_of(TOY, dict.fromkeys("abcdef", 1.0)), ROLE, TOY)])
    rows = {c.competency: c for c in report.competencies}
    # every gap is required - 1; b (importance 2, gap 1) and f (importance 1, gap 2) tie at 2
    assert [c for c in report.borich if rows[c].mwds == pytest.approx(2.0)] == ["b", "f"]
    assert report.borich[0] == "a"  # importance 4, gap 2


def test_cohort_refuses_mixed_and_empty_input() -> None:
    reports = _reports()
    other = attrs.evolve(reports[1], role="another-role")
    with pytest.raises(InvalidDocument) as caught:
        cohort_gaps([reports[0], other])
    assert caught.value.problems[0].code == "mixed-reports"
    with pytest.raises(InvalidDocument) as caught:
        cohort_gaps([])
    assert caught.value.problems[0].code == "empty-cohort"


def test_cohort_reads_its_input_once() -> None:
    report = cohort_gaps(iter(_reports()))
    assert report.people == 3


def test_duplicate_subjects_are_noted() -> None:
    reports = _reports()
    report = cohort_gaps([*reports, reports[0]])
    assert report.people == 4
    assert "duplicate-subject" in [n.code for n in report.notes]


def test_cohort_json_is_valid_and_round_trips() -> None:
    report = cohort_gaps(_reports())
    text = dumps_report(report)
    assert not list(validator("cohort-report").iter_errors(json.loads(text)))
    assert load_report(text.encode()) == report


# --- progress ------------------------------------------------------------------------------


def test_progress_pairs_by_subject_and_lists_the_missing() -> None:
    hlm = leadcomp.load_builtin("hlm")
    role = leadcomp.load_builtin("clinical-fellow", "role")

    def reports(subjects: list[str], level: float) -> list[leadcomp.GapReport]:
        return [
            gap(leadcomp.score(make_assessment(hlm, s, level=level), hlm), role)
            for s in subjects
        ]

    before = reports(["p1", "p2", "p3", "p4"], 0.3)
    after = reports(["p5", "p3", "p2", "p1"], 0.6)
    result = progress(before, after)
    assert result.paired == 3
    assert [p.subject for p in result.people] == ["p1", "p2", "p3"]
    assert result.missing_followup == ("p4",)
    assert result.missing_baseline == ("p5",)
    assert "unpaired" in [n.code for n in result.notes]
    first = result.competencies[0]
    assert first.competency == "hlm.inspiring-shared-purpose"
    assert first.title == "Inspiring shared purpose"
    by_subject = {r.subject: r for r in before}
    later = {r.subject: r for r in after}
    expected = [
        later[s].requirements[0].achieved - by_subject[s].requirements[0].achieved  # type: ignore[operator]
        for s in ("p1", "p2", "p3")
    ]
    assert [p.changes[0].change for p in result.people] == pytest.approx(expected)
    assert first.change.mean_change == pytest.approx(statistics.fmean(expected))
    assert first.change.effect_size == pytest.approx(
        statistics.fmean(expected) / statistics.stdev(expected)
    )
    assert result.fit is not None
    assert result.fit.n == 3
    text = dumps_report(result)
    assert not list(validator("progress-report").iter_errors(json.loads(text)))
    assert load_report(text.encode()) == result
    assert leadcomp.progress is progress


def test_progress_from_score_sheets() -> None:
    before = [sheet_of(TOY, {"a": 2.0}, subject="p1", compare="self")]
    after = [sheet_of(TOY, {"a": 3.5}, subject="p1", compare="self")]
    result = progress(before, after, compare="self")
    assert result.compare == "self"
    a = next(c for c in result.competencies if c.competency == "a")
    assert (a.change.n, a.change.mean_change) == (1, 1.5)
    assert result.fit is None


def test_progress_refuses_duplicates_and_mixtures() -> None:
    reports = _reports()
    with pytest.raises(InvalidDocument) as caught:
        progress([reports[0], reports[0]], reports)
    assert caught.value.problems[0].code == "duplicate-subject"
    hlm = leadcomp.load_builtin("hlm")
    with pytest.raises(InvalidDocument) as caught:
        progress(reports, [sheet_of(hlm, {}, subject="p1")])
    assert caught.value.problems[0].code == "mixed-reports"
    with pytest.raises(InvalidDocument) as caught:
        progress(reports, reports, confidence=1.5)
    assert caught.value.problems[0].code == "invalid-value"


@settings(scaled(0.6), deadline=None)
@given(
    st.lists(st.sampled_from([f"s{i}" for i in range(8)]), unique=True),
    st.lists(st.sampled_from([f"s{i}" for i in range(8)]), unique=True),
)
def test_progress_never_drops_anyone(baseline: list[str], followup: list[str]) -> None:
    def round_of(subjects: list[str], value: float) -> list[leadcomp.ScoreSheet]:
        return [sheet_of(TOY, {"a": value}, subject=s) for s in subjects]

    result = progress(round_of(baseline, 2.0), round_of(followup, 3.0))
    seen = [p.subject for p in result.people] + list(result.missing_followup) + list(
        result.missing_baseline
    )
    assert sorted(seen) == sorted(set(baseline) | set(followup))
    assert len(seen) == len(set(seen))
    assert result.paired == len(set(baseline) & set(followup))


def test_progress_schema_and_its_embedded_form_agree() -> None:
    top = schema("progress-report")
    inner = top["$defs"]["progress"]
    assert set(top["properties"]) - {"kind", "format"} == set(inner["properties"])
    assert set(top["required"]) - {"kind", "format"} == set(inner["required"])
