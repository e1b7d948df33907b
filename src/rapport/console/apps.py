from django.apps import AppConfig


class ConsoleConfig(AppConfig):
    name = "rapport.console"
    label = "console"
    verbose_name = "Console"
