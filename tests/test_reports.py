"""HTML and Markdown reports: structure, the numbers they show, escaping, anonymity, the CLI.

The HTML is parsed (it is well-formed XML as well as HTML) and checked for what the issue
promises: one self-contained page with no script and nothing to fetch, headings in order, every
chart an SVG with a title, a description, a caption and a data table, and tables holding the
result objects' numbers exactly as rounded for display. Hostile texts are shown as text. A
property over random 360s: no report shows a rater id or what a group under its threshold said,
and a report depends on nothing but the score sheet's shown figures.
"""

from __future__ import annotations

import contextlib
import io
import itertools
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings

from profiles import scaled

pytest.importorskip("jinja2", reason="the report extra (jinja2) is not installed")

import leadcomp
from leadcomp.cli import main
from leadcomp.model import (
    Assessment,
    CompetencyScore,
    Framework,
    OverallScore,
    ScoringPolicy,
)
from leadcomp.model._gaps import status_text
from leadcomp.problems import InvalidDocument
from leadcomp.reports import (
    _charts,
    escape_markdown,
    render_html,
    render_markdown,
    render_report,
)
from leadcomp.reports._format import group_name
from leadcomp.reports._gap_text import number
from leadcomp.scoring._anonymity import label
from report_data import (
    COHORT_2024,
    COHORT_2025,
    DAY,
    EVIL,
    EXAMPLE,
    IMG,
    ROOT,
    SCRIPT,
    attributes,
    cohort,
    cohort_psychometrics,
    evil,
    evil_cohort,
    example,
    headings,
    parents,
    parse,
    table,
    text,
)
from scoring_strategies import (
    cases,
    hidden_groups,
    removable,
    without_withheld_markers,
)


def person_html() -> str:
    """The example person's report as the command writes it (with the behaviours)."""
    report, sheet, framework = example()
    return render_html(report, sheet, framework=framework, date=DAY,
                       assessment=leadcomp.load(EXAMPLE, kind="assessment"))


def person_md() -> str:
    report, sheet, framework = example()
    return render_markdown(report, sheet, framework=framework, date=DAY,
                           assessment=leadcomp.load(EXAMPLE, kind="assessment"))


def cohort_html(with_progress: bool = True) -> str:
    report, people, change = cohort()
    return render_html(report, people=people, progress=change if with_progress else None,
                       date=DAY)


def cohort_md() -> str:
    report, people, change = cohort()
    return render_markdown(report, people=people, progress=change, date=DAY)


def all_html() -> list[str]:
    return [person_html(), cohort_html(), cohort_html(with_progress=False)]


# --- one self-contained, script-free page ---------------------------------------------------


@pytest.mark.parametrize("index", range(3))
def test_the_page_is_self_contained_and_script_free(index: int) -> None:
    html = all_html()[index]
    root = parse(html)
    assert root.tag == "html"
    assert root.get("lang") == "en-GB"
    head = root.find("head")
    assert head is not None
    assert head.find("meta[@charset='utf-8']") is not None
    title = head.find("title")
    assert title is not None
    assert text(title)
    csp = head.find("meta[@http-equiv='Content-Security-Policy']")
    assert csp is not None
    assert "default-src 'none'" in (csp.get("content") or "")
    tags = {e.tag for e in root.iter()}
    assert not tags & {"script", "link", "img", "iframe", "object", "embed", "base", "form",
                       "input", "video", "audio", "source", "noscript"}
    for tag, name, value in attributes(root):
        assert not name.lower().startswith("on"), (tag, name)
        assert name not in ("src", "href", "xlink:href", "srcset", "action"), (tag, name)
        assert "javascript:" not in value.lower()
        for target in re.findall(r"url\(([^)]*)\)", value):
            assert target.startswith("#"), (tag, name, value)
    # nothing anywhere in the output names a place to fetch from
    assert "http:" not in html
    assert "https:" not in html
    assert "//" not in html.replace(
        "<!DOCTYPE", ""
    )
    style = "".join(text(s) for s in root.iter("style"))
    assert "@import" not in style
    assert "@font-face" not in style
    assert re.search(r"@page\s*\{\s*size:\s*A4", style)
    assert "@media print" in style


@pytest.mark.parametrize("index", range(3))
def test_headings_are_structured(index: int) -> None:
    found = headings(parse(all_html()[index]))
    levels = [level for level, _ in found]
    assert levels[0] == 1
    assert levels.count(1) == 1
    for before, after in itertools.pairwise(levels):
        assert after <= before + 1, found
    assert all(title for _, title in found)


