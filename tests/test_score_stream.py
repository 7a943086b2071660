"""Scoring JSON Lines as a stream: the plain-data path agrees with ``score(model)``, its fast
acceptance path never accepts what the reference path refuses, worker processes change no byte,
and the stream reads only a bounded number of lines ahead of what it has written."""

from __future__ import annotations

import contextlib
import errno
import io
import json
import math
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from unittest import mock

import attrs
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

import leadcomp
import leadcomp.scoring._stream as _stream
from leadcomp.cli import main
from leadcomp.model import Assessment, Framework, ScoringPolicy
from leadcomp.problems import Problem
from leadcomp.read._jsonl import spans
from leadcomp.scoring import score
from leadcomp.scoring._stream import Chunk, Job, score_file, score_lines
from profiles import scaled
from scoring_strategies import (
    PIN_FRAMEWORK,
    cohort,
    pin_assessment,
    policies,
    scoring_assessments,
    scoring_frameworks,
)


@contextlib.contextmanager
def standard_json() -> Iterator[None]:
    """The scoring stream's JSON codec is the standard library's meanwhile."""
    import leadcomp.read._codec as _json_lines

    with mock.patch.multiple(
        _json_lines, read=_json_lines.read_standard, write=_json_lines.write_standard
    ):
        yield


def line_of(assessment: Assessment) -> bytes:
    return (leadcomp.dumps(assessment, compact=True) + "\n").encode()


@st.composite
def cases(draw: st.DrawFn) -> tuple[Framework, Assessment, ScoringPolicy]:
    framework = draw(scoring_frameworks())
    assessment = draw(scoring_assessments(framework))
    policy = draw(policies())
    if draw(st.booleans()):
        policy = attrs.evolve(policy, require_self=True)
    return framework, assessment, policy


