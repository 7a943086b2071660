"""Reports for the report tests: the example person and cohort, and hostile ones.

Hostile reports carry markup in every text that reaches a report (framework, competency, level
and role titles, descriptors, indicators, comments, subject ids), built with ``attrs.evolve``
from the built-in Healthcare Leadership Model and the example 360.
"""

from __future__ import annotations

import datetime
import functools
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import attrs

import leadcomp
from leadcomp.model import CohortReport, Framework, GapReport, ProgressReport, ScoreSheet

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "clinical-fellow-360.assessment.yaml"
COHORT_2024 = ROOT / "examples" / "clinical-fellows-2024.assessments.jsonl"
COHORT_2025 = ROOT / "examples" / "clinical-fellows-2025.assessments.jsonl"
DAY = datetime.date(2025, 4, 1)

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
#: Both attacks in one text, with quotes and an ampersand for good measure.
EVIL = f'{SCRIPT} & {IMG} "q" \'a\''


@functools.lru_cache(maxsize=1)
def example() -> tuple[GapReport, ScoreSheet, Framework]:
    """The example 360 against the PCN clinical director role."""
    hlm = leadcomp.load_builtin("hlm")
    sheet = leadcomp.score(leadcomp.load(EXAMPLE, kind="assessment"), hlm)
    report = leadcomp.gap(sheet, leadcomp.load_builtin("pcn-clinical-director", "role"), hlm)
    return report, sheet, hlm


def _round(path: Path, framework: Framework) -> list[GapReport]:
    from leadcomp.read._jsonl import read_lines

    role = leadcomp.load_builtin("clinical-fellow", "role")
    results = leadcomp.try_score_many(read_lines(str(path)), framework, leadcomp.DEFAULT_POLICY)
    return [leadcomp.gap(r.sheet, role, framework) for r in results if r.sheet is not None]


@functools.lru_cache(maxsize=1)
def cohort() -> tuple[CohortReport, list[GapReport], ProgressReport]:
    """The example cohort of 2025 with its people, and the progress since 2024."""
    hlm = leadcomp.load_builtin("hlm")
    people = _round(COHORT_2025, hlm)
    baseline = _round(COHORT_2024, hlm)
    return leadcomp.cohort_gaps(people), people, leadcomp.progress(
        baseline, people, reliability=baseline_alphas()
    )


def baseline_alphas() -> dict[str, float]:
    """Per competency, alpha across the 2024 round's people: the reliability that
    ``leadcomp cohort`` and ``leadcomp report`` give the reliable change indices."""
    from leadcomp.cohort import baseline_alphas

    return baseline_alphas(str(COHORT_2024), leadcomp.load_builtin("hlm"), leadcomp.DEFAULT_POLICY)


def cohort_psychometrics() -> tuple[object, tuple[object, ...], tuple[object, ...]]:
    """The 2025 example cohort's item analysis, rater reliability and rater-group comparison
    (default policy)."""
    from leadcomp.cohort import (
        ReliabilityTally,
        assessment_pairs,
        group_comparison,
        item_report,
    )
    from leadcomp.scoring import DEFAULT_POLICY

    hlm = leadcomp.load_builtin("hlm")
    pairs = list(assessment_pairs(str(COHORT_2025), hlm, DEFAULT_POLICY))
    tally = ReliabilityTally()
    for _, sheet in pairs:
        tally.add(sheet)
    return item_report(pairs, hlm), tally.finish(hlm), group_comparison(tally, hlm)


def evil_framework() -> Framework:
    """The HLM with markup in its title, every competency and level title, every descriptor
    and every indicator."""
    hlm = leadcomp.load_builtin("hlm")
    return attrs.evolve(
        hlm,
        title=f"HLM {EVIL}",
        scales=tuple(
            attrs.evolve(
                s, levels=tuple(attrs.evolve(v, label=f"L{v.value} {EVIL}") for v in s.levels)
            )
            for s in hlm.scales
        ),
        competencies=tuple(
            attrs.evolve(
                c,
                title=f"{c.title} {EVIL}",
                indicators=tuple(attrs.evolve(i, text=f"{i.text} {EVIL}") for i in c.indicators),
                descriptors=tuple(
                    attrs.evolve(d, text=f"{d.text} {EVIL}") for d in c.descriptors
                ),
            )
            for c in hlm.competencies
        ),
    )