@pytest.mark.parametrize("index", range(3))
def test_every_chart_has_a_description_and_a_data_table(index: int) -> None:
    root = parse(all_html()[index])
    up = parents(root)
    charts = 0
    for svg in root.iter("svg"):
        if svg.get("aria-hidden") == "true":  # a legend swatch: the legend's text says it
            assert up[svg].tag != "figure"
            continue
        charts += 1
        assert svg.get("role") == "img"
        ids = (svg.get("aria-labelledby") or "").split()
        assert len(ids) == 2
        title, desc = svg.find("title"), svg.find("desc")
        assert title is not None
        assert desc is not None
        assert [title.get("id"), desc.get("id")] == ids
        assert text(title)
        assert len(text(desc)) > 40
        figure = up[svg]
        assert figure.tag == "figure"
        caption = figure.find("figcaption")
        assert caption is not None
        assert text(caption) == text(desc)
        siblings = list(up[figure])
        after = siblings[siblings.index(figure) + 1]
        alternative = after if after.tag == "table" else after.find("table")
        assert after.tag in ("table", "details")
        assert alternative is not None
        assert len(alternative.findall(".//tbody/tr")) >= 1
    assert charts == [1, 3, 2][index]


def test_ids_are_unique() -> None:
    for html in all_html():
        ids = [e.get("id") for e in parse(html).iter() if e.get("id")]
        assert len(ids) == len(set(ids))


def test_colours_are_from_colour_blind_safe_palettes_and_not_alone() -> None:
    html = person_html()
    style = "".join(text(s) for s in parse(html).iter("style"))
    # self, all others and the target differ in line dash and marker shape, not only colour
    assert re.search(r"\.series-self \{[^}]*stroke-dasharray", style)
    assert re.search(r"\.series-target \{[^}]*stroke-dasharray", style)
    assert "#D55E00" in style
    assert "#0072B2" in style
    root = parse(html)
    shapes = {}
    for group in root.iter("g"):
        if group.get("class") == "series":
            line, *markers = list(group)
            shapes[line.get("class")] = {m.tag for m in markers}
    assert shapes == {"series-target": {"path"}, "series-others": {"circle"},
                      "series-self": {"rect"}}
    # heatmap cells carry their value, and the bands' colours are ColorBrewer PuOr
    for band in _charts.GAP_BANDS:
        assert band[1] in cohort_html()


# --- the numbers ----------------------------------------------------------------------------


def test_the_gap_table_holds_the_reports_numbers() -> None:
    report, _sheet, _ = example()
    rows = table(parse(person_html()), "gap-table")
    assert rows[0][:3] == ["Competency", "Required", "Achieved"]
    assert len(rows) == 1 + len(report.requirements)
    for cells, row in zip(rows[1:], report.requirements, strict=True):
        assert cells[0].startswith(row.title)
        assert ("essential" in cells[0]) == row.essential
        assert cells[1].startswith(str(row.required))
        assert cells[2] == number(row.achieved)
        assert cells[3] == (
            "-" if row.ci is None else f"{row.ci[0]:.2f} to {row.ci[1]:.2f}"
        )
        assert cells[4] == str(row.n)
        assert cells[5] == number(row.gap)
        assert cells[6] == number(row.weighted_gap)
        assert cells[7].split(",")[0].split(" ", 1)[1] == status_text(row.status, row.certainty)
        assert cells[7].endswith("an essential requirement not met") == row.essential_unmet
    assert rows[4][2:7] == ["1.96", "1.64 to 2.28", "5", "2.04", "10.20"]


def test_the_summary_says_the_fit_and_the_priorities() -> None:
    report, _, _ = example()
    root = parse(person_html())
    summary = root.find(".//section[@id='summary']")
    assert summary is not None
    said = text(summary)
    assert "Fit 0.66 of 1 (importance-weighted); 3 of 9 requirements met; 4 of 5 essential" in said
    for title in ("Connecting our service", "Engaging the team", "Holding to account",
                  "Influencing for results"):
        assert title in said
    priorities = [text(li) for li in summary.iter("li") if "gap" in text(li)]
    assert priorities == [
        f"{item.title} essential: gap {number(item.gap)}" for item in report.plan[:3]
    ]


def test_the_radar_table_holds_self_others_and_target() -> None:
    report, sheet, _ = example()
    rows = table(parse(person_html()), "radar-data")
    assert rows[0] == ["Competency", "Self", "All others", "Required"]
    for cells, row in zip(rows[1:], report.requirements, strict=True):
        entry = sheet.competency(row.competency)
        assert entry.self is not None
        assert entry.all_others is not None
        assert cells == [row.title, number(entry.self.mean), number(entry.all_others.mean),
                         str(row.required)]


def test_the_radar_places_each_value_on_its_axis() -> None:
    report, sheet, framework = example()
    from leadcomp.reports._person import person_view

    view = person_view(report, sheet, framework, DAY)
    chart = view.radar
    assert chart is not None
    target = next(s for s in chart.series if s.key == "target")
    # the HLM scale runs 1 to 4 with its centre one step below 1: level r sits at r/4 radius
    for point, row in zip(target.points, report.requirements, strict=True):
        distance = ((point.x - chart.cx) ** 2 + (point.y - chart.cy) ** 2) ** 0.5
        assert distance == pytest.approx(185.0 * row.required / 4)
    assert [r.label for r in chart.rings] == ["1 Essential", "2 Proficient", "3 Strong",
                                              "4 Exemplary"]
    first = target.points[0]
    assert first.x == pytest.approx(chart.cx)
    assert first.y < chart.cy


