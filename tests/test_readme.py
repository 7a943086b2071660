"""The README's promises: two opening commands that work, and CI running the same test command."""

from __future__ import annotations

import os
import re
from pathlib import Path

import leadcomp
from leadcomp.cli import main

ROOT = Path(__file__).resolve().parents[1]


def _opening_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```sh\n(.*?)```", text, re.DOTALL)
    assert block is not None, "the README opens with a shell block"
    assert text.index(block.group(0)) < text.index("\n## "), "the block comes before any section"
    return [line for line in block.group(1).splitlines() if line.strip()]


def test_readme_opens_with_exactly_two_commands() -> None:
    commands = _opening_commands()
    assert len(commands) == 2
    assert commands[0].startswith("pip install . && leadcomp ")
    assert commands[1].startswith('pip install ".[test]" && ')


def test_ci_runs_the_readme_test_command() -> None:
    test_command = _opening_commands()[1].split("&&", 1)[1].strip()
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert re.search(rf"^{re.escape(test_command)}$", ci, re.MULTILINE), test_command


def test_readme_main_job_succeeds() -> None:
    main_job = _opening_commands()[0].split("&&", 1)[1].split()
    assert main_job[0] == "leadcomp"
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        assert main(main_job[1:]) == 0
    finally:
        os.chdir(cwd)


def test_example_framework_json_is_the_yaml_in_canonical_form() -> None:
    from_yaml = leadcomp.load(ROOT / "examples" / "team-leadership.framework.yaml")
    json_path = ROOT / "examples" / "team-leadership.framework.json"
    assert leadcomp.load(json_path) == from_yaml
    assert leadcomp.dumps(from_yaml) == json_path.read_text(encoding="utf-8")


def test_example_exports_are_what_leadcomp_writes_of_the_example() -> None:
    """examples/ holds the example framework as CASE and as Moodle CSV, as the writers give it."""
    framework = leadcomp.load(ROOT / "examples" / "team-leadership.framework.yaml")
    case = (ROOT / "examples" / "team-leadership.case.json").read_text(encoding="utf-8")
    moodle = (ROOT / "examples" / "team-leadership.moodle.csv").read_bytes()
    assert case == leadcomp.dumps_case(framework)
    assert moodle == leadcomp.write_moodle(framework).encode("utf-8")
    assert leadcomp.load(ROOT / "examples" / "team-leadership.moodle.csv") == framework
