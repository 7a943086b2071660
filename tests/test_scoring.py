"""Scoring: pinned hand-computed figures, the checks, and the promises as properties."""

from __future__ import annotations

import json
import math
import random
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

import leadcomp
from leadcomp import stats
from leadcomp.model import (
    Assessment,
    Competency,
    Framework,
    Indicator,
    Level,
    MergeRule,
    Rater,
    Rating,
    Scale,
    ScoringPolicy,
)
from leadcomp.scoring import DEFAULT_POLICY, score, score_many, try_score_many
from profiles import scaled
from scoring_strategies import (
    FIVE,
    PIN_ANSWERS,
    PIN_FRAMEWORK,
    cohort,
    items_of,
    pin_assessment,
    policies,
    scale_of_item,
    scored_values,
    scoring_assessments,
    scoring_frameworks,
)

# Two-sided 95% Student t critical values t(0.975, df): for 2 degrees of freedom in closed form,
# (2p - 1) / sqrt(2p(1 - p)); for 3 and 4 as R's qt(0.975, df) gives them.
T2 = 0.95 / math.sqrt(2 * 0.975 * 0.025)
T3 = 3.182446305284263
T4 = 2.7764451051977987


def close(value: float | None, expected: float) -> bool:
    return value is not None and math.isclose(value, expected, rel_tol=1e-12, abs_tol=1e-12)


def check_score(score_: Any, n: int, mean: float, sd: float | None, ci: Any = None) -> None:
    assert score_ is not None
    assert score_.n == n
    assert close(score_.mean, mean)
    if sd is None:
        assert score_.sd is None
        assert score_.se is None
        assert score_.ci is None
    else:
        assert close(score_.sd, sd)
        assert close(score_.se, sd / math.sqrt(n))
        assert score_.ci is not None
        # t quantiles come from leadcomp's own distributions, good to about 1e-10
        assert score_.ci == pytest.approx(ci, abs=1e-9)


def groups_of(entry: Any) -> dict[str, Any]:
    return {g.group: g.score for g in entry.groups}


def missing_of(entry: Any) -> dict[str, str]:
    return {m.group: m.reason for m in entry.missing}


# --------------------------------------------------------------------------------------------
# pinned figures


def test_pinned_vision_reverse_keying_coverage_and_t_interval() -> None:
    sheet = score(pin_assessment(), PIN_FRAMEWORK)
    vision = sheet.competency("vision")
    # v3 is reverse-keyed on 1..5: v -> 6 - v. Rater means of (v1, v2, 6 - v3):
    #   S (5, 5, 5) = 5; M (3, 3, 3) = 3; P1 (4, 4, 4) = 4; P3 (2, 3, 2) = 7/3;
    #   P4 (4, 3, 3) = 10/3; P2 answered 2 of 3 (67% < 75%): no score;
    #   D1 answered 2 of 3: no score; D2 (1, 1, 1) = 1, alone: direct reports withheld.
    check_score(vision.self, 1, 5.0, None)
    check_score(groups_of(vision)["manager"], 1, 3.0, None)
    # peers 4, 7/3, 10/3: mean 29/9; deviations 7/9, -8/9, 1/9 -> SS 114/81, var 57/81,
    # sd sqrt(57)/9, se sqrt(19)/9; CI 29/9 -/+ t(2) se, the top truncated to the scale's 5
    peer_se = math.sqrt(19) / 9
    check_score(
        groups_of(vision)["peer"], 3, 29 / 9, math.sqrt(57) / 9, (29 / 9 - T2 * peer_se, 5.0)
    )
    # all others (per rater): M 3, P1 4, P3 7/3, P4 10/3: mean 19/6; deviations -1/6, 5/6,
    # -5/6, 1/6 -> SS 52/36, var 13/27, sd sqrt(13/27), se sd/2; CI 19/6 -/+ t(3) se
    sd = math.sqrt(13 / 27)
    check_score(vision.all_others, 4, 19 / 6, sd, (19 / 6 - T3 * sd / 2, 19 / 6 + T3 * sd / 2))
    assert vision.all_others is not None
    assert vision.all_others.max == 4.0  # the direct report's 1 is not pooled
    assert vision.all_others.min == 7 / 3
    # self 5 - others 19/6 = 11/6 >= 1 point: a blind spot
    assert vision.flag == "blind_spot"
    assert missing_of(vision) == {"direct_report": "withheld"}
    # shown raters S, M, P1-P4: 6 x 3 = 18 answers expected, P2's v3 not observed (D1's
    # "not observed" belongs to a withheld group and is not counted)
    assert vision.not_observed == 1
    assert close(vision.coverage, 17 / 18)


def test_pinned_care_and_comments() -> None:
    care = score(pin_assessment(), PIN_FRAMEWORK).competency("care")
    # S (4, 4) = 4; M (4, 5) = 4.5; P1 3; P2 4; P3 2.5; P4 4.5; D1 half answered: no score
    check_score(care.self, 1, 4.0, None)
    # peers 3, 4, 2.5, 4.5: mean 3.5; SS 2.5, var 5/6; CI 3.5 -/+ t(3) sd/2
    sd = math.sqrt(2.5 / 3)
    check_score(groups_of(care)["peer"], 4, 3.5, sd, (3.5 - T3 * sd / 2, 3.5 + T3 * sd / 2))
    # all others 4.5, 3, 4, 2.5, 4.5: mean 3.7; SS 3.3, var 0.825; se sd/sqrt(5); t(4)
    sd = math.sqrt(0.825)
    se = sd / math.sqrt(5)
    check_score(care.all_others, 5, 3.7, sd, (3.7 - T4 * se, 3.7 + T4 * se))
    assert care.flag is None  # 4 - 3.7 = 0.3
    assert care.not_observed == 0
    assert close(care.coverage, 1.0)
    # comments: self always; manager (1 >= 1) and peers (4 >= 3) shown; the withheld direct
    # report's comment is dropped. Sorted by group, never with a rater id.
    assert [(c.group, c.text) for c in care.comments] == [
        ("self", "My own view"),
        ("manager", "Manager note"),
        ("peer", "Listens well"),
    ]


