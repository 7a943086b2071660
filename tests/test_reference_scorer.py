"""The plain reference scorer and the optimised kernel write the same score sheets, byte for
byte: on drawn frameworks, policies and assessments, and on every assessment in examples/."""

from __future__ import annotations

from pathlib import Path

import attrs
import pytest
from hypothesis import HealthCheck, event, given, settings

import leadcomp
from leadcomp.model import Assessment, Framework, ScoringPolicy
from leadcomp.scoring._reference import reference_score
from profiles import scaled
from scoring_strategies import scoring_cases

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def _both(
    assessment: Assessment, framework: Framework, policy: ScoringPolicy
) -> tuple[str, str]:
    """The kernel's sheet and the reference scorer's, as ``leadcomp.dumps`` writes them."""
    kernel = leadcomp.dumps(leadcomp.score(assessment, framework, policy))
    return kernel, leadcomp.dumps(reference_score(assessment, framework, policy))


@settings(scaled(4), suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(case=scoring_cases())
def test_the_reference_scorer_writes_the_kernels_sheet(
    case: tuple[Framework, Assessment, ScoringPolicy],
) -> None:
    framework, assessment, policy = case
    kernel, reference = _both(assessment, framework, policy)
    sheet = leadcomp.score(assessment, framework, policy)
    entries = [sheet.overall, *sheet.competencies]
    event(f"policy {policy.id if policy.id in leadcomp.BUILTIN_POLICIES else 'drawn'}")
    if any(entry.missing for entry in entries):
        event("a score missing or withheld")
    if any(entry.all_others is not None for entry in entries):
        event("all others shown")
    if any(entry.agreement is not None for entry in sheet.competencies):
        event("agreement shown")
    if any(entry.rater_consistency is not None for entry in sheet.competencies):
        event("rater consistency shown")
    if any(entry.flag is not None for entry in entries):
        event("a flag")
    if sheet.open_comments:
        event("open comments shown")
    assert reference == kernel


def _example_assessments() -> list[tuple[str, Assessment]]:
    found: list[tuple[str, Assessment]] = []
    for path in sorted(EXAMPLES.iterdir()):
        if path.name.endswith(".assessments.jsonl"):
            lines = [line for line in path.read_bytes().splitlines() if line.strip()]
            found.extend(
                (f"{path.name}:{number}", leadcomp.load(line, kind="assessment"))
                for number, line in enumerate(lines, 1)
            )
        elif ".assessment." in path.name:
            found.append((path.name, leadcomp.load(path, kind="assessment")))
    return found


EXAMPLE_ASSESSMENTS = _example_assessments()


def test_the_examples_hold_assessments() -> None:
    names = {name.split(":")[0] for name, _ in EXAMPLE_ASSESSMENTS}
    assert {"ana.assessment.json", "clinical-fellow-360.assessment.yaml"} <= names
    assert len(EXAMPLE_ASSESSMENTS) > 20


@pytest.mark.parametrize("policy", sorted(leadcomp.BUILTIN_POLICIES))
@pytest.mark.parametrize(
    "assessment", [a for _, a in EXAMPLE_ASSESSMENTS], ids=[n for n, _ in EXAMPLE_ASSESSMENTS]
)
def test_the_reference_scorer_writes_the_kernels_sheet_of_every_example(
    assessment: Assessment, policy: str
) -> None:
    framework = leadcomp.load_builtin(assessment.framework)
    kernel, reference = _both(assessment, framework, leadcomp.BUILTIN_POLICIES[policy])
    assert reference == kernel


def test_the_reference_scorer_refuses_what_the_kernel_refuses() -> None:
    _, assessment = EXAMPLE_ASSESSMENTS[0]
    framework = leadcomp.load_builtin(assessment.framework)
    wrong = assessment.ratings[0]
    broken = attrs.evolve(
        assessment, ratings=(attrs.evolve(wrong, item="no-such-item"), *assessment.ratings[1:])
    )
    with pytest.raises(leadcomp.InvalidDocument) as kernel:
        leadcomp.score(broken, framework)
    with pytest.raises(leadcomp.InvalidDocument) as reference:
        reference_score(broken, framework)
    assert reference.value.problems == kernel.value.problems


def test_the_reference_scorer_gives_the_documented_pooling_per_group_example() -> None:
    """docs/psychometrics.md: manager 3 and peers 4, 7/3, 10/3 with equal weights give mean
    28/9, SD sqrt(118/243), SE = SD sqrt(1/4 + 1/12) and a t interval on 3 degrees of freedom."""
    from leadcomp.model import Competency, Indicator, Level, Rater, Rating, Scale

    framework = Framework(
        id="pooling", version="1.0.0", title="Pooling example", default_scale="five",
        scales=(
            Scale(id="five", levels=tuple(Level(value=v, label=str(v)) for v in range(1, 6))),
        ),
        competencies=(
            Competency(
                id="c", title="C", kind="behaviour",
                indicators=tuple(Indicator(id=f"c.{n}", text=f"item {n}") for n in range(3)),
            ),
        ),
    )
    answers = {"m": (3, 3, 3), "p1": (4, 4, 4), "p2": (2, 2, 3), "p3": (3, 3, 4)}
    assessment = Assessment(
        subject="s", framework=framework.ref,
        raters=(
            Rater(id="m", group="manager"),
            *(Rater(id=p, group="peer") for p in answers if p != "m"),
        ),
        ratings=tuple(
            Rating(rater=rater, item=f"c.{n}", value=value)
            for rater, values in answers.items()
            for n, value in enumerate(values)
        ),
    )
    policy = leadcomp.BUILTIN_POLICIES["group-pooling"]
    kernel, reference = _both(assessment, framework, policy)
    assert reference == kernel
    others = reference_score(assessment, framework, policy).competencies[0].all_others
    assert others is not None
    assert others.sd is not None
    assert others.se is not None
    assert others.n == 4
    assert others.mean == pytest.approx(28 / 9, abs=1e-12)
    assert others.sd == pytest.approx((118 / 243) ** 0.5, abs=1e-12)
    assert others.se == pytest.approx(others.sd * (1 / 4 + 1 / 12) ** 0.5, abs=1e-12)
    half = 3.182446305 * others.se  # the t quantile of 0.975 on 3 degrees of freedom
    assert others.ci == pytest.approx((28 / 9 - half, 28 / 9 + half), abs=1e-8)
