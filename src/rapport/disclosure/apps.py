from django.apps import AppConfig


class DisclosureConfig(AppConfig):
    name = "rapport.disclosure"
    label = "disclosure"
    verbose_name = "Disclosure control"
