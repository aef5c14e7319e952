"""Bar charts drawn as inline SVG on the server: no JavaScript, readable by a screen reader.

A chart is an image (``role="img"``) named by its title and described by its ``desc``; the
figures it draws are always also given as a table beside it by the template that shows it
(``hubsite/includes/chart.html``), so nobody has to read a value off the bars. Series differ
by fill *and* by pattern, and every bar carries its value in a ``<title>``, so that colour is
never the only cue (WCAG 1.4.1); fills keep a 3:1 contrast against white (WCAG 1.4.11).

    chart = BarChart(
        title="Coûts et ressources par année",
        groups=["Année 1", "Année 2", "Année 3"],
        series=[Series("Coûts", [120_000, 110_000, 100_000]), Series("Ressources", [...])],
        line=Series("Solde cumulé", [-5_000, 2_000, 9_000]),
        unit="€",
    )
    svg = chart.svg()
"""

import hashlib
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# Fills with a contrast of at least 3:1 against white, each with a pattern of its own.
FILLS = ("#1d4f91", "#a3222f", "#2c6e2f", "#6e2d82", "#9a4a00", "#00686b")
PATTERNS = ("solid", "hatch", "dots", "cross", "hatch-back", "grid")
_HATCH = "M-2,2 l4,-4 M0,8 l8,-8 M6,10 l4,-4"
_HATCH_BACK = "M-2,6 l4,4 M0,0 l8,8 M6,-2 l4,4"
PATTERN_PATHS = {
    "hatch": _HATCH,
    "hatch-back": _HATCH_BACK,
    "cross": f"{_HATCH} {_HATCH_BACK}",
    "dots": "M4,2.6 a1.4,1.4 0 1,0 0.01,0 z",
    "grid": "M4,0 v8 M0,4 h8",
}
LINE_COLOUR = "#1e1e1e"
AXIS_COLOUR = "#595959"
TEXT_COLOUR = "#1e1e1e"

WIDTH = 560
HEIGHT = 280
MARGIN_LEFT = 76
MARGIN_RIGHT = 12
MARGIN_TOP = 12
MARGIN_BOTTOM = 56  # group labels and the legend
FONT_SIZE = 12


@dataclass(frozen=True)
class Series:
    label: str
    values: Sequence[float | int | Decimal | None]


def format_number(value, unit: str = "") -> str:
    """A figure as French readers write it (12 000, 18,5); ``unit`` appended."""
    if value is None:
        return "—"
    rounded = round(float(value), 1)
    text = number_format(int(rounded) if rounded == int(rounded) else rounded, force_grouping=True)
    return f"{text}\u00a0{unit}" if unit else text


def _nice_step(span: float, ticks: int = 5) -> float:
    raw = span / ticks
    magnitude = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * magnitude:
            return factor * magnitude
    return 10 * magnitude


