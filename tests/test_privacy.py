"""Anonymity: no output shows a rater id, or the figures or comments of a group under its
threshold.

Random frameworks, policies and 360 assessments (``scoring_strategies.py``) are scored, with
every rater id and every comment made a distinctive random token, so that finding one in an
output is a plain substring search. Then, for every renderer in ``RENDERERS``:

- no rater id appears, of any group (self included): rater ids never leave the scoring step;
- no comment of a group that must stay hidden appears: a group whose raters, all of them, are
  fewer than its threshold (or its comment threshold), and for merged groups, fewer than the
  merge's threshold in total. The test judges from the raters listed, an upper bound on the
  raters scored at any competency, so every group it calls hidden is hidden for certain.

And for figures, which a substring search cannot find: removing a hidden group's raters from the
assessment changes nothing on the sheet but the "withheld" markers (groups merging with others
excepted: removing one changes whether the others merge).

Above all, noninterference (``test_nothing_said_in_a_withheld_cell_changes_any_output``):
changing anything the raters of a group said inside a cell where that group is withheld changes
no byte of any output in ``RENDERERS``, parents, overall and "all others" included.

**Adding an output** (Markdown or HTML reports, charts...) is one line in ``RENDERERS``: a name,
a function from a ``Case`` to the text it shows, and the module it needs.
"""

from __future__ import annotations

import contextlib
import io
import json
import random
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, event, given, settings, strategies as st

import leadcomp
from leadcomp.model import (
    Assessment,
    Framework,
    FrameworkRef,
    Requirement,
    RoleProfile,
    ScoreSheet,
    ScoringPolicy,
)
from leadcomp.model._types import OTHER_GROUPS
from profiles import scaled
from report_data import DAY, EXAMPLE, render_case
from scoring_strategies import (
    builtin_or_drawn_policies,
    cases,
    cell_changes,
    distinct_token,
    distinctive,
    hidden_groups,
    layered_frameworks,
    open_comment_changes,
    removable,
    scale_of_item,
    scoring_assessments,
    scoring_frameworks,
    straddling_assessments,
    without_withheld_markers,
)


@dataclass
class Case:
    """One scored assessment: its inputs, its sheet, and files for the command line."""

    framework: Framework
    policy: ScoringPolicy
    assessment: Assessment
    folder: Path

    @cached_property
    def sheet(self) -> ScoreSheet:
        return leadcomp.score(self.assessment, self.framework, self.policy)

    @cached_property
    def role(self) -> RoleProfile:
        """A role requiring the top of the scale on every competency."""
        requirements = []
        for competency in self.framework.competencies:
            scale = self.framework.scale_of(competency)
            assert scale is not None
            requirements.append(Requirement(competency=competency.id, level=scale.maximum))
        return RoleProfile(
            id="target",
            title="Target role",
            framework=FrameworkRef(id=self.framework.id, versions=self.framework.version),
            requirements=tuple(requirements),
        )

    def file(self, name: str, model: Any) -> str:
        path = self.folder / name
        if not path.exists():
            path.write_text(leadcomp.dumps(model), encoding="utf-8")
        return str(path)

    def lines_file(self) -> str:
        """The assessment as a JSON Lines file of one line."""
        path = self.folder / "assessments.jsonl"
        if not path.exists():
            line = json.dumps(json.loads(leadcomp.dumps(self.assessment)), ensure_ascii=False)
            path.write_text(line + "\n", encoding="utf-8")
        return str(path)

    def score_cli(self, output: str, *, jobs: int | None = None) -> str:
        """What ``leadcomp score`` prints, standard output and standard error together; with
        ``jobs``, from JSON Lines input in that many processes."""
        from leadcomp.cli import main

        source = (
            self.file("assessment.json", self.assessment) if jobs is None else self.lines_file()
        )
        argv = [
            "score", source,
            "--framework", self.file("framework.json", self.framework),
            "--policy", self.file("policy.json", self.policy),
            "-o", output,
            *(() if jobs is None else ("--jobs", str(jobs))),
        ]
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            assert main(argv) == 0, err.getvalue()
        return out.getvalue() + err.getvalue()


def _gap_text(case: Case) -> str:
    from leadcomp.gaps import gap
    from leadcomp.reports._gap_text import render_gap_text

    return render_gap_text(gap(case.sheet, case.role, case.framework), case.framework)


def _gap_json(case: Case) -> str:
    from leadcomp.documents._reports import dumps_report
    from leadcomp.gaps import gap

    return dumps_report(gap(case.sheet, case.role, case.framework))


def _sheet_text(case: Case) -> str:
    from leadcomp.scoring._sheet_text import render_text

    return render_text(case.sheet, case.framework)


def _cohort(case: Case) -> Any:
    from leadcomp.gaps import gap

    return leadcomp.cohort_gaps([gap(case.sheet, case.role, case.framework)])


