"""A migration in words: what happened to each old id, and whether the result can be scored."""

from __future__ import annotations

import io
from typing import Any

from leadcomp.model import Mapping
from leadcomp.problems import printable_name as _n
from leadcomp.versioning._result import MigrationResult, Outcome, Scorability


class _Lines(io.StringIO):
    """Lines printed into a string."""

    def text(self) -> str:
        return self.getvalue()


_TITLES = {
    "carried": "carried to new ids",
    "merged": "merged",
    "split": "split (copied to each new id)",
    "dropped": "dropped",
    "needs-decision": "needs a decision (left out)",
}


def migration_text(name: str, result: MigrationResult[Any], mapping: Mapping | None) -> str:
    """The account of a migration of the file ``name``: what was carried, merged, split,
    dropped and what needs a decision, one line each."""
    out = _Lines()
    via = ""
    if mapping is not None:
        via = f" with the mapping {mapping.id or f'{mapping.old} -> {mapping.new}'}"
    print(f"{_n(name)}: {result.old} -> {result.new}{via}", file=out)
    unchanged = [o for o in result.carried if o.old == o.new]
    if unchanged:
        total = sum(o.count for o in unchanged)
        ids = _count(len(unchanged), "id")
        print(f"  carried unchanged: {ids} ({_count(total, result.unit[:-1])})", file=out)
    for action, title in _TITLES.items():
        shown = [
            o for o in result.outcomes
            if o.action == action and not (action == "carried" and o.old == o.new)
        ]
        if shown:
            print(f"  {title}:", file=out)
            for outcome in shown:
                print(f"    {_line(outcome, result.unit)}", file=out)
    if result.complete:
        print("  nothing dropped, nothing left to decide", file=out)
    return out.text()


def scorability_text(scorability: tuple[Scorability, ...], policy: str) -> str:
    """Whether a migrated assessment can still be scored under the policy named ``policy``:
    all competencies, or which cannot and why ("" when nothing was said)."""
    out = _Lines()
    if not scorability:
        return out.text()
    lost = [s for s in scorability if not s.scorable]
    if not lost:
        print(
            f"  scorable under the policy '{policy}': all {len(scorability)} competencies",
            file=out,
        )
        return out.text()
    print(
        f"  not scorable under the policy '{policy}': {len(lost)} of {len(scorability)} "
        "competencies",
        file=out,
    )
    for verdict in lost:
        print(f"    {verdict.competency}: {verdict.reason}", file=out)
    return out.text()


def _line(outcome: Outcome, unit: str) -> str:
    old = " + ".join(outcome.old)
    new = ", ".join(outcome.new) if outcome.new else "nothing"
    many = f" ({_count(outcome.count, unit[:-1])})" if outcome.count > 1 else ""
    if outcome.action in ("dropped", "needs-decision"):
        return f"{outcome.path}: {old}{many}: {outcome.reason}"
    return f"{old} -> {new}{many}: {outcome.reason}"


def _count(number: int, word: str) -> str:
    return f"{number} {word}{'s' * (number != 1)}"
