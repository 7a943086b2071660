"""Per-person reports in one run, and what programmes expect of a report: strengths, the
highest- and lowest-rated behaviours (under the sheet's anonymity), how to read it first, bars
for many competencies, needs that are needs, and a heatmap sorted by fit."""

from __future__ import annotations

import json
from pathlib import Path

import attrs
import pytest

import leadcomp
from leadcomp.cli import main
from leadcomp.model import (
    Assessment,
    Competency,
    Framework,
    FrameworkRef,
    Indicator,
    Level,
    Rater,
    Rating,
    Requirement,
    RoleProfile,
    Scale,
)
from leadcomp.problems import InvalidDocument
from leadcomp.reports import read_names, render_people, render_report
from leadcomp.reports._behaviours import indicator_figures
from report_data import COHORT_2025, DAY, EXAMPLE, cohort, parse, table

pytest.importorskip("jinja2", reason="the report extra (jinja2) is not installed")

ROLE = "clinical-fellow"


def _subjects() -> list[str]:
    lines = COHORT_2025.read_text("utf-8").splitlines()
    return [json.loads(line)["subject"] for line in lines if line.strip()]


def test_per_person_writes_a_page_per_subject_and_an_index(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "people"
    names = tmp_path / "names.csv"
    subjects = _subjects()
    names.write_text(
        f"subject,name\n{subjects[0]},Dr Ana <b>Ruiz</b>\n{subjects[1]},Sam Lee\nnobody,X\n",
        "utf-8",
    )
    argv = ["report", str(COHORT_2025), "--role", ROLE, "--per-person", "-o", str(out),
            "--names", str(names), "--date", "2025-04-01"]
    assert main(argv) == 0
    files = sorted(p.name for p in out.iterdir())
    assert files == sorted([f"{s}.html" for s in subjects] + ["index.html"])
    index = (out / "index.html").read_text("utf-8")
    root = parse(index)
    links = [a.get("href") for a in root.iter("{http://www.w3.org/1999/xhtml}a")] or [
        a.get("href") for a in root.iter("a")
    ]
    assert links == [f"./{s}.html" for s in subjects]
    assert "Dr Ana &lt;b&gt;Ruiz&lt;/b&gt;" in index
    assert "Sam Lee" in index
    assert "nobody" not in index
    page = (out / f"{subjects[0]}.html").read_text("utf-8")
    assert "Dr Ana &lt;b&gt;Ruiz&lt;/b&gt;" in page
    assert "<b>Ruiz" not in page
    assert "Sam Lee" not in page
    # The page is the one `leadcomp report` writes for that person alone (bar the name).
    one = tmp_path / "one.jsonl"
    one.write_text(COHORT_2025.read_text("utf-8").splitlines()[2] + "\n", "utf-8")
    assert main(["report", str(one), "--role", ROLE, "--per-person", "-o", str(tmp_path / "o"),
                 "--date", "2025-04-01"]) == 0
    assert (tmp_path / "o" / f"{subjects[2]}.html").read_text("utf-8") == (
        out / f"{subjects[2]}.html"
    ).read_text("utf-8")
    capsys.readouterr()
    # Existing files are refused without --force, and nothing is written.
    (out / "index.html").write_text("mine", "utf-8")
    assert main(argv) == 2
    assert f"{out / 'index.html'}: file-exists" in capsys.readouterr().err
    assert (out / "index.html").read_text("utf-8") == "mine"
    assert main([*argv, "--force"]) == 0
    assert (out / "index.html").read_text("utf-8") != "mine"


def test_markdown_pages_and_a_subject_twice(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "md"
    assert main(["report", str(COHORT_2025), "--role", ROLE, "--per-person", "--format", "md",
                 "-o", str(out)]) == 0
    subjects = _subjects()
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [f"{s}.md" for s in subjects] + ["index.html"]
    )
    assert f'href="./{subjects[0]}.md"' in (out / "index.html").read_text("utf-8")
    lines = COHORT_2025.read_text("utf-8").splitlines()
    twice = tmp_path / "twice.jsonl"
    twice.write_text("\n".join([lines[0], lines[1], lines[0]]) + "\n", "utf-8")
    capsys.readouterr()
    assert main(["report", str(twice), "--role", ROLE, "--per-person",
                 "-o", str(tmp_path / "t")]) == 1
    err = capsys.readouterr().err
    assert f"subject {subjects[0]!r} is on lines 1, 3" in err
    assert not (tmp_path / "t").exists()
    assert main(["report", str(EXAMPLE), "--role", ROLE, "--per-person",
                 "-o", str(tmp_path / "x")]) == 2


def test_names_files_are_checked(tmp_path: Path) -> None:
    names = tmp_path / "names.csv"
    names.write_text("\ufeffa1, Ana  Ruiz \n\na2,Sam\n", "utf-8")
    assert read_names(names) == {"a1": "Ana Ruiz", "a2": "Sam"}
    names.write_text("a1,Ana\na1,Other\na3\n", "utf-8")
    with pytest.raises(InvalidDocument) as caught:
        read_names(names)
    assert [(p.code, p.line) for p in caught.value.problems] == [
        ("duplicate-subject", 2), ("bad-name-row", 3)
    ]


def test_render_people_refuses_a_subject_twice() -> None:
    hlm = leadcomp.load_builtin("hlm")
    assessment = leadcomp.load(EXAMPLE, kind="assessment")
    sheet = leadcomp.score(assessment, hlm)
    report = leadcomp.gap(sheet, leadcomp.load_builtin(ROLE, "role"), hlm)
    pages = render_people([(report, sheet, assessment)], "html", date=DAY)
    assert [name for name, _ in pages] == [f"{report.subject}.html", "index.html"]
    with pytest.raises(InvalidDocument) as caught:
        render_people([(report, sheet, None), (report, sheet, None)])
    assert caught.value.problems[0].code == "duplicate-subject"


# -- what a person's report shows --------------------------------------------------------------


def _framework(count: int) -> Framework:
    scale = Scale(id="s", levels=tuple(Level(value=v, label=f"L{v}") for v in range(1, 6)))
    return Framework(
        id="many", version="1.0.0", title="Many", default_scale="s", scales=(scale,),
        competencies=tuple(
            Competency(
                id=f"c{i}", title=f"Competency {i}", kind="behaviour",
                indicators=tuple(
                    Indicator(id=f"c{i}.{j}", text=f"Behaviour {i}.{j}", reverse=j == 2)
                    for j in range(1, 4)
                ),
            )
            for i in range(count)
        ),
    )


def _assessment(framework: Framework, peers: int = 4, reports: int = 0) -> Assessment:
    raters = [Rater(id="r-self", group="self")]
    raters += [Rater(id=f"r-p{k}", group="peer") for k in range(peers)]
    raters += [Rater(id=f"r-d{k}", group="direct_report") for k in range(reports)]
    ratings = []
    for rater in raters:
        for competency in framework.competencies:
            for j, indicator in enumerate(competency.indicators):
                value = 1 + (j + len(rater.id)) % 5 if rater.group != "direct_report" else 5
                ratings.append(Rating(rater=rater.id, item=indicator.id, value=value))
    return Assessment(subject="p-1", framework=framework.ref, raters=tuple(raters),
                      ratings=tuple(ratings))


def _role(framework: Framework) -> RoleProfile:
    return RoleProfile(
        id="r", title="Role", framework=FrameworkRef(id=framework.id, versions=framework.version),
        requirements=tuple(Requirement(competency=c.id, level=3) for c in framework.competencies),
    )


def _render(framework: Framework, assessment: Assessment, kind: str = "html") -> str:
    sheet = leadcomp.score(assessment, framework)
    report = leadcomp.gap(sheet, _role(framework), framework)
    return render_report(kind, report, sheet, framework=framework, date=DAY,  # type: ignore[arg-type]
                         assessment=assessment)


@pytest.mark.parametrize(("count", "chart"), [(12, "radar"), (13, "bars")])
def test_bars_replace_the_radar_above_twelve_competencies(count: int, chart: str) -> None:
    framework = _framework(count)
    html = _render(framework, _assessment(framework))
    assert f'id="{chart}-title"' in html
    assert f'id="{"radar" if chart == "bars" else "bars"}-title"' not in html
    assert len(table(parse(html), "radar-data")) == count + 1


def test_how_to_read_comes_first_then_strengths_and_behaviours() -> None:
    framework = _framework(3)
    assessment = _assessment(framework)
    html = _render(framework, assessment)
    assert html.index('id="how-to-read"') < html.index('id="summary"') < html.index(
        'class="figure"'
    )
    assert 'id="strengths"' in html
    assert 'id="behaviour-table"' in html
    rows = table(parse(html), "behaviour-table")
    figures = indicator_figures(assessment, leadcomp.score(assessment, framework), framework)
    for row, competency in zip(rows[1:], framework.competencies, strict=True):
        listed = figures[competency.id]
        high = max(listed, key=lambda f: f.mean)
        low = min(reversed(listed), key=lambda f: f.mean)
        assert row[0] == competency.title
        assert row[1].endswith(high.text)
        assert row[3].endswith(low.text)
        assert row[2] == f"{high.mean:.2f} (n={high.n})"
    # Reverse-keyed answers are turned: peers' mean of indicator .2 is 6 minus their mean.
    peers = [r for r in assessment.ratings if r.rater.startswith("r-p") and r.item == "c0.2"]
    mean = sum(6 - r.value for r in peers if r.value is not None) / len(peers)
    assert next(f for f in figures["c0"] if f.indicator == "c0.2").mean == pytest.approx(mean)
    md = _render(framework, assessment, "md")
    assert md.index("## How to read this report") < md.index("## Summary")
    assert "### Strengths" in md
    assert "## Highest- and lowest-rated behaviours" in md


def test_a_withheld_group_shows_in_no_behaviour_figure() -> None:
    framework = _framework(3)
    # Four peers are shown; two direct reports are under their threshold (3): withheld.
    assessment = _assessment(framework, peers=4, reports=2)
    sheet = leadcomp.score(assessment, framework)
    for entry in sheet.competencies:
        assert [g.group for g in entry.groups] == ["peer"]
        assert any(m.group == "direct_report" for m in entry.missing)
    figures = indicator_figures(assessment, sheet, framework)
    assert {f.n for listed in figures.values() for f in listed} == {4}
    html = _render(framework, assessment)
    moved = attrs.evolve(
        assessment,
        ratings=tuple(
            attrs.evolve(r, value=1 if r.value != 1 else 2) if r.rater.startswith("r-d") else r
            for r in assessment.ratings
        ),
    )
    assert _render(framework, moved) == html
    assert _render(framework, _assessment(framework, peers=4, reports=0)) != html


def test_needs_are_needs_and_the_heatmap_sorts_by_fit(tmp_path: Path) -> None:
    report, people, _ = cohort()
    html = render_report("html", report, people=people, date=DAY, sort="fit")
    rows = table(parse(html), "heatmap-data")[1:]
    fits = sorted((p.summary.fit, p.subject) for p in people)
    assert [row[0] for row in rows] == [subject for _, subject in fits]
    by_title = {c.title: c for c in report.competencies}
    md = render_report("md", report, people=people, date=DAY)
    listed = [line for line in md.split("### Greatest training needs")[1].split("##")[0]
              .splitlines() if line[:1].isdigit()]
    for line in listed:
        title = line.split(". ", 1)[1].split(" (MWDS")[0]
        assert (by_title[title].mwds or 0) > 0
    met = attrs.evolve(
        report,
        competencies=tuple(attrs.evolve(c, mwds=0.0) for c in report.competencies),
    )
    md = render_report("md", met, people=people, date=DAY)
    assert "None: no competency has a mean weighted discrepancy above 0" in md
    out = tmp_path / "cohort.html"
    assert main(["report", str(COHORT_2025), "--role", ROLE, "--sort", "fit",
                 "-o", str(out)]) == 0
    assert "from the lowest fit up" in out.read_text("utf-8")


def test_per_person_usage_errors_and_bad_lines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = ["report", str(COHORT_2025), "--role", ROLE]
    assert main([*base, "--per-person", "-o", "-"]) == 2
    assert main([*base, "--per-person", "--baseline", str(COHORT_2025), "-o", "x"]) == 2
    assert main([*base, "--names", "n.csv", "-o", str(tmp_path / "c.html")]) == 2
    afile = tmp_path / "afile"
    afile.write_text("x", "utf-8")
    assert main([*base, "--per-person", "-o", str(afile)]) == 2
    assert "not-a-folder" in capsys.readouterr().err
    names = tmp_path / "names.csv"
    names.write_bytes(b"a1,\xff\n")
    assert main([*base, "--per-person", "--names", str(names), "-o", str(tmp_path / "n")]) == 1
    assert "not-utf8" in capsys.readouterr().err
    assert main([*base, "--per-person", "--framework", "clcf", "-o", str(tmp_path / "f")]) == 1
    lines = COHORT_2025.read_text("utf-8").splitlines()
    bad = tmp_path / "bad.jsonl"
    bad.write_text(lines[0] + "\n{\"kind\": \"assessment\"}\n", "utf-8")
    assert main(["report", str(bad), "--role", ROLE, "--per-person",
                 "-o", str(tmp_path / "b")]) == 1
    err = capsys.readouterr().err
    assert f"{bad}:2" in err
    assert "1 of 2 people reported" in err
    assert (tmp_path / "b" / "index.html").exists()
    index = tmp_path / "index.jsonl"
    record = json.loads(lines[0])
    record["subject"] = "index"
    index.write_text(json.dumps(record) + "\n", "utf-8")
    assert main(["report", str(index), "--role", ROLE, "--per-person",
                 "-o", str(tmp_path / "i")]) == 1
    assert "reserved-subject" in capsys.readouterr().err