def test_pinned_parent_is_the_weighted_mean_of_rater_child_scores() -> None:
    lead = score(pin_assessment(), PIN_FRAMEWORK).competency("lead")
    # per rater (vision + 2 care) / 3, missing where under 75% of the weight is scored:
    #   S (5 + 8)/3 = 13/3; M (3 + 9)/3 = 4; P1 (4 + 6)/3 = 10/3; P2 no vision (2/3): none;
    #   P3 (7/3 + 5)/3 = 22/9; P4 (10/3 + 9)/3 = 37/9
    check_score(lead.self, 1, 13 / 3, None)
    # peers 30/27, 22/9, 37/9 -> in 27ths: 90, 66, 111; mean 89/27; SS (1+529+484)/729,
    # var 507/729, sd sqrt(507)/27, se 13/27
    check_score(
        groups_of(lead)["peer"], 3, 89 / 27, math.sqrt(507) / 27, (89 / 27 - T2 * 13 / 27, 5.0)
    )
    # all others 4, 10/3, 22/9, 37/9: in 108ths 432, 360, 264, 444, mean 375/108;
    # deviations 57, -15, -111, 69 -> SS 20556/11664, var / 3
    sd = math.sqrt(20556 / 11664 / 3)
    mean = 375 / 108
    check_score(lead.all_others, 4, mean, sd, (mean - T3 * sd / 2, mean + T3 * sd / 2))
    assert lead.flag is None  # 13/3 - 375/108 = 0.86 < 1
    # counts are the sum of the children's (each over its own shown raters)
    assert lead.not_observed == 1
    assert close(lead.coverage, 29 / 30)


def test_pinned_direct_rating_blind_spot_boundary_and_overall() -> None:
    sheet = score(pin_assessment(), PIN_FRAMEWORK)
    ethics = sheet.competency("ethics")
    # rated directly: S 4, M 2, P1 3, P2 3, P3 not observed (no score), P4 4; D1, D2 5
    check_score(ethics.self, 1, 4.0, None)
    sd = math.sqrt(2 / 3)
    # peers 3, 3, 4: mean 10/3, var (1/9 + 1/9 + 4/9) / 2 = 1/3, se 1/3
    check_score(
        groups_of(ethics)["peer"], 3, 10 / 3, math.sqrt(1 / 3), (10 / 3 - T2 / 3, 10 / 3 + T2 / 3)
    )
    # all others 2, 3, 3, 4: mean 3, var 2/3
    check_score(ethics.all_others, 4, 3.0, sd, (3 - T3 * sd / 2, 3 + T3 * sd / 2))
    # self - others = exactly 1 point, the threshold, but self 4 lies inside the others'
    # interval [1.70, 4.30]: not clearly above them, so no blind spot
    assert ethics.all_others is not None
    assert ethics.all_others.ci is not None
    assert ethics.all_others.ci[0] < 4.0 < ethics.all_others.ci[1]
    assert ethics.flag is None
    # overall = (lead + ethics) / 2 per rater; a rater missing either has 50% < 75%:
    #   S (13/3 + 4)/2 = 25/6; M (4 + 2)/2 = 3; P1 (10/3 + 3)/2 = 19/6; P4 (37/9 + 4)/2 = 73/18
    overall = sheet.overall
    check_score(overall.self, 1, 25 / 6, None)
    check_score(groups_of(overall)["manager"], 1, 3.0, None)
    # only two peers have an overall score: withheld; all others (manager alone) withheld
    assert "peer" not in groups_of(overall)
    assert missing_of(overall) == {
        "peer": "withheld", "direct_report": "withheld", "all_others": "withheld"
    }
    assert overall.all_others is None
    assert overall.flag is None


def test_pinned_peer_scores_are_t_intervals_checked_against_scipy() -> None:
    scipy_stats = pytest.importorskip("scipy.stats")
    peer = groups_of(score(pin_assessment(), PIN_FRAMEWORK).competency("vision"))["peer"]
    values = [4.0, 7 / 3, 10 / 3]
    low, _ = scipy_stats.t.interval(0.95, 2, loc=29 / 9, scale=scipy_stats.sem(values))
    assert peer.ci[0] == pytest.approx(low, abs=1e-9)
    for df, critical in ((2, T2), (3, T3), (4, T4)):
        assert critical == pytest.approx(scipy_stats.t.ppf(0.975, df), abs=1e-12)


ITEMS = ("v1", "v2", "v3", "c1", "c2", "ethics")


def test_pinned_blind_spot_needs_self_outside_the_others_interval() -> None:
    # others on ethics 3, 3, 3, 3 (interval [3, 3]); self 4: the threshold (inclusive) and
    # outside the interval, a blind spot; self 2 a hidden strength
    answers = dict(PIN_ANSWERS)
    answers["M"] = (*PIN_ANSWERS["M"][:5], 3)
    answers["P4"] = (*PIN_ANSWERS["P4"][:5], 3)
    for own, flag in ((4, "blind_spot"), (2, "hidden_strength"), (3, None)):
        answers["S"] = (*PIN_ANSWERS["S"][:5], own)
        assessment = pin_assessment()
        assessment = attrs.evolve(
            assessment,
            ratings=tuple(
                attrs.evolve(r, value=answers[r.rater][ITEMS.index(r.item)])
                for r in assessment.ratings
            ),
        )
        ethics = score(assessment, PIN_FRAMEWORK).competency("ethics")
        assert ethics.all_others is not None
        assert ethics.all_others.ci == (3.0, 3.0)
        assert ethics.flag == flag


def test_pinned_reliability_and_agreement_use_the_shown_others() -> None:
    policy = attrs.evolve(DEFAULT_POLICY, rater_consistency=True)
    vision = score(pin_assessment(), PIN_FRAMEWORK, policy).competency("vision")
    # rows of the all-others raters, reverse-keyed item reflected: M, P1, P3, P4
    rows = [[3, 3, 3], [4, 4, 4], [2, 3, 2], [4, 3, 3]]
    alpha = stats.cronbach_alpha(rows, missing="pairwise", ci=0.95)
    assert vision.rater_consistency is not None
    assert vision.rater_consistency.value == pytest.approx(alpha.value, abs=1e-12)
    assert vision.rater_consistency.ci == pytest.approx(alpha.ci, abs=1e-12)
    assert vision.agreement is not None
    assert vision.agreement.value == pytest.approx(stats.rwg_j(rows, 5).value, abs=1e-12)
    # a parent has no indicators of its own: nothing to compute
    lead = score(pin_assessment(), PIN_FRAMEWORK, policy).competency("lead")
    assert lead.rater_consistency is None


