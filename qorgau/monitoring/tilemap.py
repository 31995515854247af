"""A tile map of Kazakhstan: one square per region (ISO 3166-2:KZ), placed roughly where the region
lies, coloured by a count. Drawn as SVG on the server; no map tiles, nothing from another host.

Equal tiles let a small city (Almaty, Shymkent) weigh as much on the page as a vast steppe region,
which is what a count of incidents needs.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from qorgau.core.i18n import active_language
from qorgau.monitoring.charts import FONT, INK, MUTED, _number

# (column, row) on the grid, west to east and north to south.
POSITIONS: dict[str, tuple[int, int]] = {
    "KZ-27": (0, 0),  # West Kazakhstan
    "KZ-39": (2, 0),  # Kostanay
    "KZ-59": (3, 0),  # North Kazakhstan
    "KZ-55": (5, 0),  # Pavlodar
    "KZ-23": (0, 1),  # Atyrau
    "KZ-15": (1, 1),  # Aktobe
    "KZ-62": (2, 1),  # Ulytau
    "KZ-11": (3, 1),  # Akmola
    "KZ-71": (4, 1),  # Astana
    "KZ-10": (5, 1),  # Abai
    "KZ-63": (6, 1),  # East Kazakhstan
    "KZ-47": (0, 2),  # Mangystau
    "KZ-43": (2, 2),  # Kyzylorda
    "KZ-35": (3, 2),  # Karaganda
    "KZ-33": (5, 2),  # Jetisu
    "KZ-61": (2, 3),  # Turkistan
    "KZ-31": (3, 3),  # Jambyl
    "KZ-19": (4, 3),  # Almaty Region
    "KZ-79": (2, 4),  # Shymkent
    "KZ-75": (4, 4),  # Almaty
}

# Three-letter abbreviations written on the tiles, as people in each language shorten them.
ABBREVIATIONS: dict[str, tuple[str, str, str]] = {  # kk, ru, en
    "KZ-10": ("АБА", "АБА", "ABA"),
    "KZ-11": ("АҚМ", "АКМ", "AKM"),
    "KZ-15": ("АҚТ", "АКТ", "AKT"),
    "KZ-19": ("АЛО", "АЛО", "ALR"),
    "KZ-23": ("АТЫ", "АТЫ", "ATY"),
    "KZ-27": ("БҚО", "ЗКО", "WKO"),
    "KZ-31": ("ЖАМ", "ЖАМ", "ZHA"),
    "KZ-33": ("ЖЕТ", "ЖЕТ", "ZHE"),
    "KZ-35": ("ҚАР", "КАР", "KAR"),
    "KZ-39": ("ҚОС", "КОС", "KOS"),
    "KZ-43": ("ҚЫЗ", "КЫЗ", "KYZ"),
    "KZ-47": ("МАҢ", "МАН", "MAN"),
    "KZ-55": ("ПАВ", "ПАВ", "PAV"),
    "KZ-59": ("СҚО", "СКО", "NKO"),
    "KZ-61": ("ТҮР", "ТУР", "TUR"),
    "KZ-62": ("ҰЛЫ", "УЛЫ", "ULY"),
    "KZ-63": ("ШҚО", "ВКО", "EKO"),
    "KZ-71": ("АСТ", "АСТ", "AST"),
    "KZ-75": ("АЛА", "АЛА", "ALA"),
    "KZ-79": ("ШЫМ", "ШЫМ", "SHY"),
}

# A sequential scale, light to dark; the first colour is for regions with none.
COLOURS = ["#eef1f4", "#cfe3ee", "#93c1d9", "#4d94b8", "#1c6a8f", "#08465d"]
TILE, GAP = 64, 6


def abbreviation(code: str) -> str:
    kk, ru, en = ABBREVIATIONS.get(code, (code, code, code))
    return {"kk": kk, "ru": ru}.get(active_language(), en)


def classes(largest: int) -> list[tuple[int, int]]:
    """Up to five ranges (low, high) that split 1..largest evenly; zero has its own colour."""
    if largest <= 0:
        return []
    steps = min(5, largest)
    bounds = [round(largest * i / steps) for i in range(steps + 1)]
    return [(bounds[i] + 1, bounds[i + 1]) for i in range(steps)]


def colour_for(count: int, ranges: list[tuple[int, int]]) -> str:
    if count <= 0:
        return COLOURS[0]
    for index, (_low, high) in enumerate(ranges):
        if count <= high:
            return COLOURS[index + 1]
    return COLOURS[-1]


def tile_map(counts: Mapping[str, int], names: Mapping[str, str], *, title: str) -> SafeString:
    """The map with its legend. `counts` and `names` are keyed by ISO code."""
    columns = 1 + max(c for c, _r in POSITIONS.values())
    rows = 1 + max(r for _c, r in POSITIONS.values())
    ranges = classes(max(counts.values(), default=0))
    legend_h = 44
    width = columns * (TILE + GAP)
    height = rows * (TILE + GAP) + legend_h + 8
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart tile-map" viewBox="0 0 {width} '
        f'{height}" width="{width}" height="{height}" role="img" font-family="{FONT}">'
        f"<title>{escape(title)}</title>"
    ]
    for code, (column, row) in POSITIONS.items():
        count = counts.get(code, 0)
        fill = colour_for(count, ranges)
        text = "#ffffff" if fill in COLOURS[3:] else INK
        x, y = column * (TILE + GAP), row * (TILE + GAP)
        name = escape(names.get(code, code))
        parts.append(
            f'<g class="tile" data-region="{code}"><title>{name}: {_number(count)}</title>'
            f'<rect x="{x}" y="{y}" width="{TILE}" height="{TILE}" rx="6" fill="{fill}" '
            f'stroke="#ffffff" stroke-width="1"/>'
            f'<text x="{x + TILE / 2}" y="{y + 24}" font-size="12" fill="{text}" '
            f'text-anchor="middle">{escape(abbreviation(code))}</text>'
            f'<text x="{x + TILE / 2}" y="{y + 46}" font-size="16" font-weight="bold" '
            f'fill="{text}" text-anchor="middle">{_number(count)}</text></g>'
        )
    y = rows * (TILE + GAP) + 4
    keys = [(0, 0), *ranges]
    box = 14
    x = 0
    for low, high in keys:
        fill = colour_for(high, ranges) if high else COLOURS[0]
        label = _number(low) if low == high else f"{_number(low)}–{_number(high)}"
        parts.append(
            f'<rect x="{x}" y="{y}" width="{box}" height="{box}" fill="{fill}" stroke="{MUTED}" '
            f'stroke-width="0.5"/><text x="{x + box + 4}" y="{y + 11}" font-size="11" '
            f'fill="{INK}">{escape(label)}</text>'
        )
        x += box + 12 + 7 * len(label)
    note = _("Tiles are not to scale.")
    parts.append(
        f'<text x="0" y="{y + 32}" font-size="10" fill="{MUTED}">{escape(note)}</text></svg>'
    )
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped
