"""Output safety: no file is ever half-written, nothing is overwritten unasked, and text written
for spreadsheets cannot run as a formula.

(a) Writers are atomic. A child process writes again and again (``write_atomic``, the primitive
    every writer uses; ``leadcomp.dump``; and ``leadcomp score --output-file --force``) and is
    killed with SIGKILL at a random moment. The target then holds the old complete content or a
    new complete content, never a part, and the only other file a killed writer may leave is its
    hidden temporary file ``.NAME.XXXXXXXX.tmp`` beside the target (docs/privacy.md, "Safety
    notes").
(b) No command overwrites its input or an existing file without ``--force``: every command of
    ``leadcomp.cli.COMMANDS`` is classified as writing or read-only, and each is tested.
(c) Cells for spreadsheets are neutralised (``leadcomp.read._spreadsheet.neutralise``).
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import random
import re
import signal
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import leadcomp
from leadcomp.cli import COMMANDS, main
from leadcomp.model import Competency, Framework, Indicator, Level, Scale
from profiles import scaled

CORPUS = Path(__file__).resolve().parent / "bad_inputs" / "support"
FRAMEWORK_FILE = CORPUS / "tl.framework.json"
FRAMEWORK2_FILE = CORPUS / "tl-2.framework.json"
ASSESSMENT_FILE = CORPUS / "tl.assessment.json"
ROLE_FILE = CORPUS / "tl.role.json"

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL (POSIX)")


def _framework(size: int, title: str) -> Framework:
    """A framework of ``size`` competencies with four indicators each (about 450 bytes each)."""
    scale = Scale(id="five", levels=tuple(Level(value=v, label=f"L{v}") for v in range(1, 6)))
    return Framework(
        id="big",
        version="1.0.0",
        title=title,
        default_scale="five",
        scales=(scale,),
        competencies=tuple(
            Competency(
                id=f"c{n}",
                title=f"Competency number {n}",
                kind="behaviour",
                indicators=tuple(
                    Indicator(id=f"c{n}.{i}", text=f"Does the thing numbered {n}.{i} well.")
                    for i in range(4)
                ),
            )
            for n in range(size)
        ),
    )


# =============================================================================================
# (a) atomic writes under SIGKILL

_CHILD = r"""
import sys
mode, target = sys.argv[1], sys.argv[2]
if mode == "atomic":
    from leadcomp.documents._atomic import write_atomic
    datas = [open(path, "rb").read() for path in sys.argv[3:5]]
    print("ready", flush=True)
    i = 0
    while True:
        write_atomic(target, datas[i % 2], overwrite=True)
        i += 1
elif mode == "dump":
    import leadcomp
    models = [leadcomp.load(path) for path in sys.argv[3:5]]
    print("ready", flush=True)
    i = 0
    while True:
        leadcomp.dump(models[i % 2], target, overwrite=True)
        i += 1
elif mode == "score":
    from leadcomp.cli import main
    argv = ["score", sys.argv[3], "--framework", sys.argv[4], "-o", "jsonl",
            "--output-file", target, "--force"]
    print("ready", flush=True)
    while True:
        main(argv)
"""


def _kill_while_writing(mode: str, target: Path, args: list[str], delay: float) -> None:
    """Start a writer, let it run ``delay`` seconds after it is ready, then SIGKILL it."""
    child = subprocess.Popen(
        [sys.executable, "-c", _CHILD, mode, str(target), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline() == b"ready\n"
        with contextlib.suppress(subprocess.TimeoutExpired):
            child.wait(timeout=delay)
        assert child.poll() is None, "the writer stopped by itself"
    finally:
        child.kill()
        child.wait()
    assert child.returncode == -signal.SIGKILL


def _leftovers(folder: Path, keep: set[str]) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name not in keep)


def _only_temporary_files(names: list[str], target: Path) -> bool:
    pattern = re.compile(rf"\.{re.escape(target.name)}\.[A-Za-z0-9_]+\.tmp")
    return all(pattern.fullmatch(name) for name in names)


def _runs(count: int, longest: float, seed: str) -> Iterator[float]:
    """Kill delays spread over a writer's cycle (seeded: the same delays on every run)."""
    rng = random.Random(seed)
    for index in range(count):
        low = longest * index / count
        yield rng.uniform(low, low + longest / count)