def test_default_sheets_carry_no_per_person_alpha() -> None:
    # alpha across one person's raters measures halo, not reliability: off by default
    vision = score(pin_assessment(), PIN_FRAMEWORK).competency("vision")
    assert vision.rater_consistency is None
    assert vision.agreement is not None


def test_pinned_group_pooling_is_the_weighted_mean_of_group_means() -> None:
    policy = leadcomp.builtin_policy("group-pooling")
    vision = score(pin_assessment(), PIN_FRAMEWORK, policy).competency("vision")
    # manager 3 and peers 4, 7/3, 10/3 (29/9), equal weights: (3 + 29/9) / 2 = 28/9. The SD
    # describes the four raters around that reported mean: deviations -1/9, 8/9, -7/9, 2/9,
    # squares 118/81, over 3. The manager is one rater, so the raters are taken to share one
    # variance: se = sd * sqrt((1/2)^2 / 1 + (1/2)^2 / 3) = sd * sqrt(1/3), t with 3 df
    assert vision.all_others is not None
    assert close(vision.all_others.mean, 28 / 9)
    assert vision.all_others.n == 4
    sd = math.sqrt(118 / 243)
    assert close(vision.all_others.sd, sd)
    assert close(vision.all_others.se, sd * math.sqrt(1 / 3))
    half = T3 * sd * math.sqrt(1 / 3)
    assert vision.all_others.ci == pytest.approx((28 / 9 - half, 28 / 9 + half), abs=1e-9)
    weighted = attrs.evolve(
        policy, group_weights=attrs.evolve(policy.group_weights, manager=3.0)
    )
    vision = score(pin_assessment(), PIN_FRAMEWORK, weighted).competency("vision")
    assert vision.all_others is not None
    assert close(vision.all_others.mean, (3 * 3 + 29 / 9) / 4)


def test_group_pooling_interval_is_stratified_with_welch_degrees_of_freedom() -> None:
    base = leadcomp.builtin_policy("group-pooling")
    policy = attrs.evolve(base, thresholds=attrs.evolve(base.thresholds, direct_report=1))
    raters = ["S", "P1", "P3", "P4", "D1", "D2"]
    extra = Assessment(
        id="x", subject="s", framework="pin@1.0.0",
        raters=(*pin_assessment(raters).raters, Rater(id="D3", group="direct_report")),
        ratings=(
            *pin_assessment(raters).ratings,
            *(Rating(rater="D3", item=i, value=v) for i, v in (("v1", 2), ("v2", 3), ("v3", 2))),
        ),
    )
    vision = score(extra, PIN_FRAMEWORK, policy).competency("vision")
    # peers 4, 7/3, 10/3 (mean 29/9, var 57/81); direct reports D2 1 and D3 (2, 3, 6 - 2) = 3
    # (mean 2, var 2); equal weights 1/2: se^2 = 1/4 * 57/81 / 3 + 1/4 * 2 / 2
    peers = [4, 7 / 3, 10 / 3]
    reports = [1.0, 3.0]
    a = 0.25 * (57 / 81) / 3
    b = 0.25 * 2 / 2
    se = math.sqrt(a + b)
    # Welch-Satterthwaite: (a + b)^2 / (a^2 / (3 - 1) + b^2 / (2 - 1))
    df = (a + b) ** 2 / (a**2 / 2 + b**2 / 1)
    mean = (29 / 9 + 2) / 2
    assert vision.all_others is not None
    assert close(vision.all_others.mean, mean)
    assert close(vision.all_others.se, se)
    half = stats_t(df) * se
    # the interval is wider than the scale here: truncated to 1..5
    assert vision.all_others.ci == pytest.approx(
        (max(1.0, mean - half), min(5.0, mean + half)), abs=1e-9
    )
    assert vision.all_others.ci == (1.0, 5.0)
    assert vision.all_others.n == len(peers) + len(reports)


def stats_t(df: float) -> float:
    from leadcomp.stats._distributions import t_ppf

    return t_ppf(0.975, df)


def test_pinned_merge_policy_shows_small_groups_only_merged() -> None:
    policy = leadcomp.builtin_policy("merge")
    vision = score(pin_assessment(), PIN_FRAMEWORK, policy).competency("vision")
    # direct reports: only D2 is scored (1 < 3), so peers and direct reports are shown only
    # together as "colleagues": P1 4, P3 7/3, P4 10/3, D2 1
    groups = groups_of(vision)
    assert set(groups) == {"manager", "colleagues"}
    assert groups["colleagues"].n == 4
    assert close(groups["colleagues"].mean, (4 + 7 / 3 + 10 / 3 + 1) / 4)
    assert missing_of(vision) == {"peer": "merged", "direct_report": "merged"}
    assert vision.all_others is not None
    assert vision.all_others.n == 5
    # care: direct reports have one scored rater too; ethics: two (D1, D2), still small
    care = score(pin_assessment(), PIN_FRAMEWORK, policy).competency("care")
    assert set(groups_of(care)) == {"manager", "colleagues"}


def test_merged_group_under_its_threshold_is_withheld() -> None:
    policy = attrs.evolve(
        leadcomp.builtin_policy("merge"), merge=MergeRule(threshold=6)
    )
    vision = score(pin_assessment(), PIN_FRAMEWORK, policy).competency("vision")
    assert set(groups_of(vision)) == {"manager"}
    assert missing_of(vision)["colleagues"] == "withheld"
    # the all-others composite cannot include the withheld colleagues: the manager alone
    assert vision.all_others is None
    assert missing_of(vision)["all_others"] == "withheld"


