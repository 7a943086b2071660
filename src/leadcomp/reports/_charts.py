"""Charts as data: pure functions that place shapes and labels for the SVG templates.

Nothing here writes markup. Every function returns frozen objects holding coordinates (numbers,
or path strings made only of numbers and the letters M, L and Z), colours from fixed palettes
and the texts to show; the templates draw them, escaping every text.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Callable, Sequence

from attrs import frozen

#: Okabe & Ito (2008) colours, safe for the common kinds of colour blindness.
OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
}

#: Heatmap bands of a gap (required - achieved): (upper bound, fill, ink, label), where the ink
#: (the text colour) is "light" or "dark".
#: ColorBrewer PuOr (colour-blind safe): purple where the requirement is met, orange short of it.
GAP_BANDS: tuple[tuple[float, str, str, str], ...] = (
    (-1.0, "#542788", "light", "1 or more above"),
    (-0.5, "#998EC3", "dark", "0.5 to 1 above"),
    (0.0, "#D8DAEB", "dark", "at, or up to 0.5 above"),
    (0.5, "#FEE0B6", "dark", "up to 0.5 short"),
    (1.0, "#F1A340", "dark", "0.5 to 1 short"),
    (math.inf, "#B35806", "light", "more than 1 short"),
)

_EPSILON = 1e-9


def _f(value: float) -> str:
    """A coordinate as written in a path: one decimal, no negative zero."""
    text = f"{value:.1f}"
    return "0.0" if text == "-0.0" else text


def wrap_label(text: str, width: int, lines: int) -> tuple[str, ...]:
    """Text in at most ``lines`` lines of about ``width`` characters, the last cut with "…"."""
    wrapped = textwrap.wrap(" ".join(text.split()), width, break_on_hyphens=False) or [""]
    if len(wrapped) > lines:
        last = " ".join(wrapped[lines - 1 :])
        wrapped = [*wrapped[: lines - 1], last[: width - 1].rstrip() + "…"]
    return tuple(wrapped)


def cut(text: str, width: int) -> str:
    """Text on one line of at most ``width`` characters, cut with "…"."""
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def nice_ticks(low: float, high: float, count: int = 5) -> tuple[float, ...]:
    """Round tick values (steps of 1, 2 or 5 times a power of ten) covering [low, high]."""
    if high - low < _EPSILON:
        low, high = low - 0.5, high + 0.5
    raw = (high - low) / max(count - 1, 1)
    power = 10 ** math.floor(math.log10(raw))
    step = next(s * power for s in (1, 2, 2.5, 5, 10) if s * power >= raw - _EPSILON)
    first = math.floor(low / step + _EPSILON) * step
    ticks = []
    value = first
    while value < high + step - _EPSILON:
        ticks.append(round(value, 10) + 0.0)
        value += step
    return tuple(ticks)


# --- radar --------------------------------------------------------------------------------


@frozen(kw_only=True)
class Point:
    """A point of a chart, in SVG user units."""

    x: float
    y: float


@frozen(kw_only=True)
class AxisScale:
    """The scale one radar axis is on: its levels' values."""

    values: tuple[int, ...]

    @property
    def top(self) -> float:
        return float(self.values[-1])

    @property
    def centre(self) -> float:
        """The value at the centre: one level step below the lowest level, so that the lowest
        level is the first ring rather than a point."""
        if len(self.values) < 2:
            return self.values[0] - 1.0
        step = (self.values[-1] - self.values[0]) / (len(self.values) - 1)
        return self.values[0] - step

    def share(self, value: float) -> float:
        """Where a value lies from the centre (0) to the top level (1), clamped."""
        span = self.top - self.centre
        return min(max((value - self.centre) / span, 0.0), 1.0)


@frozen(kw_only=True)
class RadarLabel:
    """A competency's name at the end of its axis."""

    x: float
    y: float
    anchor: str
    lines: tuple[str, ...]
    #: The vertical offset of the first line, in ems, so the block sits clear of the chart.
    dy: float