def missing_of_group(entry: Any, group: str) -> str | None:
    return next((m.reason for m in entry.missing if m.group == group), None)


def test_the_group_table_shows_only_what_the_sheet_shows() -> None:
    _, sheet, _ = example()
    rows = table(parse(person_html()), "group-table")
    assert rows[0] == ["Competency", "Self", "All others", "Manager", "Peer", "Direct report",
                       "Other"]
    connecting = next(r for r in rows if r[0] == "Connecting our service")
    assert connecting[5] == "withheld"
    entry = sheet.competency("hlm.connecting-our-service")
    assert "direct_report" not in {g.group for g in entry.groups}
    # the one "other" rater answered too few of its items: said, not left blank
    holding = next(r for r in rows if r[0] == "Holding to account")
    assert holding[6] == "low coverage"
    assert missing_of_group(sheet.competency("hlm.holding-to-account"), "other") == "low-coverage"
    overall = rows[-1]
    assert overall[0] == "Overall"
    assert sheet.overall.all_others is not None
    assert overall[2] == f"2.55 (n={sheet.overall.all_others.n})"
    for cells, entry in zip(rows[1:-1], sheet.competencies, strict=True):
        shown = {g.group: g.score for g in entry.groups}
        for name, cell in zip(rows[0][3:], cells[3:], strict=True):
            group = name.lower().replace(" ", "_")
            if group in shown:
                assert cell == f"{number(shown[group].mean)} (n={shown[group].n})"
            else:
                assert not re.search(r"\d", cell)


def test_every_comment_shown_is_the_sheets_with_its_group_only() -> None:
    _, sheet, _ = example()
    root = parse(person_html())
    section = root.find(".//section[@id='comments']")
    assert section is not None
    quotes = [(text(q.find("p")), text(q.find("footer"))) for q in section.iter("blockquote")]  # type: ignore[arg-type]
    expected = [
        (f"“{c.text}”", label(c.group).capitalize())
        for entry in sheet.competencies for c in entry.comments
    ]
    assert quotes == expected


def test_the_plan_has_next_level_descriptors_and_behaviours() -> None:
    report, _, _ = example()
    root = parse(person_html())
    items = root.findall(".//section[@id='plan']/article")
    assert len(items) == len(report.plan)
    for article, item in zip(items, report.plan, strict=True):
        said = text(article)
        assert said.startswith(f"{item.rank}. {item.title}")
        assert f"gap {number(item.gap)} (weighted {number(item.weighted_gap)})" in said
        assert f"Next level: {item.next_level} {item.next_label}." in said
        assert item.next_descriptor is not None
        assert item.next_descriptor in said
        behaviours = [text(li) for li in article.iter("li")]
        assert behaviours == [
            ("Avoid: " if i.reverse else "") + i.text for i in item.indicators
        ]


def test_flags_quality_and_provenance() -> None:
    report, sheet, framework = example()
    root = parse(person_html())
    flags = table(root, "flags-table")
    assert [r[:4] for r in flags[1:]] == [
        [f.title, "Hidden strength" if f.flag == "hidden_strength" else "Blind spot",
         number(f.self_mean), number(f.others_mean)]
        for f in report.flags
    ]
    quality = table(root, "quality-table")
    for cells, entry in zip(quality[1:], sheet.competencies, strict=True):
        assert cells[1] == f"{entry.coverage:.0%}"
        assert cells[2] == str(entry.not_observed)
        assert entry.agreement is not None
        assert cells[4] == number(entry.agreement.value)
    about = text(root.find(".//section[@id='about']"))  # type: ignore[arg-type]
    for fact in ("hlm@1.0.0", framework.title, "Unofficial rendering", "(default)",
                 f"leadcomp {leadcomp.__version__}", "1 April 2025"):
        assert fact in about
    notes = text(root.find(".//section[@id='quality']"))  # type: ignore[arg-type]
    assert "Connecting our service: direct report ratings withheld" in notes