def test_a_group_whose_every_rater_answered_too_little_is_withheld_as_any_small_group() -> None:
    # every peer answers v1 only: 1 of vision's 3 items, under 75%; that nobody of a group
    # was scored is itself what a withheld cell hides, so it reads as one or two would
    pinned = pin_assessment()
    quiet = attrs.evolve(
        pinned,
        ratings=tuple(
            attrs.evolve(r, value=None)
            if r.rater.startswith("P") and r.item in ("v2", "v3")
            else r
            for r in pinned.ratings
        ),
    )
    sheet = score(quiet, PIN_FRAMEWORK)
    vision = sheet.competency("vision")
    assert "peer" not in groups_of(vision)
    assert [(m.reason, m.message) for m in vision.missing if m.group == "peer"] == [
        ("withheld", "peer ratings withheld: fewer than 3 raters answered enough items")
    ]
    # care is untouched; lead leaves out the peers' withheld vision scores, and their care
    # scores alone (weight 2 of 3) are under 75% of lead's parts
    assert "peer" in groups_of(sheet.competency("care"))
    assert "peer" not in missing_of(sheet.competency("care"))
    assert missing_of(sheet.competency("lead"))["peer"] == "withheld"


def test_a_group_of_threshold_one_whose_every_rater_answered_too_little_is_missing() -> None:
    # the manager answers v1 only: a group of threshold 1 with nobody scored has nothing to
    # hide, so it is missing for low coverage
    pinned = pin_assessment()
    quiet = attrs.evolve(
        pinned,
        ratings=tuple(
            attrs.evolve(r, value=None) if r.rater == "M" and r.item in ("v2", "v3") else r
            for r in pinned.ratings
        ),
    )
    sheet = score(quiet, PIN_FRAMEWORK)
    vision = sheet.competency("vision")
    assert "manager" not in groups_of(vision)
    assert [(m.reason, m.message) for m in vision.missing if m.group == "manager"] == [
        ("low-coverage", "manager score missing: every manager rater answered fewer than 75% "
         "of its items")
    ]
    assert "low-coverage" in {note.code for note in sheet.notes}
    assert "manager" in groups_of(sheet.competency("care"))


def test_a_small_group_whose_every_rater_answered_too_little_is_withheld() -> None:
    # D1 alone answers 2 of vision's 3 items and 1 of care's 2 (under 75%), and ethics directly;
    # one direct report is under the threshold of 3 wherever D1 is scored or not
    sheet = score(pin_assessment(["S", "M", "P1", "P2", "P3", "P4", "D1"]), PIN_FRAMEWORK)
    withheld = "direct report ratings withheld: fewer than 3 raters answered enough items"
    for entry in [sheet.overall, *sheet.competencies]:
        assert "direct_report" not in groups_of(entry)
        assert [(m.reason, m.message) for m in entry.missing if m.group == "direct_report"] == [
            ("withheld", withheld)
        ]
    # a group with no raters at all is not mentioned
    without = score(pin_assessment(["S", "M", "P1", "P2", "P3", "P4"]), PIN_FRAMEWORK)
    assert all("direct_report" not in missing_of(c) for c in without.competencies)


def test_pinned_sheet_metadata_and_notes() -> None:
    sheet = score(pin_assessment(), PIN_FRAMEWORK)
    assert sheet.subject == "subject-7"
    assert sheet.assessment == "pin-1"
    assert sheet.framework == "pin@1.0.0"
    assert sheet.policy == DEFAULT_POLICY
    assert sheet.leadcomp_version == leadcomp.__version__
    assert [c.competency for c in sheet.competencies] == ["lead", "vision", "care", "ethics"]
    # notes say what was withheld and why, with the policy's thresholds but no counts
    assert [(note.code, note.message) for note in sheet.notes] == [
        (
            "withheld",
            "direct report ratings are withheld where fewer than 3 raters answered enough items",
        ),
        (
            "low-coverage",
            "raters who answered fewer than 75% of a competency's items are left out of its "
            "scores",
        ),
        ("withheld", "peer ratings are withheld where fewer than 3 raters answered enough items"),
        (
            "withheld",
            "the all-others composite is withheld where fewer than 4 raters are shown",
        ),
    ]


def test_score_sheet_serialises_losslessly_and_validates() -> None:
    sheet = score(pin_assessment(), PIN_FRAMEWORK)
    text = leadcomp.dumps(sheet)
    assert leadcomp.load(text.encode(), kind="scoresheet") == sheet
    assert leadcomp.validate(text.encode()) == []
    data = json.loads(text)
    # floats are written in their shortest exact form (repr): no rounding, no noise added
    peer_mean = sheet.competency("vision").groups[1].score.mean
    assert data["competencies"][1]["groups"][1]["score"]["mean"] == peer_mean
    assert f'"mean": {peer_mean!r}' in text
    compact = leadcomp.dumps(sheet, compact=True)
    assert "\n" not in compact
    assert json.loads(compact) == data


# --------------------------------------------------------------------------------------------
# checks


def test_framework_mismatch_is_a_problem() -> None:
    other = attrs.evolve(pin_assessment(), framework="pin@2.0.0")
    with pytest.raises(leadcomp.InvalidDocument) as caught:
        score(other, PIN_FRAMEWORK)
    assert [p.code for p in caught.value.problems] == ["framework-mismatch"]
    assert caught.value.problems[0].path == "$.framework"


def test_bad_items_values_raters_and_duplicates_are_problems() -> None:
    base = pin_assessment(["S", "M"])
    bad = attrs.evolve(
        base,
        ratings=(
            *base.ratings,
            Rating(rater="M", item="nope", value=3),
            Rating(rater="M", item="v1", value=4),
            Rating(rater="ghost", item="v2", value=2),
            Rating(rater="S", item="c1", value=9),
        ),
    )
    with pytest.raises(leadcomp.InvalidDocument) as caught:
        score(bad, PIN_FRAMEWORK)
    codes = sorted(p.code for p in caught.value.problems)
    assert codes == [
        "duplicate-rating", "duplicate-rating", "unknown-item", "unknown-rater", "value-off-scale"
    ]
    assert {p.path for p in caught.value.problems} >= {"$.ratings[12].item", "$.ratings[15].value"}


def test_missing_self_is_a_problem_only_when_the_policy_requires_self() -> None:
    no_self = pin_assessment(["M", "P1", "P3", "P4"])
    assert score(no_self, PIN_FRAMEWORK).competency("vision").self is None
    strict = attrs.evolve(DEFAULT_POLICY, id="strict", require_self=True)
    with pytest.raises(leadcomp.InvalidDocument) as caught:
        score(no_self, PIN_FRAMEWORK, strict)
    assert [p.code for p in caught.value.problems] == ["missing-self"]
    assert leadcomp.scoring_problems(pin_assessment(), PIN_FRAMEWORK, strict) == []


