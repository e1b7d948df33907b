"""The JSON API against its own OpenAPI schema: schemathesis generates requests for every
operation (valid and invalid ones: wrong types, out-of-range numbers, nulls, long and odd
strings) and calls the WSGI application in process, as a signed-in PMO lead with a token.

Every answer must be documented in the schema and none may be a server error. The example
count is bounded so that the run takes well under a minute on each database
(``RAPPORT_SCHEMATHESIS_EXAMPLES`` to raise it locally)."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import status_code_conformance

from rapport.accounts import services
from rapport.accounts.models import User
from rapport.portfolio.models import Project
from rapport.wsgi import application

EXAMPLES = int(os.environ.get("RAPPORT_SCHEMATHESIS_EXAMPLES", "15"))

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application)


@pytest.fixture
def token(alice: User, project: Project) -> Iterator[str]:
    # As Django's test client does: the request signals would close the test's connection,
    # which holds the test's transaction.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield services.issue_api_token(alice, name="schemathesis")[1]
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
@pytest.mark.django_db
def test_every_answer_is_documented_and_none_is_a_server_error(case, token: str) -> None:
    case.call_and_validate(
        headers={"Authorization": f"Bearer {token}"},
        checks=[not_a_server_error, status_code_conformance],
    )
