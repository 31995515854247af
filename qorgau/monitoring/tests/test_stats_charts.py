"""The SVG charts and the tile map: what a reader sees on them, with nothing from another host."""

from django.utils import translation

from qorgau.monitoring.charts import Row, bar_chart, column_chart
from qorgau.monitoring.tilemap import POSITIONS, tile_map


def test_bars_show_every_label_and_count_escaped() -> None:
    svg = bar_chart([Row("a", "Угрозы <script>", 12), Row("b", "Обыск", 3)], title="Виды")
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert "Угрозы &lt;script&gt;" in svg and "<script>" not in svg
    assert ">12<" in svg and ">3<" in svg
    assert "http://" not in svg.replace("http://www.w3.org/2000/svg", "")
    assert "style=" not in svg  # the content security policy forbids inline styles


def test_axis_ticks_are_evenly_spaced_whole_numbers() -> None:
    svg = bar_chart([Row("a", "A", 9)], title="t")
    for tick in (">0<", ">2<", ">4<", ">6<", ">8<", ">10<"):
        assert tick in svg


def test_columns_thin_out_their_labels_but_keep_every_bar() -> None:
    rows = [Row(f"2026-{m:02d}", f"{m:02d}.2026", m) for m in range(1, 13)] * 4
    svg = column_chart(rows, title="Months", width=300)
    assert svg.count("<rect") == len(rows)
    assert svg.count('text-anchor="middle">') < len(rows)


def test_the_map_has_a_tile_for_each_of_the_twenty_regions_and_a_legend() -> None:
    assert len(POSITIONS) == 20
    assert len(set(POSITIONS.values())) == 20  # no two regions on one square
    with translation.override("kk"):
        svg = tile_map({"KZ-75": 40, "KZ-71": 3}, {"KZ-75": "Алматы"}, title="Өңірлер")
    assert svg.count('class="tile"') == 20
    assert "Алматы: 40" in svg and "АЛА" in svg and "ШҚО" in svg
    assert "1–8" in svg and "33–40" in svg  # five even classes up to the largest count