@frozen(kw_only=True)
class RadarRing:
    """A grid ring: its path, and the label of the level it marks (empty for none)."""

    path: str
    label: str
    label_x: float
    label_y: float


@frozen(kw_only=True)
class RadarSeries:
    """One line of the radar: its key (its CSS class), name, line and point markers."""

    key: str
    name: str
    #: Path data of the line: a closed polygon, or segments between neighbouring values.
    path: str
    closed: bool
    marker: str
    points: tuple[Point, ...]


@frozen(kw_only=True)
class Radar:
    """A radar chart: rings, spokes, axis labels and series, with a size."""

    width: int
    height: int
    cx: float
    cy: float
    rings: tuple[RadarRing, ...]
    spokes: tuple[Point, ...]
    labels: tuple[RadarLabel, ...]
    series: tuple[RadarSeries, ...]


def radar(
    titles: Sequence[str],
    scales: Sequence[AxisScale],
    series: Sequence[tuple[str, str, str, Sequence[float | None]]],
    *,
    ring_labels: Sequence[str] = (),
    radius: float = 185.0,
    margin: tuple[float, float] = (160.0, 64.0),
) -> Radar:
    """A radar chart of values on one axis per title, each axis on its own scale.

    ``series`` holds (key, name, marker, values) with one value (or None) per axis. Rings are
    drawn at each level of the first scale when all axes share its levels (labelled with
    ``ring_labels``, or the values), else at quarters of each axis.
    """
    count = len(titles)
    side, top = margin
    cx, cy = side + radius, top + radius
    angles = [-math.pi / 2 + 2 * math.pi * i / count for i in range(count)]

    def at(share: float, index: int) -> Point:
        return Point(
            x=cx + radius * share * math.cos(angles[index]),
            y=cy + radius * share * math.sin(angles[index]),
        )

    same = all(s.values == scales[0].values for s in scales)
    rings: list[RadarRing] = []
    if same:
        scale = scales[0]
        marks = [(scale.share(v), ring_labels[i] if i < len(ring_labels) else str(v))
                 for i, v in enumerate(scale.values)]
    else:
        marks = [(q / 4, "") for q in range(1, 5)]
    for share, text in marks:
        corners = [at(share, i) for i in range(count)]
        rings.append(
            RadarRing(
                path=_polygon(corners),
                label=text,
                label_x=cx + 4,
                label_y=cy - radius * share - 3,
            )
        )
    lines: list[RadarSeries] = []
    for key, name, marker, values in series:
        shares = [None if v is None else scales[i].share(v) for i, v in enumerate(values)]
        points = [None if s is None else at(s, i) for i, s in enumerate(shares)]
        closed = all(p is not None for p in points)
        lines.append(
            RadarSeries(
                key=key,
                name=name,
                path=_polygon([p for p in points if p is not None]) if closed
                else _segments(points),
                closed=closed,
                marker=marker,
                points=tuple(p for p in points if p is not None),
            )
        )
    labels = [_radar_label(titles[i], angles[i], cx, cy, radius + 14) for i in range(count)]
    return Radar(
        width=round(2 * (side + radius)),
        height=round(2 * (top + radius)),
        cx=cx,
        cy=cy,
        rings=tuple(rings),
        spokes=tuple(at(1.0, i) for i in range(count)),
        labels=tuple(labels),
        series=tuple(lines),
    )


def _polygon(points: Sequence[Point]) -> str:
    if not points:
        return ""
    moves = " ".join(f"L{_f(p.x)} {_f(p.y)}" for p in points[1:])
    return f"M{_f(points[0].x)} {_f(points[0].y)} {moves} Z".replace("  ", " ")


def _segments(points: Sequence[Point | None]) -> str:
    """Lines between neighbouring points that both have a value (the last wraps to the first)."""
    parts = []
    count = len(points)
    for index in range(count if count > 2 else count - 1):
        a, b = points[index], points[(index + 1) % count]
        if a is not None and b is not None:
            parts.append(f"M{_f(a.x)} {_f(a.y)} L{_f(b.x)} {_f(b.y)}")
    return " ".join(parts)


