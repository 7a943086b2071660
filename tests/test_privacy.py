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

**Adding an output** (Markdown or HTML reports, charts...) is one line in ``RENDERERS``: a name,
a function from a ``Case`` to the text it shows, and the module it needs.
"""

from __future__ import annotations

import contextlib
import io
import random
import string
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

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
from leadcomp.model._policy import OTHER_GROUPS
from profiles import scaled
from report_data import render_case
from scoring_strategies import policies, scoring_assessments, scoring_frameworks

_ALPHABET = string.ascii_lowercase + string.digits


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

    def score_cli(self, output: str) -> str:
        """What ``leadcomp score`` prints, standard output and standard error together."""
        from leadcomp.cli import main

        argv = [
            "score", self.file("assessment.json", self.assessment),
            "--framework", self.file("framework.json", self.framework),
            "--policy", self.file("policy.json", self.policy),
            "-o", output,
        ]
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            assert main(argv) == 0, err.getvalue()
        return out.getvalue() + err.getvalue()


def _gap_text(case: Case) -> str:
    from leadcomp._gap_text import render_gap_text
    from leadcomp.gaps import gap

    return render_gap_text(gap(case.sheet, case.role, case.framework), case.framework)


def _gap_json(case: Case) -> str:
    from leadcomp._report_json import dumps_report
    from leadcomp.gaps import gap

    return dumps_report(gap(case.sheet, case.role, case.framework))


def _sheet_text(case: Case) -> str:
    from leadcomp._sheet_text import render_text

    return render_text(case.sheet, case.framework)


@dataclass(frozen=True)
class Renderer:
    """One output people or programs see, as text."""

    name: str
    render: Callable[[Case], str]
    #: A module the output needs: the renderer is skipped while it cannot be imported.
    requires: str | None = None


#: Every output made from a score sheet. Add Markdown/HTML/chart reports here, one line each.
RENDERERS: tuple[Renderer, ...] = (
    Renderer("ScoreSheet repr", lambda case: repr(case.sheet)),
    Renderer("leadcomp.dumps (JSON)", lambda case: leadcomp.dumps(case.sheet)),
    Renderer("leadcomp.dumps (YAML)", lambda case: leadcomp.dumps(case.sheet, syntax="yaml")),
    Renderer("score sheet text", _sheet_text),
    Renderer("leadcomp score -o text", lambda case: case.score_cli("text")),
    Renderer("leadcomp score -o json", lambda case: case.score_cli("json")),
    Renderer("leadcomp score -o jsonl", lambda case: case.score_cli("jsonl")),
    Renderer("gap report text", _gap_text, requires="leadcomp.gaps"),
    Renderer("gap report JSON", _gap_json, requires="leadcomp.gaps"),
    Renderer("person report HTML", lambda case: render_case(case, "html"), requires="jinja2"),
    Renderer("person report Markdown", lambda case: render_case(case, "md"), requires="jinja2"),
    Renderer("gap cohort report HTML", lambda c: render_case(c, "html", group=True), "jinja2"),
    Renderer("gap cohort report Markdown", lambda c: render_case(c, "md", group=True), "jinja2"),
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


def hidden_groups(policy: ScoringPolicy, counts: dict[str, int]) -> tuple[set[str], set[str]]:
    """Groups whose figures, and groups whose comments, no output may show (judged from the
    raters listed, never fewer than those scored: each group named is hidden for certain).

    Returns (figures hidden, comments hidden); figures hidden implies comments hidden.
    """
    merge = policy.merge
    merging = policy.small_groups == "merge"
    members = set(merge.groups) if merging else set()
    total = sum(counts[g] for g in members)
    figures: set[str] = set()
    comments: set[str] = set()
    for group in OTHER_GROUPS:
        n = counts[group]
        if not n:
            continue
        small = n < policy.thresholds.of(group)
        quiet = n < policy.comment_threshold(group)
        if group not in members:
            if small:
                figures.add(group)
            if small or quiet:
                comments.add(group)
            continue
        # a merge partner: shown alone (if not small) or within the merged group
        if small and total < merge.threshold:
            figures.add(group)
        if (small or quiet) and total < policy.merge_comment_threshold:
            comments.add(group)
        if small and total < merge.threshold:
            comments.add(group)
    return figures, comments


def removable(policy: ScoringPolicy, figures: set[str]) -> set[str]:
    """Hidden groups whose removal cannot change how the others are shown."""
    if policy.small_groups != "merge":
        return set(figures)
    return {g for g in figures if g not in policy.merge.groups}


def without_withheld_markers(sheet: ScoreSheet) -> ScoreSheet:
    def clean(node: Any) -> Any:
        return attrs.evolve(node, missing=tuple(m for m in node.missing if m.reason != "withheld"))

    return attrs.evolve(
        sheet,
        overall=clean(sheet.overall),
        competencies=tuple(clean(c) for c in sheet.competencies),
        notes=tuple(n for n in sheet.notes if n.code != "withheld"),
    )


# ---- cases ---------------------------------------------------------------------------------------


def _token(rng: random.Random, prefix: str) -> str:
    return prefix + "".join(rng.choice(_ALPHABET) for _ in range(14))


def distinctive(assessment: Assessment, seed: int) -> Assessment:
    """The assessment with every rater id and every comment a distinctive random token."""
    rng = random.Random(seed)
    ids = {rater.id: _token(rng, "zr") for rater in assessment.raters}
    return attrs.evolve(
        assessment,
        raters=tuple(attrs.evolve(r, id=ids[r.id]) for r in assessment.raters),
        ratings=tuple(
            attrs.evolve(
                rating,
                rater=ids[rating.rater],
                comment=None if rating.comment is None else _token(rng, "zc"),
            )
            for rating in assessment.ratings
        ),
    )


@st.composite
def cases(draw: st.DrawFn) -> tuple[Framework, ScoringPolicy, Assessment]:
    framework = draw(scoring_frameworks())
    policy = draw(policies())
    assessment = draw(scoring_assessments(framework, answer_rate=0.9))
    return framework, policy, distinctive(assessment, draw(st.integers(0, 2**32)))


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
    ]


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
            )
            assert without_withheld_markers(sheet) == without_withheld_markers(
                leadcomp.score(without, framework, policy)
            )


def test_the_property_can_see_a_leak() -> None:
    """The search is meaningful: shown comments and the subject do appear in the outputs, so a
    hidden one would be found too."""
    from leadcomp.model import Rater, Rating

    framework = _example_framework()
    rng = random.Random(7)
    raters = (
        Rater(id=_token(rng, "zr"), group="self"),
        *(Rater(id=_token(rng, "zr"), group="peer") for _ in range(3)),
    )
    items = [c.id for c in framework.competencies]
    ratings = tuple(
        Rating(rater=r.id, item=item, value=3, comment=f"zcshown{n}" if n == 0 else None)
        for r in raters
        for n, item in enumerate(items)
    )
    assessment = Assessment(
        subject="subject-zz", framework=framework.ref, raters=raters, ratings=ratings
    )
    with tempfile.TemporaryDirectory() as folder:
        case = Case(framework, leadcomp.DEFAULT_POLICY, assessment, Path(folder))
        for renderer in RENDERERS:
            if not _available(renderer) or renderer.name.startswith("gap"):
                continue
            text = renderer.render(case)
            assert "subject-zz" in text, renderer.name
            assert "zcshown0" in text, renderer.name
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
