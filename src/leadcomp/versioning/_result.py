"""What a migration did: the migrated document and an account of every old id."""

from __future__ import annotations

from typing import TYPE_CHECKING, Generic, Literal, TypeVar

from attrs import frozen

from leadcomp.model import Assessment, RoleProfile
from leadcomp.problems import InvalidDocument, Problem

if TYPE_CHECKING:
    from leadcomp.model import Framework, ScoringPolicy

#: What happened to an old id: carried (to one new id), merged (with others into one), split
#: (copied to several), dropped, or left for a person to decide.
Action = Literal["carried", "merged", "split", "dropped", "needs-decision"]
ACTIONS: tuple[Action, ...] = ("carried", "merged", "split", "dropped", "needs-decision")

D = TypeVar("D", Assessment, RoleProfile)


@frozen(kw_only=True)
class Outcome:
    """What a migration did with some old ids: where they went and why.

    ``count`` is how many ratings (or requirements) it concerns; ``path`` points at the first
    of them in the input document, such as ``$.ratings[4]``.
    """

    action: Action
    old: tuple[str, ...]
    new: tuple[str, ...]
    reason: str
    count: int = 1
    path: str = "$"

    def to_dict(self) -> dict[str, object]:
        """The outcome as JSON-ready data."""
        return {
            "action": self.action,
            "old": list(self.old),
            "new": list(self.new),
            "reason": self.reason,
            "count": self.count,
            "path": self.path,
        }


@frozen(kw_only=True)
class Scorability:
    """Whether a migrated assessment can still be scored on one competency under a policy.

    A competency is scorable when at least one rater (self or any other) answered at least
    the policy's ``min_coverage`` of its items (or of its parts, for a parent), whether or not
    anonymity then withholds the score. ``reason`` says why not, when it is not.
    """

    competency: str
    title: str
    scorable: bool
    reason: str = ""

    def to_dict(self) -> dict[str, object]:
        """The verdict as JSON-ready data."""
        return {
            "competency": self.competency,
            "title": self.title,
            "scorable": self.scorable,
            "reason": self.reason,
        }


@frozen(kw_only=True)
class MigrationResult(Generic[D]):
    """A migrated document and the account of how each old id got there (or did not)."""

    document: D
    #: ``id@version`` of the framework the input was written against, and of the new one.
    old: str
    new: str
    outcomes: tuple[Outcome, ...]

    def _of(self, action: Action) -> tuple[Outcome, ...]:
        return tuple(o for o in self.outcomes if o.action == action)

    @property
    def carried(self) -> tuple[Outcome, ...]:
        """Old ids carried to one new id (the same or another)."""
        return self._of("carried")

    @property
    def merged(self) -> tuple[Outcome, ...]:
        """Groups of old ids combined into one new id."""
        return self._of("merged")

    @property
    def split(self) -> tuple[Outcome, ...]:
        """Old ids copied to several new ids."""
        return self._of("split")

    @property
    def dropped(self) -> tuple[Outcome, ...]:
        """Old ids left out because the new version removed them or the mapping drops them."""
        return self._of("dropped")

    @property
    def needs_decision(self) -> tuple[Outcome, ...]:
        """Ids or values left out until a person says (in a mapping) what they become."""
        return self._of("needs-decision")

    @property
    def unit(self) -> str:
        """What the counts count: "ratings" (an assessment) or "requirements" (a role)."""
        return "ratings" if isinstance(self.document, Assessment) else "requirements"

    @property
    def complete(self) -> bool:
        """True when nothing was dropped and nothing needs a decision."""
        return not any(o.action in ("dropped", "needs-decision") for o in self.outcomes)

    def scorability(
        self, framework: Framework, policy: ScoringPolicy | None = None
    ) -> tuple[Scorability, ...]:
        """Per competency of ``framework`` (the version migrated to), in framework order,
        whether the migrated assessment can still be scored on it under ``policy`` (the
        default policy when None). Empty for a role profile, which is not scored."""
        from leadcomp.scoring import DEFAULT_POLICY, score

        if not isinstance(self.document, Assessment):
            return ()
        chosen = DEFAULT_POLICY if policy is None else policy
        titles = {c.id: c.title for _, c in framework.walk()}
        try:
            sheet = score(self.document, framework, chosen)
        except InvalidDocument as invalid:
            why = "; ".join(p.message for p in invalid.problems if p.is_error)
            return tuple(
                Scorability(competency=key, title=title, scorable=False, reason=why)
                for key, title in titles.items()
            )
        rated = {rating.item for rating in self.document.ratings}
        touched: set[str] = set()
        for _depth, competency in framework.walk():
            if competency.id in rated or any(i.id in rated for i in competency.indicators):
                key: str | None = competency.id
                while key is not None and key not in touched:
                    touched.add(key)
                    parent = framework.get(key)
                    key = parent.parent if parent is not None else None
        found: list[Scorability] = []
        for entry in sheet.competencies:
            # Scores withheld for anonymity still count: the raters answered enough.
            shown = (
                entry.self is not None
                or entry.all_others is not None
                or bool(entry.groups)
                or any(m.reason != "low-coverage" for m in entry.missing)
            )
            reason = ""
            if not shown and entry.competency not in touched:
                reason = "no answer carries to it (no rating of it or its indicators)"
            elif not shown:
                reasons = sorted({m.message for m in entry.missing})
                reason = "; ".join(reasons) or (
                    f"no rater answered {chosen.min_coverage:.0%} of its items"
                )
            found.append(
                Scorability(
                    competency=entry.competency,
                    title=titles.get(entry.competency, entry.competency),
                    scorable=shown,
                    reason=reason,
                )
            )
        return tuple(found)

    def unscorable(
        self, framework: Framework, policy: ScoringPolicy | None = None
    ) -> tuple[Scorability, ...]:
        """The competencies the migrated assessment can no longer be scored on."""
        return tuple(s for s in self.scorability(framework, policy) if not s.scorable)

    def problems(self, *, severity: Literal["error", "warning"] = "error") -> list[Problem]:
        """What was dropped or needs a decision, as Problems located in the input document."""
        found: list[Problem] = []
        for outcome in self.outcomes:
            if outcome.action in ("dropped", "needs-decision"):
                many = f" ({outcome.count} {self.unit})" if outcome.count > 1 else ""
                found.append(
                    Problem(
                        code=outcome.action,
                        message=outcome.reason + many,
                        path=outcome.path,
                        severity=severity,
                    )
                )
        return found

    def to_dict(self) -> dict[str, object]:
        """The account as JSON-ready data (without the document)."""
        return {
            "old": self.old,
            "new": self.new,
            "complete": self.complete,
            "outcomes": [o.to_dict() for o in self.outcomes],
        }


class Account:
    """Outcomes gathered by (action, old ids, new ids, reason), counted, in first-seen order."""

    def __init__(self) -> None:
        self.counts: dict[tuple[Action, tuple[str, ...], tuple[str, ...], str], int] = {}
        self.paths: dict[tuple[Action, tuple[str, ...], tuple[str, ...], str], str] = {}

    def note(
        self, action: Action, old: tuple[str, ...], new: tuple[str, ...], reason: str, at: str
    ) -> None:
        key = (action, old, new, reason)
        self.counts[key] = self.counts.get(key, 0) + 1
        self.paths.setdefault(key, at)

    def outcomes(self) -> tuple[Outcome, ...]:
        return tuple(
            Outcome(
                action=action, old=old, new=new, reason=reason, count=count,
                path=self.paths[(action, old, new, reason)],
            )
            for (action, old, new, reason), count in self.counts.items()
        )
