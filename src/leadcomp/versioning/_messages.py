"""Changes in words: "removing competency 'x' (nothing replaces it)"."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from leadcomp.versioning._changes import Change


def _q(value: Any) -> str:
    if value is None:
        return "none"
    if isinstance(value, list):
        return ", ".join(_q(v) for v in value) if value else "none"
    if isinstance(value, str):
        return repr(value)
    return str(value)


def _last(subject: str) -> str:
    return subject.rpartition("/")[2]


def describe(change: Change) -> str:
    """What a change does, as a phrase beginning with a verb."""
    kind, old, new, subject = change.kind, change.old, change.new, change.subject
    parts = subject.split("/")
    if kind == "framework-sequential-changed":
        return "making the framework sequential" if new else "making the framework not sequential"
    if kind.startswith("framework-"):
        name = kind[len("framework-") : -len("-changed")].replace("-", " ")
        if kind in ("framework-id-changed", "framework-default-scale-changed"):
            return f"changing the framework's {name} from {_q(old)} to {_q(new)}"
        return f"changing the framework's {name}"
    if kind == "scale-added":
        return f"adding scale {_q(new)}"
    if kind == "scale-removed":
        return f"removing scale {_q(old)}"
    if kind.startswith("level-"):
        scale = parts[1]
        if kind == "level-added":
            return f"adding level {new['value']} ({new['label']!r}) to scale {scale!r}"
        if kind == "level-removed":
            return f"removing level {old['value']} ({old['label']!r}) from scale {scale!r}"
        if kind == "level-revalued":
            return (
                f"moving level {old['label']!r} of scale {scale!r} from value {old['value']} "
                f"to {new['value']}"
            )
        if kind == "level-relabelled":
            return f"relabelling level {parts[3]} of scale {scale!r} from {_q(old)} to {_q(new)}"
        return f"changing the description of level {parts[3]} of scale {scale!r}"
    if kind == "scale-title-changed":
        return f"changing the title of scale {parts[1]!r} from {_q(old)} to {_q(new)}"
    if kind == "proficient-changed":
        return f"changing the proficient level of scale {parts[1]!r} from {_q(old)} to {_q(new)}"
    if kind == "not-observed-allowed":
        return f"allowing 'not observed' answers on scale {parts[1]!r}"
    if kind == "not-observed-disallowed":
        return f"no longer allowing 'not observed' answers on scale {parts[1]!r}"
    if kind == "not-observed-label-changed":
        return f"changing the 'not observed' label of scale {parts[1]!r}"
    if kind == "competency-added":
        return f"adding competency {_q(new)}"
    if kind == "competency-removed":
        return f"removing competency {_q(old)} (nothing replaces it)"
    if kind == "competency-replaced":
        return f"replacing competency {_q(old)} by {_q(new)}"
    if kind == "competency-split":
        return f"splitting competency {_q(old)} into {_q(new)}"
    if kind == "competency-merged":
        return f"merging competencies {_q(old)} into {_q(new)}"
    if kind == "competency-reordered":
        where = "the top-level competencies" if len(parts) == 1 else f"the children of {parts[1]!r}"
        return f"reordering {where}"
    if kind.startswith("competency-"):
        who = repr(parts[1])
        verbs = {
            "competency-moved": f"moving competency {who} from under {_under(old)} to under "
            f"{_under(new)}",
            "competency-renamed": f"renaming competency {who} from {_q(old)} to {_q(new)}",
            "competency-kind-changed": f"changing the kind of {who} from {_q(old)} to {_q(new)}",
            "competency-description-changed": f"changing the description of {who}",
            "competency-rescaled": f"rating competency {who} on scale {_q(new)} instead of "
            f"{_q(old)}",
            "competency-weight-changed": f"changing the weight of {who} from {old} to {new}",
            "competency-tags-changed": f"changing the tags of {who}",
            "competency-replaces-changed": f"changing what {who} declares it replaces",
            "competency-extensions-changed": f"changing the extensions of {who}",
        }
        return verbs[kind]
    if kind.startswith("descriptor-"):
        verb = {"descriptor-added": "adding", "descriptor-removed": "removing"}.get(
            kind, "rewording"
        )
        return f"{verb} the level {parts[3]} descriptor of {parts[1]!r}"
    if kind == "indicator-reordered":
        return f"reordering the indicators of {parts[1]!r}"
    if kind.startswith("indicator-"):
        item = repr(_last(subject))
        verbs = {
            "indicator-added": f"adding indicator {item} to {parts[1]!r}",
            "indicator-removed": f"removing indicator {item} from {parts[1]!r}",
            "indicator-rekeyed": f"{'reverse-keying' if new else 'no longer reverse-keying'} "
            f"indicator {item}",
            "indicator-rescaled": f"answering indicator {item} on scale {_q(new)} instead of "
            f"{_q(old)}",
            "indicator-moved": f"moving indicator {item} from {_q(old)} to {_q(new)}",
            "indicator-reworded": f"rewording indicator {item}",
            "indicator-extensions-changed": f"changing the extensions of indicator {item}",
        }
        return verbs[kind]
    if kind in ("relation-added", "relation-removed"):
        relation = new if kind == "relation-added" else old
        target = relation["target"]
        if relation.get("framework"):
            target = f"{relation['framework']}:{target}"
        verb = "adding" if kind == "relation-added" else "removing"
        return f"{verb} the relation {parts[1]!r} {relation['type']} {target!r}"
    return f"{kind} at {subject}"  # pragma: no cover - every kind is described above


def _under(parent: Any) -> str:
    return "the top level" if parent is None else repr(parent)

