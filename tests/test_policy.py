"""Scoring policies as documents: defaults, built-ins, files, schema, rules and round trips."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

import leadcomp
from leadcomp.cli import main
from leadcomp.model import BlindSpotRule, GroupThresholds, MergeRule, ScoringPolicy
from leadcomp.validation._acceptor import acceptor
from leadcomp.validation._schemas import schema, validator
from profiles import scaled
from scoring_strategies import policies, scoring_assessments, scoring_frameworks


def test_the_default_policy_has_the_ccl_minimums() -> None:
    policy = leadcomp.DEFAULT_POLICY
    assert policy.id == "default"
    assert policy.thresholds == GroupThresholds(manager=1, peer=3, direct_report=3, other=1)
    assert policy.all_others_threshold == 4
    assert policy.comment_threshold("peer") == 3
    assert policy.min_coverage == 0.75
    assert policy.small_groups == "suppress"
    assert policy.pooling == "rater"
    assert policy.confidence == 0.95
    assert policy.blind_spot == BlindSpotRule(threshold=1.0, unit="points")
    assert policy.require_self is False


def test_comment_thresholds_default_to_the_score_thresholds() -> None:
    policy = attrs.evolve(
        leadcomp.DEFAULT_POLICY, comment_thresholds=GroupThresholds(peer=5, manager=2)
    )
    assert policy.comment_threshold("peer") == 5
    assert policy.comment_threshold("manager") == 2
    assert policy.merge_comment_threshold == 3
    merged = attrs.evolve(policy, merge=MergeRule(threshold=4, comment_threshold=6))
    assert merged.merge_comment_threshold == 6


def test_builtin_policies_by_name() -> None:
    assert set(leadcomp.BUILTIN_POLICIES) == {"default", "merge", "group-pooling"}
    assert leadcomp.builtin_policy("default") is leadcomp.DEFAULT_POLICY
    merge = leadcomp.builtin_policy("merge")
    assert merge.small_groups == "merge"
    assert merge.merge.into == "colleagues"
    assert merge.merge.groups == ("peer", "direct_report", "other")
    assert leadcomp.builtin_policy("group-pooling").pooling == "group"
    with pytest.raises(KeyError, match="default, merge, group-pooling"):
        leadcomp.builtin_policy("lenient")
    for policy in leadcomp.BUILTIN_POLICIES.values():
        assert leadcomp.check(policy) == []


def test_load_policy_by_name_or_file(tmp_path: Path) -> None:
    assert leadcomp.load_policy("merge") is leadcomp.builtin_policy("merge")
    path = tmp_path / "strict.policy.yaml"
    path.write_text(
        "kind: policy\nformat: '1.0'\nid: strict\ntitle: Strict\nrequire_self: true\n"
        "thresholds: {peer: 4, direct_report: 4}\nall_others_threshold: 5\n",
        encoding="utf-8",
    )
    policy = leadcomp.load_policy(path)
    assert policy.require_self is True
    assert policy.thresholds == GroupThresholds(peer=4, direct_report=4)
    assert policy.all_others_threshold == 5
    assert leadcomp.load(path, kind="policy") == policy


def test_an_unknown_policy_name_or_a_bad_file_is_a_problem(tmp_path: Path) -> None:
    with pytest.raises(leadcomp.InvalidDocument) as caught:
        leadcomp.load_policy("lenient")
    assert caught.value.problems[0].code == "unknown-policy"
    assert "default, merge, group-pooling" in caught.value.problems[0].message
    with pytest.raises(leadcomp.InvalidDocument) as caught:
        leadcomp.load_policy(tmp_path / "missing.json")
    assert caught.value.problems[0].code == "unreadable"
    bad = tmp_path / "bad.json"
    bad.write_text(
        json.dumps({"kind": "policy", "format": "1.0", "id": "x", "title": "X",
                    "min_coverage": 0, "pooling": "mean", "thresholds": {"peer": 0},
                    "colour": "blue"}),
        encoding="utf-8",
    )
    with pytest.raises(leadcomp.InvalidDocument) as caught:
        leadcomp.load_policy(bad)
    found = {(p.code, p.path) for p in caught.value.problems}
    assert found == {
        ("out-of-range", "$.min_coverage"),
        ("invalid-value", "$.pooling"),
        ("out-of-range", "$.thresholds.peer"),
        ("unknown-field", "$.colour"),
    }
    assert all(p.line is not None for p in caught.value.problems)


def policy_document(**fields: Any) -> dict[str, Any]:
    return {"kind": "policy", "format": "1.0", "id": "p", "title": "P", **fields}


@pytest.mark.parametrize(
    ("fields", "code", "path"),
    [
        ({"merge": {"into": "peer"}}, "invalid-value", "$.merge.into"),
        ({"merge": {"into": "all_others"}}, "invalid-value", "$.merge.into"),
        ({"merge": {"groups": ["peer", "peer"]}}, "duplicate-group", "$.merge.groups[1]"),
        (
            {"blind_spot": {"threshold": 1.5, "unit": "range_fraction"}},
            "out-of-range",
            "$.blind_spot.threshold",
        ),
        ({"confidence": 1}, "out-of-range", "$.confidence"),
        ({"merge": {"groups": ["self"]}}, "invalid-value", "$.merge.groups[0]"),
        ({"group_weights": {"peer": 0}}, "out-of-range", "$.group_weights.peer"),
    ],
)
def test_policy_rules_and_schema(fields: dict[str, Any], code: str, path: str) -> None:
    found = leadcomp.validate(policy_document(**fields))
    assert [(p.code, p.path) for p in found] == [(code, path)]


def test_policy_and_scoresheet_schemas_are_draft_2020_12_and_compile() -> None:
    from jsonschema import Draft202012Validator

    for kind in ("policy", "scoresheet"):
        document = schema(kind)
        Draft202012Validator.check_schema(document)
        assert document["$id"] == f"urn:leadcomp:schema:{kind}:1"
        assert acceptor(kind, 64)({"kind": kind}) is False


def test_the_schema_command_prints_the_new_schemas(capsys: pytest.CaptureFixture[str]) -> None:
    for kind in ("policy", "scoresheet"):
        assert main(["schema", kind]) == 0
        assert json.loads(capsys.readouterr().out)["$id"] == f"urn:leadcomp:schema:{kind}:1"


@settings(scaled(1), suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(policy=policies())
def test_policies_round_trip_through_json_and_yaml(policy: ScoringPolicy) -> None:
    for syntax in ("json", "yaml"):
        text = leadcomp.dumps(policy, syntax=syntax)  # type: ignore[arg-type]
        assert leadcomp.load(text.encode(), kind="policy") == policy
    data = json.loads(leadcomp.dumps(policy))
    assert validator("policy").is_valid(data)
    assert acceptor("policy", 64)(data)


@settings(scaled(0.6), suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(data=st.data())
def test_score_sheets_round_trip_and_record_the_whole_policy(data: st.DataObject) -> None:
    framework = data.draw(scoring_frameworks())
    policy = data.draw(policies())
    assessment = data.draw(scoring_assessments(framework))
    sheet = leadcomp.score(assessment, framework, policy)
    text = leadcomp.dumps(sheet)
    loaded = leadcomp.load(text.encode(), kind="scoresheet")
    assert loaded == sheet
    assert loaded.policy == policy
    # the policy recorded in the sheet reproduces it
    assert leadcomp.score(assessment, framework, loaded.policy) == sheet
    plain = json.loads(text)
    # the fast acceptor and jsonschema agree on what we write
    assert validator("scoresheet").is_valid(plain)
    assert acceptor("scoresheet", 64)(plain)


def test_the_scoresheet_schema_has_no_place_for_rater_ids() -> None:
    properties = json.dumps(schema("scoresheet"))
    assert '"rater"' not in properties
    assert '"raters"' not in properties
    assert "rater id" not in properties
