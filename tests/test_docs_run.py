"""Every code block in README.md and docs/ that is meant to run runs here, as written.

Each document gets a fresh folder holding a copy of ``examples/``; its blocks run there in the
order the document shows them, so a block may read what an earlier one wrote (as a reader
following along would). What a block is, is told by its fence and by a marker on the line before
it:

- ```` ```python ````: executed as written, in a fresh namespace.
- ```` ```sh ````: each command runs in turn and must exit 0; ``leadcomp ...`` through
  ``leadcomp.cli.main`` in this process, anything with shell syntax (pipes, redirections, globs)
  or any other program through bash, with this environment's ``leadcomp`` on its PATH.
  ``pip install`` lines are installation steps, not run here (the README's are run by the first
  stage of ``.ci/run``).
- a block without a language whose lines start with ``$ `` is a transcript: its command runs, and
  every other line it shows appears in the output, in order (``...`` stands for any text).
- ``<!-- test: file PATH -->``: the block is the repository's file PATH, byte for byte.
- ``<!-- test: exits N -->``: a transcript whose command must exit N (a refusal shown as it
  happens) instead of 0.
- ``<!-- test: output FILE -->``: the JSON shown is the first line of FILE, written by the
  blocks before it.
- ``<!-- test: ci -->``: every command of the block is a line of ``.ci/run``, which runs them.
- ``<!-- test: needs MODULE -->``: runs when MODULE (an optional extra) is installed, else skips
  saying so.
- ``<!-- test: not run: REASON -->``: a synopsis or a cluster's code; Python blocks still compile.
- ``<!-- test: script -->`` and ``<!-- test: exec -->``: docs/scaling.md's, run by test_docs.py.

Other blocks (YAML, JSON and output shown as illustration) are not run.
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from leadcomp.cli import main

ROOT = Path(__file__).resolve().parents[1]
DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
FENCE = re.compile(
    r"^(?:<!-- test: (?P<mark>[^>]*?) -->\n)?```(?P<lang>[a-z]*)\n(?P<code>.*?)^```$", re.S | re.M
)
#: Shell syntax that a plain argument list cannot carry.
SHELL_SYNTAX = re.compile(r"[|<>;&*$`]")


@dataclass(frozen=True)
class Block:
    """One fenced block: where it is, its language, its marker and its text."""

    document: Path
    line: int
    lang: str
    mark: str
    code: str

    @property
    def where(self) -> str:
        return f"{self.document.relative_to(ROOT)}:{self.line}"

    def padded(self) -> str:
        """The code, preceded by blank lines so that tracebacks give the document's lines."""
        return "\n" * self.line + self.code


def blocks(document: Path) -> list[Block]:
    text = document.read_text(encoding="utf-8")
    found = []
    for match in FENCE.finditer(text):
        line = text.count("\n", 0, match.start("code"))
        lang, mark, code = match.group("lang"), match.group("mark") or "", match.group("code")
        found.append(Block(document, line, lang, mark, code))
    return found


def commands(code: str) -> list[str]:
    """The commands of a shell block: continuation lines joined, comments and blank lines gone."""
    joined = re.sub(r"[ \t]*\\\n[ \t]*", " ", code)
    found = []
    for line in joined.splitlines():
        if shlex.split(line, comments=True):
            found.append(_uncomment(line))
    return found


def _uncomment(line: str) -> str:
    """A line with shell syntax, less a trailing comment (a ``#`` after a space, outside quotes)."""
    quote = None
    for index, char in enumerate(line):
        if quote:
            quote = None if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char == "#" and index and line[index - 1] == " ":
            return line[:index].rstrip()
    return line.rstrip()


def transcript(code: str) -> tuple[str, list[str]]:
    """A transcript's command and the lines it shows."""
    first, *shown = code.splitlines()
    return first.removeprefix("$ ").strip(), shown


class Sandbox:
    """A folder holding a copy of examples/, where one document's blocks run."""

    def __init__(self, path: Path, capfd: pytest.CaptureFixture[str]) -> None:
        self.path = path
        self.capfd = capfd
        shutil.copytree(ROOT / "examples", path / "examples")

    def run(self, command: str, where: str, expect: int = 0) -> str:
        """Run one command; its standard output and error together. Fails unless it exits
        ``expect`` (0 unless a transcript's marker says otherwise)."""
        words = shlex.split(command)
        if words[0] == "leadcomp" and not SHELL_SYNTAX.search(command):
            self.capfd.readouterr()
            status = main(words[1:])
            out, err = self.capfd.readouterr()
        else:
            env = dict(os.environ)
            env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env["PATH"]])
            if words[0] == "leadcomp" or " leadcomp " in f" {command} ":
                script = Path(sys.executable).parent / "leadcomp"
                if not script.exists():
                    pytest.skip(f"{where}: the leadcomp console script is not installed")
            done = subprocess.run(
                ["bash", "-c", command],
                cwd=self.path,
                env=env,
                capture_output=True,
                text=True,
                timeout=300,
            )
            status, out, err = done.returncode, done.stdout, done.stderr
        assert status == expect, f"{where}: `{command}` exited {status}\n{out}\n{err}"
        return out + err


