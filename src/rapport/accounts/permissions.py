"""The one place that answers "may this user see or do this?".

Every view, API route, export and command asks these functions; none decides on its own.

- PMO leads and analysts see everything; only PMO leads run the Django admin and the PMO's
  own set-up (services, principles, policies).
- Project managers see their own projects (and those projects' customers) in full.
- Executive sponsors see the portfolio and customers as aggregates: project headlines, never an
  individual response or comment.
- Nobody sees scores ordered, compared or aggregated by project manager, except a project
  manager looking at their own projects (DESIGN.md, "Privacy and fairness").
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from enum import StrEnum
from functools import wraps
from typing import TYPE_CHECKING, Any, TypeVar

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from rapport.accounts.models import Role

if TYPE_CHECKING:
    from rapport.accounts.models import User
    from rapport.customers.models import Customer, ListeningSession
    from rapport.feedback.models import Response
    from rapport.portfolio.models import Project


class Capability(StrEnum):
    """Things a role may do, independent of any one object."""

    ADMIN = "admin"  # the Django admin
    MANAGE_PMO = "manage_pmo"  # the PMO's own set-up: services, principles, policies, pledge
    MANAGE_PEOPLE = "manage_people"  # invite colleagues, change roles, deactivate (PMO lead)
    MANAGE_CUSTOMERS = "manage_customers"  # customers, stakeholders, projects
    IMPORT_DATA = "import_data"
    RUN_REVIEWS = "run_reviews"  # on projects the user may edit
    VIEW_PORTFOLIO = "view_portfolio"  # portfolio-wide aggregates
    VIEW_AUDIT_LOG = "view_audit_log"
    MANAGE_ALERTS = "manage_alerts"  # acknowledge and resolve early-warning alerts
    VIEW_READINESS = "view_readiness"  # the six-barrier self-assessment and its remedies
    ERASE_PERSONAL_DATA = "erase_personal_data"  # erase a stakeholder's data (PMO lead)


# What a refused person reads on the 403 page, per capability.
REFUSED: dict[Capability, Promise] = {
    Capability.ADMIN: _("Your role may not admin."),
    Capability.MANAGE_PMO: _("Your role may not manage pmo."),
    Capability.MANAGE_PEOPLE: _("Your role may not manage people."),
    Capability.MANAGE_CUSTOMERS: _("Your role may not manage customers."),
    Capability.IMPORT_DATA: _("Your role may not import data."),
    Capability.RUN_REVIEWS: _("Your role may not run reviews."),
    Capability.VIEW_PORTFOLIO: _("Your role may not view portfolio."),
    Capability.VIEW_AUDIT_LOG: _("Your role may not view audit log."),
    Capability.MANAGE_ALERTS: _("Your role may not manage alerts."),
    Capability.VIEW_READINESS: _("Your role may not view readiness."),
    Capability.ERASE_PERSONAL_DATA: _("Your role may not erase personal data."),
}

_PMO = {Role.PMO_LEAD, Role.PMO_ANALYST}

ROLE_CAPABILITIES: dict[str, frozenset[Capability]] = {
    Role.PMO_LEAD: frozenset(Capability),
    Role.PMO_ANALYST: frozenset(
        {
            Capability.MANAGE_CUSTOMERS,
            Capability.IMPORT_DATA,
            Capability.RUN_REVIEWS,
            Capability.VIEW_PORTFOLIO,
            Capability.VIEW_AUDIT_LOG,
            Capability.MANAGE_ALERTS,
            Capability.VIEW_READINESS,
        }
    ),
    Role.PROJECT_MANAGER: frozenset({Capability.RUN_REVIEWS}),
    Role.EXECUTIVE_SPONSOR: frozenset({Capability.VIEW_PORTFOLIO}),
}


class FigureScope(StrEnum):
    """What a score or count is computed over."""

    PORTFOLIO = "portfolio"
    CUSTOMER = "customer"
    PROJECT = "project"
    RESPONSE = "response"  # one person's answers or comment
    PROJECT_MANAGER = "project_manager"  # over one manager's projects: a self-view only


def _active(user: Any) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def is_pmo(user: Any) -> bool:
    return _active(user) and user.role in _PMO


def has_capability(user: Any, capability: Capability) -> bool:
    if not _active(user):
        return False
    return capability in ROLE_CAPABILITIES.get(user.role, frozenset())


def visible_projects(user: Any, queryset: QuerySet[Project] | None = None) -> QuerySet[Project]:
    """Projects whose headline (name, customer, status, health) this user may see."""
    from rapport.portfolio.models import Project

    qs = Project.objects.all() if queryset is None else queryset
    if not _active(user):
        return qs.none()
    if user.role in _PMO or user.role == Role.EXECUTIVE_SPONSOR:
        return qs
    if user.role == Role.PROJECT_MANAGER:
        return qs.filter(project_manager=user)
    return qs.none()


def visible_customers(user: Any, queryset: QuerySet[Customer] | None = None) -> QuerySet[Customer]:
    """Customers this user may see: all for PMO roles and sponsors; a manager's own customers
    (those of their projects, and those whose relationship they own)."""
    from rapport.customers.models import Customer

    qs = Customer.objects.all() if queryset is None else queryset
    if not _active(user):
        return qs.none()
    if user.role in _PMO or user.role == Role.EXECUTIVE_SPONSOR:
        return qs
    if user.role == Role.PROJECT_MANAGER:
        # Their projects' customers, and those whose relationship they own (the charter
        # reminder sends them to that customer's scorecard).
        return qs.filter(Q(projects__project_manager=user) | Q(relationship_owner=user)).distinct()
    return qs.none()


def can_view_project(user: Any, project: Project) -> bool:
    return visible_projects(user).filter(pk=project.pk).exists()


def can_view_customer(user: Any, customer: Customer) -> bool:
    return visible_customers(user).filter(pk=customer.pk).exists()


def can_manage_customers(user: Any) -> bool:
    """Create and edit customers, stakeholders, listening notes, journeys and concerns."""
    return has_capability(user, Capability.MANAGE_CUSTOMERS)


def can_manage_people(user: Any) -> bool:
    """Invite colleagues, change their role, deactivate and reactivate them: PMO leads."""
    return has_capability(user, Capability.MANAGE_PEOPLE)


def can_import_data(user: Any) -> bool:
    return has_capability(user, Capability.IMPORT_DATA)


def visible_listening_sessions(
    user: Any, queryset: QuerySet[ListeningSession] | None = None
) -> QuerySet[ListeningSession]:
    """Listening sessions of the customers this user sees; sponsors never see private notes."""
    from rapport.customers.models import ListeningSession

    qs = ListeningSession.objects.all() if queryset is None else queryset
    if not _active(user):
        return qs.none()
    qs = qs.filter(customer__in=visible_customers(user).values("pk"))
    if user.role == Role.EXECUTIVE_SPONSOR:
        qs = qs.filter(is_private=False)
    return qs


def can_view_listening_session(user: Any, session: ListeningSession) -> bool:
    return visible_listening_sessions(user).filter(pk=session.pk).exists()


def can_edit_project(user: Any, project: Project) -> bool:
    """Record reviews, scores, issues and actions on a project."""
    if not _active(user):
        return False
    if user.role in _PMO:
        return True
    return user.role == Role.PROJECT_MANAGER and project.project_manager_id == user.pk


def can_link_feedback_givers(user: Any, project: Project) -> bool:
    """Choose which of the customer's stakeholders give feedback on a project: PMO roles and
    the project's own manager (it is their monthly review)."""
    return can_edit_project(user, project)


