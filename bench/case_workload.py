"""CASE import speed: leadcomp's reader against ``json.loads`` of the same bytes.

    python bench/case_workload.py            # the full sizes (70,000 generated items)
    python bench/case_workload.py --quick    # 7,000 items, fewer repeats

``measure()`` returns ratios (reader time / json.loads time, each the best of several interleaved
repeats) for the OpenSALT sample math_cfs_sample.json (703 items; skipped when ../shared/corpus is
absent) and a generated CASE 1.1 package, plus ``linearity``: the per-item time of the large
package over that of one a tenth of its size (1.0 is perfectly linear). The goal is a ratio
within 5 and linearity near 1.
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
MATH_CFS = CORPUS / "opensalt" / "legacy-samples" / "math_cfs_sample.json"
if str(ROOT / "src") not in sys.path:
    sys.path.insert(0, str(ROOT / "src"))

GOAL = 5.0


def _uuid(kind: int, number: int) -> str:
    return f"{number:08x}-{kind:04x}-4000-8000-00000000c45e"


def generate_package(items: int, *, fanout: int = 10) -> bytes:
    """A CASE 1.1 CFPackage of ``items`` items in a ``fanout``-ary tree: one isChildOf per item
    (with sequenceNumber) and an exactMatchOf to an outside item for every tenth one."""
    stamp = "2024-01-31T09:00:00+00:00"
    doc_id = _uuid(0, 0)
    base = "https://case.example.org/uri/"
    doc = {
        "identifier": doc_id,
        "uri": base + doc_id,
        "creator": "leadcomp benchmark",
        "title": f"Generated framework of {items} items",
        "lastChangeDateTime": stamp,
        "version": "1.0",
        "language": "en",
    }
    kinds = ("Domain", "Cluster", "Standard", "Component")
    cf_items = []
    associations = []
    depth_of = [0] * items
    for number in range(items):
        identifier = _uuid(1, number)
        parent = (number - 1) // fanout if number else -1
        depth = depth_of[parent] + 1 if parent >= 0 else 0
        depth_of[number] = depth
        cf_items.append(
            {
                "identifier": identifier,
                "uri": base + identifier,
                "fullStatement": f"Statement {number}: demonstrates skill {number} in context "
                f"{number % 97}, at a depth of {depth}.",
                "humanCodingScheme": f"GEN.{number}",
                "CFItemType": kinds[min(depth, 3)],
                "language": "en",
                "educationLevel": ["09", "10"],
                "lastChangeDateTime": stamp,
            }
        )
        destination = (
            {"title": doc["title"], "identifier": doc_id, "uri": doc["uri"]}
            if parent < 0
            else {
                "title": f"GEN.{parent}",
                "identifier": _uuid(1, parent),
                "uri": base + _uuid(1, parent),
            }
        )
        association_id = _uuid(2, number)
        origin = {"title": f"GEN.{number}", "identifier": identifier, "uri": base + identifier}
        associations.append(
            {
                "identifier": association_id,
                "associationType": "isChildOf",
                "sequenceNumber": (number - 1) % fanout + 1 if number else 1,
                "uri": base + association_id,
                "originNodeURI": origin,
                "destinationNodeURI": destination,
                "lastChangeDateTime": stamp,
            }
        )
        if number % 10 == 3:
            match_id = _uuid(3, number)
            associations.append(
                {
                    "identifier": match_id,
                    "associationType": "exactMatchOf",
                    "uri": base + match_id,
                    "originNodeURI": origin,
                    "destinationNodeURI": {
                        "title": f"OTHER.{number}",
                        "identifier": _uuid(4, number),
                        "uri": "https://other.example.org/uri/" + _uuid(4, number),
                    },
                    "lastChangeDateTime": stamp,
                }
            )
    package = {"CFDocument": doc, "CFItems": cf_items, "CFAssociations": associations}
    return json.dumps(package, indent=1).encode("utf-8")


def _best(candidates: dict[str, Callable[[], Any]], repeats: int) -> dict[str, float]:
    """Best time of each candidate, repeats interleaved in rotating order."""
    best = dict.fromkeys(candidates, float("inf"))
    names = list(candidates)
    for round_ in range(repeats):
        for name in names[round_ % len(names) :] + names[: round_ % len(names)]:
            gc.collect()
            start = time.perf_counter()
            candidates[name]()
            best[name] = min(best[name], time.perf_counter() - start)
    return best


def _ratio(data: bytes, repeats: int) -> tuple[float, float, float]:
    from leadcomp.formats.case import read_case

    times = _best(
        {"case": lambda: read_case(data), "json": lambda: json.loads(data)}, repeats
    )
    return times["case"] / times["json"], times["case"], times["json"]


def measure(quick: bool = False) -> dict[str, float]:
    """Ratios of CASE import time over ``json.loads`` time of the same bytes, and linearity."""
    items = 7_000 if quick else 70_000
    repeats = 3 if quick else 5
    results: dict[str, float] = {}
    if MATH_CFS.is_file():
        data = MATH_CFS.read_bytes()
        results["math_cfs_703_ratio"], case_time, _ = _ratio(data, repeats * 3)
        results["math_cfs_703_seconds"] = case_time
    large = generate_package(items)
    small = generate_package(items // 10)
    results[f"generated_{items}_ratio"], large_time, _ = _ratio(large, repeats)
    results[f"generated_{items}_seconds"] = large_time
    results[f"generated_{items}_megabytes"] = len(large) / 1e6
    results[f"generated_{items // 10}_ratio"], small_time, _ = _ratio(small, repeats * 3)
    results["linearity"] = (large_time / items) / (small_time / (items // 10))
    return results


def main(argv: list[str] | None = None) -> int:
    """Print the figures, one per line, with whether each ratio is within the goal."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, few repeats")
    args = parser.parse_args(argv)
    for name, value in measure(quick=args.quick).items():
        verdict = ""
        if name.endswith("_ratio"):
            verdict = "  ok" if value <= GOAL else f"  over the goal of {GOAL:g}x"
        print(f"{name:32} {value:10.3f}{verdict}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
