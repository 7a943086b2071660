"""The named, built-in scoring policies, and finding a policy by name or file.

The built-in policies are data: the policy documents in ``leadcomp/builtin/policies/``."""

from __future__ import annotations

import copy
import json
import os
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, cast

from leadcomp.model._policy import (
    BlindSpotRule,
    GroupThresholds,
    GroupWeights,
    MergeRule,
    ScoringPolicy,
)
from leadcomp.problems import InvalidDocument, problem

_SUFFIXES = (".json", ".yaml", ".yml")


def _thresholds(data: dict[str, Any]) -> GroupThresholds:
    return GroupThresholds(**{group: int(count) for group, count in data.items()})


def _merge(data: dict[str, Any]) -> MergeRule:
    default = MergeRule()
    comment = data.get("comment_threshold", default.comment_threshold)
    return MergeRule(
        into=data.get("into", default.into),
        groups=tuple(data.get("groups", default.groups)),
        threshold=int(data.get("threshold", default.threshold)),
        comment_threshold=None if comment is None else int(comment),
        weight=float(data.get("weight", default.weight)),
    )


def plain_policy(data: dict[str, Any]) -> ScoringPolicy:
    """The ScoringPolicy of a policy document's checked plain data, without the converter: the
    fast twin of ``_converter.structure(data, ScoringPolicy)`` (``kind`` and ``format`` may be
    present), held equal to it by a differential test. A field left out keeps its default."""
    default = ScoringPolicy(id=data["id"], title=data["title"])
    comments = data.get("comment_thresholds")
    blind_spot = data.get("blind_spot")
    weights = data.get("group_weights")
    extensions = data.get("extensions")
    return ScoringPolicy(
        id=default.id,
        title=default.title,
        description=data.get("description"),
        pooling=data.get("pooling", default.pooling),
        min_coverage=float(data.get("min_coverage", default.min_coverage)),
        thresholds=_thresholds(data["thresholds"]) if "thresholds" in data else default.thresholds,
        all_others_threshold=int(data.get("all_others_threshold", default.all_others_threshold)),
        comment_thresholds=None if comments is None else _thresholds(comments),
        small_groups=data.get("small_groups", default.small_groups),
        merge=_merge(data["merge"]) if "merge" in data else default.merge,
        require_self=data.get("require_self", default.require_self),
        blind_spot=default.blind_spot if blind_spot is None else BlindSpotRule(
            threshold=float(blind_spot.get("threshold", default.blind_spot.threshold)),
            unit=blind_spot.get("unit", default.blind_spot.unit),
        ),
        confidence=float(data.get("confidence", default.confidence)),
        group_weights=default.group_weights if weights is None else GroupWeights(
            **{group: float(weight) for group, weight in weights.items()}
        ),
        reliability=data.get("reliability", default.reliability),
        rater_consistency=data.get("rater_consistency", default.rater_consistency),
        extensions=copy.deepcopy(extensions) if extensions else {},
    )


def _builtin(name: str) -> ScoringPolicy:
    """A built-in policy from its shipped file, ``builtin/policies/<name>.json``. The files are
    checked by the test suite (schema, rules, canonical form, the same objects as ever), so here
    they are only structured. The file is read through this module's loader, as
    ``pkgutil.get_data`` does: this costs a few microseconds, where importlib.resources would
    add its own imports to the start-up of every command that scores."""
    path = os.path.join(os.path.dirname(__file__), "policies", f"{name}.json")
    loader: Any = __spec__.loader
    return plain_policy(json.loads(loader.get_data(path)))


#: CCL anonymity minimums; small groups suppressed; all others pooled per rater.
DEFAULT_POLICY = _builtin("default")
#: As the default, but small peer, direct report and other groups are merged into "colleagues".
MERGE_POLICY = _builtin("merge")
#: As the default, but all others is the mean of the group means, so no group dominates.
GROUP_POOLING_POLICY = _builtin("group-pooling")

#: The built-in policies by name (read-only).
BUILTIN_POLICIES: Mapping[str, ScoringPolicy] = MappingProxyType(
    {policy.id: policy for policy in (DEFAULT_POLICY, MERGE_POLICY, GROUP_POOLING_POLICY)}
)


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
    from leadcomp.documents._pipeline import load_document as load

    return cast("ScoringPolicy", load(path, kind="policy"))
