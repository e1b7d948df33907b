"""The roadmap's changes: items (``items``) and the customer's shared link (``sharing``).

The service catalog and the glossary, managed from the roadmap's pages, are apps of their own
below this one (``rapport.catalog``, ``rapport.plainlanguage``); their service functions are
named here too, so the roadmap's pages and API call one module.
"""

from rapport.catalog.services import (
    SERVICE_FIELDS,
    change_service_status,
    create_service,
    update_service,
)
from rapport.plainlanguage.services import (
    GLOSSARY_FIELDS,
    add_glossary_term,
    check_language,
    customer_overrides,
    delete_customer_term,
    delete_glossary_term,
    glossary_entries,
    load_starter_glossary,
    plain_language_problem,
    set_customer_term,
    update_glossary_term,
)

__all__ = [
    "GLOSSARY_FIELDS",
    "SERVICE_FIELDS",
    "add_glossary_term",
    "change_service_status",
    "check_language",
    "create_service",
    "customer_overrides",
    "delete_customer_term",
    "delete_glossary_term",
    "glossary_entries",
    "load_starter_glossary",
    "plain_language_problem",
    "set_customer_term",
    "update_glossary_term",
    "update_service",
]
