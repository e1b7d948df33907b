"""The sponsor's home says how the relationships stand, not only delivery: the latest health of
the active projects, in all and per customer, as the health review counts it."""

from __future__ import annotations

import pytest

from rapport.insights.tests.snapshots import snapshot_rows
from rapport.testing.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def test_the_sponsor_sees_health_with_the_customer(client, erin, customer, other_customer):
    projects = [ProjectFactory(name=f"P{i}", customer=customer) for i in range(3)]
    projects.append(ProjectFactory(name="Other", customer=other_customer))
    closed = ProjectFactory(name="Closed one", customer=customer, state="closed")
    # The latest month's status cycles G, A, R by project: P0 R, P1 G, P2 A, Other R.
    snapshot_rows([*projects, closed])
    client.force_login(erin)
    html = client.get("/").content.decode()
    assert "Health with the customer" in html
    assert (
        'Latest month of each project: <span class="pill G">1</span> green · '
        '<span class="pill A">1</span> amber · <span class="pill R">2</span> red'
    ) in html  # active projects only: the closed one is left out
    assert 'href="/insights/"' in html and "customer relationships in the red" in html
    row = html[html.index(customer.name + "</a>") :].split("</tr>")[0]
    assert '<span class="pill G">1<span class="visually-hidden"> green</span></span>' in row
    assert '<span class="pill A">1<span class="visually-hidden"> amber</span></span>' in row
    assert '<span class="pill R">1<span class="visually-hidden"> red</span></span>' in row


def test_no_health_card_before_any_review(client, erin, project):
    client.force_login(erin)
    html = client.get("/").content.decode()
    assert "Health with the customer" not in html and "active projects" in html
