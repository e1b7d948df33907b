from django.apps import AppConfig


class CharterConfig(AppConfig):
    name = "rapport.charter"
    label = "charter"
    verbose_name = "Partnership charters"
