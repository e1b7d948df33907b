"""SVG charts: valid XML, the expected marks, untrusted text escaped."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from rapport.insights.charts import (
    FunnelPoint,
    HeatCell,
    TrendPoint,
    funnel_svg,
    heatmap_svg,
    trend_svg,
)

NS = "{http://www.w3.org/2000/svg}"
EVIL = '<script>alert("x")</script> & Co'


def _parse(svg):
    root = ET.fromstring(svg)  # noqa: S314 — our own output, not untrusted input
    assert root.tag == f"{NS}svg"
    return root


def _titles(root):
    return [t.text or "" for t in root.iter(f"{NS}title")]


def _save(name, svg):
    out = Path(__file__).resolve().parents[4] / "test-artifacts"
    out.mkdir(exist_ok=True)
    (out / name).write_text(svg)


def test_funnel_plot_has_limits_target_and_one_unlabelled_point_per_project():
    points = [FunnelPoint(n, 7 + (n % 5 - 2) * 0.3, f"Project {n}") for n in range(3, 40, 3)]
    points.append(FunnelPoint(10, 4.0, EVIL))
    svg = funnel_svg(points, target=7.0, sigma=1.2)
    _save("funnel.svg", svg)
    root = _parse(svg)
    marks = [e for e in root.iter() if (e.get("class") or "").startswith("project")]
    assert len(marks) == len(points)
    # Outside the alarm limits is a triangle, not only a colour (docs/accessibility.md).
    assert any(e.get("class") == "project alarm" and e.tag == f"{NS}path" for e in marks)
    classes = {p.get("class") for p in root.iter(f"{NS}path")}
    assert {"limit-warning", "limit-alarm"} <= classes
    # No visible label per point (no league table): names only inside <title> tooltips.
    texts = " ".join(t.text or "" for t in root.iter(f"{NS}text"))
    assert "Project 3" not in texts
    assert any("Project 3:" in t for t in _titles(root))
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert any(EVIL in t for t in _titles(root))
    assert any(t.startswith(EVIL) and "below the alarm limits" in t for t in _titles(root))


def test_funnel_without_points_says_so():
    root = _parse(funnel_svg([], target=7, sigma=1))
    assert any("No scores yet" in (t.text or "") for t in root.iter(f"{NS}text"))


def test_heatmap_colours_cells_by_health_with_tooltips():
    rows = ["Alpha", EVIL]
    periods = ["2026-01", "2026-02", "2026-03"]
    cells = {
        (0, 0): HeatCell("G", "mean 8.1, n=4"),
        (0, 1): HeatCell("A", "mean 6.9, n=3"),
        (1, 2): HeatCell("R", "mean 4.2, n=2"),
    }
    svg = heatmap_svg(rows, periods, cells)
    _save("heatmap.svg", svg)
    root = _parse(svg)
    rects = [r for r in root.iter(f"{NS}rect") if (r.get("class") or "").startswith("cell")]
    assert len(rects) == len(rows) * len(periods)
    assert sum(1 for r in rects if r.get("class") == "cell cell-R") == 1
    assert "Alpha, 2026-02: amber — mean 6.9, n=3" in _titles(root)
    assert "<script>" not in svg


@pytest.mark.parametrize("with_band", [True, False])
def test_trend_line_with_interval_band_and_gaps(with_band):
    values = [7.5, 7.8, None, 6.9, 6.1, 5.8]
    points = [
        TrendPoint(
            f"2026-0{i + 1}",
            v,
            v - 0.6 if with_band and v else None,
            v + 0.6 if with_band and v else None,
            n=3,
        )
        for i, v in enumerate(values)
    ]
    svg = trend_svg(points, title=EVIL, target=7)
    _save(f"trend-{with_band}.svg", svg)
    root = _parse(svg)
    lines = [p for p in root.iter(f"{NS}path") if p.get("class") == "line"]
    bands = [p for p in root.iter(f"{NS}path") if p.get("class") == "band"]
    assert len(lines) == 2  # the gap splits the line
    assert len(bands) == (2 if with_band else 0)
    assert len(list(root.iter(f"{NS}circle"))) == 5
    assert _titles(root)[0] == EVIL and "<script>" not in svg
