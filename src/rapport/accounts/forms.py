"""Forms for people: inviting a colleague, changing a role, and "Forgot your password?"."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django import forms
from django.contrib.auth.forms import PasswordResetForm
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from rapport.accounts.models import Role, User


class SetPasswordLinkForm(PasswordResetForm):
    """ "Forgot your password?" for every active user, including those who never chose a
    password (invited, or made with ``rapport create-user --no-password``).

    Django's own form skips accounts without a usable password, because elsewhere those may sign
    in through another system; in Rapport every account signs in with a password, and a
    set-password link is how one without a password gets one.
    """

    def get_users(self, email: str) -> Iterator[User]:
        return iter(User.objects.filter(email__iexact=email.strip(), is_active=True))

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        # In the person's own console language (signed out, the request's is English).
        with override(getattr(context.get("user"), "language", None) or "en"):
            super().send_mail(
                subject_template_name,
                email_template_name,
                context,
                from_email,
                to_email,
                html_email_template_name,
            )


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("Email address"))
    full_name = forms.CharField(label=_("Name"), max_length=150)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.PROJECT_MANAGER)


class RoleForm(forms.Form):
    role = forms.ChoiceField(choices=Role.choices, label=_("Role"))
