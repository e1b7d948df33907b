"""Forms for people: inviting a colleague, changing a role, and "Forgot your password?"."""

from __future__ import annotations

from collections.abc import Iterator

from django import forms
from django.contrib.auth.forms import PasswordResetForm

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


class InviteForm(forms.Form):
    email = forms.EmailField(label="Email address")
    full_name = forms.CharField(label="Name", max_length=150)
    role = forms.ChoiceField(choices=Role.choices, initial=Role.PROJECT_MANAGER)


class RoleForm(forms.Form):
    role = forms.ChoiceField(choices=Role.choices)