def _baseline(case: Case) -> tuple[ScoreSheet, Any]:
    """A baseline round for the case's subject that does not depend on what raters said:
    six other raters and self answering every item at the bottom of its scale."""
    from leadcomp.gaps import gap

    before = _baseline_assessment(case)
    sheet = leadcomp.score(before, case.framework)
    return sheet, gap(sheet, case.role, case.framework)


def _baseline_assessment(case: Case) -> Assessment:
    """The baseline's assessment (see ``_baseline``)."""
    from leadcomp.model import Rater, Rating

    framework = case.framework
    raters = (
        Rater(id="base-self", group="self"),
        *(Rater(id=f"base-{n}", group="other") for n in range(6)),
    )
    items = [*framework.indicator_index(), *(c.id for c in framework.competencies)]
    ratings = tuple(
        Rating(rater=r.id, item=item, value=scale_of_item(framework, item).minimum)
        for r in raters
        for item in items
    )
    return Assessment(
        subject=case.assessment.subject, framework=framework.ref, raters=raters, ratings=ratings
    )


def _items_text(case: Case) -> str:
    """The item analysis of a cohort of two: the case's person and the fixed baseline one."""
    from leadcomp.cohort._items import item_report
    from leadcomp.reports._psychometrics_text import render_items_text

    base = _baseline_assessment(case)
    pairs = [
        (base, leadcomp.score(base, case.framework, case.policy)),
        (case.assessment, case.sheet),
    ]
    return render_items_text(item_report(pairs, case.framework), case.framework)


def _psychometrics(case: Case) -> Any:
    """Items and rater reliability of a cohort of two (the case's person and the fixed
    baseline one)."""
    from leadcomp.cohort._items import ReliabilityTally, group_comparison, item_report

    base = _baseline_assessment(case)
    pairs = [
        (base, leadcomp.score(base, case.framework, case.policy)),
        (case.assessment, case.sheet),
    ]
    tally = ReliabilityTally()
    for _, sheet in pairs:
        tally.add(sheet)
    return (
        item_report(pairs, case.framework),
        tally.finish(case.framework),
        group_comparison(tally, case.framework),
    )


def _psychometrics_text(case: Case) -> str:
    """The psychometrics section of the cohort text."""
    from leadcomp.reports._psychometrics_text import psychometrics_lines

    return "\n".join(psychometrics_lines(*_psychometrics(case)))


def _norms(case: Case) -> Any:
    """Norms of a reference group of the case's person and ten fixed baseline people (so that
    every cell has percentiles at the smallest size allowed)."""
    from leadcomp.cohort._norms import build_norms

    base = _baseline_assessment(case)
    sheets = [leadcomp.score(base, case.framework, case.policy) for _ in range(10)]
    return build_norms([*sheets, case.sheet], min_people=2)


def _norms_json(case: Case) -> str:
    from leadcomp.documents._reports import dumps_report

    return dumps_report(_norms(case))


def _gap_text_with_norms(case: Case) -> str:
    from leadcomp.reports._gap_text import norms_lines

    titles = {c.id: c.title for _, c in case.framework.walk()}
    return _gap_text(case) + "\n".join(norms_lines(_norms(case), case.sheet, titles))


def _cohort_json_psychometrics(case: Case) -> str:
    """The cohort report JSON with the item analysis, rater reliability and group comparison
    (format 1.1), of the case's person and the fixed baseline one."""
    from leadcomp.documents._reports import dumps_report

    items, reliability, comparison = _psychometrics(case)
    return dumps_report(
        attrs.evolve(_cohort(case), items=items, reliability=reliability, comparison=comparison)
    )


def _cohort_cli_json(case: Case) -> str:
    """What ``leadcomp cohort -o json --items`` prints."""
    from leadcomp.cli import main

    argv = [
        "cohort", case.lines_file(), "--role", case.file("role.json", case.role),
        "--framework", case.file("framework.json", case.framework),
        "--policy", case.file("policy.json", case.policy), "-o", "json", "--items",
    ]
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        assert main(argv) == 0, err.getvalue()
    return out.getvalue()


def _gap_json_with_norms(case: Case) -> str:
    """The gap report JSON with the person's percentiles in the norms (format 1.1)."""
    from leadcomp.documents._reports import dumps_report
    from leadcomp.gaps import gap, with_norms

    report = gap(case.sheet, case.role, case.framework)
    return dumps_report(with_norms(report, case.sheet, _norms(case)))


def _items_cli(case: Case) -> str:
    """What ``leadcomp items`` prints (standard output: standard error names the file)."""
    from leadcomp.cli import main

    argv = [
        "items", case.lines_file(),
        "--framework", case.file("framework.json", case.framework),
        "--policy", case.file("policy.json", case.policy),
    ]
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        assert main(argv) == 0, err.getvalue()
    return out.getvalue()


def _progress(case: Case, *, sheets: bool) -> Any:
    from leadcomp.gaps import gap

    base_sheet, base_report = _baseline(case)
    if sheets:
        return leadcomp.progress([base_sheet], [case.sheet])
    return leadcomp.progress([base_report], [gap(case.sheet, case.role, case.framework)])