def visible_alert_projects(
    user: Any, queryset: QuerySet[Project] | None = None
) -> QuerySet[Project]:
    """Projects whose early-warning alerts and signals this user may read.

    Alerts cite single answers ("a stakeholder scored 3"), so they follow feedback detail: PMO
    roles see all, a project manager their own projects; sponsors read health aggregates only.
    """
    from rapport.portfolio.models import Project

    qs = Project.objects.all() if queryset is None else queryset
    if not _active(user):
        return qs.none()
    if user.role in _PMO:
        return qs
    if user.role == Role.PROJECT_MANAGER:
        return qs.filter(project_manager=user)
    return qs.none()


def can_view_feedback_detail(user: Any, project: Project) -> bool:
    """Individual responses and comments (within the confidentiality rules of each survey)."""
    return can_edit_project(user, project)


def can_view_figure(
    user: Any,
    scope: FigureScope,
    *,
    project: Project | None = None,
    customer: Customer | None = None,
    manager: User | None = None,
) -> bool:
    """May ``user`` see a figure computed over ``scope``?

    A figure over one project manager's projects is a self-view: only that manager sees it. No
    other role, not even a PMO lead, gets figures grouped by manager: that is how ranking begins.
    """
    if not _active(user):
        return False
    if scope == FigureScope.PROJECT_MANAGER:
        return manager is not None and manager.pk == user.pk
    if scope == FigureScope.PORTFOLIO:
        return has_capability(user, Capability.VIEW_PORTFOLIO)
    if scope == FigureScope.CUSTOMER:
        return customer is not None and can_view_customer(user, customer)
    if scope == FigureScope.PROJECT:
        return project is not None and can_view_project(user, project)
    if scope == FigureScope.RESPONSE:
        return project is not None and can_view_feedback_detail(user, project)
    return False


