"""Format versions of results: what the current version writes, and the older formats it still
reads (issue 21's leftovers).

- cohort reports 1.1 carry the item analysis (with ``--items``), the rater reliability and the
  rater-group comparison; 1.0 reports (without them) still load;
- gap reports 1.1 carry each requirement's ``certainty`` and, with ``--norms``, the person's
  percentiles; 1.0 reports (no certainty) load, their certainty derived from their figures;
- score sheets 1.2 are those of a policy asking for rater consistency; 1.0 and 1.1 sheets load,
  an old per-person ``alpha`` dropped with a ``dropped-field`` warning.

The fixtures in ``tests/old_formats/`` are in the older shapes, as older versions wrote them.
"""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path

import attrs
import pytest

import leadcomp
from leadcomp.cli import main
from leadcomp.model._norms import NormCell, percentile_rank as model_percentile_rank

ROOT = Path(__file__).resolve().parent.parent
COHORT_2025 = str(ROOT / "examples" / "clinical-fellows-2025.assessments.jsonl")
OLD = Path(__file__).resolve().parent / "old_formats"
OLD_SHEET = OLD / "cf-0103.scoresheet-1.0.json"
OLD_GAP = OLD / "cf-0103.gap-report-1.0.json"
ROLE = "pcn-clinical-director"


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(list(argv))
    return status, out.getvalue(), err.getvalue()


def first_assessment() -> leadcomp.Assessment:
    line = Path(COHORT_2025).read_bytes().splitlines()[0]
    return leadcomp.load(line, kind="assessment")


# --- cohort report 1.1 --------------------------------------------------------------------


def test_cohort_json_carries_items_reliability_and_comparison() -> None:
    status, out, err = run("cohort", COHORT_2025, "--role", ROLE, "-o", "json", "--items")
    assert status == 0, err
    data = json.loads(out)
    assert data["format"] == "1.1"
    reliability = {(r["group"], r["competency"]): r for r in data["reliability"]}
    purpose = reliability[("all_others", "hlm.inspiring-shared-purpose")]
    assert purpose["people"] == 12
    assert purpose["raters"] == 92
    assert purpose["icc1"] == pytest.approx(0.4403702215077759, abs=1e-12)
    assert purpose["icc2"] == pytest.approx(0.8578104658472718, abs=1e-12)
    assert (purpose["raters_70"], purpose["raters_80"]) == (3, 6)
    comparison = {(c["group"], c["competency"]): c for c in data["comparison"]}
    own = comparison[("self", "hlm.inspiring-shared-purpose")]
    assert (own["people"], own["paired"]) == (12, 12)
    assert own["mean"] == pytest.approx(2.75)
    assert own["difference"] == pytest.approx(0.30617559523809523, abs=1e-12)
    items = data["items"]
    assert items["people"] == 12
    alphas = {c["competency"]: c for c in items["competencies"]}
    assert alphas["hlm.inspiring-shared-purpose"]["alpha"] == pytest.approx(
        0.8933691038650735, abs=1e-12
    )
    indicator = items["indicators"][0]
    assert indicator["indicator"] == "hlm.inspiring-shared-purpose.1"
    assert indicator["r_drop"] == pytest.approx(0.8035659025923882, abs=1e-12)
    assert indicator["alpha_if_deleted"] == pytest.approx(0.8678747758886773, abs=1e-12)
    # the same figures as the library's analysis and the text report
    analysis = leadcomp.cohort.analyse_cohort(
        COHORT_2025, leadcomp.load_builtin(ROLE, kind="role"), leadcomp.load_builtin("hlm"),
        leadcomp.DEFAULT_POLICY, items=True,
    )
    got = leadcomp.load_report(out.encode())
    assert got == analysis.full_report(psychometrics=True)
    assert leadcomp.dumps_report(got) == out
    _, text, _ = run("cohort", COHORT_2025, "--role", ROLE, "--items")
    assert "3" in next(x for x in text.splitlines() if x.startswith("Inspiring shared purpose"))


def test_cohort_json_without_items_has_no_items() -> None:
    status, out, _ = run("cohort", COHORT_2025, "--role", ROLE, "-o", "json")
    assert status == 0
    data = json.loads(out)
    assert data["format"] == "1.1"
    assert "items" not in data
    assert data["reliability"]
    assert data["comparison"]