def test_the_atomic_primitive_leaves_old_or_new_never_a_part(tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    old, new = (b"A" * 6_000_000 + b"\n", b"B" * 9_000_000 + b"\n")
    sources = [tmp_path / "old.bin", tmp_path / "new.bin"]
    for path, data in zip(sources, (old, new), strict=True):
        path.write_bytes(data)
    target = folder / "doc.json"
    left_a_temporary = 0
    for delay in _runs(6, 0.5, "atomic"):
        target.write_bytes(old)
        _kill_while_writing("atomic", target, [str(p) for p in sources], delay)
        assert target.read_bytes() in (old, new)
        leftovers = _leftovers(folder, {target.name})
        assert _only_temporary_files(leftovers, target), leftovers
        left_a_temporary += bool(leftovers)
        for name in leftovers:
            (folder / name).unlink()
    # the kills did land in the middle of writes (else this test would prove nothing)
    assert left_a_temporary >= 1


def test_dump_leaves_the_old_document_or_the_new_one(tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    models = [_framework(1500, "The old framework"), _framework(1800, "The new framework")]
    texts = [leadcomp.dumps(model) for model in models]
    sources = [tmp_path / "old.framework.json", tmp_path / "new.framework.json"]
    for path, text in zip(sources, texts, strict=True):
        path.write_text(text, encoding="utf-8")
    target = folder / "framework.json"
    for delay in _runs(4, 1.2, "dump"):
        target.write_text(texts[0], encoding="utf-8")
        _kill_while_writing("dump", target, [str(p) for p in sources], delay)
        content = target.read_text(encoding="utf-8")
        assert content in texts
        assert leadcomp.load(target) in models
        leftovers = _leftovers(folder, {target.name})
        assert _only_temporary_files(leftovers, target), leftovers


def _cohort(tmp_path: Path, count: int) -> Path:
    base = json.loads(ASSESSMENT_FILE.read_text(encoding="utf-8"))
    lines = []
    for n in range(count):
        base["subject"] = f"p-{n:04d}"
        base["id"] = f"a-{n}"
        lines.append(json.dumps(base))
    path = tmp_path / "cohort.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_the_score_output_file_is_the_old_one_or_complete(tmp_path: Path) -> None:
    cohort = _cohort(tmp_path, 400)
    reference = tmp_path / "reference.jsonl"
    argv = ["score", str(cohort), "--framework", str(FRAMEWORK_FILE), "-o", "jsonl"]
    with contextlib.redirect_stderr(io.StringIO()):
        assert main([*argv, "--output-file", str(reference)]) == 0
    new = reference.read_bytes()
    assert len(new.splitlines()) == 400
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "results.jsonl"
    old = new.splitlines(keepends=True)[0] * 3  # the complete results of an earlier run
    for delay in _runs(4, 1.5, "score"):
        target.write_bytes(old)
        _kill_while_writing("score", target, [str(cohort), str(FRAMEWORK_FILE)], delay)
        content = target.read_bytes()
        assert content in (old, new)
        for line in content.splitlines():
            assert leadcomp.load(line, kind="scoresheet").subject.startswith("p-")
        leftovers = _leftovers(folder, {target.name})
        assert _only_temporary_files(leftovers, target), leftovers


def test_the_temporary_file_is_hidden_beside_the_target_and_removed_on_failure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A writer that fails (rather than being killed) cleans up after itself."""
    import leadcomp.documents._atomic as _atomic

    target = tmp_path / "doc.json"
    target.write_text("old\n", encoding="utf-8")

    def fail(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(_atomic.os, "fsync", fail)
    with pytest.raises(OSError, match="No space"):
        _atomic.write_atomic(target, b"new\n", overwrite=True)
    assert target.read_text(encoding="utf-8") == "old\n"
    assert _leftovers(tmp_path, {target.name}) == []


@pytest.mark.parametrize("streamed", [False, True], ids=["whole", "streamed"])
def test_a_file_system_without_hard_links_still_gets_the_file_and_no_overwrite(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, streamed: bool
) -> None:
    """Where ``os.link`` fails (FAT, some network shares), both the whole-document and the
    streamed path rename the temporary file into place, and still never replace a file that
    appeared while they wrote."""
    import leadcomp.documents._atomic as _atomic

    def no_links(source: object, target: object) -> None:
        raise OSError(1, "Operation not permitted")

    monkeypatch.setattr(_atomic.os, "link", no_links)

    def write(target: Path, data: bytes) -> None:
        if streamed:
            with _atomic.atomic_bytes(target) as out:
                out.write(data[:2])
                out.write(data[2:])
        else:
            _atomic.write_atomic(target, data)

    target = tmp_path / "new.json"
    write(target, b"new\n")
    assert target.read_bytes() == b"new\n"
    assert _leftovers(tmp_path, {target.name}) == []

    late = tmp_path / "late.json"
    real_fsync = os.fsync

    def appears_meanwhile(fd: int) -> None:
        real_fsync(fd)
        if not late.exists():
            late.write_bytes(b"precious\n")

    monkeypatch.setattr(_atomic.os, "fsync", appears_meanwhile)
    with pytest.raises(FileExistsError):
        write(late, b"new\n")
    assert late.read_bytes() == b"precious\n"
    assert _leftovers(tmp_path, {target.name, late.name}) == []


# =============================================================================================
# (b) nothing overwritten without --force, and never the input


def _snapshot(folder: Path) -> dict[str, tuple[str, int]]:
    return {
        str(p.relative_to(folder)): (
            hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns
        )
        for p in folder.rglob("*")
        if p.is_file()
    }


def _run(*argv: str) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(list(argv))
    text = out.getvalue() + err.getvalue()
    assert "Traceback" not in text
    return status, text


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder with a framework, its next version, a role, an assessment and a cohort of one
    (JSON Lines), as the working folder."""
    for source in (FRAMEWORK_FILE, FRAMEWORK2_FILE, ASSESSMENT_FILE, ROLE_FILE):
        (tmp_path / source.name).write_bytes(source.read_bytes())
    line = json.dumps(json.loads(ASSESSMENT_FILE.read_text(encoding="utf-8")))
    (tmp_path / "tl.cohort.jsonl").write_text(line + "\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


#: Commands that only read, with arguments that make them do their work.
READ_ONLY: dict[str, list[str]] = {
    "validate": ["validate", "tl.framework.json", "tl.assessment.json"],
    "schema": ["schema", "framework"],
    "frameworks": ["frameworks"],
    "roles": ["roles"],
    "diff": ["diff", "tl.framework.json", "tl-2.framework.json"],
}


class Writer:
    """How a writing command is told its input, its output, and to replace the output."""

    def __init__(
        self, argv: Callable[[str, str], list[str]], input_name: str, force: str = "--force",
        requires: str | None = None, read: Callable[[str], object] = json.loads,
    ) -> None:
        self.argv = argv
        self.input_name = input_name
        self.force = force
        self.requires = requires
        #: Reads what the command wrote, failing if it is not what the command writes.
        self.read = read


#: Commands that write files: argv for (input, output).
WRITERS: dict[str, Writer] = {
    "score": Writer(
        lambda i, o: ["score", i, "--framework", "tl.framework.json", "-o", "json",
                      "--output-file", o],
        "tl.assessment.json",
    ),
    "migrate": Writer(
        lambda i, o: ["migrate", i, "--from", "tl.framework.json", "--to", "tl-2.framework.json",
                      "--allow-unscorable", "-o", o],
        "tl.assessment.json",
    ),
    "convert": Writer(
        lambda i, o: ["convert", i, o, "--to", "case"],
        "tl.framework.json",
        requires="leadcomp.formats.case",
    ),
    "gap": Writer(
        lambda i, o: ["gap", i, "--role", "tl.role.json", "--framework", "tl.framework.json",
                      "-o", "json", "--output-file", o],
        "tl.assessment.json",
    ),
    "cohort": Writer(
        lambda i, o: ["cohort", i, "--role", "tl.role.json", "--framework", "tl.framework.json",
                      "-o", "json", "--output-file", o],
        "tl.cohort.jsonl",
    ),
    "items": Writer(
        lambda i, o: ["items", i, "--framework", "tl.framework.json", "--output-file", o],
        "tl.cohort.jsonl",
        read=lambda text: _item_analysis(text),
    ),
    "norms": Writer(
        lambda i, o: ["norms", "build", i, "--framework", "tl.framework.json", "--output-file", o],
        "tl.cohort.jsonl",
    ),
    "report": Writer(
        lambda i, o: ["report", i, "--role", "tl.role.json", "--framework", "tl.framework.json",
                      "--format", "html", "-o", o],
        "tl.assessment.json",
        requires="jinja2",
        read=lambda text: ET.fromstring(text.removeprefix("<!DOCTYPE html>\n")),
    ),
}


def _item_analysis(text: str) -> str:
    """The text ``leadcomp items`` writes; ValueError for anything else."""
    if not text.startswith("Item analysis: "):
        raise ValueError(f"not an item analysis: {text[:60]!r}")
    return text


#: Commands that write several files into a folder, and the test that keeps existing ones.
FOLDER_WRITERS = {
    "survey": "test_survey_template.py::test_files_are_never_replaced_without_force",
}


def test_every_command_is_classified_as_writing_or_read_only() -> None:
    """A new command must say here whether it writes files (and then be tested for --force)."""
    assert set(READ_ONLY).isdisjoint(WRITERS)
    assert set(FOLDER_WRITERS).isdisjoint(set(READ_ONLY) | set(WRITERS))
    unclassified = set(COMMANDS) - set(READ_ONLY) - set(WRITERS) - set(FOLDER_WRITERS)
    assert not unclassified, f"classify {sorted(unclassified)} in READ_ONLY or WRITERS"


@pytest.mark.parametrize("command", sorted(READ_ONLY))
def test_read_only_commands_write_nothing(command: str, workdir: Path) -> None:
    before = _snapshot(workdir)
    status, text = _run(*READ_ONLY[command])
    assert status == 0, text
    assert _snapshot(workdir) == before


def _writer(command: str) -> Writer:
    writer = WRITERS[command]
    if writer.requires is not None:
        pytest.importorskip(
            writer.requires, reason=f"{command} needs {writer.requires}, an extra not installed"
        )
    return writer


@pytest.mark.parametrize("command", sorted(WRITERS))
def test_an_existing_file_is_kept_without_force(command: str, workdir: Path) -> None:
    writer = _writer(command)
    target = workdir / "existing.json"
    target.write_text("precious\n", encoding="utf-8")
    before = _snapshot(workdir)
    status, text = _run(*writer.argv(writer.input_name, target.name))
    assert status == 2, text
    assert "file-exists" in text
    assert _snapshot(workdir) == before


@pytest.mark.parametrize("command", sorted(WRITERS))
def test_force_replaces_an_existing_file(command: str, workdir: Path) -> None:
    writer = _writer(command)
    target = workdir / "existing.json"
    target.write_text("precious\n", encoding="utf-8")
    status, text = _run(*writer.argv(writer.input_name, target.name), writer.force)
    assert status == 0, text
    assert target.read_text(encoding="utf-8") != "precious\n"
    writer.read(target.read_text(encoding="utf-8"))
    assert not [p.name for p in workdir.iterdir() if p.name.startswith(".")]


@pytest.mark.parametrize("command", sorted(WRITERS))
def test_no_command_overwrites_its_input_even_with_force(command: str, workdir: Path) -> None:
    writer = _writer(command)
    source = workdir / writer.input_name
    before = source.read_bytes()
    status, _ = _run(*writer.argv(source.name, source.name), writer.force)
    assert source.read_bytes() == before
    assert status == 2


@pytest.mark.parametrize("command", sorted(WRITERS))
def test_no_command_overwrites_its_input_through_another_name(
    command: str, workdir: Path
) -> None:
    """A symbolic link to the input is the input (without --force it exists anyway)."""
    writer = _writer(command)
    source = workdir / writer.input_name
    link = workdir / "link-to-input.json"
    link.symlink_to(source.name)
    before = source.read_bytes()
    status, _ = _run(*writer.argv(source.name, link.name))
    assert status == 2
    assert source.read_bytes() == before


def test_the_api_writers_keep_an_existing_file(tmp_path: Path) -> None:
    framework = leadcomp.load(FRAMEWORK_FILE)
    target = tmp_path / "existing.json"
    target.write_text("precious\n", encoding="utf-8")
    writers: list[Callable[[], Any]] = [lambda: leadcomp.dump(framework, target)]
    with contextlib.suppress(ImportError):
        from leadcomp.formats.case import dump_case

        writers.append(lambda: dump_case(framework, target))
    for write in writers:
        with pytest.raises(leadcomp.InvalidDocument) as raised:
            write()
        assert [p.code for p in raised.value.problems] == ["file-exists"]
        assert target.read_text(encoding="utf-8") == "precious\n"
    assert _leftovers(tmp_path, {target.name}) == []
    leadcomp.dump(framework, target, overwrite=True)
    assert leadcomp.load(target) == framework


def test_a_written_file_keeps_the_permissions_of_the_one_it_replaces(tmp_path: Path) -> None:
    framework = leadcomp.load(FRAMEWORK_FILE)
    target = tmp_path / "private.json"
    target.write_text("{}", encoding="utf-8")
    target.chmod(0o600)
    leadcomp.dump(framework, target, overwrite=True)
    assert target.stat().st_mode & 0o777 == 0o600


# =============================================================================================
# (c) spreadsheet formula neutralisation


def _csv_writers() -> list[str]:
    """Modules of leadcomp that write CSV or XLSX."""
    source = Path(leadcomp.__file__).parent
    found = []
    for path in source.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        if re.search(r"csv\.writer\(|DictWriter\(|\bWorkbook\(|xlsxwriter|csv_line\(\[", text):
            found.append(str(path.relative_to(source)))
    return sorted(found)


#: Text a spreadsheet would run, in every field of a framework that a CSV writer carries.
FORMULAS = ("=1+1", "+SUM(A1:A9)", "-2+3", "@SUM(A1)", '=HYPERLINK("http://x.invalid","x")',
            "\t=1", "=cmd|' /C calc'!A0")


def _framework_full_of_formulas() -> Framework:
    scale = Scale(id="five", levels=tuple(Level(value=v, label=f"={v}") for v in range(1, 6)))
    return Framework(
        id="f",
        version="1.0.0",
        title="=TITLE()",
        description="@description",
        default_scale="five",
        scales=(scale,),
        competencies=tuple(
            Competency(
                id=f"c{n}",
                title=formula,
                kind="behaviour",
                description=formula + " described",
                indicators=(Indicator(id=f"c{n}.1", text=formula),),
            )
            for n, formula in enumerate(FORMULAS)
        ),
    )


def test_moodle_csv_neutralises_every_cell_and_reads_back_the_text() -> None:
    """The Moodle CSV writer (the first CSV writer): no written cell starts a formula, and
    reading the file back gives the original text."""
    import csv

    moodle = pytest.importorskip("leadcomp.formats.moodle")
    from leadcomp.read._spreadsheet import FORMULA_STARTS

    framework = _framework_full_of_formulas()
    assert leadcomp.check(framework) == []
    text = moodle.write_moodle(framework)
    cells = [cell for row in csv.reader(io.StringIO(text)) for cell in row]
    assert any(cell.startswith("'=") for cell in cells)
    dangerous = [cell for cell in cells if cell.startswith(FORMULA_STARTS)]
    assert dangerous == []
    back, _warnings = moodle.read_moodle(text.encode("utf-8"))
    assert [c.title for c in back.competencies] == [c.title for c in framework.competencies]


@pytest.mark.parametrize(
    ("cell", "safe"),
    [
        ("=1+1", "'=1+1"),
        ("+SUM(A1:A9)", "'+SUM(A1:A9)"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ('=HYPERLINK("http://x.invalid","click")', '\'=HYPERLINK("http://x.invalid","click")'),
        ("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("\n=1", "'\n=1"),
        ("＝1+1", "'＝1+1"),
        ("＋1", "'＋1"),
        ("－1", "'－1"),
        ("＠x", "'＠x"),
        ("plain text", "plain text"),
        ("a=b", "a=b"),
        ("", ""),
        (" =1", " =1"),
        ("'already quoted", "'already quoted"),
        ("3.5", "3.5"),
        ("😀=1", "😀=1"),
    ],
)
def test_neutralise_prefixes_cells_a_spreadsheet_would_run(cell: str, safe: str) -> None:
    from leadcomp.read._spreadsheet import neutralise

    assert neutralise(cell) == safe


def test_neutralise_is_idempotent_and_only_ever_prefixes() -> None:
    from hypothesis import given, settings, strategies as st

    from leadcomp.read._spreadsheet import FORMULA_STARTS, neutralise

    @settings(scaled(3), deadline=None)
    @given(st.text(max_size=20) | st.sampled_from(FORMULA_STARTS).map(lambda s: s + "1+1"))
    def check(cell: str) -> None:
        safe = neutralise(cell)
        assert safe in (cell, "'" + cell)
        assert not safe.startswith(FORMULA_STARTS)
        assert neutralise(safe) == safe

    check()


def test_every_csv_writer_neutralises_its_cells() -> None:
    """Any module that writes CSV or XLSX uses the shared helper (``neutralise``, or
    ``write_cell``, which is ``neutralise`` made exactly reversible)."""
    source = Path(leadcomp.__file__).parent
    for name in _csv_writers():
        text = (source / name).read_text(encoding="utf-8")
        assert re.search(r"\b(neutralise|write_cell)\(", text), (
            f"{name} writes spreadsheets without neutralise()"
        )



# =============================================================================================
# (d) text for terminals carries no control sequences from the data


def test_the_text_output_shows_no_terminal_control_sequence_from_a_comment(
    workdir: Path,
) -> None:
    assessment = json.loads((workdir / "tl.assessment.json").read_text(encoding="utf-8"))
    assessment["ratings"][0]["comment"] = "fine \x1b[2J\x1b]0;retitled\x07 \u202eevil"
    (workdir / "escape.assessment.json").write_text(json.dumps(assessment), encoding="utf-8")
    status, text = _run("score", "escape.assessment.json", "--framework", "tl.framework.json")
    assert status == 0
    assert "fine" in text
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f\u202a-\u202e]", text)
