"""The plain reference scorer and the optimised kernel write the same score sheets, byte for
byte: on drawn frameworks, policies and assessments, and on every assessment in examples/."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings

import leadcomp
from leadcomp._reference import reference_score
from leadcomp.model import Assessment, Framework, ScoringPolicy
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
    import attrs

    broken = attrs.evolve(
        assessment, ratings=(attrs.evolve(wrong, item="no-such-item"), *assessment.ratings[1:])
    )
    with pytest.raises(leadcomp.InvalidDocument) as kernel:
        leadcomp.score(broken, framework)
    with pytest.raises(leadcomp.InvalidDocument) as reference:
        reference_score(broken, framework)
    assert reference.value.problems == kernel.value.problems