def _radar_label(title: str, angle: float, cx: float, cy: float, distance: float) -> RadarLabel:
    lines = wrap_label(title, 20, 3)
    cos, sin = math.cos(angle), math.sin(angle)
    anchor = "start" if cos > 0.25 else "end" if cos < -0.25 else "middle"
    if sin < -0.5:  # above the chart: the block ends at the point
        dy = -(len(lines) - 1) * 1.15
    elif sin > 0.5:  # below: it starts there
        dy = 0.8
    else:
        dy = 0.35 - (len(lines) - 1) * 1.15 / 2
    return RadarLabel(
        x=cx + distance * cos, y=cy + distance * sin, anchor=anchor, lines=lines, dy=dy
    )


# --- heatmap --------------------------------------------------------------------------------


@frozen(kw_only=True)
class HeatCell:
    """One person's gap on one competency: a square, its colour and the value written in it."""

    x: float
    y: float
    fill: str
    ink: str
    text: str
    #: No evidence: drawn hatched.
    empty: bool


@frozen(kw_only=True)
class HeatRow:
    """A person: their pseudonymous id (cut to fit) and their cells."""

    y: float
    label: str
    cells: tuple[HeatCell, ...]


@frozen(kw_only=True)
class HeatColumn:
    """A competency: where its slanted title is written."""

    x: float
    y: float
    label: str


@frozen(kw_only=True)
class LegendEntry:
    """A colour of the key and what it means."""

    x: float
    y: float
    fill: str
    label: str
    empty: bool = False


@frozen(kw_only=True)
class Heatmap:
    """A people x competencies grid of gaps."""

    width: int
    height: int
    cell_width: float
    cell_height: float
    left: float
    top: float
    rows: tuple[HeatRow, ...]
    columns: tuple[HeatColumn, ...]
    legend: tuple[LegendEntry, ...]


def gap_band(gap: float) -> tuple[str, str]:
    """The fill and the ink ("light" or "dark") of a gap's band."""
    for upper, fill, ink, _ in GAP_BANDS:
        if gap <= upper + _EPSILON:
            return fill, ink
    raise AssertionError("the last band is unbounded")  # pragma: no cover