def _cohort_text(case: Case) -> str:
    from leadcomp.reports._cohort_text import render_cohort_text

    return render_cohort_text(_cohort(case))


def _cohort_json(case: Case) -> str:
    from leadcomp.documents._reports import dumps_report

    return dumps_report(_cohort(case))


def _progress_text(case: Case, *, sheets: bool) -> str:
    from leadcomp.reports._cohort_text import render_progress_text

    return render_progress_text(_progress(case, sheets=sheets))


def _progress_json(case: Case, *, sheets: bool) -> str:
    from leadcomp.documents._reports import dumps_report

    return dumps_report(_progress(case, sheets=sheets))


def _cohort_report(case: Case, kind: str) -> str:
    """A cohort report of the case's person with the progress from the baseline."""
    from leadcomp.gaps import gap
    from leadcomp.reports import render_report

    report = gap(case.sheet, case.role, case.framework)
    return render_report(
        kind, leadcomp.cohort_gaps([report]), people=[report], framework=case.framework,  # type: ignore[arg-type]
        progress=_progress(case, sheets=False), date=DAY, psychometrics=_psychometrics(case),
    )


@dataclass(frozen=True)
class Renderer:
    """One output people or programs see, as text."""

    name: str
    render: Callable[[Case], str]
    #: A module the output needs: the renderer is skipped while it cannot be imported.
    requires: str | None = None
    #: Whether it shows the subject's id and the comments (a sheet, or a person's report).
    comments: bool = True


#: Every output made from a score sheet. Add Markdown/HTML/chart reports here, one line each.
RENDERERS: tuple[Renderer, ...] = (
    Renderer("ScoreSheet repr", lambda case: repr(case.sheet)),
    Renderer("leadcomp.dumps (JSON)", lambda case: leadcomp.dumps(case.sheet)),
    Renderer("leadcomp.dumps (YAML)", lambda case: leadcomp.dumps(case.sheet, syntax="yaml")),
    Renderer("score sheet text", _sheet_text),
    Renderer("leadcomp score -o text", lambda case: case.score_cli("text")),
    Renderer("leadcomp score -o json", lambda case: case.score_cli("json")),
    Renderer("leadcomp score -o jsonl", lambda case: case.score_cli("jsonl")),
    Renderer("leadcomp score JSON Lines --jobs 1", lambda c: c.score_cli("jsonl", jobs=1)),
    Renderer("leadcomp score JSON Lines --jobs 2", lambda c: c.score_cli("jsonl", jobs=2)),
    Renderer("leadcomp score JSON Lines -o text", lambda c: c.score_cli("text", jobs=1)),
    Renderer("item analysis text", _items_text, comments=False),
    Renderer("leadcomp items", _items_cli, comments=False),
    Renderer("cohort psychometrics text", _psychometrics_text, comments=False),
    Renderer("norms JSON", _norms_json, comments=False),
    Renderer("gap report text with norms", _gap_text_with_norms, "leadcomp.gaps", comments=False),
    Renderer("gap report text", _gap_text, "leadcomp.gaps", comments=False),
    Renderer("gap report JSON", _gap_json, "leadcomp.gaps", comments=False),
    Renderer("gap report JSON with norms", _gap_json_with_norms, "leadcomp.gaps", comments=False),
    Renderer("cohort JSON with psychometrics", _cohort_json_psychometrics, comments=False),
    Renderer("leadcomp cohort -o json --items", _cohort_cli_json, comments=False),
    Renderer("person report HTML", lambda case: render_case(case, "html"), requires="jinja2"),
    Renderer("person report Markdown", lambda case: render_case(case, "md"), requires="jinja2"),
    Renderer("gap cohort report HTML", lambda c: render_case(c, "html", group=True), "jinja2",
             comments=False),
    Renderer("gap cohort report Markdown", lambda c: render_case(c, "md", group=True),
             "jinja2", comments=False),
    Renderer("cohort text", _cohort_text, "leadcomp.gaps", comments=False),
    Renderer("cohort JSON", _cohort_json, "leadcomp.gaps", comments=False),
    Renderer("progress of gaps text", lambda c: _progress_text(c, sheets=False),
             "leadcomp.gaps", comments=False),
    Renderer("progress of gaps JSON", lambda c: _progress_json(c, sheets=False),
             "leadcomp.gaps", comments=False),
    Renderer("progress of sheets text", lambda c: _progress_text(c, sheets=True),
             comments=False),
    Renderer("progress of sheets JSON", lambda c: _progress_json(c, sheets=True),
             comments=False),
    Renderer("cohort report with progress HTML", lambda c: _cohort_report(c, "html"), "jinja2",
             comments=False),
    Renderer("cohort report with progress Markdown", lambda c: _cohort_report(c, "md"),
             "jinja2", comments=False),
    Renderer("person report HTML, with behaviours",
             lambda c: render_case(c, "html", assessment=True), "jinja2"),
    Renderer("person report Markdown, with behaviours",
             lambda c: render_case(c, "md", assessment=True), "jinja2"),
    Renderer("per-person pages and index", lambda c: render_case(c, "md", people=True), "jinja2"),
)


