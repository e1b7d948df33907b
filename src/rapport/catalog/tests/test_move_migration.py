"""The glossary and the service catalog moved out of the roadmap app with their data.

Migrates a database back to before the move, writes rows the old way, migrates forward and
reads them through the new apps' models (then back again and forward, both ways are safe).
"""

from __future__ import annotations

import pytest

from rapport.testing.migrations import migrate_to, migrate_to_latest

BEFORE = [
    ("audit", "0001_initial"),
    ("roadmap", "0003_roadmap_items_share_links"),
    ("plainlanguage", None),
    ("catalog", None),
]
AFTER = [
    ("roadmap", "0004_glossary_and_services_move_out"),
    ("plainlanguage", "0001_initial"),
    ("catalog", "0001_initial"),
]


@pytest.mark.django_db(transaction=True)
def test_moved_models_keep_their_rows_history_and_links() -> None:
    old = migrate_to(BEFORE)
    customer = old.get_model("customers", "Customer").objects.create(name="Group Finance")
    term = old.get_model("roadmap", "GlossaryTerm").objects.create(
        term="zz-moved-term", plain="plain words"
    )
    old.get_model("roadmap", "CustomerTerm").objects.create(
        customer=customer, glossary_term=term, customer_word="their word"
    )
    service = old.get_model("roadmap", "Service").objects.create(
        name="Moved service", outcome="You get answers sooner."
    )
    service.customers.add(customer)
    old.get_model("roadmap", "RoadmapItem").objects.create(
        customer=customer, title="An item", outcome="Less waiting.", service=service
    )
    old.get_model("audit", "AuditEntry").objects.create(
        action="roadmap.service.created", object_type="roadmap.service", object_id=str(service.pk)
    )

    migrate_to(AFTER)
    migrate_to_latest()

    from rapport.audit.services import history_for
    from rapport.catalog.models import Service
    from rapport.plainlanguage.models import CustomerTerm, GlossaryTerm
    from rapport.roadmap.models import RoadmapItem

    moved = Service.objects.get(pk=service.pk)
    assert [c.name for c in moved.customers.all()] == ["Group Finance"]
    assert RoadmapItem.objects.get(title="An item").service == moved
    assert [e.action for e in history_for(moved)] == ["roadmap.service.created"]
    assert GlossaryTerm.objects.get(pk=term.pk).plain == "plain words"
    assert CustomerTerm.objects.get(glossary_term_id=term.pk).customer_word == "their word"

    # And back: the rows are still there under the roadmap app's old state.
    back = migrate_to(BEFORE)
    assert back.get_model("roadmap", "Service").objects.get(pk=service.pk).name == "Moved service"
    assert back.get_model("audit", "AuditEntry").objects.get().object_type == "roadmap.service"
    migrate_to_latest()
    assert Service.objects.filter(pk=service.pk).exists()