def test_the_cohort_tables_hold_the_cohort_reports_numbers() -> None:
    report, people, change = cohort()
    root = parse(cohort_html())
    rows = table(root, "cohort-table")
    for cells, c in zip(rows[1:], report.competencies, strict=True):
        assert c.gaps is not None
        assert cells[1:] == [
            str(c.required), str(c.n), f"{c.share_met:.0%}", number(c.mean_gap),
            number(c.gaps.median), f"{c.gaps.q1:.2f} to {c.gaps.q3:.2f}", number(c.mwds),
            str(c.borich_rank),
        ]
    heat = table(root, "heatmap-data")
    assert len(heat) == 1 + len(people)
    for cells, person in zip(heat[1:], people, strict=True):
        assert cells == [person.subject, *(number(r.gap) for r in person.requirements),
                         number(person.summary.fit)]
    progress = table(root, "progress-table")
    assert progress[0][-2:] == ["95% CI", "Reliable change, people"]
    for cells, entry in zip(progress[1:-1], change.competencies, strict=True):
        ch = entry.change
        assert ch.ci is not None
        assert ch.mean_change is not None
        assert entry.reliability is not None
        assert entry.sd is not None
        assert cells == [entry.title, str(ch.n), number(ch.mean_baseline), number(ch.mean_followup),
                         f"{ch.mean_change:+.2f}", number(ch.effect_size),
                         f"{ch.ci[0]:+.2f} to {ch.ci[1]:+.2f}",
                         f"{entry.reliable_up} up, {entry.reliable_down} down (reliability "
                         f"{entry.reliability:.2f}, SD {entry.sd:.2f})"]
    assert progress[-1][0] == "Fit"
    said = text(root)
    assert "No follow-up (2): cf-0101, cf-0102." in said
    assert "No baseline (2): cf-0113, cf-0114." in said


def test_the_heatmap_draws_every_cell_with_its_value() -> None:
    report, people, _ = cohort()
    root = parse(cohort_html())
    svg = root.find(".//figure/svg[@aria-labelledby='heat-title heat-desc']")
    assert svg is not None
    values = [text(t) for t in svg.iter("text") if "cell-text" in (t.get("class") or "")]
    assert values == [number(r.gap) for p in people for r in p.requirements]
    labels = [text(t) for t in svg.iter("text") if t.get("text-anchor") == "end"]
    assert labels == [p.subject for p in people]
    assert len(report.competencies) == 9


def test_a_cohort_without_people_or_progress_says_so() -> None:
    report, _, _ = cohort()
    html = render_html(report, date=DAY)
    root = parse(html)
    assert "no heatmap" in text(root)
    assert root.find(".//section[@id='progress']") is None
    md = render_markdown(report, date=DAY)
    assert "The per-person gap reports were not given." in md


# --- Markdown -------------------------------------------------------------------------------


def _md_table(md: str, header: str) -> list[list[str]]:
    lines = md.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(header))
    rows = []
    for line in lines[start:]:
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in line.strip("|").split(" | ")])
    return [rows[0], *rows[2:]]


def test_markdown_has_the_same_content_as_tables() -> None:
    report, sheet, _ = example()
    md = person_md()
    assert "<" not in md
    assert "http" not in md
    titles = [line for line in md.splitlines() if line.startswith("#")]
    assert titles[0] == "# cf-0417: Primary Care Network clinical director"
    assert [t for t in titles if t.startswith("## ")] == [
        "## How to read this report", "## Summary",
        "## Profile: self, others and the role", "## Requirements of the role",
        "## Highest- and lowest-rated behaviours", "## Development plan",
        "## Importance and performance",
        "## Blind spots and hidden strengths", "## Rater groups", "## Comments",
        "## Data quality", "## About this report",
    ]
    gaps = _md_table(md, "| Competency | Required | Achieved")
    for cells, row in zip(gaps[1:], report.requirements, strict=True):
        assert cells[2] == number(row.achieved)
        assert cells[5] == number(row.gap)
        assert cells[6] == number(row.weighted_gap)
    radar = _md_table(md, "| Competency | Self | All others | Required |")
    assert len(radar) == 1 + len(report.requirements)
    groups = _md_table(md, "| Competency | Self | All others | Manager")
    assert groups[4][5] == "*withheld*"
    for entry in sheet.competencies:
        for comment in entry.comments:
            assert f"> “{comment.text}” ({label(comment.group).capitalize()})" in md
    for item in report.plan:
        assert f"### {item.rank}. {item.title}" in md


def test_cohort_markdown_has_the_heatmap_and_progress_as_tables() -> None:
    _report, people, _change = cohort()
    md = cohort_md()
    assert "<" not in md
    heat = _md_table(md, "| Person |")
    assert [row[0] for row in heat[1:]] == [p.subject for p in people]
    assert heat[1][1:-1] == [number(r.gap) for r in people[0].requirements]
    progress = _md_table(md, "| Competency | Pairs |")
    assert progress[-1][0] == "**Fit**"
    assert "Change in fit since the baseline:** +0.10 (95% CI +0.02 to +0.18" in md


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("a|b", "a\\|b"),
        ("<script>", "&lt;script&gt;"),
        ("*bold* _it_ `code` [link](x)", "\\*bold\\* \\_it\\_ \\`code\\` \\[link\\](x)"),
        ("- item", "\\- item"),
        ("1. first", "1\\. first"),  # a backslash before a digit would be shown
        ("line\nbreak", "line break"),
        ("AT&T &amp; &#60;", "AT&T &amp;amp; &amp;\\#60;"),
        ("# not a heading", "\\# not a heading"),
        ("-0.16", "-0.16"),
        (None, ""),
    ],
)
def test_markdown_escaping(raw: str | None, shown: str) -> None:
    assert escape_markdown(raw) == shown


# --- escaping -------------------------------------------------------------------------------


