from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "rapport.imports"
    label = "imports"
    verbose_name = "Imports"

    def ready(self) -> None:
        # Each app declares its import kinds in an ``importers`` module (like admin.py).
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("importers")
