"""Customer pages in the console, one module per concept."""

from rapport.customers.views.concerns import (
    concern_create,
    concern_detail,
    concern_edit,
    concern_list,
)
from rapport.customers.views.journey import (
    journey,
    journey_start,
    pain_create,
    pain_edit,
    stage_create,
    stage_edit,
    stage_move,
    stage_remove,
)
from rapport.customers.views.listening import (
    question_edit,
    question_list,
    session_create,
    session_detail,
    session_edit,
    session_list,
    value_add,
)
from rapport.customers.views.profile import (
    customer_create,
    customer_detail,
    customer_edit,
    customer_list,
)
from rapport.customers.views.stakeholders import (
    stakeholder_create,
    stakeholder_edit,
    stakeholder_link,
    stakeholder_unlink,
)

__all__ = [
    "concern_create",
    "concern_detail",
    "concern_edit",
    "concern_list",
    "customer_create",
    "customer_detail",
    "customer_edit",
    "customer_list",
    "journey",
    "journey_start",
    "pain_create",
    "pain_edit",
    "question_edit",
    "question_list",
    "session_create",
    "session_detail",
    "session_edit",
    "session_list",
    "stage_create",
    "stage_edit",
    "stage_move",
    "stage_remove",
    "stakeholder_create",
    "stakeholder_edit",
    "stakeholder_link",
    "stakeholder_unlink",
    "value_add",
]