def _assert_inert(html: str) -> ET.Element:
    assert SCRIPT not in html
    assert IMG not in html
    assert "<script" not in html.lower()
    assert "<img" not in html.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    root = parse(html)
    assert not {e.tag for e in root.iter()} & {"script", "img"}
    return root


def test_hostile_texts_in_a_person_report_are_shown_as_text() -> None:
    report, sheet, framework = evil()
    html = render_html(report, sheet, framework=framework, date=DAY)
    root = _assert_inert(html)
    title = root.find("head/title")
    assert title is not None
    assert EVIL in text(title)
    said = text(root)  # parsed text is the raw text again: shown, not run
    assert f"cf-{EVIL}" in said
    assert f"HLM {EVIL}" in said
    assert f"Director {EVIL}" in said
    for entry in sheet.competencies:
        for comment in entry.comments:
            assert comment.text in said
    assert f"Next level: 3 L3 {EVIL}" in said
    radar = root.find(".//svg[@role='img']")
    assert radar is not None
    labels = " ".join(text(t) for t in radar.iter("text"))
    assert "<" in labels
    assert "alert(1)" in labels
    md = render_markdown(report, sheet, framework=framework, date=DAY)
    assert "<" not in md
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in md


def test_hostile_texts_in_a_cohort_report_are_shown_as_text() -> None:
    report, people, change = evil_cohort()
    html = render_html(report, people=people, progress=change, date=DAY)
    root = _assert_inert(html)
    said = text(root)
    for person in people:
        assert person.subject in said
    md = render_markdown(report, people=people, progress=change, date=DAY)
    assert "<" not in md


# --- API contract ---------------------------------------------------------------------------


def test_a_person_report_needs_its_own_sheet_and_framework() -> None:
    report, sheet, _framework = example()
    with pytest.raises(InvalidDocument) as raised:
        render_html(report)
    assert raised.value.problems[0].code == "sheet-needed"
    other = attrs.evolve(sheet, subject="someone-else")
    with pytest.raises(InvalidDocument) as raised:
        render_html(report, other)
    assert raised.value.problems[0].code == "report-mismatch"
    with pytest.raises(InvalidDocument) as raised:
        render_html(report, sheet, framework=leadcomp.load_builtin("clcf"))
    assert raised.value.problems[0].code == "framework-mismatch"
    with pytest.raises(TypeError):
        render_html(sheet)  # type: ignore[arg-type]
    cohort_report, _people, _ = cohort()
    with pytest.raises(TypeError):
        render_html(cohort_report, sheet)
    with pytest.raises(InvalidDocument) as raised:
        render_html(cohort_report, people=[report])
    assert raised.value.problems[0].code == "report-mismatch"
    with pytest.raises(ValueError, match="html"):
        render_report("pdf", report, sheet)  # type: ignore[arg-type]
    assessment = leadcomp.load(EXAMPLE, kind="assessment")
    assert render_report("md", report, sheet, date=DAY, assessment=assessment) == person_md()
    with pytest.raises(InvalidDocument, match="not the one the score sheet"):
        render_html(report, sheet, assessment=attrs.evolve(assessment, subject="someone-else"))
    assert leadcomp.render_html is render_html


def test_reports_are_deterministic_and_dated() -> None:
    assert person_html() == person_html()
    report, sheet, _ = example()
    import datetime

    today = datetime.date.today()
    assert f"{today.day} " in render_markdown(report, sheet).split("Report date:** ")[1][:20]


def test_a_framework_of_ones_own_and_few_competencies() -> None:
    """A framework that is not built in is given; fewer than three requirements: no radar."""
    from gap_data import ROLE, TOY, make_assessment

    sheet = leadcomp.score(make_assessment(TOY), TOY)
    role = attrs.evolve(ROLE, requirements=ROLE.requirements[:2])
    report = leadcomp.gap(sheet, role, TOY)
    with pytest.raises(InvalidDocument) as raised:
        render_html(report, sheet)
    assert raised.value.problems[0].code == "framework-needed"
    html = render_html(report, sheet, framework=TOY, date=DAY)
    root = parse(html)
    assert root.find(".//svg[@role='img']") is None
    assert "A radar needs three or more competencies" in text(root)
    details = root.find(".//details")
    assert details is not None
    assert details.get("open") == "open"