@dataclass
class BarChart:
    """Grouped bars (one bar per series in each group), optionally a line over them."""

    title: str
    groups: Sequence[str]
    series: Sequence[Series]
    line: Series | None = None
    unit: str = ""
    desc: str = ""
    width: int = WIDTH
    height: int = HEIGHT
    formatter: Callable[[object, str], str] = field(default=format_number)

    @property
    def uid(self) -> str:
        """A stable id for the chart's title and patterns (ids must be unique in the page)."""
        seed = repr((self.title, tuple(self.groups), [s.label for s in self.series]))
        return "chart-" + hashlib.sha1(seed.encode()).hexdigest()[:10]

    def table_rows(self) -> list[tuple[str, list[str]]]:
        """The chart's figures as the table beside it shows them: one row per series."""
        rows = [(s.label, [self.formatter(v, self.unit) for v in s.values]) for s in self.series]
        if self.line:
            rows.append((self.line.label, [self.formatter(v, self.unit) for v in self.line.values]))
        return rows

    def _values(self) -> list[float]:
        values = [float(v) for s in self.series for v in s.values if v is not None]
        if self.line:
            values += [float(v) for v in self.line.values if v is not None]
        return values

    def scale(self) -> tuple[float, float, float]:
        """The value axis: its low and high ends (zero always included) and its tick step."""
        values = self._values() or [0.0]
        low, high = min(0.0, *values), max(0.0, *values)
        if low == high:
            high = low + 1
        step = _nice_step(high - low)
        return math.floor(low / step) * step, math.ceil(high / step) * step, step

    def svg(self) -> SafeString:
        low, high, step = self.scale()
        plot_w = self.width - MARGIN_LEFT - MARGIN_RIGHT
        plot_h = self.height - MARGIN_TOP - MARGIN_BOTTOM

        def y(value: float) -> float:
            return MARGIN_TOP + plot_h * (high - value) / (high - low)

        uid = self.uid
        out = [
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {self.width} {self.height}" '
            f'width="{self.width}" height="{self.height}" role="img" class="chart" '
            f'aria-labelledby="{uid}-t{" " + uid + "-d" if self.desc else ""}" '
            f'font-size="{FONT_SIZE}" font-family="inherit">',
            f'<title id="{uid}-t">{escape(self.title)}</title>',
        ]
        if self.desc:
            out.append(f'<desc id="{uid}-d">{escape(self.desc)}</desc>')
        out.append(self._patterns(uid))
        # Value axis with its grid lines.
        tick = low
        while tick <= high + step / 2:
            ty = y(tick)
            out.append(
                f'<line x1="{MARGIN_LEFT}" x2="{self.width - MARGIN_RIGHT}" y1="{ty:.1f}" '
                f'y2="{ty:.1f}" stroke="{AXIS_COLOUR if tick == 0 else "#d0d0d0"}" '
                f'stroke-width="1"/>'
                f'<text x="{MARGIN_LEFT - 6}" y="{ty + 4:.1f}" text-anchor="end" '
                f'fill="{TEXT_COLOUR}">{escape(self.formatter(tick, self.unit))}</text>'
            )
            tick += step
        group_w = plot_w / max(len(self.groups), 1)
        bar_w = group_w * 0.8 / max(len(self.series), 1)
        for g, group in enumerate(self.groups):
            x0 = MARGIN_LEFT + g * group_w + group_w * 0.1
            for s, series in enumerate(self.series):
                value = series.values[g] if g < len(series.values) else None
                if value is None:
                    continue
                top, bottom = sorted((y(float(value)), y(0.0)))
                label = f"{series.label}, {group} : {self.formatter(value, self.unit)}"
                out.append(
                    f'<rect x="{x0 + s * bar_w:.1f}" y="{top:.1f}" width="{bar_w - 2:.1f}" '
                    f'height="{max(bottom - top, 0.5):.1f}" fill="url(#{uid}-p{s})" '
                    f'stroke="{FILLS[s % len(FILLS)]}" stroke-width="1">'
                    f"<title>{escape(label)}</title></rect>"
                )
            out.append(
                f'<text x="{x0 + group_w * 0.4:.1f}" y="{MARGIN_TOP + plot_h + 16}" '
                f'text-anchor="middle" fill="{TEXT_COLOUR}">{escape(group)}</text>'
            )
        if self.line:
            out.append(self._line(y, group_w))
        out.append(self._legend(uid))
        out.append("</svg>")
        return mark_safe("".join(out))  # built from escaped labels and numbers only

    def _line(self, y, group_w: float) -> str:
        points, marks = [], []
        for g, value in enumerate(self.line.values):
            if value is None:
                continue
            cx = MARGIN_LEFT + g * group_w + group_w / 2
            cy = y(float(value))
            points.append(f"{cx:.1f},{cy:.1f}")
            label = f"{self.line.label}, {self.groups[g]} : {self.formatter(value, self.unit)}"
            marks.append(
                f'<rect x="{cx - 4:.1f}" y="{cy - 4:.1f}" width="8" height="8" '
                f'fill="#ffffff" stroke="{LINE_COLOUR}" stroke-width="2">'
                f"<title>{escape(label)}</title></rect>"
            )
        return (
            f'<polyline points="{" ".join(points)}" fill="none" stroke="{LINE_COLOUR}" '
            f'stroke-width="2" stroke-dasharray="6 3"/>' + "".join(marks)
        )

    def _legend(self, uid: str) -> str:
        out, x = [], MARGIN_LEFT
        legend_y = self.height - 18
        for s, series in enumerate(self.series):
            out.append(
                f'<rect x="{x}" y="{legend_y - 10}" width="14" height="14" '
                f'fill="url(#{uid}-p{s})" stroke="{FILLS[s % len(FILLS)]}"/>'
                f'<text x="{x + 19}" y="{legend_y + 1}" fill="{TEXT_COLOUR}">'
                f"{escape(series.label)}</text>"
            )
            x += 30 + 7 * len(series.label)
        if self.line:
            out.append(
                f'<line x1="{x}" x2="{x + 18}" y1="{legend_y - 3}" y2="{legend_y - 3}" '
                f'stroke="{LINE_COLOUR}" stroke-width="2" stroke-dasharray="6 3"/>'
                f'<text x="{x + 23}" y="{legend_y + 1}" fill="{TEXT_COLOUR}">'
                f"{escape(self.line.label)}</text>"
            )
        return "".join(out)

    def _patterns(self, uid: str) -> str:
        out = ["<defs>"]
        for s in range(len(self.series)):
            colour, kind = FILLS[s % len(FILLS)], PATTERNS[s % len(PATTERNS)]
            out.append(
                f'<pattern id="{uid}-p{s}" width="8" height="8" patternUnits="userSpaceOnUse">'
            )
            if kind == "solid":
                out.append(f'<rect width="8" height="8" fill="{colour}"/>')
            else:
                out.append('<rect width="8" height="8" fill="#ffffff"/>')
                out.append(
                    f'<path d="{PATTERN_PATHS[kind]}" stroke="{colour}" fill="{colour}" '
                    'stroke-width="2.5"/>'
                )
            out.append("</pattern>")
        out.append("</defs>")
        return "".join(out)