def _available(renderer: Renderer) -> bool:
    if renderer.requires is None:
        return True
    try:
        __import__(renderer.requires)
    except ImportError:
        return False
    return True


# ---- what must stay hidden ---------------------------------------------------------------------


def _counts(assessment: Assessment) -> dict[str, int]:
    counts = dict.fromkeys(OTHER_GROUPS, 0)
    for rater in assessment.raters:
        if rater.group != "self":
            counts[rater.group] += 1
    return counts


# ---- cases ---------------------------------------------------------------------------------------


def perturbed(assessment: Assessment, framework: Framework, groups: set[str]) -> Assessment:
    """The assessment with every valid answer of a rater in ``groups`` moved to another level
    of its scale (answers "not observed" stay so, so that no count changes)."""
    group_of = {r.id: r.group for r in assessment.raters}

    def move(rating: Any) -> Any:
        if rating.value is None or group_of[rating.rater] not in groups:
            return rating
        scale = framework.scale_of_item(rating.item)
        if scale is None:
            competency = framework.get(rating.item)
            scale = None if competency is None else framework.scale_of(competency)
        assert scale is not None
        values = scale.values
        index = values.index(rating.value)
        return attrs.evolve(rating, value=values[(index + 1) % len(values)])

    return attrs.evolve(assessment, ratings=tuple(move(r) for r in assessment.ratings))


def _comments_of(assessment: Assessment, groups: set[str]) -> list[str]:
    group_of = {r.id: r.group for r in assessment.raters}
    return [
        r.comment for r in assessment.ratings
        if r.comment is not None and group_of[r.rater] in groups
    ] + [c.text for c in assessment.comments if group_of[c.rater] in groups]


# ---- the property --------------------------------------------------------------------------------


