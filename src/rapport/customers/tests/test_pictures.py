"""The server-drawn pictures: accessible, and customer text drawn as text, never markup."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from hypothesis import given
from hypothesis import strategies as st

from rapport.customers.pictures import (
    GridPoint,
    PainMark,
    StagePoint,
    journey_picture,
    power_interest_grid,
)

SVG = "{http://www.w3.org/2000/svg}"
EVIL = '<script>alert(1)</script>"&'


def _parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 - our own output; raises if the markup is broken


def test_grid_has_a_title_a_description_and_one_dot_per_person():
    svg = power_interest_grid(
        [GridPoint("Ann Lee", 5, 5), GridPoint("Bo Chan", 1, 2), GridPoint("Cy Dunn", 5, 5)],
        title="Power and interest",
    )
    root = _parse(svg)
    assert root.get("role") == "img"
    assert root.find(f"{SVG}title").text == "Power and interest"
    assert "Ann Lee: power 5, interest 5" in root.find(f"{SVG}desc").text
    assert len(root.findall(f".//{SVG}circle")) == 3


def test_grid_and_journey_escape_customer_text():
    grid = power_interest_grid([GridPoint(EVIL, 3, 3)], title=EVIL)
    journey = journey_picture(
        [StagePoint(EVIL, -2), StagePoint("Intake", 1)], [PainMark(0, 5, EVIL)], title=EVIL
    )
    for svg in (grid, journey):
        assert "<script>" not in svg
        assert "&lt;script&gt;" in svg
        root = _parse(svg)
        texts = [el.text or "" for el in root.iter()]
        assert any(EVIL in t for t in texts), "the text survives, as text"


def test_journey_draws_a_line_through_the_stages_and_sizes_pains_by_severity():
    root = _parse(
        journey_picture(
            [StagePoint("Request", 2), StagePoint("Intake", -2), StagePoint("Delivery", 0)],
            [PainMark(1, 1, "small"), PainMark(1, 5, "big"), PainMark(2, 3, "gone", False)],
            title="Journey",
        )
    )
    line = root.find(f"{SVG}polyline")
    ys = [float(p.split(",")[1]) for p in line.get("points").split()]
    assert ys[0] < ys[2] < ys[1], "higher experience is drawn higher"
    pains = {c.get("class"): c for c in root.iter(f"{SVG}circle") if "pain" in c.get("class")}
    radii = sorted(float(c.get("r")) for c in root.iter(f"{SVG}circle") if "pain" in c.get("class"))
    assert radii == [6.0, 10.0, 14.0]
    assert "pain addressed" in pains


@given(
    st.lists(st.tuples(st.text(max_size=30), st.integers(-2, 2)), min_size=1, max_size=8),
    st.lists(st.tuples(st.integers(0, 7), st.integers(1, 5), st.text(max_size=40)), max_size=15),
)
def test_journey_is_always_well_formed(stages, pains):
    svg = journey_picture(
        [StagePoint(n, e) for n, e in stages],
        [PainMark(i, s, d) for i, s, d in pains],
        title="Any journey",
    )
    # Characters XML cannot hold at all are a property of the input, not of our escaping.
    if all(c.isprintable() or c in "\t\n" for n, _ in stages for c in n) and all(
        c.isprintable() for _, _, d in pains for c in d
    ):
        _parse(svg)
    assert "<script" not in svg.replace("&lt;script", "")