def test_invalid_framework_or_policy_is_refused() -> None:
    broken = attrs.evolve(PIN_FRAMEWORK, default_scale="nowhere")
    with pytest.raises(leadcomp.InvalidDocument) as caught:
        score(pin_assessment(), broken)
    assert "unknown-reference" in {p.code for p in caught.value.problems}
    bad_policy = attrs.evolve(DEFAULT_POLICY, merge=MergeRule(into="peer"))
    with pytest.raises(leadcomp.InvalidDocument) as caught:
        score(pin_assessment(), PIN_FRAMEWORK, bad_policy)
    assert [p.path for p in caught.value.problems] == ["$.merge.into"]
    huge = attrs.evolve(
        PIN_FRAMEWORK,
        scales=(attrs.evolve(FIVE, levels=(*FIVE.levels, Level(value=10**13, label="huge"))),),
    )
    with pytest.raises(leadcomp.InvalidDocument) as caught:
        score(pin_assessment(), huge)
    assert [p.code for p in caught.value.problems] == ["unscorable-scale"]


def test_indicators_on_another_scale_are_mapped_onto_the_competency_scale() -> None:
    four = Scale(id="four", levels=tuple(Level(value=v, label=str(v)) for v in range(1, 5)))
    framework = Framework(
        id="mix", version="1.0.0", title="Mixed", default_scale="five", scales=(FIVE, four),
        competencies=(
            Competency(
                id="x", title="X", kind="skill",
                indicators=(
                    Indicator(id="x1", text="on five"),
                    Indicator(id="x2", text="on four", scale="four"),
                    Indicator(id="x3", text="on four, reversed", scale="four", reverse=True),
                ),
            ),
        ),
    )
    assessment = Assessment(
        subject="s", framework="mix@1.0.0", raters=(Rater(id="me", group="self"),),
        ratings=(
            Rating(rater="me", item="x1", value=2),
            Rating(rater="me", item="x2", value=4),  # top of 1..4 -> 5 on 1..5
            Rating(rater="me", item="x3", value=2),  # reflected to 3 -> 1 + 2 * 4/3 = 11/3
        ),
    )
    entry = score(assessment, framework).competency("x")
    assert close(entry.self.mean if entry.self else None, (2 + 5 + 11 / 3) / 3)


def test_scores_are_always_within_the_scale_even_for_tiny_groups() -> None:
    # two raters at opposite ends: the t interval is far wider than the scale, so truncated
    raters = ["M", "P1", "P3", "P4"]
    assessment = pin_assessment(raters)
    ratings = [
        attrs.evolve(r, value=1 if r.rater in ("M", "P1") else 5)
        if r.item in ("c1", "c2") else r
        for r in assessment.ratings
    ]
    care = score(attrs.evolve(assessment, ratings=tuple(ratings)), PIN_FRAMEWORK).competency(
        "care"
    )
    assert care.all_others is not None
    assert care.all_others.ci == (1.0, 5.0)


# --------------------------------------------------------------------------------------------
# properties


def within(value: float, low: float, high: float) -> bool:
    return low <= value <= high