@settings(
    scaled(0.7),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(drawn=cases())
def test_no_output_shows_a_rater_id_or_what_a_small_group_said(
    drawn: tuple[Framework, ScoringPolicy, Assessment],
) -> None:
    framework, policy, assessment = drawn
    with tempfile.TemporaryDirectory() as folder:
        case = Case(framework, policy, assessment, Path(folder))
        figures, comments = hidden_groups(policy, _counts(assessment))
        event(f"groups hidden: {len(figures)}; comments hidden: {len(comments)}")
        secrets = [r.id for r in assessment.raters]
        secrets += _comments_of(assessment, comments)
        for renderer in RENDERERS:
            if not _available(renderer):
                continue
            text = renderer.render(case)
            leaked = [secret for secret in secrets if secret in text]
            assert not leaked, f"{renderer.name} shows {leaked}"
        sheet = case.sheet
        for node in [sheet.overall, *sheet.competencies]:
            shown = {g.group for g in node.groups}
            assert not shown & figures
            for comment in getattr(node, "comments", ()):
                assert comment.group not in comments
        for answers in sheet.open_comments:
            for comment in answers.comments:
                assert comment.group not in comments
        if figures and _available(RENDERERS[-1]):
            # Noninterference for the outputs that read the assessment itself (per-behaviour
            # figures): whatever a rater of a withheld group said changes no byte.
            changed = perturbed(assessment, framework, figures)
            other = Case(framework, policy, changed, Path(folder) / "changed")
            (Path(folder) / "changed").mkdir()
            for renderer in RENDERERS:
                if "behaviours" in renderer.name or "per-person" in renderer.name:
                    assert renderer.render(case) == renderer.render(other), renderer.name
        gone = removable(policy, figures)
        event(f"groups removed to compare: {len(gone)}")
        if gone:
            ids = {r.id for r in assessment.raters if r.group in gone}
            without = attrs.evolve(
                assessment,
                raters=tuple(r for r in assessment.raters if r.id not in ids),
                ratings=tuple(r for r in assessment.ratings if r.rater not in ids),
                comments=tuple(c for c in assessment.comments if c.rater not in ids),
            )
            assert without_withheld_markers(sheet) == without_withheld_markers(
                leadcomp.score(without, framework, policy)
            )


# ---- noninterference: what a withheld cell holds reaches no output -----------------------------


def withheld_cells(sheet: ScoreSheet, assessment: Assessment) -> list[tuple[str, str]]:
    """Every (group, competency) where the group has raters but nothing of theirs is shown:
    the group is neither shown itself nor a member of a merged group shown there (withheld,
    merged into a withheld group, or, for a group of threshold 1, with nobody scored)."""
    listed = {r.group for r in assessment.raters if r.group != "self"}
    merged_into = sheet.policy.merge.into
    cells: list[tuple[str, str]] = []
    for entry in sheet.competencies:
        names = {g.group for g in entry.groups}
        merged = {m.group for m in entry.missing if m.reason == "merged"}
        for group in OTHER_GROUPS:
            if group not in listed or group in names:
                continue
            if group in merged and merged_into in names:
                continue
            assert entry.competency is not None
            cells.append((group, entry.competency))
    return cells


def outputs(case: Case) -> dict[str, str]:
    """Every output of a case, by renderer name."""
    return {r.name: r.render(case) for r in RENDERERS if _available(r)}


def assert_same_outputs(
    framework: Framework, policy: ScoringPolicy, before: Assessment, after: Assessment
) -> None:
    with tempfile.TemporaryDirectory() as one, tempfile.TemporaryDirectory() as two:
        first = outputs(Case(framework, policy, before, Path(one)))
        second = outputs(Case(framework, policy, after, Path(two)))
    for name, text in first.items():
        assert second[name] == text, f"{name} differs"


# the promise most worth a search: three units of examples (about half of them change a cell
# that stays withheld, the case the promise is about)
@settings(
    scaled(3),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=st.data())
def test_nothing_said_in_a_withheld_cell_changes_any_output(data: st.DataObject) -> None:
    """Noninterference. A *cell* is a rater group at a competency, and what is said inside it
    is what that group's raters answered on the competency's own items (its indicators and
    the competency itself): values, "not observed", leaving an item out, and comments.

    For every cell where the group is withheld (it has raters, but is neither shown there nor
    within a merged group shown there), and every change to what is said inside that cell
    after which the cell is still withheld, every output in RENDERERS is the same, byte for
    byte. Whether a cell is withheld follows from how many of the group's raters are scored
    there, so a change can show it (two raters become three): such changes are outside the
    promise, since the cell's figures are then shown, and are only counted (``event``).

    Frameworks are at least two levels deep with competencies that have both children and
    items of their own; policies are the built-in ones and any drawn one (merging, pooling,
    thresholds, comment thresholds); groups sit around their thresholds.
    """
    framework = data.draw(layered_frameworks(), label="framework")
    policy = data.draw(builtin_or_drawn_policies(), label="policy")
    assessment = distinctive(
        data.draw(straddling_assessments(framework, policy), label="assessment"),
        data.draw(st.integers(0, 2**32), label="seed"),
    )
    cells = withheld_cells(leadcomp.score(assessment, framework, policy), assessment)
    event(f"withheld cells: {min(len(cells), 5)}{'+' if len(cells) >= 5 else ''}")
    if not cells:
        return
    group, competency = data.draw(st.sampled_from(cells), label="cell")
    parent = framework.competency(competency).parent
    event(f"cell: {'child' if parent else 'root'}"
          f"{' with children' if framework.children(competency) else ''}")
    changed = data.draw(cell_changes(framework, assessment, group, competency), label="change")
    after = leadcomp.score(changed, framework, policy)
    if (group, competency) not in withheld_cells(after, changed):
        event("the change shows the cell (outside the promise)")
        return
    event("the change keeps the cell withheld")
    assert_same_outputs(framework, policy, assessment, changed)


# the same promise for answers to open questions (format 1.1), which belong to no competency:
# what the raters of a group whose open comments are withheld over the whole assessment say
# there (answers rewritten, removed or added) changes no byte of any output
@settings(
    scaled(1),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=st.data())
def test_nothing_a_withheld_group_answers_to_open_questions_changes_any_output(
    data: st.DataObject,
) -> None:
    """A group's answers to open questions are withheld where it has fewer raters in the
    assessment than its comment threshold (or threshold), merged groups as for figures. The
    groups judged hidden here are hidden for certain (``hidden_groups``): changing anything
    their raters answered to open questions changes no output."""
    framework = data.draw(scoring_frameworks(max_competencies=3), label="framework")
    policy = data.draw(builtin_or_drawn_policies(), label="policy")
    # groups around what their answers need (comment threshold or threshold, the higher), one
    # of those that need two or more just under it
    needs = {
        g: max(policy.thresholds.of(g), policy.comment_threshold(g)) for g in OTHER_GROUPS
    }
    sizes = {"self": data.draw(st.integers(0, 1), label="self")}
    for group in OTHER_GROUPS:
        sizes[group] = data.draw(
            st.sampled_from(sorted({0, max(1, needs[group] - 1), needs[group]})), label=group
        )
    small = [g for g in OTHER_GROUPS if needs[g] >= 2]
    if small:
        sizes[data.draw(st.sampled_from(small), label="under")] = 1
    assessment = distinctive(
        data.draw(scoring_assessments(framework, sizes=sizes), label="assessment"),
        data.draw(st.integers(0, 2**32), label="seed"),
    )
    _, quiet = hidden_groups(policy, _counts(assessment))
    event(f"groups whose open comments are hidden: {len(quiet)}")
    if not quiet:
        return
    changed = data.draw(open_comment_changes(assessment, quiet), label="change")
    event(f"open comments before and after: {bool(assessment.comments)}, "
          f"{bool(changed.comments)}")
    assert_same_outputs(framework, policy, assessment, changed)


def test_open_comments_of_a_small_group_read_alike_whatever_they_say() -> None:
    """The shipped example (three peers, threshold 3) with one peer fewer: whatever the two
    peers answer to open questions, or whether they answer, every output is the same; the
    manager's and self's answers are shown, labelled by group only."""
    from leadcomp.model import OpenComment

    framework = leadcomp.load_builtin("hlm")
    example = leadcomp.load(EXAMPLE, kind="assessment")
    base = attrs.evolve(
        example,
        raters=tuple(r for r in example.raters if r.id != "r-05"),
        ratings=tuple(r for r in example.ratings if r.rater != "r-05"),
        comments=(
            OpenComment(rater="r-01", question="strengths", text="zo-self-strength"),
            OpenComment(rater="r-02", question="development", text="zo-manager-development"),
        ),
    )

    def peers(*said: tuple[str, str, str]) -> Assessment:
        return attrs.evolve(base, comments=base.comments + tuple(
            OpenComment(rater=r, question=q, text=t) for r, q, t in said
        ))

    for policy_name in ("default", "group-pooling"):  # (merge shows them within colleagues)
        policy = leadcomp.BUILTIN_POLICIES[policy_name]
        with tempfile.TemporaryDirectory() as folder:
            shown = outputs(Case(framework, policy, base, Path(folder)))
        text = "".join(shown.values())
        assert "zo-self-strength" in text
        assert "zo-manager-development" in text
        for variant in (
            peers(("r-03", "strengths", "zo-peer-secret")),
            peers(("r-03", "development", "zo-a"), ("r-04", "development", "zo-b")),
            peers(("r-04", "q-3", "zo-c")),
        ):
            assert_same_outputs(framework, policy, base, variant)


def _example_variants() -> list[tuple[str, Assessment]]:
    """The shipped example, and r-08 (a direct report) saying other things on
    hlm.connecting-our-service, where direct reports are withheld (r-08 alone of them
    answers enough there)."""
    from leadcomp.model import Rating

    example = leadcomp.load(EXAMPLE, kind="assessment")
    cell = "hlm.connecting-our-service"
    items = [f"{cell}.{n}" for n in range(1, 6)]
    others = tuple(
        r for r in example.ratings if not (r.rater == "r-08" and r.item.startswith(cell))
    )

    def saying(values: list[int | None], comment: str | None = None) -> Assessment:
        said = tuple(
            Rating(rater="r-08", item=item, value=value, comment=comment if n == 0 else None)
            for n, (item, value) in enumerate(zip(items, values, strict=True))
        )
        return attrs.evolve(example, ratings=others + said)

    return [
        ("as shipped", example),
        ("all lowest", saying([1] * 5)),
        ("all highest", saying([4] * 5)),
        ("mixed, with a comment", saying([4, 1, 4, 1, 4], "zc-secret-remark")),
        ("all not observed", saying([None] * 5)),
        ("too few answered", saying([4, None, None, None, 1])),
        ("nothing at all", attrs.evolve(example, ratings=others)),
    ]


@pytest.mark.parametrize("policy_name", ["default", "group-pooling"])
def test_the_shipped_example_shows_nothing_of_r08_on_connecting_our_service(
    policy_name: str,
) -> None:
    """Deterministic noninterference on the shipped example against the built-in HLM: before
    the fix, r-08's answers on hlm.connecting-our-service moved the overall all-others and
    direct-report mean, SD, interval and minimum."""
    framework = leadcomp.load_builtin("hlm")
    policy = leadcomp.BUILTIN_POLICIES[policy_name]
    variants = _example_variants()
    for name, assessment in variants:
        sheet = leadcomp.score(assessment, framework, policy)
        assert ("direct_report", "hlm.connecting-our-service") in withheld_cells(
            sheet, assessment
        ), name
    _, shipped = variants[0]
    with tempfile.TemporaryDirectory() as folder:
        expected = outputs(Case(framework, policy, shipped, Path(folder)))
    assert "zc-secret-remark" not in "".join(expected.values())
    for name, assessment in variants[1:]:
        with tempfile.TemporaryDirectory() as folder:
            found = outputs(Case(framework, policy, assessment, Path(folder)))
        for renderer, text in expected.items():
            assert found[renderer] == text, f"{name}: {renderer} differs"


def test_the_shipped_example_overall_leaves_out_the_withheld_cell() -> None:
    """The overall direct-report figure is the mean of the direct reports' scores over the
    eight competencies where they are shown (r-08's answers on the ninth left out)."""
    framework = leadcomp.load_builtin("hlm")
    sheet = leadcomp.score(leadcomp.load(EXAMPLE, kind="assessment"), framework)
    overall = {g.group: g.score for g in sheet.overall.groups}
    shown = [c for c in sheet.competencies if c.competency != "hlm.connecting-our-service"]
    assert all(
        "direct_report" in {g.group for g in c.groups} for c in shown
    )
    # every direct report answered enough of all eight shown, so each one's overall is the
    # mean of their eight scores, and the group's mean is the mean of the eight group means
    means = [next(g.score.mean for g in c.groups if g.group == "direct_report") for c in shown]
    assert overall["direct_report"].n == 3
    assert overall["direct_report"].mean == pytest.approx(sum(means) / 8, abs=1e-12)
    # pinned (they were 2.5652778 and 2.5480035 while the withheld cell leaked into them)
    assert overall["direct_report"].mean == pytest.approx(2.5833333333, abs=1e-9)
    assert sheet.overall.all_others is not None
    assert sheet.overall.all_others.mean == pytest.approx(2.5547743056, abs=1e-9)


@pytest.mark.parametrize("policy_name", ["default", "merge", "group-pooling"])
def test_a_withheld_cell_reads_the_same_whether_none_one_or_two_answered(
    policy_name: str,
) -> None:
    """Four one-item competencies a1, a2, a3, b; three direct reports (threshold 3) answer a1
    to a3, and none, one or two of them b, with any values: every output is the same."""
    from leadcomp.model import Competency, Indicator, Level, Rater, Rating, Scale

    scale = Scale(
        id="s", levels=tuple(Level(value=v, label=f"L{v}") for v in range(1, 6)),
        not_observed=True,
    )
    framework = Framework(
        id="fw", version="1.0.0", title="Four", default_scale="s", scales=(scale,),
        competencies=tuple(
            Competency(id=c, title=c, kind="behaviour", indicators=(Indicator(id=f"{c}.1",
                       text="item"),))
            for c in ("a1", "a2", "a3", "b")
        ),
    )
    raters = tuple(Rater(id=f"zr-d{n}", group="direct_report") for n in range(3))
    common = tuple(
        Rating(rater=r.id, item=f"{c}.1", value=3) for r in raters for c in ("a1", "a2", "a3")
    )

    def with_b(*answers: tuple[int, int | None, str | None]) -> Assessment:
        said = tuple(
            Rating(rater=f"zr-d{n}", item="b.1", value=value, comment=comment)
            for n, value, comment in answers
        )
        return Assessment(
            subject="s-1", framework=framework.ref, raters=raters, ratings=common + said
        )

    policy = leadcomp.BUILTIN_POLICIES[policy_name]
    base = with_b()
    for variant in (
        with_b((0, None, None)),
        with_b((0, 1, None)),
        with_b((0, 5, "zc-b-remark")),
        with_b((0, 1, None), (1, 5, None)),
        with_b((0, 5, None), (1, 5, None), (2, None, None)),
    ):
        assert ("direct_report", "b") in withheld_cells(
            leadcomp.score(variant, framework, policy), variant
        )
        assert_same_outputs(framework, policy, base, variant)
    sheet = leadcomp.score(base, framework, policy)
    overall = {g.group: g.score for g in sheet.overall.groups}
    assert (overall["direct_report"].n, overall["direct_report"].mean) == (3, 3.0)
    assert overall["direct_report"].min == overall["direct_report"].max == 3.0


def test_a_merge_partner_of_threshold_one_reads_alike_within_a_withheld_merged_group() -> None:
    """Under the built-in merge policy, two direct reports (threshold 3) always merge with the
    one other rater (threshold 1) into colleagues (threshold 3). At b, where fewer than three
    of them answer, colleagues are withheld: whether the other rater answered there or not
    (none or one scored, a group of threshold 1) reads the same."""
    from leadcomp.model import Competency, Indicator, Level, Rater, Rating, Scale

    scale = Scale(id="s", levels=tuple(Level(value=v, label=f"L{v}") for v in range(1, 6)))
    framework = Framework(
        id="fw", version="1.0.0", title="Four", default_scale="s", scales=(scale,),
        competencies=tuple(
            Competency(id=c, title=c, kind="behaviour", indicators=(Indicator(id=f"{c}.1",
                       text="item"),))
            for c in ("a1", "a2", "a3", "b")
        ),
    )
    raters = (
        Rater(id="zr-d0", group="direct_report"), Rater(id="zr-d1", group="direct_report"),
        Rater(id="zr-o0", group="other"),
    )
    common = tuple(
        Rating(rater=r.id, item=f"{c}.1", value=2) for r in raters for c in ("a1", "a2", "a3")
    )

    def with_b(*answers: tuple[str, int]) -> Assessment:
        said = tuple(Rating(rater=r, item="b.1", value=v) for r, v in answers)
        return Assessment(
            subject="s-1", framework=framework.ref, raters=raters, ratings=common + said
        )

    policy = leadcomp.BUILTIN_POLICIES["merge"]
    base = with_b()
    sheet = leadcomp.score(base, framework, policy)
    assert [g.group for g in sheet.competency("a1").groups] == ["colleagues"]
    for variant in (with_b(("zr-o0", 5)), with_b(("zr-d0", 1)), with_b(("zr-o0", 1),
                                                                       ("zr-d1", 5))):
        assert {("other", "b"), ("direct_report", "b")} <= set(
            withheld_cells(leadcomp.score(variant, framework, policy), variant)
        )
        assert_same_outputs(framework, policy, base, variant)


def test_the_property_can_see_a_leak() -> None:
    """The search is meaningful: shown comments and the subject do appear in the outputs, so a
    hidden one would be found too."""
    from leadcomp.model import Rater, Rating

    framework = _example_framework()
    rng = random.Random(7)
    raters = (
        Rater(id=distinct_token(rng, "zr"), group="self"),
        *(Rater(id=distinct_token(rng, "zr"), group="peer") for _ in range(3)),
    )
    items = [c.id for c in framework.competencies]
    ratings = tuple(
        Rating(rater=r.id, item=item, value=3, comment=f"zcshown{n}" if n == 0 else None)
        for r in raters
        for n, item in enumerate(items)
    )
    from leadcomp.model import OpenComment

    assessment = Assessment(
        subject="subject-zz", framework=framework.ref, raters=raters, ratings=ratings,
        comments=(
            OpenComment(rater=raters[0].id, question="strengths", text="zoshownself"),
            OpenComment(rater=raters[1].id, question="development", text="zoshownpeer"),
        ),
    )
    with tempfile.TemporaryDirectory() as folder:
        case = Case(framework, leadcomp.DEFAULT_POLICY, assessment, Path(folder))
        for renderer in RENDERERS:
            if not _available(renderer) or not renderer.comments:
                continue
            text = renderer.render(case)
            assert "subject-zz" in text, renderer.name
            assert "zcshown0" in text, renderer.name
            assert "zoshownself" in text, renderer.name
            assert "zoshownpeer" in text, renderer.name
            assert not any(r.id in text for r in raters), renderer.name


def _example_framework() -> Framework:
    from leadcomp.model import Competency, Level, Scale

    scale = Scale(id="s1", levels=tuple(Level(value=v, label=f"L{v}") for v in range(1, 6)))
    return Framework(
            id="fw",
            version="1.0.0",
            title="Example",
            default_scale="s1",
            scales=(scale,),
            competencies=(
                Competency(id="c0", title="First", kind="behaviour"),
                Competency(id="c1", title="Second", kind="behaviour"),
            ),
        )


@pytest.mark.parametrize(
    ("policy", "counts", "figures", "comments"),
    [
        (leadcomp.DEFAULT_POLICY, {"manager": 1, "peer": 2, "direct_report": 3, "other": 0},
         {"peer"}, {"peer"}),
        (leadcomp.DEFAULT_POLICY, {"manager": 0, "peer": 3, "direct_report": 1, "other": 1},
         {"direct_report"}, {"direct_report"}),
        (leadcomp.BUILTIN_POLICIES["merge"], {"manager": 1, "peer": 1, "direct_report": 1,
                                               "other": 0}, {"peer", "direct_report"},
         {"peer", "direct_report"}),
        (leadcomp.BUILTIN_POLICIES["merge"], {"manager": 1, "peer": 2, "direct_report": 2,
                                               "other": 0}, set(), set()),
    ],
)
def test_hidden_groups_follow_the_policy(
    policy: ScoringPolicy, counts: dict[str, int], figures: set[str], comments: set[str]
) -> None:
    assert hidden_groups(policy, counts) == (figures, comments)


# ---- nothing leaves the machine --------------------------------------------------------------


def test_the_suite_refuses_and_records_any_network_connection(tmp_path: Path) -> None:
    """The session guard in conftest.py: connections and host lookups raise, and are recorded
    so that the session fails even when the code under test swallows the error."""
    import socket

    from conftest import NETWORK_ATTEMPTS, NetworkAccessBlocked

    before = len(NETWORK_ATTEMPTS)
    try:
        with pytest.raises(NetworkAccessBlocked):
            socket.create_connection(("example.org", 443), timeout=1)
        with pytest.raises(NetworkAccessBlocked):
            socket.getaddrinfo("example.org", 443)
        for family, address in ((socket.AF_INET, ("127.0.0.1", 9)), (socket.AF_INET6, ("::1", 9))):
            with socket.socket(family, socket.SOCK_STREAM) as sock:
                with pytest.raises(NetworkAccessBlocked):
                    sock.connect(address)
                with pytest.raises(NetworkAccessBlocked):
                    sock.connect_ex(address)
        with (
            socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock,
            pytest.raises(NetworkAccessBlocked),
        ):
            sock.connect(("192.0.2.1", 53))
        assert len(NETWORK_ATTEMPTS) == before + 7
        assert not issubclass(NetworkAccessBlocked, OSError)
    finally:
        del NETWORK_ATTEMPTS[before:]  # these attempts were this test's own


def test_unix_sockets_still_work(tmp_path: Path) -> None:
    """Local inter-process sockets (as multiprocessing may use) are not the network."""
    import socket

    path = str(tmp_path / "s")
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as server:
        server.bind(path)
        server.listen(1)
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as client:
            client.connect(path)
            peer, _ = server.accept()
            with peer:
                client.sendall(b"ok")
                assert peer.recv(2) == b"ok"