def test_a_sequence_shows_its_barrier_and_an_older_sheet_its_version() -> None:
    from gap_data import make_assessment
    from leadcomp.model import FrameworkRef, Requirement, RoleProfile

    adkar = leadcomp.load_builtin("adkar")
    role = RoleProfile(
        id="change-lead", title="Change lead",
        framework=FrameworkRef(id="adkar", versions="^1.0.0"),
        requirements=tuple(
            Requirement(competency=c.id, level=4, essential=True) for c in adkar.roots()
        ),
    )
    sheet = leadcomp.score(make_assessment(adkar, level=0.55), adkar)
    sheet = attrs.evolve(sheet, leadcomp_version="0.0.9")
    report = leadcomp.gap(sheet, role, adkar, compare="self")
    assert report.sequential
    root = parse(render_html(report, sheet, date=DAY))
    section = root.find(".//section[@id='requirements']")
    assert section is not None
    assert [text(h) for h in section.iter("h3")] == ["Sequence"]
    barrier = report.barrier
    said = text(section)
    if barrier is None:
        assert "No barrier found" in said
    else:
        assert f"The barrier is {barrier.title} (element {barrier.position})" in said
    facts = root.find(".//section[@id='about']/dl")
    assert facts is not None
    about = dict(zip([text(e) for e in facts.iter("dt")], [text(e) for e in facts.iter("dd")],
                     strict=True))
    assert "scored with leadcomp 0.0.9" in about["Made with"]
    assert about["Achieved level"] == "self"
    md = render_markdown(report, sheet, date=DAY)
    assert "### Sequence" in md


