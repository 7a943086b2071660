"""The reports in a real browser: headless Chromium renders, prints and parses them.

- The example person and cohort reports render to a screenshot that is not blank (many
  colours, a fair share of ink, and the chart colours present) and print to a PDF of A4 pages.
- A report whose framework title, competency titles, comments and subject id hold
  ``<script>`` and ``<img onerror>`` shows them as text: the DOM Chromium builds (after any
  script could have run) has exactly the elements of the file served, no script or image
  element, and the hostile text in its title.

Skipped, with the reason, when Chromium is not installed (Debian: ``apt-get install
chromium``; ``.ci/run`` installs it). Set LEADCOMP_SCREENSHOTS to a folder to keep the
screenshots. The browser runs with no network: host lookups fail and the pages' own policy
forbids fetching anything.
"""

from __future__ import annotations

import html.parser
import os
import re
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest

pytest.importorskip("jinja2", reason="the report extra (jinja2) is not installed")

from leadcomp.reports import render_html
from report_data import DAY, EVIL, cohort, evil, example

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

needs_chromium = pytest.mark.skipif(
    CHROMIUM is None,
    reason="headless Chromium is not installed (Debian: apt-get install chromium; "
    ".ci/run installs it)",
)

FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--host-resolver-rules=MAP * ~NOTFOUND",
)


