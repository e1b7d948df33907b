from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from rapport.accounts.models import Role, User
from rapport.console.forms import TextRules
from rapport.customers.models import Stakeholder
from rapport.portfolio.models import Project


class ProjectForm(TextRules, forms.ModelForm):
    class Meta:
        model = Project
        fields = [
            "name",
            "code",
            "customer",
            "project_manager",
            "sponsor",
            "state",
            "phase",
            "start_date",
            "end_date",
            "delivery_status",
            "complexity",
            "novelty",
            "size_band",
            "customer_groups",
            "site",
        ]
        # The model's field names, capitalised, in the reader's language.
        labels = {
            "name": _("Name"),
            "code": _("Code"),
            "customer": _("Customer"),
            "project_manager": _("Project manager"),
            "sponsor": _("Sponsor"),
            "state": _("State"),
            "phase": _("Phase"),
            "start_date": _("Start date"),
            "end_date": _("End date"),
            "delivery_status": _("Delivery status"),
            "complexity": _("Complexity"),
            "novelty": _("Novelty"),
            "size_band": _("Size band"),
            "customer_groups": _("Customer groups"),
            "site": _("Site"),
        }
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}),
            "end_date": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Active people in the role, plus whoever holds the post now (even if since deactivated
        # or given another role), so editing a project never fails on a field nobody touched.
        for field, role in (
            ("project_manager", Role.PROJECT_MANAGER),
            ("sponsor", Role.EXECUTIVE_SPONSOR),
        ):
            current = getattr(self.instance, f"{field}_id", None)
            cast(forms.ModelChoiceField, self.fields[field]).queryset = User.objects.filter(
                Q(role=role, is_active=True) | Q(pk=current)
            )
        managers = cast(forms.ModelChoiceField, self.fields["project_manager"]).queryset
        if managers is not None and not managers.exists():
            self.fields["project_manager"].help_text = gettext(
                "Nobody has the project manager role yet: the PMO lead invites them under People."
            )


class FeedbackGiverForm(TextRules, forms.Form):
    """Link one of the customer's stakeholders, not yet linked, to a project."""

    stakeholder = forms.ModelChoiceField(
        label=_("Stakeholder"), queryset=Stakeholder.objects.none()
    )
    role_on_project = forms.CharField(
        label=_("Role on the project"), max_length=100, required=False
    )

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["stakeholder"]).queryset = (
            Stakeholder.objects.filter(customer_id=project.customer_id, is_active=True)
            .exclude(memberships__project=project)
            .order_by("name")
        )


class ProjectFilterForm(TextRules, forms.Form):
    q = forms.CharField(required=False, label=_("Search"))
    customer = forms.IntegerField(required=False, widget=forms.HiddenInput, label=_("Customer"))
    delivery_status = forms.ChoiceField(
        required=False,
        label=_("Delivery status"),
        choices=[
            ("", _("Any delivery status")),
            *Project._meta.get_field("delivery_status").choices,  # type: ignore[misc]
        ],
    )
    state = forms.ChoiceField(
        required=False,
        label=_("State"),
        choices=[("", _("Any state")), *Project._meta.get_field("state").choices],  # type: ignore[misc]
    )
