from __future__ import annotations

from django import forms

from rapport.accounts.models import Role, User
from rapport.portfolio.models import Project


class ProjectForm(forms.ModelForm):
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
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}),
            "end_date": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project_manager"].queryset = User.objects.filter(
            role=Role.PROJECT_MANAGER, is_active=True
        )
        self.fields["sponsor"].queryset = User.objects.filter(
            role=Role.EXECUTIVE_SPONSOR, is_active=True
        )


class ProjectFilterForm(forms.Form):
    q = forms.CharField(required=False, label="Search")
    customer = forms.IntegerField(required=False, widget=forms.HiddenInput)
    delivery_status = forms.ChoiceField(
        required=False,
        choices=[("", "Any delivery status"), *Project._meta.get_field("delivery_status").choices],
    )
    state = forms.ChoiceField(
        required=False,
        choices=[("", "Any state"), *Project._meta.get_field("state").choices],
    )