@settings(scaled(1.5), suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(data=st.data())
def test_every_score_lies_within_its_scale(data: st.DataObject) -> None:
    framework = data.draw(scoring_frameworks())
    assessment = data.draw(scoring_assessments(framework))
    policy = data.draw(policies())
    sheet = score(assessment, framework, policy)
    ranges = {s.id: (s.minimum, s.maximum) for s in framework.scales}
    scale_of = {c.competency: c.scale for c in sheet.competencies}
    scale_of["overall"] = sheet.overall.scale
    for where, found in scored_values(sheet):
        low, high = ranges[scale_of[where.split("/")[0]]]
        assert within(found.mean, low, high), where
        assert within(found.min, low, high), where
        assert within(found.max, low, high), where
        assert found.min <= found.mean <= found.max, where
        if found.ci is not None:
            assert low <= found.ci[0] <= found.ci[1] <= high, where
        if found.n == 1:
            assert found.sd is None
            assert found.ci is None


@settings(scaled(1), suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(data=st.data())
def test_a_flag_needs_self_outside_the_others_interval(data: st.DataObject) -> None:
    framework = data.draw(scoring_frameworks())
    assessment = data.draw(scoring_assessments(framework))
    policy = data.draw(policies())
    sheet = score(assessment, framework, policy)
    for entry in (*sheet.competencies, sheet.overall):
        if entry.flag is None:
            continue
        assert entry.self is not None
        assert entry.all_others is not None
        assert entry.all_others.ci is not None
        if entry.flag == "blind_spot":
            assert entry.self.mean > entry.all_others.ci[1]
        else:
            assert entry.self.mean < entry.all_others.ci[0]


def shuffled(assessment: Assessment, seed: int) -> Assessment:
    rng = random.Random(seed)
    raters = list(assessment.raters)
    ratings = list(assessment.ratings)
    rng.shuffle(raters)
    rng.shuffle(ratings)
    return attrs.evolve(assessment, raters=tuple(raters), ratings=tuple(ratings))


@settings(scaled(1), suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(data=st.data(), seed=st.integers(0, 2**32))
def test_permuting_raters_and_ratings_changes_nothing(data: st.DataObject, seed: int) -> None:
    framework = data.draw(scoring_frameworks())
    assessment = data.draw(scoring_assessments(framework))
    policy = data.draw(policies())
    sheet = score(assessment, framework, policy)
    again = score(shuffled(assessment, seed), framework, policy)
    assert again == sheet
    assert leadcomp.dumps(again) == leadcomp.dumps(sheet)


def ancestors(framework: Framework, competency_id: str) -> list[str]:
    chain = [competency_id]
    parent = framework.competency(competency_id).parent
    while parent is not None:
        chain.append(parent)
        parent = framework.competency(parent).parent
    return chain


def competency_of_item(framework: Framework, item: str) -> tuple[str, bool]:
    index = framework.indicator_index()
    if item in index:
        competency, indicator = index[item]
        return competency.id, indicator.reverse
    return item, False


def figures(sheet: Any, competency: str | None, group: str) -> list[tuple[str, float]]:
    node = sheet.overall if competency is None else sheet.competency(competency)
    found = []
    if group == "self" and node.self is not None:
        found.append(("self", node.self.mean))
    if node.all_others is not None:
        found.append(("all_others", node.all_others.mean))
    found.extend((g.group, g.score.mean) for g in node.groups)
    return found


@settings(scaled(1.5), suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(data=st.data())
def test_raising_a_rating_never_lowers_its_competency_score(data: st.DataObject) -> None:
    framework = data.draw(scoring_frameworks())
    assessment = data.draw(scoring_assessments(framework))
    policy = data.draw(policies())
    raisable = [
        (i, r)
        for i, r in enumerate(assessment.ratings)
        if r.value is not None and r.value < scale_of_item(framework, r.item).maximum
    ]
    if not raisable:
        return
    index, rating = data.draw(st.sampled_from(raisable))
    values = scale_of_item(framework, rating.item).values
    assert rating.value is not None
    higher = data.draw(st.sampled_from([v for v in values if v > rating.value]))
    ratings = list(assessment.ratings)
    ratings[index] = attrs.evolve(rating, value=higher)
    before = score(assessment, framework, policy)
    after = score(attrs.evolve(assessment, ratings=tuple(ratings)), framework, policy)
    group = next(r.group for r in assessment.raters if r.id == rating.rater)
    competency, reverse = competency_of_item(framework, rating.item)
    for node in [*ancestors(framework, competency), None]:
        old = dict(figures(before, node, group))
        new = dict(figures(after, node, group))
        assert old.keys() == new.keys()  # the same raters count: visibility cannot change
        for name, value in old.items():
            if reverse:
                assert new[name] <= value, (node, name)
            else:
                assert new[name] >= value, (node, name)


@settings(scaled(1.5), suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(data=st.data())
def test_adding_not_observed_answers_changes_no_score(data: st.DataObject) -> None:
    framework = data.draw(scoring_frameworks())
    assessment = data.draw(scoring_assessments(framework))
    policy = data.draw(policies())
    answered = {(r.rater, r.item) for r in assessment.ratings}
    # raters who answer nothing but "not observed", a silent self among them if there is none;
    # other silent raters join groups that have raters already (whether a group has raters at
    # all decides, with how many are scored, whether it is withheld or merges its partners:
    # a group with raters but none scored reads as one with too few)
    present = sorted({r.group for r in assessment.raters if r.group != "self"})
    groups = data.draw(st.lists(st.sampled_from(present), max_size=3)) if present else []
    if not any(r.group == "self" for r in assessment.raters) and data.draw(st.booleans()):
        groups.append("self")
    extra_raters = [
        Rater(id=f"silent-{n}", group=g)  # type: ignore[arg-type]
        for n, g in enumerate(groups)
    ]
    open_pairs = [
        (rater.id, item)
        for rater in (*assessment.raters, *extra_raters)
        for item in items_of(framework)
        if (rater.id, item) not in answered and scale_of_item(framework, item).not_observed
    ]
    if not open_pairs:
        return
    chosen = data.draw(st.lists(st.sampled_from(open_pairs), unique=True, min_size=1))
    more = attrs.evolve(
        assessment,
        raters=(*assessment.raters, *extra_raters),
        ratings=(
            *assessment.ratings,
            *(Rating(rater=rater, item=item, value=None) for rater, item in chosen),
        ),
    )
    before = score(assessment, framework, policy)
    after = score(more, framework, policy)
    assert scored_values(after) == scored_values(before)
    for old, new in zip(before.competencies, after.competencies, strict=True):
        assert new.flag == old.flag
        assert new.groups == old.groups
        assert new.comments == old.comments
        assert new.rater_consistency == old.rater_consistency
        assert new.agreement == old.agreement
        assert new.not_observed >= old.not_observed


@settings(scaled(0.6), suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(data=st.data())
def test_scoring_is_deterministic(data: st.DataObject) -> None:
    framework = data.draw(scoring_frameworks())
    assessment = data.draw(scoring_assessments(framework))
    policy = data.draw(policies())
    first = score(assessment, framework, policy)
    assert score(assessment, framework, policy) == first
    assert leadcomp.dumps(score(assessment, framework, policy)) == leadcomp.dumps(first)


@settings(scaled(1.5), suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(data=st.data())
def test_shown_groups_meet_their_thresholds_and_merged_members_never_show(
    data: st.DataObject,
) -> None:
    framework = data.draw(scoring_frameworks())
    assessment = data.draw(scoring_assessments(framework))
    policy = data.draw(policies())
    sheet = score(assessment, framework, policy)
    nodes: list[Any] = [sheet.overall, *sheet.competencies]
    for node in nodes:
        shown = {g.group: g.score.n for g in node.groups}
        for group, n in shown.items():
            if group == policy.merge.into:
                assert n >= policy.merge.threshold
            else:
                assert n >= policy.thresholds.of(group)
        if policy.merge.into in shown:
            assert not set(shown) & set(policy.merge.groups)
        if node.all_others is not None:
            assert node.all_others.n >= policy.all_others_threshold
            assert node.all_others.n == sum(shown.values())
        for comment in getattr(node, "comments", ()):
            assert comment.group == "self" or comment.group in shown


# ---- anonymity: a suppressed group leaves no trace ----------------------------------------

SECRET = "zqx-secret"


def extreme(framework: Framework, item: str) -> int:
    """The answer that scores an item at the top of its scale (reverse-keyed: the bottom)."""
    scale = scale_of_item(framework, item)
    index = framework.indicator_index()
    reverse = item in index and index[item][1].reverse
    return scale.minimum if reverse else scale.maximum


@st.composite
def with_suppressed_peers(draw: st.DrawFn) -> tuple[Framework, Assessment, Assessment]:
    """A framework; an assessment with 1 or 2 peers (under the default threshold of 3) who
    answer every item at its extreme, with distinctive comments and ids, while nobody else
    ever does; and the same assessment without the peers."""
    framework = draw(scoring_frameworks())
    sizes = {
        "self": draw(st.integers(0, 1)),
        "manager": draw(st.integers(0, 2)),
        "peer": 0,
        "direct_report": draw(st.integers(0, 5)),
        "other": draw(st.integers(0, 4)),
    }
    base = draw(scoring_assessments(framework, sizes=sizes))
    ordinary = tuple(
        r for r in base.ratings if r.value is None or r.value != extreme(framework, r.item)
    )
    base = attrs.evolve(base, ratings=ordinary)
    peers = [Rater(id=f"{SECRET}-rater-{n}", group="peer") for n in range(draw(st.integers(1, 2)))]
    peer_ratings = [
        Rating(
            rater=peer.id,
            item=item,
            value=extreme(framework, item),
            comment=f"{SECRET} comment {n}",
        )
        for peer in peers
        for n, item in enumerate(items_of(framework))
    ]
    with_peers = attrs.evolve(
        base,
        raters=(*base.raters, *peers),
        ratings=(*base.ratings, *peer_ratings),
    )
    return framework, with_peers, base


def without_withheld_markers(sheet: Any) -> Any:
    def clean(node: Any) -> Any:
        return attrs.evolve(
            node, missing=tuple(m for m in node.missing if m.reason != "withheld")
        )

    return attrs.evolve(
        sheet,
        overall=clean(sheet.overall),
        competencies=tuple(clean(c) for c in sheet.competencies),
        notes=tuple(
            n for n in sheet.notes if n.code not in ("withheld", "open-comments-withheld")
        ),
    )


@settings(scaled(1.5), suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(case=with_suppressed_peers())
def test_a_suppressed_group_leaves_no_trace(case: tuple[Framework, Assessment, Assessment]) -> None:
    framework, with_peers, without_peers = case
    sheet = score(with_peers, framework)
    # nothing about the peers, beyond "withheld", differs from a sheet made without them:
    # not a score, not the all-others composite, not a count, not a comment
    assert without_withheld_markers(sheet) == without_withheld_markers(
        score(without_peers, framework)
    )
    # their distinctive answers (the only ones at the top of the scale) are pooled nowhere
    tops = {s.id: s.maximum for s in framework.scales}
    scale_of = {c.competency: c.scale for c in sheet.competencies}
    scale_of["overall"] = sheet.overall.scale
    for where, found in scored_values(sheet):
        assert found.max < tops[scale_of[where.split("/")[0]]], where
    for node in [sheet.overall, *sheet.competencies]:
        assert "peer" not in {g.group for g in node.groups}
    # and nothing of theirs is anywhere in what the API or the JSON shows
    for shown in (repr(sheet), leadcomp.dumps(sheet), leadcomp.dumps(sheet, syntax="yaml")):
        assert SECRET not in shown
    # rater ids never appear in a sheet, whoever the rater
    text = leadcomp.dumps(sheet)
    for rater in with_peers.raters:
        assert f'"{rater.id}"' not in text
        assert rater.id not in repr(sheet)


# --------------------------------------------------------------------------------------------
# batches


def test_score_many_inline_yields_sheets_in_order() -> None:
    assessments = cohort(10)
    sheets = list(score_many(assessments, PIN_FRAMEWORK, chunksize=3))
    assert [s.assessment for s in sheets] == [a.id for a in assessments]
    assert sheets == [score(a, PIN_FRAMEWORK) for a in assessments]


def test_score_many_on_a_process_pool_equals_inline() -> None:
    assessments = cohort(25)
    inline = list(score_many(assessments, PIN_FRAMEWORK, leadcomp.builtin_policy("merge")))
    with ProcessPoolExecutor(2) as pool:
        pooled = list(
            score_many(
                assessments, PIN_FRAMEWORK, leadcomp.builtin_policy("merge"), executor=pool,
                chunksize=4,
            )
        )
    assert pooled == inline


def test_score_many_raises_at_the_first_bad_assessment() -> None:
    assessments = cohort(3)
    assessments[1] = attrs.evolve(assessments[1], framework="pin@9.9.9")
    results = score_many(assessments, PIN_FRAMEWORK)
    assert next(results).assessment == "a0"
    with pytest.raises(leadcomp.InvalidDocument):
        next(results)


def test_try_score_many_reports_bad_items_and_goes_on() -> None:
    assessments: list[Any] = cohort(4)
    assessments[1] = attrs.evolve(assessments[1], framework="pin@9.9.9")
    assessments[2] = b'{"kind": "assessment", "format": "1.0", oops}'
    with ThreadPoolExecutor(2) as pool:
        results = list(try_score_many(assessments, PIN_FRAMEWORK, executor=pool, chunksize=1))
    assert [r.index for r in results] == [0, 1, 2, 3]
    assert [r.ok for r in results] == [True, False, False, True]
    assert results[1].problems[0].code == "framework-mismatch"
    assert results[2].problems[0].code == "invalid-json"
    assert results[2].problems[0].line == 1
    assert results[3].sheet == score(assessments[3], PIN_FRAMEWORK)


def test_try_score_many_loads_documents_and_renders_in_the_worker() -> None:
    from leadcomp.scoring._render import as_json_line

    document = json.loads(leadcomp.dumps(pin_assessment()))
    results = list(try_score_many([document], PIN_FRAMEWORK, render=as_json_line))
    assert results[0].sheet is None
    assert results[0].text is not None
    assert results[0].text.endswith("\n")
    loaded = leadcomp.load(results[0].text.encode(), kind="scoresheet")
    assert loaded == score(pin_assessment(), PIN_FRAMEWORK)


def test_try_score_many_checks_its_chunk_size() -> None:
    with pytest.raises(ValueError, match="chunksize"):
        list(try_score_many([], PIN_FRAMEWORK, chunksize=0))


def test_policies_without_reliability_skip_alpha_and_agreement() -> None:
    policy = attrs.evolve(DEFAULT_POLICY, reliability=False, rater_consistency=True)
    vision = score(pin_assessment(), PIN_FRAMEWORK, policy).competency("vision")
    assert vision.rater_consistency is None
    assert vision.agreement is None
    assert vision.all_others == score(pin_assessment(), PIN_FRAMEWORK).competency(
        "vision"
    ).all_others


def test_rating_order_in_the_pinned_example_does_not_matter() -> None:
    reordered = pin_assessment(list(reversed(list(PIN_ANSWERS))))
    assert score(reordered, PIN_FRAMEWORK) == score(pin_assessment(), PIN_FRAMEWORK)


def test_scoring_policy_type_is_exported() -> None:
    assert leadcomp.ScoringPolicy is ScoringPolicy
    assert leadcomp.DEFAULT_POLICY is DEFAULT_POLICY


# -- roll-ups across scales of different ranges ---------------------------------------------------

FOUR = Scale(id="four", levels=tuple(Level(value=v, label=f"level {v}") for v in range(1, 5)))
#: lead (on four levels) = vision (on five levels) + care (on four): a mixed roll-up.
MIXED = Framework(
    id="mixed",
    version="1.0.0",
    title="Mixed scales",
    default_scale="four",
    scales=(FOUR, FIVE),
    competencies=(
        Competency(id="lead", title="Leading", kind="domain"),
        Competency(id="vision", title="Vision", kind="skill", parent="lead", scale="five"),
        Competency(id="care", title="Care", kind="skill", parent="lead"),
    ),
)


def _mixed_assessment(vision: int, care: int, framework: Framework = MIXED) -> Assessment:
    return Assessment(
        subject="s",
        framework=framework.ref,
        raters=(Rater(id="me", group="self"), Rater(id="p1", group="peer")),
        ratings=(
            Rating(rater="me", item="vision", value=vision),
            Rating(rater="me", item="care", value=care),
            Rating(rater="p1", item="vision", value=4),
            Rating(rater="p1", item="care", value=1),
        ),
    )


def test_a_parent_over_children_on_other_ranges_says_so_in_a_note() -> None:
    sheet = score(_mixed_assessment(3, 4), MIXED)
    lead = next(c for c in sheet.competencies if c.competency == "lead")
    check_score(lead.self, 1, (2.5 + 4) / 2, None)  # 3 of 1..5 counts as 2.5 of 1..4
    (note,) = [n for n in sheet.notes if n.code == "mixed-scales"]
    assert "'lead' (scale 'four', 1 to 4) from 'vision' (scale 'five', 1 to 5)" in note.message
    assert "mapped linearly" in note.message
    assert "'care'" not in note.message  # care is on its parent's scale
    assert "overall" not in note.message  # the overall is on lead's scale
    # the framework alone decides it: the same note whatever was said (and in the JSON)
    other = score(_mixed_assessment(1, 1), MIXED)
    assert [n for n in other.notes if n.code == "mixed-scales"] == [note]
    assert leadcomp.validate(leadcomp.dumps(sheet).encode()) == []


def test_the_overall_score_over_roots_on_other_ranges_says_so() -> None:
    lead, vision, care = MIXED.competencies
    framework = attrs.evolve(
        MIXED, id="mixed2", default_scale="five",
        competencies=(attrs.evolve(lead, scale="four"), vision, attrs.evolve(care, scale="four")),
    )
    notes = score(_mixed_assessment(3, 4, framework), framework).notes
    (note,) = [n for n in notes if n.code == "mixed-scales"]
    assert note.message.endswith(
        "'lead' (scale 'four', 1 to 4) from 'vision' (scale 'five', 1 to 5); the overall score "
        "(scale 'five', 1 to 5) from 'lead' (scale 'four', 1 to 4)"
    )


def test_no_mixed_scales_note_when_every_roll_up_keeps_its_range() -> None:
    assert "mixed-scales" not in {n.code for n in score(pin_assessment(), PIN_FRAMEWORK).notes}
    same = attrs.evolve(
        MIXED, id="same",
        competencies=tuple(attrs.evolve(c, scale=None) for c in MIXED.competencies),
    )
    notes = score(_mixed_assessment(3, 4, same), same).notes
    assert "mixed-scales" not in {n.code for n in notes}


@settings(scaled(1), deadline=None)
@given(
    groups=st.lists(
        st.tuples(
            st.sampled_from([0.5, 1.0, 2.0]),
            st.lists(st.integers(1, 5).map(float), min_size=1, max_size=5),
        ),
        min_size=1,
        max_size=4,
    )
)
def test_group_pooling_sd_is_centred_on_the_reported_mean_and_has_an_interval(
    groups: list[tuple[float, list[float]]],
) -> None:
    from leadcomp.scoring._kernel.describe import describe_groups

    found = describe_groups(groups, 1.0, 5.0, 0.95)
    values = [v for _, vs in groups for v in vs]
    if len(values) < 2:
        assert "se" not in found
        assert "ci" not in found
        return
    centre = found["mean"]
    expected = math.sqrt(math.fsum((v - centre) ** 2 for v in values) / (len(values) - 1))
    assert found["sd"] == pytest.approx(expected, rel=1e-12, abs=1e-12)
    assert "se" in found  # a group of one rater no longer loses the interval
    low, high = found["ci"]
    assert 1.0 <= low <= centre <= high <= 5.0


# --------------------------------------------------------------------------------------------
# the identity cache shared by scoring and gap analysis


def test_the_identity_memo_makes_a_value_once_per_very_same_objects() -> None:
    from leadcomp.scoring._memo import IdentityMemo

    memo = IdentityMemo(keep=2)
    made: list[str] = []

    def make(tag: str) -> Callable[[], str]:
        return lambda: made.append(tag) or tag

    first, equal = PIN_FRAMEWORK, attrs.evolve(PIN_FRAMEWORK)
    assert equal == first
    assert equal is not first
    assert memo.get("plan", (first,), make("a")) == "a"
    assert memo.get("plan", (first,), make("b")) == "a"  # the very same object: kept
    assert memo.get("plan", (equal,), make("c")) == "c"  # equal is not enough
    assert memo.get("pair", (first, DEFAULT_POLICY), make("d")) == "d"  # full: starts afresh
    assert memo.get("plan", (first,), make("e")) == "e"
    assert made == ["a", "c", "d", "e"]

    def failing() -> str:
        raise ValueError("invalid")

    with pytest.raises(ValueError, match="invalid"):
        memo.get("check", (first,), failing)
    assert memo.get("check", (first,), make("f")) == "f"  # a failure is not kept
