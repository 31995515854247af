"""Charts drawn on the server as SVG: horizontal bars for categories, columns for months.

The SVG uses presentation attributes only (no style attributes: the CSP forbids inline styles) and
system fonts, so it renders the same in a browser and in WeasyPrint. Every chart is shown beside
the table of its figures, which is the accessible form of the same data.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

FONT = "DejaVu Sans, system-ui, sans-serif"
BAR = "#0b5c7a"
BAR_ALT = "#c98a16"
GRID = "#d5dbe0"
INK = "#1a1f24"
MUTED = "#55606b"


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    count: int


def _nice_max(value: int) -> int:
    """The top of the axis: 1, 2 or 5 times a power of ten, at least the largest value."""
    if value <= 5:
        return max(value, 1)
    step = 1
    while True:
        for factor in (1, 2, 5):
            if step * factor >= value:
                return step * factor
        step *= 10


def _ticks(top: int) -> list[int]:
    """Evenly spaced whole ticks from 0 to the top of the axis."""
    if top <= 5:
        return list(range(top + 1))
    for parts in (4, 5, 2):
        if top % parts == 0 and top // parts >= 1:
            step = top // parts
            return list(range(0, top + 1, step))
    return [0, top]


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _number(value: int) -> str:
    # A thin space between thousands reads the same in kk, ru and en.
    return f"{value:,}".replace(",", "\u202f")


def bar_chart(
    rows: Sequence[Row],
    *,
    title: str,
    width: int = 560,
    label_width: int = 220,
    previous: dict[str, int] | None = None,
) -> SafeString:
    """Horizontal bars, one per row, largest first as given. With `previous`, a thin second bar
    shows the same category in the previous period."""
    bar_height = 18 if previous is None else 12
    gap = 8 if previous is None else 12
    row_height = bar_height * (1 if previous is None else 2) + gap
    top_pad, bottom_pad = 8, 24
    height = top_pad + bottom_pad + max(len(rows), 1) * row_height
    plot = width - label_width - 56
    largest = max(
        [r.count for r in rows] + (list(previous.values()) if previous else []), default=0
    )
    top = _nice_max(largest)
    parts = [_open(width, height, title)]
    for tick in _ticks(top):
        x = label_width + plot * tick / top
        parts.append(
            f'<line x1="{x:.1f}" y1="{top_pad}" x2="{x:.1f}" y2="{height - bottom_pad}" '
            f'stroke="{GRID}" stroke-width="1"/>'
            f'<text x="{x:.1f}" y="{height - 8}" font-size="10" fill="{MUTED}" '
            f'text-anchor="middle">{_number(tick)}</text>'
        )
    for index, row in enumerate(rows):
        y = top_pad + index * row_height + gap / 2
        length = plot * row.count / top
        label = escape(_short(row.label, 32))
        parts.append(
            f"<g><title>{escape(row.label)}: {_number(row.count)}</title>"
            f'<text x="{label_width - 6}" y="{y + bar_height - 4:.1f}" font-size="11" '
            f'fill="{INK}" text-anchor="end">{label}</text>'
            f'<rect x="{label_width}" y="{y:.1f}" width="{length:.1f}" height="{bar_height}" '
            f'fill="{BAR}"/>'
            f'<text x="{label_width + length + 4:.1f}" y="{y + bar_height - 4:.1f}" '
            f'font-size="11" fill="{INK}">{_number(row.count)}</text>'
        )
        if previous is not None:
            before = previous.get(row.key, 0)
            y2 = y + bar_height + 1
            parts.append(
                f'<rect x="{label_width}" y="{y2:.1f}" width="{plot * before / top:.1f}" '
                f'height="{bar_height - 4}" fill="{BAR_ALT}"/>'
            )
        parts.append("</g>")
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped


def column_chart(rows: Sequence[Row], *, title: str, width: int = 640) -> SafeString:
    """Vertical columns in the order given (months, oldest first); labels thinned out so that
    they never overlap."""
    height, top_pad, bottom_pad, left_pad = 220, 12, 40, 40
    plot_w = width - left_pad - 8
    plot_h = height - top_pad - bottom_pad
    top = _nice_max(max((r.count for r in rows), default=0))
    parts = [_open(width, height, title)]
    for tick in _ticks(top):
        y = top_pad + plot_h - plot_h * tick / top
        parts.append(
            f'<line x1="{left_pad}" y1="{y:.1f}" x2="{width - 8}" y2="{y:.1f}" stroke="{GRID}" '
            f'stroke-width="1"/><text x="{left_pad - 4}" y="{y + 4:.1f}" font-size="10" '
            f'fill="{MUTED}" text-anchor="end">{_number(tick)}</text>'
        )
    n = max(len(rows), 1)
    slot = plot_w / n
    every = max(1, -(-n * 48 // plot_w))  # at most one label per 48 pixels
    for index, row in enumerate(rows):
        h = plot_h * row.count / top
        x = left_pad + index * slot
        parts.append(
            f"<g><title>{escape(row.label)}: {_number(row.count)}</title>"
            f'<rect x="{x + slot * 0.15:.1f}" y="{top_pad + plot_h - h:.1f}" '
            f'width="{slot * 0.7:.1f}" height="{h:.1f}" fill="{BAR}"/></g>'
        )
        if index % every == 0:
            parts.append(
                f'<text x="{x + slot / 2:.1f}" y="{height - bottom_pad + 14}" font-size="10" '
                f'fill="{INK}" text-anchor="middle">{escape(_short(row.label, 9))}</text>'
            )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped


def _open(width: int, height: int, title: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" font-family="{FONT}">'
        f"<title>{escape(title)}</title>"
    )