def can_run_reviews(user: Any, project: Project) -> bool:
    """Open cycles, record meetings, issues and actions, close with the summary."""
    return has_capability(user, Capability.RUN_REVIEWS) and can_edit_project(user, project)


def can_view_individual_responses(user: Any, project: Project, confidentiality: str) -> bool:
    """Who said what, under a cycle's confidentiality level.

    Attributed: whoever sees feedback detail. Confidential: PMO roles only (the project manager
    sees aggregates). Anonymous: nobody, there is no "who" stored.
    """
    if confidentiality == "anonymous":
        return False
    if confidentiality == "confidential":
        return is_pmo(user)
    return can_view_feedback_detail(user, project)


def readable_responses(user: Any, queryset: QuerySet[Response]) -> QuerySet[Response]:
    """The responses of ``queryset`` whose answers ``user`` may read one by one, with who gave
    them: ``can_view_individual_responses`` as a filter, for lists and exports. Anonymous
    answers never; confidential ones for PMO roles; attributed ones on the projects whose
    feedback detail the user reads."""
    if not _active(user):
        return queryset.none()
    readable = Q(confidentiality="attributed", project__in=visible_alert_projects(user))
    if is_pmo(user):
        readable |= Q(confidentiality="confidential")
    return queryset.filter(readable)


def can_view_small_group_scores(user: Any, project: Project) -> bool:
    """Scores from fewer than k people that are not protected, such as the scores agreed openly
    in one meeting (one row, often one person's view): whoever sees the project's feedback
    detail. Sponsors read aggregates of at least k people only."""
    return can_view_feedback_detail(user, project)


def can_read_issue_text(user: Any, project: Project, confidentiality: str) -> bool:
    """The words of a review's issues and actions. In a confidential or anonymous review they
    are the customer's words said in confidence: the PMO and the project's manager read them
    (relayed with consent); sponsors see only how many there are."""
    if confidentiality in ("confidential", "anonymous"):
        return can_view_feedback_detail(user, project)
    return can_view_project(user, project)


def issue_text_check(user: Any, project_ids: Iterable[int]) -> Callable[[int, str], bool]:
    """``can_read_issue_text`` for many rows of visible projects at once: one query for those
    of ``project_ids`` whose feedback detail ``user`` reads; the check takes a row's project id
    and its words' level (lists, the API, exports)."""
    detail = set(
        visible_alert_projects(user)
        .filter(pk__in=set(project_ids))
        .order_by()
        .values_list("pk", flat=True)
    )
    return lambda project_id, level: level == "attributed" or project_id in detail


def can_oversee_reviews(user: Any) -> bool:
    """All review cycles in flight, across the portfolio: PMO roles."""
    return is_pmo(user)


def can_manage_comment_topics(user: Any) -> bool:
    """The taxonomy of comment topics (add, edit, switch off): PMO roles, who also read the
    themes it produces."""
    return is_pmo(user)


def can_run_pulse(user: Any) -> bool:
    """The PMO service pulse: see every round and its figures, open and close rounds. PMO roles
    (the pulse is about the PMO's service as a whole, not one project)."""
    return is_pmo(user)


