from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "rapport.ops"
    label = "ops"
    verbose_name = "Operations"

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from rapport.ops.sqlite import use_wal

        connection_created.connect(use_wal, dispatch_uid="rapport.ops.sqlite.use_wal")