def test_cohort_report_1_0_still_loads_and_is_written_as_1_0() -> None:
    _, out, _ = run("cohort", COHORT_2025, "--role", ROLE, "-o", "json")
    data = json.loads(out)
    for key in ("reliability", "comparison"):
        del data[key]
    data["format"] = "1.0"
    old = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    report = leadcomp.load_report(old.encode())
    assert report.reliability == ()
    assert report.items is None
    assert leadcomp.dumps_report(report) == old  # written back as it was
    data["comparison"] = json.loads(out)["comparison"]
    with pytest.raises(leadcomp.InvalidDocument) as raised:
        leadcomp.load_report(json.dumps(data).encode())
    assert [p.code for p in raised.value.problems] == ["invalid-format"]
    assert '"1.1"' in raised.value.problems[0].message


# --- gap report 1.1: certainty and norms --------------------------------------------------


def test_gap_json_carries_norm_percentiles(tmp_path: Path) -> None:
    norms = tmp_path / "norms.json"
    status, _, err = run(
        "norms", "build", COHORT_2025, "--framework", "hlm", "--min-people", "5",
        "--output-file", str(norms),
    )
    assert status == 0, err
    sheet = tmp_path / "one.json"
    sheet.write_text(leadcomp.dumps(first_assessment()), encoding="utf-8")
    status, out, err = run("gap", str(sheet), "--role", ROLE, "--norms", str(norms), "-o", "json")
    assert status == 0, err
    assert "text output only" not in err
    data = json.loads(out)
    assert data["format"] == "1.1"
    placed = data["norms"]
    assert (placed["compare"], placed["people"], placed["min_people"]) == ("all_others", 12, 5)
    first = placed["placements"][0]
    assert first["competency"] == "hlm.inspiring-shared-purpose"
    assert first["n"] == 12
    assert first["score"] == pytest.approx(2.09375)
    assert first["percentile"] == pytest.approx(8.24742268041235, abs=1e-9)
    assert first["text"] == "the 8th"
    assert len(placed["placements"]) == 9
    # the text shows the same placements
    _, text, _ = run("gap", str(sheet), "--role", ROLE, "--norms", str(norms))
    assert "Inspiring shared purpose   2.09           12  the 8th" in text
    report = leadcomp.load_report(out.encode())
    assert leadcomp.dumps_report(report) == out
    # without --norms there is none; with norms of too few people, no percentile
    _, plain, _ = run("gap", str(sheet), "--role", ROLE, "-o", "json")
    assert "norms" not in json.loads(plain)
    run("norms", "build", COHORT_2025, "--framework", "hlm", "--min-people", "13",
        "--output-file", str(tmp_path / "strict.json"))
    _, strict, _ = run("gap", str(sheet), "--role", ROLE, "--norms",
                       str(tmp_path / "strict.json"), "-o", "json")
    rows = json.loads(strict)["norms"]["placements"]
    assert rows
    assert all("percentile" not in r and "text" not in r for r in rows)


def test_gap_report_1_0_without_certainty_loads() -> None:
    report = leadcomp.load_report(OLD_GAP)
    hlm = leadcomp.load_builtin("hlm")
    role = leadcomp.load_builtin(ROLE, kind="role")
    current = leadcomp.gap(leadcomp.score(first_assessment(), hlm), role, hlm,
                           crosshairs="midpoint")
    # certainty comes from the report's own achieved score, interval and raters
    assert [r.certainty for r in report.requirements] == [
        r.certainty for r in current.requirements
    ]
    assert report.summary.uncertain == current.summary.uncertain == 1
    assert attrs.evolve(report, leadcomp_version=current.leadcomp_version) == current
    assert json.loads(leadcomp.dumps_report(report))["format"] == "1.1"


def test_gap_report_formats_are_checked() -> None:
    data = json.loads(OLD_GAP.read_text(encoding="utf-8"))
    data["format"] = "1.1"  # 1.1 requires certainty
    with pytest.raises(leadcomp.InvalidDocument) as raised:
        leadcomp.load_report(json.dumps(data).encode())
    assert {p.code for p in raised.value.problems} == {"missing-field"}
    assert "certainty" in raised.value.problems[0].message
    data["format"] = "1.0"
    data["norms"] = {"compare": "all_others", "people": 12, "policy": "default", "min_people": 5}
    with pytest.raises(leadcomp.InvalidDocument) as raised:
        leadcomp.load_report(json.dumps(data).encode())
    assert [p.code for p in raised.value.problems] == ["invalid-format"]
    data["format"] = "1.9"
    with pytest.raises(leadcomp.InvalidDocument) as raised:
        leadcomp.load_report(json.dumps(data).encode())
    assert [p.code for p in raised.value.problems] == ["unsupported-format"]


# --- score sheets 1.0/1.1 with alpha; 1.2 ------------------------------------------------


