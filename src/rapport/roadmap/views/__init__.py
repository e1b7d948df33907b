"""Console pages for the service catalog, the glossary and the plain-language check. Thin."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rapport.accounts.http import AuthenticatedRequest
from rapport.accounts.permissions import (
    Capability,
    has_capability,
    require_capability,
    visible_customers,
)
from rapport.audit.services import history_for
from rapport.catalog.models import Service, ServiceStatus
from rapport.console.filters import known_choice
from rapport.console.forms import focus_first_error, save_through
from rapport.console.pagination import paginate, query_without_page
from rapport.customers.models import Customer, PainPoint
from rapport.feedback.pulse.figures import latest_service_help
from rapport.plainlanguage.models import CustomerTerm, GlossaryTerm
from rapport.roadmap import services
from rapport.roadmap.forms import CustomerTermForm, GlossaryTermForm, LanguageCheckForm, ServiceForm
from rapport.roadmap.texts import CATALOG_INTRO


def _can_manage(request: AuthenticatedRequest) -> bool:
    return has_capability(request.user, Capability.MANAGE_PMO)


# --- the plain-language check ------------------------------------------------------------------


@login_required
@require_POST
def language_check(request: AuthenticatedRequest) -> HttpResponse:
    """htmx: check the posted text and return the report partial.

    The text comes in the field named by ``_field`` (the widget's own name), or in ``text``.
    """
    field = request.POST.get("_field") or "text"
    data = {"text": request.POST.get(field, ""), "customer": request.POST.get("customer") or None}
    form = LanguageCheckForm(data)
    customer = None
    if form.is_valid():
        customer = form.cleaned_data["customer"]
        if customer is not None and not visible_customers(request.user).filter(pk=customer.pk):
            customer = None
        # The text's language when the widget says it (a translation), else the customer's.
        report = services.check_language(
            form.cleaned_data["text"],
            customer=customer,
            language=request.POST.get("language") or None,
        )
    else:
        report = None
    return render(
        request,
        "roadmap/includes/language_report.html",
        {"report": report, "error": None if report else _("The text is too long to check.")},
    )


# --- services ----------------------------------------------------------------------------------


@login_required
def service_list(request: AuthenticatedRequest) -> HttpResponse:
    status = known_choice(request, "status", ServiceStatus.values, label=_("Status"))
    services_qs = Service.objects.select_related("owner").annotate(
        customer_count=Count("customers", distinct=True)
    )
    if status:
        services_qs = services_qs.filter(status=status)
    return render(
        request,
        "roadmap/service_list.html",
        {
            "page": paginate(request, services_qs.order_by("name", "pk")),
            "status": status,
            "statuses": ServiceStatus.choices,
            "query": query_without_page(request),
            "can_manage": _can_manage(request),
            "intro": CATALOG_INTRO,
        },
    )


@login_required
def service_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    service = get_object_or_404(Service.objects.select_related("owner"), pk=pk)
    seen = visible_customers(request.user).values("pk")
    # Services meet pain points through roadmap items (docs/decisions/0003-roadmap-and-charter.md).
    pains = (
        PainPoint.objects.filter(roadmap_items__service=service, customer__in=seen)
        .select_related("customer", "stage")
        .distinct()
        .order_by("customer__name", "-severity", "pk")[:50]
    )
    return render(
        request,
        "roadmap/service_detail.html",
        {
            "service": service,
            "customers": visible_customers(request.user, service.customers.all()),
            "pains": pains,
            "item_customers": visible_customers(
                request.user, Customer.objects.filter(roadmap_items__service=service).distinct()
            ),
            "report": services.check_language(service.outcome),
            "history": history_for(service)[:10],
            "can_manage": _can_manage(request),
            "pulse": latest_service_help(service.pk, seen.values_list("pk", flat=True)),
        },
    )


def _save_service(
    request: AuthenticatedRequest, form: ServiceForm, service: Service | None
) -> Service | None:
    return save_through(
        form,
        by=request.user,
        create=services.create_service,
        update=services.update_service,
        instance=service,
    )


@require_capability(Capability.MANAGE_PMO)
def service_create(request: AuthenticatedRequest) -> HttpResponse:
    form = ServiceForm(request.POST or None, initial={"owner": request.user})
    if request.method == "POST":
        service = _save_service(request, form, None)
        if service:
            messages.success(
                request, _("Service “%(service)s” added as an idea.") % {"service": service}
            )
            return redirect(service)
    return render(request, "roadmap/service_form.html", {"form": form, "service": None})


@require_capability(Capability.MANAGE_PMO)
def service_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    service = get_object_or_404(Service, pk=pk)
    form = ServiceForm(request.POST or None, instance=Service.objects.get(pk=pk))
    if request.method == "POST" and _save_service(request, form, service):
        messages.success(request, _("Changes saved."))
        return redirect(service)
    return render(request, "roadmap/service_form.html", {"form": form, "service": service})


@require_capability(Capability.MANAGE_PMO)
@require_POST
def service_status(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    service = get_object_or_404(Service, pk=pk)
    try:
        services.change_service_status(service, request.POST.get("status", ""), by=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        service.refresh_from_db()
        messages.success(
            request,
            _("“%(service)s” is now %(status)s.")
            % {"service": service, "status": service.get_status_display().lower()},
        )
    return redirect(service)


# --- glossary ----------------------------------------------------------------------------------


@login_required
def glossary(request: AuthenticatedRequest) -> HttpResponse:
    return _glossary_page(request, GlossaryTermForm(initial={"active": True}, prefix="new"))


def _glossary_page(
    request: AuthenticatedRequest, form: GlossaryTermForm, status: int = 200
) -> HttpResponse:
    """The glossary; a term refused without htmx comes back in the form as it was sent (400)."""
    q = request.GET.get("q", "").strip()
    terms = GlossaryTerm.objects.order_by("term", "pk")
    if q:
        terms = terms.filter(term__icontains=q) | terms.filter(plain__icontains=q)
    return render(
        request,
        "roadmap/glossary.html",
        {
            "page": paginate(request, terms),
            "q": q,
            "query": query_without_page(request),
            "can_manage": _can_manage(request),
            "form": form,
        },
        status=status,
    )


def _row(request: AuthenticatedRequest, term: GlossaryTerm, status: int = 200) -> HttpResponse:
    return render(
        request,
        "roadmap/includes/glossary_row.html",
        {"term": term, "can_manage": _can_manage(request)},
        status=status,
    )


@require_capability(Capability.MANAGE_PMO)
@require_POST
def glossary_add(request: AuthenticatedRequest) -> HttpResponse:
    form = GlossaryTermForm(request.POST, prefix="new")
    term = None
    if form.is_valid():
        try:
            term = services.add_glossary_term(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
    if request.htmx:
        if term is None:
            # Show the form again with its errors, in place of the form.
            response = render(request, "roadmap/includes/glossary_add.html", {"form": form})
            response["HX-Retarget"] = "#glossary-add"
            response["HX-Reswap"] = "outerHTML"
            return response
        response = render(
            request,
            "roadmap/includes/glossary_row.html",
            {"term": term, "can_manage": True, "just_added": True},
        )
        response["HX-Trigger"] = "glossary-added"
        if GlossaryTerm.objects.count() == 1:  # the page showed the empty state: reload it
            response["HX-Refresh"] = "true"
        return response
    if term is None:
        focus_first_error(form)
        return _glossary_page(request, form, status=400)
    messages.success(request, _("“%(term)s” added to the glossary.") % {"term": term.term})
    return redirect("roadmap:glossary")


@login_required
def glossary_row(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """htmx: one row of the glossary (after cancelling an edit)."""
    return _row(request, get_object_or_404(GlossaryTerm, pk=pk))


@require_capability(Capability.MANAGE_PMO)
def glossary_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """htmx: GET the row as a form; POST saves it and returns the row."""
    term = get_object_or_404(GlossaryTerm, pk=pk)
    form = GlossaryTermForm(request.POST or None, instance=GlossaryTerm.objects.get(pk=pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_glossary_term(term, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if not request.htmx:
                messages.success(request, _("Glossary term saved."))
                return redirect("roadmap:glossary")
            return _row(request, term)
    return render(request, "roadmap/includes/glossary_edit_row.html", {"term": term, "form": form})


@require_capability(Capability.MANAGE_PMO)
@require_POST
def glossary_delete(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    term = get_object_or_404(GlossaryTerm, pk=pk)
    services.delete_glossary_term(term, by=request.user)
    if request.htmx:
        return HttpResponse("")
    messages.success(request, _("Glossary term deleted."))
    return redirect("roadmap:glossary")


# --- customers' own words ----------------------------------------------------------------------


@login_required
def customer_terms(request: AuthenticatedRequest) -> HttpResponse:
    can_manage = has_capability(request.user, Capability.MANAGE_CUSTOMERS)
    form = CustomerTermForm(request.POST or None)
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied(_("Your role may not manage customers."))
        if form.is_valid():
            try:
                services.set_customer_term(
                    form.cleaned_data["customer"],
                    form.cleaned_data["glossary_term"],
                    form.cleaned_data["customer_word"],
                    by=request.user,
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Their word is saved."))
                return redirect("roadmap:customer_terms")
    visible = visible_customers(request.user)
    terms = (
        CustomerTerm.objects.filter(customer__in=visible)
        .select_related("customer", "glossary_term")
        .order_by("customer__name", "glossary_term__term", "pk")
    )
    vocabulary = sorted(
        {w for words in visible.values_list("vocabulary", flat=True) for w in (words or [])},
        key=str.lower,
    )
    return render(
        request,
        "roadmap/customer_terms.html",
        {
            "page": paginate(request, terms),
            "query": query_without_page(request),
            "form": form,
            "can_manage": can_manage,
            "vocabulary": vocabulary,
        },
    )


@require_capability(Capability.MANAGE_CUSTOMERS)
@require_POST
def customer_term_delete(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    term = get_object_or_404(
        CustomerTerm.objects.select_related("customer", "glossary_term"), pk=pk
    )
    services.delete_customer_term(term, by=request.user)
    messages.success(request, _("Removed."))
    return redirect("roadmap:customer_terms")
