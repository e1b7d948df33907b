"""The health review at the scale of thousands of projects: a dense funnel, the customer
roll-up paginated, each customer's trend loaded on demand."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from rapport.insights import dashboard, views
from rapport.insights.charts import FunnelPoint, funnel_svg
from rapport.insights.tests.snapshots import snapshot_rows
from rapport.testing.factories import CustomerFactory, ProjectFactory

NS = "{http://www.w3.org/2000/svg}"
EVIL = '<script>alert("x")</script> & Co'


def _tip_count(rect: ET.Element) -> int:
    title = rect.find(f"{NS}title")
    assert title is not None and title.text
    return int(title.text.split(" ", 1)[0])


def test_a_dense_funnel_draws_the_furthest_outliers_and_counts_the_rest():
    inside = [FunnelPoint(40 + i % 10, 7.0 + (i % 7 - 3) * 0.05, f"In {i}") for i in range(300)]
    far = [FunnelPoint(40, 3.0 + i * 0.1, f"Far {i}", href=f"/p/{i}/") for i in range(5)]
    near = [FunnelPoint(40, 6.3 - i * 0.01, EVIL) for i in range(5)]  # around the alarm limit
    svg = funnel_svg([*inside, *far, *near], target=7.0, sigma=1.5, max_points=6)
    root = ET.fromstring(svg)  # noqa: S314 — our own output
    # Each drawn project is a mark of its own: a circle inside, a diamond or a triangle outside.
    marks = [e for e in root.iter() if "project" in (e.get("class") or "").split()]
    assert len(marks) == 6  # the five furthest out and the furthest near one (6.26 < 6.27)
    assert all(m.tag == f"{NS}path" and "alarm" in m.get("class") for m in marks)
    titles = [m.find(f"{NS}title").text for m in marks]
    assert sum("Far" in t for t in titles) == 5 and all("alarm" in t for t in titles)
    assert [a.get("href") for a in root.iter(f"{NS}a")][:5] == [f"/p/{i}/" for i in range(5)]
    squares = [r for r in root.iter(f"{NS}rect") if "density" in (r.get("class") or "")]
    assert sum(_tip_count(r) for r in squares) == 300 + 4  # every other project, counted once
    kinds = {r.get("class") for r in squares}
    assert kinds == {"density density-inside", "density density-warning"}
    assert "In 1" not in svg and "<script>" not in svg  # squares name nobody; names escaped
    # Below the threshold every project is a point, as before.
    few = ET.fromstring(funnel_svg(far + near, target=7.0, sigma=1.5, max_points=20))  # noqa: S314
    assert len([e for e in few.iter() if "project" in (e.get("class") or "").split()]) == 10


@pytest.mark.django_db
def test_the_page_shades_the_funnel_above_its_point_budget(client, alice, project, monkeypatch):
    many = [project, *ProjectFactory.create_batch(5, customer=project.customer)]
    snapshot_rows(many)
    monkeypatch.setattr(dashboard, "FUNNEL_POINTS", 1)
    client.force_login(alice)
    html = client.get("/insights/").content.decode()
    assert len(re.findall(r'class="project[ "]', html)) <= 1 and 'class="density density-' in html
    assert "6 projects" in html and "counted in the shaded squares" in html


@pytest.mark.django_db
def test_the_roll_up_is_paginated_and_loads_each_trend_on_demand(client, alice, monkeypatch):
    customers = [CustomerFactory(name=f"Customer {c}") for c in "ABC"]
    snapshot_rows([ProjectFactory(customer=c) for c in customers])
    monkeypatch.setattr(views, "ROLLUP_PAGE", 2)
    client.force_login(alice)
    html = client.get("/insights/").content.decode()
    assert "Customer A" in html and "Customer B" in html and "<h3" in html
    assert "Mean θ of its projects, by month →" in html
    trend = f"/insights/customer/{customers[0].pk}/trend/?until=2026-03"
    assert f'hx-get="{trend}"' in html and 'hx-trigger="intersect once"' in html
    assert '<path class="line"' not in html  # no trend drawn until asked for
    assert "Customers: page 1 of 2" in html
    html = client.get("/insights/", {"customers_page": 2}).content.decode()
    assert re.search(r"<h3[^>]*>Customer C", html) and not re.search(r"<h3[^>]*>Customer A", html)


@pytest.mark.django_db
def test_a_customers_trend_is_a_fragment_for_htmx_and_a_page_otherwise(
    client, alice, project, other_project
):
    snapshot_rows([project, other_project])
    client.force_login(alice)
    url = f"/insights/customer/{project.customer_id}/trend/"
    with CaptureQueriesContext(connection) as ctx:
        fragment = client.get(url, {"until": "2026-03"}, headers={"HX-Request": "true"})
    assert fragment.status_code == 200
    body = fragment.content.decode()
    assert body.strip().startswith("<svg") and 'class="line"' in body and "<html" not in body
    assert "2026-03" in body and len(ctx.captured_queries) <= 6
    page = client.get(url).content.decode()  # no htmx: a page, up to the latest month
    assert "<html" in page and f"Health trend of {project.customer.name}" in page
    assert 'class="line"' in page


@pytest.mark.django_db
def test_a_trend_follows_who_sees_what_and_refuses_a_bad_month(
    client, alice, carol, erin, project, other_project
):
    snapshot_rows([project, other_project])
    client.force_login(carol)  # a manager: their own projects' customers only
    assert client.get(f"/insights/customer/{other_project.customer_id}/trend/").status_code in (
        403,
        404,
    )
    client.force_login(erin)  # a sponsor reads the roll-up, trends included
    assert client.get(f"/insights/customer/{project.customer_id}/trend/").status_code == 200
    client.force_login(alice)
    bad = client.get(f"/insights/customer/{project.customer_id}/trend/", {"until": "2026-13"})
    assert bad.status_code == 400 and "YYYY-MM" in bad.content.decode()