def test_old_sheet_with_alpha_loads_and_alpha_is_dropped_with_a_warning() -> None:
    sheet = leadcomp.load(OLD_SHEET)
    assert isinstance(sheet, leadcomp.ScoreSheet)
    assert all(c.rater_consistency is None for c in sheet.competencies)
    found = leadcomp.validate(OLD_SHEET)
    assert found
    assert all(p.code == "dropped-field" and not p.is_error for p in found)
    assert len(found) == 9
    assert found[0].path == "$.competencies[0].alpha"
    assert "no longer shown" in found[0].message
    # written back without alpha, in the oldest format that carries it
    written = json.loads(leadcomp.dumps(sheet))
    assert written["format"] == "1.0"
    assert all("alpha" not in c for c in written["competencies"])


def test_gap_of_an_old_sheet(tmp_path: Path) -> None:
    status, out, err = run("gap", str(OLD_SHEET), "--role", ROLE, "-o", "json")
    assert status == 0, err
    assert "dropped-field (warning)" in err
    assert json.loads(out)["format"] == "1.1"
    data = json.loads(OLD_SHEET.read_text(encoding="utf-8"))
    data["format"] = "1.1"  # a 1.1 sheet (open comments) written by older versions too
    older = tmp_path / "sheet-1.1.json"
    older.write_text(json.dumps(data), encoding="utf-8")
    assert run("gap", str(older), "--role", ROLE)[0] == 0


def test_sheet_1_2_is_rater_consistency_and_has_no_alpha(tmp_path: Path) -> None:
    hlm = leadcomp.load_builtin("hlm")
    policy = attrs.evolve(leadcomp.DEFAULT_POLICY, rater_consistency=True)
    sheet = leadcomp.score(first_assessment(), hlm, policy)
    text = leadcomp.dumps(sheet)
    data = json.loads(text)
    assert data["format"] == "1.2"
    assert any("rater_consistency" in c for c in data["competencies"])
    assert leadcomp.load(text.encode()) == sheet
    assert json.loads(leadcomp.dumps(leadcomp.score(first_assessment(), hlm)))["format"] == "1.0"
    assert json.loads(leadcomp.dumps(policy))["format"] == "1.1"
    # the kernel and the model agree on the format (score -o json writes the kernel's)
    path = tmp_path / "policy.json"
    path.write_text(leadcomp.dumps(policy), encoding="utf-8")
    one = tmp_path / "one.json"
    one.write_text(leadcomp.dumps(first_assessment()), encoding="utf-8")
    status, out, _ = run("score", str(one), "--framework", "hlm", "--policy", str(path),
                         "-o", "json")
    assert status == 0
    assert out == text
    data["format"] = "1.2"
    data["competencies"][0]["alpha"] = {"value": 0.5}
    found = leadcomp.validate(json.dumps(data).encode())
    assert [(p.code, p.path) for p in found if p.is_error] == [
        ("unknown-field", "$.competencies[0].alpha")
    ]
    data = json.loads(text)
    data["format"] = "1.1"
    found = leadcomp.validate(json.dumps(data).encode())
    assert [p.code for p in found] == ["invalid-format"]
    assert '"1.2"' in found[0].message


# --- norms functions are public ----------------------------------------------------------


def test_percentile_rank_is_public() -> None:
    assert leadcomp.cohort.percentile_rank is model_percentile_rank
    assert "percentile_rank" in leadcomp.cohort.__all__
    points = tuple(float(p) for p in leadcomp.cohort.PERCENTILES)
    cell = NormCell(competency="c", n=20, percentiles=points)
    assert leadcomp.cohort.percentile_rank(cell, 50.0) == (50.0, "the 50th")
    assert leadcomp.cohort.percentile_rank(cell, 1.0) == (5.0, "under the 5th")


def test_an_undefined_icc2_is_left_out_not_written_as_infinity() -> None:
    """ICC(2) is -inf where the people's means do not differ at all: the JSON (which holds no
    infinity) leaves it out, and ICC(1) <= 0 says why there are no raters needed."""
    hlm = leadcomp.load_builtin("hlm")
    tally = leadcomp.cohort.ReliabilityTally()
    competency = "hlm.inspiring-shared-purpose"
    tally.summaries[("peer", competency)] = [(3, 2.5, 0.5), (3, 2.5, 0.4)]
    tally.groups["peer"] = None
    row = next(r for r in tally.finish(hlm) if r.group == "peer" and r.competency == competency)
    assert row.icc1 == pytest.approx(-0.5)
    assert row.icc2 is None
    assert row.raters_70 is None
    assert row.reason is not None
    assert "ICC(1) <= 0" in row.reason
    _, out, _ = run("cohort", COHORT_2025, "--role", ROLE, "-o", "json")
    report = attrs.evolve(leadcomp.load_report(out.encode()), reliability=(row,))
    assert "icc2" not in json.loads(leadcomp.dumps_report(report))["reliability"][0]
