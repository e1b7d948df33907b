"""Customer text is untrusted: `<script>` in every text field renders inert in the console
pages, comes back from the API as JSON data, and is escaped in the import report."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from rapport.customers import services

pytestmark = pytest.mark.django_db
EVIL = "<script>alert('x')</script>"
ESCAPED = "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;"


@pytest.fixture
def evil_world(alice, project):
    customer = project.customer
    services.update_customer(
        customer,
        by=alice,
        name=f"Retail {EVIL}",
        value_provided=EVIL,
        serves=EVIL,
        motivations=EVIL,
        priorities=[EVIL],
        vocabulary=[EVIL],
    )
    person = services.create_stakeholder(
        customer, by=alice, name=f"Eve {EVIL}", email="eve@x.test", role=EVIL
    )
    session = services.create_listening_session(
        customer,
        by=alice,
        attendees=[person],
        others_present=EVIL,
        questions=[EVIL],
        story=EVIL,
    )
    services.add_value_statement(session, by=alice, text=EVIL, weight=5)
    services.create_listening_question(by=alice, text=EVIL)
    stage = services.add_journey_stage(customer, by=alice, name=EVIL, notes=EVIL, experience=-1)
    pain = services.create_pain_point(customer, by=alice, stage=stage, description=EVIL)
    concern = services.create_concern(
        customer, by=alice, text=EVIL, raised_by_text=EVIL, raised_by=None
    )
    services.transition_concern(concern, "responded", by=alice, response=EVIL)
    return {
        "customer": customer,
        "person": person,
        "session": session,
        "stage": stage,
        "pain": pain,
        "concern": concern,
    }


def test_every_console_page_renders_customer_text_inert(client, alice, evil_world):
    c = evil_world["customer"].pk
    w = evil_world
    urls = [
        f"/customers/{c}/",
        "/customers/",
        f"/customers/{c}/listening/",
        f"/customers/{c}/listening/{w['session'].pk}/",
        f"/customers/{c}/listening/{w['session'].pk}/edit/",
        f"/customers/{c}/listening/new/",
        "/customers/listening-questions/",
        f"/customers/{c}/journey/",
        f"/customers/{c}/journey/stages/{w['stage'].pk}/edit/",
        f"/customers/{c}/journey/pains/{w['pain'].pk}/edit/",
        f"/customers/{c}/concerns/",
        f"/customers/{c}/concerns/{w['concern'].pk}/",
        f"/customers/{c}/concerns/{w['concern'].pk}/edit/",
        f"/customers/{c}/stakeholders/{w['person'].pk}/edit/",
        f"/customers/{c}/edit/",
    ]
    client.force_login(alice)
    for url in urls:
        page = client.get(url).content.decode()
        assert EVIL not in page, url
        assert "<script>alert" not in page, url
        assert ESCAPED in page or "&lt;script&gt;" in page, url


def test_pictures_on_the_customer_page_escape_names(client, alice, evil_world):
    client.force_login(alice)
    page = client.get(f"/customers/{evil_world['customer'].pk}/").content.decode()
    svg = page[page.index("<svg") : page.rindex("</svg>")]
    assert "<script" not in svg and "&lt;script&gt;" in svg


def test_the_api_returns_customer_text_as_json_data(client, alice, evil_world):
    client.force_login(alice)
    c = evil_world["customer"].pk
    for url in [
        f"/api/customers/{c}",
        f"/api/customers/stakeholders/?customer_id={c}",
        f"/api/customers/listening-sessions/?customer_id={c}",
        f"/api/customers/journey-stages/?customer_id={c}",
        f"/api/customers/pain-points/?customer_id={c}",
        f"/api/customers/concerns/?customer_id={c}",
    ]:
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/json"), url
        assert EVIL in str(response.json()), "kept as data, byte for byte"


def test_the_import_report_escapes_cell_values(client, alice, customer):
    client.force_login(alice)
    data = f"email,name,customer\nx@x.test,X,{EVIL}\n".encode()
    page = client.post(
        "/imports/",
        {"kind": "stakeholders", "file": SimpleUploadedFile("p.csv", data), "commit": "on"},
    ).content.decode()
    assert "Unknown customer" in page and EVIL not in page and "&lt;script&gt;" in page