def chromium(folder: Path, page: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    """Run headless Chromium on a file with a fresh profile; fail with its output if it fails."""
    assert CHROMIUM is not None
    profile = folder / "profile"
    profile.mkdir(exist_ok=True)
    done = subprocess.run(
        [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args, page.as_uri()],
        capture_output=True,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0, done.stderr.decode(errors="replace")[-2000:]
    return done


# --- a small PNG decoder (8-bit RGB or RGBA, as Chromium writes) --------------------------------


def decode_png(data: bytes) -> tuple[int, int, list[bytes]]:
    """Width, height and rows of RGB pixels of a PNG."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    position, chunks, width, height, channels = 8, [], 0, 0, 0
    while position < len(data):
        (size, kind) = struct.unpack(">I4s", data[position : position + 8])
        body = data[position + 8 : position + 8 + size]
        position += 12 + size
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", body)
            assert (depth, colour in (2, 6), interlace) == (8, True, 0), (depth, colour)
            channels = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            chunks.append(body)
        elif kind == b"IEND":
            break
    raw = zlib.decompress(b"".join(chunks))
    stride = width * channels
    previous = bytearray(stride)
    rows = []
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        if kind == 1:
            for x in range(channels, stride):
                line[x] = (line[x] + line[x - channels]) & 255
        elif kind == 2:
            line = bytearray((a + b) & 255 for a, b in zip(line, previous, strict=True))
        elif kind == 3:
            for x in range(stride):
                left = line[x - channels] if x >= channels else 0
                line[x] = (line[x] + (left + previous[x]) // 2) & 255
        elif kind == 4:
            for x in range(stride):
                a = line[x - channels] if x >= channels else 0
                b, c = previous[x], previous[x - channels] if x >= channels else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        previous = line
        rows.append(bytes(line) if channels == 3 else bytes(
            value for i in range(0, stride, 4) for value in line[i : i + 3]
        ))
    return width, height, rows


def test_the_png_decoder() -> None:
    """The decoder reads what a PNG encoder writes (filter type 0, RGB)."""
    pixels = [bytes([x * 40, y * 60, 200]) * 1 for y in range(3) for x in range(4)]
    rows = [b"".join(pixels[y * 4 : y * 4 + 4]) for y in range(3)]
    raw = b"".join(b"\x00" + row for row in rows)

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(
            ">I", zlib.crc32(kind + body) & 0xFFFFFFFF
        )

    png = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 4, 3, 8, 2, 0, 0, 0))
           + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
    assert decode_png(png) == (4, 3, rows)


# --- what the screenshots and PDFs must show --------------------------------------------------


def _near(pixel: tuple[int, int, int], colour: str, tolerance: int = 24) -> bool:
    want = tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return all(abs(a - b) <= tolerance for a, b in zip(pixel, want, strict=True))


def assert_not_blank(png: Path, colours: tuple[str, ...]) -> None:
    """Many colours, a fair share of ink, and each of ``colours`` somewhere."""
    width, height, rows = decode_png(png.read_bytes())
    assert (width, height) == (1200, 2000)
    seen: set[tuple[int, int, int]] = set()
    ink = 0
    for row in rows[::2]:
        for x in range(0, len(row), 6):
            pixel = (row[x], row[x + 1], row[x + 2])
            seen.add(pixel)
            ink += pixel != (255, 255, 255)
    sampled = (height // 2) * (width // 2)
    assert len(seen) >= 200, f"only {len(seen)} colours: the page looks blank"
    assert 0.03 < ink / sampled < 0.9, f"ink on {ink / sampled:.1%} of the page"
    for colour in colours:
        assert any(_near(pixel, colour) for pixel in seen), f"{colour} is not on the page"


def pdf_pages(pdf: Path) -> list[tuple[float, float]]:
    """The page sizes (points) of a PDF, one per page object."""
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-")
    pages = len(re.findall(rb"/Type\s*/Page(?![s\w])", data))
    boxes = [
        (float(w), float(h))
        for w, h in re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", data)
    ]
    assert pages >= 1
    return boxes[:pages] if len(boxes) >= pages else [boxes[0]] * pages


def _keep(png: Path, name: str) -> None:
    folder = os.environ.get("LEADCOMP_SCREENSHOTS")
    if folder:
        shutil.copyfile(png, Path(folder) / name)


def _render(tmp_path: Path, name: str, text: str) -> Path:
    page = tmp_path / name
    page.write_text(text, encoding="utf-8")
    return page


@pytest.mark.slow
@needs_chromium
def test_the_person_report_renders_and_prints_on_a4(tmp_path: Path) -> None:
    report, sheet, framework = example()
    page = _render(tmp_path, "person.html", render_html(report, sheet, framework=framework,
                                                         date=DAY))
    png = tmp_path / "person.png"
    chromium(tmp_path, page, f"--screenshot={png}", "--window-size=1200,2000")
    # the radar's all-others blue and self vermillion, the tags' and status colours
    assert_not_blank(png, ("#0072B2", "#D55E00", "#FCE3C4"))
    _keep(png, "leadcomp-report-person.png")
    pdf = tmp_path / "person.pdf"
    chromium(tmp_path, page, f"--print-to-pdf={pdf}", "--no-pdf-header-footer")
    pages = pdf_pages(pdf)
    assert len(pages) >= 2
    for width, height in pages:  # A4 is 595 x 842 points
        assert abs(width - 595.3) < 2
        assert abs(height - 841.9) < 2


@pytest.mark.slow
@needs_chromium
def test_the_cohort_report_renders_and_prints_on_a4(tmp_path: Path) -> None:
    report, people, change = cohort()
    page = _render(tmp_path, "cohort.html", render_html(report, people=people, progress=change,
                                                         date=DAY))
    png = tmp_path / "cohort.png"
    chromium(tmp_path, page, f"--screenshot={png}", "--window-size=1200,2000")
    # the box plots' blue and the heatmap's darkest purple and lightest orange
    assert_not_blank(png, ("#0072B2", "#542788", "#FEE0B6"))
    _keep(png, "leadcomp-report-cohort.png")
    pdf = tmp_path / "cohort.pdf"
    chromium(tmp_path, page, f"--print-to-pdf={pdf}", "--no-pdf-header-footer")
    pages = pdf_pages(pdf)
    assert len(pages) >= 1
    assert all(abs(w - 595.3) < 2 and abs(h - 841.9) < 2 for w, h in pages)


# --- no script runs -----------------------------------------------------------------------------


class _Elements(html.parser.HTMLParser):
    """The start tags of a document in order, the attribute names seen, and the title."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attributes: set[str] = set()
        self.title = ""
        self._in: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes.update(name for name, _ in attrs)
        self._in.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes.update(name for name, _ in attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in self._in:
            while self._in.pop() != tag:
                pass

    def handle_data(self, data: str) -> None:
        if self._in[-1:] == ["title"] and "head" in self._in:
            self.title += data


def elements(text: str) -> _Elements:
    parser = _Elements()
    parser.feed(text)
    parser.close()
    return parser


@pytest.mark.slow
@needs_chromium
def test_hostile_text_is_shown_and_no_script_runs(tmp_path: Path) -> None:
    report, sheet, framework = evil()
    served = render_html(report, sheet, framework=framework, date=DAY)
    page = _render(tmp_path, "evil.html", served)
    dom = chromium(tmp_path, page, "--dump-dom").stdout.decode("utf-8")
    before, after = elements(served), elements(dom)
    assert "script" not in after.tags
    assert "img" not in after.tags
    assert not any(name.startswith("on") for name in after.attributes)
    # any script that ran could only show itself by changing the DOM: it is as served
    assert after.tags == before.tags
    assert EVIL in after.title
    assert after.title == before.title
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in dom
    assert "&lt;img src=x onerror=alert(1)&gt;" in dom
    png = tmp_path / "evil.png"
    chromium(tmp_path, page, f"--screenshot={png}", "--window-size=1200,2000")
    assert_not_blank(png, ("#0072B2",))
