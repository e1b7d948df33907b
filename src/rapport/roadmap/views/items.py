"""Console pages for a customer's roadmap: items, replanning, share links, the customer's input."""

from __future__ import annotations

from typing import Any, cast

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from rapport.accounts.http import AuthenticatedRequest
from rapport.accounts.permissions import (
    can_manage_roadmap,
    can_view_customer_input,
    require_predicate,
    visible_customers,
)
from rapport.console.forms import focus_first_error
from rapport.console.pagination import paginate
from rapport.console.shortcuts import get_visible
from rapport.customers.models import Customer, PainPoint
from rapport.customers.views.common import save
from rapport.roadmap.forms import ReplanForm, RoadmapItemForm, ShareLinkForm
from rapport.roadmap.models import CustomerInput, InputStatus, ItemStatus, RoadmapItem, ShareLink
from rapport.roadmap.services import items as item_services
from rapport.roadmap.services import sharing
from rapport.roadmap.timeline import TimelineRow, roadmap_timeline
from rapport.roadmap.timeline_text import timeline_text


def _customer(request: AuthenticatedRequest, pk: int) -> Customer:
    return get_visible(visible_customers(request.user), pk, "customer")


# Lazy: the refusal is read in the language of whoever is refused (the 403 page shows it).
_manager = require_predicate(
    can_manage_roadmap, cast(str, gettext_lazy("Only the PMO changes a customer's roadmap."))
)


def _require_manage(request: AuthenticatedRequest) -> None:
    if not can_manage_roadmap(request.user):
        raise PermissionDenied(_("Only the PMO changes a customer's roadmap."))


def _back(customer: Customer) -> str:
    return reverse("roadmap:customer_roadmap", args=[customer.pk])


def timeline_for(items: Any, *, title: str) -> SafeString:
    rows = [
        TimelineRow(
            label=i.title,
            quick_win=i.is_quick_win,
            wave=i.wave,
            build_start=i.build_start,
            build_end=i.build_end,
            adoption_end=i.adoption_end,
            status=i.status,
        )
        for i in items
    ]
    today = timezone.localdate()
    # The drawing and its text alternative (summary and table), both escaped where built.
    return mark_safe(  # noqa: S308
        roadmap_timeline(rows, today=today, title=title)
        + timeline_text(rows, today=today).as_html()
    )