def _run_python(block: Block) -> None:
    namespace: dict[str, object] = {"__name__": "__docs__"}
    exec(compile(block.padded(), str(block.document), "exec"), namespace)


def _shown_lines_appear(shown: list[str], output: str, where: str) -> None:
    lines = output.splitlines()
    position = 0
    for expected in shown:
        if expected.strip() == "...":
            continue
        pattern = re.compile(
            ".*?".join(re.escape(part) for part in expected.rstrip().split("...")) + r"\Z"
        )
        for index in range(position, len(lines)):
            if pattern.match(lines[index].rstrip()):
                position = index + 1
                break
        else:
            raise AssertionError(f"{where}: {expected!r} is not in the output, in order:\n{output}")


def _marks(block: Block) -> dict[str, str]:
    """The block's marker as a word and its argument (``file PATH`` -> ``{"file": "PATH"}``)."""
    if not block.mark:
        return {}
    if block.mark.startswith("not run"):
        return {"not run": block.mark.partition(":")[2].strip()}
    word, _, argument = block.mark.partition(" ")
    return {word.rstrip(":"): argument.strip()}


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda path: path.name)
def test_every_block_meant_to_run_runs(
    document: Path,
    tmp_path: Path,
    capfd: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sandbox = Sandbox(tmp_path, capfd)
    monkeypatch.chdir(tmp_path)
    monkeypatch.syspath_prepend(str(tmp_path))
    for block in blocks(document):
        marks = _marks(block)
        if "needs" in marks and importlib.util.find_spec(marks["needs"]) is None:
            pytest.skip(f"{block.where} needs {marks['needs']}, which is not installed")
        if {"not run", "script", "exec", "ci"} & marks.keys():
            if block.lang == "python":
                compile(block.padded(), str(block.document), "exec")
            continue
        if "file" in marks:
            assert (ROOT / marks["file"]).read_text(encoding="utf-8") == block.code, block.where
            continue
        if "output" in marks:
            first = (tmp_path / marks["output"]).read_text(encoding="utf-8").splitlines()[0]
            assert json.loads(first) == json.loads(block.code), block.where
            continue
        if block.lang == "python":
            _run_python(block)
        elif block.lang == "sh":
            for command in commands(block.code):
                if not command.startswith("pip install"):
                    sandbox.run(command, block.where)
        elif not block.lang and block.code.startswith("$ "):
            command, shown = transcript(block.code)
            expect = int(marks.get("exits", "0"))
            _shown_lines_appear(shown, sandbox.run(command, block.where, expect), block.where)


def test_every_runnable_looking_block_is_run_or_says_why() -> None:
    """A Python or shell block is run, or its marker says why not (no silent exemptions)."""
    known = {"file", "output", "ci", "needs", "not run", "script", "exec", "exits"}
    for document in DOCUMENTS:
        for block in blocks(document):
            marks = _marks(block)
            assert set(marks) <= known, f"{block.where}: unknown marker {block.mark!r}"
            if "not run" in marks:
                assert marks["not run"], f"{block.where}: 'not run' needs a reason"


def test_blocks_ci_runs_are_in_ci() -> None:
    """The README's opening commands and its development commands are lines of .ci/run."""
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    marked = [b for document in DOCUMENTS for b in blocks(document) if _marks(b).keys() == {"ci"}]
    assert [b.document.name for b in marked] == ["README.md", "README.md"]
    for block in marked:
        for line in block.code.splitlines():
            command = _uncomment(line).strip()
            if command and command != "bash .ci/run":
                runs = re.compile(rf"^[ \t]*(?:if ! )?{re.escape(command)}(?:$|[ \t])", re.M)
                assert runs.search(script), f"{block.where}: .ci/run does not run {command!r}"


def test_the_sh_parser_keeps_what_bash_would_run() -> None:
    code = (
        "leadcomp score a.jsonl --framework hlm \\\n    -o jsonl  # streamed\n"
        "cat part-*.jsonl > all.jsonl   # the shell sorts\n\n# a comment line\n"
        "python -c \"print('#not a comment')\"\n"
    )
    assert commands(code) == [
        "leadcomp score a.jsonl --framework hlm -o jsonl",
        "cat part-*.jsonl > all.jsonl",
        "python -c \"print('#not a comment')\"",
    ]
    with contextlib.suppress(AssertionError):
        _shown_lines_appear(["a", "c"], "c\na\n", "here")
        raise RuntimeError("lines out of order were accepted")
    _shown_lines_appear(["a ... z", "...", "q"], "x\na b z\nq\n", "here")
