"""Run the leadcomp benchmarks and print their figures as ratios against same-run baselines.

    python bench/run.py                  # the full sizes (a few minutes, most of it the baselines)
    python bench/run.py --quick          # small inputs and few repeats: well under a minute
    python bench/run.py --only startup   # one workload (or several, comma-separated)
    python bench/run.py --list           # the workloads and what they measure

Every figure is a ratio: the time of what leadcomp does over the time of a baseline measured in
the same run, on the same machine, at the same moment. Each time is the best of several repeats,
and the repeats of a subject and its baselines are interleaved (in rotating order), so that a
machine that slows down or speeds up mid-run moves both sides alike. A ratio within its goal says
"ok"; the exit status is 0 even when a goal is missed (this is a report, not a test) and 1 only
when a workload fails to run.

Peak memory is the peak resident set size (``ru_maxrss``) of a separate process doing the work
once, read with ``os.wait4`` by a small launcher process: a child created straight from this
(large) process would report this process's memory instead of its own.

A workload is a function registered with ``@workload``; it receives the run's Config and a Report
and adds rows (subject, baseline, times, goal, peak memory) and notes to the report.
"""

from __future__ import annotations

import argparse
import datetime
import gc
import json
import math
import os
import platform
import shutil
import subprocess
import sys
import time
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
SCHEMAS = ROOT / "schemas"
if str(BENCH) not in sys.path:  # when imported rather than run as a script
    sys.path.insert(0, str(BENCH))

import generate  # noqa: E402  (bench/ is not a package)

# ---------------------------------------------------------------------------------------------
# The framework: configuration, rows, the registry and the table


@dataclass(frozen=True)
class Config:
    """How big and how thorough this run is."""

    quick: bool
    #: Competencies in the generated framework (the issue's size, or a small one with --quick).
    competencies: int
    #: Repeats of in-process measurements (the best is kept).
    repeats: int
    #: Repeats of measurements that start a process.
    spawns: int
    #: Repeats of start-up measurements (they are short, so more of them).
    startups: int
    #: Once a candidate has spent this many seconds, it is not repeated again (slow baselines).
    budget: float
    #: Assessments in the generated cohort, and in the large one it is compared with.
    cohort: int = 10_000
    cohort_large: int = 100_000


FULL = Config(quick=False, competencies=10_000, repeats=7, spawns=5, startups=20, budget=20.0)
QUICK = Config(
    quick=True, competencies=1_000, repeats=3, spawns=3, startups=5, budget=2.0, cohort=1_000,
    cohort_large=10_000,
)


@dataclass
class Row:
    """One comparison: the subject's best time over the baseline's best time."""

    workload: str
    subject: str
    baseline: str
    subject_s: float
    baseline_s: float
    #: The largest acceptable ratio; None when the row is for information only.
    goal: float | None = None
    subject_kb: int | None = None
    baseline_kb: int | None = None
    #: "s" for times; "KiB" for a row that compares peak memory (the "times" are KiB then).
    unit: str = "s"

    @property
    def ratio(self) -> float:
        return self.subject_s / self.baseline_s if self.baseline_s else math.inf

    @property
    def ok(self) -> bool | None:
        return None if self.goal is None else self.ratio <= self.goal


@dataclass
class Report:
    """What the workloads found: rows for the table and notes printed under it."""

    rows: list[Row] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    def row(self, row: Row) -> None:
        self.rows.append(row)

    def note(self, workload: str, text: str) -> None:
        self.notes.append(f"{workload}: {text}")


@dataclass(frozen=True)
class Workload:
    name: str
    about: str
    run: Callable[[Config, Report], None]


#: Every workload, in the order the table shows them.
WORKLOADS: dict[str, Workload] = {}


def workload(name: str, about: str) -> Callable[[Callable[[Config, Report], None]], Workload]:
    """Register a workload function under a name (the ``--only`` name and the table's label)."""

    def register(run: Callable[[Config, Report], None]) -> Workload:
        if name in WORKLOADS:
            raise ValueError(f"workload {name!r} is registered twice")
        WORKLOADS[name] = Workload(name, about, run)
        return WORKLOADS[name]

    return register


