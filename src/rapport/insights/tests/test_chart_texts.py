"""Charts without colour: every status has its letter in the SVG, every chart its text."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from rapport.insights.chart_texts import funnel_text, heatmap_text, trend_text
from rapport.insights.charts import (
    FunnelPoint,
    HeatCell,
    TrendPoint,
    funnel_svg,
    heatmap_svg,
)

NS = "{http://www.w3.org/2000/svg}"
EVIL = "<b>Bold</b> & Co"


def _parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 — our own output


def test_each_heatmap_cell_carries_its_status_letter():
    periods = ["2026-01", "2026-02"]
    cells = {(0, 0): HeatCell("G"), (0, 1): HeatCell("R"), (1, 0): HeatCell("A")}
    root = _parse(heatmap_svg(["Alpha", "Beta"], periods, cells))
    marks = [t.text for t in root.iter(f"{NS}text") if t.get("class") == "mark"]
    assert marks == ["G", "R", "A", "–"]  # row by row, the empty cell said as a dash
    # The legend pairs each letter with its word.
    texts = [t.text for t in root.iter(f"{NS}text")]
    legend = texts[-8:]  # four swatches, each its letter then its word
    assert legend == ["G", "green", "A", "amber", "R", "red", "–", "no data"]


def test_a_heatmap_with_links_is_a_group_not_an_image():
    svg = heatmap_svg(["Alpha"], ["2026-01"], {}, links=["/insights/project/1/"])
    assert _parse(svg).get("role") == "group"
    assert _parse(heatmap_svg(["Alpha"], ["2026-01"], {})).get("role") == "img"


def test_heatmap_text_has_a_row_per_project_and_a_column_per_month():
    periods = ["2026-01", "2026-02"]
    cells = {(0, 0): HeatCell("G"), (0, 1): HeatCell("R"), (1, 0): HeatCell("A")}
    text = heatmap_text(["Alpha", EVIL], periods, cells)
    assert text.headers == ("Project", "2026-01", "2026-02")
    assert text.rows == (("Alpha", "G (green)", "R (red)"), (EVIL, "A (amber)", "—"))
    assert text.summary == (
        "Health of 2 projects by month, 2026-01 to 2026-02. "
        "Latest month with a verdict: 1 amber and 1 red."
    )
    html = str(text.as_html())
    assert "<b>" not in html and "&lt;b&gt;Bold&lt;/b&gt; &amp; Co" in html
    assert html.startswith('<details class="chart-data"><summary>Data behind this chart')
    assert '<th scope="row">Alpha</th><td>G (green)</td>' in html
    assert '<details class="chart-data" open>' in str(text.as_html(open_=True))


def test_funnel_text_lists_projects_by_name_with_their_zone_and_side():
    points = [FunnelPoint(20, 4.0, "Zeta"), FunnelPoint(20, 7.1, "alpha")]
    points += [FunnelPoint(20, 9.5, "Omega"), FunnelPoint(20, 6.3, "Mu")]
    text = funnel_text(points, target=7.0, sigma=1.2)
    assert [r[0] for r in text.rows] == ["alpha", "Mu", "Omega", "Zeta"]  # by name, not score
    assert text.rows[0][3] == "inside the limits"
    assert text.rows[1][3] == "below the warning limits"
    assert text.rows[2][3] == "above the alarm limits"  # better than the target
    assert text.rows[3] == ("Zeta", "4.0", "20", "below the alarm limits")
    assert "1 inside the limits, 1 outside the warning limits, 2 outside the alarm" in text.summary
    assert "outside the limits, 2 are below them (under the target) and 1 above" in text.summary
    assert "below them" not in funnel_text(points[1:2], target=7.0, sigma=1.2).summary
    shapes = [e.get("class") for e in _parse(funnel_svg(points, target=7, sigma=1.2)).iter()]
    assert "project alarm" in shapes and "project" in shapes


def test_trend_text_says_the_gaps():
    points = [TrendPoint("2026-01", 7.0, 6.5, 7.5, 4), TrendPoint("2026-02", None)]
    points.append(TrendPoint("2026-03", 6.0, n=3))
    text = trend_text(points, title="Score", target=7)
    assert text.rows[1] == ("2026-02", "no answers", "—", "0")
    assert text.rows[0] == ("2026-01", "7.0", "6.5–7.5", "4")
    assert (
        text.summary
        == "Score: 6.0 in 2026-03, from 7.0 in 2026-01; target 7. 2 of 3 months have scores."
    )
    assert "no scores yet" in trend_text([], title="Score", target=None).summary


def test_a_dense_funnels_table_lists_the_projects_the_chart_draws():
    inside = [FunnelPoint(40, 7.0, f"In {i}") for i in range(30)]
    out = [FunnelPoint(40, 3.0, "Far"), FunnelPoint(40, 6.4, "Near")]
    text = funnel_text([*inside, *out], target=7.0, sigma=1.5, max_rows=10)
    assert [row[0] for row in text.rows] == ["Far", "Near"]
    assert "32 projects" in text.summary and "the other 30 are counted" in text.summary
    # More projects outside the limits than the budget: those the chart draws (below the
    # funnel first, the furthest out first; listed by name, not by how far out), and the rest
    # counted; the same size at any number of projects.
    many = [FunnelPoint(40, 5.0 + i * 0.01, f"Low {i:03d}") for i in range(100)]
    high = [FunnelPoint(40, 9.5, f"High {i}") for i in range(20)]  # further out, but above
    text = funnel_text([*inside, *high, *many, *out], target=7.0, sigma=1.5, max_rows=10)
    listed = [row[0] for row in text.rows]
    svg = funnel_svg([*inside, *high, *many, *out], target=7.0, sigma=1.5, max_points=10)
    marks = [e for e in _parse(svg).iter() if "project" in (e.get("class") or "").split()]
    drawn = [m.find(f"{NS}title").text.split(":")[0] for m in marks]
    assert len(listed) == 10 and sorted(listed, key=str.casefold) == listed
    assert listed == ["Far", *(f"Low {i:03d}" for i in range(9))] and set(listed) == set(drawn)
    assert "The table lists the 10 projects the chart draws" in text.summary
    assert "the other 142 are counted" in text.summary
    # With room to spare, those above the funnel are drawn too.
    assert len(funnel_text(high + out, target=7.0, sigma=1.5, max_rows=21).rows) == 21
    # At or below the budget, every project has its row, as before.
    assert len(funnel_text(inside[:8], target=7.0, sigma=1.5, max_rows=10).rows) == 8


def test_the_funnels_table_and_chart_place_every_project_alike():
    points = [FunnelPoint(n, 3.0 + k * 0.5, f"P{n}-{k}") for n in (1, 4, 30) for k in range(13)]
    for sigma in (0.0, 0.4, 1.5):
        text = funnel_text(points, target=7.0, sigma=sigma)
        svg = funnel_svg(points, target=7.0, sigma=sigma)
        marks = [e for e in _parse(svg).iter() if "project" in (e.get("class") or "").split()]
        drawn = {m.find(f"{NS}title").text.split(":")[0]: m.get("class") for m in marks}
        for name, _theta, _n, where in text.rows:
            kind = "alarm" if "alarm" in where else "warning" if "warning" in where else ""
            assert drawn[name] == f"project {kind}".strip(), (sigma, name, where)
    # No spread known: nothing stands out.
    assert {row[3] for row in funnel_text(points, target=7.0, sigma=0.0).rows} == {
        "inside the limits"
    }
