"""Work that must grow linearly with its input: documents with many unknown references (whose
"did you mean" hints once compared every unknown name with every id) and leadcomp's own Moodle
export read back (whose rows were once patched by linear scans). Each is timed at a size and at
four times that size, in the same run; the ratio should be near 4, not near 16."""

from __future__ import annotations

from typing import Any

import leadcomp
from leadcomp.model import Competency, Framework, Level, Provenance, Scale


def unknown_parents(n: int) -> dict[str, Any]:
    """A framework of n competencies, each with a parent that is not in it but is close to an
    id that is (so that every one has a hint to look for)."""
    return {
        "kind": "framework", "format": "1.0", "id": "f", "version": "1.0.0", "title": "t",
        "default_scale": "s",
        "scales": [{"id": "s", "levels": [{"value": 1, "label": "a"}, {"value": 2, "label": "b"}]}],
        "competencies": [
            {"id": f"c{i:05}", "title": "t", "kind": "skill", "parent": f"p{i:05}"}
            for i in range(n)
        ],
    }


def unknown_raters(n: int) -> dict[str, Any]:
    """An assessment of n listed raters and n ratings by raters it does not list."""
    return {
        "kind": "assessment", "format": "1.0", "id": "a", "subject": "s", "framework": "f@1.0.0",
        "raters": [{"id": f"r{i:05}", "group": "peer"} for i in range(n)],
        "ratings": [{"rater": f"x{i:05}", "item": "c", "value": 1} for i in range(n)],
    }


def moodle_export(n: int) -> bytes:
    """leadcomp's Moodle export of n competencies that each carry a weight and tags (so every
    row has a leadcomp cell to apply when it is read back)."""
    framework = Framework(
        id="f", version="1.0.0", title="t", provenance=Provenance(source="bench"),
        scales=(Scale(id="s", levels=(Level(value=1, label="a"), Level(value=2, label="b"))),),
        default_scale="s",
        competencies=tuple(
            Competency(
                id=f"c{i}", title=f"C {i}", kind="skill", weight=2.0, tags=("x",),
                parent=f"c{i // 2}" if i else None,
            )
            for i in range(n)
        ),
    )
    return leadcomp.write_moodle(framework).encode("utf-8")


def check(n: int) -> None:
    """Each input does what it is meant to: every reference unknown, the export read back."""
    problems = leadcomp.validate(unknown_parents(n))
    if len(problems) != n or any(p.code != "unknown-reference" for p in problems):
        raise RuntimeError("the unknown-parents input does not give one problem per parent")
    problems = leadcomp.validate(unknown_raters(n))
    if sum(p.code == "unknown-rater" for p in problems) != n:
        raise RuntimeError("the unknown-raters input does not give one problem per rating")
    framework, problems = leadcomp.read_moodle(moodle_export(n))
    if framework is None or problems or len(framework.competencies) != n:
        raise RuntimeError("the Moodle export does not read back")