def heatmap(
    titles: Sequence[str],
    people: Sequence[tuple[str, Sequence[tuple[float | None, str]]]],
) -> Heatmap:
    """A heatmap of people (id, then per competency the gap or None and its text) by
    competencies (titles), coloured by band of the gap."""
    cell_w, cell_h = 58.0, 26.0
    longest = max((len(subject) for subject, _ in people), default=4)
    left = 16.0 + 7.2 * min(max(longest, 6), 24)
    #: Room for the slanted titles: about 6 units a character at 11px, at 45 degrees.
    top = 28.0 + 4.3 * max((len(cut(title, 26)) for title in titles), default=0)
    rows = []
    for row_index, (subject, values) in enumerate(people):
        y = top + row_index * cell_h
        cells = []
        for column_index, (gap, text) in enumerate(values):
            x = left + column_index * cell_w
            if gap is None:
                cells.append(HeatCell(x=x, y=y, fill="#FFFFFF", ink="dark", text=text,
                                      empty=True))
            else:
                fill, ink = gap_band(gap)
                cells.append(HeatCell(x=x, y=y, fill=fill, ink=ink, text=text, empty=False))
        rows.append(HeatRow(y=y, label=cut(subject, 24), cells=tuple(cells)))
    columns = tuple(
        HeatColumn(x=left + (i + 0.5) * cell_w, y=top - 8, label=cut(title, 26))
        for i, title in enumerate(titles)
    )
    grid_bottom = top + len(people) * cell_h
    legend = []
    entries = [(fill, label, False) for _, fill, _, label in GAP_BANDS]
    entries.append(("#FFFFFF", "no evidence", True))
    for index, (fill, label, empty) in enumerate(entries):
        column, row = (index % 3, index // 3) if index < 6 else (3, 1)
        legend.append(
            LegendEntry(x=left + column * 165.0, y=grid_bottom + 24 + row * 22, fill=fill,
                        label=label, empty=empty)
        )
    width = max(left + len(titles) * cell_w + 130, left + 4 * 165.0)
    return Heatmap(
        width=math.ceil(width),
        height=math.ceil(grid_bottom + 24 + 2 * 22 + 8),
        cell_width=cell_w,
        cell_height=cell_h,
        left=left,
        top=top,
        rows=tuple(rows),
        columns=columns,
        legend=tuple(legend),
    )


# --- rows of intervals: box plots and forest plots ------------------------------------------


@frozen(kw_only=True)
class Tick:
    """A tick of a horizontal axis: where, and its label."""

    x: float
    label: str


@frozen(kw_only=True)
class BoxRow:
    """One competency's gaps as a box plot (whiskers at min and max), and its share met."""

    y: float
    label: str
    low: float
    q1: float
    median: float
    q3: float
    high: float
    #: The width of the share-met bar, and its text (such as "42%").
    bar: float
    share: str
    empty: bool


@frozen(kw_only=True)
class BoxPlot:
    """Box plots of gaps, one row per competency, beside bars of the share meeting the level."""

    width: int
    height: int
    plot_left: float
    plot_right: float
    bar_left: float
    bar_width: float
    top: float
    bottom: float
    zero: float
    ticks: tuple[Tick, ...]
    rows: tuple[BoxRow, ...]


_ROW = 34.0


def _axis(
    low: float, high: float, left: float, right: float
) -> tuple[list[float], Callable[[float], float]]:
    ticks = list(nice_ticks(low, high))
    first, last = ticks[0], ticks[-1]

    def x(value: float) -> float:
        return left + (value - first) / (last - first) * (right - left)

    return ticks, x


def box_plot(
    rows: Sequence[tuple[str, tuple[float, float, float, float, float] | None, float | None,
                         str]],
) -> BoxPlot:
    """Rows of (title, five-number summary of the gaps or None, share met or None, its
    text): box plots on a shared gap axis that includes 0 (the required level)."""
    label_width, plot_width, bar_width = 210.0, 300.0, 150.0
    plot_left, plot_right = label_width, label_width + plot_width
    bar_left = plot_right + 50.0
    top = 40.0
    values = [v for _, five, _, _ in rows if five is not None for v in five]
    low, high = min([0.0, *values]), max([0.0, *values])
    ticks, x = _axis(low, high, plot_left, plot_right)
    boxes = []
    for index, (title, five, share, share_text) in enumerate(rows):
        y = top + index * _ROW + _ROW / 2
        if five is None:
            boxes.append(BoxRow(y=y, label=cut(title, 30), low=0, q1=0, median=0, q3=0, high=0,
                                bar=0.0, share=share_text, empty=True))
            continue
        boxes.append(
            BoxRow(
                y=y,
                label=cut(title, 30),
                low=x(five[0]),
                q1=x(five[1]),
                median=x(five[2]),
                q3=x(five[3]),
                high=x(five[4]),
                bar=0.0 if share is None else bar_width * share,
                share=share_text,
                empty=False,
            )
        )
    bottom = top + len(rows) * _ROW
    return BoxPlot(
        width=math.ceil(bar_left + bar_width + 50),
        height=math.ceil(bottom + 44),
        plot_left=plot_left,
        plot_right=plot_right,
        bar_left=bar_left,
        bar_width=bar_width,
        top=top,
        bottom=bottom,
        zero=x(0.0),
        ticks=tuple(Tick(x=x(t), label=f"{t:g}") for t in ticks),
        rows=tuple(boxes),
    )


@frozen(kw_only=True)
class ForestRow:
    """One estimate with its interval: a point and a line, and the text beside them."""

    y: float
    label: str
    point: float | None
    low: float | None
    high: float | None
    text: str


@frozen(kw_only=True)
class Forest:
    """Estimates with confidence intervals, one row each, on a shared axis with a zero line."""

    width: int
    height: int
    plot_left: float
    plot_right: float
    top: float
    bottom: float
    zero: float
    text_x: float
    ticks: tuple[Tick, ...]
    rows: tuple[ForestRow, ...]


def forest(
    rows: Sequence[tuple[str, float | None, tuple[float, float] | None, str]],
) -> Forest:
    """Rows of (title, estimate or None, interval or None, text): a forest plot whose axis
    includes zero (no change)."""
    label_width, plot_width = 210.0, 330.0
    plot_left, plot_right = label_width, label_width + plot_width
    top = 40.0
    values = [0.0]
    for _, point, interval, _ in rows:
        if point is not None:
            values.append(point)
        if interval is not None:
            values.extend(interval)
    ticks, x = _axis(min(values), max(values), plot_left, plot_right)
    out = []
    for index, (title, point, interval, text) in enumerate(rows):
        out.append(
            ForestRow(
                y=top + index * _ROW + _ROW / 2,
                label=cut(title, 30),
                point=None if point is None else x(point),
                low=None if interval is None else x(interval[0]),
                high=None if interval is None else x(interval[1]),
                text=text,
            )
        )
    bottom = top + len(rows) * _ROW
    return Forest(
        width=math.ceil(plot_right + 190),
        height=math.ceil(bottom + 44),
        plot_left=plot_left,
        plot_right=plot_right,
        top=top,
        bottom=bottom,
        zero=x(0.0),
        text_x=plot_right + 16,
        ticks=tuple(Tick(x=x(t), label=f"{t:+g}" if t else "0") for t in ticks),
        rows=tuple(out),
    )


@frozen(kw_only=True)
class ProfileBar:
    """One competency of the bar profile: the all-others bar, the self and target marks."""

    y: float
    label: str
    others: float | None
    own: float | None
    target: float


@frozen(kw_only=True)
class Bars:
    """A bar profile (used instead of a radar for many competencies): per competency a bar of
    all others, a square for self and a diamond for the required level, each row on its own
    scale from its lowest to its highest level."""

    width: int
    height: int
    plot_left: float
    plot_right: float
    top: float
    bottom: float
    row_height: float
    ticks: tuple[Tick, ...]
    rows: tuple[ProfileBar, ...]


def bars(
    titles: Sequence[str],
    scales: Sequence[AxisScale],
    series: Sequence[tuple[str, Sequence[float | None]]],
) -> Bars:
    """Horizontal bars for many competencies. ``series`` holds ("others" | "self" |
    "target", values). The axis shows shares of each row's scale (its levels when every row is
    on the same scale)."""
    label_width, plot_width, row = 250.0, 420.0, 24.0
    plot_left, plot_right = label_width, label_width + plot_width
    top = 28.0
    values = {key: list(v) for key, v in series}

    def x(scale: AxisScale, value: float) -> float:
        low, high = float(scale.values[0]), scale.top
        share = 1.0 if high == low else min(max((value - low) / (high - low), 0.0), 1.0)
        return plot_left + share * plot_width

    rows = []
    for index, (title, scale) in enumerate(zip(titles, scales, strict=True)):
        def at(key: str, i: int = index, s: AxisScale = scale) -> float | None:
            v = values.get(key, [None] * len(titles))[i]
            return None if v is None else x(s, v)

        rows.append(
            ProfileBar(
                y=top + index * row,
                label=cut(title, 38),
                others=at("others"),
                own=at("self"),
                target=at("target") or plot_left,
            )
        )
    same = all(s.values == scales[0].values for s in scales)
    if same and scales:
        ticks = tuple(Tick(x=x(scales[0], v), label=str(v)) for v in scales[0].values)
    else:
        ticks = tuple(
            Tick(x=plot_left + q / 4 * plot_width, label=f"{q * 25}%") for q in range(5)
        )
    bottom = top + len(titles) * row
    return Bars(
        width=math.ceil(plot_right + 30),
        height=math.ceil(bottom + 30),
        plot_left=plot_left,
        plot_right=plot_right,
        top=top,
        bottom=bottom,
        row_height=row,
        ticks=ticks,
        rows=tuple(rows),
    )