def test_jinja2_is_optional(tmp_path: Path) -> None:
    """leadcomp and leadcomp.reports import without Jinja2; rendering is then a Problem."""
    code = (
        "import sys; sys.modules['jinja2'] = None\n"
        "import leadcomp, leadcomp.reports, leadcomp.cli.report\n"
        "from leadcomp.reports import render_html\n"
        "try:\n"
        "    render_html(None)\n"
        "except TypeError:\n"
        "    pass\n"
        "from leadcomp.reports._env import environment\n"
        "try:\n"
        "    environment('html')\n"
        "except leadcomp.InvalidDocument as e:\n"
        "    print(e.problems[0].code, e.problems[0].message)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=False, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("missing-dependency")
    assert "pip install 'leadcomp[report]'" in done.stdout
    code = "import sys, leadcomp.reports; print('jinja2' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip() == "False"


# --- charts ---------------------------------------------------------------------------------


def test_chart_helpers() -> None:
    assert _charts.nice_ticks(-1.59, 0.45) == (-2.0, -1.0, 0.0, 1.0)
    assert _charts.nice_ticks(0.0, 0.59) == (0.0, 0.2, 0.4, 0.6)
    assert _charts.nice_ticks(1.0, 1.0) == (0.5, 0.75, 1.0, 1.25, 1.5)
    assert _charts.wrap_label("a " * 40, 10, 2)[-1].endswith("…")
    assert _charts.cut("abcdef", 4) == "abc…"
    assert _charts.gap_band(-1.0)[0] == "#542788"
    assert _charts.gap_band(0.0)[0] == "#D8DAEB"
    assert _charts.gap_band(1e-12)[0] == "#D8DAEB"
    assert _charts.gap_band(5.0)[0] == "#B35806"
    scale = _charts.AxisScale(values=(1, 2, 3, 4))
    assert (scale.centre, scale.share(4), scale.share(-9)) == (0.0, 1.0, 0.0)
    chart = _charts.radar(
        ["a", "b", "c", "d"], [scale] * 4,
        [("s", "S", "circle", [1.0, None, 3.0, 4.0])],
    )
    (series,) = chart.series
    assert not series.closed
    assert len(series.points) == 3
    assert series.path.count("M") == 2  # c-d and d-a: the gaps at b are not bridged


# --- the command ----------------------------------------------------------------------------


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(list(argv))
    return status, out.getvalue(), err.getvalue()


def test_the_command_writes_a_persons_report(tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    status, _, err = run("report", str(EXAMPLE), "--role", "pcn-clinical-director", "-o",
                         str(target), "--date", "2025-04-01")
    assert status == 0, err
    assert target.read_text(encoding="utf-8") == person_html()
    markdown = tmp_path / "report.md"
    status, _, err = run("report", str(EXAMPLE), "--role", "pcn-clinical-director", "-o",
                         str(markdown), "--date", "2025-04-01")
    assert status == 0, err
    assert markdown.read_text(encoding="utf-8") == person_md()
    status, out, _ = run("report", str(EXAMPLE), "--role", "pcn-clinical-director", "-o", "-",
                         "--format", "md", "--date", "2025-04-01")
    assert status == 0
    assert out == person_md()
    forced = tmp_path / "report.txt"
    status, _, _ = run("report", str(EXAMPLE), "--role", "pcn-clinical-director", "-o",
                       str(forced), "--format", "html", "--date", "2025-04-01")
    assert status == 0
    assert forced.read_text(encoding="utf-8") == person_html()


def test_the_command_writes_a_cohort_report(tmp_path: Path) -> None:
    target = tmp_path / "cohort.html"
    status, _, err = run("report", str(COHORT_2025), "--role", "clinical-fellow", "--baseline",
                         str(COHORT_2024), "-o", str(target), "--date", "2025-04-01")
    assert status == 0, err
    assert "12 of 12 assessments compared" in err
    html = target.read_text(encoding="utf-8")
    report, people, change = cohort()
    expected = render_html(report, people=people, progress=change, date=DAY,
                           psychometrics=cohort_psychometrics())  # type: ignore[arg-type]
    assert html == expected
    assert 'id="psychometrics"' in html
    assert 'id="reliability-table"' in html


def test_the_command_keeps_existing_files_and_inputs(tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    target.write_text("precious\n", encoding="utf-8")
    argv = ["report", str(EXAMPLE), "--role", "pcn-clinical-director", "-o", str(target)]
    status, _, err = run(*argv)
    assert status == 2
    assert "file-exists" in err
    assert target.read_text(encoding="utf-8") == "precious\n"
    status, _, err = run(*argv, "--force")
    assert status == 0, err
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    copy = tmp_path / "input.yaml"
    copy.write_bytes(EXAMPLE.read_bytes())
    link = tmp_path / "link.html"
    link.symlink_to(copy)
    for output in (copy, link):
        status, _, err = run("report", str(copy), "--role", "pcn-clinical-director", "-o",
                             str(output), "--format", "html", "--force")
        assert status == 2
        assert "same-file" in err
        assert copy.read_bytes() == EXAMPLE.read_bytes()
    base = tmp_path / "base.jsonl"
    base.write_bytes(COHORT_2024.read_bytes())
    status, _, err = run("report", str(COHORT_2025), "--role", "clinical-fellow",
                         "--baseline", str(base), "-o", str(base), "--format", "md", "--force")
    assert status == 2
    assert "same-file" in err
    assert base.read_bytes() == COHORT_2024.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["base.jsonl", "input.yaml",
                                                           "link.html", "report.html"]


@pytest.mark.parametrize(
    ("argv", "status", "message"),
    [
        (["-o", "out.pdf"], 2, "cannot tell the format"),
        (["-o", "out.html", "--baseline", str(COHORT_2024)], 2, "--baseline is for cohorts"),
        (["-o", "out.html", "--compare", "boss"], 2, "--compare"),
        (["-o", "out.html", "--date", "yesterday"], 2, "YYYY-MM-DD"),
        (["-o", "out.html", "--role", "no-such-role"], 2, "no-such-role"),
    ],
)
def test_the_command_refuses_bad_options(
    argv: list[str], status: int, message: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    base = ["report", str(EXAMPLE)]
    if "--role" not in argv:
        base += ["--role", "pcn-clinical-director"]
    got, _, err = run(*base, *argv)
    assert got == status
    assert message in err
    assert "Traceback" not in err
    assert list(tmp_path.iterdir()) == []


def test_the_command_reports_invalid_input(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("kind: assessment\nformat: '1.0'\n", encoding="utf-8")
    status, _, err = run("report", str(bad), "--role", "pcn-clinical-director", "-o",
                         str(tmp_path / "out.html"))
    assert status == 1
    assert err
    cohort_file = tmp_path / "c.jsonl"
    lines = COHORT_2025.read_text(encoding="utf-8").splitlines()
    cohort_file.write_text("\n".join([*lines[:3], "{}"]) + "\n", encoding="utf-8")
    status, _, err = run("report", str(cohort_file), "--role", "clinical-fellow", "-o",
                         str(tmp_path / "c.md"))
    assert status == 1
    assert "3 of 4 assessments" in err
    assert (tmp_path / "c.md").read_text(encoding="utf-8").startswith("# Clinical fellow")


SUPPORT = ROOT / "tests" / "bad_inputs" / "support"


@pytest.mark.parametrize(
    ("argv", "status", "message"),
    [
        ([str(COHORT_2025), "--role", "clinical-fellow", "--compare", "boss"], 2, "--compare"),
        ([str(COHORT_2025), "--role", "clinical-fellow", "--framework", "clcf"], 1,
         "framework-mismatch"),
        ([str(COHORT_2025), "--role", str(SUPPORT / "tl.role.json")], 2, "framework-needed"),
        (["missing.jsonl", "--role", "clinical-fellow"], 1, "unreadable"),
        (["empty.jsonl", "--role", "clinical-fellow"], 1, "empty-cohort"),
        ([str(EXAMPLE), "--role", "pcn-clinical-director-clcf"], 1, "framework-mismatch"),
    ],
)
def test_the_command_reports_what_stops_it(
    argv: list[str], status: int, message: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "empty.jsonl").write_text("", encoding="utf-8")
    got, _, err = run("report", *argv, "-o", "out.html")
    assert got == status, err
    assert message in err
    assert "Traceback" not in err
    assert not (tmp_path / "out.html").exists()


def test_the_command_writes_html_to_standard_output_and_says_when_it_cannot_write(
    tmp_path: Path,
) -> None:
    status, out, _ = run("report", str(EXAMPLE), "--role", "pcn-clinical-director", "-o", "-",
                         "--date", "2025-04-01")
    assert status == 0
    assert out == person_html()
    status, _, err = run("report", str(EXAMPLE), "--role", "pcn-clinical-director", "-o",
                         str(tmp_path / "no" / "such" / "folder.html"))
    assert status == 1
    assert "unwritable" in err


def test_the_command_without_jinja2_says_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from leadcomp.reports import _env

    _env.environment.cache_clear()
    monkeypatch.setitem(sys.modules, "jinja2", None)
    try:
        status, _, err = run("report", str(EXAMPLE), "--role", "pcn-clinical-director", "-o",
                             str(tmp_path / "r.html"))
    finally:
        monkeypatch.undo()
        _env.environment.cache_clear()
    assert status == 1
    assert "missing-dependency" in err
    assert "leadcomp[report]" in err
    assert not (tmp_path / "r.html").exists()


# --- anonymity: the property ------------------------------------------------------------------



def _counts(assessment: Assessment) -> dict[str, int]:
    counts: dict[str, int] = {}
    for rater in assessment.raters:
        counts[rater.group] = counts.get(rater.group, 0) + 1
    return {g: counts.get(g, 0) for g in ("manager", "peer", "direct_report", "other")}


def _role(framework: Framework) -> leadcomp.RoleProfile:
    from leadcomp.model import FrameworkRef, Requirement, RoleProfile

    requirements = []
    for competency in framework.competencies:
        scale = framework.scale_of(competency)
        assert scale is not None
        requirements.append(Requirement(competency=competency.id, level=scale.maximum))
    return RoleProfile(
        id="target", title="Target role",
        framework=FrameworkRef(id=framework.id, versions=framework.version),
        requirements=tuple(requirements),
    )


def _reports(sheet: leadcomp.ScoreSheet, framework: Framework) -> list[str]:
    report = leadcomp.gap(sheet, _role(framework), framework)
    group = leadcomp.cohort_gaps([report])
    return [
        render_html(report, sheet, framework=framework, date=DAY),
        render_markdown(report, sheet, framework=framework, date=DAY),
        render_html(group, people=[report], framework=framework, date=DAY),
        render_markdown(group, people=[report], framework=framework, date=DAY),
    ]


@settings(scaled(0.4), deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(drawn=cases())
def test_no_report_shows_a_rater_id_or_a_hidden_groups_figures_or_comments(
    drawn: tuple[Framework, ScoringPolicy, Assessment],
) -> None:
    framework, policy, assessment = drawn
    sheet = leadcomp.score(assessment, framework, policy)
    figures, comments = hidden_groups(policy, _counts(assessment))
    group_of = {r.id: r.group for r in assessment.raters}
    secrets = [r.id for r in assessment.raters]
    secrets += [r.comment for r in assessment.ratings
                if r.comment is not None and group_of[r.rater] in comments]
    secrets += [c.text for c in assessment.comments if group_of[c.rater] in comments]
    outputs = _reports(sheet, framework)
    for output in outputs:
        leaked = [s for s in secrets if s in output]
        assert not leaked
    # the group table has a column only for groups the sheet shows somewhere
    root = parse(outputs[0])
    header = table(root, "group-table")[0]
    nodes: list[CompetencyScore | OverallScore] = [*sheet.competencies, sheet.overall]
    shown = list(dict.fromkeys(g.group for node in nodes for g in node.groups))
    assert not set(shown) & figures
    assert header[3:] == [group_name(g) for g in shown]
    # every comment shown is one the sheet shows, with its group
    quotes = [text(q) for q in root.iter("blockquote")]
    allowed = {c.text for entry in sheet.competencies for c in entry.comments}
    allowed |= {c.text for answers in sheet.open_comments for c in answers.comments}
    for quote in quotes:
        assert quote.split("”")[0].lstrip("“") in allowed
    # the reports are the same without the hidden groups' raters (but for "withheld" marks)
    gone = removable(policy, figures)
    if gone:
        ids = {r.id for r in assessment.raters if r.group in gone}
        without = attrs.evolve(
            assessment,
            raters=tuple(r for r in assessment.raters if r.id not in ids),
            ratings=tuple(r for r in assessment.ratings if r.rater not in ids),
            comments=tuple(c for c in assessment.comments if c.rater not in ids),
        )
        assert _reports(without_withheld_markers(sheet), framework) == _reports(
            without_withheld_markers(leadcomp.score(without, framework, policy)), framework
        )


def test_the_property_sees_comments_and_ids_when_they_are_shown() -> None:
    """The leak search is meaningful: the comments of shown groups and the subject appear."""
    _, sheet, _ = example()
    html, md = person_html(), person_md()
    for entry in sheet.competencies:
        for comment in entry.comments:
            assert comment.text in html
            assert comment.text in md
    assert sheet.subject in html
    assert sheet.subject in md
    rater_ids = re.findall(r"id: (r-\d\d)", EXAMPLE.read_text(encoding="utf-8"))
    assert len(rater_ids) == 9
    for rater in rater_ids:
        assert rater not in html
        assert rater not in md


def test_no_temporary_files_are_left(tmp_path: Path) -> None:
    target = tmp_path / "r.html"
    run("report", str(EXAMPLE), "--role", "pcn-clinical-director", "-o", str(target))
    assert [p.name for p in tmp_path.iterdir()] == ["r.html"]