def can_view_mail_log(user: Any) -> bool:
    """The outbox of emails sent to customers: PMO roles."""
    return is_pmo(user)


F = TypeVar("F", bound=Callable[..., Any])


def require_capability(capability: Capability) -> Callable[[F], F]:
    """View decorator: sign-in required, then 403 unless the user's role has ``capability``."""

    def decorator(view: F) -> F:
        @wraps(view)
        def wrapped(request: Any, *args: Any, **kwargs: Any) -> Any:
            if not has_capability(request.user, capability):
                raise PermissionDenied(REFUSED[capability])
            return view(request, *args, **kwargs)

        return login_required(wrapped)  # type: ignore[return-value]

    return decorator


def can_manage_roadmap(user: Any) -> bool:
    """Edit a customer's roadmap, replan it, share it and decide on the customer's input."""
    return has_capability(user, Capability.MANAGE_CUSTOMERS)


def can_view_customer_input(user: Any, customer: Customer) -> bool:
    """The customer's own comments on their roadmap: the PMO and the customer's project managers.

    Sponsors read the roadmap itself, never an individual stakeholder's words.
    """
    if not _active(user) or user.role == Role.EXECUTIVE_SPONSOR:
        return False
    return can_view_customer(user, customer)


def customer_input_customers(
    user: Any, queryset: QuerySet[Customer] | None = None
) -> QuerySet[Customer]:
    """Customers whose own comments on their roadmap ``user`` may read
    (``can_view_customer_input`` as a filter)."""
    qs = visible_customers(user, queryset)
    if _active(user) and user.role == Role.EXECUTIVE_SPONSOR:
        return qs.none()
    return qs


def concern_detail_customers(
    user: Any, queryset: QuerySet[Customer] | None = None
) -> QuerySet[Customer]:
    """Customers whose named concerns (the words, who raised them) this user may read.

    Whoever sees the customer, except sponsors for a customer whose feedback culture is
    confidential or anonymous: sponsors read aggregates only, so they see how many concerns
    there are and how old, never what was said or by whom.
    """
    qs = visible_customers(user, queryset)
    if _active(user) and user.role == Role.EXECUTIVE_SPONSOR:
        qs = qs.exclude(feedback_culture__in=("confidential", "anonymous"))
    return qs


def can_view_concern_detail(user: Any, customer: Customer) -> bool:
    """May ``user`` read the customer's concerns by name (see ``concern_detail_customers``)?"""
    return concern_detail_customers(user).filter(pk=customer.pk).exists()


def concern_author_customers(
    user: Any, queryset: QuerySet[Customer] | None = None
) -> QuerySet[Customer]:
    """Customers whose concerns ``user`` may read with who raised them.

    Who said what, at a customer who gives feedback in confidence or anonymously, stays with
    the PMO team (docs/privacy.md): project managers and sponsors read the words, not the name.
    """
    qs = concern_detail_customers(user, queryset)
    if _active(user) and user.role in (Role.PROJECT_MANAGER, Role.EXECUTIVE_SPONSOR):
        qs = qs.exclude(feedback_culture__in=("confidential", "anonymous"))
    return qs


def can_view_concern_author(user: Any, customer: Customer) -> bool:
    """May ``user`` see who raised the customer's concerns (``concern_author_customers``)?"""
    return concern_author_customers(user).filter(pk=customer.pk).exists()


def can_manage_charter(user: Any) -> bool:
    """Start or change a customer's partnership charter and its principles."""
    return has_capability(user, Capability.MANAGE_CUSTOMERS)


def require_predicate(predicate: Callable[[Any], bool], message: str | Promise) -> Callable[[F], F]:
    """View decorator: sign-in required, then 403 with ``message`` unless ``predicate(user)``.

    Checked before the view's own method check, so a refused user gets 403 even on a GET to a
    POST-only URL.
    """

    def decorator(view: F) -> F:
        @wraps(view)
        def wrapped(request: Any, *args: Any, **kwargs: Any) -> Any:
            if not predicate(request.user):
                raise PermissionDenied(message)
            return view(request, *args, **kwargs)

        return login_required(wrapped)  # type: ignore[return-value]

    return decorator
