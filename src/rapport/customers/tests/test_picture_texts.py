"""The journey's text alternative: every stage and pain in words, escaped."""

from __future__ import annotations

from rapport.customers.pictures import PainMark, StagePoint, journey_text, journey_with_text


def test_journey_text_names_each_stage_its_experience_and_pains():
    stages = [StagePoint("Intake", -2), StagePoint("<b>Delivery</b>", 1)]
    pains = [PainMark(0, 4, "Forms lost", True), PainMark(0, 2, "Slow reply", False)]
    text = journey_text(stages, pains)
    assert text.summary == "2 stages, 1 open pain point; the worst experience is Intake (-2)."
    assert text.rows[0] == (
        "Intake",
        "-2",
        "severity 4, open: Forms lost; severity 2, addressed: Slow reply",
    )
    assert text.rows[1] == ("<b>Delivery</b>", "+1", "none")
    html = str(journey_with_text(stages, pains, title="Journey"))
    assert html.startswith("<svg") and '<details class="chart-data">' in html
    assert "&lt;b&gt;Delivery&lt;/b&gt;" in html and "<b>" not in html
