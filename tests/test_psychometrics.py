"""Programme psychometrics (issue 21): item analysis across people, raters nested in ratees,
Spearman-Brown and reliable change, pinned to the reference values in domain.md section 8."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from hypothesis import assume, given, settings, strategies as st

from leadcomp import stats
from leadcomp.stats import (
    icc_oneway,
    item_analysis,
    raters_needed,
    reliable_change,
    spearman_brown,
)
from profiles import scaled

#: psych::alpha reference rows (domain.md section 8).
ROWS = [(4, 4, 3, 5), (3, 3, 2, 4), (5, 4, 4, 5), (2, 3, 2, 3), (4, 5, 3, 4), (3, 2, 3, 3)]
R_DROP = (0.931891116296, 0.609404059343, 0.693103280084, 0.810405304003)
ALPHA_DROP = (0.769736842105, 0.909574468085, 0.875, 0.827027027027)
#: The shipped example cohort.
EXAMPLE = (
    Path(__file__).resolve().parent.parent / "examples" / "clinical-fellows-2024.assessments.jsonl"
)
#: multilevel::ICC1 / ICC2 reference groups (domain.md section 8).
GROUPS = [(3.2, 3.6, 3.0), (4.1, 4.4, 3.9, 4.6), (2.5, 2.9), (3.8, 3.3, 3.5, 3.9, 3.6)]


def test_item_analysis_matches_psych_alpha() -> None:
    found = item_analysis(ROWS)
    assert found.alpha == pytest.approx(0.883280757098, abs=1e-12)
    assert (found.n, found.k) == (6, 4)
    for item, r_drop, dropped in zip(found.items, R_DROP, ALPHA_DROP, strict=True):
        assert item.r_drop == pytest.approx(r_drop, abs=1e-12)
        assert item.alpha_if_deleted == pytest.approx(dropped, abs=1e-12)
    assert [i.mean for i in found.items] == pytest.approx([3.5, 3.5, 17 / 6, 4.0])
    assert found.items[3].sd == pytest.approx(math.sqrt(0.8))
    # alpha itself agrees with cronbach_alpha
    assert found.alpha == pytest.approx(stats.cronbach_alpha(ROWS).value, abs=1e-15)


def test_item_analysis_missing_values() -> None:
    rows: list[list[float | None]] = [list(map(float, row)) for row in ROWS]
    rows.append([None, 1.0, 1.0, 2.0])
    assert item_analysis(rows).n == 6  # listwise by default
    assert item_analysis(rows).alpha == pytest.approx(0.883280757098, abs=1e-12)
    pairwise = item_analysis(rows, missing="pairwise")
    assert pairwise.n == 7
    assert pairwise.alpha == pytest.approx(
        stats.cronbach_alpha(rows, missing="pairwise").value, abs=1e-12
    )
    assert pairwise.items[0].mean == pytest.approx(3.5)  # item 1's own six values
    assert pairwise.items[1].mean == pytest.approx(22 / 7)


def test_item_analysis_far_from_zero() -> None:
    far = [[1e6 + 1e-3 * v for v in row] for row in ROWS]
    centred = [[v - 1e6 for v in row] for row in far]
    a, b = item_analysis(far), item_analysis(centred)
    assert a.alpha == pytest.approx(b.alpha, abs=1e-9)
    for x, y in zip(a.items, b.items, strict=True):
        assert x.r_drop == pytest.approx(y.r_drop, abs=1e-9)
        assert x.alpha_if_deleted == pytest.approx(y.alpha_if_deleted, abs=1e-9)


def test_item_analysis_edges() -> None:
    two = item_analysis([(1, 2), (2, 2), (3, 5)])
    assert all(i.alpha_if_deleted is None for i in two.items)  # one item left: no alpha
    with pytest.raises(ValueError, match="at least 2 items"):
        item_analysis([(1,), (2,)])
    with pytest.raises(ValueError, match="at least 2 people"):
        item_analysis([(1, 2), (None, 3)])
    with pytest.raises(ValueError, match="no positive variance"):
        item_analysis([(1, 1), (1, 1)])
    with pytest.raises(ValueError, match="missing must be"):
        item_analysis(ROWS, missing="everything")  # type: ignore[arg-type]


matrices = st.integers(2, 5).flatmap(
    lambda k: st.lists(st.lists(st.integers(1, 5), min_size=k, max_size=k), min_size=3,
                       max_size=12)
)


@settings(scaled(1), deadline=None)
@given(rows=matrices, data=st.data())
def test_item_analysis_is_invariant_to_row_order(
    rows: list[list[int]], data: st.DataObject
) -> None:
    try:
        found = item_analysis(rows)
    except ValueError:
        assume(False)
        return
    shuffled = data.draw(st.permutations(rows))
    assert item_analysis(shuffled) == found
    for item in found.items:
        if item.r_drop is not None:
            assert -1.0 <= item.r_drop <= 1.0


def test_icc_oneway_matches_bliese() -> None:
    found = icc_oneway(GROUPS)
    assert found.icc1 == pytest.approx(0.805368100748, abs=1e-12)
    assert found.icc2 == pytest.approx(0.935411630976, abs=1e-12)
    assert (found.df1, found.df2, found.groups, found.n) == (3, 10, 4, 14)
    assert found.k == 3.5
    assert found.f > 1.0
    assert 0.0 < found.p < 0.001


def test_icc_oneway_edges() -> None:
    assert icc_oneway([(1, 1), (2, 2)]).icc1 == 1.0  # perfect agreement within ratees
    with pytest.raises(ValueError, match="at least 2 raters"):
        icc_oneway([(1, 2), (3,)])
    with pytest.raises(ValueError, match="at least 2 groups"):
        icc_oneway([(1, 2)])
    with pytest.raises(ValueError, match="the same"):
        icc_oneway([(2, 2), (2, 2)])


@settings(scaled(1), deadline=None)
@given(
    groups=st.lists(
        st.lists(st.integers(1, 5).map(float), min_size=2, max_size=6), min_size=2, max_size=8
    )
)
def test_icc1_lies_in_minus_one_to_one(groups: list[list[float]]) -> None:
    try:
        found = icc_oneway(groups)
    except ValueError:
        assume(False)
        return
    assert -1.0 <= found.icc1 <= 1.0
    assert found.icc2 <= 1.0


def test_spearman_brown_and_raters_needed_reference() -> None:
    assert spearman_brown(0.41, 3) == pytest.approx(0.6758, abs=5e-5)
    assert raters_needed(0.41, 0.70) == 4
    assert spearman_brown(0.41, 4) >= 0.70 > spearman_brown(0.41, 3)
    assert raters_needed(0.5, 0.8) == 4  # exactly 0.8 at 4
    assert raters_needed(0.9, 0.7) == 1
    with pytest.raises(ValueError, match="no number of raters"):
        raters_needed(0.0, 0.7)
    with pytest.raises(ValueError, match="target"):
        raters_needed(0.4, 1.0)


@settings(scaled(1), deadline=None)
@given(
    r=st.floats(0.01, 1.0, allow_nan=False),
    t=st.floats(0.01, 0.99, allow_nan=False),
)
def test_raters_needed_is_the_least_k_reaching_the_target(r: float, t: float) -> None:
    k = raters_needed(r, t)
    assert spearman_brown(r, k) >= t
    assert k == 1 or spearman_brown(r, k - 1) < t


def test_reliable_change_reference() -> None:
    found = reliable_change(2.1, 3.0, sd=0.6, reliability=0.8)
    assert found.value == pytest.approx(2.3717, abs=5e-5)
    assert found.reliable
    assert found.s_diff == pytest.approx(math.sqrt(2 * 0.36 * 0.2))
    assert not reliable_change(2.1, 2.5, sd=0.6, reliability=0.8).reliable
    with pytest.raises(ValueError, match="reliability"):
        reliable_change(1, 2, sd=0.6, reliability=1.0)
    with pytest.raises(ValueError, match="sd"):
        reliable_change(1, 2, sd=0.0, reliability=0.5)


finite = st.floats(-1e6, 1e6, allow_nan=False)


@settings(scaled(1), deadline=None)
@given(
    before=finite, after=finite, sd=st.floats(1e-3, 1e3), rel=st.floats(0.0, 0.99),
)
def test_reliable_change_is_antisymmetric(
    before: float, after: float, sd: float, rel: float
) -> None:
    forward = reliable_change(before, after, sd=sd, reliability=rel)
    back = reliable_change(after, before, sd=sd, reliability=rel)
    assert back.value == -forward.value
    assert back.reliable == forward.reliable


# --- leadcomp items ------------------------------------------------------------------------


def _example_pairs() -> tuple[list[tuple[object, object]], object]:
    import leadcomp
    from leadcomp.gaps import builtin_framework
    from leadcomp.read._jsonl import read_lines

    framework = builtin_framework("hlm@1.0.0")
    pairs = []
    for line in read_lines(EXAMPLE):
        assessment = leadcomp.load(line.data, kind="assessment")
        pairs.append((assessment, leadcomp.score(assessment, framework)))
    return pairs, framework


def test_item_report_agrees_with_item_analysis_of_shown_raters() -> None:
    from leadcomp.cohort._items import item_report, shown_raters

    pairs, framework = _example_pairs()
    report = item_report(pairs, framework)  # type: ignore[arg-type]
    assert report.people == len(pairs)
    competency = next(c for _, c in framework.walk() if len(c.indicators) >= 2)  # type: ignore[attr-defined]
    rows = []
    for assessment, sheet in pairs:
        raters = shown_raters(assessment, sheet, competency.id)  # type: ignore[arg-type]
        row = []
        for indicator in competency.indicators:
            scale = framework.scale_of_item(indicator.id)  # type: ignore[attr-defined]
            values = [
                (scale.minimum + scale.maximum - r.value) if indicator.reverse else r.value
                for r in assessment.ratings  # type: ignore[attr-defined]
                if r.item == indicator.id and r.rater in raters and r.value is not None
            ]
            row.append(sum(values) / len(values) if values else None)
        rows.append(row)
    complete = [r for r in rows if None not in r]
    expected = item_analysis(complete)
    found = next(c for c in report.competencies if c.competency == competency.id)
    assert found.alpha == pytest.approx(expected.alpha, abs=1e-12)
    figures = [f for f in report.indicators if f.competency == competency.id]
    for figure, item in zip(figures, expected.items, strict=True):
        assert figure.r_drop == pytest.approx(item.r_drop, abs=1e-12)
        assert figure.alpha_if_deleted == pytest.approx(item.alpha_if_deleted, abs=1e-12)
        assert ("low_r_drop" in figure.flags) == (item.r_drop is not None and item.r_drop < 0.3)
        assert ("alpha_rises_when_dropped" in figure.flags) == (
            item.alpha_if_deleted is not None and item.alpha_if_deleted > expected.alpha
        )
        assert figure.floor is not None
        assert 0.0 <= figure.floor <= 1.0


def test_items_command(capsys: pytest.CaptureFixture[str]) -> None:
    from leadcomp.cli import main

    status = main(["items", str(EXAMPLE), "--framework", "hlm@1.0.0"])
    out, err = capsys.readouterr()
    assert status == 0, err
    assert "Item analysis: 12 people on hlm@1.0.0" in out
    assert "r.drop" in out
    assert "12 of 12 assessments used" in err
    assert main(["items", "no-such-file.jsonl", "--framework", "hlm@1.0.0"]) == 1
    assert "Traceback" not in capsys.readouterr().err


def test_icc_from_summaries_agrees_with_the_raw_groups() -> None:
    import statistics

    summaries = [(len(g), statistics.fmean(g), statistics.stdev(g)) for g in GROUPS]
    raw, summed = icc_oneway(GROUPS), stats.icc_oneway_from_summaries(summaries)
    assert summed.icc1 == pytest.approx(raw.icc1, abs=1e-12)
    assert summed.icc2 == pytest.approx(raw.icc2, abs=1e-12)
    assert summed.f == pytest.approx(raw.f, rel=1e-12)
    with pytest.raises(ValueError, match="at least 2 raters"):
        stats.icc_oneway_from_summaries([(1, 3.0, 0.0), (3, 2.0, 1.0)])


def test_rater_reliability_of_the_example_cohort() -> None:
    from leadcomp.cohort._items import ReliabilityTally

    pairs, framework = _example_pairs()
    tally = ReliabilityTally()
    for _, sheet in pairs:
        tally.add(sheet)  # type: ignore[arg-type]
    found = tally.finish(framework)  # type: ignore[arg-type]
    assert {r.group for r in found} >= {"all_others", "peer", "direct_report"}
    for row in found:
        if row.icc1 is None:
            continue
        assert -1.0 <= row.icc1 <= 1.0
        if row.icc1 > 0:
            assert row.raters_70 == raters_needed(row.icc1, 0.70)
            assert row.raters_80 == raters_needed(row.icc1, 0.80)
        # the ICC rests on the sheets' shown groups: recompute one from them
    row = next(r for r in found if r.group == "peer" and r.icc1 is not None)
    summaries = []
    for _, sheet in pairs:
        entry = sheet.competency(row.competency)  # type: ignore[attr-defined]
        for group in entry.groups:
            if group.group == "peer" and group.score.n >= 2 and group.score.sd is not None:
                summaries.append((group.score.n, group.score.mean, group.score.sd))
    assert row.icc1 == pytest.approx(stats.icc_oneway_from_summaries(summaries).icc1)


def test_cohort_text_has_the_psychometrics_sections(capsys: pytest.CaptureFixture[str]) -> None:
    from leadcomp.cli import main

    assert main(["cohort", str(EXAMPLE), "--role", "clinical-fellow", "--items"]) == 0
    out = capsys.readouterr().out
    assert "Items across people" in out
    assert "Rater reliability: ICC(1) per rater group" in out
    assert "for 0.70" in out
    # without --items the cohort streams: no item analysis, the rater reliability still there
    assert main(["cohort", str(EXAMPLE), "--role", "clinical-fellow"]) == 0
    out = capsys.readouterr().out
    assert "Items across people" not in out
    assert "Rater reliability: ICC(1) per rater group" in out


# --- reliable change in progress reports --------------------------------------------------


def test_progress_gives_each_person_a_reliable_change() -> None:
    import leadcomp
    from leadcomp.documents._reports import report_data
    from leadcomp.validation._schemas import validator

    pairs, _ = _example_pairs()
    sheets = [sheet for _, sheet in pairs]
    # a follow-up: everyone 0.9 higher on every all-others score but the first person
    followup = []
    for number, sheet in enumerate(sheets):
        import attrs

        bump = 0.0 if number == 0 else 0.9
        followup.append(attrs.evolve(sheet, competencies=tuple(
            attrs.evolve(e, all_others=attrs.evolve(e.all_others, mean=e.all_others.mean + bump))
            if e.all_others is not None else e
            for e in sheet.competencies  # type: ignore[attr-defined]
        )))
    plain = leadcomp.progress(sheets, followup)
    assert all(c.reliability is None for c in plain.competencies)
    report = leadcomp.progress(sheets, followup, reliability=0.8)
    competency = report.competencies[0]
    baseline = [
        ch.baseline for p in report.people for ch in p.changes
        if ch.competency == competency.competency and ch.baseline is not None
        and ch.followup is not None
    ]
    import statistics

    assert competency.reliability == 0.8
    assert competency.sd == pytest.approx(statistics.stdev(baseline))
    for person in report.people:
        change = next(c for c in person.changes if c.competency == competency.competency)
        if change.change is None:
            continue
        expected = reliable_change(
            change.baseline, change.followup, sd=competency.sd, reliability=0.8  # type: ignore[arg-type]
        )
        assert change.reliable_change == pytest.approx(expected.value)
        assert change.reliable == expected.reliable
    ups = sum(
        1 for p in report.people for c in p.changes
        if c.competency == competency.competency and c.reliable and (c.change or 0) > 0
    )
    assert competency.reliable_up == ups
    assert competency.change.effect_size is not None  # beside the group's d_z
    assert not list(validator("progress-report").iter_errors(report_data(report)))
    # one reliability per competency: those without one get no index
    only = leadcomp.progress(sheets, followup, reliability={competency.competency: 0.7})
    assert only.competencies[0].reliability == 0.7
    assert all(c.reliability is None for c in only.competencies[1:])


def test_cohort_command_states_reliable_change(capsys: pytest.CaptureFixture[str]) -> None:
    from leadcomp.cli import main

    baseline = EXAMPLE
    followup = EXAMPLE.with_name("clinical-fellows-2025.assessments.jsonl")
    assert main(["cohort", str(followup), "--role", "clinical-fellow", "--baseline",
                 str(baseline)]) == 0
    out = capsys.readouterr().out
    assert "Reliable change per person (Jacobson-Truax)" in out
    assert "reliability" in out


def test_rater_groups_compared_across_the_cohort(capsys: pytest.CaptureFixture[str]) -> None:
    from leadcomp.cli import main
    from leadcomp.cohort._items import ReliabilityTally, group_comparison

    pairs, framework = _example_pairs()
    tally = ReliabilityTally()
    for _, sheet in pairs:
        tally.add(sheet)  # type: ignore[arg-type]
    found = group_comparison(tally, framework)  # type: ignore[arg-type]
    assert found[0].group == "self"
    row = found[0]
    own, differences = [], []
    for _, sheet in pairs:
        entry = sheet.competency(row.competency)  # type: ignore[attr-defined]
        if entry.self is None:
            continue
        own.append(entry.self.mean)
        if entry.all_others is not None:
            differences.append(entry.self.mean - entry.all_others.mean)
    assert row.people == len(own)
    assert row.mean == pytest.approx(sum(own) / len(own))
    assert row.difference == pytest.approx(sum(differences) / len(differences))
    assert {"self", "manager", "peer"} <= {r.group for r in found}
    assert main(["cohort", str(EXAMPLE), "--role", "clinical-fellow"]) == 0
    assert "Rater groups compared" in capsys.readouterr().out


# --- norms ---------------------------------------------------------------------------------


def test_norms_build_percentiles_and_suppress_small_cells() -> None:
    from leadcomp.cohort import quantile
    from leadcomp.cohort._norms import build_norms
    from leadcomp.documents._reports import dumps_report, load_report
    from leadcomp.model._norms import percentile_rank

    pairs, _ = _example_pairs()
    sheets = [sheet for _, sheet in pairs]
    norms = build_norms(sheets)  # type: ignore[arg-type]
    assert (norms.people, norms.compare, norms.framework) == (12, "all_others", "hlm@1.0.0")
    cell = norms.cells[0]
    values = sorted(
        s.competency(cell.competency).all_others.mean  # type: ignore[attr-defined]
        for s in sheets
        if s.competency(cell.competency).all_others is not None  # type: ignore[attr-defined]
    )
    assert cell.n == len(values)
    assert cell.percentiles[9] == pytest.approx(quantile(values, 0.5))  # the median
    # a score at the median sits at the 50th; beyond the ends, bounded
    assert percentile_rank(cell, cell.percentiles[9])[0] == pytest.approx(50.0)  # type: ignore[index]
    assert percentile_rank(cell, values[0] - 1)[1] == "under the 5th"  # type: ignore[index]
    assert percentile_rank(cell, values[-1] + 1)[1] == "over the 95th"  # type: ignore[index]
    middle = (cell.percentiles[9] + cell.percentiles[10]) / 2
    assert 50.0 <= percentile_rank(cell, middle)[0] <= 55.0  # type: ignore[index]
    # too few people: the count, nothing else
    small = build_norms(sheets[:5])  # type: ignore[arg-type]
    assert all(c.percentiles == () and c.mean is None for c in small.cells)
    assert percentile_rank(small.cells[0], 2.0) is None
    # a norms document round-trips and fits its schema
    assert load_report(dumps_report(norms).encode()) == norms


def test_the_person_report_shows_the_norms(tmp_path: Path) -> None:
    pytest.importorskip("jinja2", reason="the report extra (jinja2) is not installed")
    from leadcomp.cli import main

    target = tmp_path / "norms.json"
    assert main(["norms", "build", str(EXAMPLE), "--framework", "hlm@1.0.0", "--output-file",
                 str(target)]) == 0
    one = EXAMPLE.parent / "clinical-fellow-360.assessment.yaml"
    role = EXAMPLE.parent / "ward-manager.role.yaml"
    page = tmp_path / "page.md"
    assert main(["report", str(one), "--role", str(role), "--norms", str(target), "--format",
                 "md", "-o", str(page)]) == 0
    assert "## Against the norms" in page.read_text(encoding="utf-8")


def test_norms_commands(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from leadcomp.cli import main

    target = tmp_path / "norms.json"
    assert main(["norms", "build", str(EXAMPLE), "--framework", "hlm@1.0.0", "--output-file",
                 str(target)]) == 0
    capsys.readouterr()
    one = EXAMPLE.parent / "clinical-fellow-360.assessment.yaml"
    role = EXAMPLE.parent / "ward-manager.role.yaml"
    assert main(["gap", str(one), "--role", str(role), "--norms", str(target)]) == 0
    out = capsys.readouterr().out
    assert "Against the norms (12 people, all others" in out
    # not a norms document: a usage error, no traceback
    assert main(["gap", str(one), "--role", str(role), "--norms", str(role)]) == 2
    assert "Traceback" not in capsys.readouterr().err