def progress(text: str) -> None:
    print(f"  {text}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------------
# Measuring


def best_of(
    candidates: dict[str, Callable[[], object]], repeats: int, budget: float
) -> dict[str, float]:
    """The best time of each candidate over interleaved repeats, in rotating order.

    Garbage is collected before each sample, and the collector stays on during it, as it is for
    users. Once a candidate has spent ``budget`` seconds, no new round starts: every candidate
    has the same number of samples, so that none has the better odds of a quiet moment.
    """
    names = list(candidates)
    best = dict.fromkeys(names, math.inf)
    spent = dict.fromkeys(names, 0.0)
    for round_ in range(repeats):
        if round_ and max(spent.values()) >= budget:
            break
        shift = round_ % len(names)
        for name in names[shift:] + names[:shift]:
            gc.collect()
            start = time.perf_counter()
            candidates[name]()
            elapsed = time.perf_counter() - start
            best[name] = min(best[name], elapsed)
            spent[name] += elapsed
    return best


#: Bytecode of every process the benchmarks start is cached here (and PYTHONDONTWRITEBYTECODE is
#: dropped), so that no timed run pays for compiling source files, whatever the environment says.
PYCACHE = generate.DATA / "pycache"
CHILD_ENV = {
    **{key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"},
    "PYTHONPYCACHEPREFIX": str(PYCACHE),
}


class WorkloadError(RuntimeError):
    """A workload could not run as intended (a crash, a wrong answer, a missing tool)."""


def executable(name: str) -> str | None:
    """A console script of this environment (next to the interpreter), else one on PATH."""
    beside = Path(sys.executable).with_name(name)
    if beside.exists():
        return str(beside)
    return shutil.which(name)


def leadcomp_command() -> list[str]:
    found = executable("leadcomp")
    return [found] if found else [sys.executable, "-m", "leadcomp"]


def check(argv: Sequence[str], expect: int = 0) -> subprocess.CompletedProcess[str]:
    """Run a command once (a warm-up), insisting on its exit status."""
    done = subprocess.run(
        list(argv), capture_output=True, text=True, check=False, env=CHILD_ENV
    )
    if done.returncode != expect:
        tail = (done.stderr or done.stdout).strip().splitlines()[-5:]
        raise WorkloadError(
            f"{' '.join(argv)} exited with {done.returncode} (expected {expect}):\n    "
            + "\n    ".join(tail)
        )
    return done


def spawner(argv: Sequence[str], expect: int = 0) -> Callable[[], object]:
    """A candidate that runs a command to completion, its output discarded."""
    args = list(argv)

    def run() -> None:
        status = subprocess.call(
            args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=CHILD_ENV
        )
        if status != expect:
            check(args, expect)  # again, to show what it printed
            raise WorkloadError(f"{' '.join(args)} exited with {status} (expected {expect})")

    return run


# The launcher is a bare interpreter (-I -S) that starts the command and reports the command's
# own peak RSS: ru_maxrss of a child counts the memory of the process that forked it, so the
# forking process must be small. Its own ~8 MB is therefore the smallest figure it can report.
_LAUNCHER = (
    "import os, sys\n"
    "null = [(os.POSIX_SPAWN_OPEN, fd, os.devnull, os.O_WRONLY, 0) for fd in (1, 2)]\n"
    "pid = os.posix_spawn(sys.argv[1], sys.argv[1:], os.environ, file_actions=null)\n"
    "_, status, usage = os.wait4(pid, 0)\n"
    "print(usage.ru_maxrss)\n"
    "sys.exit(os.waitstatus_to_exitcode(status))\n"
)


def peak_kb(argv: Sequence[str], expect: int = 0) -> int:
    """The peak resident set size, in KiB, of one run of a command."""
    args = list(argv)
    args[0] = shutil.which(args[0]) or args[0]
    done = subprocess.run(
        [sys.executable, "-I", "-S", "-c", _LAUNCHER, *args],
        capture_output=True, text=True, check=False, env=CHILD_ENV,
    )
    if done.returncode != expect:
        check(args, expect)  # again without the launcher, to show what the command printed
        raise WorkloadError(f"{' '.join(args)} exited with {done.returncode} (expected {expect})")
    return int(done.stdout.split()[-1])


def python_code(code: str, *args: str) -> list[str]:
    return [sys.executable, "-c", code, *args]


# ---------------------------------------------------------------------------------------------
# Inputs


def framework_input(cfg: Config, name: str) -> Path:
    path = generate.framework_file(cfg.competencies)
    progress(f"{name}: input {path.name} ({path.stat().st_size / 1e6:.2f} MB)")
    return path


def bundled_schema() -> Path:
    """framework.schema.json with the common schema embedded, for tools that cannot resolve URNs.

    The common schema goes into ``$defs`` with its own ``$id`` (a compound schema document, as
    JSON Schema 2020-12 bundles schemas), so ``urn:leadcomp:schema:common:1#/$defs/...`` refers
    to the embedded copy and every ``$ref`` stays as written.
    """
    framework = json.loads((SCHEMAS / "framework.schema.json").read_text(encoding="utf-8"))
    common = json.loads((SCHEMAS / "common.schema.json").read_text(encoding="utf-8"))
    framework["$defs"]["leadcomp-common"] = common
    path = generate.DATA / "framework.bundled.schema.json"
    generate.DATA.mkdir(parents=True, exist_ok=True)
    text = json.dumps(framework, indent=2) + "\n"
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")
    return path


def check_jsonschema_works(tool: str, schema: Path) -> None:
    """Guard the baseline: it must reject a bad id, which is checked through the common schema."""
    import leadcomp

    data = json.loads(leadcomp.dumps(generate.framework(3)))
    data["competencies"][0]["id"] = "not an id!"
    bad = generate.DATA / "framework.bad-id.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    done = check([tool, "--schemafile", str(schema), str(bad)], expect=1)
    if "does not match" not in done.stdout:
        raise WorkloadError(f"check-jsonschema did not apply the common schema:\n{done.stdout}")


# ---------------------------------------------------------------------------------------------
# Workloads

_JSON_LOADS_FILE = "import json, sys; json.loads(open(sys.argv[1], 'rb').read())"


@workload(
    "validate-10k",
    "leadcomp.validate(bytes) and leadcomp.load(bytes) in process, on the generated framework "
    "(10,000 competencies, 4 indicators each, about 6 MB), against json.loads of the same bytes",
)
def validate_10k(cfg: Config, report: Report) -> None:
    import leadcomp

    name = "validate-10k"
    path = framework_input(cfg, name)
    data = path.read_bytes()
    problems = leadcomp.validate(data)  # also the warm-up: caches are built here
    if problems:
        raise WorkloadError(f"the generated framework is not valid: {problems[:3]}")
    model = leadcomp.load(data)
    if len(model.competencies) != cfg.competencies:
        raise WorkloadError("load returned the wrong number of competencies")
    del model
    json.loads(data)
    progress(f"{name}: timing {cfg.repeats} interleaved repeats")
    times = best_of(
        {
            "json": lambda: json.loads(data),
            "validate": lambda: leadcomp.validate(data),
            "load": lambda: leadcomp.load(data),
        },
        cfg.repeats,
        cfg.budget,
    )
    progress(f"{name}: peak memory")
    file = str(path)
    base_kb = peak_kb(python_code(_JSON_LOADS_FILE, file))
    for call in ("validate", "load"):
        code = f"import leadcomp, sys; leadcomp.{call}(open(sys.argv[1], 'rb').read())"
        report.row(
            Row(
                name, f"leadcomp.{call}(bytes)", "json.loads(bytes)", times[call], times["json"],
                goal=4.0 if call == "validate" else None,
                subject_kb=peak_kb(python_code(code, file)), baseline_kb=base_kb,
            )
        )
    report.note(name, f"{cfg.competencies:,} competencies, {len(data) / 1e6:.2f} MB")


@workload(
    "validate-10k-cli",
    "`leadcomp validate FILE` as a process, against `check-jsonschema --schemafile` (the schema "
    "bundled into one file) and against a process that only runs json.loads on the file",
)
def validate_10k_cli(cfg: Config, report: Report) -> None:
    name = "validate-10k-cli"
    path = framework_input(cfg, name)
    file = str(path)
    ours = [*leadcomp_command(), "validate", file]
    floor = python_code(_JSON_LOADS_FILE, file)
    progress(f"{name}: peak memory (also the warm-up and the check of exit statuses)")
    commands = {"ours": ours, "json": floor}
    peaks = {"ours": peak_kb(ours), "json": peak_kb(floor)}
    tool = executable("check-jsonschema")
    if tool is None:
        report.note(name, "check-jsonschema is not installed (pip install 'leadcomp[bench]')")
    else:
        schema = bundled_schema()
        check_jsonschema_works(tool, schema)
        commands["theirs"] = [tool, "--schemafile", str(schema), file]
        peaks["theirs"] = peak_kb(commands["theirs"])
    progress(f"{name}: timing up to {cfg.spawns} interleaved repeats")
    times = best_of(
        {key: spawner(argv) for key, argv in commands.items()}, cfg.spawns, cfg.budget
    )
    if "theirs" in times:
        report.row(
            Row(
                name, "leadcomp validate FILE", "check-jsonschema FILE", times["ours"],
                times["theirs"], goal=0.2, subject_kb=peaks["ours"], baseline_kb=peaks["theirs"],
            )
        )
    report.row(
        Row(
            name, "leadcomp validate FILE", "python -c json.loads(FILE)", times["ours"],
            times["json"], subject_kb=peaks["ours"], baseline_kb=peaks["json"],
        )
    )
    report.note(name, f"{cfg.competencies:,} competencies, {path.stat().st_size / 1e6:.2f} MB")


@workload(
    "startup",
    "`leadcomp --version` and `leadcomp --help` as processes, against `check-jsonschema "
    "--version` and against `python -c pass`",
)
def startup(cfg: Config, report: Report) -> None:
    name = "startup"
    leadcomp = leadcomp_command()
    commands = {
        "leadcomp --version": [*leadcomp, "--version"],
        "leadcomp --help": [*leadcomp, "--help"],
        "python -c pass": [sys.executable, "-c", "pass"],
    }
    tool = executable("check-jsonschema")
    if tool is None:
        report.note(name, "check-jsonschema is not installed (pip install 'leadcomp[bench]')")
    else:
        commands["check-jsonschema --version"] = [tool, "--version"]
    peaks = {label: peak_kb(argv) for label, argv in commands.items()}  # and the warm-up
    progress(f"{name}: timing {cfg.startups} interleaved repeats")
    times = best_of(
        {label: spawner(argv) for label, argv in commands.items()}, cfg.startups, cfg.budget
    )
    baselines = [("check-jsonschema --version", 0.3), ("python -c pass", None)]
    for baseline, goal in baselines:
        if baseline not in times:
            continue
        for subject in ("leadcomp --version", "leadcomp --help"):
            report.row(
                Row(
                    name, subject, baseline, times[subject], times[baseline], goal=goal,
                    subject_kb=peaks[subject], baseline_kb=peaks[baseline],
                )
            )


#: What authors wait for: a small file validated (a framework, and a role checked against the
#: built-in it names), and the README's gap command, with their goals against
#: ``check-jsonschema --version``.
_AUTHOR_COMMANDS = {
    "validate a small framework": (
        ["validate", str(ROOT / "examples" / "team-leadership.framework.yaml")], 0.5,
    ),
    "validate a role against hlm": (
        ["validate", str(ROOT / "examples" / "ward-manager.role.yaml")], 0.5,
    ),
    "the README's gap command": (
        ["gap", str(ROOT / "examples" / "clinical-fellow-360.assessment.yaml"), "--role",
         "pcn-clinical-director"],
        1.0,
    ),
}


@workload(
    "author",
    "what framework authors wait for: `leadcomp validate` of a small file and the README's "
    "gap command, as processes, against `check-jsonschema --version`",
)
def author(cfg: Config, report: Report) -> None:
    name = "author"
    tool = executable("check-jsonschema")
    if tool is None:
        report.note(name, "check-jsonschema is not installed (pip install 'leadcomp[bench]')")
        return
    leadcomp = leadcomp_command()
    commands = {"check-jsonschema --version": [tool, "--version"]}
    for label, (argv, _goal) in _AUTHOR_COMMANDS.items():
        commands[label] = [*leadcomp, *argv]
    for argv in commands.values():
        check(argv)  # the warm-up, which also writes the bytecode
    progress(f"{name}: timing {cfg.startups} interleaved repeats")
    times = best_of(
        {label: spawner(argv) for label, argv in commands.items()}, cfg.startups, cfg.budget
    )
    for label, (_argv, goal) in _AUTHOR_COMMANDS.items():
        report.row(
            Row(
                name, label, "check-jsonschema --version", times[label],
                times["check-jsonschema --version"], goal=goal,
            )
        )


@workload(
    "per-person",
    "`leadcomp report COHORT.jsonl --per-person` on the example cohort (12 people): its time per "
    "person against one `leadcomp report` process for one person (goal <= 0.2: templates are "
    "compiled once per run)",
)
def per_person(cfg: Config, report: Report) -> None:
    name = "per-person"
    cohort = ROOT / "examples" / "clinical-fellows-2025.assessments.jsonl"
    lines = [line for line in cohort.read_text("utf-8").splitlines() if line.strip()]
    work = generate.DATA / "per-person"
    work.mkdir(parents=True, exist_ok=True)
    one = work / "one.assessment.json"
    one.write_text(lines[0] + "\n", "utf-8")
    leadcomp = leadcomp_command()
    commands = {
        "per-person": [*leadcomp, "report", str(cohort), "--role", "clinical-fellow",
                       "--per-person", "-o", str(work / "pages"), "--force"],
        "one": [*leadcomp, "report", str(one), "--role", "clinical-fellow",
                "-o", str(work / "one.html"), "--force"],
    }
    for argv in commands.values():
        check(argv)  # the warm-up, which also writes the bytecode
    progress(f"{name}: timing {cfg.spawns} interleaved repeats")
    times = best_of(
        {label: spawner(argv) for label, argv in commands.items()}, cfg.spawns, cfg.budget
    )
    report.row(
        Row(
            name, f"report --per-person, per person ({len(lines)} people)",
            "leadcomp report, one person", times["per-person"] / len(lines), times["one"],
            goal=0.2,
        )
    )


_JSON_LOADS_LINES = (
    "import json, sys\nwith open(sys.argv[1], 'rb') as f:\n    for line in f:\n"
    "        json.loads(line)"
)


def cohort_inputs(size: int, name: str) -> tuple[Path, Path]:
    """The cohort framework and a generated cohort of ``size`` assessments (written once)."""
    framework = generate.cohort_framework_file()
    if not generate.cohort_path(size).exists():
        progress(f"{name}: generating a cohort of {size:,} assessments (once; cached)")
    path = generate.cohort_file(size)
    progress(f"{name}: input {path.name} ({path.stat().st_size / 1e6:.0f} MB)")
    return framework, path


def score_command(path: Path, framework: Path, jobs: int) -> list[str]:
    return [
        *leadcomp_command(), "score", str(path), "--framework", str(framework), "-o", "jsonl",
        "--jobs", str(jobs),
    ]


# leadcomp's command line as if the fast extra (orjson) were not installed
_WITHOUT_ORJSON = (
    "import sys\nsys.modules['orjson'] = None  # import orjson now fails\n"
    "from leadcomp.cli import main\nsys.exit(main())"
)


def json_codec() -> str:
    """Which JSON codec leadcomp's scoring stream uses here, in words."""
    try:
        import orjson
    except ImportError:
        return "the standard library's JSON (orjson, the fast extra, is not installed)"
    return f"orjson {orjson.__version__} (the fast extra) for JSON Lines"


def check_against_pandas(path: Path, framework: Path, lines: int = 300) -> None:
    """Guard the pandas baseline: on the first lines, its means per subject, competency and
    group are the ones leadcomp shows (for every group leadcomp shows, with the same n)."""
    import pandas_baseline

    import leadcomp
    from leadcomp.scoring._stream import score_lines

    sample = generate.DATA / "cohort.sample.jsonl"
    with open(path, "rb") as source:
        head = [next(source) for _ in range(lines)]
    sample.write_bytes(b"".join(head))
    table = pandas_baseline.score(str(sample), str(framework))
    model = leadcomp.load(framework, kind="framework")
    compared = 0
    for text, problems in score_lines(
        enumerate(head, 1), model, leadcomp.DEFAULT_POLICY, file=str(sample)
    ):
        if text is None:
            raise WorkloadError(f"leadcomp failed on the sample: {problems[:3]}")
        sheet = json.loads(text)
        for entry in sheet["competencies"]:
            shown = [(g["group"], g["score"]) for g in entry.get("groups", [])]
            if "all_others" in entry:
                shown.append(("all_others", entry["all_others"]))
            for group, found in shown:
                key = (sheet["subject"], entry["competency"], group)
                theirs = table.loc[key]
                if int(theirs["count"]) != found["n"]:
                    continue  # leadcomp left a withheld group out of all others
                if not math.isclose(theirs["mean"], found["mean"], rel_tol=1e-9):
                    raise WorkloadError(f"pandas and leadcomp disagree at {key}")
                compared += 1
    if compared < lines:
        raise WorkloadError(f"only {compared} means could be compared with pandas")


@workload(
    "score-10k",
    "`leadcomp score COHORT.jsonl -o jsonl` (--jobs 1 and --jobs 2) as a process on a generated "
    "cohort of 10,000 360 assessments (9 competencies x 5 indicators, 8 raters), against a "
    "process that runs json.loads on every line and against bench/pandas_baseline.py",
)
def score_10k(cfg: Config, report: Report) -> None:
    name = "score-10k"
    framework, path = cohort_inputs(cfg.cohort, name)
    commands = {
        "jobs 1": score_command(path, framework, 1),
        "jobs 2": score_command(path, framework, 2),
        "json": python_code(_JSON_LOADS_LINES, str(path)),
    }
    codec = json_codec()
    if codec.startswith("orjson"):
        commands["jobs 2, no orjson"] = python_code(
            _WITHOUT_ORJSON, *score_command(path, framework, 2)[1:]
        )
    try:
        import pandas  # noqa: F401
    except ImportError:
        report.note(name, "pandas is not installed (pip install 'leadcomp[bench]')")
    else:
        check_against_pandas(path, framework)
        commands["pandas"] = [
            sys.executable, str(BENCH / "pandas_baseline.py"), str(path), str(framework),
            os.devnull,
        ]
    progress(f"{name}: peak memory (also the warm-up and the check of exit statuses)")
    peaks = {key: peak_kb(argv) for key, argv in commands.items()}
    progress(f"{name}: timing up to {cfg.spawns} interleaved repeats")
    times = best_of(
        {key: spawner(argv) for key, argv in commands.items()}, cfg.spawns, cfg.budget
    )
    labels = {"json": "json.loads of each line", "pandas": "pandas_baseline.py"}
    for baseline, goal in (("json", 3.0), ("pandas", 0.5)):
        if baseline not in times:
            continue
        for jobs in ("jobs 1", "jobs 2"):
            report.row(
                Row(
                    name, f"leadcomp score --{jobs}", labels[baseline],
                    times[jobs], times[baseline], goal=goal, subject_kb=peaks[jobs],
                    baseline_kb=peaks[baseline],
                )
            )
        if "jobs 2, no orjson" in times:
            report.row(
                Row(
                    name, "leadcomp score --jobs 2, without orjson", labels[baseline],
                    times["jobs 2, no orjson"], times[baseline], goal=None,
                    subject_kb=peaks["jobs 2, no orjson"], baseline_kb=peaks[baseline],
                )
            )
    report.note(
        name, f"{cfg.cohort:,} assessments, {path.stat().st_size / 1e6:.0f} MB; {codec}"
    )


# As _LAUNCHER, also reporting the CPU time (user + system) of the command and its children.
_CPU_LAUNCHER = _LAUNCHER.replace(
    "print(usage.ru_maxrss)", "print(usage.ru_maxrss, usage.ru_utime + usage.ru_stime)"
)


def timed_peak(argv: Sequence[str]) -> tuple[float, float, int]:
    """The wall time, the CPU time (with its worker processes) and the peak resident set size
    (KiB) of one run of a command."""
    args = list(argv)
    args[0] = shutil.which(args[0]) or args[0]
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-I", "-S", "-c", _CPU_LAUNCHER, *args],
        capture_output=True, text=True, check=False, env=CHILD_ENV,
    )
    wall = time.perf_counter() - start
    if done.returncode != 0:
        check(args)  # again without the launcher, to show what the command printed
        raise WorkloadError(f"{' '.join(args)} exited with {done.returncode}")
    kb, cpu = done.stdout.split()[-2:]
    return wall, float(cpu), int(kb)


@workload(
    "score-100k",
    "`leadcomp score --jobs 2` on a cohort of 100,000 assessments against the same on 10,000: "
    "time (goal <= 11x) and peak memory (goal <= 1.2x: the stream runs in constant memory)",
)
def score_100k(cfg: Config, report: Report) -> None:
    name = "score-100k"
    framework, small = cohort_inputs(cfg.cohort, name)
    _, large = cohort_inputs(cfg.cohort_large, name)
    commands = {
        "small": score_command(small, framework, 2),
        "large": score_command(large, framework, 2),
    }
    times = dict.fromkeys(commands, math.inf)
    cpus = dict.fromkeys(commands, math.inf)
    peaks = dict.fromkeys(commands, 0)
    spent = dict.fromkeys(commands, 0.0)
    progress(f"{name}: timing and peak memory, up to {cfg.spawns} interleaved repeats")
    # Both sizes get the same number of repeats (at least two), so that neither has the better
    # odds of a quiet moment: the best of five small runs against one large run would favour
    # the small one by the machine's noise. The budget ends the rounds for both at once.
    for round_ in range(cfg.spawns):
        if round_ >= 2 and max(spent.values()) >= cfg.budget:
            break
        order = list(commands) if round_ % 2 == 0 else list(reversed(commands))
        for key in order:
            seconds, cpu, kb = timed_peak(commands[key])
            times[key] = min(times[key], seconds)
            cpus[key] = min(cpus[key], cpu)
            peaks[key] = max(peaks[key], kb)
            spent[key] += seconds
    sizes = f"{cfg.cohort_large:,} vs {cfg.cohort:,} assessments"
    report.row(
        Row(
            name, f"leadcomp score --jobs 2 ({cfg.cohort_large:,})",
            f"the same on {cfg.cohort:,}", times["large"], times["small"], goal=11.0,
            subject_kb=peaks["large"], baseline_kb=peaks["small"],
        )
    )
    report.row(
        Row(
            name, f"CPU time, workers too ({cfg.cohort_large:,})", f"CPU time ({cfg.cohort:,})",
            cpus["large"], cpus["small"],
        )
    )
    report.row(
        Row(
            name, f"peak RSS ({cfg.cohort_large:,})", f"peak RSS ({cfg.cohort:,})",
            peaks["large"], peaks["small"], goal=1.2, unit="KiB",
            subject_kb=peaks["large"], baseline_kb=peaks["small"],
        )
    )
    report.note(name, sizes)


@workload(
    "score-jobs2",
    "`leadcomp score --jobs 2` against `--jobs 1` on the 10,000-assessment cohort "
    "(goal: at least 1.6x faster on two cores, a ratio of at most 0.625)",
)
def score_jobs2(cfg: Config, report: Report) -> None:
    name = "score-jobs2"
    framework, path = cohort_inputs(cfg.cohort, name)
    commands = {jobs: score_command(path, framework, jobs) for jobs in (1, 2)}
    peaks = {jobs: peak_kb(argv) for jobs, argv in commands.items()}
    progress(f"{name}: timing up to {cfg.spawns} interleaved repeats")
    times = best_of(
        {str(jobs): spawner(argv) for jobs, argv in commands.items()}, cfg.spawns, cfg.budget
    )
    report.row(
        Row(
            name, "leadcomp score --jobs 2", "leadcomp score --jobs 1", times["2"], times["1"],
            goal=1 / 1.6, subject_kb=peaks[2], baseline_kb=peaks[1],
        )
    )
    report.note(name, f"{cfg.cohort:,} assessments on {os.cpu_count()} CPUs")


@workload(
    "case-import",
    "import of a CASE package (OpenSALT's 703-item math_cfs_sample.json from ../shared/corpus, "
    "and a generated 70,000-item package) against json.loads of the same bytes (goal <= 5x), "
    "and per-item time at 70,000 over 7,000 items (linear: near 1)",
)
def case_import(cfg: Config, report: Report) -> None:
    import case_workload

    name = "case-import"
    progress(f"{name}: timing")
    figures = case_workload.measure(quick=cfg.quick)
    if "math_cfs_703_ratio" in figures:
        seconds = figures["math_cfs_703_seconds"]
        report.row(
            Row(
                name, "read_case(math_cfs_sample.json)", "json.loads(same bytes)", seconds,
                seconds / figures["math_cfs_703_ratio"], goal=5.0,
            )
        )
    else:
        report.note(name, "../shared/corpus is absent: the math_cfs_sample.json row is skipped")
    items = 7_000 if cfg.quick else 70_000
    seconds = figures[f"generated_{items}_seconds"]
    report.row(
        Row(
            name, f"read_case({items:,} items)", "json.loads(same bytes)", seconds,
            seconds / figures[f"generated_{items}_ratio"], goal=5.0,
        )
    )
    report.note(
        name,
        f"{items:,}-item package, {figures[f'generated_{items}_megabytes']:.0f} MB; per-item "
        f"time at {items:,} over {items // 10:,} items: {figures['linearity']:.2f}",
    )


@workload(
    "diff",
    "leadcomp.diff of two 100,000-competency framework versions with 1% changes against the "
    "same on 10,000 (goal: at most 12x the time for 10x the size)",
)
def diff_scaling(cfg: Config, report: Report) -> None:
    import diff_workload

    name = "diff"
    progress(f"{name}: timing")
    figures = diff_workload.measure(quick=cfg.quick)
    small, large = int(figures["small_size"]), int(figures["large_size"])
    report.row(
        Row(
            name, f"diff({large:,} competencies)", f"diff({small:,} competencies)",
            figures["large_seconds"], figures["small_seconds"], goal=12.0,
        )
    )
    report.note(
        name,
        f"{int(figures['large_changes']):,} and {int(figures['small_changes']):,} changes found",
    )


@workload(
    "linear",
    "work that must grow linearly: leadcomp.validate of a framework with 4,000 unknown parents "
    "and of an assessment with 4,000 ratings by unknown raters, and read_moodle of leadcomp's "
    "own export of 4,000 competencies, each against the same at 1,000 (goal: at most 5x the "
    "time for 4x the size; quadratic work would give near 16x)",
)
def linear_scaling(cfg: Config, report: Report) -> None:
    import scaling_workload as sw

    name = "linear"
    small = 250 if cfg.quick else 1_000
    large = 4 * small
    sw.check(small)
    cases = [
        ("validate", "unknown parents", sw.unknown_parents),
        ("validate", "unknown raters", sw.unknown_raters),
        ("read_moodle", "leadcomp's export", sw.moodle_export),
    ]
    for call, what, make in cases:
        progress(f"{name}: timing {call} with {what}")
        run = leadcomp_call(call)
        inputs = {size: make(size) for size in (small, large)}
        for value in inputs.values():
            run(value)  # warm
        times = best_of(
            {str(size): (lambda v=value, f=run: f(v)) for size, value in inputs.items()},
            cfg.repeats, cfg.budget,
        )
        report.row(
            Row(
                name, f"{call}({large:,} {what})", f"{call}({small:,} {what})",
                times[str(large)], times[str(small)], goal=5.0,
            )
        )


def leadcomp_call(name: str) -> Callable[[object], object]:
    import leadcomp

    function: Callable[[object], object] = getattr(leadcomp, name)
    return function


# ---------------------------------------------------------------------------------------------
# Output


def machine() -> str:
    import leadcomp

    return (
        f"{datetime.date.today().isoformat()} | {platform.platform()} | "
        f"{os.cpu_count()} CPUs ({platform.machine()}) | "
        f"{platform.python_implementation()} {platform.python_version()} | "
        f"leadcomp {leadcomp.__version__}"
    )


def _seconds(value: float) -> str:
    if value >= 10:
        return f"{value:.1f} s"
    if value >= 1:
        return f"{value:.2f} s"
    return f"{value * 1000:.1f} ms" if value < 0.1 else f"{value * 1000:.0f} ms"


def _mb(kb: int | None) -> str:
    return "?" if kb is None else f"{kb / 1024:.0f}"


HEADERS = (
    "workload", "measured", "baseline", "time", "baseline time", "ratio", "goal", "ok?",
    "peak RSS MB (measured / baseline)",
)


def cells(row: Row) -> tuple[str, ...]:
    goal = "-" if row.goal is None else f"<= {row.goal:g}x"
    ok = "-" if row.ok is None else ("ok" if row.ok else "MISSED")
    show = _seconds if row.unit == "s" else (lambda kb: f"{_mb(int(kb))} MB")
    return (
        row.workload, row.subject, row.baseline, show(row.subject_s),
        show(row.baseline_s), f"{row.ratio:.2f}x" if row.ratio >= 0.1 else f"{row.ratio:.3f}x",
        goal, ok,
        f"{_mb(row.subject_kb)} / {_mb(row.baseline_kb)}",
    )


def table(rows: list[Row], markdown: bool) -> str:
    body = [cells(row) for row in rows]
    if markdown:
        lines = ["| " + " | ".join(HEADERS) + " |", "|" + "---|" * len(HEADERS)]
        lines += ["| " + " | ".join(line) + " |" for line in body]
        return "\n".join(lines)
    widths = [max(len(line[i]) for line in [HEADERS, *body]) for i in range(len(HEADERS))]
    numeric = {3, 4, 5}

    def fmt(line: Sequence[str]) -> str:
        return "  ".join(
            cell.rjust(width) if i in numeric else cell.ljust(width)
            for i, (cell, width) in enumerate(zip(line, widths, strict=True))
        ).rstrip()

    return "\n".join([fmt(HEADERS), fmt(["-" * w for w in widths]), *map(fmt, body)])


# ---------------------------------------------------------------------------------------------
# The command


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Run the leadcomp benchmarks (ratios against same-run baselines).",
    )
    parser.add_argument(
        "--quick", action="store_true", help="small inputs and few repeats (seconds, not minutes)"
    )
    parser.add_argument(
        "--only", metavar="NAME", help="run only these workloads (comma-separated names)"
    )
    parser.add_argument("--repeats", type=int, metavar="N", help="repeats of every measurement")
    parser.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    parser.add_argument("--list", action="store_true", help="list the workloads and stop")
    args = parser.parse_args(argv)

    if args.list:
        for item in WORKLOADS.values():
            print(f"{item.name}: {item.about}")
        return 0
    chosen = list(WORKLOADS)
    if args.only:
        chosen = [name.strip() for name in args.only.split(",") if name.strip()]
        unknown = [name for name in chosen if name not in WORKLOADS]
        if unknown:
            parser.error(f"unknown workload {', '.join(unknown)}; known: {', '.join(WORKLOADS)}")
    cfg = QUICK if args.quick else FULL
    if args.repeats:
        n = max(1, args.repeats)
        cfg = Config(
            cfg.quick, cfg.competencies, n, n, n, cfg.budget, cfg.cohort, cfg.cohort_large
        )

    print(f"machine: {machine()}")
    print(
        f"run: {'quick' if cfg.quick else 'full'}; best of {cfg.repeats} (in process), "
        f"{cfg.spawns} (processes), {cfg.startups} (start-up); a row's rounds stop once one of "
        f"its candidates has spent {cfg.budget:g} s"
    )
    sys.stdout.flush()
    report = Report()
    started = time.perf_counter()
    for name in chosen:
        print(f"{name} ...", file=sys.stderr, flush=True)
        try:
            WORKLOADS[name].run(cfg, report)
        except Exception:
            report.failed.append(name)
            print(f"{name} FAILED:", file=sys.stderr)
            traceback.print_exc()
    print()
    if report.rows:
        print(table(report.rows, args.markdown))
    for text in report.notes:
        print(f"note: {text}")
    missed = [row for row in report.rows if row.ok is False]
    print(
        f"\n{len(report.rows)} rows, {sum(1 for r in report.rows if r.ok)} goals met, "
        f"{len(missed)} missed; {time.perf_counter() - started:.0f} s"
    )
    if report.failed:
        print(f"workloads that failed to run: {', '.join(report.failed)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
