"""People who sign in to Rapport's console, and the tokens scripts use for the API."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any, ClassVar

from django.contrib.auth.base_user import BaseUserManager
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """What a person does in the PMO; decides what they may see (see ``permissions``)."""

    PMO_LEAD = "pmo_lead", _("PMO lead")
    PMO_ANALYST = "pmo_analyst", _("PMO analyst")
    PROJECT_MANAGER = "project_manager", _("Project manager")
    EXECUTIVE_SPONSOR = "executive_sponsor", _("Executive sponsor")


class ConsoleLanguage(models.TextChoices):
    """The console's languages: those whose console catalog is complete (docs/i18n.md)."""

    # Each language by its own name, in every language (not translated).
    EN = "en", "English"  # not translated
    FR = "fr", "Français"  # not translated
    DE = "de", "Deutsch"  # not translated
    ES = "es", "Español"  # not translated
    NL = "nl", "Nederlands"  # not translated
    IT = "it", "Italiano"  # not translated
    PT = "pt", "Português"  # not translated


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create(self, email: str, password: str | None, **fields: Any) -> User:
        if not email:
            raise ValueError("A user needs an email address.")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.full_clean(exclude=["password"])
        user.save(using=self._db)
        return user

    def get_by_natural_key(self, username: str | None) -> User:
        # People type their address in any case; addresses are stored in lower case.
        return self.get(email__iexact=username)

    def create_user(self, email: str, password: str | None = None, **fields: Any) -> User:
        fields.setdefault("is_superuser", False)
        return self._create(email, password, **fields)

    def create_superuser(self, email: str, password: str | None = None, **fields: Any) -> User:
        fields["is_superuser"] = True
        fields.setdefault("role", Role.PMO_LEAD)
        return self._create(email, password, **fields)


class User(AbstractUser):
    """A person with a console login. Signs in with their email address."""

    username = None  # type: ignore[assignment]
    first_name = None  # type: ignore[assignment]
    last_name = None  # type: ignore[assignment]
    email = models.EmailField(_("email address"), unique=True)
    full_name = models.CharField(max_length=150, blank=True)
    role = models.CharField(max_length=32, choices=Role.choices, default=Role.PROJECT_MANAGER)
    # The console's language for this person, chosen on their profile page.
    language = models.CharField(
        max_length=5, choices=ConsoleLanguage.choices, default=ConsoleLanguage.EN
    )
    # The emails about their own work this person wants (their profile page): each new
    # early-warning alert they are told of, and the weekly corrective actions due.
    email_alerts = models.BooleanField(default=True)
    email_actions_due = models.BooleanField(default=True)

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    objects = UserManager()  # type: ignore[assignment,misc]

    class Meta:
        ordering = ["full_name", "email"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(role__in=Role.values), name="accounts_user_role_valid"
            )
        ]

    def __str__(self) -> str:
        return self.full_name or self.email

    def save(self, *args: Any, **kwargs: Any) -> None:
        # The Django admin is for PMO leads; staff status follows the role so it never drifts.
        self.email = self.email.lower()
        self.is_staff = self.is_superuser or self.role == Role.PMO_LEAD
        super().save(*args, **kwargs)

    def get_full_name(self) -> str:
        return self.full_name or self.email

    def get_short_name(self) -> str:
        return (self.full_name or self.email).split(" ")[0]

    @property
    def role_label(self) -> str:
        return str(Role(self.role).label)


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class APIToken(models.Model):
    """A secret a script presents as ``Authorization: Bearer …``. Only its hash is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    prefix = models.CharField(
        max_length=12, help_text=_("The first characters, to tell tokens apart.")
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def generate() -> str:
        return "rpt_" + secrets.token_urlsafe(32)
