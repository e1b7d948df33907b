from django.apps import AppConfig


class PlainLanguageConfig(AppConfig):
    name = "rapport.plainlanguage"
    label = "plainlanguage"
    verbose_name = "Plain language and glossary"
