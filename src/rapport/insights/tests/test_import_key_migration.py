"""Imported answers' keys moved from their own table onto the response, unchanged, so a file
imported before the move still matches (and the move can be undone)."""

from __future__ import annotations

import hashlib
import uuid

import pytest

from rapport.testing.migrations import migrate_to, migrate_to_latest

BEFORE = [("insights", "0006_snapshot_latest"), ("feedback", "0011_outbox_pack_and_digest_kinds")]
AFTER = [("insights", "0007_import_keys_on_the_response")]


@pytest.mark.django_db(transaction=True)
def test_import_keys_move_onto_their_responses_and_back() -> None:
    old = migrate_to(BEFORE)
    customer = old.get_model("customers", "Customer").objects.create(name="Group Finance")
    project = old.get_model("portfolio", "Project").objects.create(name="Ledger", customer=customer)
    # Its own question set: a test before this one may have emptied the seeded tables.
    question_set = old.get_model("feedback", "QuestionSet").objects.create(
        key="import-key-move", version=1, title="Moved keys"
    )
    cycle = old.get_model("feedback", "ReviewCycle").objects.create(
        project=project, period="2025-03", question_set=question_set
    )
    response = old.get_model("feedback", "Response")
    answers = [
        response.objects.create(
            id=uuid.uuid4(),
            project=project,
            cycle=cycle,
            period="2025-03",
            source="import",
            confidentiality="named",
            question_set=question_set,
            submitted_on="2025-03-01",
        )
        for _ in range(3)
    ]
    keys = {
        a.pk: hashlib.sha256(f"{project.pk}|2025-03|{n}".encode()).hexdigest()
        for n, a in enumerate(answers[:2])
    }
    imported = old.get_model("insights", "ImportedResponse")
    for pk, key in keys.items():
        imported.objects.create(key=key, response_id=pk)

    new = migrate_to(AFTER)
    moved = dict(new.get_model("feedback", "Response").objects.values_list("pk", "import_key"))
    assert {pk: bytes(key).hex() for pk, key in moved.items() if key is not None} == keys
    assert moved[answers[2].pk] is None  # an answer given in Rapport has no key

    back = migrate_to(BEFORE)
    assert (
        dict(
            back.get_model("insights", "ImportedResponse").objects.values_list("response_id", "key")
        )
        == keys
    )
    migrate_to_latest()
