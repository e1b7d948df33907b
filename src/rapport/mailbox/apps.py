from django.apps import AppConfig


class MailboxConfig(AppConfig):
    name = "rapport.mailbox"
    label = "mailbox"
    verbose_name = "Demo mailbox"
