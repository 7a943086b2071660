"""`leadcomp schema KIND` prints a self-contained schema: no reference outside itself, and the
same verdict on every document as the shipped schemas with their registry; check-jsonschema
accepts it and checks the examples and broken copies with it."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from jsonschema import Draft202012Validator

import strategies as S
from leadcomp.cli import main
from leadcomp.cli.schema import KINDS
from leadcomp.validation._schemas import bundled_schema, validator
from profiles import scaled

ROOT = Path(__file__).resolve().parents[1]
DOCUMENTS = sorted(
    p for folder in (ROOT / "examples", ROOT / "tests" / "bad_inputs")
    for p in folder.rglob("*") if p.suffix in (".json", ".yaml", ".yml") and p.is_file()
)


def refs(node: Any) -> list[str]:
    if isinstance(node, dict):
        return [v for k, v in node.items() if k == "$ref"] + [
            r for v in node.values() for r in refs(v)
        ]
    if isinstance(node, list):
        return [r for v in node for r in refs(v)]
    return []


def read(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
        return json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)
    except (ValueError, yaml.YAMLError):
        return None


@pytest.mark.parametrize("kind", KINDS)
def test_each_schema_is_self_contained_and_a_valid_2020_12_schema(kind: str) -> None:
    bundled = bundled_schema(kind)
    Draft202012Validator.check_schema(bundled)
    assert bundled["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert all(ref.startswith("#/$defs/") for ref in refs(bundled))
    for ref in refs(bundled):
        assert ref.removeprefix("#/$defs/") in bundled["$defs"], ref


def test_bundled_and_shipped_schemas_agree_on_every_example_and_bad_input() -> None:
    checked = 0
    for path in DOCUMENTS:
        data = read(path)
        if not isinstance(data, dict) or data.get("kind") not in KINDS:
            continue
        kind = data["kind"]
        bundled = Draft202012Validator(bundled_schema(kind))
        assert bundled.is_valid(data) == validator(kind).is_valid(data), path
        checked += 1
    assert checked >= 40


@settings(scaled(0.5), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(document=S.documents())
def test_bundled_and_shipped_schemas_agree_on_generated_documents(document: Any) -> None:
    import leadcomp

    data = json.loads(leadcomp.dumps(document))
    kind = data["kind"]
    assert Draft202012Validator(bundled_schema(kind)).is_valid(data)
    data["unexpected"] = 1
    assert not Draft202012Validator(bundled_schema(kind)).is_valid(data)
    assert not validator(kind).is_valid(data)


def test_schema_all_writes_every_schema_and_never_overwrites_unasked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["schema", "--all", "-o", str(tmp_path / "s")]) == 0
    written = sorted(p.name for p in (tmp_path / "s").iterdir())
    assert written == sorted(f"{kind}.schema.json" for kind in KINDS)
    assert main(["schema", "--all", "-o", str(tmp_path / "s")]) == 2
    assert "exists" in capsys.readouterr().err
    assert main(["schema", "--all", "-o", str(tmp_path / "s"), "--force"]) == 0
    assert main(["schema"]) == 2
    assert main(["schema", "role", "--all"]) == 2


def _check_jsonschema() -> str:
    found = shutil.which("check-jsonschema") or shutil.which(
        "check-jsonschema", path=str(Path(sys.executable).parent)
    )
    if found is None:
        pytest.skip("check-jsonschema is not installed (the test extra installs it)")
    return found


@pytest.mark.slow
def test_check_jsonschema_uses_the_printed_schemas(tmp_path: Path) -> None:
    tool = _check_jsonschema()
    assert main(["schema", "--all", "-o", str(tmp_path)]) == 0
    good = {
        "framework": [ROOT / "examples" / "team-leadership.framework.yaml",
                      ROOT / "examples" / "team-leadership.framework.json"],
        "role": [ROOT / "examples" / "team-lead.role.yaml",
                 ROOT / "examples" / "ward-manager.role.yaml"],
        "assessment": [ROOT / "examples" / "clinical-fellow-360.assessment.yaml",
                       ROOT / "examples" / "ana.assessment.json"],
        "survey-mapping": [ROOT / "examples" / "team-survey.mapping.yaml"],
    }
    for kind, paths in good.items():
        schema = tmp_path / f"{kind}.schema.json"
        done = subprocess.run(
            [tool, "--schemafile", str(schema), *map(str, paths)],
            capture_output=True, text=True, timeout=120,
        )
        assert done.returncode == 0, done.stdout + done.stderr
        for path in paths:  # a broken copy of each: a misspelt field, and a wrong type
            data = read(path)
            broken = tmp_path / f"broken-{path.stem}.json"
            broken.write_text(json.dumps(dict(data, titel=1, id=7)), encoding="utf-8")
            done = subprocess.run(
                [tool, "--schemafile", str(schema), str(broken)],
                capture_output=True, text=True, timeout=120,
            )
            assert done.returncode == 1, done.stdout + done.stderr
            assert "titel" in done.stdout