@settings(scaled(2), suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(case=cases())
def test_the_plain_path_and_score_of_the_model_give_the_same_sheet(
    case: tuple[Framework, Assessment, ScoringPolicy],
) -> None:
    framework, assessment, policy = case
    job = Job(framework, policy, "jsonl")
    text, problems = job.line("cohort.jsonl", 3, line_of(assessment))
    if policy.require_self and not any(r.group == "self" for r in assessment.raters):
        # the only way a generated assessment can fail
        with pytest.raises(leadcomp.InvalidDocument, match="self rater"):
            score(assessment, framework, policy)
        assert text is None
        assert {p.code for p in problems} == {"missing-self"}
        assert {(p.file, p.line) for p in problems} == {("cohort.jsonl", 3)}
        return
    expected = score(assessment, framework, policy)
    assert problems == ()
    assert text == (leadcomp.dumps(expected, compact=True) + "\n").encode("utf-8")
    with standard_json():  # the same text without the fast extra
        assert job.line("cohort.jsonl", 3, line_of(assessment)) == (text, ())
    assert leadcomp.load(text, kind="scoresheet") == expected
    # the fast path and the reference path read the same responses
    fast = job.read(line_of(assessment))
    reference, found = job.reference(line_of(assessment))
    assert found == []
    assert fast is None or fast == reference


def _mutations(document: dict[str, object]) -> list[str]:
    """Texts of the document with one thing wrong (or merely written differently)."""
    compact = json.dumps(document, separators=(",", ":"), ensure_ascii=False)
    ratings: list[dict[str, object]] = document["ratings"]  # type: ignore[assignment]
    raters: list[dict[str, object]] = document["raters"]  # type: ignore[assignment]
    out = [
        compact.replace('"subject":', '"subject":"x","subject":', 1),
        compact.replace(": ", ":").replace(",", ", "),
        json.dumps(document),  # spaces after separators
        json.dumps(document, ensure_ascii=True).replace('"a1"', '"\\u0061\\u0031"'),
        compact.replace('"kind":"assessment"', '"kind":"assessment","extensions":{}'),
        compact.replace('"format":"1.0"', '"format":"1.1"'),
        "\ufeff" + compact,
        compact + " x",
        json.dumps({**document, "date": "2024-02-30"}),
        json.dumps({**document, "date": "2024-02-03"}),
        json.dumps({**document, "id": None}),
        json.dumps({**document, "subject": "bad id!"}),
        json.dumps({**document, "framework": "other@1.0.0"}),
        json.dumps([document]),
    ]
    if raters:
        first = raters[0]
        out.append(json.dumps({**document, "raters": [*raters, first]}))
        out.append(json.dumps({**document, "raters": [{**first, "group": "boss"}, *raters[1:]]}))
        out.append(json.dumps({**document, "raters": [{**first, "id": "a b"}, *raters[1:]]}))
        out.append(json.dumps({**document, "raters": [{**first, "x": 1}, *raters[1:]]}))
        out.append(
            json.dumps({**document, "raters": [*raters, {"id": "second-self", "group": "self"}]})
        )
        out.append(json.dumps({**document, "raters": [r for r in raters if r["group"] != "self"]}))
    if ratings:
        first_rating = ratings[0]
        variants: list[dict[str, object]] = [
            {**first_rating, "value": 99},
            {**first_rating, "value": None},
            {**first_rating, "value": 2.0},
            {**first_rating, "value": True},
            {**first_rating, "value": "3"},
            {**first_rating, "item": "nowhere"},
            {**first_rating, "item": ["c0.0"]},
            {**first_rating, "rater": "stranger"},
            {**first_rating, "rater": {"id": 1}},
            {**first_rating, "comment": ""},
            {**first_rating, "comment": "with: a colon"},
            {**first_rating, "note": "x"},
        ]
        for variant in variants:
            out.append(json.dumps({**document, "ratings": [variant, *ratings[1:]]}))
        out.append(json.dumps({**document, "ratings": [*ratings, first_rating]}))
        out.append(json.dumps({**document, "ratings": ratings[::2] + ratings[1::2]}))
        out.append(json.dumps({**document, "ratings": ["x", *ratings[1:]]}))
        # whole runs of one rater's ratings: repeated, taken by a stranger, moved to the end
        run = [r for r in ratings if r["rater"] == first_rating["rater"]]
        rest = [r for r in ratings if r["rater"] != first_rating["rater"]]
        out.append(json.dumps({**document, "ratings": [*ratings, *run]}))
        out.append(json.dumps({**document, "ratings": [*ratings, *run[::-1]]}))
        stranger = [{**r, "rater": "stranger"} for r in run]
        out.append(json.dumps({**document, "ratings": [*stranger, *rest]}))
        out.append(json.dumps({**document, "ratings": [*rest, *run]}))
        out.append(json.dumps({**document, "ratings": [*rest, *run[1:], *run[:1]]}))
        out.append(compact.replace('"value":', '"value":1,"value":', 1))
        spaced = compact.replace('"rater":', '"rater" :', 1)
        out.append(spaced.replace('"item":', '"item":"x","item":', 1))
    return out


@settings(scaled(1), suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(case=cases())
def test_the_fast_path_never_accepts_what_the_reference_path_refuses(
    case: tuple[Framework, Assessment, ScoringPolicy],
) -> None:
    framework, assessment, policy = case
    job = Job(framework, policy, "jsonl")
    document = json.loads(line_of(assessment))
    for text in _mutations(document):
        data = text.encode("utf-8", "surrogatepass")
        fast = job.read(data)
        reference, problems = job.reference(data)
        if fast is not None:
            assert reference == fast, text
        if reference is None:
            assert fast is None, text
            assert any(p.is_error for p in problems), text


def test_a_line_that_only_the_reference_path_reads_is_still_scored() -> None:
    job = Job(PIN_FRAMEWORK, leadcomp.DEFAULT_POLICY, "jsonl")
    pretty = leadcomp.dumps(pin_assessment()).replace("\n", " ").encode()
    assert job.read(pretty) is not None
    escaped = pretty.replace(b'"subject-7"', b'"subject\\u002d7"')
    assert job.read(escaped) is None
    text, problems = job.line(None, 1, escaped)
    assert problems == ()
    assert text == (
        leadcomp.dumps(score(pin_assessment(), PIN_FRAMEWORK), compact=True) + "\n"
    ).encode("utf-8")


def write_cohort(path: Path) -> Path:
    lines = [leadcomp.dumps(a, compact=True) for a in cohort(23)]
    lines[4] = '{"kind": "assessment", "format": "1.0", oops'
    lines[9] = leadcomp.dumps(attrs.evolve(cohort(1)[0], framework="pin@2.0.0"), compact=True)
    lines.insert(15, "")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("output", ["jsonl", "json", "text"])
def test_jobs_2_gives_byte_identical_output_to_jobs_1(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, output: str
) -> None:
    framework = tmp_path / "pin.framework.json"
    leadcomp.dump(PIN_FRAMEWORK, framework)
    path = write_cohort(tmp_path / "cohort.jsonl")
    runs = []
    for jobs in ("1", "2"):
        status = main(
            ["score", str(path), "--framework", str(framework), "-o", output, "--jobs", jobs,
             "--chunksize", "3", "--policy", "merge"]
        )
        out, err = capsys.readouterr()
        runs.append((status, out, err))
    assert runs[0] == runs[1]
    status, out, err = runs[0]
    assert status == 1
    assert err.splitlines()[-1] == "21 of 23 assessments scored, 2 failed"
    assert f"{path}:5:" in err
    assert f"{path}:10:" in err


class Counted:
    """Lines handed out one at a time, counting how many have been taken."""

    def __init__(self, lines: list[bytes]) -> None:
        self.lines = lines
        self.taken = 0

    def __iter__(self) -> Iterator[tuple[int, bytes]]:
        for number, data in enumerate(self.lines, start=1):
            self.taken += 1
            yield number, data


@pytest.mark.parametrize(("jobs", "chunksize", "prefetch"), [(1, 4, None), (2, 3, 2)])
def test_the_stream_reads_a_bounded_number_of_lines_ahead(
    jobs: int, chunksize: int, prefetch: int | None
) -> None:
    lines = [line_of(a) for a in cohort(40)]
    source = Counted(lines)
    # in flight: the chunks submitted and not yet written, and the one being filled
    bound = ((prefetch or 0) + 1) * chunksize
    written = 0
    for text, problems in score_lines(
        source, PIN_FRAMEWORK, leadcomp.DEFAULT_POLICY, jobs=jobs, chunksize=chunksize,
        prefetch=prefetch,
    ):
        assert text is not None, problems
        written += 1
        assert source.taken - written <= bound
    assert written == source.taken == len(lines)


def test_score_lines_checks_its_arguments_and_inputs() -> None:
    with pytest.raises(ValueError, match="chunksize"):
        list(score_lines([], PIN_FRAMEWORK, leadcomp.DEFAULT_POLICY, chunksize=0))
    bad = attrs.evolve(leadcomp.DEFAULT_POLICY, merge=attrs.evolve(
        leadcomp.DEFAULT_POLICY.merge, into="self"
    ))
    with pytest.raises(leadcomp.InvalidDocument):
        list(score_lines([], PIN_FRAMEWORK, bad))


@settings(scaled(3), deadline=None)
@given(
    rows=st.integers(2, 9).flatmap(
        lambda k: st.lists(
            st.lists(st.none() | st.integers(1, 5).map(float), min_size=k, max_size=k),
            min_size=1, max_size=9,
        )
    ),
    whole=st.booleans(),
)
def test_the_kernels_reliability_is_the_statistics_of_leadcomp_stats(
    rows: list[list[float | None]], whole: bool
) -> None:
    from leadcomp import stats
    from leadcomp.scoring._kernel.reliability import reliability

    alpha, agreement = reliability(rows, 1.0, 5.0, 5, 0.95, 5.0 if whole else None)
    try:
        expected = stats.cronbach_alpha(rows) if len(rows) >= 3 else None
    except ValueError:
        expected = None
    if expected is None:
        assert alpha is None
    else:
        assert alpha is not None
        assert alpha["value"] == pytest.approx(expected.value, rel=1e-12, abs=1e-12)
        assert alpha["ci"] == pytest.approx(list(expected.ci), rel=1e-12, abs=1e-12)
    complete = [row for row in rows if None not in row]
    if len(complete) < 2:
        assert agreement is None
    else:
        assert agreement is not None
        assert agreement["value"] == pytest.approx(stats.rwg_j(complete, 5).value, abs=1e-12)


def test_a_sheet_is_checked_before_it_is_written() -> None:
    from leadcomp.scoring._kernel.sheet import sheet_data

    job = Job(PIN_FRAMEWORK, leadcomp.DEFAULT_POLICY, "jsonl")
    responses = job.read(line_of(pin_assessment()))
    assert responses is not None
    sheet = sheet_data(responses, job.prepared)
    unshaped = {**sheet, "competencies": [{**sheet["competencies"][0], "colour": "red"}]}
    with pytest.raises(leadcomp.InvalidDocument) as raised:
        job.render(unshaped)
    assert raised.value.problems[0].code == "unknown-field"
    inverted = json.loads(json.dumps(sheet))
    score_data = inverted["competencies"][1]["all_others"]
    score_data["min"], score_data["max"] = score_data["max"], score_data["min"]
    with pytest.raises(leadcomp.InvalidDocument, match="lies outside min"):
        job.render(inverted)
    reversed_ci = json.loads(json.dumps(sheet))
    group_score = reversed_ci["competencies"][1]["groups"][-1]["score"]
    group_score["ci"].reverse()
    assert group_score["ci"][0] > group_score["ci"][1]
    with pytest.raises(leadcomp.InvalidDocument, match="low end") as raised:
        job.render(reversed_ci)
    assert raised.value.problems[0].path == "$.competencies[1].groups[1].score.ci"
    not_a_number = json.loads(json.dumps(sheet))
    not_a_number["competencies"][1]["coverage"] = math.nan
    with pytest.raises(leadcomp.InvalidDocument) as raised:
        job.render(not_a_number)
    assert raised.value.problems[0].code == "non-finite-number"


def _float_places(data: object, path: tuple[object, ...] = ()) -> Iterator[tuple[object, ...]]:
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _float_places(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _float_places(value, (*path, index))
    elif type(data) is float:
        yield path


@pytest.mark.parametrize("codec", ["installed", "standard"])
@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf], ids=["nan", "inf", "-inf"])
def test_no_sheet_with_nan_or_an_infinity_anywhere_is_written(codec: str, bad: float) -> None:
    """orjson would write NaN as null: the checks before writing refuse it everywhere, as
    the standard library's encoder does."""
    from leadcomp.scoring._kernel.sheet import sheet_data

    job = Job(PIN_FRAMEWORK, leadcomp.DEFAULT_POLICY, "jsonl")
    responses = job.read(line_of(pin_assessment()))
    assert responses is not None
    sheet = sheet_data(responses, job.prepared)
    sheet["policy"] = {**sheet["policy"], "extensions": {"x": [1.5]}}
    places = list(_float_places(sheet))
    assert len(places) > 50
    with standard_json() if codec == "standard" else contextlib.nullcontext():
        assert job.render(sheet).startswith(b"{")
        for place in places:
            broken = json.loads(json.dumps(sheet))
            parent = broken
            for key in place[:-1]:
                parent = parent[key]
            parent[place[-1]] = bad
            with pytest.raises(leadcomp.InvalidDocument) as raised:
                job.render(broken)
            assert "non-finite-number" in {p.code for p in raised.value.problems}, place


def test_an_integer_beyond_64_bits_takes_the_reference_path() -> None:
    """orjson reads it as a float, which the fast path never accepts."""
    job = Job(PIN_FRAMEWORK, leadcomp.DEFAULT_POLICY, "jsonl")
    line = line_of(pin_assessment())
    document = json.loads(line)
    document["ratings"][0]["value"] = 2**70
    big = json.dumps(document).encode()
    for context in (contextlib.nullcontext(), standard_json()):
        with context:
            assert job.read(big) is None
            text, problems = job.line("c.jsonl", 2, big)
            assert text is None
            assert problems
            assert all(p.line == 2 for p in problems)


def test_a_line_of_another_kind_or_unreadable_is_a_located_problem() -> None:
    job = Job(PIN_FRAMEWORK, leadcomp.DEFAULT_POLICY, "jsonl")
    policy = (leadcomp.dumps(leadcomp.DEFAULT_POLICY, compact=True) + "\n").encode()
    text, problems = job.line("c.jsonl", 7, policy)
    assert text is None
    assert [(p.code, p.file, p.line) for p in problems] == [("wrong-kind", "c.jsonl", 7)]
    text, problems = job.line("c.jsonl", 8, b"\xff\xfe{}\n")
    assert text is None
    assert [(p.code, p.line) for p in problems] == [("invalid-utf8", 8)]


def test_ratings_in_any_order_are_read_by_the_fast_path() -> None:
    job = Job(PIN_FRAMEWORK, leadcomp.DEFAULT_POLICY, "jsonl")
    document = json.loads(line_of(pin_assessment()))
    ratings = document["ratings"]
    mixed = json.dumps({**document, "ratings": ratings[::2] + ratings[1::2]}).encode()
    fast = job.read(mixed)
    assert fast is not None
    assert fast == job.read(line_of(pin_assessment()))
    twice = json.dumps({**document, "ratings": [*ratings[::2], ratings[0], *ratings[1::2]]})
    assert job.read(twice.encode()) is None


def test_an_unscorable_framework_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    huge = attrs.evolve(
        PIN_FRAMEWORK,
        scales=(
            attrs.evolve(
                PIN_FRAMEWORK.scales[0],
                levels=(
                    *PIN_FRAMEWORK.scales[0].levels[:-1],
                    attrs.evolve(PIN_FRAMEWORK.scales[0].levels[-1], value=10**13),
                ),
            ),
        ),
    )
    framework = tmp_path / "huge.framework.json"
    leadcomp.dump(huge, framework)
    path = tmp_path / "one.jsonl"
    path.write_bytes(line_of(pin_assessment()))
    status = main(["score", str(path), "--framework", str(framework), "-o", "jsonl"])
    out, err = capsys.readouterr()
    assert status == 2
    assert out == ""
    assert "unscorable-scale" in err
    assert "(the --framework file)" in err


@settings(scaled(1), suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(case=cases())
def test_try_score_many_over_json_gives_what_scoring_the_model_gives(
    case: tuple[Framework, Assessment, ScoringPolicy],
) -> None:
    """Bytes and lines of JSON Lines take the fast path where it is sure; every result is the
    one the model path gives, sheets and problems alike."""
    from leadcomp.read._jsonl import Line
    from leadcomp.scoring._batch import ScoreResult

    framework, assessment, policy = case
    document = json.loads(line_of(assessment))
    texts = [line_of(assessment).decode(), *_mutations(document)]
    datas = [text.encode("utf-8", "surrogatepass") for text in texts]
    lines = [Line(file="cohort.jsonl", number=n, data=d) for n, d in enumerate(datas, 1)]
    for items in (datas, lines):
        found = list(leadcomp.try_score_many(items, framework, policy))
        for result, item in zip(found, items, strict=True):
            data = item.data if isinstance(item, Line) else item
            try:
                model = leadcomp.load(data, kind="assessment")
                expected = ScoreResult(index=result.index, sheet=score(model, framework, policy))
            except leadcomp.InvalidDocument:
                assert not result.ok, data
                assert result.sheet is None, data
                assert result.problems, data
                continue
            assert result == expected, data


def test_try_score_many_reads_valid_json_lines_without_building_models(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import leadcomp.formats._dispatch as _api
    from leadcomp.read._jsonl import Line

    lines = [
        Line(file="c.jsonl", number=n, data=line_of(a)) for n, a in enumerate(cohort(5), 1)
    ]
    expected = [score(a, PIN_FRAMEWORK) for a in cohort(5)]

    def no_model(*args: object, **kwargs: object) -> None:
        raise AssertionError("the fast path should have read this line")

    monkeypatch.setattr(_api, "load", no_model)
    for items in (lines, [line.data for line in lines]):
        found = list(leadcomp.try_score_many(items, PIN_FRAMEWORK))
        assert [r.sheet for r in found] == expected
        assert list(leadcomp.score_many(items, PIN_FRAMEWORK)) == expected


def test_score_many_over_json_lines_stops_at_a_bad_line_with_its_place(tmp_path: Path) -> None:
    from leadcomp.read._jsonl import read_lines

    path = write_cohort(tmp_path / "cohort.jsonl")
    sheets = leadcomp.score_many(read_lines(path), PIN_FRAMEWORK)
    assert [next(sheets) for _ in range(4)] == [score(a, PIN_FRAMEWORK) for a in cohort(4)]
    with pytest.raises(leadcomp.InvalidDocument) as raised:
        next(sheets)
    assert {(p.file, p.line) for p in raised.value.problems} == {(str(path), 5)}


def chunk_outcomes(
    chunks: Iterator[Chunk], output: str = "jsonl"
) -> tuple[str, int, list[tuple[Problem, ...]]]:
    """The chunks' texts joined as the command line writes them, sheets and failures."""
    found = list(chunks)
    return (
        _stream.SEPARATORS[output].join(c.text for c in found if c.scored),
        sum(c.scored for c in found),
        [p for c in found for p in c.failed],
    )


@pytest.mark.parametrize("output", ["jsonl", "json", "text"])
def test_a_file_read_in_spans_by_workers_gives_what_one_process_gives(
    tmp_path: Path, output: Any
) -> None:
    path = str(write_cohort(tmp_path / "cohort.jsonl"))
    one = list(score_file(path, PIN_FRAMEWORK, leadcomp.DEFAULT_POLICY, output=output))
    assert len(one) == 1
    assert one[0].scored == 21
    assert [problems[0].line for problems in one[0].failed] == [5, 10]
    for chunksize in (1, 4, 64):
        two = score_file(
            path, PIN_FRAMEWORK, leadcomp.DEFAULT_POLICY, output=output, jobs=2,
            chunksize=chunksize,
        )
        assert chunk_outcomes(two, output) == (one[0].text, 21, list(one[0].failed))


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX thing")
def test_a_pipe_is_read_by_the_parent_and_scored_by_the_workers(tmp_path: Path) -> None:
    path = write_cohort(tmp_path / "cohort.jsonl")
    fifo = tmp_path / "cohort.fifo.jsonl"
    os.mkfifo(fifo)
    # (written by another process: workers forked from this one must not hold the pipe open)
    writer = subprocess.Popen(
        [sys.executable, "-c", "import pathlib, sys; p = pathlib.Path; p(sys.argv[2]).write_bytes("
         "p(sys.argv[1]).read_bytes())",
         str(path), str(fifo)]
    )
    try:
        text, scored, failed = chunk_outcomes(score_file(
            str(fifo), PIN_FRAMEWORK, leadcomp.DEFAULT_POLICY, jobs=2, chunksize=4
        ))
    finally:
        assert writer.wait(timeout=60) == 0
    (expected,) = score_file(str(path), PIN_FRAMEWORK, leadcomp.DEFAULT_POLICY)
    assert (text, scored) == (expected.text, expected.scored)
    assert [[evolve_file(p, str(path)) for p in ps] for ps in failed] == [
        list(ps) for ps in expected.failed
    ]


def evolve_file(p: Problem, file: str) -> Problem:
    return attrs.evolve(p, file=file)


def test_a_worker_refuses_a_span_of_a_file_that_was_replaced(tmp_path: Path) -> None:
    path = write_cohort(tmp_path / "cohort.jsonl")
    with open(path, "rb") as handle:
        identity = _stream._identity(handle)
        span = next(spans(handle, 4))
    _stream._start(PIN_FRAMEWORK, leadcomp.DEFAULT_POLICY, "jsonl")
    try:
        assert _stream._work_span(str(path), identity, span).scored == 4
        replaced = tmp_path / "new.jsonl"
        replaced.write_bytes(path.read_bytes())
        os.replace(replaced, path)
        with pytest.raises(OSError, match="replaced") as caught:
            _stream._work_span(str(path), identity, span)
        assert caught.value.filename == str(path)
        path.unlink()
        with pytest.raises(FileNotFoundError) as missing:
            _stream._work_span(str(path), identity, span)
        assert missing.value.filename == str(path)
    finally:
        _stream._job = None


def test_a_file_that_fails_while_read_is_unreadable_and_nothing_is_written(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    framework = tmp_path / "pin.framework.json"
    leadcomp.dump(PIN_FRAMEWORK, framework)
    path = write_cohort(tmp_path / "cohort.jsonl")
    real = _stream.numbered_lines

    def failing(*args: Any) -> Iterator[tuple[int, bytes]]:
        for number, data in real(*args):
            if number == 7:
                raise OSError(errno.EIO, "Input/output error")
            yield number, data

    monkeypatch.setattr(_stream, "numbered_lines", failing)
    out = tmp_path / "sheets.jsonl"
    status = main(
        ["score", str(path), "--framework", str(framework), "-o", "jsonl", "--chunksize", "2",
         "--output-file", str(out)]
    )
    assert status == 1
    assert capsys.readouterr().err.splitlines()[-1] == f"{path}: unreadable: Input/output error"
    assert not out.exists()
    assert {p.name for p in tmp_path.iterdir()} == {"pin.framework.json", "cohort.jsonl"}  # no
    # temporary file left


def test_standard_output_that_fails_is_unwritable(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    framework = tmp_path / "pin.framework.json"
    leadcomp.dump(PIN_FRAMEWORK, framework)
    path = write_cohort(tmp_path / "cohort.jsonl")

    class Full(io.StringIO):
        def write(self, text: str) -> int:
            raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(sys, "stdout", Full())
    status = main(["score", str(path), "--framework", str(framework), "-o", "jsonl"])
    assert status == 1
    assert capsys.readouterr().err.splitlines()[-1] == (
        "standard output: unwritable: No space left on device"
    )


def _score_places(sheet: dict[str, Any]) -> list[dict[str, Any]]:
    nodes = [sheet["overall"], *sheet["competencies"]]
    found = [node[name] for node in nodes for name in ("self", "all_others") if name in node]
    return found + [group["score"] for node in nodes for group in node.get("groups", ())]


@settings(scaled(3), deadline=None)
@given(
    place=st.integers(0, 10**6),
    figures=st.fixed_dictionaries(
        {},
        optional={
            key: st.floats(0.0, 6.0) | st.integers(0, 6)
            for key in ("min", "mean", "max", "ci_low", "ci_high")
        },
    ),
)
def test_the_sheet_acceptor_checks_the_figures_rules_as_score_problems_does(
    place: int, figures: dict[str, float]
) -> None:
    from leadcomp.scoring._kernel.sheet import sheet_data
    from leadcomp.validation._acceptor import acceptor
    from leadcomp.validation._scoring_rules import SCORE_RULES, score_problems

    job = Job(PIN_FRAMEWORK, leadcomp.DEFAULT_POLICY, "jsonl")
    responses = job.read(line_of(pin_assessment()))
    assert responses is not None
    sheet = json.loads(json.dumps(sheet_data(responses, job.prepared)))
    places = _score_places(sheet)
    score_data = places[place % len(places)]
    for key in ("min", "mean", "max"):
        if key in figures:
            score_data[key] = figures[key]
    if "ci" in score_data:
        score_data["ci"][0] = figures.get("ci_low", score_data["ci"][0])
        score_data["ci"][1] = figures.get("ci_high", score_data["ci"][1])
    plain = acceptor("scoresheet", 64)
    ruled = acceptor("scoresheet", 64, rules=SCORE_RULES)
    assert plain(sheet)
    assert ruled(sheet) == (not score_problems(sheet))
