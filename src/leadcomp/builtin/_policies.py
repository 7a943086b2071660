"""The named, built-in scoring policies, and finding a policy by name or file."""

from __future__ import annotations

import os

from leadcomp.documents._pipeline import load
from leadcomp.model._policy import MergeRule, ScoringPolicy
from leadcomp.problems import InvalidDocument, problem

_SUFFIXES = (".json", ".yaml", ".yml")

#: CCL anonymity minimums; small groups suppressed; all others pooled per rater.
DEFAULT_POLICY = ScoringPolicy(
    id="default",
    title="CCL anonymity minimums, small groups withheld, all others pooled per rater",
)
#: As the default, but small peer, direct report and other groups are merged into "colleagues".
MERGE_POLICY = ScoringPolicy(
    id="merge",
    title="CCL anonymity minimums, small groups merged into colleagues",
    small_groups="merge",
    merge=MergeRule(into="colleagues", groups=("peer", "direct_report", "other"), threshold=3),
)
#: As the default, but all others is the mean of the group means, so no group dominates.
GROUP_POOLING_POLICY = ScoringPolicy(
    id="group-pooling",
    title="CCL anonymity minimums, small groups withheld, all others pooled per group",
    pooling="group",
)

#: The built-in policies by name.
BUILTIN_POLICIES: dict[str, ScoringPolicy] = {
    policy.id: policy for policy in (DEFAULT_POLICY, MERGE_POLICY, GROUP_POOLING_POLICY)
}


def builtin_policy(name: str) -> ScoringPolicy:
    """A built-in policy by name; KeyError (naming the choices) when there is none."""
    try:
        return BUILTIN_POLICIES[name]
    except KeyError:
        raise KeyError(
            f"no built-in policy {name!r}; choose one of {', '.join(BUILTIN_POLICIES)}"
        ) from None


def load_policy(name_or_path: str | os.PathLike[str]) -> ScoringPolicy:
    """A policy from a JSON/YAML file, or a built-in one by name when no such file exists.

    InvalidDocument carries the problems of a bad file, or says that the name is unknown.
    """
    path = os.fspath(name_or_path)
    if not os.path.exists(path) and path in BUILTIN_POLICIES:
        return BUILTIN_POLICIES[path]
    if not os.path.exists(path) and os.sep not in path and not path.endswith(_SUFFIXES):
        raise InvalidDocument(
            [
                problem(
                    "unknown-policy",
                    f"{path!r} is neither a policy file nor a built-in policy; built-in "
                    f"policies: {', '.join(BUILTIN_POLICIES)}",
                ).located(path)
            ]
        )

    return load(path, kind="policy")

