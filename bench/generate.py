"""Deterministic generators of realistic leadcomp documents for the benchmarks.

Everything is drawn from a seeded ``random.Random``, so the same parameters always give the same
document, byte for byte. Documents are written in canonical form with ``leadcomp.dump`` and cached
under ``bench/_data/`` by their parameters::

    python bench/generate.py 10000            # writes (or finds) the file and prints its path
    python bench/generate.py 1000 --indicators 6 --seed 3
    python bench/generate.py --cohort 10000   # a cohort of 360 assessments as JSON Lines
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
from collections.abc import Iterator
from pathlib import Path

import leadcomp
from leadcomp import (
    Competency,
    Descriptor,
    Framework,
    Indicator,
    Level,
    Provenance,
    Relation,
    Scale,
)

#: Where generated inputs are cached (ignored by git).
DATA = Path(__file__).resolve().parent / "_data"
#: Bump when the generator's output changes, so that stale cached files are not reused.
GENERATOR_VERSION = 1

_DOMAIN_THEMES = (
    "Setting direction", "Caring for people", "Improving services", "Leading change",
    "Building trust", "Working across boundaries", "Developing others", "Managing resources",
    "Making decisions", "Communicating with purpose", "Acting with integrity",
    "Delivering results", "Creating an inclusive culture", "Thinking strategically",
    "Engaging stakeholders", "Managing risk", "Learning and reflecting", "Leading teams",
)
_GERUNDS = (
    "Sharing", "Building", "Planning", "Reviewing", "Explaining", "Protecting", "Improving",
    "Negotiating", "Coaching", "Prioritising", "Questioning", "Balancing", "Recognising",
    "Communicating", "Delegating", "Challenging", "Evaluating", "Supporting", "Agreeing",
)
_VERBS = (
    "Explains", "Shares", "Asks for", "Listens to", "Gives", "Seeks out", "Plans", "Reviews",
    "Challenges", "Recognises", "Delegates", "Communicates", "Protects", "Prioritises",
    "Questions", "Agrees", "Follows up on", "Records", "Celebrates", "Explores", "Checks",
)
_NEGATIVE_VERBS = ("Overlooks", "Avoids", "Ignores", "Puts off", "Dismisses")
_OBJECTS = (
    "team priorities", "honest feedback", "hard decisions", "safety risks", "new ideas",
    "the reasons for change", "clear goals", "time to reflect", "staff concerns", "the budget",
    "user views", "lessons learned", "workloads", "commitments", "the vision", "the evidence",
    "progress", "conflict", "development needs", "standards", "success measures",
    "effects on other teams",
)
_CONTEXTS = (
    "before deciding", "clearly", "under pressure", "with partners", "in team meetings",
    "when plans change", "without being asked", "in one-to-ones", "across professions",
    "early on", "openly", "in writing",
)
_LEVEL_WORDS = {
    1: "with guidance from a more experienced colleague",
    2: "reliably in routine situations",
    3: "confidently in complex situations and helps others to do the same",
    4: "across the organisation and shapes how others approach it",
}
_TAGS = ("core", "senior", "first-line", "clinical", "operational", "strategic")


def _sentence(rng: random.Random, *, negative: bool = False) -> str:
    verb = rng.choice(_NEGATIVE_VERBS if negative else _VERBS)
    context = f" {rng.choice(_CONTEXTS)}" if rng.random() < 0.8 else ""
    return f"{verb} {rng.choice(_OBJECTS)}{context}."


def _title(rng: random.Random) -> str:
    return f"{rng.choice(_GERUNDS)} {rng.choice(_OBJECTS)}"


def _description(rng: random.Random) -> str:
    first = f"{rng.choice(_GERUNDS)} {rng.choice(_OBJECTS)} {rng.choice(_CONTEXTS)}"
    return f"{first}, and {rng.choice(_VERBS).lower()} {rng.choice(_OBJECTS)}."


def _scales() -> tuple[Scale, ...]:
    proficiency = Scale(
        id="proficiency",
        title="Proficiency",
        levels=tuple(
            Level(value=value, label=label, description=f"Shows the behaviour {words}.")
            for (value, words), label in zip(
                _LEVEL_WORDS.items(), ("Developing", "Capable", "Strong", "Exemplary"),
                strict=True,
            )
        ),
        proficient=2,
        not_observed=True,
        not_observed_label="Not observed",
    )
    frequency = Scale(
        id="frequency",
        title="Frequency",
        levels=tuple(
            Level(value=value, label=label)
            for value, label in enumerate(("Never", "Rarely", "Sometimes", "Often", "Always"), 1)
        ),
        proficient=4,
    )
    return proficiency, frequency


def _competency(
    rng: random.Random, cid: str, kind: str, parent: str | None, indicators_per: int,
    earlier: list[str],
) -> Competency:
    if kind == "domain":
        return Competency(
            id=cid, title=rng.choice(_DOMAIN_THEMES), kind="domain",
            description=_description(rng),
        )
    scale = "frequency" if rng.random() < 0.1 else None
    indicators = tuple(
        Indicator(id=f"{cid}-{number}", text=_sentence(rng, negative=reverse), reverse=reverse)
        for number in range(1, indicators_per + 1)
        for reverse in [rng.random() < 0.05]
    )
    descriptors: tuple[Descriptor, ...] = ()
    if scale is None and rng.random() < 0.05:
        descriptors = tuple(
            Descriptor(level=level, text=f"{rng.choice(_VERBS)} {rng.choice(_OBJECTS)} {words}.")
            for level, words in _LEVEL_WORDS.items()
        )
    relations: tuple[Relation, ...] = ()
    if earlier and rng.random() < 0.03:
        relations = (Relation(type="related", target=rng.choice(earlier)),)
    elif rng.random() < 0.02:
        relations = (
            Relation(type="close_match", target=f"ext-{rng.randrange(1000)}", framework="other"),
        )
    return Competency(
        id=cid,
        title=_title(rng),
        kind=kind,
        parent=parent,
        description=_description(rng) if rng.random() < 0.15 else None,
        scale=scale,
        weight=rng.choice((1.5, 2.0)) if rng.random() < 0.1 else 1.0,
        tags=tuple(sorted(set(rng.sample(_TAGS, 2)))) if rng.random() < 0.1 else (),
        relations=relations,
        indicators=indicators,
        descriptors=descriptors,
    )


def framework(n_competencies: int, indicators_per: int = 4, seed: int = 0) -> Framework:
    """A realistic framework of ``n_competencies`` competencies in a three-level tree.

    About 1% are domains at the top (with no indicators of their own); the rest are their
    children (a quarter) and grandchildren, each with ``indicators_per`` indicators. Some carry
    descriptors, tags, weights, relations or the second of the two scales.
    """
    if n_competencies < 1:
        raise ValueError("a framework needs at least one competency")
    rng = random.Random(f"leadcomp-bench:{n_competencies}:{indicators_per}:{seed}")
    n_domains = max(1, round(n_competencies / 100))
    shares = [(n_competencies - n_domains) // n_domains] * n_domains
    for extra in range((n_competencies - n_domains) % n_domains):
        shares[extra] += 1
    competencies: list[Competency] = []
    earlier: list[str] = []

    def add(cid: str, kind: str, parent: str | None) -> None:
        competencies.append(_competency(rng, cid, kind, parent, indicators_per, earlier))
        earlier.append(cid)

    for d, share in enumerate(shares, 1):
        domain = f"L{d}"
        add(domain, "domain", None)
        n_children = max(1, share // 4) if share else 0
        grandchildren = [0] * n_children
        for _ in range(share - n_children):
            grandchildren[rng.randrange(n_children)] += 1
        for c, count in enumerate(grandchildren, 1):
            child = f"{domain}.{c}"
            add(child, rng.choice(("skill", "skill", "knowledge", "attribute")), domain)
            for g in range(1, count + 1):
                kind = rng.choice(("behaviour",) * 8 + ("skill", "knowledge"))
                add(f"{child}.{g}", kind, child)
    return Framework(
        id="bench-leadership",
        version="1.0.0",
        title="Generated leadership framework",
        description=(
            f"A generated framework of {n_competencies} competencies for benchmarking leadcomp; "
            "its texts are realistic in length but not in meaning."
        ),
        provenance=Provenance(source="leadcomp bench/generate.py", licence="CC0-1.0"),
        default_scale="proficiency",
        tags=("generated", "benchmark"),
        scales=_scales(),
        competencies=tuple(competencies),
    )


def framework_file(n_competencies: int, indicators_per: int = 4, seed: int = 0) -> Path:
    """The path of the canonical JSON file of ``framework(...)``, generated on first use."""
    path = DATA / (
        f"framework-{n_competencies}x{indicators_per}-seed{seed}-g{GENERATOR_VERSION}.json"
    )
    if not path.exists():
        DATA.mkdir(parents=True, exist_ok=True)
        leadcomp.dump(framework(n_competencies, indicators_per, seed), path, overwrite=True)
    return path


# ---------------------------------------------------------------------------------------------
# 360 cohorts

#: Bump when the cohort generator's output changes, so that stale cached files are not reused.
COHORT_VERSION = 1
#: The cohort framework: 9 competencies of 5 indicators each, on one 1-5 scale.
COHORT_COMPETENCIES = 9
COHORT_INDICATORS = 5
#: Every assessment's raters (pseudonymous ids) and their groups: self, a manager, three peers
#: and three direct reports.
COHORT_RATERS = (
    ("r1", "self"), ("r2", "manager"), ("r3", "peer"), ("r4", "peer"), ("r5", "peer"),
    ("r6", "direct_report"), ("r7", "direct_report"), ("r8", "direct_report"),
)
#: The share of "not observed" answers by group (self always answers).
_NOT_OBSERVED = {"self": 0.0, "manager": 0.01, "peer": 0.04, "direct_report": 0.05}
_REMARKS = (
    "Always makes time for the team.", "Could share decisions earlier.",
    "Handled the reorganisation well.", "Meetings often overrun.",
    "A steady presence under pressure.", "Sometimes hard to reach.",
)


def cohort_framework() -> Framework:
    """The framework of the generated cohorts: 9 competencies x 5 indicators, one reverse-keyed
    indicator in each competency, on a 1-5 agreement scale that allows "not observed"."""
    rng = random.Random("leadcomp-bench:cohort-framework")
    scale = Scale(
        id="agreement",
        title="Agreement",
        levels=tuple(
            Level(value=value, label=label)
            for value, label in enumerate(
                ("Strongly disagree", "Disagree", "Neither", "Agree", "Strongly agree"), 1
            )
        ),
        proficient=4,
        not_observed=True,
        not_observed_label="Not observed",
    )
    competencies = tuple(
        Competency(
            id=f"c{number}",
            title=rng.choice(_DOMAIN_THEMES),
            kind="behaviour",
            indicators=tuple(
                Indicator(
                    id=f"c{number}.{item}",
                    text=_sentence(rng, negative=item == COHORT_INDICATORS),
                    reverse=item == COHORT_INDICATORS,
                )
                for item in range(1, COHORT_INDICATORS + 1)
            ),
        )
        for number in range(1, COHORT_COMPETENCIES + 1)
    )
    return Framework(
        id="bench-360",
        version="1.0.0",
        title="Generated 360 framework",
        provenance=Provenance(source="leadcomp bench/generate.py", licence="CC0-1.0"),
        default_scale="agreement",
        scales=(scale,),
        competencies=competencies,
    )


def cohort_framework_file() -> Path:
    """The path of the canonical JSON file of ``cohort_framework()``, generated on first use."""
    path = DATA / f"framework-360-c{COHORT_VERSION}.json"
    if not path.exists():
        DATA.mkdir(parents=True, exist_ok=True)
        leadcomp.dump(cohort_framework(), path, overwrite=True)
    return path


def cohort_lines(n_assessments: int, seed: int = 0) -> Iterator[str]:
    """The canonical compact JSON of each assessment of a cohort, one string per assessment.

    Each subject has a true level per competency; each rater a leniency of their own; answers
    are the rounded sum plus noise, kept on 1-5 (reflected on reverse-keyed indicators), with
    some "not observed" answers and an occasional comment.
    """
    rng = random.Random(f"leadcomp-bench:cohort:{seed}")
    framework = cohort_framework()
    ref = framework.ref
    items = [
        (indicator.id, indicator.reverse, index)
        for index, competency in enumerate(framework.competencies)
        for indicator in competency.indicators
    ]
    raters = [{"id": rater, "group": group} for rater, group in COHORT_RATERS]
    for number in range(1, n_assessments + 1):
        levels = [rng.gauss(3.6, 0.6) for _ in framework.competencies]
        ratings: list[dict[str, object]] = []
        for rater, group in COHORT_RATERS:
            leniency = rng.gauss(0.4 if group == "self" else 0.0, 0.4)
            missing = _NOT_OBSERVED[group]
            for item, reverse, index in items:
                rating: dict[str, object] = {"rater": rater, "item": item}
                if rng.random() < missing:
                    rating["value"] = None
                else:
                    value = min(5, max(1, round(levels[index] + leniency + rng.gauss(0, 0.7))))
                    rating["value"] = 6 - value if reverse else value
                if rng.random() < 0.01:
                    rating["comment"] = rng.choice(_REMARKS)
                ratings.append(rating)
        document = {
            "kind": "assessment",
            "format": "1.0",
            "id": f"a{number:06d}",
            "subject": f"s{number:06d}",
            "framework": ref,
            "date": f"2026-{1 + number % 12:02d}-{1 + number % 28:02d}",
            "raters": raters,
            "ratings": ratings,
        }
        yield json.dumps(document, ensure_ascii=False, separators=(",", ":"))


def cohort_path(n_assessments: int, seed: int = 0) -> Path:
    """Where the generated cohort of these parameters is cached."""
    return DATA / f"cohort-{n_assessments}-seed{seed}-c{COHORT_VERSION}.jsonl"


def cohort_file(n_assessments: int, seed: int = 0) -> Path:
    """The path of a generated cohort as JSON Lines (one assessment per line), written on first
    use; the first lines are checked to be what ``leadcomp.dumps`` writes."""
    path = cohort_path(n_assessments, seed)
    if path.exists():
        return path
    DATA.mkdir(parents=True, exist_ok=True)
    framework = cohort_framework()
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    with open(partial, "w", encoding="utf-8") as out:
        for number, line in enumerate(cohort_lines(n_assessments, seed)):
            if number < 3:
                loaded = leadcomp.load(line.encode(), kind="assessment", framework=framework)
                if leadcomp.dumps(loaded, compact=True) != line:
                    raise RuntimeError("the cohort generator does not write canonical JSON")
            out.write(line + "\n")
    os.replace(partial, path)
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write (or find) a generated input file.")
    parser.add_argument("competencies", type=int, nargs="?", default=10_000)
    parser.add_argument("--indicators", type=int, default=4, help="indicators per competency")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--cohort", type=int, metavar="N",
        help="write a cohort of N 360 assessments as JSON Lines instead of a framework",
    )
    args = parser.parse_args(argv)
    if args.cohort is not None:
        path = cohort_file(args.cohort, args.seed)
    else:
        path = framework_file(args.competencies, args.indicators, args.seed)
    print(f"{path} ({path.stat().st_size / 1e6:.2f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
