"""Deterministic generators of realistic leadcomp documents for the benchmarks.

Everything is drawn from a seeded ``random.Random``, so the same parameters always give the same
document, byte for byte. Documents are written in canonical form with ``leadcomp.dump`` and cached
under ``bench/_data/`` by their parameters::

    python bench/generate.py 10000            # writes (or finds) the file and prints its path
    python bench/generate.py 1000 --indicators 6 --seed 3
"""

from __future__ import annotations

import argparse
import random
import sys
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write (or find) a generated framework file.")
    parser.add_argument("competencies", type=int, nargs="?", default=10_000)
    parser.add_argument("--indicators", type=int, default=4, help="indicators per competency")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    path = framework_file(args.competencies, args.indicators, args.seed)
    print(f"{path} ({path.stat().st_size / 1e6:.2f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