@functools.lru_cache(maxsize=1)
def evil() -> tuple[GapReport, ScoreSheet, Framework]:
    """The example 360 with markup in every text a report shows."""
    framework = evil_framework()
    sheet = leadcomp.score(leadcomp.load(EXAMPLE, kind="assessment"), framework)
    sheet = attrs.evolve(
        sheet,
        subject=f"cf-{EVIL}",
        competencies=tuple(
            attrs.evolve(
                c, comments=tuple(attrs.evolve(m, text=f"{m.text} {EVIL}") for m in c.comments)
            )
            for c in sheet.competencies
        ),
    )
    role = leadcomp.load_builtin("pcn-clinical-director", "role")
    role = attrs.evolve(role, title=f"Director {EVIL}")
    return leadcomp.gap(sheet, role, framework), sheet, framework


def evil_cohort() -> tuple[CohortReport, list[GapReport], ProgressReport]:
    """The example cohort with markup in every subject id and competency title."""
    _, people, change = cohort()
    people = [
        attrs.evolve(
            p,
            subject=f"{p.subject} {EVIL}",
            role_title=f"{p.role_title} {EVIL}",
            requirements=tuple(attrs.evolve(r, title=f"{r.title} {EVIL}")
                               for r in p.requirements),
        )
        for p in people
    ]
    report = leadcomp.cohort_gaps(people)
    return report, people, change


# --- reading HTML --------------------------------------------------------------------------


def parse(html: str) -> ET.Element:
    """The report as an element tree: reports are well-formed XML as well as HTML."""
    assert html.startswith("<!DOCTYPE html>\n")
    return ET.fromstring(html[len("<!DOCTYPE html>\n"):])


def text(element: ET.Element) -> str:
    """The text of an element, whitespace collapsed."""
    return " ".join("".join(element.itertext()).split())


def table(root: ET.Element, table_id: str) -> list[list[str]]:
    """The rows of a table (header row first) as cell texts."""
    found = root.find(f".//table[@id='{table_id}']")
    assert found is not None, f"no table {table_id!r}"
    return [[text(cell) for cell in row] for row in found.iter("tr")]


def headings(root: ET.Element) -> list[tuple[int, str]]:
    """Every heading in document order: (level, text)."""
    return [
        (int(e.tag[1]), text(e))
        for e in root.iter()
        if isinstance(e.tag, str) and len(e.tag) == 2 and e.tag[0] == "h" and e.tag[1].isdigit()
    ]


def parents(root: ET.Element) -> dict[ET.Element, ET.Element]:
    """Each element's parent."""
    return {child: parent for parent in root.iter() for child in parent}


def attributes(root: ET.Element) -> list[tuple[str, str, str]]:
    """Every attribute: (tag, name, value)."""
    return [(e.tag, k, v) for e in root.iter() for k, v in e.attrib.items()]


def cells(*values: Any) -> list[str]:
    return [str(v) for v in values]


def render_case(
    case: Any, kind: str, *, group: bool = False, assessment: bool = False,
    people: bool = False,
) -> str:
    """A report on a privacy test case (its sheet against its role): the person's (with its
    behaviours when ``assessment``), with ``group`` a cohort's of that one person, with
    ``people`` the per-person pages and their index; ``kind`` is "html" or "md"."""
    from leadcomp.reports import render_people, render_report

    report = leadcomp.gap(case.sheet, case.role, case.framework)
    if people:
        pages = render_people([(report, case.sheet, case.assessment)], kind,
                              framework=case.framework, date=DAY)
        return "".join(text for _, text in pages)
    if assessment:
        return render_report(kind, report, case.sheet, framework=case.framework, date=DAY,
                             assessment=case.assessment)
    if group:
        return render_report(kind, leadcomp.cohort_gaps([report]), people=[report],
                             framework=case.framework, date=DAY)
    return render_report(kind, report, case.sheet, framework=case.framework, date=DAY)
