from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    name = "rapport.ops"
    label = "ops"
    verbose_name = _("Operations")

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from rapport.ops.sqlite import use_wal

        connection_created.connect(use_wal, dispatch_uid="rapport.ops.sqlite.use_wal")
