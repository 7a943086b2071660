"""The diff workload: ``leadcomp.versioning.diff`` of two framework versions at two sizes.

Two frameworks are built in code (seeded, so every run diffs the same pair): a version of N
competencies, and a next version with 1% of them changed in mixed ways (renamed, reworded,
moved, removed, added, replaced, split, merged, re-keyed, re-scaled, re-weighted, indicators added
and removed). ``measure`` times the diff at 10,000 and 100,000 competencies and returns the times
and their ratio; the issue's goal is a ratio of at most 12 for the tenfold size.

    python bench/diff_workload.py            # both sizes
    python bench/diff_workload.py --quick    # 1,000 and 10,000, fewer repeats
"""

from __future__ import annotations

import argparse
import gc
import random
import time

import attrs

from leadcomp import Competency, Descriptor, Framework, Indicator, Level, Scale
from leadcomp.versioning import diff

#: The kinds of change the next version mixes, in turn.
CHANGE_KINDS = (
    "rename", "reword", "move", "remove", "add", "replace", "split", "merge", "rekey",
    "rescale", "reweight", "add-indicator", "remove-indicator", "describe",
)


def build(size: int, seed: int = 7) -> Framework:
    """A valid framework of ``size`` competencies: domains of 50, three indicators each."""
    rng = random.Random(seed)
    scales = (
        Scale(
            id="frequency",
            levels=tuple(Level(value=v, label=f"frequency {v}") for v in range(1, 6)),
            proficient=3,
            not_observed=True,
        ),
        Scale(
            id="proficiency",
            levels=tuple(Level(value=v, label=f"proficiency {v}") for v in range(0, 4)),
        ),
    )
    competencies: list[Competency] = []
    domains = max(1, size // 50)
    for number in range(domains):
        competencies.append(Competency(id=f"d{number}", title=f"Domain {number}", kind="domain"))
    for number in range(size - domains):
        key = f"c{number}"
        competencies.append(
            Competency(
                id=key,
                title=f"Competency {number} {rng.random():.6f}",
                kind="behaviour",
                parent=f"d{number % domains}",
                indicators=tuple(
                    Indicator(id=f"{key}.{i}", text=f"Does thing {i} of {number}",
                              reverse=rng.random() < 0.1)
                    for i in range(3)
                ),
                descriptors=(
                    Descriptor(level=1, text="Starts to"), Descriptor(level=5, text="Leads")
                ),
            )
        )
    return Framework(
        id="bench", version="1.0.0", title="Diff benchmark", default_scale="frequency",
        scales=scales, competencies=tuple(competencies),
    )


def next_version(old: Framework, fraction: float = 0.01, seed: int = 11) -> Framework:
    """The next version of ``old`` with ``fraction`` of its competencies changed."""
    rng = random.Random(seed)
    competencies = list(old.competencies)
    leaves = [i for i, c in enumerate(competencies) if c.parent is not None]
    domains = [c.id for c in competencies if c.parent is None]
    chosen = rng.sample(leaves, max(len(CHANGE_KINDS), int(len(competencies) * fraction)))
    removed: set[int] = set()
    touched = set(chosen)
    added: list[Competency] = []
    for turn, index in enumerate(chosen):
        c = competencies[index]
        kind = CHANGE_KINDS[turn % len(CHANGE_KINDS)]
        if kind == "rename":
            competencies[index] = attrs.evolve(c, title=c.title + " (renamed)")
        elif kind == "reword":
            first = attrs.evolve(c.indicators[0], text=c.indicators[0].text + ", clearly")
            competencies[index] = attrs.evolve(c, indicators=(first, *c.indicators[1:]))
        elif kind == "move":  # to another domain; every other one also moves in the file
            moved = attrs.evolve(c, parent=rng.choice(domains))
            if (turn // len(CHANGE_KINDS)) % 2:
                competencies[index] = moved
            else:
                removed.add(index)
                added.append(moved)
        elif kind == "remove":
            removed.add(index)
        elif kind == "add":
            added.append(Competency(id=f"new{turn}", title="New", kind="skill", parent=c.parent))
        elif kind == "replace":
            competencies[index] = _renamed(c, f"{c.id}.v2", (c.id,))
        elif kind == "split":
            competencies[index] = _renamed(c, f"{c.id}.a", (c.id,))
            added.append(_renamed(c, f"{c.id}.b", (c.id,), indicators=()))
        elif kind == "merge":  # with a competency that no other change touches
            partner = rng.choice(leaves)
            while partner in touched:
                partner = rng.choice(leaves)
            touched.add(partner)
            removed.add(partner)
            gone = competencies[partner].id
            competencies[index] = _renamed(c, f"{c.id}.m", (c.id, gone))
        elif kind == "rekey":
            first = attrs.evolve(c.indicators[0], reverse=not c.indicators[0].reverse)
            competencies[index] = attrs.evolve(c, indicators=(first, *c.indicators[1:]))
        elif kind == "rescale":
            competencies[index] = attrs.evolve(c, scale="proficiency", descriptors=())
        elif kind == "reweight":
            competencies[index] = attrs.evolve(c, weight=1.5)
        elif kind == "add-indicator":
            extra = Indicator(id=f"{c.id}.extra", text="Something new")
            competencies[index] = attrs.evolve(c, indicators=(*c.indicators, extra))
        elif kind == "remove-indicator":
            competencies[index] = attrs.evolve(c, indicators=c.indicators[1:])
        elif kind == "describe":
            competencies[index] = attrs.evolve(c, description="Now described.")
    kept = [c for i, c in enumerate(competencies) if i not in removed]
    return attrs.evolve(old, version="2.0.0", competencies=(*kept, *added))


def _renamed(
    c: Competency,
    key: str,
    replaces: tuple[str, ...],
    indicators: tuple[Indicator, ...] | None = None,
) -> Competency:
    items = c.indicators if indicators is None else indicators
    return attrs.evolve(
        c, id=key, replaces=replaces,
        indicators=tuple(attrs.evolve(i, id=f"{key}.{n}") for n, i in enumerate(items)),
    )


def time_once(old: Framework, new: Framework) -> tuple[float, int]:
    """The time of one diff of fresh objects (so that no cached index is reused)."""
    a, b = attrs.evolve(old), attrs.evolve(new)
    gc.collect()
    start = time.perf_counter()
    result = diff(a, b)
    return time.perf_counter() - start, len(result.changes)


def measure(quick: bool = False) -> dict[str, float]:
    """Diff times at the two sizes (best of several, in seconds), the changes found, the ratio.

    The repeats of the two sizes are interleaved, so that a machine that slows down mid-run
    slows both alike.
    """
    small, large = (1_000, 10_000) if quick else (10_000, 100_000)
    repeats = 3 if quick else 7
    pairs = {}
    for label, size in (("small", small), ("large", large)):
        # built twice: the versions share no objects, as two files read from disk would not
        pairs[label] = (build(size), next_version(build(size)))
    best = {"small": float("inf"), "large": float("inf")}
    changes = {"small": 0, "large": 0}
    for _ in range(repeats):
        for label in ("small", "large", "small"):
            seconds, changes[label] = time_once(*pairs[label])
            best[label] = min(best[label], seconds)
    return {
        "small_size": float(small),
        "small_seconds": best["small"],
        "small_changes": float(changes["small"]),
        "large_size": float(large),
        "large_seconds": best["large"],
        "large_changes": float(changes["large"]),
        "ratio": best["large"] / best["small"],
        "goal": 12.0,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller sizes, fewer repeats")
    args = parser.parse_args()
    figures = measure(quick=args.quick)
    for key, value in figures.items():
        print(f"{key:>16}: {value:.6g}")
    print("ok" if figures["ratio"] <= figures["goal"] else "over the goal")


if __name__ == "__main__":
    main()