@login_required
def customer_roadmap(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _roadmap_page(request, _customer(request, pk))


def _roadmap_page(
    request: AuthenticatedRequest,
    customer: Customer,
    *,
    share_form: ShareLinkForm | None = None,
    replan_form: ReplanForm | None = None,
    status: int = 200,
) -> HttpResponse:
    """A customer's roadmap; a refused replan or share link comes back bound, as it was sent,
    with each error under its field (400)."""
    show_input = can_view_customer_input(request.user, customer)
    items_qs = (
        RoadmapItem.objects.filter(customer=customer)
        .select_related("service")
        .prefetch_related(Prefetch("pain_points", queryset=PainPoint.objects.order_by("pk")))
        .annotate(
            pending=Count("inputs", filter=Q(inputs__status=InputStatus.PENDING)),
            important=Count("inputs", filter=Q(inputs__kind="important")),
        )
        .order_by("position", "pk")
    )
    page = paginate(request, items_qs)
    active = [i for i in page.object_list if i.status != ItemStatus.DROPPED]
    inputs = None
    if show_input:
        inputs = Paginator(
            CustomerInput.objects.filter(item__customer=customer)
            .select_related("item", "stakeholder", "decided_by")
            .order_by("status", "-created_at", "-pk"),
            settings.RAPPORT_PAGE_SIZE,
        ).get_page(request.GET.get("inputs_page"))
    manage = can_manage_roadmap(request.user)
    if share_form is None:
        share_form = ShareLinkForm(customer=customer)
    if replan_form is None:
        replan_form = ReplanForm()
    links = (
        ShareLink.objects.filter(customer=customer).select_related("stakeholder")[:20]
        if manage
        else []
    )
    return render(
        request,
        "roadmap/customer_roadmap.html",
        {
            "customer": customer,
            "page": page,
            "timeline": timeline_for(
                active, title=_("Roadmap of %(name)s") % {"name": customer.name}
            )
            if active
            else None,
            "inputs": inputs,
            "links": links,
            "can_manage": manage,
            "share_form": share_form if manage else None,
            "untranslated": sharing.untranslated(customer) if manage else [],
            "replan_form": replan_form if manage else None,
            "new_link": request.session.pop(f"roadmap-link-{customer.pk}", None),
        },
        status=status,
    )


def _item_form(
    request: AuthenticatedRequest, customer: Customer, item: RoadmapItem | None
) -> RoadmapItemForm:
    initial = {}
    pain_id = request.GET.get("pain")
    if item is None and pain_id and pain_id.isdigit():
        pain = customer.pain_points.filter(pk=pain_id).first()
        if pain is not None:
            initial = {
                "title": pain.description[:80],
                "outcome": "",
                "pain_points": [pain.pk],
                "pain_relief": pain.severity,
            }
    return RoadmapItemForm(request.POST or None, instance=item, initial=initial, customer=customer)


@login_required
def item_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    _require_manage(request)
    customer = _customer(request, pk)
    form = _item_form(request, customer, None)

    def action(data: dict[str, Any]) -> RoadmapItem:
        data = dict(data)
        pains = data.pop("pain_points")
        return item_services.create_item(customer, by=request.user, pain_points=pains, **data)

    if request.method == "POST":
        item = save(form, action)
        if item:
            messages.success(
                request, _("“%(item)s” added to the roadmap as proposed.") % {"item": item}
            )
            return redirect(_back(customer))
    return render(
        request, "roadmap/item_form.html", {"form": form, "customer": customer, "item": None}
    )


@login_required
def item_edit(request: AuthenticatedRequest, pk: int, iid: int) -> HttpResponse:
    _require_manage(request)
    customer = _customer(request, pk)
    item = get_object_or_404(RoadmapItem, pk=iid, customer=customer)
    form = _item_form(request, customer, RoadmapItem.objects.get(pk=item.pk))

    def action(data: dict[str, Any]) -> dict[str, list[Any]]:
        data = dict(data)
        pains = data.pop("pain_points")
        return item_services.update_item(item, by=request.user, pain_points=pains, **data)

    if request.method == "POST" and save(form, action):
        messages.success(request, _("Changes saved."))
        return redirect(_back(customer))
    return render(
        request, "roadmap/item_form.html", {"form": form, "customer": customer, "item": item}
    )


@login_required
@_manager
@require_POST
def item_status(request: AuthenticatedRequest, pk: int, iid: int) -> HttpResponse:
    customer = _customer(request, pk)
    item = get_object_or_404(RoadmapItem, pk=iid, customer=customer)
    try:
        item_services.change_item_status(item, request.POST.get("status", ""), by=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("“%(item)s” is now %(status)s.")
            % {"item": item, "status": item.get_status_display().lower()},
        )
    return redirect(_back(customer))


@login_required
@_manager
@require_POST
def replan(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    customer = _customer(request, pk)
    form = ReplanForm(request.POST)
    if not form.is_valid():
        messages.error(
            request,
            _("Check the replanning settings: %(errors)s") % {"errors": form.errors.as_text()},
        )
        focus_first_error(form)
        return _roadmap_page(request, customer, replan_form=form, status=400)
    data = form.cleaned_data
    result = item_services.replan_roadmap(
        customer,
        by=request.user,
        start=data["start"],
        cap=data["cap"],
        threshold=data["threshold"] / 100,
    )
    counts = {
        "quick_wins": result.quick_wins,
        "capabilities": result.capabilities,
        "waves": result.waves,
    }
    if result.held_by_adoption:
        done = _(
            "Replanned: %(quick_wins)s quick wins first, %(capabilities)s capabilities in "
            "%(waves)s waves. The first new wave waits for the wave being adopted."
        )
    else:
        done = _(
            "Replanned: %(quick_wins)s quick wins first, %(capabilities)s capabilities in "
            "%(waves)s waves."
        )
    messages.success(request, done % counts)
    return redirect(_back(customer))


@login_required
@_manager
@require_POST
def share_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    customer = _customer(request, pk)
    form = ShareLinkForm(request.POST, customer=customer)
    if not form.is_valid():
        messages.error(
            request, _("Check the link settings: %(errors)s") % {"errors": form.errors.as_text()}
        )
        focus_first_error(form)
        return _roadmap_page(request, customer, share_form=form, status=400)
    link, token = sharing.create_share_link(
        customer,
        by=request.user,
        stakeholder=form.cleaned_data["stakeholder"],
        max_age_days=form.cleaned_data["max_age_days"],
    )
    url = request.build_absolute_uri(reverse("roadmap_public:show", args=[token]))
    request.session[f"roadmap-link-{customer.pk}"] = url
    if form.cleaned_data["send_email"]:
        try:
            sent = sharing.send_share_email(link, url, by=request.user)
        except ValidationError as exc:
            messages.error(
                request,
                _("Link made, but not emailed. %(reason)s") % {"reason": " ".join(exc.messages)},
            )
        else:
            if sent:
                messages.success(
                    request,
                    _("Link emailed to %(name)s.") % {"name": link.stakeholder.name},  # type: ignore[union-attr]
                )
            else:
                messages.error(
                    request, _("Link made, but not emailed: pick a stakeholder with an email.")
                )
    return redirect(_back(customer))


@login_required
@_manager
@require_POST
def share_revoke(request: AuthenticatedRequest, pk: int, lid: int) -> HttpResponse:
    customer = _customer(request, pk)
    link = get_object_or_404(ShareLink, pk=lid, customer=customer)
    sharing.revoke_share_link(link, by=request.user)
    messages.success(request, _("Link turned off. Anyone using it now sees a clear notice."))
    return redirect(_back(customer))


@login_required
@_manager
@require_POST
def input_decide(request: AuthenticatedRequest, pk: int, nid: int) -> HttpResponse:
    customer = _customer(request, pk)
    entry = get_object_or_404(CustomerInput, pk=nid, item__customer=customer)
    try:
        if request.POST.get("decision") == "accept":
            decision = sharing.accept_customer_input(entry, by=request.user)
            if "pain_relief" in decision.changed:
                messages.success(request, _("Accepted. Pain relief updated."))
            else:
                messages.success(request, _("Accepted."))
        else:
            sharing.dismiss_customer_input(entry, by=request.user)
            messages.success(request, _("Set aside."))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return redirect(_back(customer) + "#customer-input")
