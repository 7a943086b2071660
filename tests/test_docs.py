"""docs/scaling.md keeps its promises: every Python block compiles; the process-pool script and
the Spark partition function run on the example cohort and write what ``leadcomp score -o
jsonl`` writes; and parts of a file scored apart and concatenated are the whole file's output.

A block preceded by ``<!-- test: script -->`` is run as a script in a folder holding
``cohort.jsonl``; one preceded by ``<!-- test: exec -->`` is executed here and what it defines
is called. The others (a Dask scheduler's address, pyspark) are only compiled.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import leadcomp
from leadcomp.cli import main

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "scaling.md"
EXAMPLE = ROOT / "examples" / "clinical-fellows-2024.assessments.jsonl"
BLOCK = re.compile(
    r"(?:<!-- test: (?P<mark>[a-z]+) -->\n)?```python\n(?P<code>.*?)^```", re.S | re.M
)


def blocks() -> list[tuple[str | None, str]]:
    """Each Python block's mark and code, the code padded so that line numbers are the doc's."""
    text = DOC.read_text(encoding="utf-8")
    found = []
    for match in BLOCK.finditer(text):
        first_line = text.count("\n", 0, match.start("code"))
        found.append((match.group("mark"), "\n" * first_line + match.group("code")))
    return found


def marked(mark: str) -> str:
    (code,) = [code for found, code in blocks() if found == mark]
    return code


def test_every_python_block_compiles() -> None:
    found = blocks()
    assert len(found) >= 4
    assert sorted(mark for mark, _ in found if mark) == ["exec", "script"]
    for _, code in found:
        compile(code, str(DOC), "exec")


def cli_jsonl(tmp_path: Path, source: Path, name: str = "cli.jsonl") -> str:
    out = tmp_path / name
    status = main(
        ["score", str(source), "--framework", "hlm@1.0.0", "-o", "jsonl", "--output-file", str(out)]
    )
    assert status == 0
    return out.read_text(encoding="utf-8")


@pytest.mark.slow
def test_the_process_pool_script_writes_what_the_cli_writes(tmp_path: Path) -> None:
    (tmp_path / "cohort.jsonl").write_bytes(EXAMPLE.read_bytes())
    (tmp_path / "score_cohort.py").write_text(marked("script"), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "score_cohort.py"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert (done.returncode, done.stderr) == (0, "")
    written = (tmp_path / "sheets.jsonl").read_text(encoding="utf-8")
    assert written == cli_jsonl(tmp_path, EXAMPLE)
    assert len(written.splitlines()) == 12


def test_the_spark_partition_function_scores_lines_and_reports_problems(tmp_path: Path) -> None:
    namespace: dict[str, Any] = {"__name__": "score_job"}
    exec(compile(marked("exec"), str(DOC), "exec"), namespace)
    framework_bytes = leadcomp.dumps(leadcomp.load_builtin("hlm@1.0.0")).encode()
    lines = EXAMPLE.read_text(encoding="utf-8").splitlines()  # as Spark's textFile gives them
    partition = [*lines[:3], "", '{"kind": "assessment", oops}', *lines[3:]]
    records = list(namespace["score_partition"](iter(partition), framework_bytes=framework_bytes))
    expected = cli_jsonl(tmp_path, EXAMPLE).splitlines()
    assert [*records[:3], *records[4:]] == expected
    bad = json.loads(records[3])
    assert bad["partition_index"] == 3
    assert [p["code"] for p in bad["problems"]] == ["invalid-json"]


def test_parts_scored_apart_and_concatenated_are_the_whole(tmp_path: Path) -> None:
    lines = EXAMPLE.read_bytes().splitlines(keepends=True)
    parts = [lines[:5], lines[5:9], lines[9:]]
    outputs = []
    for number, part in enumerate(parts):
        path = tmp_path / f"part-{number:02d}.jsonl"
        path.write_bytes(b"".join(part))
        outputs.append(cli_jsonl(tmp_path, path, f"part-{number:02d}.sheets.jsonl"))
    assert "".join(outputs) == cli_jsonl(tmp_path, EXAMPLE)
